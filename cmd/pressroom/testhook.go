package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// testPauseVar names the environment variable of the test-only pause hook.
// It exists for the crash tests (crash_test.go), which kill the binary at
// chosen instants of a run; it is not for production use and not part of
// the documented interface.
//
// PRESSROOM_TEST_PAUSE=POINT:N[,POINT:N…] makes the Nth page that reaches
// POINT stop there: "extract" (before extraction), "put" (before the
// release is handed to the index) or "ack" (after the index acknowledged
// the release, before the crawl state records it). The run prints
//
//	pressroom-test: paused at POINT N URL
//
// on stderr and waits for a line on standard input, then goes on; with no
// input to read it waits until it is killed.
const testPauseVar = "PRESSROOM_TEST_PAUSE"

// testPause implements ingest.Hook.
type testPause struct {
	stderr io.Writer
	stdin  *bufio.Reader
	mu     sync.Mutex
	at     map[string]int // point → the count to stop at
	seen   map[string]int
}

func parseTestPause(spec string, stdin io.Reader, stderr io.Writer) (*testPause, error) {
	if spec == "" {
		return nil, nil
	}
	h := &testPause{stderr: stderr, at: map[string]int{}, seen: map[string]int{}}
	if stdin != nil {
		h.stdin = bufio.NewReader(stdin)
	}
	for _, part := range strings.Split(spec, ",") {
		point, n, ok := strings.Cut(strings.TrimSpace(part), ":")
		k, err := strconv.Atoi(n)
		if !ok || err != nil || k < 1 {
			return nil, usageErrorf("%s=%q: want POINT:N (extract, put or ack), e.g. extract:3", testPauseVar, spec)
		}
		switch point {
		case "extract", "put", "ack":
		default:
			return nil, usageErrorf("%s: unknown point %q (extract, put or ack)", testPauseVar, point)
		}
		h.at[point] = k
	}
	return h, nil
}

// At implements ingest.Hook.
func (h *testPause) At(point, url string) {
	h.mu.Lock()
	h.seen[point]++
	n := h.seen[point]
	stop := h.at[point] == n
	h.mu.Unlock()
	if !stop {
		return
	}
	fmt.Fprintf(h.stderr, "pressroom-test: paused at %s %d %s\n", point, n, url)
	if h.stdin != nil {
		if _, err := h.stdin.ReadString('\n'); err == nil {
			return
		}
	}
	for {
		time.Sleep(time.Hour)
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServe runs `pressroom serve` over an ingested data directory, asks
// the API, and stops it the way Ctrl-C does: by cancelling its context.
func TestServe(t *testing.T) {
	data := t.TempDir()
	if r := run(t, nil, "ingest", "--data", data, releases); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr lockedWriter
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log", "json"},
			Env{Stdin: strings.NewReader(""), Stdout: outW, Stderr: &stderr})
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (%s)", err, stderr.String())
	}
	go io.Copy(io.Discard, outR)
	m := regexp.MustCompile(`http://[0-9.:]+/`).FindString(line)
	if m == "" {
		t.Fatalf("stdout %q names no URL", line)
	}
	getJSON := func(path string, v any) int {
		t.Helper()
		resp, err := http.Get(m + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return resp.StatusCode
	}
	var health struct {
		Status   string `json:"status"`
		Releases int    `json:"releases"`
	}
	if code := getJSON("/healthz", &health); code != 200 || health.Releases != releaseCount(t) {
		t.Errorf("healthz %d %+v", code, health)
	}
	var res struct {
		Total int `json:"total"`
	}
	if code := getJSON("/api/search?partner="+url.QueryEscape("川崎市"), &res); code != 200 || res.Total != 1 {
		t.Errorf("search %d %+v", code, res)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after Ctrl-C; want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), `"uri":"/healthz"`) {
		t.Errorf("requests not logged as JSON:\n%s", stderr.String())
	}
}

func TestServeUsage(t *testing.T) {
	if r := run(t, nil, "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"); r.code != exitFailure || !strings.Contains(r.stderr, "no index") {
		t.Errorf("serve without an index: %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "serve", "extra"); r.code != exitUsage {
		t.Errorf("serve with an argument: %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "serve", "--log", "xml"); r.code != exitUsage {
		t.Errorf("serve --log xml: %d %s", r.code, r.stderr)
	}
}

// lockedWriter lets the server's goroutines log while the test reads.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

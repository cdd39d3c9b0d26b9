package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/fixtures"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// The tests in this file run the real binary as a subprocess, the way
// cron, a CronJob or a person runs it, and kill it with SIGKILL.

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds cmd/pressroom once per test process.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "pressroom-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "pressroom")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// crashSite serves fixtures/site. The first request for block is held
// until the client goes away (the process is killed); arrived is closed
// when it comes. Later requests for it are answered.
type crashSite struct {
	srv     *httptest.Server
	block   string
	arrived chan struct{}
	once    sync.Once
}

func newCrashSite(t *testing.T, block string) *crashSite {
	t.Helper()
	sub, err := fs.Sub(fixtures.FS, "site")
	if err != nil {
		t.Fatal(err)
	}
	s := &crashSite{block: block, arrived: make(chan struct{})}
	files := http.FileServerFS(sub)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if block != "" && r.URL.Path == block {
			first := false
			s.once.Do(func() {
				first = true
				close(s.arrived)
			})
			if first {
				<-r.Context().Done()
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// siteConfig writes a pressroom.yaml crawling the site's list pages.
func siteConfig(t *testing.T, base string) string {
	t.Helper()
	cfg := fmt.Sprintf(`sources:
  - name: site
    kind: list
    url: %s/index.html
    links: "ul.news-list li a"
    next: "a.next"
    date: "time"
    rate: 100
    allow_private_networks: true
`, base)
	path := filepath.Join(t.TempDir(), "pressroom.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// proc is a running pressroom.
type proc struct {
	cmd    *exec.Cmd
	stdout strings.Builder
	stdin  io.WriteCloser
	lines  chan string // stderr, line by line
	mu     sync.Mutex
	stderr strings.Builder
	done   chan struct{}
}

func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary(t), args...), lines: make(chan string, 256), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout = &p.stdout
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	errPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.done)
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		close(p.lines)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
	})
	return p
}

// waitLine waits for a stderr line matching re.
func (p *proc) waitLine(t *testing.T, re *regexp.Regexp, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("process ended before printing %s:\n%s", re, p.errText())
			}
			if re.MatchString(l) {
				return l
			}
		case <-deadline:
			t.Fatalf("no line matching %s within %s:\n%s", re, timeout, p.errText())
		}
	}
}

func (p *proc) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// wait waits for the process and returns its exit status.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	_ = p.stdin.Close()
	err := p.cmd.Wait()
	<-p.done
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
	<-p.done
}

var (
	anOnce sync.Once
	an     *ja.Analyzer
)

func analyzer(t *testing.T) *ja.Analyzer {
	t.Helper()
	anOnce.Do(func() {
		var err error
		if an, err = newAnalyzer(); err != nil {
			panic(err)
		}
	})
	return an
}

// indexed is what the index in a data directory holds: each release's
// JSON by its URL's path (without the time it was fetched, and with the
// test server's address, which differs from run to run, taken out), and
// answers to a few searches. Ids are checked to be what the URLs make.
type indexed struct {
	releases map[string]string
	ids      map[string]string // id → path
	count    int
	searches map[string][]string
	facets   string
}

func readIndex(t *testing.T, data, base string) indexed {
	t.Helper()
	ctx := context.Background()
	st, err := blevestore.Open(ctx, indexDir(data), analyzer(t), blevestore.Config{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	out := indexed{releases: map[string]string{}, searches: map[string][]string{}, ids: map[string]string{}}
	if out.count, err = st.Count(ctx); err != nil {
		t.Fatal(err)
	}
	all, err := st.Search(ctx, index.Query{Size: 100, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range all.Hits {
		rel, err := st.Get(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(rel.URL, base)
		if _, dup := out.releases[path]; dup {
			t.Errorf("release %s found twice", path)
		}
		if sum := sha256.Sum256([]byte(rel.URL)); rel.ID != h.ID || h.ID != hex.EncodeToString(sum[:]) {
			t.Errorf("release %s has id %s (hit %s), not its URL's", rel.URL, rel.ID, h.ID)
		}
		rel.FetchedAt, rel.ID = "", ""
		b, _ := json.Marshal(rel)
		out.releases[path] = strings.ReplaceAll(string(b), base, "SITE")
		out.ids[h.ID] = path
	}
	if len(all.Hits) != all.Total {
		t.Errorf("match-all: %d hits of %d", len(all.Hits), all.Total)
	}
	f, _ := json.Marshal(all.Facets)
	out.facets = string(f)
	for _, q := range []string{"覚書", "大学", "連携協定"} {
		res, err := st.Search(ctx, index.Query{Text: q, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			out.searches[q] = append(out.searches[q], out.ids[h.ID])
		}
	}
	return out
}

// checkConsistent checks the crawl state and the archive against the
// index: every release indexed is recorded as indexed, with its page
// archived, and nothing is left pending or failed.
func checkConsistent(t *testing.T, data string, want indexed) {
	t.Helper()
	ctx := context.Background()
	st, err := state.Open(ctx, statePath(data))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	ar, err := archive.Open(ctx, archivePath(data))
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close(ctx)
	ids := map[string]bool{}
	err = st.Each(ctx, func(r state.Record) error {
		switch r.Status {
		case state.Indexed:
			if _, ok := want.ids[r.ID]; !ok {
				t.Errorf("state says %s indexed as %s, the index has no such release", r.URL, r.ID)
			}
			if ids[r.ID] {
				t.Errorf("two records say release %s", r.ID)
			}
			ids[r.ID] = true
			if ok, _ := ar.Has(ctx, r.URL); !ok {
				t.Errorf("%s indexed but not archived", r.URL)
			}
		case state.Pending, state.Failed:
			t.Errorf("%s left %s (%s)", r.URL, r.Status, r.Error)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(want.releases) {
		t.Errorf("state records %d indexed releases, want %d", len(ids), len(want.releases))
	}
	if b, _ := st.Backlog(ctx); sum(b.Queued)+sum(b.Failed) != 0 {
		t.Errorf("backlog left: %+v", b)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestKillAndRestart kills `pressroom ingest` with SIGKILL at chosen
// points of a crawl of fixtures/site — while a request is in flight, while
// a page is extracted, while releases are handed to the index, after the
// index acknowledged a release and before the crawl state recorded it —
// and at random instants, restarts it, and finds every release indexed
// exactly once, as a clean run indexes it, with the crawl state and the
// archive agreeing with the index.
func TestKillAndRestart(t *testing.T) {
	binary(t)
	clean := newCrashSite(t, "")
	cleanData := t.TempDir()
	t0 := time.Now()
	p := start(t, nil, "ingest", "--config", siteConfig(t, clean.srv.URL), "--data", cleanData, "--json")
	if code := p.wait(t); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, p.errText())
	}
	cleanTook := time.Since(t0)
	want := readIndex(t, cleanData, clean.srv.URL)
	if len(want.releases) != 10 || want.count != 10 {
		t.Fatalf("clean run indexed %d releases (count %d), want the site's 10", len(want.releases), want.count)
	}
	checkConsistent(t, cleanData, want)

	type killPoint struct {
		name  string
		block string        // a request held until the kill
		pause string        // PRESSROOM_TEST_PAUSE
		after time.Duration // a random instant
	}
	points := []killPoint{
		{name: "fetch-release-page1", block: "/news/2024/0308-minato-city.html"},
		{name: "fetch-list-page2", block: "/page2.html"},
		{name: "fetch-release-page2", block: "/news/2024/0118-minato-univ.html"},
		{name: "extract-1", pause: "extract:1"},
		{name: "extract-4", pause: "extract:4"},
		{name: "extract-8", pause: "extract:8"},
		{name: "index-put-3", pause: "put:3"},
		{name: "index-ack-1", pause: "ack:1"},
		{name: "index-ack-6", pause: "ack:6"},
		{name: "index-ack-10", pause: "ack:10"},
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	for i := range 3 {
		d := time.Duration(rng.Int64N(int64(cleanTook)))
		points = append(points, killPoint{name: fmt.Sprintf("random-%d", i+1), after: d})
	}
	t.Logf("clean run took %s; random instants from seed %d", cleanTook.Round(time.Millisecond), seed)
	marker := regexp.MustCompile(`^pressroom-test: paused at `)

	for _, kp := range points {
		t.Run(kp.name, func(t *testing.T) {
			t.Parallel()
			site := newCrashSite(t, kp.block)
			cfg := siteConfig(t, site.srv.URL)
			data := t.TempDir()
			var env []string
			if kp.pause != "" {
				env = append(env, testPauseVar+"="+kp.pause)
			}
			p := start(t, env, "ingest", "--config", cfg, "--data", data, "--json")
			switch {
			case kp.block != "":
				select {
				case <-site.arrived:
				case <-time.After(20 * time.Second):
					t.Fatalf("%s never requested:\n%s", kp.block, p.errText())
				}
				p.kill(t)
			case kp.pause != "":
				line := p.waitLine(t, marker, 20*time.Second)
				url := strings.Fields(line)[len(strings.Fields(line))-1]
				p.kill(t)
				if strings.HasPrefix(kp.pause, "extract") {
					// Archived before extraction, not indexed: the next run
					// must read it again.
					ctx := context.Background()
					ar, err := archive.Open(ctx, archivePath(data))
					if err != nil {
						t.Fatal(err)
					}
					if ok, _ := ar.Has(ctx, url); !ok {
						t.Errorf("%s not archived before extraction", url)
					}
					_ = ar.Close(ctx)
				}
			default:
				time.Sleep(kp.after)
				p.kill(t)
			}
			t.Logf("killed: %s", strings.TrimSpace(lastLine(p.errText())))

			again := start(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
			if code := again.wait(t); code != 0 {
				t.Fatalf("restart: exit %d\n%s\n%s", code, again.stdout.String(), again.errText())
			}
			var s jsonSummary
			if err := json.Unmarshal([]byte(again.stdout.String()), &s); err != nil {
				t.Fatalf("restart summary: %v\n%s", err, again.stdout.String())
			}
			if s.Totals["failed"] != 0 || s.Totals["pending"] != 0 {
				t.Errorf("restart: %v", s.Totals)
			}
			got := readIndex(t, data, site.srv.URL)
			if got.count != 10 || len(got.releases) != 10 {
				t.Errorf("after restart: %d documents, %d releases; want 10 each", got.count, len(got.releases))
			}
			for path, rel := range want.releases {
				if got.releases[path] != rel {
					t.Errorf("release %s differs from the clean run's:\n got %.300s\nwant %.300s", path, got.releases[path], rel)
				}
			}
			if !reflect.DeepEqual(got.searches, want.searches) || got.facets != want.facets {
				t.Errorf("searches differ from the clean run's:\n got %v %s\nwant %v %s", got.searches, got.facets, want.searches, want.facets)
			}
			checkConsistent(t, data, got)
		})
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// TestTwoRunsAtOnce starts two runs on one data directory: the first,
// held at a pause, has the lock; the second exits with status 4 and names
// the first (its pid and command) and since when; the first then goes on
// and indexes everything.
func TestTwoRunsAtOnce(t *testing.T) {
	t.Parallel()
	site := newCrashSite(t, "")
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	first := start(t, []string{testPauseVar + "=extract:1"}, "ingest", "--config", cfg, "--data", data, "--json")
	first.waitLine(t, regexp.MustCompile(`^pressroom-test: paused at extract 1 `), 20*time.Second)

	second := start(t, nil, "ingest", "--config", cfg, "--data", data)
	if code := second.wait(t); code != exitLocked {
		t.Fatalf("second run: exit %d, want %d\n%s", code, exitLocked, second.errText())
	}
	msg := second.errText()
	for _, want := range []string{
		"data directory is locked by another run",
		fmt.Sprintf("pid %d", first.cmd.Process.Pid),
		"pressroom ingest --config",
		"since " + time.Now().UTC().Format("2006-01-02T"),
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("second run's message lacks %q:\n%s", want, msg)
		}
	}
	if second.stdout.String() != "" {
		t.Errorf("second run printed a summary: %s", second.stdout.String())
	}

	if _, err := io.WriteString(first.stdin, "\n"); err != nil { // go on
		t.Fatal(err)
	}
	if code := first.wait(t); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, first.errText())
	}
	var s jsonSummary
	if err := json.Unmarshal([]byte(first.stdout.String()), &s); err != nil || s.Totals["new"] != 10 {
		t.Errorf("first run: %v %s", err, first.stdout.String())
	}
}

// TestSIGTERMStopsGracefully: SIGTERM while a request hangs abandons the
// fetch, indexes and records the pages already read, prints the summary,
// records the run as interrupted and exits 1; the next run finishes the
// job. A second signal, while the run cannot finish (held at a pause),
// aborts at once with 128+15.
func TestSIGTERMStopsGracefully(t *testing.T) {
	t.Parallel()
	site := newCrashSite(t, "/news/2024/0118-minato-univ.html")
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	p := start(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	select {
	case <-site.arrived:
	case <-time.After(20 * time.Second):
		t.Fatalf("never requested:\n%s", p.errText())
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	if code := p.wait(t); code != exitFailure {
		t.Errorf("interrupted run: exit %d, want %d\n%s", code, exitFailure, p.errText())
	}
	t.Logf("stopped in %s", time.Since(stopped))
	if d := time.Since(stopped); d > 10*time.Second {
		t.Errorf("took %s to stop", d)
	}
	if !strings.Contains(p.errText(), "interrupted: the releases read so far are indexed and recorded") {
		t.Errorf("stderr: %s", p.errText())
	}
	var s jsonSummary
	if err := json.Unmarshal([]byte(p.stdout.String()), &s); err != nil {
		t.Fatalf("no summary printed: %v\n%s", err, p.stdout.String())
	}
	if s.Totals["new"] < 5 || s.Totals["failed"] != 0 || s.Totals["pending"] != 0 {
		t.Errorf("interrupted run's totals: %v (page 1's five releases were read before the hang)", s.Totals)
	}
	got := readIndex(t, data, site.srv.URL)
	if got.count != s.Totals["new"] {
		t.Errorf("index holds %d releases, the summary says %d new", got.count, s.Totals["new"])
	}
	st := status(t, data)
	if len(st.Runs) != 1 || st.Runs[0].Outcome != "interrupted" || st.Runs[0].Totals["new"] != s.Totals["new"] {
		t.Errorf("recorded runs: %+v", st.Runs)
	}
	if st.Failed.Total != 0 {
		t.Errorf("an interrupted run left failures: %+v", st.Failed)
	}
	again := start(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	if code := again.wait(t); code != 0 {
		t.Fatalf("next run: exit %d\n%s", code, again.errText())
	}
	if got := readIndex(t, data, site.srv.URL); got.count != 10 {
		t.Errorf("after the next run: %d releases", got.count)
	}

	// A run that cannot finish: the second SIGTERM aborts it.
	held := start(t, []string{testPauseVar + "=extract:1"}, "ingest", "--config", cfg, "--data", t.TempDir())
	held.waitLine(t, regexp.MustCompile(`^pressroom-test: paused`), 20*time.Second)
	_ = held.cmd.Process.Signal(syscall.SIGTERM)
	held.waitLine(t, regexp.MustCompile(`stopping`), 10*time.Second)
	_ = held.cmd.Process.Signal(syscall.SIGTERM)
	if code := held.wait(t); code != 128+int(syscall.SIGTERM) {
		t.Errorf("second SIGTERM: exit %d, want %d\n%s", code, 128+int(syscall.SIGTERM), held.errText())
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/fixtures"
)

// staticSite copies fixtures/site to a folder and serves it with a plain
// static file server (Last-Modified, If-Modified-Since, no ETag), as
// `python3 -m http.server` would.
func staticSite(t *testing.T) (dir string, srv *httptest.Server) {
	t.Helper()
	sub, err := fs.Sub(fixtures.FS, "site")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return dir, srv
}

// exampleConfig writes pressroom.example.yaml with its local base URL
// replaced by base, plus extra YAML appended to its sources.
func exampleConfig(t *testing.T, base, extra string) string {
	t.Helper()
	b, err := os.ReadFile("../../pressroom.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "http://127.0.0.1:8000", base)
	if !strings.Contains(text, base+"/index.html") {
		t.Fatal("pressroom.example.yaml no longer has the local entries at http://127.0.0.1:8000")
	}
	path := filepath.Join(t.TempDir(), "pressroom.yaml")
	if err := os.WriteFile(path, []byte(text+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type jsonSummary struct {
	Sources []struct {
		Name     string         `json:"name"`
		Counts   map[string]int `json:"counts"`
		Failures []struct {
			URL, Stage, Reason string
		} `json:"failures"`
		Ignored []struct {
			URL, Stage, Reason string
		} `json:"ignored"`
	} `json:"sources"`
	Totals map[string]int `json:"totals"`
}

func decodeSummary(t *testing.T, r result) jsonSummary {
	t.Helper()
	var s jsonSummary
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s%s", err, r.stdout, r.stderr)
	}
	return s
}

func (s jsonSummary) counts(name string) map[string]int {
	for _, src := range s.Sources {
		if src.Name == name {
			return src.Counts
		}
	}
	return nil
}

// TestIngestSourcesJSON: `pressroom ingest --json` over the example
// config's local entries, served by a plain static file server, reports
// each source's counts.
func TestIngestSourcesJSON(t *testing.T) {
	_, srv := staticSite(t)
	cfg := exampleConfig(t, srv.URL, `
  - name: local-gone
    kind: feed
    url: `+srv.URL+`/no-such-feed.xml
    allow_private_networks: true
`)
	data := t.TempDir()
	args := []string{"ingest", "--config", cfg, "--data", data, "--json",
		"--source", "local-list", "--source", "local-feed", "--source", "local-sitemap", "--source", "local-gone"}
	r := run(t, nil, args...)
	if r.code != exitPartial {
		t.Fatalf("exit %d, want %d (the missing feed fails)\n%s%s", r.code, exitPartial, r.stdout, r.stderr)
	}
	s := decodeSummary(t, r)
	for _, key := range []string{"discovered", "fetched", "not_modified", "new", "updated", "unchanged", "failed"} {
		if _, ok := s.Totals[key]; !ok {
			t.Errorf("summary lacks %q: %s", key, r.stdout)
		}
	}
	// The sources run side by side and share the releases: which source
	// reads which release varies, each is read once.
	if tot := s.Totals; tot["new"] != 10 || tot["failed"] != 1 || tot["disallowed"] != 1 || tot["unsupported"] != 1 || tot["new"]+tot["skipped"] != 30 {
		t.Errorf("totals = %v", tot)
	}
	want := map[string]map[string]int{
		"local-list":    {"discovered": 12, "failed": 0, "disallowed": 1, "unsupported": 1},
		"local-feed":    {"discovered": 10, "failed": 0},
		"local-sitemap": {"discovered": 10, "failed": 0},
		"local-gone":    {"discovered": 0, "failed": 1},
	}
	for name, w := range want {
		got := s.counts(name)
		for k, v := range w {
			if got[k] != v {
				t.Errorf("%s: %s = %d, want %d (%v)", name, k, got[k], v, got)
			}
		}
	}
	gone := s.Sources[3]
	if len(gone.Failures) != 1 || !strings.Contains(gone.Failures[0].Reason, "404") {
		t.Errorf("local-gone failures = %+v", gone.Failures)
	}
	if list := s.Sources[0]; len(list.Ignored) != 2 {
		t.Errorf("local-list ignored = %+v", list.Ignored)
	}

	// Again: the static server answers 304 to If-Modified-Since.
	r = run(t, nil, args[:len(args)-2]...)
	if r.code != 0 {
		t.Fatalf("second run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s = decodeSummary(t, r)
	if s.Totals["new"]+s.Totals["updated"] != 0 || s.Totals["fetched"] != 0 || s.counts("local-feed")["not_modified"] != 10 {
		t.Errorf("second run: %s", r.stdout)
	}
	if c := s.counts("local-list"); c["skipped"] != 5 || c["read"] != 1 {
		t.Errorf("second run, local-list: %v (page 1's known releases are older than the mark)", c)
	}

	// The text summary says the same for people.
	r = run(t, nil, "ingest", "--config", cfg, "--data", data, "--source", "local-list", "--full")
	for _, want := range []string{"local-list: read 12, fetched 0, not modified 10", "disallowed by robots.txt 1", "unsupported 1", "nothing changed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text summary lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
}

// TestExampleConfigWithPythonServer runs the README's recipe: python's
// http.server in fixtures/site and the example config's local entries.
func TestExampleConfigWithPythonServer(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, py, "-m", "http.server", fmt.Sprint(port), "--bind", "127.0.0.1", "--directory", "../../fixtures/site")
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		cancel()
		t.Skipf("start python3: %v", err)
	}
	defer func() {
		cancel()
		_ = cmd.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/robots.txt")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("python3 http.server did not come up: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cfg := exampleConfig(t, base, "")
	data := t.TempDir()
	r := run(t, nil, "ingest", "--config", cfg, "--data", data, "--json", "--source", "local-list", "--source", "local-sitemap")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s := decodeSummary(t, r)
	if c, tot := s.counts("local-list"), s.Totals; tot["new"] != 10 || c["disallowed"] != 1 || c["unsupported"] != 1 || c["discovered"] != 12 {
		t.Errorf("local-list via python: %v, totals %v", c, tot)
	}
	r = run(t, nil, "ingest", "--config", cfg, "--data", data, "--json", "--source", "local-feed")
	s = decodeSummary(t, r)
	if c := s.counts("local-feed"); r.code != 0 || c["not_modified"] != 10 || c["fetched"] != 0 {
		t.Errorf("local-feed after the list, via python: exit %d, %v", r.code, c)
	}
}

func TestIngestWithoutSources(t *testing.T) {
	r := run(t, nil, "ingest", "--data", t.TempDir())
	if r.code != exitUsage || !strings.Contains(r.stderr, "pressroom.example.yaml") {
		t.Errorf("no paths, no pressroom.yaml: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, nil, "ingest", "--data", t.TempDir(), "--config", filepath.Join(t.TempDir(), "none.yaml"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "none.yaml") {
		t.Errorf("missing --config file: exit %d\n%s", r.code, r.stderr)
	}
	cfg := exampleConfig(t, "http://127.0.0.1:8000", "")
	r = run(t, nil, "ingest", "--data", t.TempDir(), "--config", cfg, "--source", "nope")
	if r.code != exitUsage || !strings.Contains(r.stderr, `no source named nope`) || !strings.Contains(r.stderr, "local-list") {
		t.Errorf("unknown --source: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, nil, "ingest", "--data", t.TempDir(), "--source", "x", releases)
	if r.code != exitUsage {
		t.Errorf("paths and --source: exit %d", r.code)
	}
}

// TestIngestDirSource: a dir source reads its path relative to the config
// file, like `pressroom ingest PATH`.
func TestIngestDirSource(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "saved"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"link-j-kawasaki-2018-08-31.html", "sakuragaoka-city-2018-01-16.html"} {
		copyFile(t, filepath.Join(releases, f), filepath.Join(dir, "saved", f))
	}
	cfg := filepath.Join(dir, "pressroom.yaml")
	if err := os.WriteFile(cfg, []byte("sources:\n  - name: saved\n    kind: dir\n    path: saved\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	r := run(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	s := decodeSummary(t, r)
	if r.code != 0 || s.counts("saved")["new"] != 2 || s.counts("saved")["discovered"] != 2 {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	// Files are archived too.
	if st, err := os.Stat(filepath.Join(data, "archive.db")); err != nil || st.Size() == 0 {
		t.Errorf("archive.db: %v", err)
	}
}

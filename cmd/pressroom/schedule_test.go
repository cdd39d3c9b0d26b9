package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// logLines is a JSON log written by a command running in process, read
// line by line as it comes.
type logLines struct {
	w     *io.PipeWriter
	lines chan map[string]any
	bad   chan string
}

func newLogLines() *logLines {
	r, w := io.Pipe()
	l := &logLines{w: w, lines: make(chan map[string]any, 1000), bad: make(chan string, 10)}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				l.bad <- sc.Text()
				continue
			}
			l.lines <- m
		}
	}()
	return l
}

// next returns the next line whose msg is msg, checking every line on the
// way: a JSON object with time, level and msg.
func (l *logLines) next(t *testing.T, msg string) map[string]any {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m := <-l.lines:
			if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(m["time"])); err != nil {
				t.Errorf("log line without a time: %v", m)
			}
			if lv := fmt.Sprint(m["level"]); lv != "INFO" && lv != "WARN" && lv != "ERROR" && lv != "DEBUG" {
				t.Errorf("log line without a level: %v", m)
			}
			if m["msg"] == msg {
				return m
			}
		case b := <-l.bad:
			t.Errorf("log line is not JSON: %s", b)
		case <-deadline:
			t.Fatalf("no %q log line", msg)
		}
	}
}

// scrape reads /metrics and parses the exposition format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mf, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return mf
}

// value returns the value of the series of family name with the given
// labels (a counter, a gauge, or a histogram's count).
func value(t *testing.T, mf map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	f := mf[name]
	if f == nil {
		t.Errorf("no metric %s", name)
		return -1
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, lp := range m.Label {
				if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	t.Errorf("no series %s%v", name, labels)
	return -1
}

// TestIngestEveryMetricsAndJSONLogs runs `pressroom ingest --every` over
// the fixture site with JSON logs and a metrics address: each log line is
// a JSON object with time, level, msg and the run's fields; /metrics after
// the first run counts what it did. Between two runs the lock is free: a
// manual run goes through. Ctrl-C (ctx) stops it with status 0.
func TestIngestEveryMetricsAndJSONLogs(t *testing.T) {
	site := newCrashSite(t, "")
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	logs := newLogLines()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout lockedWriter
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"ingest", "--config", cfg, "--data", data, "--every", "1h",
			"--metrics-addr", "127.0.0.1:0", "--log-format", "json"},
			Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: logs.w, Getenv: func(string) string { return "" }})
		logs.w.Close()
	}()
	addr := fmt.Sprint(logs.next(t, "serving metrics")["addr"])
	started := logs.next(t, "run started")
	runID := fmt.Sprint(started["run"])
	if !regexp.MustCompile(`^\d{8}T\d{6}Z-[0-9a-f]{6}$`).MatchString(runID) {
		t.Errorf("run id %q", runID)
	}
	src := logs.next(t, "source finished")
	if src["run"] != runID || src["source"] != "site" || src["new"] != 10.0 || src["disallowed"] != 1.0 {
		t.Errorf("source finished: %v", src)
	}
	fin := logs.next(t, "run finished")
	if fin["run"] != runID || fin["outcome"] != "ok" || fin["new"] != 10.0 || fin["failed"] != 0.0 || fin["duration"] == nil {
		t.Errorf("run finished: %v", fin)
	}

	mf := scrape(t, "http://"+addr+"/metrics")
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"pressroom_ingest_releases_total", []string{"source", "site", "outcome", "new"}, 10},
		{"pressroom_ingest_releases_total", []string{"source", "site", "outcome", "disallowed"}, 1},
		{"pressroom_ingest_releases_total", []string{"source", "site", "outcome", "unsupported"}, 1},
		{"pressroom_ingest_fetched_total", []string{"source", "site"}, 10},
		{"pressroom_ingest_stage_duration_seconds", []string{"stage", "index"}, 10},
		{"pressroom_ingest_stage_duration_seconds", []string{"stage", "extract"}, 10},
		{"pressroom_ingest_runs_total", []string{"outcome", "ok"}, 1},
		{"pressroom_ingest_runs_total", []string{"outcome", "failed"}, 0},
		{"pressroom_ingest_run_duration_seconds", nil, 1},
		{"pressroom_ingest_pending_items", []string{"source", "site"}, 0},
		{"pressroom_ingest_failed_items", []string{"source", "site"}, 0},
		{"pressroom_ingest_running", nil, 0},
	}
	for _, c := range checks {
		if got := value(t, mf, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// robots.txt, two list pages, ten releases and a PDF, each one request.
	if got := value(t, mf, "pressroom_fetch_duration_seconds", "result", "ok"); got < 13 {
		t.Errorf("fetch latency observations = %v, want at least 13", got)
	}
	if ts := value(t, mf, "pressroom_ingest_last_success_timestamp_seconds", "source", "site"); time.Since(time.Unix(int64(ts), 0)) > time.Minute {
		t.Errorf("last success %v", ts)
	}

	// The lock is held per run, not across the sleep: a manual run now
	// goes through, and finds nothing new.
	r := run(t, nil, "ingest", "--config", cfg, "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Errorf("manual run between scheduled ones: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(stdout.String(), "indexed 10 new") {
		t.Errorf("--every prints each run's summary: %q", stdout.String())
	}

	cancel()
	if stopped := logs.next(t, "stopped"); stopped["runs"] != 1.0 {
		t.Errorf("stopped: %v", stopped)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("--every stopped by a signal returned %v, want nil (status 0)", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("--every did not stop")
	}
}

// TestServeIngestEvery runs `pressroom serve --ingest-every` on the
// embedded index: the one open index serves searches and takes the
// scheduled runs' writes; /metrics on the same address counts them; a
// separate `pressroom ingest` is turned away with status 4 and a message
// that says who holds the index and what to do instead.
func TestServeIngestEvery(t *testing.T) {
	site := newCrashSite(t, "")
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	logs := newLogLines()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log-format", "json",
			"--ingest-every", "30m", "--config", cfg},
			Env{Stdin: strings.NewReader(""), Stdout: outW, Stderr: logs.w, Getenv: func(string) string { return "" }})
		outW.Close()
		logs.w.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, outR)
	base := regexp.MustCompile(`http://[0-9.:]+/`).FindString(line)
	fin := logs.next(t, "run finished")
	if fin["outcome"] != "ok" || fin["new"] != 10.0 {
		t.Errorf("run finished: %v", fin)
	}
	var health struct{ Releases int }
	resp, err := http.Get(base + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health.Releases != 10 {
		t.Errorf("healthz after the first run: %d releases, want 10", health.Releases)
	}
	mf := scrape(t, base+"metrics")
	if got := value(t, mf, "pressroom_ingest_releases_total", "source", "site", "outcome", "new"); got != 10 {
		t.Errorf("serve /metrics: new = %v", got)
	}

	r := run(t, nil, "ingest", "--config", cfg, "--data", data)
	if r.code != exitLocked {
		t.Errorf("separate ingest while serve runs: exit %d, want %d\n%s", r.code, exitLocked, r.stderr)
	}
	for _, want := range []string{"held open by", "serve --data", "--ingest-every", "serve --ingest-every 30m", "Elasticsearch"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, r.stderr)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	// Stopped, serve holds nothing: an ingest now goes through.
	if r := run(t, nil, "ingest", "--config", cfg, "--data", data); r.code != 0 {
		t.Errorf("ingest after serve stopped: exit %d\n%s", r.code, r.stderr)
	}
}

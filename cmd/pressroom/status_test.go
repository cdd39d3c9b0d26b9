package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/pressroom-ja/pressroom/fixtures"
)

// changingSite serves fixtures/site; one release can be made to answer
// 404, and the list pages can stop linking it.
type changingSite struct {
	srv    *httptest.Server
	broken atomic.Bool // the release answers 404
	gone   atomic.Bool // the list pages no longer link it
}

func newChangingSite(t *testing.T, release string) *changingSite {
	t.Helper()
	sub, err := fs.Sub(fixtures.FS, "site")
	if err != nil {
		t.Fatal(err)
	}
	s := &changingSite{}
	files := http.FileServerFS(sub)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/"+release && s.broken.Load():
			http.NotFound(w, r)
		case (r.URL.Path == "/index.html" || r.URL.Path == "/page2.html") && s.gone.Load():
			b, err := fs.ReadFile(sub, strings.TrimPrefix(r.URL.Path, "/"))
			if err != nil {
				t.Error(err)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(strings.ReplaceAll(string(b), `<a href="`+release+`">`, `<a>`)))
		default:
			files.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

type statusJSON struct {
	Runs []struct {
		Outcome string         `json:"outcome"`
		Totals  map[string]int `json:"totals"`
	} `json:"runs"`
	Sources []struct {
		Name        string `json:"name"`
		LastSuccess string `json:"last_success"`
		Pending     int    `json:"pending"`
		Failed      int    `json:"failed"`
	} `json:"sources"`
	Failed struct {
		Total  int `json:"total"`
		Groups []struct {
			Stage, Reason string
			Count         int
		} `json:"groups"`
		Newest []struct {
			URL, Source, Status, Stage, Reason string
			Failures                           int
			Retry                              bool
		} `json:"newest"`
	} `json:"failed"`
	Pending struct {
		Total  int `json:"total"`
		Newest []struct {
			URL   string
			Retry bool
		} `json:"newest"`
	} `json:"pending"`
}

func status(t *testing.T, data string) statusJSON {
	t.Helper()
	r := run(t, nil, "status", "--data", data, "--json")
	if r.code != 0 {
		t.Fatalf("status: exit %d\n%s", r.code, r.stderr)
	}
	var s statusJSON
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	return s
}

// TestStatusAndRetry: a release that fails shows up in `pressroom status`
// with its reason; once no list page links it any more, a run does not
// read it again by itself, but after `pressroom retry` the next run does,
// and indexes it.
func TestStatusAndRetry(t *testing.T) {
	const release = "news/2024/0308-minato-city.html"
	site := newChangingSite(t, release)
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	if r := run(t, nil, "status", "--data", data); r.code != exitFailure || !strings.Contains(r.stderr, "nothing has been ingested") {
		t.Errorf("status before any run: exit %d %s", r.code, r.stderr)
	}

	site.broken.Store(true)
	r := run(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	if r.code != exitPartial {
		t.Fatalf("first run: exit %d, want %d\n%s%s", r.code, exitPartial, r.stdout, r.stderr)
	}
	s := status(t, data)
	if len(s.Runs) != 1 || s.Runs[0].Outcome != "partial" || s.Runs[0].Totals["new"] != 9 || s.Runs[0].Totals["failed"] != 1 {
		t.Errorf("runs: %+v", s.Runs)
	}
	if s.Failed.Total != 1 || len(s.Failed.Groups) != 1 || s.Failed.Groups[0].Count != 1 || s.Failed.Groups[0].Stage != "fetch" ||
		!strings.Contains(s.Failed.Groups[0].Reason, "404 Not Found") {
		t.Errorf("failed: %+v", s.Failed)
	}
	if len(s.Failed.Newest) != 1 || s.Failed.Newest[0].URL != site.srv.URL+"/"+release || s.Failed.Newest[0].Source != "site" {
		t.Errorf("failed releases: %+v", s.Failed.Newest)
	}
	if len(s.Sources) != 1 || s.Sources[0].Failed != 1 || s.Sources[0].LastSuccess != "" {
		t.Errorf("sources: %+v", s.Sources)
	}
	text := run(t, nil, "status", "--data", data).stdout
	for _, want := range []string{"partial", "Failed releases: 1", "fetch: HTTP error 404 Not Found", release, "pressroom retry"} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}

	// The release is back, but no list page links it any more: a run does
	// not find it.
	site.broken.Store(false)
	site.gone.Store(true)
	r = run(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	if r.code != 0 || decodeSummary(t, r).Totals["new"] != 0 {
		t.Fatalf("second run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if s := status(t, data); s.Failed.Total != 1 {
		t.Errorf("still failed after a run that does not see it: %+v", s.Failed)
	}

	if r := run(t, nil, "retry", "--data", data, "https://example.com/never-seen"); r.code != exitUsage || !strings.Contains(r.stderr, "not in the crawl state") {
		t.Errorf("retry of an unknown URL: exit %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "retry", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "re-queued 1 releases (site 1)") {
		t.Fatalf("retry: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s = status(t, data)
	if s.Pending.Total != 1 || !s.Pending.Newest[0].Retry || s.Sources[0].Pending != 1 {
		t.Errorf("after retry: pending %+v, sources %+v", s.Pending, s.Sources)
	}

	r = run(t, nil, "ingest", "--config", cfg, "--data", data, "--json")
	if r.code != 0 || decodeSummary(t, r).Totals["new"] != 1 {
		t.Fatalf("run after retry: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s = status(t, data)
	if s.Failed.Total != 0 || s.Pending.Total != 0 || s.Sources[0].Failed != 0 || s.Sources[0].LastSuccess == "" {
		t.Errorf("after the run: failed %+v, pending %+v, sources %+v", s.Failed, s.Pending, s.Sources)
	}
	if first := firstResult(run(t, nil, "search", "--data", data, "みなと観光協会").stdout); !strings.Contains(first, "港町市") {
		t.Errorf("the retried release is not searchable: %q", first)
	}
	if r := run(t, nil, "retry", "--data", data); !strings.Contains(r.stdout, "nothing to retry") {
		t.Errorf("retry with nothing failed: %s", r.stdout)
	}
}

// TestRetryNow: `pressroom retry --now` runs the re-queued releases at once.
func TestRetryNow(t *testing.T) {
	const release = "news/2024/0214-tsubasa-logi.html"
	site := newChangingSite(t, release)
	cfg := siteConfig(t, site.srv.URL)
	data := t.TempDir()
	site.broken.Store(true)
	if r := run(t, nil, "ingest", "--config", cfg, "--data", data); r.code != exitPartial {
		t.Fatalf("first run: exit %d\n%s", r.code, r.stderr)
	}
	site.broken.Store(false)
	site.gone.Store(true)
	r := run(t, nil, "retry", "--data", data, "--config", cfg, "--now", "--json", site.srv.URL+"/"+release)
	if r.code != 0 || !strings.Contains(r.stdout, "running them now") || !strings.Contains(r.stdout, `"new":1`) {
		t.Fatalf("retry --now: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if s := status(t, data); s.Failed.Total != 0 || s.Pending.Total != 0 {
		t.Errorf("after retry --now: %+v %+v", s.Failed, s.Pending)
	}
}

// TestSchedulingDocs: the CronJob manifest forbids overlapping runs and
// runs `pressroom ingest`; the crontab line is there; `pressroom help`
// documents the exit statuses.
func TestSchedulingDocs(t *testing.T) {
	b, err := os.ReadFile("../../docs/cronjob.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cj struct {
		Kind string
		Spec struct {
			ConcurrencyPolicy string `yaml:"concurrencyPolicy"`
			JobTemplate       struct {
				Spec struct {
					Template struct {
						Spec struct {
							Containers []struct {
								Args []string
							}
						}
					}
				}
			} `yaml:"jobTemplate"`
		}
	}
	if err := yaml.Unmarshal(b, &cj); err != nil {
		t.Fatal(err)
	}
	cs := cj.Spec.JobTemplate.Spec.Template.Spec.Containers
	if cj.Kind != "CronJob" || cj.Spec.ConcurrencyPolicy != "Forbid" || len(cs) != 1 || len(cs[0].Args) == 0 || cs[0].Args[0] != "ingest" {
		t.Errorf("docs/cronjob.yaml: %+v", cj)
	}
	md, err := os.ReadFile("../../docs/cron.md")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\*/30 +\* +\* +\* +\* +.*pressroom ingest`).Match(md) {
		t.Error("docs/cron.md has no crontab line running pressroom ingest")
	}
	help := run(t, nil, "help").stdout
	for _, want := range []string{"status", "retry", "--every", "3    partial failure", "4    another run holds", "130, 143"} {
		if !strings.Contains(help, want) {
			t.Errorf("pressroom help lacks %q", want)
		}
	}
}

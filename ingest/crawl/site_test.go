package crawl_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/fixtures"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/crawl"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

var shared = sync.OnceValues(func() (*extract.Extractor, error) {
	an, err := ja.New(ipa.Dict())
	if err != nil {
		return nil, err
	}
	return extract.New(an), nil
})

// releasePaths are the fixture site's ten releases.
var releasePaths = []string{
	"/news/2024/0315-kaiun-univ.html", "/news/2024/0308-minato-city.html", "/news/2024/0301-asahigaoka-bank.html",
	"/news/2024/0222-hamakaze-foods.html", "/news/2024/0214-tsubasa-logi.html", "/news/2024/0205-aozora-pharma.html",
	"/news/2024/0126-kamogawa-ai.html", "/news/2024/0118-minato-univ.html", "/news/2024/0110-shirasagi-energy.html",
	"/news/2023/1220-nishikaze-sports.html",
}

// site serves fixtures/site like a static server that sends ETags, and
// counts on its side what it was asked.
type site struct {
	t   *testing.T
	srv *httptest.Server

	mu   sync.Mutex
	fs   fstest.MapFS
	hits []siteHit
}

type siteHit struct {
	path        string
	conditional bool
	status      int
}

func newSite(t *testing.T) *site {
	t.Helper()
	sub, err := fs.Sub(fixtures.FS, "site")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, fs: m}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

var types = map[string]string{
	".html": "text/html", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".pdf": "application/pdf",
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f, ok := s.fs[name]
	var data []byte
	if ok {
		data = f.Data
	}
	s.mu.Unlock()
	cond := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
	status := http.StatusOK
	defer func() {
		s.mu.Lock()
		s.hits = append(s.hits, siteHit{r.URL.Path, cond, status})
		s.mu.Unlock()
	}()
	if !ok {
		status = http.StatusNotFound
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		status = http.StatusNotModified
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", types[path.Ext(name)])
	_, _ = w.Write(data)
}

func (s *site) set(name string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fs[name] = &fstest.MapFile{Data: data}
}

func (s *site) get(name string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fs[name].Data
}

// take returns the hits since the last call.
func (s *site) take() []siteHit {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = nil
	return h
}

func count(hits []siteHit, p string) int {
	n := 0
	for _, h := range hits {
		if h.path == p {
			n++
		}
	}
	return n
}

type rig struct {
	x   *extract.Extractor
	idx *blevestore.Store
	st  *state.Store
	ar  *archive.Store
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	x, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := state.Open(ctx, filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	ar, err := archive.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := blevestore.Open(ctx, filepath.Join(dir, "index.bleve"), x.Analyzer(), blevestore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = idx.Close(ctx)
		_ = ar.Close(ctx)
		_ = st.Close(ctx)
	})
	return &rig{x, idx, st, ar}
}

func fastFetch(st *state.Store) fetch.Config {
	return fetch.Config{Interval: 2 * time.Millisecond, BackoffBase: 50 * time.Millisecond, Timeout: 2 * time.Second, ConnectTimeout: time.Second, Robots: st}
}

// crawlRun runs the given sources (URLs relative to base) once.
func (r *rig) crawlRun(t *testing.T, ctx context.Context, fc fetch.Config, base string, cfgs ...crawl.Config) (*ingest.Summary, error) {
	t.Helper()
	f, err := fetch.New(fc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close(ctx)
	visited := crawl.NewVisited()
	var sources []ingest.Source
	for _, c := range cfgs {
		c.URLs = append([]string(nil), c.URLs...)
		for i, u := range c.URLs {
			c.URLs[i] = base + u
		}
		c.Visited = visited
		src, err := crawl.New(c, f, r.st, r.ar)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	run := &ingest.Runner{Extractor: r.x, Index: r.idx, State: r.st, Archive: r.ar, Workers: 2}
	return run.Run(ctx, sources...)
}

func (r *rig) crawl(t *testing.T, base string, cfgs ...crawl.Config) *ingest.Summary {
	t.Helper()
	sum, err := r.crawlRun(t, context.Background(), fastFetch(r.st), base, cfgs...)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

var (
	listCfg    = crawl.Config{Name: "site-list", Kind: crawl.List, URLs: []string{"/index.html"}, Links: "ul.news-list a", Next: "a.next", Date: "time", AllowPrivate: true}
	feedCfg    = crawl.Config{Name: "site-feed", Kind: crawl.Feed, URLs: []string{"/feed.xml"}, AllowPrivate: true}
	sitemapCfg = crawl.Config{Name: "site-sitemap", Kind: crawl.Sitemap, URLs: []string{"/sitemap.xml"}, Pattern: regexp.MustCompile(`/news/`), AllowPrivate: true}
)

func source(sum *ingest.Summary, name string) ingest.Counts {
	for _, s := range sum.Sources {
		if s.Name == name {
			return s.Counts
		}
	}
	return ingest.Counts{}
}

// TestCrawlSite crawls the fixture newsroom over HTTP three times: all
// new, nothing changed, one release changed.
func TestCrawlSite(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	ctx := context.Background()

	sum := r.crawl(t, s.srv.URL, listCfg, feedCfg, sitemapCfg)
	hits := s.take()
	tot := sum.Totals
	t.Logf("run 1: %+v", tot)
	if tot.New != 10 || tot.Failed != 0 || tot.Updated != 0 || tot.Pending != 0 {
		t.Fatalf("run 1 totals = %+v\n%+v", tot, sum.Sources)
	}
	if n, _ := r.idx.Count(ctx); n != 10 {
		t.Fatalf("index holds %d releases, want 10", n)
	}
	for _, p := range releasePaths {
		if n := count(hits, p); n != 1 {
			t.Errorf("%s requested %d times in run 1, want once", p, n)
		}
	}
	for _, h := range hits {
		if strings.HasPrefix(h.path, "/private/") {
			t.Errorf("disallowed %s was requested", h.path)
		}
	}
	if n := count(hits, "/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times", n)
	}
	l := source(sum, "site-list")
	if l.Discovered != 12 || l.New != 10 || l.Disallowed != 1 || l.Unsupported != 1 || l.Fetched != 10 {
		t.Errorf("list counts = %+v", l)
	}
	if fc, sc := source(sum, "site-feed"), source(sum, "site-sitemap"); fc.Discovered != 10 || fc.Skipped != 10 || sc.Discovered != 10 || sc.Skipped != 10 {
		t.Errorf("feed %+v, sitemap %+v: both should find the ten releases the list already read", fc, sc)
	}
	// Ids are canonical URLs: no tracking parameters, rel=canonical wins.
	for _, p := range []string{"/news/2024/0301-asahigaoka-bank.html", "/news/2024/0205-aozora-pharma.html", "/news/2024/0214-tsubasa-logi.html"} {
		rel, err := r.idx.Get(ctx, extract.ID(s.srv.URL+p))
		if err != nil {
			t.Errorf("release %s not under its canonical id: %v", p, err)
			continue
		}
		if rel.Published == nil || rel.Title == "" {
			t.Errorf("%s: %+v", p, rel)
		}
	}
	if n, _ := r.ar.Len(ctx); n != 10 {
		t.Errorf("archive holds %d pages, want 10", n)
	}

	// Run 2: nothing changed. Every request is conditional and answered 304.
	sum = r.crawl(t, s.srv.URL, listCfg, feedCfg, sitemapCfg)
	hits = s.take()
	tot = sum.Totals
	t.Logf("run 2: %+v; %d requests", tot, len(hits))
	if tot.New+tot.Updated != 0 || tot.Failed != 0 || tot.Fetched != 0 || sum.Changed() {
		t.Errorf("run 2 totals = %+v", tot)
	}
	if len(hits) == 0 {
		t.Fatal("run 2 sent no requests")
	}
	for _, h := range hits {
		if !h.conditional || h.status != http.StatusNotModified {
			t.Errorf("run 2: %s conditional=%v status %d", h.path, h.conditional, h.status)
		}
	}
	if n, _ := r.idx.Count(ctx); n != 10 {
		t.Errorf("index holds %d after run 2", n)
	}

	// Run 3: a release on page 2 is corrected on the server.
	const changed = "news/2023/1220-nishikaze-sports.html"
	s.set(changed, []byte(strings.Replace(string(s.get(changed)), "少年サッカー大会", "少年少女サッカー大会", 1)))
	sum = r.crawl(t, s.srv.URL, listCfg, feedCfg, sitemapCfg)
	hits = s.take()
	tot = sum.Totals
	t.Logf("run 3: %+v", tot)
	if tot.Updated != 1 || tot.New != 0 || tot.Failed != 0 {
		t.Errorf("run 3 totals = %+v", tot)
	}
	if n, _ := r.idx.Count(ctx); n != 10 {
		t.Errorf("index holds %d after the update, want 10 (same id)", n)
	}
	rel, err := r.idx.Get(ctx, extract.ID(s.srv.URL+"/"+changed))
	if err != nil || !strings.Contains(rel.Body, "少年少女サッカー大会") {
		t.Errorf("updated release: %v", err)
	}
	if n := count(hits, "/"+changed); n != 1 {
		t.Errorf("changed release requested %d times", n)
	}
}

// TestListStopsAtKnown: a list without dates stops paginating at a page of
// known releases; a new release on page 1 is found without walking page 2.
func TestListStopsAtKnown(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	cfg := listCfg
	cfg.Date = ""
	sum := r.crawl(t, s.srv.URL, cfg)
	hits := s.take()
	if sum.Totals.New != 10 || count(hits, "/page2.html") != 1 {
		t.Fatalf("run 1: %+v, page2 requested %d times", sum.Totals, count(hits, "/page2.html"))
	}
	sum = r.crawl(t, s.srv.URL, cfg)
	hits = s.take()
	if count(hits, "/page2.html") != 0 {
		t.Error("run 2 walked on to page 2 although page 1 held only known releases")
	}
	if c := sum.Totals; c.NotModified != 5 || c.New+c.Updated != 0 {
		t.Errorf("run 2: %+v (page 1's five releases re-checked)", c)
	}

	// A new release on top of page 1: without dates the crawl cannot tell
	// whether page 2 holds more, so it looks, and stops there because
	// page 2 holds only known releases.
	addRelease(t, s, "2024-03-22")
	sum = r.crawl(t, s.srv.URL, cfg)
	hits = s.take()
	if c := sum.Totals; c.New != 1 || count(hits, "/page2.html") != 1 || count(hits, "/news/2024/0322-new.html") != 1 {
		t.Errorf("new release: %+v, page2 %d", c, count(hits, "/page2.html"))
	}
	sum = r.crawl(t, s.srv.URL, cfg)
	if hits = s.take(); count(hits, "/page2.html") != 0 || sum.Totals.New != 0 {
		t.Errorf("after the new release: %+v, page2 %d", sum.Totals, count(hits, "/page2.html"))
	}
}

// addRelease puts a new release on the server, first on page 1.
func addRelease(t *testing.T, s *site, date string) {
	t.Helper()
	page := strings.Replace(string(s.get("news/2024/0315-kaiun-univ.html")), "洋上風力発電の保守技術", "港湾クレーンの遠隔操作技術", -1)
	s.set("news/2024/0322-new.html", []byte(page))
	idx := string(s.get("index.html"))
	item := `<li class="news-item"><time datetime="` + date + `">` + date + `</time><a href="news/2024/0322-new.html">港湾クレーンの遠隔操作技術に関する共同研究</a></li>`
	s.set("index.html", []byte(strings.Replace(idx, `<ul class="news-list">`, `<ul class="news-list">`+"\n"+item, 1)))
}

// TestListHighWaterMark: with list dates, known releases older than the
// mark are not requested at all, and Full re-checks everything.
func TestListHighWaterMark(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	r.crawl(t, s.srv.URL, listCfg)
	s.take()
	mark, ok, _ := r.st.Mark(context.Background(), listCfg.Name)
	if !ok || mark.Date != "2024-03-20" {
		t.Fatalf("mark = %+v", mark)
	}
	addRelease(t, s, "2024-03-22")
	sum := r.crawl(t, s.srv.URL, listCfg)
	hits := s.take()
	var asked []string
	for _, h := range hits {
		asked = append(asked, h.path)
	}
	sort.Strings(asked)
	want := []string{"/index.html", "/news/2024/0322-new.html"}
	if strings.Join(asked, " ") != strings.Join(want, " ") {
		t.Errorf("requests = %v, want %v", asked, want)
	}
	if c := sum.Totals; c.New != 1 || c.Skipped != 5 || c.Disallowed != 1 {
		t.Errorf("totals = %+v", c)
	}
	full := listCfg
	full.Full = true
	sum = r.crawl(t, s.srv.URL, full)
	hits = s.take()
	if c := sum.Totals; c.NotModified != 11 || count(hits, "/page2.html") != 1 {
		t.Errorf("full: %+v, page2 %d", c, count(hits, "/page2.html"))
	}
}

// TestCrawlEachKind: the feed and the sitemap alone each find the ten
// releases.
func TestCrawlEachKind(t *testing.T) {
	s := newSite(t)
	for _, cfg := range []crawl.Config{feedCfg, sitemapCfg} {
		t.Run(cfg.Name, func(t *testing.T) {
			r := newRig(t)
			sum := r.crawl(t, s.srv.URL, cfg)
			if c := sum.Totals; c.New != 10 || c.Failed != 0 || c.Discovered != 10 {
				t.Errorf("%s: %+v %+v", cfg.Name, c, sum.Sources[0].Failures)
			}
		})
	}
}

// TestNoPrivateWithoutOptIn: the same site without allow_private_networks
// is refused and reported.
func TestNoPrivateWithoutOptIn(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	cfg := listCfg
	cfg.AllowPrivate = false
	sum := r.crawl(t, s.srv.URL, cfg)
	if len(s.take()) != 0 {
		t.Error("the loopback server was reached")
	}
	f := sum.Sources[0].Failures
	if len(f) != 1 || !strings.Contains(f[0].Reason, "allow_private_networks") {
		t.Errorf("failures = %+v", f)
	}
}

// TestTransientFailures: 503 twice then 200, 429 with Retry-After: 1, and
// a server that never answers, among good releases.
func TestTransientFailures(t *testing.T) {
	page, err := fs.ReadFile(fixtures.FS, "site/news/2024/0315-kaiun-univ.html")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := fs.ReadFile(fixtures.FS, "site/news/2023/1220-nishikaze-sports.html")
	var mu sync.Mutex
	arrivals := map[string][]time.Time{}
	n := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html><body><ul class="news-list">
<li><a href="/flaky.html">a</a></li><li><a href="/throttled.html">b</a></li><li><a href="/hang.html">c</a></li><li><a href="/ok.html">d</a></li>
</ul></body></html>`))
	})
	serve := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(body)
		}
	}
	seen := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		return n[p]
	}
	mux.HandleFunc("/flaky.html", func(w http.ResponseWriter, r *http.Request) {
		if seen("/flaky.html") <= 2 {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		serve(page)(w, r)
	})
	mux.HandleFunc("/throttled.html", func(w http.ResponseWriter, r *http.Request) {
		if seen("/throttled.html") == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		serve([]byte(strings.Replace(string(page), "洋上風力発電", "港湾設備", -1)))(w, r)
	})
	mux.HandleFunc("/hang.html", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/ok.html", serve(other))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n[r.URL.Path]++
		arrivals[r.URL.Path] = append(arrivals[r.URL.Path], time.Now())
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	r := newRig(t)
	fc := fastFetch(r.st)
	fc.Timeout = 500 * time.Millisecond
	fc.Retries = 2
	fc.BackoffBase = 100 * time.Millisecond
	start := time.Now()
	sum, err := r.crawlRun(t, context.Background(), fc, srv.URL, crawl.Config{Name: "edge", Kind: crawl.List, URLs: []string{"/news/"}, Links: "ul.news-list a", AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	c := sum.Totals
	mu.Lock()
	defer mu.Unlock()
	gaps := func(p string) []time.Duration {
		var g []time.Duration
		for i := 1; i < len(arrivals[p]); i++ {
			g = append(g, arrivals[p][i].Sub(arrivals[p][i-1]).Round(time.Millisecond))
		}
		return g
	}
	t.Logf("503,503,200 gaps %v; 429 Retry-After:1 gap %v; never-answering: %d attempts; run took %v", gaps("/flaky.html"), gaps("/throttled.html"), n["/hang.html"], time.Since(start).Round(time.Millisecond))
	if c.New != 3 || c.Failed != 1 {
		t.Fatalf("totals = %+v, failures %+v", c, sum.Sources[0].Failures)
	}
	f := sum.Sources[0].Failures[0]
	if !strings.HasSuffix(f.URL, "/hang.html") || f.Stage != "fetch" || !strings.Contains(f.Reason, "timeout") {
		t.Errorf("failure = %+v", f)
	}
	if g := gaps("/flaky.html"); len(g) != 2 || g[0] < 50*time.Millisecond || g[1] < 100*time.Millisecond {
		t.Errorf("503 retries not backed off: %v", g)
	}
	if g := gaps("/throttled.html"); len(g) != 1 || g[0] < 990*time.Millisecond {
		t.Errorf("Retry-After: 1 not honoured: %v", g)
	}
	if n["/hang.html"] != 3 {
		t.Errorf("never-answering page tried %d times, want 3", n["/hang.html"])
	}
}

// TestDeadlineAbortsCrawl: a crawl of a server that hangs stops at the
// context's deadline.
func TestDeadlineAbortsCrawl(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/news/" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<ul class="l"><li><a href="/a.html">a</a></li><li><a href="/b.html">b</a></li></ul>`))
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	}))
	defer srv.Close()
	r := newRig(t)
	fc := fastFetch(r.st)
	fc.Timeout = 30 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.crawlRun(t, ctx, fc, srv.URL, crawl.Config{Name: "hang", Kind: crawl.List, URLs: []string{"/news/"}, Links: "ul.l a", AllowPrivate: true})
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if took > 2*time.Second {
		t.Errorf("crawl took %v after a 400ms deadline", took)
	}
	t.Logf("aborted after %v", took.Round(time.Millisecond))
}

// TestReindexFromArchive: after a crawl, everything is extracted again
// into a fresh index from the archive, with the site gone.
func TestReindexFromArchive(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	r.crawl(t, s.srv.URL, listCfg)
	s.srv.Close()
	ctx := context.Background()
	fresh, err := blevestore.Open(ctx, filepath.Join(t.TempDir(), "v2.bleve"), r.x.Analyzer(), blevestore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close(ctx)
	sum, err := ingest.Reindex(ctx, r.ar, r.x, fresh, r.st, ingest.ReindexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Totals; c.Read != 10 || c.Failed != 0 || c.New+c.Updated != 10 {
		t.Errorf("reindex totals = %+v", c)
	}
	if n, _ := fresh.Count(ctx); n != 10 {
		t.Errorf("fresh index holds %d", n)
	}
	if len(sum.Sources) != 1 || sum.Sources[0].Name != listCfg.Name {
		t.Errorf("sources = %+v", sum.Sources)
	}
}

// TestSourcesInParallel: two newsrooms on two hosts are crawled side by
// side, each at its own host's pace.
func TestSourcesInParallel(t *testing.T) {
	a, b := newSite(t), newSite(t)
	r := newRig(t)
	fc := fastFetch(r.st)
	fc.Interval = 100 * time.Millisecond
	f, err := fetch.New(fc)
	if err != nil {
		t.Fatal(err)
	}
	var sources []ingest.Source
	for i, s := range []*site{a, b} {
		c := listCfg
		c.Name = []string{"a", "b"}[i]
		c.URLs = []string{s.srv.URL + "/index.html"}
		src, err := crawl.New(c, f, r.st, r.ar)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	start := time.Now()
	run := &ingest.Runner{Extractor: r.x, Index: r.idx, State: r.st, Archive: r.ar, Parallel: 2, Workers: 2}
	sum, err := run.Run(context.Background(), sources...)
	took := time.Since(start)
	if err != nil || sum.Totals.New != 20 {
		t.Fatalf("run: %v, %+v", err, sum.Totals)
	}
	ha, hb := a.take(), b.take()
	t.Logf("two hosts, %d and %d requests at 100ms spacing each: %v", len(ha), len(hb), took.Round(time.Millisecond))
	if serial := time.Duration(len(ha)+len(hb)-2) * 100 * time.Millisecond; took > serial*3/4 {
		t.Errorf("took %v, about as long as one after the other (%v)", took, serial)
	}
}

// TestSourceSelectors: a source's article selectors reach the extractor.
func TestSourceSelectors(t *testing.T) {
	s := newSite(t)
	r := newRig(t)
	cfg := feedCfg
	cfg.Selectors = &extract.Selectors{Title: "p.subtitle"} // only one release has it
	if sum := r.crawl(t, s.srv.URL, cfg); sum.Totals.New != 10 {
		t.Fatalf("totals = %+v", sum.Totals)
	}
	ctx := context.Background()
	rel, err := r.idx.Get(ctx, extract.ID(s.srv.URL+"/news/2024/0315-kaiun-univ.html"))
	if err != nil || !strings.Contains(rel.Title, "ドローンと水中ロボット") {
		t.Errorf("selected title = %q, %v", rel.Title, err)
	}
	other, err := r.idx.Get(ctx, extract.ID(s.srv.URL+"/news/2024/0301-asahigaoka-bank.html"))
	if err != nil || other.Title != "朝日丘銀行と港町商工会議所、事業承継支援に関する覚書を締結" {
		t.Errorf("a page the selector misses keeps the generic title: %q, %v", other.Title, err)
	}
}

package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

// recorder counts what a test server was asked, on the server's side.
type recorder struct {
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	path string
	at   time.Time
	hdr  http.Header
}

func (r *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.hits = append(r.hits, hit{req.URL.RequestURI(), time.Now(), req.Header.Clone()})
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	})
}

func (r *recorder) count(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, h := range r.hits {
		if h.path == path {
			n++
		}
	}
	return n
}

func (r *recorder) times(path string) []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ts []time.Time
	for _, h := range r.hits {
		if path == "" || h.path == path {
			ts = append(ts, h.at)
		}
	}
	return ts
}

func gaps(ts []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(ts); i++ {
		out = append(out, ts[i].Sub(ts[i-1]))
	}
	return out
}

func serve(t *testing.T, h http.Handler) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	s := httptest.NewServer(rec.wrap(h))
	t.Cleanup(s.Close)
	return s, rec
}

// fast is a config for tests: short waits, private addresses allowed per
// request.
func fast() Config {
	return Config{Interval: time.Millisecond, BackoffBase: 20 * time.Millisecond, Timeout: 2 * time.Second, ConnectTimeout: time.Second}
}

func newFetcher(t *testing.T, cfg Config) *Fetcher {
	t.Helper()
	f, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close(context.Background()) })
	return f
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

func TestRetry503ThenOK(t *testing.T) {
	n := 0
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/news/1.html", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		if k <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		html("<html><body>ok</body></html>")(w, r)
	})
	srv, rec := serve(t, mux)
	cfg := fast()
	cfg.BackoffBase = 200 * time.Millisecond
	f := newFetcher(t, cfg)
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/news/1.html", AllowPrivate: true})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if resp.Status != 200 || resp.Attempts != 3 || string(resp.Body) != "<html><body>ok</body></html>" {
		t.Fatalf("resp = %+v", resp)
	}
	g := gaps(rec.times("/news/1.html"))
	t.Logf("503, 503, 200: server-side gaps %v, client waited %v", g, resp.Waited)
	// Backoff 200ms then 400ms, each within ±50% jitter.
	if len(g) != 2 || g[0] < 100*time.Millisecond || g[1] < 200*time.Millisecond {
		t.Errorf("retries not backed off: gaps %v", g)
	}
	if resp.Waited < 300*time.Millisecond {
		t.Errorf("Waited = %v", resp.Waited)
	}
}

func TestRetryAfter429(t *testing.T) {
	n := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/news/2.html", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		html("<html><body>ok</body></html>")(w, r)
	})
	srv, rec := serve(t, mux)
	f := newFetcher(t, fast())
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/news/2.html", AllowPrivate: true})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	g := gaps(rec.times("/news/2.html"))
	t.Logf("429 Retry-After: 1, then 200: server-side gap %v, client waited %v", g, resp.Waited)
	if resp.Attempts != 2 || len(g) != 1 || g[0] < 990*time.Millisecond || g[0] > 1500*time.Millisecond {
		t.Errorf("Retry-After: 1 not honoured: attempts %d, gaps %v", resp.Attempts, g)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	srv, rec := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back tomorrow", http.StatusServiceUnavailable)
	}))
	f := newFetcher(t, fast())
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/a", AllowPrivate: true})
	if !errors.Is(err, ErrRetryAfter) || rec.count("/a") != 1 {
		t.Fatalf("err = %v, requests %d", err, rec.count("/a"))
	}
	// The host is paused: the next request fails at once, unsent.
	_, err = f.Fetch(context.Background(), Request{URL: srv.URL + "/b", AllowPrivate: true})
	if !errors.Is(err, ErrRetryAfter) || rec.count("/b") != 0 {
		t.Fatalf("paused host: err = %v, requests %d", err, rec.count("/b"))
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		want     time.Duration
		ok       bool
	}{
		{"seconds", "1", time.Second, true},
		{"zero", "0", 0, true},
		{"spaces", " 120 ", 2 * time.Minute, true},
		{"HTTP date", "Fri, 01 Mar 2024 12:00:30 GMT", 30 * time.Second, true},
		{"RFC 850 date", "Friday, 01-Mar-24 12:01:00 GMT", time.Minute, true},
		{"past date", "Fri, 01 Mar 2024 11:00:00 GMT", 0, true},
		{"negative", "-5", 0, false},
		{"garbage", "soon", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: retryAfter(%q) = %v, %v; want %v, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTimeoutIsReported(t *testing.T) {
	srv, rec := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		<-r.Context().Done() // never answers
	}))
	cfg := fast()
	cfg.Timeout = 200 * time.Millisecond
	cfg.Retries = 1
	f := newFetcher(t, cfg)
	start := time.Now()
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/slow", AllowPrivate: true})
	took := time.Since(start)
	var fe *Error
	if !errors.Is(err, ErrTimeout) || !errors.As(err, &fe) || fe.Attempts != 2 {
		t.Fatalf("err = %v (%#v)", err, fe)
	}
	if took > 2*time.Second || rec.count("/slow") != 2 {
		t.Errorf("took %v, %d requests", took, rec.count("/slow"))
	}
	t.Logf("never-answering server: %v after %v", err, took)
}

func TestContextDeadlineAbortsPromptly(t *testing.T) {
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	cfg := fast()
	cfg.Timeout = 30 * time.Second
	f := newFetcher(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.Fetch(ctx, Request{URL: srv.URL + "/slow", AllowPrivate: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v after a 300ms deadline", took)
	}
}

// TestRateLimit: at 2 requests a second, one host's requests arrive at
// least ~500ms apart while a second host is served at the same time.
func TestRateLimit(t *testing.T) {
	page := html("<html><body>ok</body></html>")
	a, recA := serve(t, page)
	b, recB := serve(t, page)
	cfg := fast()
	cfg.Interval = 500 * time.Millisecond // 2 requests/s
	f := newFetcher(t, cfg)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 4 {
		for _, base := range []string{a.URL, b.URL} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/news/%d.html", base, i), AllowPrivate: true})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	ta, tb := recA.times(""), recB.times("")
	if len(ta) != 5 || len(tb) != 5 { // robots.txt and four pages each
		t.Fatalf("requests: %d and %d", len(ta), len(tb))
	}
	minGap := func(ts []time.Time) time.Duration {
		m := time.Hour
		for _, g := range gaps(ts) {
			m = min(m, g)
		}
		return m
	}
	ga, gb := minGap(ta), minGap(tb)
	t.Logf("host A gaps %v; host B gaps %v; both hosts done in %v", gaps(ta), gaps(tb), took)
	if ga < 450*time.Millisecond || gb < 450*time.Millisecond {
		t.Errorf("requests to one host closer than 450ms: min gaps %v, %v", ga, gb)
	}
	// In parallel: ten requests in about the time of five, and host B's
	// first request arrives before host A's second.
	if took > 3500*time.Millisecond {
		t.Errorf("two hosts took %v: not in parallel", took)
	}
	if !tb[0].Before(ta[1]) || !ta[0].Before(tb[1]) {
		t.Errorf("hosts did not interleave: A %v, B %v", ta[0].Sub(start), tb[0].Sub(start))
	}
}

func TestRobots(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\nDisallow: /search?\n\nUser-agent: pressroom\nDisallow: /private/\nDisallow: /drafts/\nCrawl-delay: 0.3\n\nUser-agent: otherbot\nDisallow: /\n")
	})
	mux.HandleFunc("/", html("<html><body>ok</body></html>"))
	srv, rec := serve(t, mux)
	f := newFetcher(t, fast())
	ctx := context.Background()
	for _, p := range []string{"/private/x.html", "/drafts/y.html"} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + p, AllowPrivate: true})
		if !errors.Is(err, ErrDisallowed) {
			t.Errorf("%s: err = %v, want disallowed", p, err)
		}
		if rec.count(p) != 0 {
			t.Errorf("%s was requested", p)
		}
	}
	// Our group, not "*": /search? is allowed for pressroom.
	for _, p := range []string{"/news/1.html", "/news/2.html", "/search?q=x"} {
		if _, err := f.Fetch(ctx, Request{URL: srv.URL + p, AllowPrivate: true}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if n := rec.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	// Crawl-delay 0.3 beats the 1ms interval.
	g := gaps(rec.times(""))
	for _, d := range g {
		if d < 280*time.Millisecond {
			t.Errorf("Crawl-delay: 0.3 not honoured: gaps %v", g)
			break
		}
	}
	t.Logf("Crawl-delay 0.3s: gaps %v", g)
}

func TestRobotsUnavailableAndMissing(t *testing.T) {
	down, recDown := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		html("<html></html>")(w, r)
	}))
	missing, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		html("<html></html>")(w, r)
	}))
	cfg := fast()
	cfg.Retries = 1
	f := newFetcher(t, cfg)
	ctx := context.Background()
	_, err := f.Fetch(ctx, Request{URL: down.URL + "/a", AllowPrivate: true})
	if !errors.Is(err, ErrRobotsUnavailable) || recDown.count("/a") != 0 {
		t.Errorf("robots.txt 500: err = %v, page requests %d", err, recDown.count("/a"))
	}
	// Cached as unavailable: not asked again at once.
	_, _ = f.Fetch(ctx, Request{URL: down.URL + "/b", AllowPrivate: true})
	if n := recDown.count("/robots.txt"); n != 2 { // one try and one retry
		t.Errorf("robots.txt asked %d times", n)
	}
	if _, err := f.Fetch(ctx, Request{URL: missing.URL + "/a", AllowPrivate: true}); err != nil {
		t.Errorf("robots.txt 404 should allow everything: %v", err)
	}
}

// memRobots is a RobotsCache in memory.
type memRobots struct {
	mu sync.Mutex
	m  map[string]state.Robots
}

func (c *memRobots) Robots(ctx context.Context, origin string) (state.Robots, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[origin]
	return r, ok, nil
}

func (c *memRobots) PutRobots(ctx context.Context, r state.Robots) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[r.Origin] = r
	return nil
}

func TestRobotsCachedAcrossRuns(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"r1"`)
		if r.Header.Get("If-None-Match") == `"r1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/", html("<html></html>"))
	srv, rec := serve(t, mux)
	cache := &memRobots{m: map[string]state.Robots{}}
	ctx := context.Background()
	for run := range 2 {
		cfg := fast()
		cfg.Robots = cache
		f := newFetcher(t, cfg)
		if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/private/a", AllowPrivate: true}); !errors.Is(err, ErrDisallowed) {
			t.Errorf("run %d: %v", run, err)
		}
	}
	if n := rec.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times in two runs within its TTL", n)
	}
	// Past the TTL it is asked for conditionally.
	cfg := fast()
	cfg.Robots = cache
	cfg.RobotsTTL = time.Nanosecond
	f := newFetcher(t, cfg)
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/private/a", AllowPrivate: true}); !errors.Is(err, ErrDisallowed) {
		t.Errorf("after 304: %v", err)
	}
	rec.mu.Lock()
	last := rec.hits[len(rec.hits)-1]
	rec.mu.Unlock()
	if last.path != "/robots.txt" || last.hdr.Get("If-None-Match") != `"r1"` {
		t.Errorf("last request %s %v, want a conditional robots.txt", last.path, last.hdr)
	}
}

func TestSSRFRefused(t *testing.T) {
	srv, rec := serve(t, html("<html><body>secret</body></html>"))
	u, _ := url.Parse(srv.URL)
	f := newFetcher(t, fast())
	ctx := context.Background()
	targets := []string{
		srv.URL + "/admin",                             // 127.0.0.1
		"http://localhost:" + u.Port() + "/admin",      // a name that resolves to loopback
		"http://[::1]:" + u.Port() + "/admin",          // IPv6 loopback
		"http://10.20.30.40/admin",                     // private
		"http://169.254.169.254/latest/meta-data/",     // link-local (cloud metadata)
		"http://[::ffff:127.0.0.1]:" + u.Port() + "/x", // v4-mapped loopback
		"http://0.0.0.0:" + u.Port() + "/x",            // unspecified
	}
	for _, target := range targets {
		_, err := f.Fetch(ctx, Request{URL: target})
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("%s: err = %v, want refused", target, err)
		}
	}
	if len(rec.times("")) != 0 {
		t.Errorf("the server was reached %d times", len(rec.times("")))
	}
	// Opting in reaches it.
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/admin", AllowPrivate: true}); err != nil {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

func TestSSRFRefusedAfterRedirect(t *testing.T) {
	// The test server stands for a public site: the guard lets its address
	// through and nothing else.
	inner, recInner := serve(t, html("<html><body>internal</body></html>"))
	iu, _ := url.Parse(inner.URL)
	targets := []string{
		"http://127.0.0.2:" + iu.Port() + "/admin",
		"http://[::1]:" + iu.Port() + "/admin",
		"http://10.0.0.1/admin",
		"http://192.168.1.1/",
		"http://169.254.169.254/latest/meta-data/",
	}
	k := 0
	public, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, targets[k], http.StatusFound)
	}))
	f := newFetcher(t, fast())
	f.exempt = netip.MustParseAddr("127.0.0.1")
	for i, target := range targets {
		k = i
		tu, _ := url.Parse(target)
		_, err := f.Fetch(context.Background(), Request{URL: public.URL + "/go", Hosts: []string{tu.Host}})
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("redirect to %s: err = %v, want refused", target, err)
		}
	}
	if n := len(recInner.times("")); n != 0 {
		t.Errorf("internal server reached %d times", n)
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new#frag", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/new", html("<html><body>new</body></html>"))
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.example/x", http.StatusFound)
	})
	srv, rec := serve(t, mux)
	f := newFetcher(t, fast())
	ctx := context.Background()
	resp, err := f.Fetch(ctx, Request{URL: srv.URL + "/old", AllowPrivate: true})
	if err != nil || resp.URL != srv.URL+"/new" || resp.Redirects != 1 {
		t.Fatalf("redirect: %+v, %v", resp, err)
	}
	_, err = f.Fetch(ctx, Request{URL: srv.URL + "/loop", AllowPrivate: true})
	if !errors.Is(err, ErrTooManyRedirects) || rec.count("/loop") != 6 {
		t.Errorf("loop: %v after %d requests", err, rec.count("/loop"))
	}
	_, err = f.Fetch(ctx, Request{URL: srv.URL + "/away", AllowPrivate: true})
	if !errors.Is(err, ErrOffsite) {
		t.Errorf("offsite redirect: %v", err)
	}
}

func TestBodyGzipSizeAndType(t *testing.T) {
	big := strings.Repeat("あ", 2000)
	mux := http.NewServeMux()
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "gzip expected", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, "<html><body>"+big+"</body></html>")
		_ = zw.Close()
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = zw.Write(bytes.Repeat([]byte("a"), 1<<20))
		_ = zw.Close()
	})
	mux.HandleFunc("/announced", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "100000")
		_, _ = w.Write(bytes.Repeat([]byte("a"), 100000))
	})
	mux.HandleFunc("/release.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4 ..."))
	})
	mux.HandleFunc("/untyped.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		_, _ = w.Write([]byte("%PDF-1.4 ..."))
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss/>")
	})
	srv, _ := serve(t, mux)
	cfg := fast()
	cfg.MaxBodyBytes = 64 << 10
	f := newFetcher(t, cfg)
	ctx := context.Background()
	resp, err := f.Fetch(ctx, Request{URL: srv.URL + "/gzip", AllowPrivate: true})
	if err != nil || !strings.Contains(string(resp.Body), big) {
		t.Fatalf("gzip: %v", err)
	}
	for _, p := range []string{"/bomb", "/announced"} {
		if _, err := f.Fetch(ctx, Request{URL: srv.URL + p, AllowPrivate: true}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want too large", p, err)
		}
	}
	for _, p := range []string{"/release.pdf", "/untyped.pdf", "/feed"} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + p, AllowPrivate: true})
		if !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("%s as a page: err = %v, want unsupported", p, err)
		}
	}
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/feed", AllowPrivate: true, Accept: AcceptXML}); err != nil {
		t.Errorf("/feed as XML: %v", err)
	}
}

func TestConditional(t *testing.T) {
	lastMod := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	mux := http.NewServeMux()
	mux.HandleFunc("/etag", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		html("<html>v1</html>")(w, r)
	})
	mux.HandleFunc("/lastmod", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		html("<html>v1</html>")(w, r)
	})
	mux.HandleFunc("/rude", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	srv, _ := serve(t, mux)
	f := newFetcher(t, fast())
	ctx := context.Background()
	r1, err := f.Fetch(ctx, Request{URL: srv.URL + "/etag", AllowPrivate: true})
	if err != nil || r1.ETag != `"v1"` || r1.NotModified {
		t.Fatalf("first: %+v %v", r1, err)
	}
	r2, err := f.Fetch(ctx, Request{URL: srv.URL + "/etag", ETag: r1.ETag, AllowPrivate: true})
	if err != nil || !r2.NotModified || r2.Status != 304 || r2.Body != nil || r2.ETag != `"v1"` {
		t.Fatalf("conditional: %+v %v", r2, err)
	}
	r3, err := f.Fetch(ctx, Request{URL: srv.URL + "/lastmod", LastModified: lastMod, AllowPrivate: true})
	if err != nil || !r3.NotModified || r3.LastModified != lastMod {
		t.Fatalf("If-Modified-Since: %+v %v", r3, err)
	}
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/rude", AllowPrivate: true}); !errors.Is(err, ErrStatus) {
		t.Errorf("unasked 304: %v", err)
	}
}

func TestStatusErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "x", http.StatusBadGateway) })
	srv, rec := serve(t, mux)
	cfg := fast()
	cfg.Retries = 2
	f := newFetcher(t, cfg)
	ctx := context.Background()
	_, err := f.Fetch(ctx, Request{URL: srv.URL + "/gone", AllowPrivate: true})
	var fe *Error
	if !errors.As(err, &fe) || fe.Status != 410 || rec.count("/gone") != 1 {
		t.Errorf("410: %v, %d requests (4xx is not retried)", err, rec.count("/gone"))
	}
	_, err = f.Fetch(ctx, Request{URL: srv.URL + "/broken", AllowPrivate: true})
	if !errors.As(err, &fe) || fe.Status != 502 || fe.Attempts != 3 || !strings.Contains(err.Error(), "502 Bad Gateway (after 3 attempts)") {
		t.Errorf("502: %v", err)
	}
}

func TestUserAgent(t *testing.T) {
	var got string
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("User-Agent")
		html("<html></html>")(w, r)
	}))
	f := newFetcher(t, fast())
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/", AllowPrivate: true}); err != nil {
		t.Fatal(err)
	}
	if got != "pressroom/dev (+https://github.com/pressroom-ja/pressroom)" {
		t.Errorf("User-Agent = %q", got)
	}
	if _, err := New(Config{UserAgent: "x\r\nHost: evil"}); err == nil {
		t.Error("a user agent with a line break was accepted")
	}
}

func TestForbidden(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1": "loopback", "10.1.2.3": "private", "172.16.0.1": "private", "192.168.0.1": "private",
		"169.254.169.254": "link-local", "224.0.0.1": "multicast", "0.0.0.0": "unspecified", "::1": "loopback",
		"fe80::1": "link-local", "fc00::1": "private", "::": "unspecified", "100.64.0.1": "special-purpose",
		"::ffff:10.0.0.1": "private", "64:ff9b::a00:1": "private (via NAT64)", "ff02::1": "multicast",
		"93.184.216.34": "", "2606:4700::1111": "", "133.242.0.1": "",
	}
	for in, want := range tests {
		if got := Forbidden(netip.MustParseAddr(in)); got != want {
			t.Errorf("Forbidden(%s) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseRobots(f *testing.F) {
	for _, s := range []string{
		"User-agent: *\nDisallow: /private/\n",
		"Disallow: /before-agent\nUser-agent: pressroom\nCrawl-delay: abc\nDisallow: /x\n",
		"User-agent: *\nCrawl-delay: 1.5\nAllow: /$\nDisallow: /*?\n# comment\nSitemap: https://example.com/sitemap.xml\n",
		"\xef\xbb\xbfUser-agent: *\r\nDisallow: /\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		data, err := ParseRobots(200, []byte(body))
		if err != nil {
			return
		}
		g := data.FindGroup("pressroom")
		_ = g.Test("/news/1.html?x=1")
		// A Disallow the file states for us must survive sanitizing.
		clean := sanitizeRobots([]byte(body))
		if _, err := ParseRobots(200, clean); err != nil {
			t.Fatalf("sanitized robots.txt still fails: %v\n%q", err, clean)
		}
	})
}

// TestRequestInterval: a source's own rate replaces the fetcher's, slower
// or faster; Crawl-delay still bounds it.
func TestRequestInterval(t *testing.T) {
	srv, rec := serve(t, html("<html></html>"))
	cfg := fast()
	cfg.Interval = time.Second
	f := newFetcher(t, cfg)
	for i := range 3 {
		if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i), AllowPrivate: true, Interval: 150 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
	}
	g := gaps(rec.times(""))
	for _, d := range g {
		if d < 140*time.Millisecond || d > 600*time.Millisecond {
			t.Errorf("gaps %v, want about 150ms", g)
			break
		}
	}
}

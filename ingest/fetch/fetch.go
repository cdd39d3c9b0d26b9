package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

// Project is the contact URL the default user agent carries, so that a
// site's operator can find out who is crawling and how to reach them.
const Project = "https://github.com/pressroom-ja/pressroom"

// DefaultUserAgent is "pressroom/<version> (+<Project>)".
func DefaultUserAgent(version string) string {
	return "pressroom/" + version + " (+" + Project + ")"
}

// Config sets a Fetcher up. Zero values mean the defaults given per field.
type Config struct {
	// UserAgent is sent with every request (default DefaultUserAgent("dev")).
	// Its product token, the part before the first "/" or space, picks
	// the robots.txt group.
	UserAgent string
	// Interval is the least time between the starts of two requests to
	// one host:port (default 1s: one request a second). A robots.txt
	// Crawl-delay that is longer wins.
	Interval time.Duration
	// Concurrency bounds the requests in flight across all hosts
	// (default 8). One host never has more than one.
	Concurrency int
	// ConnectTimeout bounds connecting, TLS included (default 10s).
	ConnectTimeout time.Duration
	// Timeout bounds one attempt from sending the request to the last byte
	// of the body (default 30s).
	Timeout time.Duration
	// Retries is how often a request is sent again after a network error,
	// a 5xx or a 429 (default 3; negative: never).
	Retries int
	// BackoffBase is the first retry's wait, doubled on each further retry
	// and spread by ±50% jitter (default 1s); BackoffMax caps it (default
	// 1m).
	BackoffBase, BackoffMax time.Duration
	// MaxRetryAfter is the longest Retry-After honoured within a run
	// (default 5m); a server asking for more fails the request.
	MaxRetryAfter time.Duration
	// MaxRedirects bounds the redirects followed per request (default 5;
	// negative: none).
	MaxRedirects int
	// MaxBodyBytes caps a response body after decompression (default
	// 10 MiB).
	MaxBodyBytes int64
	// RobotsTTL is how long a robots.txt is trusted before it is asked for
	// again, conditionally (default 24h).
	RobotsTTL time.Duration
	// Robots, when set, keeps robots.txt files across runs.
	Robots RobotsCache
	// Logger gets a debug line per request and a warning per retry
	// (default: discard).
	Logger *slog.Logger
	// Observer, when set, is told of every request sent (metrics).
	Observer Observer
}

// Observer watches a Fetcher's requests. Its method is called from the
// fetching goroutines, concurrently: it must be safe for concurrent use
// and quick.
type Observer interface {
	// Requested is called once per request sent (each retry and redirect
	// is one) when its response has been read or it failed: the time from
	// sending it to the last byte of the body (the rate limit's wait not
	// included), the HTTP status (0 when none came) and the error.
	Requested(d time.Duration, status int, err error)
}

// RobotsCache keeps robots.txt files between runs (state.Store is one).
type RobotsCache interface {
	Robots(ctx context.Context, origin string) (state.Robots, bool, error)
	PutRobots(ctx context.Context, r state.Robots) error
}

// Accept says which responses a request wants.
type Accept int

const (
	// AcceptPage wants an article: HTML, XHTML or plain text. It is the
	// default.
	AcceptPage Accept = iota + 1
	// AcceptXML wants a feed or a sitemap: anything but documents, images
	// and media.
	AcceptXML
	acceptRobots
)

func (a Accept) String() string {
	switch a {
	case AcceptPage:
		return "page"
	case AcceptXML:
		return "xml"
	case acceptRobots:
		return "robots"
	}
	return "unknown"
}

// Request is one page to get.
type Request struct {
	// URL is the absolute http(s) URL to get.
	URL string
	// ETag and LastModified, from the last time, make the request
	// conditional.
	ETag, LastModified string
	// AllowPrivate lets the request connect to loopback, private and
	// link-local addresses (local fixture servers, intranet newsrooms).
	AllowPrivate bool
	// Hosts are the hosts redirects may lead to besides the URL's own:
	// "example.com" (any port) or "example.com:8080".
	Hosts []string
	// Accept says which content types are wanted (default AcceptPage).
	Accept Accept
	// Interval, when set, replaces the fetcher's Interval for this
	// request: a source's own rate, slower for a fragile site or faster
	// for one's own server. A robots.txt Crawl-delay still wins when
	// longer.
	Interval time.Duration
}

// Response is a page got.
type Response struct {
	// URL is where the body came from, after redirects.
	URL string
	// Status is the final HTTP status (200, or 304 with NotModified).
	Status int
	// ContentType, ETag and LastModified are the response's headers.
	ContentType, ETag, LastModified string
	// Body is the raw body, at most MaxBodyBytes, gzip already undone.
	Body []byte
	// NotModified: the conditional request found the page unchanged.
	NotModified bool
	// Attempts counts the requests sent, retries and redirects included.
	Attempts int
	// Redirects counts the redirects followed.
	Redirects int
	// Waited is the time spent waiting between retries (backoff and
	// Retry-After), not counting the rate limit.
	Waited time.Duration
}

// Sentinel errors, wrapped in *Error.
var (
	ErrDisallowed        = errors.New("disallowed by robots.txt")
	ErrRobotsUnavailable = errors.New("robots.txt unavailable")
	ErrOffsite           = errors.New("outside the source's hosts")
	ErrTooManyRedirects  = errors.New("too many redirects")
	ErrTooLarge          = errors.New("response too large")
	ErrUnsupportedType   = errors.New("unsupported content type")
	ErrStatus            = errors.New("HTTP error")
	ErrTimeout           = errors.New("timeout")
	ErrRetryAfter        = errors.New("server asks to come back later")
	ErrBadURL            = errors.New("bad URL")
)

// Error is a failed fetch: which URL, at which stage, after how many
// attempts.
type Error struct {
	URL string
	// Stage is "url", "robots", "connect", "http", "read", "redirect" or
	// "type".
	Stage string
	// Status is the last HTTP status, 0 when none came.
	Status   int
	Attempts int
	Err      error
}

func (e *Error) Error() string {
	msg := e.Err.Error()
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Stats are a Fetcher's counters so far.
type Stats struct {
	Requests, Retries, NotModified, RobotsFetches, Bytes int64
}

// Fetcher gets pages politely. It is safe for concurrent use. Close it
// when done.
type Fetcher struct {
	cfg    Config
	token  string
	strict *http.Client
	open   *http.Client
	slots  chan struct{}
	log    *slog.Logger

	mu      sync.Mutex
	hosts   map[string]*host
	origins map[string]*origin

	requests, retries, notModified, robotsFetches, bytes atomic.Int64

	// exempt is one address the guard lets through: tests set it to the
	// loopback address of their servers to check what lies behind them.
	exempt netip.Addr
}

// New returns a Fetcher; it checks cfg.
func New(cfg Config) (*Fetcher, error) {
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent("dev")
	}
	if strings.ContainsAny(cfg.UserAgent, "\r\n") {
		return nil, errors.New("fetch: user agent has a line break")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Interval, time.Second)
	def(&cfg.ConnectTimeout, 10*time.Second)
	def(&cfg.Timeout, 30*time.Second)
	def(&cfg.BackoffBase, time.Second)
	def(&cfg.BackoffMax, time.Minute)
	def(&cfg.MaxRetryAfter, 5*time.Minute)
	def(&cfg.RobotsTTL, 24*time.Hour)
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = 3
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	switch {
	case cfg.MaxRedirects == 0:
		cfg.MaxRedirects = 5
	case cfg.MaxRedirects < 0:
		cfg.MaxRedirects = 0
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 10 << 20
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	f := &Fetcher{
		cfg:     cfg,
		token:   productToken(cfg.UserAgent),
		slots:   make(chan struct{}, cfg.Concurrency),
		log:     log,
		hosts:   map[string]*host{},
		origins: map[string]*origin{},
	}
	f.strict = &http.Client{Transport: newTransport(cfg, f.guard), CheckRedirect: noRedirect}
	f.open = &http.Client{Transport: newTransport(cfg, nil), CheckRedirect: noRedirect}
	return f, nil
}

// guard is the strict transport's dial check.
func (f *Fetcher) guard(network, address string, c syscall.RawConn) error {
	if f.exempt.IsValid() {
		if ap, err := netip.ParseAddrPort(address); err == nil && ap.Addr().Unmap() == f.exempt {
			return nil
		}
	}
	return guardControl(network, address, c)
}

// newTransport builds one of the two transports. Requests that may reach
// private addresses use their own, so that a pooled connection to such an
// address is never reused by a request that may not.
func newTransport(cfg Config, control func(network, address string, c syscall.RawConn) error) *http.Transport {
	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: control}
	return &http.Transport{
		Proxy:                 nil, // the environment is cmd's business
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.Timeout,
		ExpectContinueTimeout: time.Second,
	}
}

func productToken(ua string) string {
	t := ua
	if i := strings.IndexAny(t, "/ "); i >= 0 {
		t = t[:i]
	}
	return strings.ToLower(t)
}

// UserAgent returns the user agent sent.
func (f *Fetcher) UserAgent() string { return f.cfg.UserAgent }

// Stats returns the counters so far.
func (f *Fetcher) Stats() Stats {
	return Stats{
		Requests: f.requests.Load(), Retries: f.retries.Load(), NotModified: f.notModified.Load(),
		RobotsFetches: f.robotsFetches.Load(), Bytes: f.bytes.Load(),
	}
}

// Close releases idle connections.
func (f *Fetcher) Close(ctx context.Context) error {
	f.strict.CloseIdleConnections()
	f.open.CloseIdleConnections()
	return nil
}

// host is the politeness state of one host:port. One request is in flight
// at a time (inflight), and each starts at least gap after the one before
// it: the interval, or the robots.txt Crawl-delay when longer. Spacing
// the actual starts, rather than handing out tokens, keeps the gap exact
// even when a request waited for a connection or a slot.
type host struct {
	inflight chan struct{}

	mu          sync.Mutex
	delay       time.Duration // robots.txt Crawl-delay
	lastStart   time.Time
	pausedUntil time.Time
}

func (f *Fetcher) host(u *url.URL) *host {
	key := hostKey(u)
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &host{inflight: make(chan struct{}, 1)}
		f.hosts[key] = h
	}
	return h
}

// hostKey is host:port with the scheme's default port filled in.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// setDelay records a robots.txt Crawl-delay.
func (h *host) setDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.delay = d
}

// pause makes the host wait until t (Retry-After on 429 or 503).
func (h *host) pause(t time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t.After(h.pausedUntil) {
		h.pausedUntil = t
	}
}

// wait blocks until the host may be sent the next request. The caller
// holds inflight and calls started when it sends.
func (h *host) wait(ctx context.Context, maxPause, interval time.Duration) error {
	h.mu.Lock()
	next := h.lastStart.Add(max(h.delay, interval))
	until := h.pausedUntil
	h.mu.Unlock()
	if d := time.Until(until); d > maxPause {
		return fmt.Errorf("%w: the host asked to pause until %s", ErrRetryAfter, until.Format(time.RFC3339))
	}
	if until.After(next) {
		next = until
	}
	if d := time.Until(next); d > 0 {
		return sleep(ctx, d)
	}
	return nil
}

func (h *host) started(t time.Time) {
	h.mu.Lock()
	h.lastStart = t
	h.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fetch gets req.URL, following redirects and retrying as the package doc
// says. A failure is an *Error; a parent ctx that ends returns ctx.Err()
// wrapped in it.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{URL: req.URL, Stage: "url", Err: fmt.Errorf("%w: %q is not an absolute http(s) URL", ErrBadURL, req.URL)}
	}
	if req.Accept == 0 {
		req.Accept = AcceptPage
	}
	allowed := allowedHosts(u, req.Hosts)
	resp := &Response{}
	cur := u
	for {
		if err := f.checkRobots(ctx, cur, req.AllowPrivate); err != nil {
			var ae *AddressError
			if errors.As(err, &ae) {
				return nil, &Error{URL: cur.String(), Stage: "connect", Attempts: resp.Attempts, Err: ae}
			}
			return nil, &Error{URL: cur.String(), Stage: "robots", Attempts: resp.Attempts, Err: err}
		}
		ex, ferr := f.retrying(ctx, cur, req, resp)
		if ferr != nil {
			ferr.URL = cur.String()
			return nil, ferr
		}
		if ex.location == "" {
			return f.finish(cur, req, resp, ex)
		}
		next, err := cur.Parse(ex.location)
		switch {
		case err != nil || (next.Scheme != "http" && next.Scheme != "https") || next.Host == "":
			return nil, &Error{URL: cur.String(), Stage: "redirect", Status: ex.status, Attempts: resp.Attempts, Err: fmt.Errorf("%w: redirect to %q", ErrBadURL, ex.location)}
		case resp.Redirects >= f.cfg.MaxRedirects:
			return nil, &Error{URL: cur.String(), Stage: "redirect", Status: ex.status, Attempts: resp.Attempts, Err: fmt.Errorf("%w: more than %d", ErrTooManyRedirects, f.cfg.MaxRedirects)}
		case !allowed(next):
			return nil, &Error{URL: cur.String(), Stage: "redirect", Status: ex.status, Attempts: resp.Attempts, Err: fmt.Errorf("%w: redirect to %s (add its host to the source's hosts to follow it)", ErrOffsite, next.Redacted())}
		}
		next.Fragment, next.RawFragment = "", ""
		resp.Redirects++
		cur = next
	}
}

func (f *Fetcher) finish(u *url.URL, req Request, resp *Response, ex *exchange) (*Response, error) {
	resp.URL = u.String()
	resp.Status = ex.status
	resp.ContentType = ex.header.Get("Content-Type")
	resp.ETag = ex.header.Get("ETag")
	resp.LastModified = ex.header.Get("Last-Modified")
	switch {
	case ex.status == http.StatusNotModified:
		if req.ETag == "" && req.LastModified == "" {
			return nil, &Error{URL: resp.URL, Stage: "http", Status: ex.status, Attempts: resp.Attempts, Err: fmt.Errorf("%w: 304 Not Modified to an unconditional request", ErrStatus)}
		}
		resp.NotModified = true
		if resp.ETag == "" {
			resp.ETag = req.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = req.LastModified
		}
		f.notModified.Add(1)
		return resp, nil
	case ex.status >= 200 && ex.status < 300:
		resp.Body = ex.body
		if err := checkSniffed(req.Accept, resp.ContentType, ex.body); err != nil {
			return nil, &Error{URL: resp.URL, Stage: "type", Status: ex.status, Attempts: resp.Attempts, Err: err}
		}
		return resp, nil
	}
	return nil, &Error{URL: resp.URL, Stage: "http", Status: ex.status, Attempts: resp.Attempts, Err: statusErr(ex.status)}
}

func statusErr(code int) error {
	return fmt.Errorf("%w %d %s", ErrStatus, code, http.StatusText(code))
}

// allowedHosts returns the scope check for redirects.
func allowedHosts(u *url.URL, extra []string) func(*url.URL) bool {
	names := map[string]bool{}
	ports := map[string]bool{}
	add := func(h string) {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			return
		}
		if hh, p, err := net.SplitHostPort(h); err == nil {
			ports[net.JoinHostPort(hh, p)] = true
			return
		}
		names[strings.Trim(h, "[]")] = true
	}
	add(u.Host)
	for _, h := range extra {
		add(h)
	}
	return func(n *url.URL) bool {
		name := strings.ToLower(n.Hostname())
		return names[name] || ports[net.JoinHostPort(name, n.Port())] || ports[hostKey(n)]
	}
}

// exchange is one HTTP request and its response.
type exchange struct {
	status   int
	header   http.Header
	body     []byte
	location string
}

// retrying sends one request, again and again while the failure is
// transient and retries are left.
func (f *Fetcher) retrying(ctx context.Context, u *url.URL, req Request, resp *Response) (*exchange, *Error) {
	h := f.host(u)
	for attempt := 1; ; attempt++ {
		ex, err := f.attempt(ctx, h, u, req)
		resp.Attempts++
		if ctx.Err() != nil {
			return nil, &Error{Stage: "connect", Attempts: resp.Attempts, Err: ctx.Err()}
		}
		var wait time.Duration
		var stage string
		var status int
		var cause error
		switch {
		case err != nil:
			var fe *Error
			if errors.As(err, &fe) {
				fe.Attempts = resp.Attempts
				return nil, fe
			}
			stage, cause = "connect", err
			if !retryableNetErr(err) {
				return nil, &Error{Stage: stage, Attempts: resp.Attempts, Err: err}
			}
		case ex.status == http.StatusTooManyRequests || ex.status >= 500 && ex.status != http.StatusNotImplemented:
			stage, status, cause = "http", ex.status, statusErr(ex.status)
			if ra, ok := retryAfter(ex.header.Get("Retry-After"), time.Now()); ok {
				if ra > f.cfg.MaxRetryAfter {
					h.pause(time.Now().Add(ra))
					return nil, &Error{Stage: stage, Status: status, Attempts: resp.Attempts, Err: fmt.Errorf("%w: %v with Retry-After %s, over the %s limit", ErrRetryAfter, cause, ra.Round(time.Second), f.cfg.MaxRetryAfter)}
				}
				wait = ra
				if ex.status == http.StatusTooManyRequests || ex.status == http.StatusServiceUnavailable {
					h.pause(time.Now().Add(ra))
				}
			}
		default:
			return ex, nil
		}
		if attempt > f.cfg.Retries {
			return nil, &Error{Stage: stage, Status: status, Attempts: resp.Attempts, Err: cause}
		}
		if wait == 0 {
			wait = f.backoff(attempt)
		}
		f.retries.Add(1)
		f.log.Warn("retrying", "url", u.Redacted(), "attempt", attempt, "wait", wait, "err", cause)
		if err := sleep(ctx, wait); err != nil {
			return nil, &Error{Stage: stage, Status: status, Attempts: resp.Attempts, Err: err}
		}
		resp.Waited += wait
	}
}

// backoff is BackoffBase·2^(attempt-1), capped, with ±50% jitter.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.cfg.BackoffBase
	for i := 1; i < attempt && d < f.cfg.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, f.cfg.BackoffMax)
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<31 {
			n = 1 << 31
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}

func retryableNetErr(err error) bool {
	if errors.Is(err, ErrForbiddenAddress) || errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, ErrTimeout) ||
		errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "connection reset")
}

// attempt sends one request and reads its response.
func (f *Fetcher) attempt(ctx context.Context, h *host, u *url.URL, req Request) (*exchange, error) {
	var sent time.Time
	ex, err := f.send(ctx, h, u, req, &sent)
	if f.cfg.Observer != nil && !sent.IsZero() {
		status := 0
		if ex != nil {
			status = ex.status
		} else if fe := (*Error)(nil); errors.As(err, &fe) {
			status = fe.Status
		}
		f.cfg.Observer.Requested(time.Since(sent), status, err)
	}
	return ex, err
}

// send is attempt's work; it sets *sent when the request goes out.
func (f *Fetcher) send(ctx context.Context, h *host, u *url.URL, req Request, sent *time.Time) (*exchange, error) {
	select {
	case h.inflight <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.inflight }()
	interval := f.cfg.Interval
	if req.Interval > 0 {
		interval = req.Interval
	}
	if err := h.wait(ctx, f.cfg.MaxRetryAfter, interval); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &Error{Stage: "http", Err: err}
	}
	select {
	case f.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-f.slots }()

	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{Stage: "url", Err: fmt.Errorf("%w: %v", ErrBadURL, err)}
	}
	hreq.Header.Set("User-Agent", f.cfg.UserAgent)
	switch req.Accept {
	case AcceptXML:
		hreq.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
	case acceptRobots:
		hreq.Header.Set("Accept", "text/plain, */*;q=0.1")
	default:
		hreq.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1")
	}
	hreq.Header.Set("Accept-Language", "ja, en;q=0.5")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	client := f.strict
	if req.AllowPrivate {
		client = f.open
	}
	f.requests.Add(1)
	start := time.Now()
	*sent = start
	h.started(start)
	r, err := client.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if actx.Err() != nil || isTimeout(err) {
			return nil, fmt.Errorf("%w: no response within %s", ErrTimeout, f.cfg.Timeout)
		}
		return nil, unwrapURLError(err)
	}
	defer r.Body.Close()
	f.log.Debug("fetched", "url", u.Redacted(), "status", r.StatusCode, "took", time.Since(start))
	ex := &exchange{status: r.StatusCode, header: r.Header}
	switch {
	case r.StatusCode >= 300 && r.StatusCode < 400 && r.StatusCode != http.StatusNotModified && r.Header.Get("Location") != "":
		ex.location = r.Header.Get("Location")
		drain(r.Body)
		return ex, nil
	case r.StatusCode < 200 || r.StatusCode >= 300:
		drain(r.Body)
		return ex, nil
	}
	if err := checkType(req.Accept, r.Header.Get("Content-Type")); err != nil {
		return nil, &Error{Stage: "type", Status: r.StatusCode, Err: err}
	}
	if r.ContentLength > f.cfg.MaxBodyBytes {
		return nil, &Error{Stage: "read", Status: r.StatusCode, Err: fmt.Errorf("%w: %d bytes announced, over the %d byte limit", ErrTooLarge, r.ContentLength, f.cfg.MaxBodyBytes)}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, f.cfg.MaxBodyBytes+1))
	f.bytes.Add(int64(len(body)))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if actx.Err() != nil || isTimeout(err) {
			return nil, fmt.Errorf("%w: body not read within %s", ErrTimeout, f.cfg.Timeout)
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > f.cfg.MaxBodyBytes {
		return nil, &Error{Stage: "read", Status: r.StatusCode, Err: fmt.Errorf("%w: over the %d byte limit", ErrTooLarge, f.cfg.MaxBodyBytes)}
	}
	ex.body = body
	return ex, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURLError drops net/http's "Get "url": " prefix: the caller names
// the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func drain(r io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<10))
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// checkType rejects, from the header alone, what a request does not want.
func checkType(a Accept, ct string) error {
	mt := mediaType(ct)
	if mt == "" {
		return nil
	}
	switch a {
	case acceptRobots:
		return nil
	case AcceptXML:
		if mt == "application/pdf" || strings.HasPrefix(mt, "image/") || strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") || strings.HasPrefix(mt, "font/") {
			return fmt.Errorf("%w: %s is not a feed or sitemap", ErrUnsupportedType, mt)
		}
		return nil
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain":
		return nil
	case "application/pdf":
		return fmt.Errorf("%w: %s (PDF releases are not read yet)", ErrUnsupportedType, mt)
	}
	return fmt.Errorf("%w: %s", ErrUnsupportedType, mt)
}

// checkSniffed looks at the body of a response that named no type.
func checkSniffed(a Accept, ct string, body []byte) error {
	if mediaType(ct) != "" || a != AcceptPage || len(body) == 0 {
		return nil
	}
	switch mt := mediaType(http.DetectContentType(body)); {
	case mt == "application/pdf":
		return checkType(a, mt)
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"),
		mt == "application/zip", mt == "application/x-gzip", mt == "application/vnd.ms-fontobject":
		return checkType(a, mt)
	}
	return nil
}

// IsText reports whether a page's Content-Type is plain text.
func IsText(ct string) bool { return mediaType(ct) == "text/plain" }

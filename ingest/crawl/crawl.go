package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/cascadia"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/state"
	"github.com/pressroom-ja/pressroom/ingest/urlcanon"
)

// Kind is the shape of a newsroom.
type Kind int

const (
	// List is an index page of release links, with pagination.
	List Kind = iota + 1
	// Feed is an RSS 2.0, RSS 1.0 (RDF) or Atom feed.
	Feed
	// Sitemap is a sitemap.xml or a sitemap index.
	Sitemap
)

func (k Kind) String() string {
	switch k {
	case List:
		return "list"
	case Feed:
		return "feed"
	case Sitemap:
		return "sitemap"
	}
	return "unknown"
}

// ParseKind reads "list", "feed" or "sitemap".
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{List, Feed, Sitemap} {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q", s)
}

// Config describes one source. Zero values mean the defaults given.
type Config struct {
	// Name names the source in summaries, the state and the index.
	Name string
	Kind Kind
	// URLs are where to start: list pages, feeds or sitemaps.
	URLs []string
	// Hosts are further hosts whose links and redirects are followed,
	// besides the start URLs' own (and their "www." twins).
	Hosts []string
	// Links (List) selects the release links on a list page.
	Links string
	// Next (List) selects the link to the next list page.
	Next string
	// Date (List) selects the date shown with each release link: within
	// the link's own entry (the smallest element around the link holding
	// no other release link), or just before it (<dt> of a <dd>).
	Date string
	// MaxPages bounds the list pages walked per start URL (default 20),
	// or the sitemap documents read (default 100).
	MaxPages int
	// Pattern, when set, keeps only release URLs it matches.
	Pattern *regexp.Regexp
	// MaxReleases bounds the releases requested per run (0: no bound).
	MaxReleases int
	// Selectors are the site's article selectors, passed on with each
	// page to the extractor.
	Selectors *extract.Selectors
	// AllowPrivate lets the source reach private and loopback addresses.
	AllowPrivate bool
	// Interval, when set, replaces the fetcher's interval between two
	// requests of this source to one host (robots.txt Crawl-delay still
	// wins when longer).
	Interval time.Duration
	// Full walks every page up to the limits and re-checks every
	// release, ignoring the stop rules.
	Full bool
	// Force sends no conditional requests.
	Force bool
	// Workers fetch releases at once (default 4); the fetcher still sends
	// one request at a time to a host.
	Workers int
	// Visited, shared by the sources of one run, keeps two sources from
	// reading the same page.
	Visited *Visited
	// Queue, when set, names release URLs to read this run whatever the
	// listings say: re-queued by `pressroom retry`, or left pending by a
	// run that stopped half way. They are requested unconditionally,
	// before the listings are walked.
	Queue  Queue
	Logger *slog.Logger
}

// Queue lists the URLs a source must read again (state.Store is one).
type Queue interface {
	Queued(ctx context.Context, source string) ([]string, error)
}

// Fetcher gets pages (fetch.Fetcher is one).
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// State is what a crawl reads and writes of the crawl state besides what
// the run records (state.Store is one).
type State interface {
	Get(ctx context.Context, url string) (state.Record, bool, error)
	Listing(ctx context.Context, url string) (state.Listing, bool, error)
	PutListing(ctx context.Context, l state.Listing) error
	Mark(ctx context.Context, source string) (state.Mark, bool, error)
	PutMark(ctx context.Context, m state.Mark) error
	Alias(ctx context.Context, url string) (string, bool, error)
	PutAlias(ctx context.Context, from, to string) error
}

// Archive tells whether a page's bytes are archived (archive.Store is one).
// A page missing from the archive is fetched whole, not conditionally, so
// that the archive fills up again.
type Archive interface {
	Has(ctx context.Context, url string) (bool, error)
}

// Visited is the set of pages read in one run, shared by its sources. It
// is safe for concurrent use.
type Visited struct {
	mu sync.Mutex
	m  map[string]bool
}

// NewVisited returns an empty set.
func NewVisited() *Visited { return &Visited{m: map[string]bool{}} }

// claim reports whether url was not yet read, and marks it read.
func (v *Visited) claim(url string) bool {
	if v == nil {
		return true
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m[url] {
		return false
	}
	v.m[url] = true
	return true
}

var _ ingest.StatsSource = (*Source)(nil)

// Source crawls one newsroom. Its goroutines start at the first Next and
// stop in Close.
type Source struct {
	cfg     Config
	f       Fetcher
	st      State
	ar      Archive
	log     *slog.Logger
	inScope func(*url.URL) bool
	links   cascadia.Selector
	next    cascadia.Selector
	date    cascadia.Selector

	started bool
	cancel  context.CancelFunc
	out     chan item
	done    chan struct{}

	// producer goroutine only
	discovered map[string]bool
	queued     int
	// requeued are the URLs walkQueue handed to the workers already.
	requeued map[string]bool

	mu       sync.Mutex
	listings map[string]bool // list pages, feeds and sitemaps read
	stats    ingest.SourceStats
	yielded  map[string]bool
	maxAcked string
	minFail  string
	complete bool
}

type item struct {
	page ingest.Page
	ack  ingest.AckFunc
}

// New checks cfg and returns the source. ar may be nil.
func New(cfg Config, f Fetcher, st State, ar Archive) (*Source, error) {
	if cfg.Name == "" {
		return nil, errors.New("crawl: source has no name")
	}
	if cfg.Kind < List || cfg.Kind > Sitemap {
		return nil, fmt.Errorf("crawl %s: unknown kind %d", cfg.Name, cfg.Kind)
	}
	if len(cfg.URLs) == 0 {
		return nil, fmt.Errorf("crawl %s: no start URL", cfg.Name)
	}
	s := &Source{cfg: cfg, f: f, st: st, ar: ar, log: cfg.Logger, discovered: map[string]bool{}, requeued: map[string]bool{}, listings: map[string]bool{}, yielded: map[string]bool{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = s.log.With("source", cfg.Name)
	var starts []*url.URL
	s.cfg.URLs = make([]string, len(cfg.URLs))
	for i, raw := range cfg.URLs {
		c, err := urlcanon.Canonical(raw)
		if err != nil {
			return nil, fmt.Errorf("crawl %s: url %q: %w", cfg.Name, raw, err)
		}
		s.cfg.URLs[i] = c
		u, _ := url.Parse(c)
		starts = append(starts, u)
		s.listings[c] = true // no goroutine yet
	}
	s.inScope = scope(starts, cfg.Hosts)
	var err error
	compile := func(field, sel string) cascadia.Selector {
		if sel == "" || err != nil {
			return nil
		}
		var c cascadia.Selector
		c, err = cascadia.Compile(sel)
		if err != nil {
			err = fmt.Errorf("crawl %s: %s selector %q: %w", cfg.Name, field, sel, err)
		}
		return c
	}
	s.links = compile("links", cfg.Links)
	s.next = compile("next", cfg.Next)
	s.date = compile("date", cfg.Date)
	if err != nil {
		return nil, err
	}
	if cfg.Kind == List && s.links == nil {
		return nil, fmt.Errorf("crawl %s: a list source needs a links selector", cfg.Name)
	}
	if s.cfg.MaxPages <= 0 {
		s.cfg.MaxPages = 20
		if cfg.Kind == Sitemap {
			s.cfg.MaxPages = 100
		}
	}
	if s.cfg.Workers <= 0 {
		s.cfg.Workers = 4
	}
	return s, nil
}

// scope returns the check that keeps a crawl on its hosts.
func scope(starts []*url.URL, extra []string) func(*url.URL) bool {
	names := map[string]bool{}
	hostports := map[string]bool{}
	addName := func(h string) {
		names[h] = true
		if net.ParseIP(h) == nil {
			if rest, ok := strings.CutPrefix(h, "www."); ok {
				names[rest] = true
			} else {
				names["www."+h] = true
			}
		}
	}
	for _, u := range starts {
		if u.Port() != "" {
			hostports[strings.ToLower(u.Host)] = true
		} else {
			addName(strings.ToLower(u.Hostname()))
		}
	}
	for _, h := range extra {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, _, err := net.SplitHostPort(h); err == nil {
			hostports[h] = true
		} else if h != "" {
			names[h] = true
		}
	}
	return func(u *url.URL) bool {
		return names[strings.ToLower(u.Hostname())] || hostports[strings.ToLower(u.Host)]
	}
}

// hosts lists the hosts a request may be redirected to.
func (s *Source) hosts() []string {
	var hs []string
	for _, raw := range s.cfg.URLs {
		u, _ := url.Parse(raw)
		hs = append(hs, u.Host)
		if net.ParseIP(u.Hostname()) == nil && u.Port() == "" {
			if rest, ok := strings.CutPrefix(u.Hostname(), "www."); ok {
				hs = append(hs, rest)
			} else {
				hs = append(hs, "www."+u.Hostname())
			}
		}
	}
	return append(hs, s.cfg.Hosts...)
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Stats returns what the source discovered and skipped.
func (s *Source) Stats() ingest.SourceStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Next returns the next page read.
func (s *Source) Next(ctx context.Context) (ingest.Page, ingest.AckFunc, error) {
	if !s.started {
		s.started = true
		rctx, cancel := context.WithCancel(ctx)
		s.cancel = cancel
		s.out = make(chan item)
		s.done = make(chan struct{})
		go s.run(rctx)
	}
	select {
	case it, ok := <-s.out:
		if !ok {
			if err := ctx.Err(); err != nil {
				return ingest.Page{}, nil, err
			}
			return ingest.Page{}, nil, ingest.ErrEndOfInput
		}
		return it.page, it.ack, nil
	case <-ctx.Done():
		return ingest.Page{}, nil, ctx.Err()
	}
}

// Close stops the crawl and, when it ran to its end, records the source's
// new high-water mark.
func (s *Source) Close(ctx context.Context) error {
	if !s.started {
		return nil
	}
	s.cancel()
	<-s.done
	s.mu.Lock()
	complete, maxAcked, minFail := s.complete, s.maxAcked, s.minFail
	s.mu.Unlock()
	if !complete || s.cfg.Kind != List {
		return nil
	}
	// The mark also says that a walk of the list ran to its end: only then
	// may the next one stop at a page of known releases (a walk killed half
	// way leaves later pages unread behind known ones).
	old, found, err := s.st.Mark(ctx, s.cfg.Name)
	if err != nil {
		return fmt.Errorf("read mark: %w", err)
	}
	mark := old.Date
	if s.date != nil && maxAcked != "" {
		mark = max(old.Date, maxAcked)
		if minFail != "" && minFail < mark {
			mark = minFail // a failed release keeps the walk reaching back to it
		}
	}
	if found && mark == old.Date {
		return nil
	}
	if err := s.st.PutMark(ctx, state.Mark{Source: s.cfg.Name, Date: mark, UpdatedAt: time.Now()}); err != nil {
		return fmt.Errorf("record mark: %w", err)
	}
	return nil
}

// candidate is a discovered release URL and what is known of it.
type candidate struct {
	url    string // as linked, canonical
	target string // the URL it is known under (after an alias)
	date   string // the listing's date for it
	rec    state.Record
	known  bool // indexed, unsupported or disallowed before
	// requeued: walkQueue requested it already; a listing linking it
	// again only counts it for the stop rules.
	requeued bool
}

func (s *Source) run(ctx context.Context) {
	defer close(s.done)
	defer close(s.out)
	jobs := make(chan candidate)
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				s.fetchRelease(ctx, c)
			}
		}()
	}
	emit := func(c candidate) bool {
		select {
		case jobs <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	err := s.walkQueue(ctx, emit)
	switch {
	case err != nil:
	case s.cfg.Kind == List:
		err = s.walkList(ctx, emit)
	case s.cfg.Kind == Feed:
		err = s.walkFeeds(ctx, emit)
	case s.cfg.Kind == Sitemap:
		err = s.walkSitemaps(ctx, emit)
	}
	close(jobs)
	wg.Wait()
	s.mu.Lock()
	s.complete = err == nil && ctx.Err() == nil
	s.mu.Unlock()
}

func (s *Source) send(ctx context.Context, it item) bool {
	select {
	case s.out <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

// consider applies the scope, the pattern and the source's own dedupe to
// a link, and looks up what is known of it. ok is false for links that are
// not the source's releases.
func (s *Source) consider(ctx context.Context, l state.Link) (c candidate, ok bool, err error) {
	u, perr := url.Parse(l.URL)
	if perr != nil || !s.inScope(u) {
		return c, false, nil
	}
	if s.cfg.Pattern != nil && !s.cfg.Pattern.MatchString(l.URL) {
		return c, false, nil
	}
	if s.discovered[l.URL] || s.isListing(l.URL) {
		return c, false, nil
	}
	s.discovered[l.URL] = true
	if !s.requeued[l.URL] {
		s.mu.Lock()
		s.stats.Discovered++
		s.mu.Unlock()
	}
	c = candidate{url: l.URL, target: l.URL, date: l.Date}
	if to, ok, err := s.st.Alias(ctx, l.URL); err != nil {
		return c, false, err
	} else if ok {
		c.target = to
	}
	rec, found, err := s.st.Get(ctx, c.target)
	if err != nil {
		return c, false, err
	}
	c.rec = rec
	// Known: resolved before. A disallowed link counts as known for the
	// stop rules but is still passed to the fetcher, which checks the
	// cached robots.txt again without a request.
	c.known = found && (rec.Status == state.Indexed || rec.Status == state.Unsupported || rec.Status == state.Disallowed)
	c.requeued = s.requeued[c.target] || s.requeued[l.URL]
	return c, true, nil
}

func (s *Source) isListing(u string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listings[u]
}

func (s *Source) addListing(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listings[u] = true
}

func (s *Source) skip() {
	s.mu.Lock()
	s.stats.Skipped++
	s.mu.Unlock()
}

// enqueue hands a candidate to the fetch workers unless another source has
// it or the source's limit is reached.
func (s *Source) enqueue(c candidate, emit func(candidate) bool) bool {
	if c.requeued {
		return true
	}
	if c.known && c.rec.Status == state.Unsupported && !s.cfg.Full {
		s.skip()
		return true
	}
	if s.cfg.MaxReleases > 0 && s.queued >= s.cfg.MaxReleases {
		s.skip()
		return true
	}
	if !s.cfg.Visited.claim(c.target) {
		s.skip()
		return true
	}
	s.queued++
	return emit(c)
}

// fail yields a page that could not be read (a list page, a feed, a
// release).
func (s *Source) fail(ctx context.Context, u string, err error, ack ingest.AckFunc) {
	p := ingest.Page{URL: u, FetchedAt: time.Now()}
	p.Stage, p.Err = classify(err)
	if p.Stage == "fetch" && s.isListing(u) {
		p.Stage = s.cfg.Kind.String() // the list page, feed or sitemap itself
	}
	var fe *fetch.Error
	if errors.As(err, &fe) {
		p.HTTPStatus = fe.Status
	}
	s.send(ctx, item{page: p, ack: ack})
}

// classify maps fetch errors to the run's page errors and stages.
func classify(err error) (stage string, _ error) {
	switch {
	case errors.Is(err, fetch.ErrDisallowed):
		return "robots", &kindError{ingest.ErrDisallowed, unwrapFetch(err)}
	case errors.Is(err, fetch.ErrUnsupportedType):
		return "type", &kindError{ingest.ErrUnsupported, unwrapFetch(err)}
	case errors.Is(err, fetch.ErrRobotsUnavailable):
		return "robots", unwrapFetch(err)
	}
	return "fetch", err
}

// kindError tells the run what kind of page error err is, without saying
// it twice.
type kindError struct {
	kind, err error
}

func (e *kindError) Error() string        { return e.err.Error() }
func (e *kindError) Unwrap() error        { return e.err }
func (e *kindError) Is(target error) bool { return target == e.kind }

func unwrapFetch(err error) error {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Err
	}
	return err
}

// fetchRelease gets one release and yields it.
func (s *Source) fetchRelease(ctx context.Context, c candidate) {
	ack := func(err error) { s.acked(c.date, err) }
	req := fetch.Request{URL: c.target, AllowPrivate: s.cfg.AllowPrivate, Hosts: s.hosts(), Accept: fetch.AcceptPage, Interval: s.cfg.Interval}
	if s.conditional(ctx, c) {
		req.ETag, req.LastModified = c.rec.ETag, c.rec.LastModified
	}
	resp, err := s.f.Fetch(ctx, req)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		s.fail(ctx, c.target, err, ack)
		return
	}
	now := time.Now()
	if resp.NotModified {
		s.send(ctx, item{page: ingest.Page{URL: c.target, NotModified: true, HTTPStatus: resp.Status, ETag: resp.ETag, LastModified: resp.LastModified, FetchedAt: now}, ack: ack})
		return
	}
	id := s.canonicalOf(resp)
	if id != c.url {
		if err := s.st.PutAlias(ctx, c.url, id); err != nil {
			s.log.Warn("record alias", "url", c.url, "err", err)
		}
	}
	if id != c.target && !s.cfg.Visited.claim(id) {
		s.skip() // another link, or another source, already read it
		return
	}
	s.mu.Lock()
	dup := s.yielded[id]
	s.yielded[id] = true
	s.mu.Unlock()
	if dup {
		s.skip()
		return
	}
	s.send(ctx, item{page: ingest.Page{
		URL: id, Body: resp.Body, ContentType: resp.ContentType, Text: fetch.IsText(resp.ContentType),
		FetchedAt: now, ETag: resp.ETag, LastModified: resp.LastModified, HTTPStatus: resp.Status,
		Selectors: s.cfg.Selectors,
	}, ack: ack})
}

// conditional: ask only "has it changed?" when the index has today's
// extraction of the page and the archive its bytes.
func (s *Source) conditional(ctx context.Context, c candidate) bool {
	r := c.rec
	if s.cfg.Force || !c.known || r.Status != state.Indexed || r.Extractor != extract.Version || (r.ETag == "" && r.LastModified == "") {
		return false
	}
	if s.ar == nil {
		return true
	}
	ok, err := s.ar.Has(ctx, c.target)
	return err == nil && ok
}

// canonicalOf picks a fetched page's URL: where the redirects ended, or
// the page's rel=canonical when it is on the source's hosts and names
// neither the site's root nor a list page (CMSs that point every page at
// the home page exist).
func (s *Source) canonicalOf(resp *fetch.Response) string {
	final, err := urlcanon.Canonical(resp.URL)
	if err != nil {
		return resp.URL
	}
	base, _ := url.Parse(final)
	href := relCanonical(resp.Body)
	if href == "" {
		return final
	}
	c, err := urlcanon.Resolve(base, href)
	if err != nil {
		return final
	}
	cu, _ := url.Parse(c)
	if !s.inScope(cu) || cu.Path == "/" && cu.RawQuery == "" || s.isListing(c) {
		return final
	}
	return c
}

func (s *Source) acked(date string, err error) {
	if date == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.minFail == "" || date < s.minFail {
			s.minFail = date
		}
		return
	}
	if date > s.maxAcked {
		s.maxAcked = date
	}
}

// listing reads a list page, feed or sitemap, conditionally when it was
// read before; on 304 it returns what was read then.
func (s *Source) listing(ctx context.Context, u string, accept fetch.Accept, parse func(base *url.URL, body []byte, contentType string) ([]state.Link, []string, error)) (state.Listing, error) {
	old, have, err := s.st.Listing(ctx, u)
	if err != nil {
		return state.Listing{}, err
	}
	req := fetch.Request{URL: u, AllowPrivate: s.cfg.AllowPrivate, Hosts: s.hosts(), Accept: accept, Interval: s.cfg.Interval}
	if have && !s.cfg.Force {
		req.ETag, req.LastModified = old.ETag, old.LastModified
	}
	resp, err := s.f.Fetch(ctx, req)
	if err != nil {
		return state.Listing{}, err
	}
	if resp.NotModified {
		s.log.Debug("listing not modified", "url", u, "links", len(old.Links))
		return old, nil
	}
	base, err := url.Parse(resp.URL)
	if err != nil {
		return state.Listing{}, err
	}
	links, next, err := parse(base, resp.Body, resp.ContentType)
	if err != nil {
		return state.Listing{}, fmt.Errorf("read %s: %w", u, err)
	}
	l := state.Listing{URL: u, ETag: resp.ETag, LastModified: resp.LastModified, FetchedAt: time.Now(), Links: links, Next: next}
	if err := s.st.PutListing(ctx, l); err != nil {
		s.log.Warn("record listing", "url", u, "err", err)
	}
	return l, nil
}

// walkList walks the list pages of each start URL.
func (s *Source) walkList(ctx context.Context, emit func(candidate) bool) error {
	mark, walked := "", false
	if !s.cfg.Full {
		m, found, err := s.st.Mark(ctx, s.cfg.Name)
		if err != nil {
			return err
		}
		mark, walked = m.Date, found
		if s.date == nil {
			mark = ""
		}
	}
	for _, start := range s.cfg.URLs {
		seen := map[string]bool{}
		u := start
		for page := 1; u != "" && page <= s.cfg.MaxPages && !seen[u]; page++ {
			seen[u] = true
			s.addListing(u)
			l, err := s.listing(ctx, u, fetch.AcceptPage, s.parseList)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				s.fail(ctx, u, err, nil)
				break
			}
			allKnown, old := len(l.Links) > 0, false
			for _, link := range l.Links {
				c, ok, err := s.consider(ctx, link)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				allKnown = allKnown && c.known
				if mark != "" && c.date != "" && c.date < mark {
					old = true
					if c.known {
						s.skip()
						continue
					}
				}
				if !s.enqueue(c, emit) {
					return ctx.Err()
				}
			}
			if !s.cfg.Full && (old || allKnown && walked) {
				s.log.Debug("list reaches known releases: stop", "page", u, "mark", mark)
				break
			}
			u = ""
			if len(l.Next) > 0 {
				nu, err := url.Parse(l.Next[0])
				if err == nil && s.inScope(nu) {
					u = l.Next[0]
				}
			}
		}
	}
	return nil
}

// walkQueue requests the source's queued URLs (Config.Queue), whether or
// not a listing still links them.
func (s *Source) walkQueue(ctx context.Context, emit func(candidate) bool) error {
	if s.cfg.Queue == nil {
		return nil
	}
	urls, err := s.cfg.Queue.Queued(ctx, s.cfg.Name)
	if err != nil {
		return fmt.Errorf("read queue: %w", err)
	}
	for _, u := range urls {
		pu, perr := url.Parse(u)
		if perr != nil || !s.inScope(pu) || s.requeued[u] {
			continue
		}
		s.requeued[u] = true
		s.mu.Lock()
		s.stats.Discovered++
		s.mu.Unlock()
		rec, _, err := s.st.Get(ctx, u)
		if err != nil {
			return err
		}
		// Not known: asked for unconditionally, whatever its status.
		s.log.Debug("queued", "url", u, "status", rec.Status)
		if !s.enqueue(candidate{url: u, target: u, rec: rec}, emit) {
			return ctx.Err()
		}
	}
	return nil
}

// newer reports whether a feed or sitemap date says the page may have
// changed since the record's last fetch. No date: it may have.
func newer(date string, rec state.Record) bool {
	if date == "" || rec.LastSeen.IsZero() {
		return true
	}
	t, err := time.Parse(time.RFC3339, date)
	if err != nil {
		d, derr := time.Parse("2006-01-02", date)
		if derr != nil {
			return true
		}
		t = d.Add(24 * time.Hour) // a day's date: changed at any time that day
	}
	return !rec.LastSeen.After(t)
}

func (s *Source) walkFeeds(ctx context.Context, emit func(candidate) bool) error {
	for _, u := range s.cfg.URLs {
		l, err := s.listing(ctx, u, fetch.AcceptXML, parseFeed)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			s.fail(ctx, u, err, nil)
			continue
		}
		if err := s.emitLinks(ctx, l.Links, emit); err != nil {
			return err
		}
	}
	return nil
}

func (s *Source) walkSitemaps(ctx context.Context, emit func(candidate) bool) error {
	queue := append([]string(nil), s.cfg.URLs...)
	seen := map[string]bool{}
	docs := 0
	for len(queue) > 0 && docs < s.cfg.MaxPages {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		s.addListing(u)
		docs++
		l, err := s.listing(ctx, u, fetch.AcceptXML, parseSitemap)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			s.fail(ctx, u, err, nil)
			continue
		}
		for _, n := range l.Next {
			if nu, err := url.Parse(n); err == nil && s.inScope(nu) {
				queue = append(queue, n)
			}
		}
		if err := s.emitLinks(ctx, l.Links, emit); err != nil {
			return err
		}
	}
	return nil
}

// emitLinks queues a feed's or sitemap's releases, leaving out known ones
// whose date says they have not changed since they were last fetched.
func (s *Source) emitLinks(ctx context.Context, links []state.Link, emit func(candidate) bool) error {
	for _, link := range links {
		c, ok, err := s.consider(ctx, link)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if !s.cfg.Full && c.known && c.rec.Status == state.Indexed && !newer(c.date, c.rec) {
			s.skip()
			continue
		}
		if !s.enqueue(c, emit) {
			return ctx.Err()
		}
	}
	return nil
}

package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// ArchiveReader is what Reindex needs of the raw-page archive
// (archive.Store is one).
type ArchiveReader interface {
	// Each calls fn with every page's metadata, body left out.
	Each(ctx context.Context, fn func(archive.Entry) error) error
	// Get returns a page with its body.
	Get(ctx context.Context, url string) (archive.Entry, bool, error)
}

// ReindexOptions tune Reindex. The zero value re-extracts everything.
type ReindexOptions struct {
	// Selectors returns a source's current article selectors (nil: the
	// generic rules). Reindex applies today's configuration, not the one
	// the page was fetched under.
	Selectors func(source string) *extract.Selectors
	// Sources, when set, limits the run to pages of these sources ("" is
	// ad-hoc files).
	Sources []string
	// Workers extract in parallel (default: GOMAXPROCS).
	Workers  int
	Logger   *slog.Logger
	Progress func(source string, c Counts)
}

// Reindex extracts every archived page again with x and puts each release
// into w, fetching nothing: after an extractor improvement, or to fill a
// new index (a new Elasticsearch index version) before switching to it.
// Every page is re-indexed (as Runner.Force), one summary entry per source.
//
// With st set, the crawl state records the new release hashes and
// extractor version as the index acknowledges them, so that the next crawl
// can ask conditionally again; the fetch history (first and last seen,
// validators) is left as it was. With st nil the crawl state is not
// touched, which suits filling an index that is not live yet.
func Reindex(ctx context.Context, a ArchiveReader, x *extract.Extractor, w index.Writer, st StateStore, opts ReindexOptions) (*Summary, error) {
	want := map[string]bool{}
	for _, s := range opts.Sources {
		want[s] = true
	}
	groups := map[string][]string{}
	err := a.Each(ctx, func(e archive.Entry) error {
		if len(want) == 0 || want[e.Source] {
			groups[e.Source] = append(groups[e.Source], e.URL)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read archive: %w", err)
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	sources := make([]Source, 0, len(names))
	for _, n := range names {
		var sel *extract.Selectors
		if opts.Selectors != nil {
			sel = opts.Selectors(n)
		}
		sources = append(sources, &archiveSource{name: n, a: a, urls: groups[n], sel: sel})
	}
	if st == nil {
		st = nopState{}
	}
	r := &Runner{Extractor: x, Index: w, State: st, Force: true, Workers: opts.Workers, Logger: opts.Logger, Progress: opts.Progress, keepSeen: true}
	return r.Run(ctx, sources...)
}

// archiveSource yields one source's archived pages.
type archiveSource struct {
	name string
	a    ArchiveReader
	urls []string
	sel  *extract.Selectors
	next int
}

func (s *archiveSource) Name() string { return s.name }

func (s *archiveSource) Next(ctx context.Context) (Page, AckFunc, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, nil, err
	}
	if s.next >= len(s.urls) {
		return Page{}, nil, ErrEndOfInput
	}
	url := s.urls[s.next]
	s.next++
	e, ok, err := s.a.Get(ctx, url)
	p := Page{URL: url, Selectors: s.sel}
	switch {
	case err != nil:
		p.Err, p.Stage = err, "archive"
	case !ok:
		p.Err, p.Stage = fmt.Errorf("gone from the archive"), "archive"
	default:
		p.Body, p.ContentType, p.Text, p.FetchedAt = e.Body, e.ContentType, e.Text, e.FetchedAt
	}
	return p, nil, nil
}

func (s *archiveSource) Close(ctx context.Context) error { return nil }

// nopState is the crawl state of a reindex that must not touch the real
// one.
type nopState struct{}

func (nopState) Get(ctx context.Context, url string) (state.Record, bool, error) {
	return state.Record{}, false, nil
}

func (nopState) Apply(ctx context.Context, edits []state.Edit) error { return nil }

// DeferredState holds a reindex's crawl-state edits back until the index
// it fills is live: written earlier, a crash before the switch would leave
// the state saying "indexed with today's rules" of releases the live index
// still has in their old form. Commit writes them once the switch is done.
type DeferredState struct {
	St StateStore

	mu    sync.Mutex
	edits []state.Edit
}

// Get reads through to the real state.
func (d *DeferredState) Get(ctx context.Context, url string) (state.Record, bool, error) {
	return d.St.Get(ctx, url)
}

// Apply keeps the edits for Commit.
func (d *DeferredState) Apply(ctx context.Context, edits []state.Edit) error {
	d.mu.Lock()
	d.edits = append(d.edits, edits...)
	d.mu.Unlock()
	return nil
}

// Commit writes the kept edits, a thousand a transaction.
func (d *DeferredState) Commit(ctx context.Context) error {
	d.mu.Lock()
	edits := d.edits
	d.edits = nil
	d.mu.Unlock()
	for len(edits) > 0 {
		n := min(len(edits), 1000)
		if err := d.St.Apply(ctx, edits[:n]); err != nil {
			return err
		}
		edits = edits[n:]
	}
	return nil
}

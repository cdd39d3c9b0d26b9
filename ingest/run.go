package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// StateStore is what a run needs of the crawl state.
type StateStore interface {
	Get(ctx context.Context, url string) (state.Record, bool, error)
	Apply(ctx context.Context, edits []state.Edit) error
}

// Archiver keeps the raw bytes of every page read (archive.Store is one).
// Put must be safe for concurrent use.
type Archiver interface {
	Put(ctx context.Context, e archive.Entry) (bool, error)
}

// Runner runs sources into an index. Set the fields, then call Run; a
// Runner may run many times but not twice at once.
type Runner struct {
	Extractor *extract.Extractor
	Index     index.Writer
	State     StateStore
	// Archive, when set, receives the raw bytes of every page read, so
	// that Reindex can extract them again without fetching. A failing
	// archive is logged, not fatal.
	Archive Archiver
	// Parallel is how many sources run at once (default 1). Crawls of
	// different sites mostly wait on their hosts' rate limits, so running
	// them side by side shortens a run without loading any one site more.
	Parallel int
	// Workers read, archive and extract pages in parallel (default: eight
	// per CPU). Extraction keeps a CPU busy, but the archive commits its
	// writes in groups every 20 ms and each worker waits for its page's
	// group, so more workers than CPUs are needed to keep the CPUs busy.
	Workers int
	// Force re-extracts and re-indexes pages that have not changed.
	Force bool
	// Logger gets a line per failure and, at debug level, per page.
	Logger *slog.Logger
	// Progress, when set, is called after each page with the source's
	// counts so far (for progress bars). It must be quick.
	Progress func(source string, c Counts)
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Observer, when set, sees every page's outcome and stage latencies
	// (metrics).
	Observer Observer
	// Hook, when set, is called at fixed points of the run (tests).
	Hook Hook

	// keepSeen leaves the fetch history in the crawl state alone (first
	// and last seen, status, validators): a reindex reads the archive, it
	// sees nothing new.
	keepSeen bool
}

type job struct {
	page Page
	ack  AckFunc
}

type outcome int

const (
	outFailed outcome = iota + 1
	outNotModified
	outUnchanged
	outPut
	outDisallowed
	outUnsupported
)

type result struct {
	job
	out     outcome
	stage   string
	err     error
	doc     index.Doc
	rawHash string
	relHash string
	isNew   bool
}

// Run drives the sources, Parallel at a time, and returns what happened,
// one SourceSummary per source in the order given. The error is non-nil
// only when the run could not go on (ctx cancelled, index or state
// failing); sources not started by then are left out of the summary. Page
// failures are in the summary.
//
// Cancelling ctx stops the run gracefully: sources stop reading (a fetch in
// flight is abandoned, its page not acknowledged, so it is read again next
// time), while the pages already read are extracted, indexed and recorded
// in the crawl state, without ctx, before Run returns context.Canceled
// with the summary of what was done.
func (r *Runner) Run(ctx context.Context, sources ...Source) (*Summary, error) {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	log := r.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	sum := &Summary{Started: now()}
	sw := newStateWriter(ctx, r.State, log)
	parallel := max(r.Parallel, 1)
	sum.Sources = make([]*SourceSummary, len(sources))
	errs := make([]error, len(sources))
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	var stopped atomic.Bool
	for i, src := range sources {
		ss := &SourceSummary{Name: src.Name()}
		sum.Sources[i] = ss
		slots <- struct{}{}
		if stopped.Load() {
			// The run cannot go on: the sources not started are left out.
			<-slots
			sum.Sources[i] = nil
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			err := r.runSource(ctx, src, ss, sw, log, now)
			if cerr := src.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
				ss.Error = fmt.Sprintf("close source: %v", cerr)
			}
			if err != nil {
				errs[i] = err
				stopped.Store(true)
			}
		}()
	}
	wg.Wait()
	var runErr error
	kept := sum.Sources[:0]
	for i, ss := range sum.Sources {
		if ss == nil {
			continue
		}
		kept = append(kept, ss)
		sum.Totals.add(ss.Counts)
		if errs[i] != nil && runErr == nil {
			runErr = errs[i]
		}
	}
	sum.Sources = kept
	if err := sw.close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("write crawl state: %w", err)
	}
	sum.Duration = now().Sub(sum.Started)
	if runErr != nil {
		sum.Error = runErr.Error()
	}
	return sum, runErr
}

func (r *Runner) runSource(ctx context.Context, src Source, ss *SourceSummary, sw *stateWriter, log *slog.Logger, now func() time.Time) error {
	workers := r.Workers
	if workers <= 0 {
		workers = 8 * runtime.GOMAXPROCS(0)
	}
	log = log.With("source", src.Name())
	var mu sync.Mutex // guards ss
	if r.Observer != nil {
		defer func() {
			mu.Lock()
			defer mu.Unlock()
			r.Observer.SourceDone(ss)
		}()
	}
	progress := func() {
		if r.Progress != nil {
			r.Progress(ss.Name, ss.Counts)
		}
	}
	fail := func(p Page, stage string, err error) {
		ss.Failed++
		ss.Failures = append(ss.Failures, Failure{URL: p.URL, Stage: stage, Reason: err.Error()})
		log.Warn("release failed", "url", p.URL, "stage", stage, "err", err)
	}
	ignore := func(p Page, stage string, err error) {
		ss.Ignored = append(ss.Ignored, Failure{URL: p.URL, Stage: stage, Reason: err.Error()})
		log.Info("page not read", "url", p.URL, "reason", err)
	}

	// Pages already read are finished even when ctx is cancelled: their
	// extraction, index writes and state edits do not take the
	// cancellation.
	wctx := context.WithoutCancel(ctx)
	jobs := make(chan job, workers*2)
	results := make(chan result, workers*2)
	var readErr error
	go func() {
		defer close(jobs)
		for {
			p, ack, err := src.Next(ctx)
			if errors.Is(err, ErrEndOfInput) {
				return
			}
			if err != nil {
				readErr = err
				return
			}
			if ack == nil {
				ack = func(error) {}
			}
			select {
			case jobs <- job{p, ack}:
			case <-ctx.Done():
				ack(ctx.Err())
				readErr = ctx.Err()
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- r.process(wctx, j, src.Name())
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var putErr error
	outstanding := 0
	for res := range results {
		p := res.page
		t := now()
		fetched := p.Err == nil && !p.NotModified
		mu.Lock()
		ss.Read++
		if fetched {
			ss.Fetched++
		}
		switch res.out {
		case outDisallowed:
			// Never requested: only the fact is recorded, so that a crawl
			// knows the link.
			ss.Disallowed++
			ignore(p, res.stage, res.err)
			mu.Unlock()
			r.observe(src.Name(), OutcomeDisallowed, fetched)
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.Status, rec.Stage, rec.Error = state.Disallowed, res.stage, res.err.Error()
				rec.Retry = false
			})
			res.ack(nil)
		case outUnsupported:
			ss.Unsupported++
			ignore(p, res.stage, res.err)
			mu.Unlock()
			r.observe(src.Name(), OutcomeUnsupported, fetched)
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.Status, rec.Stage, rec.Error = state.Unsupported, res.stage, res.err.Error()
				rec.Retry = false
			})
			res.ack(nil)
		case outFailed:
			fail(p, res.stage, res.err)
			mu.Unlock()
			r.observe(src.Name(), OutcomeFailed, fetched)
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.Status, rec.Stage, rec.Error = state.Failed, res.stage, res.err.Error()
				rec.Failures++
				rec.Retry = false
			})
			res.ack(res.err)
		case outNotModified:
			ss.NotModified++
			mu.Unlock()
			r.observe(src.Name(), OutcomeNotModified, fetched)
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.Retry = false
			})
			res.ack(nil)
		case outUnchanged:
			ss.Unchanged++
			mu.Unlock()
			r.observe(src.Name(), OutcomeUnchanged, fetched)
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.RawSHA256, rec.Extractor = res.rawHash, extract.Version
				rec.Retry = false
			})
			res.ack(nil)
		case outPut:
			outstanding++
			mu.Unlock()
			id := res.doc.Release.ID
			sw.edit(p.URL, func(rec *state.Record) {
				r.touch(rec, p, src.Name(), t)
				rec.ID = id
				if rec.Status != state.Indexed || rec.RawSHA256 != res.rawHash {
					rec.Status = state.Pending
				}
			})
			if putErr != nil {
				mu.Lock()
				outstanding--
				fail(p, "index", putErr)
				mu.Unlock()
				r.observe(src.Name(), OutcomeFailed, fetched)
				res.ack(putErr)
				break
			}
			res := res
			r.at("put", p.URL)
			sent := now()
			err := r.Index.Put(wctx, res.doc, func(err error) {
				t := now()
				if r.Observer != nil {
					r.Observer.Stage(src.Name(), "index", t.Sub(sent), err)
				}
				r.at("ack", p.URL)
				o := OutcomeFailed
				mu.Lock()
				outstanding--
				switch {
				case err != nil:
					fail(p, "index", err)
				case res.isNew:
					ss.New++
					o = OutcomeNew
				default:
					ss.Updated++
					o = OutcomeUpdated
				}
				mu.Unlock()
				r.observe(src.Name(), o, fetched)
				sw.edit(p.URL, func(rec *state.Record) {
					if err != nil {
						rec.Status, rec.Stage, rec.Error = state.Failed, "index", err.Error()
						rec.Failures++
						rec.Retry = false
						return
					}
					rec.Status, rec.Stage, rec.Error, rec.Failures = state.Indexed, "", "", 0
					rec.RawSHA256, rec.ReleaseSHA256, rec.Extractor = res.rawHash, res.relHash, extract.Version
					rec.IndexedAt = t
					rec.Retry = false
				})
				res.ack(err)
				mu.Lock()
				progress()
				mu.Unlock()
			})
			if err != nil {
				// The index refused the document outright: the run cannot
				// index anything more, but the rest is still read and counted.
				putErr = fmt.Errorf("index: %w", err)
				mu.Lock()
				outstanding--
				fail(p, "index", putErr)
				mu.Unlock()
				r.observe(src.Name(), OutcomeFailed, fetched)
				res.ack(putErr)
			}
		}
		mu.Lock()
		progress()
		mu.Unlock()
	}
	ferr := r.Index.Flush(wctx)
	mu.Lock()
	ss.Pending = outstanding
	if st, ok := src.(StatsSource); ok {
		s := st.Stats()
		ss.Discovered, ss.Skipped = s.Discovered, s.Skipped
	} else {
		ss.Discovered = ss.Read
	}
	mu.Unlock()
	switch {
	case readErr != nil && ctx.Err() != nil:
		return ctx.Err()
	case readErr != nil:
		ss.Error = readErr.Error()
	}
	if ferr != nil {
		return fmt.Errorf("flush index: %w", ferr)
	}
	if putErr != nil && errors.Is(putErr, context.Canceled) {
		return putErr
	}
	return ctx.Err()
}

func (r *Runner) touch(rec *state.Record, p Page, source string, t time.Time) {
	if r.keepSeen {
		return
	}
	if rec.FirstSeen.IsZero() {
		rec.FirstSeen = t
	}
	rec.LastSeen = t
	rec.Source = source
	if p.HTTPStatus != 0 {
		rec.HTTPStatus = p.HTTPStatus
	}
	if p.ETag != "" || p.LastModified != "" {
		rec.ETag, rec.LastModified = p.ETag, p.LastModified
	}
}

// process decides what to do with one page; it runs in a worker.
func (r *Runner) process(ctx context.Context, j job, source string) result {
	p := j.page
	res := result{job: j}
	if p.Err != nil {
		res.out, res.stage, res.err = outFailed, p.Stage, p.Err
		switch {
		case errors.Is(p.Err, ErrDisallowed):
			res.out = outDisallowed
		case errors.Is(p.Err, ErrUnsupported):
			res.out = outUnsupported
		}
		if res.stage == "" {
			res.stage = "read"
		}
		return res
	}
	if p.NotModified {
		res.out = outNotModified
		return res
	}
	sum := sha256.Sum256(p.Body)
	res.rawHash = hex.EncodeToString(sum[:])
	if r.Archive != nil {
		// Archived before extraction: a page today's rules cannot read may
		// be read by tomorrow's.
		_, err := r.Archive.Put(ctx, archive.Entry{URL: p.URL, Source: source, ContentType: p.ContentType, Text: p.Text, FetchedAt: p.FetchedAt, Body: p.Body})
		if err != nil && ctx.Err() == nil {
			r.logger().Warn("archive page", "url", p.URL, "err", err)
		}
	}
	rec, seen, err := r.State.Get(ctx, p.URL)
	if err != nil {
		res.out, res.stage, res.err = outFailed, "state", err
		return res
	}
	indexed := seen && rec.Status == state.Indexed
	if !r.Force && indexed && rec.RawSHA256 == res.rawHash && rec.Extractor == extract.Version {
		res.out = outUnchanged
		return res
	}
	r.at("extract", p.URL)
	started := time.Now()
	ex, err := r.Extractor.Extract(extract.Input{
		URL: p.URL, Body: p.Body, ContentType: p.ContentType, Text: p.Text, FetchedAt: p.FetchedAt, Source: source,
		Selectors: p.Selectors,
	})
	if r.Observer != nil {
		r.Observer.Stage(source, "extract", time.Since(started), err)
	}
	if err != nil {
		res.out, res.stage, res.err = outFailed, "extract", err
		return res
	}
	rel := ex.Release
	res.relHash = releaseHash(rel)
	if !r.Force && indexed && rec.ReleaseSHA256 == res.relHash {
		// New bytes or new rules, same release: nothing to re-index.
		res.out = outUnchanged
		return res
	}
	res.out = outPut
	res.doc = index.Doc{Release: rel, Terms: ex.Terms}
	res.isNew = !seen || rec.IndexedAt.IsZero()
	return res
}

func (r *Runner) observe(source string, o Outcome, fetched bool) {
	if r.Observer != nil {
		r.Observer.Page(source, o, fetched)
	}
}

func (r *Runner) at(point, url string) {
	if r.Hook != nil {
		r.Hook.At(point, url)
	}
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

// releaseHash hashes a release without the time it was fetched, which
// changes on every crawl.
func releaseHash(r *extract.Release) string {
	c := *r
	c.FetchedAt = ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// stateWriter applies state edits in batches from one goroutine, so that
// thousands of acknowledgements cost a few transactions, not one fsync each.
type stateWriter struct {
	st   StateStore
	ch   chan state.Edit
	done chan struct{}
	err  error
	log  *slog.Logger
}

func newStateWriter(ctx context.Context, st StateStore, log *slog.Logger) *stateWriter {
	w := &stateWriter{st: st, ch: make(chan state.Edit, 1024), done: make(chan struct{}), log: log}
	// Edits that record acknowledgements must land even when the run is
	// cancelled: the index has the documents.
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer close(w.done)
		batch := make([]state.Edit, 0, 512)
		for e := range w.ch {
			batch = append(batch[:0], e)
		drain:
			for len(batch) < cap(batch) {
				select {
				case e, ok := <-w.ch:
					if !ok {
						break drain
					}
					batch = append(batch, e)
				default:
					break drain
				}
			}
			if err := st.Apply(ctx, batch); err != nil && w.err == nil {
				w.err = err
				log.Error("write crawl state", "err", err)
			}
		}
	}()
	return w
}

func (w *stateWriter) edit(url string, fn func(*state.Record)) {
	w.ch <- state.Edit{URL: url, Fn: fn}
}

func (w *stateWriter) close() error {
	close(w.ch)
	<-w.done
	return w.err
}

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
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// StateStore is what a run needs of the crawl state.
type StateStore interface {
	Get(ctx context.Context, url string) (state.Record, bool, error)
	Apply(ctx context.Context, edits []state.Edit) error
}

// Runner runs sources into an index. Set the fields, then call Run; a
// Runner may run many times but not twice at once.
type Runner struct {
	Extractor *extract.Extractor
	Index     index.Writer
	State     StateStore
	// Workers extract in parallel (default: GOMAXPROCS).
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

// Run drives each source in turn and returns what happened. The error is
// non-nil only when the run could not go on (ctx cancelled, index or state
// failing); page failures are in the summary.
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
	var runErr error
	for _, src := range sources {
		ss := &SourceSummary{Name: src.Name()}
		sum.Sources = append(sum.Sources, ss)
		err := r.runSource(ctx, src, ss, sw, log, now)
		if cerr := src.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			ss.Error = fmt.Sprintf("close source: %v", cerr)
		}
		sum.Totals.add(ss.Counts)
		if err != nil {
			runErr = err
			break
		}
	}
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
		workers = runtime.GOMAXPROCS(0)
	}
	log = log.With("source", src.Name())
	var mu sync.Mutex // guards ss
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
				results <- r.process(ctx, j, src.Name())
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
		mu.Lock()
		ss.Read++
		switch res.out {
		case outFailed:
			fail(p, res.stage, res.err)
			mu.Unlock()
			sw.edit(p.URL, func(rec *state.Record) {
				touch(rec, p, src.Name(), t)
				rec.Status, rec.Stage, rec.Error = state.Failed, res.stage, res.err.Error()
				rec.Failures++
			})
			res.ack(res.err)
		case outNotModified:
			ss.NotModified++
			mu.Unlock()
			sw.edit(p.URL, func(rec *state.Record) { touch(rec, p, src.Name(), t) })
			res.ack(nil)
		case outUnchanged:
			ss.Unchanged++
			mu.Unlock()
			sw.edit(p.URL, func(rec *state.Record) {
				touch(rec, p, src.Name(), t)
				rec.RawSHA256, rec.Extractor = res.rawHash, extract.Version
			})
			res.ack(nil)
		case outPut:
			outstanding++
			mu.Unlock()
			id := res.doc.Release.ID
			sw.edit(p.URL, func(rec *state.Record) {
				touch(rec, p, src.Name(), t)
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
				res.ack(putErr)
				break
			}
			res := res
			err := r.Index.Put(ctx, res.doc, func(err error) {
				t := now()
				mu.Lock()
				outstanding--
				switch {
				case err != nil:
					fail(p, "index", err)
				case res.isNew:
					ss.New++
				default:
					ss.Updated++
				}
				mu.Unlock()
				sw.edit(p.URL, func(rec *state.Record) {
					if err != nil {
						rec.Status, rec.Stage, rec.Error = state.Failed, "index", err.Error()
						rec.Failures++
						return
					}
					rec.Status, rec.Stage, rec.Error, rec.Failures = state.Indexed, "", "", 0
					rec.RawSHA256, rec.ReleaseSHA256, rec.Extractor = res.rawHash, res.relHash, extract.Version
					rec.IndexedAt = t
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
				res.ack(putErr)
			}
		}
		mu.Lock()
		progress()
		mu.Unlock()
	}
	ferr := r.Index.Flush(ctx)
	mu.Lock()
	ss.Pending = outstanding
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

func touch(rec *state.Record, p Page, source string, t time.Time) {
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
	ex, err := r.Extractor.Extract(extract.Input{
		URL: p.URL, Body: p.Body, ContentType: p.ContentType, Text: p.Text, FetchedAt: p.FetchedAt, Source: source,
	})
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

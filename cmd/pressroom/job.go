package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/crawl"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/runlock"
	"github.com/pressroom-ja/pressroom/ingest/state"
	"github.com/pressroom-ja/pressroom/ingest/state/esstate"
)

// ingestJob is one configured ingest, run once (`pressroom ingest`), on a
// schedule (`ingest --every`) or inside `serve --ingest-every`. Each run
// takes the locks, opens the crawl state and the archive, runs, records
// the run in the state and releases everything, so that between two runs
// another command (`pressroom retry`, a manual run) can use the data
// directory.
type ingestJob struct {
	env     Env
	store   *storeOptions
	cfg     *config // nil: paths
	picked  []sourceConfig
	paths   []string
	full    bool
	force   bool
	workers int
	// command names the holder in lock files ("pressroom ingest --every 30m").
	command string
	log     *slog.Logger
	metrics *metrics      // nil: none
	bars    bool          // draw progress bars on stderr
	logOut  *switchWriter // the logger's writer, moved above the bars while they draw
	hook    ingest.Hook   // test pause, nil
	asJSON  bool          // summary as one JSON object on stdout
	quiet   bool          // no summary on stdout (serve)
	x       *extract.Extractor
}

// run outcomes, recorded with each run and counted in the metrics.
const (
	outcomeOK          = "ok"
	outcomePartial     = "partial"
	outcomeFailed      = "failed"
	outcomeInterrupted = "interrupted"
	outcomeLocked      = "locked"
)

// once runs the job once. shared, when set, is the index to write into
// (serve's); otherwise the index is opened for the run and closed after
// it. The error carries the exit status: 3 when some releases failed, 4
// when another run holds a lock, 1 when the run failed or was
// interrupted.
func (j *ingestJob) once(ctx context.Context, shared index.Index) (*ingest.Summary, error) {
	started := time.Now()
	runID := newRunID(started)
	log := j.log.With("run", runID)
	sum, outcome, err := j.do(ctx, shared, runID, log)
	if j.metrics != nil {
		j.metrics.runDone(outcome, time.Since(started))
	}
	if sum != nil {
		attrs := []any{"outcome", outcome, "duration", sum.Duration.Round(time.Millisecond).String()}
		attrs = append(attrs, countsAttrs(sum.Totals)...)
		if err != nil {
			attrs = append(attrs, "err", err.Error())
		}
		level := slog.LevelInfo
		if outcome != outcomeOK {
			level = slog.LevelWarn
		}
		log.Log(context.WithoutCancel(ctx), level, "run finished", attrs...)
	}
	return sum, err
}

func (j *ingestJob) do(ctx context.Context, shared index.Index, runID string, log *slog.Logger) (_ *ingest.Summary, outcome string, _ error) {
	lock, err := lockData(ctx, j.store, j.command)
	if err != nil {
		if ExitCode(err) == exitLocked {
			return nil, outcomeLocked, err
		}
		return nil, outcomeFailed, err
	}
	defer lock.Release()
	if shared == nil && !j.store.elastic() {
		if err := checkServeHolder(j.store.Data); err != nil {
			return nil, outcomeLocked, err
		}
	}
	if j.metrics != nil {
		j.metrics.runStarted()
	}
	log.Info("run started", "command", j.command, "data", j.store.Data)

	st, err := openState(ctx, j.store)
	if err != nil {
		return nil, outcomeFor(err), err
	}
	defer st.Close(context.WithoutCancel(ctx))
	ar, err := openArchive(ctx, j.store)
	if err != nil {
		return nil, outcomeFor(err), err
	}
	defer ar.Close(context.WithoutCancel(ctx))

	idx := shared
	if idx == nil {
		if idx, err = openIndex(ctx, j.store, j.x.Analyzer(), false); err != nil {
			if errors.Is(err, runlock.ErrHeld) || ExitCode(err) == exitLocked {
				return nil, outcomeLocked, explainIndexLocked(j.store.Data, err)
			}
			return nil, outcomeFailed, err
		}
	}
	closeIndex := func() error {
		if shared != nil {
			return nil
		}
		return idx.Close(context.WithoutCancel(ctx))
	}
	rs, err := runState(ctx, j.store, idx, st)
	if err != nil {
		_ = closeIndex()
		return nil, outcomeFailed, err
	}
	rctx := ctx
	if es, ok := rs.(*esstate.Store); ok {
		lease, err := es.Lock(ctx, runlock.Holder{Command: j.command}, esstate.LeaseConfig{Logger: log.WithGroup("lease")})
		var held *esstate.HeldError
		if errors.As(err, &held) {
			_ = closeIndex()
			return nil, outcomeLocked, withCode(exitLocked, fmt.Errorf("%w; wait for it to finish (or stop it): a crashed holder's lease expires %s after its last renewal", err, esstate.DefaultLeaseTTL))
		}
		if err != nil {
			_ = closeIndex()
			return nil, outcomeFailed, withCode(exitFailure, fmt.Errorf("lock the crawl state in Elasticsearch: %w", err))
		}
		defer lease.Release(context.WithoutCancel(ctx))
		var cancel context.CancelFunc
		rctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-lease.Lost():
				cancel()
			case <-rctx.Done():
			}
		}()
	}

	sources, err := j.sources(st, rs, ar, log)
	if err != nil {
		_ = closeIndex()
		return nil, outcomeFailed, err
	}
	parallel := 1
	if j.cfg != nil {
		parallel = j.cfg.Crawl.Parallel
		if parallel == 0 {
			parallel = 4
		}
	}
	// The log line of a finished source goes out before its bar is
	// completed, while the bars still print what is written above them.
	obs := observers{sourceLogger{log}}
	if j.metrics != nil {
		obs = append(obs, j.metrics)
	}
	run := &ingest.Runner{Extractor: j.x, Index: idx, State: rs, Archive: ar, Parallel: parallel, Workers: j.workers,
		Force: j.force, Logger: log, Hook: j.hook}
	var bars *progressBars
	stopBars := func() {}
	if j.bars {
		bars = newProgressBars(j.env.Stderr, sources.list)
		obs = append(obs, bars)
		run.Progress = bars.progress
		if j.logOut != nil {
			j.logOut.above(bars.p)
		}
		stopBars = sync.OnceFunc(func() {
			bars.wait()
			if j.logOut != nil {
				j.logOut.above(nil)
			}
		})
		defer stopBars()
	}
	run.Observer = obs
	sum, runErr := run.Run(rctx, sources.list...)
	if sources.fetcher != nil {
		_ = sources.fetcher.Close(context.WithoutCancel(ctx))
	}
	if err := closeIndex(); err != nil && runErr == nil {
		runErr = fmt.Errorf("close index: %w", err)
	}
	stopBars()
	outcome, exitErr := classify(ctx, sum, runErr)
	if sum != nil {
		j.record(ctx, st, runID, sum, outcome, log)
		j.printSummary(sum)
	}
	if j.metrics != nil {
		if b, err := st.Backlog(context.WithoutCancel(ctx)); err == nil {
			names := make([]string, 0, len(sources.list))
			for _, s := range sources.list {
				names = append(names, s.Name())
			}
			j.metrics.backlog(b.Queued, b.Failed, names)
		}
	}
	return sum, outcome, exitErr
}

// classify maps a run's result to its outcome and exit status.
func classify(ctx context.Context, sum *ingest.Summary, runErr error) (string, error) {
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled) && ctx.Err() != nil:
		return outcomeInterrupted, withCode(exitFailure, errors.New("interrupted: the releases read so far are indexed and recorded; run again to finish"))
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return outcomeFailed, withCode(exitFailure, fmt.Errorf("stopped: %w (the run lease in Elasticsearch was lost)", runErr))
	case runErr != nil:
		return outcomeFailed, runErr
	case sum == nil:
		return outcomeFailed, errors.New("no summary")
	case !sum.OK():
		return outcomePartial, withCode(exitPartial, fmt.Errorf("%d of %d releases failed (see above; `pressroom status` lists them, `pressroom retry` re-queues them); the others are indexed", sum.Totals.Failed+sum.Totals.Pending, sum.Totals.Read))
	}
	return outcomeOK, nil
}

func outcomeFor(err error) string {
	if ExitCode(err) == exitLocked {
		return outcomeLocked
	}
	return outcomeFailed
}

// record writes the run into the crawl state, even when interrupted.
func (j *ingestJob) record(ctx context.Context, st *state.Store, id string, sum *ingest.Summary, outcome string, log *slog.Logger) {
	b, err := json.Marshal(sum)
	if err == nil {
		err = st.AddRun(context.WithoutCancel(ctx), state.Run{
			ID: id, Started: sum.Started, Finished: sum.Started.Add(sum.Duration), Outcome: outcome, Summary: b,
		})
	}
	if err != nil {
		log.Error("record run", "err", err)
	}
}

func (j *ingestJob) printSummary(sum *ingest.Summary) {
	switch {
	case j.quiet:
	case j.asJSON:
		enc := json.NewEncoder(j.env.Stdout)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(sum)
	default:
		sum.WriteText(j.env.Stdout)
	}
}

// jobSources are a run's sources and the fetcher they share.
type jobSources struct {
	list    []ingest.Source
	fetcher *fetch.Fetcher
}

// crawlState is what a crawl reads of the crawl state: listings, marks,
// aliases and robots.txt from the data directory, and the per-URL records
// (and the retry queue) from where the run records them: the same file,
// or Elasticsearch.
type crawlState struct {
	*state.Store
	records ingest.StateStore
}

func (c crawlState) Get(ctx context.Context, url string) (state.Record, bool, error) {
	return c.records.Get(ctx, url)
}

func (j *ingestJob) sources(st *state.Store, rs ingest.StateStore, ar crawl.Archive, log *slog.Logger) (jobSources, error) {
	var out jobSources
	if j.cfg == nil {
		out.list = append(out.list, filesource.New("", j.paths...))
		return out, nil
	}
	var fo fetch.Observer
	if j.metrics != nil {
		fo = j.metrics
	}
	f, err := newFetcher(j.cfg.Crawl, st, log, fo)
	if err != nil {
		return out, withCode(exitUsage, err)
	}
	out.fetcher = f
	var queue crawl.Queue
	if rs == ingest.StateStore(st) {
		queue = st
	}
	cs := crawlState{Store: st, records: rs}
	if out.list, err = buildSources(j.picked, f, cs, ar, queue, j.full, j.force, log); err != nil {
		_ = f.Close(context.Background())
		return out, withCode(exitUsage, err)
	}
	return out, nil
}

// sourceLogger logs a line per source as it finishes: what a log reader
// (or a JSON log pipeline) needs without the summary on stdout.
type sourceLogger struct{ log *slog.Logger }

func (sourceLogger) Page(string, ingest.Outcome, bool)          {}
func (sourceLogger) Stage(string, string, time.Duration, error) {}
func (s sourceLogger) SourceDone(ss *ingest.SourceSummary) {
	attrs := append([]any{"source", sourceName(ss.Name)}, countsAttrs(ss.Counts)...)
	if ss.Error != "" {
		attrs = append(attrs, "err", ss.Error)
	}
	s.log.Info("source finished", attrs...)
}

func countsAttrs(c ingest.Counts) []any {
	return []any{
		"discovered", c.Discovered, "skipped", c.Skipped, "read", c.Read, "fetched", c.Fetched,
		"not_modified", c.NotModified, "new", c.New, "updated", c.Updated, "unchanged", c.Unchanged,
		"failed", c.Failed, "disallowed", c.Disallowed, "unsupported", c.Unsupported, "pending", c.Pending,
	}
}

func newRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// serveLockPath is the lock `pressroom serve` holds on the embedded index
// for its lifetime, recording who it is, so that a separate ingest can say
// why it cannot write the index.
func serveLockPath(data string) string { return filepath.Join(data, "serve.lock") }

// checkServeHolder turns a separate ingest away while `pressroom serve`
// has the embedded index open, with what to do instead.
func checkServeHolder(data string) error {
	h, held, err := runlock.Peek(serveLockPath(data))
	if err != nil || !held {
		return nil
	}
	return withCode(exitLocked, serveHoldsIndexError(data, h))
}

func serveHoldsIndexError(data string, h runlock.Holder) error {
	who := "`pressroom serve`"
	if h.PID != 0 {
		who = h.String()
	}
	return fmt.Errorf("the embedded index in %s is held open by %s: a separate ingest cannot write it while serve runs. "+
		"On one machine, let serve run the job: `pressroom serve --ingest-every 30m`; "+
		"for separate processes (or machines), put the index in Elasticsearch (--index URL or ELASTICSEARCH_URL)", data, who)
}

// explainIndexLocked says who holds the embedded index when opening it
// failed because it is locked.
func explainIndexLocked(data string, err error) error {
	if h, held, perr := runlock.Peek(serveLockPath(data)); perr == nil && held {
		return withCode(exitLocked, serveHoldsIndexError(data, h))
	}
	return withCode(exitLocked, fmt.Errorf("%w (another pressroom process has the embedded index open; `pressroom serve` or a search holds it while it runs)", err))
}

// commandLine renders a command for lock files and logs.
func commandLine(name string, args []string) string {
	return strings.Join(append([]string{"pressroom", name}, args...), " ")
}

package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/pressroom-ja/pressroom/cmd/pressroom/schedule"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/crawl"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

func runIngest(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "ingest", "[PATH...]",
		`With paths, reads HTML (any charset) and .txt press releases from those files
and directories. Without, ingests the sources configured in pressroom.yaml (or
--config FILE): directories of files, and newsrooms crawled over HTTP (list
pages, RSS/Atom feeds, sitemaps), politely: robots.txt, one request a second
per host, conditional requests. Each release is extracted and indexed in the
index under the data directory; unchanged ones are skipped, changed ones
update the same release.

Scheduling: a plain run suits cron or a Kubernetes CronJob (docs/cron.md);
--every 30m runs at once and then every 30 minutes until stopped, each run
taking the data directory's lock (exit status 4 when another run holds it;
--every logs it and tries again at the next tick). On a terminal a progress
bar per source is drawn; otherwise log lines (--log-format json for one JSON
object a line). Ctrl-C or SIGTERM stops gracefully: pages already read are
indexed and recorded, the summary is printed and recorded; a second signal
aborts at once (the next run picks up where it stopped).`)
	store := addStoreFlags(fs, env)
	configPath := fs.String("config", "", "sources `file` (default "+defaultConfigFile+", read when no paths are given)")
	var only multiFlag
	fs.Var(&only, "source", "ingest only the configured source `NAME` (repeatable)")
	full := fs.Bool("full", false, "walk every list page and re-check every known release (ignore the stop-at-known rules)")
	asJSON := fs.Bool("json", false, "print the run summary as one JSON object")
	force := fs.Bool("force", false, "re-extract and re-index releases even when unchanged; no conditional requests")
	workers := fs.Int("workers", 0, "extraction workers (default: eight per CPU, so that CPUs stay busy while a batch waits for the archive)")
	every := fs.Duration("every", 0, "run at once and then every `interval` (e.g. 30m) until stopped; each run holds the lock only while it runs")
	metricsAddr := fs.String("metrics-addr", "", "with --every, serve Prometheus metrics at http://`ADDR`/metrics (e.g. :9090)")
	noProgress := fs.Bool("no-progress", false, "no progress bars, even on a terminal")
	logs := addLogFlags(fs, "")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *every < 0 {
		return usageErrorf("--every must be positive (e.g. 30m)")
	}
	if *metricsAddr != "" && *every == 0 {
		return usageErrorf("--metrics-addr serves metrics while --every runs; a single run ends before anyone scrapes it")
	}
	job, err := newIngestJob(env, store, *configPath, only, paths)
	if err != nil {
		if errors.Is(err, errNoSources) {
			fs.Usage()
		}
		return err
	}
	job.full, job.force, job.workers, job.asJSON = *full, *force, *workers, *asJSON
	job.command = commandLine("ingest", args)
	if logs.level == "" {
		logs.level = "warn"
		if *every > 0 {
			logs.level = "info"
		}
	}
	job.logOut = &switchWriter{w: env.Stderr}
	if job.log, err = logs.logger(job.logOut); err != nil {
		return err
	}
	job.bars = !*noProgress && !*asJSON && logs.format != "json" && isTerminal(env.Stderr)
	if job.hook, err = testHook(env); err != nil {
		return err
	}
	if job.x, err = newExtractor(); err != nil {
		return err
	}
	defer limitMemory()()
	if *every == 0 {
		_, err := job.once(ctx, nil)
		return err
	}

	if *metricsAddr != "" {
		job.metrics = newMetrics()
		stop, err := serveMetrics(ctx, *metricsAddr, job.metrics, job.log)
		if err != nil {
			return err
		}
		defer stop()
	}
	return runEvery(ctx, *every, job, nil)
}

// runEvery runs job at once and then every interval until ctx ends, into
// shared (or the index it opens per run). A run that fails is logged and
// the schedule goes on; a run turned away by another's lock waits for the
// next tick.
func runEvery(ctx context.Context, every time.Duration, job *ingestJob, shared index.Index) error {
	log := job.log
	log.Info("scheduled", "every", every.String(), "data", job.store.Data)
	s, err := schedule.New(ctx, schedule.Config{Every: every}, func(ctx context.Context) {
		_, err := job.once(ctx, shared)
		switch code := ExitCode(err); {
		case err == nil, ctx.Err() != nil:
		case code == exitLocked:
			log.Warn("run skipped: the lock is held", "err", err.Error())
		case code == exitPartial:
			// Logged with the run's summary.
		default:
			log.Error("run failed", "err", err.Error())
		}
	})
	if err != nil {
		return withCode(exitUsage, err)
	}
	<-s.Done()
	_ = s.Close(context.WithoutCancel(ctx))
	log.Info("stopped", "runs", s.Stats().Runs)
	return nil
}

// errNoSources: neither paths nor a config file.
var errNoSources = errors.New("nothing to ingest")

// newIngestJob reads what to ingest: paths, or the configured sources.
func newIngestJob(env Env, store *storeOptions, configPath string, only, paths []string) (*ingestJob, error) {
	j := &ingestJob{env: env, store: store, paths: paths}
	if len(paths) > 0 {
		if len(only) > 0 {
			return nil, usageErrorf("--source picks configured sources; give either paths or --source, not both")
		}
		return j, nil
	}
	path, explicit := configPath, configPath != ""
	if !explicit {
		path = defaultConfigFile
	}
	cfg, err := loadConfig(path)
	var cerr *configError
	switch {
	case errors.Is(err, iofs.ErrNotExist) && !explicit:
		return nil, withCode(exitUsage, fmt.Errorf("%w: give files or directories (pressroom ingest fixtures/releases), or describe your sources in %s (start from pressroom.example.yaml) or pass --config FILE", errNoSources, defaultConfigFile))
	case errors.As(err, &cerr):
		return nil, withCode(exitUsage, err)
	case err != nil:
		return nil, withCode(exitUsage, fmt.Errorf("read config: %w", err))
	}
	if j.picked, err = cfg.pick(only); err != nil {
		return nil, withCode(exitUsage, err)
	}
	if len(j.picked) == 0 {
		return nil, usageErrorf("%s lists no sources", cfg.path)
	}
	j.cfg = cfg
	return j, nil
}

// testHook reads the test-only pause hook (see testPauseVar).
func testHook(env Env) (ingest.Hook, error) {
	h, err := parseTestPause(env.getenv(testPauseVar), env.Stdin, env.Stderr)
	if err != nil || h == nil {
		return nil, err
	}
	return h, nil
}

// archivePath is the raw-page archive in the data directory.
func archivePath(data string) string { return filepath.Join(data, "archive.db") }

func openArchive(ctx context.Context, o *storeOptions) (*archive.Store, error) {
	a, err := archive.Open(ctx, archivePath(o.Data))
	if errors.Is(err, archive.ErrLocked) {
		return nil, withCode(exitLocked, fmt.Errorf("%w: another pressroom command is using %s; wait for it to finish", err, o.Data))
	}
	return a, err
}

// newFetcher builds the one fetcher of a run from the crawl: section.
func newFetcher(c crawlConfig, st *state.Store, log *slog.Logger, obs fetch.Observer) (*fetch.Fetcher, error) {
	fc := fetch.Config{
		UserAgent:      c.UserAgent,
		Concurrency:    c.Concurrency,
		Timeout:        c.Timeout,
		ConnectTimeout: c.ConnectTimeout,
		Retries:        c.Retries,
		MaxRedirects:   c.MaxRedirects,
		MaxBodyBytes:   int64(c.MaxBodyMB) << 20,
		Robots:         st,
		Logger:         log.WithGroup("fetch"),
		Observer:       obs,
	}
	if fc.UserAgent == "" {
		fc.UserAgent = fetch.DefaultUserAgent(version())
	}
	if c.Rate > 0 {
		fc.Interval = rateInterval(c.Rate)
	}
	return fetch.New(fc)
}

func rateInterval(perSecond float64) time.Duration {
	return time.Duration(float64(time.Second) / perSecond)
}

// buildSources turns configured sources into ingest sources sharing one
// fetcher and one visited set.
func buildSources(picked []sourceConfig, f *fetch.Fetcher, st crawl.State, ar crawl.Archive, queue crawl.Queue, full, force bool, log *slog.Logger) ([]ingest.Source, error) {
	visited := crawl.NewVisited()
	var out []ingest.Source
	for _, s := range picked {
		if s.Kind == "dir" {
			out = append(out, filesource.New(s.Name, s.Paths...))
			continue
		}
		kind, err := crawl.ParseKind(s.Kind)
		if err != nil {
			return nil, err
		}
		cc := crawl.Config{
			Name: s.Name, Kind: kind, URLs: s.URLs, Hosts: s.Hosts,
			Links: s.Links, Next: s.Next, Date: s.Date, MaxPages: s.MaxPages,
			Pattern: s.Pattern, MaxReleases: s.MaxReleases, Selectors: s.Selectors,
			AllowPrivate: s.AllowPrivate, Full: full, Force: force,
			Visited: visited, Queue: queue, Logger: log.WithGroup("crawl"),
		}
		if s.Rate > 0 {
			cc.Interval = rateInterval(s.Rate)
		}
		src, err := crawl.New(cc, f, st, ar)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

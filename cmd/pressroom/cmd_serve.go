package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/ingest/runlock"
	"github.com/pressroom-ja/pressroom/web"
)

func runServe(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "serve", "",
		`Serves the analyst's desk over the index: the search page at / and a
read-only JSON API (/api/search, /api/releases/ID, /api/partners,
/api/export, /healthz), and Prometheus metrics at /metrics (or on
--metrics-addr). Stops gracefully on Ctrl-C or SIGTERM.

With --ingest-every 30m it also runs the ingest of pressroom.yaml's sources
(--config, --source) at once and then every 30 minutes, writing into the
same open index: the way to keep the embedded index fresh while it is
served, since a separate `+"`pressroom ingest`"+` cannot write the embedded
index while serve holds it open (use Elasticsearch for separate processes).
Each run holds the data directory's lock only while it runs.`)
	store := addStoreFlags(fs, env)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free one)")
	logs := addLogFlags(fs, "info")
	legacyLog := fs.String("log", "", "same as --log-format (kept for old scripts)")
	exportLimit := fs.Int("export-limit", web.DefaultExportLimit, "most releases one export writes")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this `address` instead of --addr")
	ingestEvery := fs.Duration("ingest-every", 0, "also ingest the configured sources at once and then every `interval` (e.g. 30m), into the served index")
	configPath := fs.String("config", "", "with --ingest-every: the sources `file` (default "+defaultConfigFile+")")
	var only multiFlag
	fs.Var(&only, "source", "with --ingest-every: ingest only the configured source `NAME` (repeatable)")
	workers := fs.Int("workers", 0, "with --ingest-every: extraction workers (default: eight per CPU)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return usageErrorf("serve takes no arguments (got %q)", rest[0])
	}
	if *legacyLog != "" {
		logs.format = *legacyLog
	}
	log, err := logs.logger(env.Stderr)
	if err != nil {
		if logs.format != "text" && logs.format != "json" {
			return usageErrorf("--log-format (--log) must be text or json, not %q", logs.format)
		}
		return err
	}
	if *ingestEvery < 0 {
		return usageErrorf("--ingest-every must be positive (e.g. 30m)")
	}
	if *ingestEvery == 0 && (*configPath != "" || len(only) > 0) {
		return usageErrorf("--config and --source pick what --ingest-every ingests; give --ingest-every too")
	}
	m := newMetrics()
	var job *ingestJob
	var an *ja.Analyzer
	if *ingestEvery > 0 {
		if job, err = newIngestJob(env, store, *configPath, only, nil); err != nil {
			return err
		}
		job.command = commandLine("serve", args)
		job.log, job.metrics, job.workers, job.quiet = log.With("component", "ingest"), m, *workers, true
		if job.hook, err = testHook(env); err != nil {
			return err
		}
		if job.x, err = newExtractor(); err != nil {
			return err
		}
		an = job.x.Analyzer()
	} else if an, err = newAnalyzer(); err != nil {
		return err
	}

	if job != nil && !store.elastic() {
		if err := os.MkdirAll(store.Data, 0o755); err != nil {
			return fmt.Errorf("create data directory: %w", err)
		}
	}
	if _, err := os.Stat(store.Data); err == nil && !store.elastic() {
		// Say who holds the embedded index, for a separate ingest that
		// cannot open it. (No data directory: openIndex says so.)
		h := runlock.Holder{Command: commandLine("serve", args)}
		take := runlock.AcquireShared
		if job != nil {
			take = runlock.AcquireFile
		}
		l, err := take(ctx, serveLockPath(store.Data), h)
		var held *runlock.HeldError
		if errors.As(err, &held) {
			return withCode(exitLocked, fmt.Errorf("%s holds the embedded index in %s open for writing; stop it first", held.Holder, store.Data))
		}
		if err != nil {
			return err
		}
		defer l.Release()
	}
	idx, err := openIndex(ctx, store, an, job == nil)
	if err != nil {
		if job != nil && ExitCode(err) == exitLocked {
			return withCode(exitLocked, fmt.Errorf("%w: serve --ingest-every opens the embedded index for writing; wait for the ingest or reindex that holds it", err))
		}
		return err
	}
	defer idx.Close(context.WithoutCancel(ctx))
	h, err := web.New(idx, web.Config{Logger: log.WithGroup("http"), ExportLimit: *exportLimit})
	if err != nil {
		return err
	}
	var handler http.Handler = h
	if *metricsAddr == "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.handler())
		mux.Handle("/", h)
		handler = mux
	} else {
		stop, err := serveMetrics(ctx, *metricsAddr, m, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return withCode(exitFailure, fmt.Errorf("listen on %s: %w", *addr, err))
	}
	fmt.Fprintf(env.Stdout, "pressroom: serving %s on http://%s/ (Ctrl-C to stop)\n", store.Data, ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "data", store.Data)

	ictx, stopIngest := context.WithCancel(ctx)
	defer stopIngest()
	ingestDone := make(chan struct{})
	if job != nil {
		go func() {
			defer close(ingestDone)
			_ = runEvery(ictx, *ingestEvery, job, idx)
		}()
	} else {
		close(ingestDone)
	}
	serveErr := web.Serve(ctx, ln, handler, log)
	// The web server is down; the run in flight finishes its writes into
	// the index before the index is closed.
	stopIngest()
	<-ingestDone
	if serveErr != nil {
		return serveErr
	}
	log.Info("stopped")
	return nil
}

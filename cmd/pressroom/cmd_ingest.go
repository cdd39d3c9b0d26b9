package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

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
update the same release.`)
	store := addStoreFlags(fs, env)
	configPath := fs.String("config", "", "sources `file` (default "+defaultConfigFile+", read when no paths are given)")
	var only multiFlag
	fs.Var(&only, "source", "ingest only the configured source `NAME` (repeatable)")
	full := fs.Bool("full", false, "walk every list page and re-check every known release (ignore the stop-at-known rules)")
	asJSON := fs.Bool("json", false, "print the run summary as one JSON object")
	force := fs.Bool("force", false, "re-extract and re-index releases even when unchanged; no conditional requests")
	workers := fs.Int("workers", 0, "extraction workers (default: one per CPU)")
	verbose := fs.Bool("v", false, "log every page")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	var cfg *config
	var picked []sourceConfig
	if len(paths) > 0 {
		if len(only) > 0 {
			return usageErrorf("--source picks configured sources; give either paths or --source, not both")
		}
	} else {
		path, explicit := *configPath, *configPath != ""
		if !explicit {
			path = defaultConfigFile
		}
		cfg, err = loadConfig(path)
		var cerr *configError
		switch {
		case errors.Is(err, iofs.ErrNotExist) && !explicit:
			fs.Usage()
			return usageErrorf("nothing to ingest: give files or directories (pressroom ingest fixtures/releases), or describe your sources in %s (start from pressroom.example.yaml) or pass --config FILE", defaultConfigFile)
		case errors.As(err, &cerr):
			return withCode(exitUsage, err)
		case err != nil:
			return withCode(exitUsage, fmt.Errorf("read config: %w", err))
		}
		if picked, err = cfg.pick(only); err != nil {
			return withCode(exitUsage, err)
		}
		if len(picked) == 0 {
			return usageErrorf("%s lists no sources", cfg.path)
		}
	}
	log := logger(env, *verbose)

	lock, err := lockData(ctx, store, "pressroom "+strings.Join(append([]string{"ingest"}, args...), " "))
	if err != nil {
		return err
	}
	defer lock.Release()
	x, err := newExtractor()
	if err != nil {
		return err
	}
	st, err := openState(ctx, store)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	ar, err := openArchive(ctx, store)
	if err != nil {
		return err
	}
	defer ar.Close(context.WithoutCancel(ctx))

	var sources []ingest.Source
	parallel := 1
	if cfg == nil {
		sources = append(sources, filesource.New("", paths...))
	} else {
		var f *fetch.Fetcher
		if f, err = newFetcher(cfg.Crawl, st, log); err != nil {
			return withCode(exitUsage, err)
		}
		defer f.Close(context.WithoutCancel(ctx))
		if sources, err = buildSources(picked, f, st, ar, *full, *force, log); err != nil {
			return withCode(exitUsage, err)
		}
		parallel = cfg.Crawl.Parallel
		if parallel == 0 {
			parallel = 4
		}
	}

	idx, err := openIndex(ctx, store, x.Analyzer(), false)
	if err != nil {
		return err
	}
	rs, err := runState(ctx, store, idx, st)
	if err != nil {
		_ = idx.Close(context.WithoutCancel(ctx))
		return err
	}
	run := &ingest.Runner{Extractor: x, Index: idx, State: rs, Archive: ar, Parallel: parallel, Workers: *workers, Force: *force, Logger: log}
	sum, runErr := run.Run(ctx, sources...)
	if err := idx.Close(context.WithoutCancel(ctx)); err != nil && runErr == nil {
		runErr = fmt.Errorf("close index: %w", err)
	}
	if sum != nil {
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(sum); err != nil {
				return err
			}
		} else {
			sum.WriteText(env.Stdout)
		}
	}
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return withCode(exitFailure, errors.New("interrupted: releases indexed so far are kept; run again to finish"))
	case runErr != nil:
		return runErr
	case !sum.OK():
		return withCode(exitPartial, fmt.Errorf("%d of %d releases failed (see above); the others are indexed", sum.Totals.Failed+sum.Totals.Pending, sum.Totals.Read))
	}
	return nil
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
func newFetcher(c crawlConfig, st *state.Store, log *slog.Logger) (*fetch.Fetcher, error) {
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
func buildSources(picked []sourceConfig, f *fetch.Fetcher, st *state.Store, ar *archive.Store, full, force bool, log *slog.Logger) ([]ingest.Source, error) {
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
			Visited: visited, Logger: log.WithGroup("crawl"),
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

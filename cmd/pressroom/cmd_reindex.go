package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/elastic"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/runlock"
)

func runReindex(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "reindex", "",
		`Re-extracts every release from the raw pages archived in the data directory,
without fetching, into a new index version, and switches to it at once when
it is complete: after an extractor improvement, or to rebuild an index whose
mapping changed. Searches go on against the old version meanwhile.

Embedded index: builds data/index.vN.bleve and points data/index.bleve at it.
Elasticsearch: builds pressroom-vN and moves the pressroom alias in one call.`)
	store := addStoreFlags(fs, env)
	configPath := fs.String("config", "", "sources `file` whose article selectors apply (default "+defaultConfigFile+" when present)")
	var only multiFlag
	fs.Var(&only, "source", "re-extract only the pages of source `NAME` into the new version (repeatable; the others are left out of it)")
	keep := fs.Int("keep", 1, "previous versions to keep after the switch")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	workers := fs.Int("workers", 0, "extraction workers (default: eight per CPU, so that CPUs stay busy while a batch waits for the archive)")
	verbose := fs.Bool("v", false, "log every page")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	log := logger(env, *verbose)
	var selectors func(string) *extract.Selectors
	path, explicit := *configPath, *configPath != ""
	if !explicit {
		path = defaultConfigFile
	}
	cfg, err := loadConfig(path)
	switch {
	case err == nil:
		selectors = cfg.selectorsByName()
	case errors.Is(err, iofs.ErrNotExist) && !explicit:
	default:
		return withCode(exitUsage, err)
	}

	lock, err := lockData(ctx, store, "pressroom reindex")
	if err != nil {
		return err
	}
	defer lock.Release()
	x, err := newExtractor()
	if err != nil {
		return err
	}
	defer limitMemory()()
	local, err := openState(ctx, store)
	if err != nil {
		return err
	}
	defer local.Close(context.WithoutCancel(ctx))
	ar, err := openArchive(ctx, store)
	if err != nil {
		return err
	}
	defer ar.Close(context.WithoutCancel(ctx))

	// The new version is filled first; the state learns of it only after
	// the switch (DeferredState), so a reindex that stops half way leaves
	// the live index and the state as they were.
	var (
		w       index.Writer
		promote func(ctx context.Context) (string, error)
		abandon func()
	)
	var deferred *ingest.DeferredState
	if store.elastic() {
		es, err := openElastic(ctx, store, x.Analyzer(), false)
		if err != nil {
			return err
		}
		defer es.Close(context.WithoutCancel(ctx))
		rs, err := runState(ctx, store, es, local)
		if err != nil {
			return err
		}
		deferred = &ingest.DeferredState{St: rs}
		name, err := es.CreateVersion(ctx)
		if err != nil {
			return withCode(exitFailure, fmt.Errorf("create the next index version: %w", err))
		}
		v, err := es.OpenVersion(ctx, name)
		if err != nil {
			return withCode(exitFailure, err)
		}
		w = v
		promote = func(ctx context.Context) (string, error) {
			before, err := es.Status(ctx)
			if err != nil {
				return "", err
			}
			if err := es.SwapAlias(ctx, name); err != nil {
				return "", err
			}
			pruneElastic(ctx, es, before, name, *keep, log)
			return before.Index + " → " + name, nil
		}
		abandon = func() { _ = es.DeleteVersion(context.WithoutCancel(ctx), name) }
	} else {
		// The live version stays open for `serve` meanwhile: the new one is
		// another directory.
		deferred = &ingest.DeferredState{St: local}
		liveDir := indexDir(store.Data)
		next, err := blevestore.NextVersion(liveDir)
		if err != nil {
			return err
		}
		st, err := blevestore.Open(ctx, next, x.Analyzer(), blevestore.Config{})
		if err != nil {
			return err
		}
		w = st
		promote = func(ctx context.Context) (string, error) {
			prev, err := blevestore.Promote(liveDir, next)
			if err != nil {
				return "", err
			}
			if removed, err := blevestore.Prune(liveDir, *keep); err != nil {
				log.Warn("prune old index versions", "err", err)
			} else if len(removed) > 0 {
				log.Info("removed old index versions", "dirs", removed)
			}
			return filepath.Base(prev) + " → " + filepath.Base(next), nil
		}
		abandon = func() { _ = removeAll(next) }
	}

	sum, runErr := ingest.Reindex(ctx, ar, x, w, deferred, ingest.ReindexOptions{
		Selectors: selectors, Sources: only, Workers: *workers, Logger: log,
	})
	if err := w.Close(context.WithoutCancel(ctx)); err != nil && runErr == nil {
		runErr = fmt.Errorf("close new index version: %w", err)
	}
	if runErr == nil && sum.Totals.Read == 0 {
		runErr = withCode(exitFailure, fmt.Errorf("the archive in %s holds no pages: run `pressroom ingest` first (it archives what it reads)", store.Data))
	}
	if runErr == nil && sum.Totals.Pending > 0 {
		runErr = withCode(exitFailure, fmt.Errorf("%d releases were not acknowledged by the new index; the old version stays live", sum.Totals.Pending))
	}
	var switched string
	if runErr == nil {
		switched, runErr = promote(context.WithoutCancel(ctx))
		if runErr == nil {
			runErr = deferred.Commit(context.WithoutCancel(ctx))
		}
	} else {
		abandon()
	}
	if sum != nil {
		if *asJSON {
			out := struct {
				*ingest.Summary
				Switched string `json:"switched,omitempty"`
			}{sum, switched}
			enc := json.NewEncoder(env.Stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(out); err != nil {
				return err
			}
		} else {
			sum.WriteText(env.Stdout)
			if switched != "" {
				fmt.Fprintf(env.Stdout, "switched the index: %s\n", switched)
			}
		}
	}
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return withCode(exitFailure, errors.New("interrupted: the new version was dropped; the old one is still live"))
	case runErr != nil:
		return runErr
	case sum.Totals.Failed > 0:
		return withCode(exitPartial, fmt.Errorf("%d archived pages failed to extract; the new version is live without them", sum.Totals.Failed))
	}
	return nil
}

// pruneElastic deletes index versions older than the keep most recent
// previous ones; failures are only logged, the switch is done.
func pruneElastic(ctx context.Context, es *elastic.Store, before *elastic.Status, live string, keep int, log *slog.Logger) {
	var old []string
	for _, v := range before.Versions {
		if v.Index != live {
			old = append(old, v.Index)
		}
	}
	for i := 0; i < len(old)-keep; i++ {
		if err := es.DeleteVersion(ctx, old[i]); err != nil {
			log.Warn("delete old index version", "index", old[i], "err", err)
		}
	}
}

// lockData takes the data directory's run lock for a command, or says who
// holds it (exit status 4).
func lockData(ctx context.Context, store *storeOptions, command string) (*runlock.Lock, error) {
	l, err := runlock.Acquire(ctx, store.Data, runlock.Holder{Command: command})
	var held *runlock.HeldError
	if errors.As(err, &held) {
		return nil, withCode(exitLocked, fmt.Errorf("%w; wait for it to finish (or stop it), then run again", err))
	}
	return l, err
}

func removeAll(dir string) error { return os.RemoveAll(dir) }

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
)

func runIngest(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "ingest", "PATH...",
		`Reads HTML (any charset) and .txt press releases from files and directories,
extracts each, and indexes it in the embedded index under the data directory.
Unchanged files are skipped; changed ones update the same release.`)
	store := addStoreFlags(fs, env)
	asJSON := fs.Bool("json", false, "print the run summary as one JSON object")
	force := fs.Bool("force", false, "re-extract and re-index files even when unchanged")
	workers := fs.Int("workers", 0, "extraction workers (default: one per CPU)")
	verbose := fs.Bool("v", false, "log every file")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return usageErrorf("no files or directories given: try `pressroom ingest fixtures/releases`")
	}
	log := logger(env, *verbose)

	x, err := newExtractor()
	if err != nil {
		return err
	}
	st, err := openState(ctx, store)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	idx, err := openIndex(ctx, store, x.Analyzer(), false)
	if err != nil {
		return err
	}
	run := &ingest.Runner{Extractor: x, Index: idx, State: st, Workers: *workers, Force: *force, Logger: log}
	sum, runErr := run.Run(ctx, filesource.New("", paths...))
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

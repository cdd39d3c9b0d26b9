package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// dataFlag adds --data, defaulting to $PRESSROOM_DATA or ./data.
func dataFlag(fs *flag.FlagSet, env Env) *string {
	def := env.getenv("PRESSROOM_DATA")
	if def == "" {
		def = "data"
	}
	return fs.String("data", def, "data `directory` holding the index and crawl state (env PRESSROOM_DATA)")
}

// paths inside the data directory.
func indexDir(data string) string  { return filepath.Join(data, "index.bleve") }
func statePath(data string) string { return filepath.Join(data, "state.db") }

// newAnalyzer loads the IPA dictionary once for the command.
func newAnalyzer() (*ja.Analyzer, error) {
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("load Kagome dictionary: %w", err)
	}
	return ja.New(tok), nil
}

func newExtractor() (*extract.Extractor, error) {
	an, err := newAnalyzer()
	if err != nil {
		return nil, err
	}
	return extract.New(an), nil
}

// openIndex opens the embedded index for writing or, with readOnly, for
// searching, and explains the usual failures.
func openIndex(ctx context.Context, data string, an *ja.Analyzer, readOnly bool) (*blevestore.Store, error) {
	st, err := blevestore.Open(ctx, indexDir(data), an, blevestore.Config{ReadOnly: readOnly})
	switch {
	case errors.Is(err, blevestore.ErrNoIndex):
		return nil, withCode(exitFailure, fmt.Errorf("no index in %s yet: run `pressroom ingest fixtures/releases` (or your own files) first, or point --data at an existing data directory", data))
	case errors.Is(err, blevestore.ErrLocked):
		return nil, withCode(exitLocked, err)
	case errors.Is(err, blevestore.ErrMappingChanged):
		return nil, withCode(exitFailure, err)
	}
	return st, err
}

func openState(ctx context.Context, data string) (*state.Store, error) {
	st, err := state.Open(ctx, statePath(data))
	if errors.Is(err, state.ErrLocked) {
		return nil, withCode(exitLocked, fmt.Errorf("%w: another pressroom ingest is using %s; wait for it to finish", err, data))
	}
	return st, err
}

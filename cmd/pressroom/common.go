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
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// storeOptions say where releases and crawl state live. Every command that
// reads or writes the index takes them, so backends are chosen in one place.
type storeOptions struct {
	// Data is the data directory: embedded index, crawl state, archive.
	Data string
}

// addStoreFlags adds --data (default $PRESSROOM_DATA or ./data).
func addStoreFlags(fs *flag.FlagSet, env Env) *storeOptions {
	o := &storeOptions{}
	def := env.getenv("PRESSROOM_DATA")
	if def == "" {
		def = "data"
	}
	fs.StringVar(&o.Data, "data", def, "data `directory` holding the index and crawl state (env PRESSROOM_DATA)")
	return o
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

// openIndex opens the configured index for writing or, with readOnly, for
// searching, and explains the usual failures. The embedded Bleve index is
// the default.
func openIndex(ctx context.Context, o *storeOptions, an *ja.Analyzer, readOnly bool) (index.Index, error) {
	data := o.Data
	st, err := blevestore.Open(ctx, indexDir(data), an, blevestore.Config{ReadOnly: readOnly})
	switch {
	case errors.Is(err, blevestore.ErrNoIndex):
		return nil, withCode(exitFailure, fmt.Errorf("no index in %s yet: run `pressroom ingest fixtures/releases` (or your own files) first, or point --data at an existing data directory", data))
	case errors.Is(err, blevestore.ErrLocked):
		return nil, withCode(exitLocked, err)
	case errors.Is(err, blevestore.ErrMappingChanged):
		return nil, withCode(exitFailure, err)
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

func openState(ctx context.Context, o *storeOptions) (*state.Store, error) {
	data := o.Data
	st, err := state.Open(ctx, statePath(data))
	if errors.Is(err, state.ErrLocked) {
		return nil, withCode(exitLocked, fmt.Errorf("%w: another pressroom ingest is using %s; wait for it to finish", err, data))
	}
	return st, err
}

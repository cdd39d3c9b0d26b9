package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/elastic"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/state"
	"github.com/pressroom-ja/pressroom/ingest/state/esstate"
)

// storeOptions say where releases and crawl state live. Every command that
// reads or writes the index takes them, so backends are chosen in one place.
type storeOptions struct {
	// Data is the data directory: embedded index, crawl state, archive.
	Data string
	// Index is "" for the embedded index under Data, or the URL(s) of an
	// Elasticsearch cluster, comma-separated.
	Index string
	// State says where the crawl state lives: "auto" (beside the index:
	// in Elasticsearch when Index is, else in Data), "local" or
	// "elasticsearch".
	State string
	env   Env
}

// addStoreFlags adds --data (default $PRESSROOM_DATA or ./data), --index
// (default $ELASTICSEARCH_URL: the embedded index when unset) and --state.
func addStoreFlags(fs *flag.FlagSet, env Env) *storeOptions {
	o := &storeOptions{env: env}
	def := env.getenv("PRESSROOM_DATA")
	if def == "" {
		def = "data"
	}
	fs.StringVar(&o.Data, "data", def, "data `directory` holding the index and crawl state (env PRESSROOM_DATA)")
	fs.StringVar(&o.Index, "index", env.getenv("ELASTICSEARCH_URL"),
		"Elasticsearch `URL` to use instead of the embedded index, e.g. https://localhost:9200 (env ELASTICSEARCH_URL; \"embedded\" forces the embedded index); credentials from ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD (or their _FILE variants), TLS from ELASTICSEARCH_CA_FILE or ELASTICSEARCH_FINGERPRINT")
	state := env.getenv("PRESSROOM_STATE")
	if state == "" {
		state = "auto"
	}
	fs.StringVar(&o.State, "state", state, "where the crawl state lives: auto (beside the index), local (the data directory) or elasticsearch (env PRESSROOM_STATE)")
	return o
}

// elastic reports whether the index is an Elasticsearch cluster.
func (o *storeOptions) elastic() bool {
	return o.Index != "" && o.Index != "embedded" && o.Index != "bleve"
}

// paths inside the data directory.
func indexDir(data string) string  { return filepath.Join(data, "index.bleve") }
func statePath(data string) string { return filepath.Join(data, "state.db") }

// newAnalyzer loads the IPA dictionary once for the command.
func newAnalyzer() (*ja.Analyzer, error) {
	// Loading the dictionary allocates about 80 MiB that all stays live;
	// collections during the load find nothing to free and cost a one-shot
	// search 0.1 s (docs/performance.md), so the collector waits until it
	// is loaded.
	gc := debug.SetGCPercent(-1)
	an, err := ja.New(ipa.Dict())
	debug.SetGCPercent(gc)
	if err != nil {
		return nil, fmt.Errorf("load Kagome dictionary: %w", err)
	}
	return an, nil
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
	if o.elastic() {
		return openElastic(ctx, o, an, readOnly)
	}
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

// elasticConfig reads the cluster's settings: the URL from --index, the
// credentials and TLS from the environment (a *_FILE variable names a file
// holding the value, for Docker and Kubernetes secrets).
func elasticConfig(o *storeOptions) (elastic.Config, error) {
	env := o.env
	cfg := elastic.Config{Logger: logger(env, false).WithGroup("elastic")}
	for _, a := range strings.Split(o.Index, ",") {
		if a = strings.TrimSpace(a); a != "" {
			cfg.Addresses = append(cfg.Addresses, a)
		}
	}
	for _, u := range cfg.Addresses {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return cfg, usageErrorf("--index takes an Elasticsearch URL such as https://localhost:9200, not %q", u)
		}
	}
	var err error
	secret := func(name string) string {
		v := env.getenv(name)
		if f := env.getenv(name + "_FILE"); f != "" && err == nil {
			b, rerr := os.ReadFile(f)
			if rerr != nil {
				err = usageErrorf("%s_FILE: %v", name, rerr)
				return ""
			}
			v = strings.TrimSpace(string(b))
		}
		return v
	}
	cfg.APIKey = secret("ELASTICSEARCH_API_KEY")
	cfg.Username = secret("ELASTICSEARCH_USERNAME")
	cfg.Password = secret("ELASTICSEARCH_PASSWORD")
	cfg.CertificateFingerprint = env.getenv("ELASTICSEARCH_FINGERPRINT")
	if f := env.getenv("ELASTICSEARCH_CA_FILE"); f != "" {
		b, rerr := os.ReadFile(f)
		if rerr != nil {
			return cfg, usageErrorf("ELASTICSEARCH_CA_FILE: %v", rerr)
		}
		cfg.CACert = b
	}
	return cfg, err
}

// credentialsHint names the variables to set when Elasticsearch refuses.
const credentialsHint = "set ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD (each may instead name a file in *_FILE); with docker compose the user is elastic and the password is ELASTIC_PASSWORD in .env"

func openElastic(ctx context.Context, o *storeOptions, an *ja.Analyzer, readOnly bool) (*elastic.Store, error) {
	cfg, err := elasticConfig(o)
	if err != nil {
		return nil, err
	}
	cfg.ReadOnly = readOnly
	st, err := elastic.Open(ctx, cfg, an)
	switch {
	case errors.Is(err, elastic.ErrNoIndex):
		return nil, withCode(exitFailure, fmt.Errorf("%w: run `pressroom ingest --index %s fixtures/releases` (or your sources) first", err, redactURL(o.Index)))
	case errors.Is(err, elastic.ErrUnauthorized):
		return nil, withCode(exitFailure, fmt.Errorf("%w (%s)", err, credentialsHint))
	case err != nil:
		return nil, withCode(exitFailure, err)
	}
	return st, nil
}

// redactURL hides a password in a URL for messages.
func redactURL(s string) string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if u, err := url.Parse(a); err == nil {
			a = u.Redacted()
		}
		out = append(out, a)
	}
	return strings.Join(out, ",")
}

// runState is the crawl state the run records acknowledgements in: local
// is the data directory's, or, with the state in Elasticsearch (the
// default when the index is there), the index beside the releases
// (alias-state), so that any machine running the job agrees on what is
// indexed. The data directory then holds only caches (robots.txt, list
// pages, the raw archive) that a fresh disk can do without.
func runState(ctx context.Context, o *storeOptions, idx index.Index, local *state.Store) (ingest.StateStore, error) {
	switch o.State {
	case "local":
		return local, nil
	case "auto", "":
		if !o.elastic() {
			return local, nil
		}
	case "elasticsearch":
		if !o.elastic() {
			return nil, usageErrorf("--state elasticsearch needs the index in Elasticsearch too (--index URL or ELASTICSEARCH_URL)")
		}
	default:
		return nil, usageErrorf("--state is auto, local or elasticsearch, not %q", o.State)
	}
	es, ok := idx.(*elastic.Store)
	if !ok {
		return nil, fmt.Errorf("crawl state in Elasticsearch needs the Elasticsearch index, not %T", idx)
	}
	st, err := esstate.Open(ctx, es)
	if err != nil {
		return nil, withCode(exitFailure, fmt.Errorf("crawl state in Elasticsearch: %w", err))
	}
	return st, nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/elastic"
)

// runIndex is `pressroom index SUBCOMMAND`: for now, status.
func runIndex(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "index", "status",
		`Shows the index: where it is, how many releases it holds and, in
Elasticsearch, the alias, the version behind it, every version with its
count, and whether its mapping is the one this pressroom writes (if not,
rebuild it with pressroom reindex).`)
	store := addStoreFlags(fs, env)
	asJSON := fs.Bool("json", false, "print the status as one JSON object")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "status" {
		fs.Usage()
		return usageErrorf("pressroom index takes one subcommand: status")
	}
	if store.elastic() {
		return elasticStatus(ctx, store, env.Stdout, *asJSON)
	}
	st, err := blevestore.Open(ctx, indexDir(store.Data), nil, blevestore.Config{ReadOnly: true})
	if errors.Is(err, blevestore.ErrNoIndex) {
		return withCode(exitFailure, fmt.Errorf("no index in %s yet: run `pressroom ingest fixtures/releases` first", store.Data))
	}
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	n, err := st.Count(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"backend": "embedded", "path": indexDir(store.Data), "docs": n})
	}
	fmt.Fprintf(env.Stdout, "backend:   embedded (Bleve) at %s\nreleases:  %d\n", indexDir(store.Data), n)
	return nil
}

func elasticStatus(ctx context.Context, store *storeOptions, w io.Writer, asJSON bool) error {
	an, err := newAnalyzer()
	if err != nil {
		return err
	}
	es, err := openElastic(ctx, store, an, true)
	if err != nil {
		return err
	}
	defer es.Close(context.WithoutCancel(ctx))
	s, err := es.Status(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	printStatus(w, s)
	return nil
}

func printStatus(w io.Writer, s *elastic.Status) {
	fmt.Fprintf(w, "backend:   Elasticsearch %s at %s (cluster %s)\n", s.ESVersion, s.URL, s.Cluster)
	fmt.Fprintf(w, "alias:     %s → %s (version %d)\n", s.Alias, s.Index, s.Version)
	fmt.Fprintf(w, "releases:  %d\n", s.Docs)
	if s.Mapping == s.WantMapping {
		fmt.Fprintf(w, "mapping:   %s (current)\n", s.Mapping)
	} else {
		fmt.Fprintf(w, "mapping:   %s, but this pressroom writes %s: rebuild with pressroom reindex\n", orNone(s.Mapping), s.WantMapping)
	}
	var vs []string
	for _, v := range s.Versions {
		live := ""
		if v.Live {
			live = ", live"
		}
		vs = append(vs, fmt.Sprintf("%s (%d releases, mapping %s%s)", v.Index, v.Docs, orNone(v.Mapping), live))
	}
	fmt.Fprintf(w, "versions:  %s\n", strings.Join(vs, "; "))
	if s.StateRecords >= 0 {
		fmt.Fprintf(w, "state:     %s (%d URLs)\n", s.StateIndex, s.StateRecords)
	} else {
		fmt.Fprintf(w, "state:     local (no %s index)\n", s.StateIndex)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Package benchindex builds, once, the embedded indexes of generated
// corpora that search benchmarks read, and keeps them under the user's
// cache directory (…/pressroom/bench/) for the next run. An index is keyed
// by the corpus version, its size and seed, and the mapping's hash, so a
// change to either builds a new one beside the old.
package benchindex

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// Dir returns where the index of n releases of seed lives.
func Dir(n int, seed uint64) string {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "pressroom", "bench",
		fmt.Sprintf("corpus-v%d-n%d-seed%d-m%s", corpus.Version, n, seed, blevestore.MappingHash()))
}

// Open opens the cached index of n generated releases of seed read-only,
// building it first when absent (minutes for 100,000). The store is closed
// when the benchmark ends.
func Open(tb testing.TB, an *ja.Analyzer, n int, seed uint64) *blevestore.Store {
	tb.Helper()
	ctx := context.Background()
	dir := Dir(n, seed)
	path := filepath.Join(dir, "index.bleve")
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		if err := build(tb, an, dir, path, n, seed); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(done, []byte(time.Now().Format(time.RFC3339)+"\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	st, err := blevestore.Open(ctx, path, an, blevestore.Config{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close(ctx) })
	return st
}

func build(tb testing.TB, an *ja.Analyzer, dir, path string, n int, seed uint64) error {
	ctx := context.Background()
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	tb.Logf("indexing %d generated releases into %s (once; minutes)", n, dir)
	start := time.Now()
	st, err := blevestore.Open(ctx, path, an, blevestore.Config{BatchDocs: 1000, BatchBytes: 32 << 20})
	if err != nil {
		return err
	}
	g := corpus.New(seed)
	err = corpus.ForEach(0, n, func(i int) error {
		if err := st.Put(ctx, g.Doc(an, i), nil); err != nil {
			return err
		}
		if (i+1)%20000 == 0 {
			tb.Logf("%d releases in %s", i+1, time.Since(start).Round(time.Second))
		}
		return nil
	})
	if err != nil {
		_ = st.Close(ctx)
		return err
	}
	if err := st.Close(ctx); err != nil {
		return err
	}
	tb.Logf("indexed %d releases in %s", n, time.Since(start).Round(time.Second))
	return nil
}

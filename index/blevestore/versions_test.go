package blevestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

// TestVersionsSwitch: a reindex builds the next version beside the live
// index, and Promote switches the live path to it in one rename; a plain
// directory from before versions becomes version 1.
func TestVersionsSwitch(t *testing.T) {
	ctx := context.Background()
	an := indextest.Analyzer(t)
	live := filepath.Join(t.TempDir(), "index.bleve")
	build := func(dir string, rels []*extract.Release) {
		st, err := blevestore.Open(ctx, dir, an, blevestore.Config{})
		if err != nil {
			t.Fatal(err)
		}
		indextest.Load(t, ctx, an, st, rels)
		if err := st.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		st, err := blevestore.Open(ctx, live, an, blevestore.Config{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close(ctx)
		n, _ := st.Count(ctx)
		return n
	}
	corpus := indextest.Corpus()
	build(live, corpus[:2]) // a plain directory, as before versions
	if n := count(); n != 2 {
		t.Fatalf("count = %d", n)
	}
	for i, want := range []int{3, 5} {
		next, err := blevestore.NextVersion(live)
		if err != nil {
			t.Fatal(err)
		}
		if wantName := []string{"index.v2.bleve", "index.v3.bleve"}[i]; filepath.Base(next) != wantName {
			t.Errorf("NextVersion = %s, want %s", filepath.Base(next), wantName)
		}
		build(next, corpus[:want])
		prev, err := blevestore.Promote(live, next)
		if err != nil {
			t.Fatal(err)
		}
		if wantPrev := []string{"index.v1.bleve", "index.v2.bleve"}[i]; filepath.Base(prev) != wantPrev {
			t.Errorf("previous = %s, want %s", prev, wantPrev)
		}
		if n := count(); n != want {
			t.Errorf("after promote %d: count = %d, want %d", i, n, want)
		}
	}
	removed, err := blevestore.Prune(live, 1)
	if err != nil || len(removed) != 1 || filepath.Base(removed[0]) != "index.v1.bleve" {
		t.Errorf("Prune = %v, %v; want index.v1.bleve removed", removed, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(live), "index.v2.bleve")); err != nil {
		t.Errorf("the previous version should be kept: %v", err)
	}
}

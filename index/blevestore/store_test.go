package blevestore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

func TestConformance(t *testing.T) {
	indextest.Run(t, func(t *testing.T, an *ja.Analyzer) index.Index {
		st, err := blevestore.Open(context.Background(), filepath.Join(t.TempDir(), "index.bleve"), an, blevestore.Config{})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestReopenKeepsDocuments(t *testing.T) {
	ctx := context.Background()
	an := indextest.Analyzer(t)
	dir := filepath.Join(t.TempDir(), "index.bleve")
	st, err := blevestore.Open(ctx, dir, an, blevestore.Config{BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	indextest.Load(t, ctx, an, st, indextest.Corpus())
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	st, err = blevestore.Open(ctx, dir, an, blevestore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if n, err := st.Count(ctx); err != nil || n != len(indextest.Corpus()) {
		t.Errorf("Count after reopen = %d, %v", n, err)
	}
}

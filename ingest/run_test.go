package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

var shared = sync.OnceValues(func() (*extract.Extractor, error) {
	an, err := ja.New(ipa.Dict())
	if err != nil {
		return nil, err
	}
	return extract.New(an), nil
})

type rig struct {
	x     *extract.Extractor
	idx   *blevestore.Store
	state *state.Store
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	x, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := state.Open(ctx, filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := blevestore.Open(ctx, filepath.Join(dir, "index.bleve"), x.Analyzer(), blevestore.Config{BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = idx.Close(ctx)
		_ = st.Close(ctx)
	})
	return &rig{x, idx, st}
}

func (r *rig) run(t *testing.T, w index.Writer, paths ...string) *ingest.Summary {
	t.Helper()
	if w == nil {
		w = r.idx
	}
	run := &ingest.Runner{Extractor: r.x, Index: w, State: r.state, Workers: 2}
	sum, err := run.Run(context.Background(), filesource.New("files", paths...))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum
}

func copyDir(t *testing.T, from string, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(from, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var names = []string{"link-j-kawasaki-2018-08-31.html", "sakuragaoka-city-2018-01-16.html", "shinonome-univ-2021-04-15.html"}

func TestRunNewUnchangedUpdated(t *testing.T) {
	r := newRig(t)
	dir := copyDir(t, "../fixtures/releases", names...)
	sum := r.run(t, nil, dir)
	if c := sum.Totals; c.Read != 3 || c.New != 3 || c.Failed != 0 || c.Pending != 0 {
		t.Fatalf("first run = %+v", c)
	}
	if n, _ := r.idx.Count(context.Background()); n != 3 {
		t.Fatalf("Count = %d", n)
	}
	sum = r.run(t, nil, dir)
	if c := sum.Totals; c.Unchanged != 3 || c.New+c.Updated != 0 || sum.Changed() {
		t.Fatalf("second run = %+v", c)
	}
	// A change in the markup only: new bytes, same release.
	p := filepath.Join(dir, names[0])
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, []byte("\n<!-- cache 2 -->\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := r.run(t, nil, dir).Totals; c.Unchanged != 3 {
		t.Fatalf("markup-only change = %+v, want unchanged", c)
	}
	// A change in the text: the same release is updated.
	if err := os.WriteFile(p, bytes.ReplaceAll(b, []byte("相互提携の覚書を締結"), []byte("相互提携の覚書を正式に締結")), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := r.run(t, nil, dir).Totals; c.Updated != 1 || c.Unchanged != 2 {
		t.Fatalf("text change = %+v, want 1 updated", c)
	}
	if n, _ := r.idx.Count(context.Background()); n != 3 {
		t.Errorf("Count after update = %d, want 3 (same id)", n)
	}
	res, err := r.idx.Search(context.Background(), index.Query{Text: "正式"})
	if err != nil || res.Total != 1 {
		t.Errorf("updated text not searchable: %v %v", res, err)
	}
}

// failingWriter passes documents to the real index but reports a chosen
// release as not acknowledged, as a bulk response item failure would.
type failingWriter struct {
	index.Writer
	failTitle string
}

func (f *failingWriter) Put(ctx context.Context, d index.Doc, ack index.AckFunc) error {
	if strings.Contains(d.Release.Title, f.failTitle) {
		return f.Writer.Put(ctx, d, func(error) { ack(errors.New("rejected: es_rejected_execution_exception")) })
	}
	return f.Writer.Put(ctx, d, ack)
}

func TestRunNotMarkedDoneWithoutAck(t *testing.T) {
	r := newRig(t)
	dir := copyDir(t, "../fixtures/releases", names...)
	sum := r.run(t, &failingWriter{Writer: r.idx, failTitle: "ひかりマート"}, dir)
	if c := sum.Totals; c.New != 2 || c.Failed != 1 {
		t.Fatalf("run with a rejected release = %+v", c)
	}
	if f := sum.Sources[0].Failures; len(f) != 1 || f[0].Stage != "index" || !strings.Contains(f[0].Reason, "rejected") {
		t.Errorf("failures = %+v", f)
	}
	url := "file://" + filepath.ToSlash(filepath.Join(dir, names[1]))
	rec, ok, err := r.state.Get(context.Background(), url)
	if err != nil || !ok || rec.Status != state.Failed || !rec.IndexedAt.IsZero() {
		t.Fatalf("state of the rejected release = %+v, %v", rec, err)
	}
	// The next run sends it again and only it.
	sum = r.run(t, nil, dir)
	if c := sum.Totals; c.New != 1 || c.Unchanged != 2 || c.Failed != 0 {
		t.Fatalf("retry run = %+v", c)
	}
	rec, _, _ = r.state.Get(context.Background(), url)
	if rec.Status != state.Indexed || rec.Failures != 0 {
		t.Errorf("after retry = %+v", rec)
	}
}

func TestRunBadFilesDoNotStopIt(t *testing.T) {
	r := newRig(t)
	dir := copyDir(t, "../fixtures/releases", names...)
	if err := os.WriteFile(filepath.Join(dir, "a-binary.html"), []byte{0, 1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := r.run(t, nil, dir, filepath.Join(dir, "missing.html"))
	c := sum.Totals
	if c.New != 3 || c.Failed != 2 || sum.OK() {
		t.Fatalf("totals = %+v", c)
	}
	stages := map[string]string{}
	for _, f := range sum.Sources[0].Failures {
		stages[filepath.Base(f.URL)] = f.Stage
	}
	if stages["a-binary.html"] != "extract" || stages["missing.html"] != "read" {
		t.Errorf("failure stages = %v", stages)
	}
}

func TestRunCancelled(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run := &ingest.Runner{Extractor: r.x, Index: r.idx, State: r.state}
	_, err := run.Run(ctx, filesource.New("", "../fixtures/releases"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context: %v", err)
	}
}

// TestReindexFiles: files are archived as they are ingested, and Reindex
// extracts them again into a new index without reading them, leaving the
// fetch history alone.
func TestReindexFiles(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	ar, err := archive.Open(ctx, filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close(ctx)
	dir := copyDir(t, "../fixtures/releases", names...)
	run := &ingest.Runner{Extractor: r.x, Index: r.idx, State: r.state, Archive: ar, Workers: 2}
	if sum, err := run.Run(ctx, filesource.New("files", dir)); err != nil || sum.Totals.New != 3 {
		t.Fatalf("ingest: %v", err)
	}
	url := "file://" + filepath.ToSlash(filepath.Join(dir, names[0]))
	before, _, _ := r.state.Get(ctx, url)
	for _, n := range names {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	fresh, err := blevestore.Open(ctx, filepath.Join(t.TempDir(), "v2.bleve"), r.x.Analyzer(), blevestore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close(ctx)
	sum, err := ingest.Reindex(ctx, ar, r.x, fresh, r.state, ingest.ReindexOptions{Sources: []string{"files"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Totals; c.Read != 3 || c.Failed != 0 || c.New+c.Updated != 3 {
		t.Errorf("reindex = %+v", c)
	}
	if n, _ := fresh.Count(ctx); n != 3 {
		t.Errorf("new index holds %d", n)
	}
	after, _, _ := r.state.Get(ctx, url)
	if !after.LastSeen.Equal(before.LastSeen) || after.Status != state.Indexed || after.Extractor != extract.Version {
		t.Errorf("state after reindex = %+v (before %+v)", after, before)
	}
	// Another source's pages only: nothing here.
	sum, err = ingest.Reindex(ctx, ar, r.x, fresh, nil, ingest.ReindexOptions{Sources: []string{"other"}})
	if err != nil || sum.Totals.Read != 0 {
		t.Errorf("reindex of another source: %+v, %v", sum.Totals, err)
	}
}

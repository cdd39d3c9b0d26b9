package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/archive"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/state"
	"github.com/pressroom-ja/pressroom/internal/benchutil"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// BenchmarkIngest measures files → embedded index as `pressroom ingest DIR`
// runs it: releases read from files, archived, extracted on every core,
// indexed in a fresh Bleve index, crawl state recorded, everything flushed.
// PRESSROOM_BENCH_INGEST sets the number of releases (default 2,000) of
// each set: set=corpus generated releases (the measurement), set=fixtures
// the development fixtures again and again (see fixturePages).
//
//	op=kagome-lines  the reference: Kagome alone over the same releases'
//	                 text, a line at a time, on every core
//	op=ingest        the whole run
//	op=index         the embedded index alone: the same releases, extracted
//	                 beforehand, put into a fresh Bleve index from every
//	                 core and flushed (what the index costs of op=ingest)
//
// Both report releases/s and cpu-ms/release (the process's CPU time:
// both cores, the collector, Bleve's background merging):
//
//	go test -run '^$' -bench Ingest -count 5 ./ingest | benchstat -col /op -
func BenchmarkIngest(b *testing.B) {
	if testing.Short() {
		b.Skip("indexes thousands of releases; run without -short")
	}
	n := 2000
	if s := os.Getenv("PRESSROOM_BENCH_INGEST"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("PRESSROOM_BENCH_INGEST=%q: want a number of releases", s)
		}
		n = v
	}
	for _, set := range []struct {
		name string
		page func(b *testing.B) func(i int) (string, []byte)
	}{
		{"corpus", corpusPages},
		{"fixtures", fixturePages},
	} {
		b.Run("set="+set.name, func(b *testing.B) {
			dir, lines, docs := pageFiles(b, n, set.page(b))
			b.Run("op=kagome-lines", func(b *testing.B) {
				tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
				if err != nil {
					b.Fatal(err)
				}
				m := benchutil.Start()
				start := time.Now()
				for b.Loop() {
					_ = corpus.ForEach(0, len(lines), func(i int) error {
						for _, l := range lines[i] {
							_ = tok.Tokenize(l)
						}
						return nil
					})
				}
				report(b, m, start, n)
			})
			b.Run("op=ingest", func(b *testing.B) {
				timedRuns(b, n, func(ctx context.Context, x *extract.Extractor, data string) {
					st, err := state.Open(ctx, filepath.Join(data, "state.db"))
					if err != nil {
						b.Fatal(err)
					}
					ar, err := archive.Open(ctx, filepath.Join(data, "archive.db"))
					if err != nil {
						b.Fatal(err)
					}
					idx, err := blevestore.Open(ctx, filepath.Join(data, "index.bleve"), x.Analyzer(), blevestore.Config{})
					if err != nil {
						b.Fatal(err)
					}
					run := &ingest.Runner{Extractor: x, Index: idx, State: st, Archive: ar}
					sum, err := run.Run(ctx, filesource.New("bench", dir))
					if err != nil {
						b.Fatal(err)
					}
					if err := idx.Close(ctx); err != nil {
						b.Fatal(err)
					}
					_ = ar.Close(ctx)
					_ = st.Close(ctx)
					if sum.Totals.New != n {
						b.Fatalf("indexed %d new releases of %d: %+v", sum.Totals.New, n, sum.Totals)
					}
				})
			})
			b.Run("op=index", func(b *testing.B) {
				timedRuns(b, n, func(ctx context.Context, x *extract.Extractor, data string) {
					idx, err := blevestore.Open(ctx, filepath.Join(data, "index.bleve"), x.Analyzer(), blevestore.Config{})
					if err != nil {
						b.Fatal(err)
					}
					var failed atomic.Int64
					err = corpus.ForEach(0, len(docs), func(i int) error {
						return idx.Put(ctx, docs[i], func(err error) {
							if err != nil {
								failed.Add(1)
							}
						})
					})
					if err == nil {
						err = idx.Flush(ctx)
					}
					if err != nil {
						b.Fatal(err)
					}
					if err := idx.Close(ctx); err != nil {
						b.Fatal(err)
					}
					if f := failed.Load(); f > 0 {
						b.Fatalf("%d of %d releases not acknowledged", f, n)
					}
				})
			})
		})
	}
}

// timedRuns runs one op over n releases per iteration, each in a fresh
// data directory, and reports releases/s over the time inside run and the
// process's CPU per release.
func timedRuns(b *testing.B, n int, run func(ctx context.Context, x *extract.Extractor, data string)) {
	x, err := shared()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	m := benchutil.Start()
	var busy time.Duration
	for b.Loop() {
		data := b.TempDir()
		start := time.Now()
		run(ctx, x, data)
		busy += time.Since(start)
	}
	b.ReportMetric(float64(n)*float64(b.N)/busy.Seconds(), "releases/s")
	m.Report(b, n, "release")
}

func report(b *testing.B, m benchutil.Meter, start time.Time, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/time.Since(start).Seconds(), "releases/s")
	m.Report(b, n, "release")
}

// corpusPages are generated releases (internal/corpus, seed 1): varied
// issuers, partners, dates and items, 1.7 KB of text each.
func corpusPages(*testing.B) func(i int) (string, []byte) {
	g := corpus.New(1)
	return func(i int) (string, []byte) {
		p := g.Page(i)
		return p.URL, p.HTML
	}
}

// fixturePages are the development fixtures (3.7 KB of text each, as real
// newsrooms write them) over and over under new names. The same pages
// again keep Bleve's term dictionaries small, which flatters the index's
// share; the text's length is what this set is for.
func fixturePages(b *testing.B) func(i int) (string, []byte) {
	files, err := filepath.Glob("../fixtures/releases/*.html")
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures: %v", err)
	}
	raws := make([][]byte, len(files))
	for i, f := range files {
		if raws[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	return func(i int) (string, []byte) {
		k := i % len(files)
		return fmt.Sprintf("file:///copy%d/%s", i, filepath.Base(files[k])), raws[k]
	}
}

// pageFiles writes n pages under a directory kept for the whole benchmark,
// and returns it with each release's text lines as extracted (the
// reference's input) and its index document (op=index's).
func pageFiles(b *testing.B, n int, page func(i int) (string, []byte)) (string, [][]string, []index.Doc) {
	b.Helper()
	x, err := shared()
	if err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "pressroom-bench-ingest-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = os.RemoveAll(dir) })
	lines := make([][]string, n)
	docs := make([]index.Doc, n)
	for i := range n {
		url, html := page(i)
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%07d.html", i)), html, 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := x.Extract(extract.Input{URL: url, Body: html})
		if err != nil {
			b.Fatal(err)
		}
		r := res.Release
		for _, l := range strings.Split(r.Title+"\n"+r.Subtitle+"\n"+r.Body, "\n") {
			if l != "" {
				lines[i] = append(lines[i], l)
			}
		}
		docs[i] = index.Doc{Release: r, Terms: res.Terms}
	}
	return dir, lines, docs
}

package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/internal/benchutil"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

type page struct {
	name string
	raw  []byte
	// text is the release's text (title, subtitle, body) as extracted:
	// the reference's input. The extractor analyses the same lines plus
	// the header's few (date, issuers), about 1% more.
	text  string
	lines []string
}

func fixturePages(b *testing.B) []page {
	b.Helper()
	files, _ := filepath.Glob("../fixtures/releases/*.html")
	var raws [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	return benchPages(b, files, raws)
}

// corpusPages are generated releases (internal/corpus): the pages the
// ingest benchmarks read, in three site layouts and three charsets.
func corpusPages(b *testing.B, n int) []page {
	b.Helper()
	g := corpus.New(1)
	var names []string
	var raws [][]byte
	for i := range n {
		p := g.Page(i)
		names, raws = append(names, p.URL), append(raws, p.HTML)
	}
	return benchPages(b, names, raws)
}

func benchPages(b *testing.B, names []string, raws [][]byte) []page {
	x := extractor(b)
	var out []page
	for i, name := range names {
		res, err := x.Extract(extract.Input{URL: "file:///" + name, Body: raws[i]})
		if err != nil {
			b.Fatal(err)
		}
		r := res.Release
		text := r.Title + "\n" + r.Subtitle + "\n" + r.Body
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
		out = append(out, page{filepath.Base(name), raws[i], text, lines})
	}
	return out
}

func textBytes(ps []page) int64 {
	n := 0
	for _, p := range ps {
		n += len(p.text)
	}
	return int64(n)
}

// BenchmarkExtract measures HTML → Release against its reference, raw
// Kagome tokenization (IPA dictionary, Normal mode) of the same text, on
// the development fixtures and on generated pages:
//
//	op=kagome-lines  Kagome a line at a time: the reference (extract/ja
//	                 feeds Kagome so, and it is the faster of the two)
//	op=kagome-whole  Kagome a whole document at a time, as a plain caller might
//	op=extract       everything: charset, HTML, blocks, NFKC, Kagome and
//	                 its part-of-speech reading, every extractor, index terms
//
// Each reports cpu-ms/op, the process's CPU time (the collector's share
// included), besides wall time. scripts/bench prints the ratios:
//
//	go test -run '^$' -bench 'Extract$' -count 10 ./extract | benchstat -col /op -
func BenchmarkExtract(b *testing.B) {
	sets := []struct {
		name  string
		pages func(*testing.B) []page
	}{
		{"fixtures", fixturePages},
		{"corpus", func(b *testing.B) []page { return corpusPages(b, 50) }},
	}
	for _, set := range sets {
		b.Run("set="+set.name, func(b *testing.B) {
			ps := set.pages(b)
			b.Run("op=kagome-lines", func(b *testing.B) { benchKagome(b, ps, true) })
			b.Run("op=kagome-whole", func(b *testing.B) { benchKagome(b, ps, false) })
			b.Run("op=extract", func(b *testing.B) { benchExtract(b, ps) })
		})
	}
}

// BenchmarkExtractRatio runs the reference (Kagome a line at a time) and
// the extraction of each page alternately on one thread and reports the
// ratio of their CPU times (extract/kagome): the steadiest reading on a
// busy machine. The collector's background work, which runs on other
// threads, is left out of both; BenchmarkExtract's cpu-ms/op include it.
func BenchmarkExtractRatio(b *testing.B) {
	for _, set := range []struct {
		name  string
		pages func(*testing.B) []page
	}{
		{"fixtures", fixturePages},
		{"corpus", func(b *testing.B) []page { return corpusPages(b, 50) }},
	} {
		b.Run("set="+set.name, func(b *testing.B) {
			ps := set.pages(b)
			x := extractor(b)
			tok := rawTokenizer(b)
			r := benchutil.NewRatio()
			for i := 0; b.Loop(); i++ {
				for k, p := range ps {
					kagome := func() {
						for _, l := range p.lines {
							_ = tok.Tokenize(l)
						}
					}
					extract := func() {
						if _, err := x.Extract(extract.Input{URL: "file:///" + p.name, Body: p.raw}); err != nil {
							b.Fatal(err)
						}
					}
					r.Both(i+k, extract, kagome)
				}
			}
			r.Done(b, "extract/kagome")
		})
	}
}

var rawTokenizer = func() func(testing.TB) *tokenizer.Tokenizer {
	var tok *tokenizer.Tokenizer
	return func(tb testing.TB) *tokenizer.Tokenizer {
		if tok == nil {
			var err error
			if tok, err = tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos()); err != nil {
				tb.Fatal(err)
			}
		}
		return tok
	}
}()

func benchKagome(b *testing.B, ps []page, byLine bool) {
	tok := rawTokenizer(b)
	b.SetBytes(textBytes(ps))
	b.ReportAllocs()
	m := benchutil.Start()
	for b.Loop() {
		for _, p := range ps {
			if !byLine {
				_ = tok.Tokenize(p.text)
				continue
			}
			for _, l := range p.lines {
				_ = tok.Tokenize(l)
			}
		}
	}
	m.Report(b, len(ps), "release")
}

func benchExtract(b *testing.B, ps []page) {
	x := extractor(b)
	b.SetBytes(textBytes(ps))
	b.ReportAllocs()
	m := benchutil.Start()
	for b.Loop() {
		for _, p := range ps {
			if _, err := x.Extract(extract.Input{URL: "file:///" + p.name, Body: p.raw}); err != nil {
				b.Fatal(err)
			}
		}
	}
	m.Report(b, len(ps), "release")
}

package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract"
)

type page struct {
	name string
	raw  []byte
	body string // the extracted main text, the reference's input
}

func benchPages(b *testing.B) []page {
	b.Helper()
	x := extractor(b)
	files, _ := filepath.Glob("../fixtures/releases/*.html")
	var out []page
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		res, err := x.Extract(extract.Input{URL: "file:///" + f, Body: raw})
		if err != nil {
			b.Fatal(err)
		}
		r := res.Release
		out = append(out, page{filepath.Base(f), raw, r.Title + "\n" + r.Subtitle + "\n" + r.Body})
	}
	return out
}

func textBytes(ps []page) int64 {
	n := 0
	for _, p := range ps {
		n += len(p.body)
	}
	return int64(n)
}

// BenchmarkKagomeRaw is the reference: Kagome (IPA, Normal mode) over the
// same text the extractor analyses, a whole document at a time, as a
// plain caller would. SetBytes counts the text, so MB/s compare directly
// with BenchmarkExtract.
func BenchmarkKagomeRaw(b *testing.B) {
	ps := benchPages(b)
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(textBytes(ps))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			_ = tok.Analyze(p.body, tokenizer.Normal)
		}
	}
}

// BenchmarkKagomeRawLines tokenizes the same text a line at a time, as
// extract/ja does.
func BenchmarkKagomeRawLines(b *testing.B) {
	ps := benchPages(b)
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(textBytes(ps))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			for _, line := range strings.Split(p.body, "\n") {
				if line != "" {
					_ = tok.Analyze(line, tokenizer.Normal)
				}
			}
		}
	}
}

// BenchmarkExtract is HTML → Release including all Kagome analysis and the
// index terms.
func BenchmarkExtract(b *testing.B) {
	ps := benchPages(b)
	x := extractor(b)
	b.SetBytes(textBytes(ps))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			if _, err := x.Extract(extract.Input{URL: "file:///" + p.name, Body: p.raw}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

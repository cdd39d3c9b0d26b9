package ja_test

import (
	"strings"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/internal/benchutil"
)

// BenchmarkAnalyzerRatio runs Kagome's Tokenize (Normal mode, IPA) and the
// analyser over the same lines of the development fixtures, alternately on
// one thread, and reports the ratio of their CPU times (analyser/kagome):
// what the analyser's own lattice search and its tokens cost against the
// reference the extraction benchmarks use.
//
//	go test -run '^$' -bench AnalyzerRatio -count 5 ./extract/ja
func BenchmarkAnalyzerRatio(b *testing.B) {
	var lines []string
	for _, l := range fixtureLines(b) {
		if l = ja.Normalize(l); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	an, err := ja.New(ipa.Dict())
	if err != nil {
		b.Fatal(err)
	}
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		b.Fatal(err)
	}
	var buf []ja.Token
	for _, l := range lines { // fill the entry caches first
		buf = an.AppendTokens(buf[:0], l)
	}
	r := benchutil.NewRatio()
	for i := 0; b.Loop(); i++ {
		kagome := func() {
			for _, l := range lines {
				_ = tok.Tokenize(l)
			}
		}
		analyse := func() {
			for _, l := range lines {
				buf = an.AppendTokens(buf[:0], l)
			}
		}
		r.Both(i, analyse, kagome)
	}
	r.Done(b, "analyser/kagome")
}

package elastic

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// appendJSONString and appendDoc must write what encoding/json writes.
func TestJSONEncodingMatches(t *testing.T) {
	pieces := []string{"", "a", "川崎市", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"\u2028", "\u2029", "\u2027", "\u202a", "\xe2\x80", "\xe2", "\xff", "\xc3\x28", "é", "𝄞", "ｱ", "/", "'"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(8) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		want, err := jsonBody(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
	an := indextest.Analyzer(t)
	g := corpus.New(5)
	docs := []index.Doc{}
	for _, r := range indextest.Corpus() {
		docs = append(docs, indextest.Doc(an, r))
	}
	for i := range 50 {
		docs = append(docs, g.Doc(an, i))
	}
	odd := indextest.Doc(an, indextest.Corpus()[0])
	rel := *odd.Release
	rel.Title, rel.Body = "a\"b\\c\u2028<tag>&\x01", "\xff本文"
	odd.Release = &rel
	docs = append(docs, odd)
	for _, d := range docs {
		got, err := source(an, d)
		if err != nil {
			t.Fatal(err)
		}
		m, err := index.Flatten(d)
		if err != nil {
			t.Fatal(err)
		}
		m[index.FieldAgreements] = agreements(an, d)
		want, err := jsonBody(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("document %s:\n got %s\nwant %s", d.Release.ID, got, want)
		}
	}
}

package elastic

import (
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// BenchmarkSource writes the documents of 100 releases extracted from
// generated pages, as Put does (the recycled buffer given back as bodyOf
// gives it back); per op is one document.
//
//	go test -run '^$' -bench Source -benchmem ./index/elastic
func BenchmarkSource(b *testing.B) {
	an := indextest.Analyzer(b)
	x := extract.New(an)
	g := corpus.New(1)
	docs := make([]index.Doc, 100)
	for i := range docs {
		p := g.Page(i)
		res, err := x.Extract(extract.Input{URL: p.URL, Body: p.HTML})
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = index.Doc{Release: res.Release, Terms: res.Terms}
	}
	var bufs bufPools
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		src, buf, err := bufs.source(an, docs[i%len(docs)])
		if err != nil {
			b.Fatal(err)
		}
		n += len(src)
		if buf != nil {
			bufs.release(buf) // as bodyOf does
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "doc-bytes")
}

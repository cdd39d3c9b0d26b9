package blevestore_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/benchindex"
)

// searchCases are the kinds of query the analyst's page sends, each with
// facets, ten hits and highlights. The corpus is internal/corpus seed 1;
// the share of releases each matches is about the same at any size.
var searchCases = []struct {
	name string
	q    index.Query
}{
	{"rare-word", index.Query{Text: "ロボット 物流"}},               // under 1%
	{"word", index.Query{Text: "防災"}},                         // about 5%
	{"common-word", index.Query{Text: "連携"}},                  // every release
	{"two-words", index.Query{Text: "脱炭素 協定"}},                // about 5%
	{"compound", index.Query{Text: "包括連携協定"}},                 // about 20%
	{"phrase", index.Query{Text: `"災害時における物資の供給"`}},           // about 1.5%
	{"everything", index.Query{}},                             // no words: every release, newest first
	{"filter", index.Query{Partners: []string{"あおばテクノロジーズ"}}}, // one partner
	{"word-and-filters", index.Query{Text: "創薬", Kinds: []string{"joint_research"}, From: "2015"}},
	{"common-word-dates", index.Query{Text: "連携", From: "2020", To: "2021", Sort: index.Newest}},
	{"deep-page", index.Query{Text: "連携", Sort: index.Oldest, Offset: 990}},
}

// BenchmarkSearch measures Store.Search over generated corpora of 20,000
// and 100,000 releases (PRESSROOM_BENCH_SIZES, comma-separated, to
// change), one sub-benchmark per kind of query plus q=mix, which cycles
// through all of them. Each reports its median and 99th-percentile
// latency. The indexes are built once (minutes for 100,000) and cached
// under the user cache directory; -short skips this benchmark.
//
//	go test -run '^$' -bench Search -benchtime 200x ./index/blevestore
func BenchmarkSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("builds indexes of generated corpora; run without -short")
	}
	sizes := []int{20000, 100000}
	if s := os.Getenv("PRESSROOM_BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				b.Fatalf("PRESSROOM_BENCH_SIZES=%q: want sizes such as 20000,100000", s)
			}
			sizes = append(sizes, n)
		}
	}
	an := indextest.Analyzer(b)
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			st := benchindex.Open(b, an, n, 1)
			for _, c := range searchCases {
				b.Run("q="+c.name, func(b *testing.B) { benchQueries(b, st, c.q) })
			}
			var all []index.Query
			for _, c := range searchCases {
				all = append(all, c.q)
			}
			b.Run("q=mix", func(b *testing.B) { benchQueries(b, st, all...) })
		})
	}
}

func benchQueries(b *testing.B, st *blevestore.Store, qs ...index.Query) {
	ctx := context.Background()
	total := 0
	for i := range qs {
		qs[i].Facets, qs[i].Size = true, 10
		// Warm up: the first search of an index reads its columns.
		res, err := st.Search(ctx, qs[i])
		if err != nil {
			b.Fatal(err)
		}
		total += res.Total
	}
	lat := make([]time.Duration, 0, 1024)
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := st.Search(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	ms := func(p float64) float64 {
		k := min(len(lat)-1, int(p*float64(len(lat))))
		return float64(lat[k].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(total)/float64(len(qs)), "hits")
}

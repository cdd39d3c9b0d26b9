package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/internal/benchindex"
	"github.com/pressroom-ja/pressroom/web"
)

// BenchmarkSearchAPI measures GET /api/search as the page sends it (facets
// on, ten hits, highlights) over the embedded index, cycling through a mix
// of words, phrases, filters and sorts, and reports the median and the 99th
// percentile latency of one request.
//
//	go test -run '^$' -bench SearchAPI/fixtures ./web
//	go test -run '^$' -bench SearchAPI/generated -benchtime 2000x -timeout 60m ./web
//
// The generated corpus has PRESSROOM_BENCH_N releases (default 100,000) of
// seed PRESSROOM_BENCH_SEED (default 1). Its index is built once, which
// takes minutes, and kept under the user cache directory for the next run
// (internal/benchindex, shared with index/blevestore's BenchmarkSearch);
// -short skips it.
func BenchmarkSearchAPI(b *testing.B) {
	b.Run("fixtures", func(b *testing.B) {
		benchSearch(b, sharedIndex(b), fixtureQueries)
	})
	b.Run("generated", func(b *testing.B) {
		if testing.Short() {
			b.Skip("the generated corpus takes minutes to index; run without -short")
		}
		n := envInt(b, "PRESSROOM_BENCH_N", 100000)
		seed := envInt(b, "PRESSROOM_BENCH_SEED", 1)
		st := generatedIndex(b, n, uint64(seed))
		b.Logf("index of %d generated releases (seed %d)", n, seed)
		benchSearch(b, st, generatedQueries)
	})
}

var fixtureQueries = []string{
	query("q", "川崎市"),
	query("q", "覚書"),
	query("q", "連携"),
	query("q", "ライフサイエンス イノベーション"),
	query("q", `"包括連携協定"`),
	query("q", "業務提携", "sort", "newest"),
	query(),
	query("partner", "川崎市"),
	query("kind", "mou"),
	query("q", "共同研究", "from", "2021"),
	query("q", "殿町"),
	query("q", "提携", "page", "2", "size", "3"),
}

var generatedQueries = []string{
	query("q", "覚書"),
	query("q", "包括連携協定"),
	query("q", "防災"),
	query("q", "脱炭素 協定"),
	query("q", "共同研究 AI"),
	query("q", "観光"),
	query("q", `"災害時における物資の供給"`),
	query("q", "半導体 人材"),
	query("q", "地域交通 デマンド"),
	query(),
	query("sort", "newest", "from", "2020", "to", "2021"),
	query("partner", "あおばテクノロジーズ"),
	query("publisher", "青葉台市"),
	query("kind", "joint_research", "q", "創薬"),
	query("q", "連携", "sort", "oldest", "page", "5"),
	query("q", "スタートアップ", "category", "イノベーション"),
}

func benchSearch(b *testing.B, st web.Backend, queries []string) {
	h, err := web.New(st, web.Config{})
	if err != nil {
		b.Fatal(err)
	}
	// One pass first: caches and lazily loaded index parts warm up, and
	// every query is checked to succeed.
	for _, q := range queries {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?"+q, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", q, rec.Code, rec.Body)
		}
	}
	lat := make([]time.Duration, 0, 1024)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest(http.MethodGet, "/api/search?"+queries[i%len(queries)], nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		lat = append(lat, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", req.URL, rec.Code)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(p float64) float64 {
		k := min(len(lat)-1, int(p*float64(len(lat))))
		return float64(lat[k].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(len(queries)), "queries")
}

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// generatedIndex opens the cached index of n generated releases, building
// it first when absent (or built by another corpus or mapping version).
func generatedIndex(b *testing.B, n int, seed uint64) *blevestore.Store {
	b.Helper()
	return benchindex.Open(b, testAnalyzer(b), n, seed)
}

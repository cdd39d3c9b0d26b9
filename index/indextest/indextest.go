// Package indextest is the conformance suite every index.Index backend
// runs: the same releases, the same queries, the same expected answers, so
// that the embedded index and Elasticsearch give analysts the same results.
//
//	func TestConformance(t *testing.T) {
//		indextest.Run(t, func(t *testing.T, an *ja.Analyzer) index.Index {
//			st, err := blevestore.Open(ctx, t.TempDir(), an, blevestore.Config{})
//			…
//			return st
//		})
//	}
package indextest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

// Opener returns a fresh, empty index for one test. The suite closes it.
type Opener func(t *testing.T, an *ja.Analyzer) index.Index

// analyzer is built once per test binary: the dictionary takes half a
// second to load.
var analyzer = sync.OnceValues(func() (*ja.Analyzer, error) {
	return ja.New(ipa.Dict())
})

// Analyzer returns the shared analyser for backends' own tests.
func Analyzer(t testing.TB) *ja.Analyzer {
	t.Helper()
	an, err := analyzer()
	if err != nil {
		t.Fatalf("load dictionary: %v", err)
	}
	return an
}

func str(s string) *string { return &s }

// Corpus returns the suite's releases: small, but with the shapes that
// matter (a compound word, particles, filters, dates, no date).
func Corpus() []*extract.Release {
	return []*extract.Release{
		{
			ID: "linkj", URL: "https://example.com/linkj", Title: "LINK-J、川崎市とライフサイエンス領域に関する相互提携の覚書を締結",
			Subtitle:  "国内主要ライフサイエンスクラスター4団体と提携",
			Published: str("2018-08-31"), Publishers: []string{"ライフサイエンス・イノベーション・ネットワーク・ジャパン", "三井不動産"},
			Categories: []string{"ライフサイエンス", "オフィス"},
			Body:       "LINK-Jは、川崎市と8月30日、覚書を締結しました。川崎市は、殿町国際戦略拠点「キングスカイフロント」を中心に、ライフサイエンス分野の集積を進めています。",
			Organizations: []extract.Organization{
				{Name: "川崎市", Normalized: "川崎市", Kind: "government"},
				{Name: "三井不動産株式会社", Normalized: "三井不動産", Kind: "company"},
			},
			Agreements: []extract.Agreement{{Kind: "mou", Label: "覚書", Partner: "川崎市", Signed: str("2018-08-30"), Items: []string{"相互訪問"}, From: "body"},
				{Kind: "mou", Label: "覚書", Partner: "BIOCOM", Signed: str("2016-05"), Items: []string{"刊行物、資料、情報の交換"}, From: "table"}},
			People: []extract.Person{{Name: "福田 紀彦", Title: "市長", Organization: "川崎市"}},
			Dates:  []extract.DateMention{{Text: "2018年8月31日", Value: "2018-08-31", Role: "published"}},
		},
		{
			ID: "sakura", URL: "https://example.com/sakura", Title: "株式会社ひかりマートと包括連携協定を締結しました",
			Published: str("2018-01-16"), Publishers: []string{"桜ヶ丘市"}, Categories: []string{"協働・連携"},
			Body:          "桜ヶ丘市は、株式会社ひかりマートと包括連携協定を締結しました。地域の見守り活動に関することなどで連携します。",
			Agreements:    []extract.Agreement{{Kind: "comprehensive_partnership", Label: "包括連携協定", Partner: "ひかりマート", Signed: str("2017-12-20"), Items: []string{"地域の見守り活動に関すること"}, From: "body"}},
			Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{},
		},
		{
			ID: "univ", URL: "https://example.com/univ", Title: "東雲大学と株式会社ツバサマテリアル、共同研究契約を締結",
			Published: str("2021-04-15"), Publishers: []string{"東雲大学"}, Categories: []string{"研究"},
			Body:          "東雲大学は、株式会社ツバサマテリアルと全固体電池材料に関する共同研究契約を締結しました。川崎市の企業とも交流があります。",
			Agreements:    []extract.Agreement{{Kind: "joint_research", Label: "共同研究契約", Partner: "ツバサマテリアル", Signed: str("2021-03-29"), Items: []string{}, From: "body"}},
			Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{},
		},
		{
			ID: "food", URL: "https://example.com/food", Title: "春限定ロールケーキを発売",
			Published: str("2024-02-20"), Publishers: []string{"ハルカゼ食品"}, Categories: []string{"新商品"},
			Body:       "株式会社ハルカゼ食品は、桜ヶ丘市産のいちごを使ったロールケーキを発売します。",
			Agreements: []extract.Agreement{}, Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{},
		},
		{
			ID: "nodate", URL: "https://example.com/nodate", Title: "日付のないお知らせ",
			Publishers: []string{"ハルカゼ食品"},
			Body:       "このお知らせには日付がありません。ハルカゼ食品の新しい取り組みです。",
			Agreements: []extract.Agreement{}, Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{},
		},
	}
}

// Doc makes an index.Doc of r with its terms from an.
func Doc(an *ja.Analyzer, r *extract.Release) index.Doc {
	return index.Doc{Release: r, Terms: extract.Terms{
		Title:    an.Terms(r.Title),
		Subtitle: an.Terms(r.Subtitle),
		Body:     an.Terms(r.Body),
	}}
}

// Load puts the corpus into ix, flushes, and checks every ack came once
// with nil.
func Load(t *testing.T, ctx context.Context, an *ja.Analyzer, ix index.Index, rels []*extract.Release) {
	t.Helper()
	var mu sync.Mutex
	acks := map[string]int{}
	for _, r := range rels {
		id := r.ID
		err := ix.Put(ctx, Doc(an, r), func(err error) {
			if err != nil {
				t.Errorf("ack %s: %v", id, err)
			}
			mu.Lock()
			acks[id]++
			mu.Unlock()
		})
		if err != nil {
			t.Fatalf("Put %s: %v", id, err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, r := range rels {
		if acks[r.ID] != 1 {
			t.Errorf("ack for %s called %d times after Flush, want 1", r.ID, acks[r.ID])
		}
	}
}

func ids(res *index.Results) []string {
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// Run runs the conformance suite against fresh indexes from open.
func Run(t *testing.T, open Opener) {
	an := Analyzer(t)
	ctx := context.Background()
	setup := func(t *testing.T) index.Index {
		ix := open(t, an)
		t.Cleanup(func() {
			if err := ix.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		Load(t, ctx, an, ix, Corpus())
		return ix
	}
	search := func(t *testing.T, ix index.Index, q index.Query) *index.Results {
		t.Helper()
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		return res
	}

	t.Run("GetRoundTrip", func(t *testing.T) {
		ix := setup(t)
		for _, want := range Corpus() {
			got, err := ix.Get(ctx, want.ID)
			if err != nil {
				t.Fatalf("Get %s: %v", want.ID, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get %s = %+v, want %+v", want.ID, got, want)
			}
		}
		if _, err := ix.Get(ctx, "missing"); !errors.Is(err, index.ErrNotFound) {
			t.Errorf("Get missing: err = %v, want ErrNotFound", err)
		}
		if n, err := ix.Count(ctx); err != nil || n != len(Corpus()) {
			t.Errorf("Count = %d, %v; want %d", n, err, len(Corpus()))
		}
	})

	t.Run("WordFindsReleaseWithMarks", func(t *testing.T) {
		ix := setup(t)
		res := search(t, ix, index.Query{Text: "川崎市"})
		got := ids(res)
		if len(got) != 2 || got[0] != "linkj" {
			t.Fatalf("川崎市 hits = %v, want [linkj univ] (linkj first: title and body)", got)
		}
		h := res.Hits[0]
		if !strings.Contains(strings.Join(h.Highlights[index.FieldTitle], ""), "<mark>川崎市</mark>") {
			t.Errorf("title highlight = %q, want <mark>川崎市</mark>", h.Highlights[index.FieldTitle])
		}
		if !strings.Contains(strings.Join(h.Highlights[index.FieldBody], ""), "<mark>川崎市</mark>") {
			t.Errorf("body highlight = %q, want <mark>川崎市</mark>", h.Highlights[index.FieldBody])
		}
		if h.Release == nil || h.Release.Title == "" {
			t.Errorf("hit carries no release")
		}
	})

	t.Run("WordInsideCompound", func(t *testing.T) {
		ix := setup(t)
		for _, q := range []string{"川崎", "殿町", "キングスカイフロント", "ライフサイエンス"} {
			if got := ids(search(t, ix, index.Query{Text: q})); len(got) == 0 || got[0] != "linkj" {
				t.Errorf("%s hits = %v, want linkj first", q, got)
			}
		}
	})

	t.Run("ParticlesDoNotMatch", func(t *testing.T) {
		ix := setup(t)
		for _, q := range []string{"は", "の", "は の", "、。"} {
			if res := search(t, ix, index.Query{Text: q}); res.Total != 0 {
				t.Errorf("%q matched %d releases, want 0", q, res.Total)
			}
		}
		if got := ids(search(t, ix, index.Query{Text: "川崎市の覚書"})); len(got) == 0 || got[0] != "linkj" {
			t.Errorf("川崎市の覚書 hits = %v, want linkj first", got)
		}
	})

	t.Run("AllWordsMustMatch", func(t *testing.T) {
		ix := setup(t)
		if got := ids(search(t, ix, index.Query{Text: "桜ヶ丘市 いちご"})); !reflect.DeepEqual(got, []string{"food"}) {
			t.Errorf("桜ヶ丘市 いちご = %v, want [food]", got)
		}
		if got := ids(search(t, ix, index.Query{Text: `"包括連携協定"`})); !reflect.DeepEqual(got, []string{"sakura"}) {
			t.Errorf(`"包括連携協定" = %v, want [sakura]`, got)
		}
		if res := search(t, ix, index.Query{Text: "川崎市 ロールケーキ"}); res.Total != 0 {
			t.Errorf("川崎市 ロールケーキ matched %v", ids(res))
		}
	})

	t.Run("Filters", func(t *testing.T) {
		ix := setup(t)
		tests := []struct {
			name string
			q    index.Query
			want []string
		}{
			{"publisher by name", index.Query{Publishers: []string{"三井不動産株式会社"}}, []string{"linkj"}},
			{"partner", index.Query{Partners: []string{"川崎市"}}, []string{"linkj"}},
			{"earlier partner counts", index.Query{Partners: []string{"BIOCOM"}}, []string{"linkj"}},
			{"kind", index.Query{Kinds: []string{"joint_research"}}, []string{"univ"}},
			{"category", index.Query{Categories: []string{"新商品"}}, []string{"food"}},
			{"two publishers both required", index.Query{Publishers: []string{"三井不動産", "桜ヶ丘市"}}, []string{}},
			{"from year", index.Query{From: "2021", Sort: index.Oldest}, []string{"univ", "food"}},
			{"to month inclusive", index.Query{To: "2018-01", Sort: index.Oldest}, []string{"sakura"}},
			{"day range inclusive", index.Query{From: "2018-01-16", To: "2018-08-31", Sort: index.Oldest}, []string{"sakura", "linkj"}},
			{"text and filter", index.Query{Text: "川崎市", Publishers: []string{"東雲大学"}}, []string{"univ"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := ids(search(t, ix, tt.q))
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	})

	t.Run("FilterDoesNotChangeScore", func(t *testing.T) {
		ix := setup(t)
		plain := search(t, ix, index.Query{Text: "川崎市"})
		filtered := search(t, ix, index.Query{Text: "川崎市", Categories: []string{"ライフサイエンス"}})
		if len(filtered.Hits) != 1 || len(plain.Hits) == 0 || filtered.Hits[0].Score != plain.Hits[0].Score {
			t.Errorf("filtered score %v, plain %v: a filter must not change the score", filtered.Hits, plain.Hits)
		}
	})

	t.Run("Facets", func(t *testing.T) {
		ix := setup(t)
		res := search(t, ix, index.Query{Facets: true})
		count := func(facet, value string) int {
			for _, v := range res.Facets[facet] {
				if v.Value == value {
					return v.Count
				}
			}
			return 0
		}
		checks := []struct {
			facet, value string
			want         int
		}{
			{"publisher", "ハルカゼ食品", 2},
			{"publisher", "三井不動産", 1},
			{"partner", "川崎市", 1},
			{"partner", "BIOCOM", 1},
			{"kind", "mou", 1},
			{"kind", "joint_research", 1},
			{"category", "ライフサイエンス", 1},
			{"year", "2018", 2},
			{"year", "2024", 1},
		}
		for _, c := range checks {
			if got := count(c.facet, c.value); got != c.want {
				t.Errorf("facet %s=%s count %d, want %d (facets %v)", c.facet, c.value, got, c.want, res.Facets[c.facet])
			}
		}
		if pubs := res.Facets["publisher"]; len(pubs) == 0 || pubs[0].Value != "ハルカゼ食品" {
			t.Errorf("publisher facet not ordered by count: %v", pubs)
		}
	})

	t.Run("SortByDate", func(t *testing.T) {
		ix := setup(t)
		if got := ids(search(t, ix, index.Query{Sort: index.Newest})); !reflect.DeepEqual(got, []string{"food", "univ", "linkj", "sakura", "nodate"}) {
			t.Errorf("newest = %v", got)
		}
		if got := ids(search(t, ix, index.Query{Sort: index.Oldest})); !reflect.DeepEqual(got, []string{"sakura", "linkj", "univ", "food", "nodate"}) {
			t.Errorf("oldest = %v (undated last)", got)
		}
		if got := ids(search(t, ix, index.Query{Text: "桜ヶ丘市", Sort: index.Newest})); !reflect.DeepEqual(got, []string{"food", "sakura"}) {
			t.Errorf("桜ヶ丘市 newest = %v, want [food sakura]", got)
		}
	})

	t.Run("Paging", func(t *testing.T) {
		ix := setup(t)
		all := ids(search(t, ix, index.Query{Sort: index.Newest}))
		var byOffset, byCursor []string
		for off := 0; off < 10; off += 2 {
			byOffset = append(byOffset, ids(search(t, ix, index.Query{Sort: index.Newest, Size: 2, Offset: off}))...)
		}
		cursor := ""
		for page := 0; page < 10; page++ {
			res := search(t, ix, index.Query{Sort: index.Newest, Size: 2, After: cursor})
			byCursor = append(byCursor, ids(res)...)
			if res.Total != len(all) {
				t.Errorf("page %d total %d, want %d", page, res.Total, len(all))
			}
			if res.Next == "" {
				break
			}
			cursor = res.Next
		}
		if !reflect.DeepEqual(byOffset, all) || !reflect.DeepEqual(byCursor, all) {
			t.Errorf("all %v; by offset %v; by cursor %v", all, byOffset, byCursor)
		}
	})

	t.Run("PhraseAsWritten", func(t *testing.T) {
		// "物資の供給" is written in one release; the other has every one
		// of its bigrams and words, apart.
		ix := open(t, an)
		t.Cleanup(func() { _ = ix.Close(ctx) })
		mk := func(id, body string) *extract.Release {
			return &extract.Release{ID: id, URL: "https://example.com/" + id, Title: "お知らせ", Published: str("2023-05-01"),
				Body: body, Publishers: []string{}, Categories: []string{},
				Agreements: []extract.Agreement{}, Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{}}
		}
		Load(t, ctx, an, ix, []*extract.Release{
			mk("p-written", "災害時における物資の供給に関する協定を締結しました。"),
			mk("p-apart", "供給される物資の量と、食料の供出について協議しました。"),
		})
		if got := ids(search(t, ix, index.Query{Text: `"物資の供給"`, Sort: index.Newest})); !reflect.DeepEqual(got, []string{"p-written"}) {
			t.Errorf(`"物資の供給" = %v, want [p-written]`, got)
		}
		if got := ids(search(t, ix, index.Query{Text: "物資の供給", Sort: index.Newest})); !reflect.DeepEqual(got, []string{"p-apart", "p-written"}) {
			t.Errorf("物資の供給 unquoted = %v, want both", got)
		}
		if got := ids(search(t, ix, index.Query{Text: `"供給の物資"`})); len(got) != 0 {
			t.Errorf(`"供給の物資" = %v, want none`, got)
		}
	})

	t.Run("TiesByID", func(t *testing.T) {
		// Releases of one day and one score come in id order, however
		// they were put, on every search of the same index (the embedded
		// index caches ids per snapshot), by offset and by cursor.
		ix := open(t, an)
		t.Cleanup(func() { _ = ix.Close(ctx) })
		put := []string{"t-m", "t-c", "t-x", "t-a", "t-q", "t-f"}
		var rels []*extract.Release
		for _, id := range put {
			rels = append(rels, &extract.Release{
				ID: id, URL: "https://example.com/" + id, Title: "防災協定を締結", Published: str("2022-09-01"),
				Body: "同じ日に発表された防災協定のお知らせです。", Publishers: []string{}, Categories: []string{},
				Agreements: []extract.Agreement{}, Organizations: []extract.Organization{}, People: []extract.Person{}, Dates: []extract.DateMention{},
			})
		}
		Load(t, ctx, an, ix, rels)
		want := slices.Sorted(slices.Values(put))
		for _, q := range []index.Query{{Text: "防災", Sort: index.Relevance}, {Sort: index.Newest}, {Text: "協定", Sort: index.Oldest}} {
			for range 2 {
				q.Size = 10
				if got := ids(search(t, ix, q)); !reflect.DeepEqual(got, want) {
					t.Errorf("%+v: %v, want %v", q, got, want)
				}
				var byOffset, byCursor []string
				p := q
				p.Size = 2
				for off := 0; off < len(want); off += 2 {
					p.Offset = off
					byOffset = append(byOffset, ids(search(t, ix, p))...)
				}
				p.Offset = 0
				for range len(want) {
					res := search(t, ix, p)
					byCursor = append(byCursor, ids(res)...)
					if p.After = res.Next; p.After == "" {
						break
					}
				}
				if !reflect.DeepEqual(byOffset, want) || !reflect.DeepEqual(byCursor, want) {
					t.Errorf("%+v: by offset %v, by cursor %v, want %v", q, byOffset, byCursor, want)
				}
			}
		}
	})

	t.Run("RePutReplaces", func(t *testing.T) {
		ix := setup(t)
		changed := *Corpus()[3]
		changed.Title = "春限定ロールケーキの発売日を変更"
		Load(t, ctx, an, ix, []*extract.Release{&changed})
		if n, _ := ix.Count(ctx); n != len(Corpus()) {
			t.Errorf("Count after re-put = %d, want %d", n, len(Corpus()))
		}
		got, err := ix.Get(ctx, changed.ID)
		if err != nil || got.Title != changed.Title {
			t.Errorf("Get after re-put = %v, %v; want title %q", got, err, changed.Title)
		}
		if got := ids(search(t, ix, index.Query{Text: "発売日"})); !reflect.DeepEqual(got, []string{"food"}) {
			t.Errorf("new words not searchable: %v", got)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		ix := setup(t)
		if err := ix.Delete(ctx, "food"); err != nil {
			t.Fatal(err)
		}
		if err := ix.Delete(ctx, "never-there"); err != nil {
			t.Errorf("Delete of a missing id: %v", err)
		}
		if err := ix.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Get(ctx, "food"); !errors.Is(err, index.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
		if n, _ := ix.Count(ctx); n != len(Corpus())-1 {
			t.Errorf("Count after Delete = %d", n)
		}
	})

	t.Run("BadQueries", func(t *testing.T) {
		ix := setup(t)
		for _, q := range []index.Query{
			{Text: strings.Repeat("川崎", index.MaxQueryRunes)},
			{From: "2018/08/01"},
			{From: "2019", To: "2018"},
			{After: "not-a-cursor"},
			{Offset: index.MaxWindow},
			{Partners: make([]string, 50)},
		} {
			if _, err := ix.Search(ctx, q); !errors.Is(err, index.ErrBadQuery) {
				t.Errorf("Search(%.60v): err = %v, want ErrBadQuery", q, err)
			}
		}
		// Query syntax of either engine is just text here.
		for _, q := range []string{`title:川崎市`, `+川崎市 -覚書`, `川崎* OR 覚書`, `{"match_all":{}}`, `<script>alert(1)</script>`} {
			if _, err := ix.Search(ctx, index.Query{Text: q}); err != nil {
				t.Errorf("Search(%q): %v", q, err)
			}
		}
		if res := search(t, ix, index.Query{Text: "title:ロールケーキ"}); res.Total != 0 {
			t.Errorf("title:ロールケーキ was read as field syntax: %v", ids(res))
		}
	})

	t.Run("CloseAcksPending", func(t *testing.T) {
		ix := open(t, an)
		var acked atomic.Int32
		for _, r := range Corpus()[:2] {
			if err := ix.Put(ctx, Doc(an, r), func(err error) {
				if err != nil {
					t.Errorf("ack: %v", err)
				}
				acked.Add(1)
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Close(ctx); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if acked.Load() != 2 {
			t.Errorf("%d acks after Close, want 2", acked.Load())
		}
		if err := ix.Put(ctx, Doc(an, Corpus()[2]), nil); !errors.Is(err, index.ErrClosed) {
			t.Errorf("Put after Close: %v, want ErrClosed", err)
		}
	})
}

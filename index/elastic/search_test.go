package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/elastic/go-elasticsearch/v8/typedapi/core/search"
	"github.com/elastic/go-elasticsearch/v8/typedapi/types"
	"github.com/elastic/go-elasticsearch/v8/typedapi/types/enums/totalhitsrelation"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

// searchResponseOf answers a search with the corpus releases named by ids,
// shaped as Elasticsearch answers (built from typedapi types).
func searchResponseOf(t *testing.T, total int64, ids []string, sorts [][]types.FieldValue, aggs map[string]types.Aggregate) *search.Response {
	t.Helper()
	byID := map[string]any{}
	for _, r := range indextest.Corpus() {
		byID[r.ID] = r
	}
	res := search.NewResponse()
	res.Took = 2
	res.Shards_ = types.ShardStatistics{Total: 1, Successful: 1}
	res.Hits.Total = &types.TotalHits{Value: total, Relation: totalhitsrelation.Eq}
	for i, id := range ids {
		rel, err := json.Marshal(byID[id])
		if err != nil {
			t.Fatal(err)
		}
		src, _ := json.Marshal(map[string]string{index.FieldRelease: string(rel)})
		score := types.Float64(4.2817836 - float64(i))
		h := types.Hit{Index_: "pressroom-v1", Id_: str(id), Score_: &score, Source_: src}
		if sorts != nil {
			h.Sort = sorts[i]
		}
		res.Hits.Hits = append(res.Hits.Hits, h)
	}
	res.Aggregations = aggs
	return res
}

// A response decodes into the same Results the embedded index gives:
// hits with their releases and scores, the highlights of
// index.HighlightHit, facets in the order the buckets came, and a cursor
// made of the last hit's sort values.
func TestSearchDecodesResponse(t *testing.T) {
	fake := newFakeES(t)
	fake.Search = func(body []byte) (int, any) {
		return 200, searchResponseOf(t, 7, []string{"linkj", "univ"},
			[][]types.FieldValue{{4.2817836, "2018-08-31", "linkj"}, {3.2817836, "2021-04-15", "univ"}},
			map[string]types.Aggregate{
				"publisher": &types.StringTermsAggregate{Buckets: []types.StringTermsBucket{
					{Key: "東雲大学", DocCount: 1}, {Key: "三井不動産", DocCount: 1},
				}},
				"partner":  &types.StringTermsAggregate{Buckets: []types.StringTermsBucket{{Key: "川崎市", DocCount: 1}}},
				"kind":     &types.StringTermsAggregate{Buckets: []types.StringTermsBucket{}},
				"category": &types.StringTermsAggregate{Buckets: []types.StringTermsBucket{}},
				"year":     &types.StringTermsAggregate{Buckets: []types.StringTermsBucket{{Key: "2018", DocCount: 1}, {Key: "2021", DocCount: 1}}},
			})
	}
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	q := index.Query{Text: "川崎市", Size: 2, Facets: true}
	res, err := st.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 7 || len(res.Hits) != 2 || res.Hits[0].ID != "linkj" || res.Hits[1].ID != "univ" {
		t.Fatalf("results = %+v", res)
	}
	if res.Hits[0].Score != 4.2817836 {
		t.Errorf("score = %v", res.Hits[0].Score)
	}
	if !reflect.DeepEqual(res.Hits[0].Release, indextest.Corpus()[0]) {
		t.Errorf("release = %+v", res.Hits[0].Release)
	}
	tq, _ := index.ParseText(indextest.Analyzer(t), q.Text)
	for _, h := range res.Hits {
		want := index.Hit{Release: h.Release}
		index.HighlightHit(&want, tq)
		if !reflect.DeepEqual(h.Highlights, want.Highlights) || len(h.Highlights[index.FieldBody]) == 0 {
			t.Errorf("%s highlights = %v, want %v", h.ID, h.Highlights, want.Highlights)
		}
	}
	wantFacets := map[string][]index.FacetValue{
		"publisher": {{Value: "東雲大学", Count: 1}, {Value: "三井不動産", Count: 1}},
		"partner":   {{Value: "川崎市", Count: 1}},
		"kind":      {}, "category": {},
		"year": {{Value: "2018", Count: 1}, {Value: "2021", Count: 1}},
	}
	if !reflect.DeepEqual(res.Facets, wantFacets) {
		t.Errorf("facets = %v", res.Facets)
	}
	cur, err := index.DecodeCursor(res.Next)
	if err != nil || !reflect.DeepEqual(cur, []string{"3.2817836", "2021-04-15", "univ"}) {
		t.Errorf("next cursor = %v (%v)", cur, err)
	}

	// The cursor continues with search_after from exactly those values.
	if _, err := st.Search(context.Background(), index.Query{Text: "川崎市", Size: 2, After: res.Next}); err != nil {
		t.Fatal(err)
	}
	reqs := fake.requestsTo("/_search")
	var body struct {
		SearchAfter []any `json:"search_after"`
		From        *int  `json:"from"`
	}
	if err := json.Unmarshal(reqs[len(reqs)-1].Body, &body); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(body.SearchAfter, []any{3.2817836, "2021-04-15", "univ"}) || body.From != nil {
		t.Errorf("search_after = %v, from %v", body.SearchAfter, body.From)
	}
}

// Date sorts give no score (as blevestore), and an undated last hit makes
// a cursor whose day is null again in search_after.
func TestSearchUndatedCursor(t *testing.T) {
	fake := newFakeES(t)
	fake.Search = func(body []byte) (int, any) {
		r := searchResponseOf(t, 5, []string{"food", "nodate"}, [][]types.FieldValue{{"2024-02-20", "food"}, {nil, "nodate"}}, nil)
		return 200, r
	}
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	res, err := st.Search(context.Background(), index.Query{Sort: index.Newest, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hits[0].Score != 0 || res.Hits[0].Highlights != nil {
		t.Errorf("date-sorted hit = %+v", res.Hits[0])
	}
	if _, err := st.Search(context.Background(), index.Query{Sort: index.Newest, Size: 2, After: res.Next}); err != nil {
		t.Fatal(err)
	}
	reqs := fake.requestsTo("/_search")
	var body struct {
		SearchAfter []any `json:"search_after"`
	}
	_ = json.Unmarshal(reqs[len(reqs)-1].Body, &body)
	if !reflect.DeepEqual(body.SearchAfter, []any{nil, "nodate"}) {
		t.Errorf("search_after = %#v", body.SearchAfter)
	}
}

// Bad queries are refused before anything is sent, as by blevestore.
func TestSearchBadQueries(t *testing.T) {
	fake := newFakeES(t)
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	for _, q := range []index.Query{
		{From: "2018/08/01"},
		{After: "not-a-cursor"},
		{Sort: index.Relevance, After: index.EncodeCursor([]string{"2018-01-01", "x"})}, // relevance needs three values
		{Text: "川崎", After: index.EncodeCursor([]string{"NaN", "", "x"})},               // not a score
		{Sort: index.Newest, After: index.EncodeCursor([]string{"2018-01-01", ""})},     // no id
	} {
		if _, err := st.Search(context.Background(), q); !errors.Is(err, index.ErrBadQuery) {
			t.Errorf("Search(%+v) = %v, want ErrBadQuery", q, err)
		}
	}
	if n := len(fake.requestsTo("/_search")); n != 0 {
		t.Errorf("%d bad queries were sent", n)
	}
}

// A search that failed on some shards is an error, not quietly fewer hits.
func TestSearchShardFailure(t *testing.T) {
	fake := newFakeES(t)
	fake.Search = func(body []byte) (int, any) {
		return 200, `{"took":1,"timed_out":false,"_shards":{"total":2,"successful":1,"skipped":0,"failed":1,"failures":[{"shard":1,"index":"pressroom-v1","reason":{"type":"query_shard_exception","reason":"failed to create query"}}]},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}`
	}
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	if _, err := st.Search(context.Background(), index.Query{Text: "川崎市"}); err == nil || !contains(err.Error(), "1 of 2 shards failed", "query_shard_exception") {
		t.Errorf("err = %v", err)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

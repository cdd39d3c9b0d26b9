package elastic

import (
	"context"
	"flag"
	"testing"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The index template: settings and the explicit mapping built from
// index.Fields and index.AgreementFields.
func TestTemplateGolden(t *testing.T) {
	b, err := jsonBody(Template("pressroom", 1, "0-1"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "template.json", b)
}

// What Open sends to a cluster that has no pressroom index yet: the
// template, then pressroom-v1 created behind the alias.
func TestOpenCreatesTemplateAndFirstVersion(t *testing.T) {
	fake := newFakeES(t)
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	tpl := fake.requestsTo("/_index_template/pressroom")
	if len(tpl) != 1 || tpl[0].Method != "PUT" {
		t.Fatalf("template requests = %+v", tpl)
	}
	want, _ := jsonBody(Template("pressroom", 1, "0-1"))
	if string(tpl[0].Body) != string(want) {
		t.Errorf("template sent differs from Template()")
	}
	create := fake.requestsTo("/pressroom-v1")
	if len(create) != 1 || create[0].Method != "PUT" {
		t.Fatalf("create requests = %+v", create)
	}
	golden(t, "create-v1.json", create[0].Body)
}

// Each kind of search request, pinned byte for byte.
func TestSearchRequestGolden(t *testing.T) {
	after := index.EncodeCursor([]string{"2018-08-31", "linkj"})
	afterScore := index.EncodeCursor([]string{"4.2817836", "2018-08-31", "linkj"})
	afterUndated := index.EncodeCursor([]string{"", "nodate"})
	tests := []struct {
		name string
		q    index.Query
	}{
		{"empty", index.Query{}},
		{"text", index.Query{Text: "川崎市 覚書"}},
		{"phrase", index.Query{Text: `"包括連携協定"`}},
		{"filter-publisher", index.Query{Publishers: []string{"三井不動産株式会社"}}},
		{"filter-partner", index.Query{Partners: []string{"川崎市"}}},
		{"filter-kind", index.Query{Kinds: []string{"mou"}}},
		{"filter-category", index.Query{Categories: []string{"ライフサイエンス"}}},
		{"filter-dates", index.Query{From: "2018", To: "2021-03"}},
		{"text-and-filters", index.Query{Text: "川崎市", Publishers: []string{"東雲大学"}, Kinds: []string{"joint_research"}, From: "2020-01-01"}},
		{"facets", index.Query{Text: "覚書", Facets: true, FacetSize: 5}},
		{"sort-relevance", index.Query{Text: "川崎市", Sort: index.Relevance}},
		{"sort-newest", index.Query{Text: "川崎市", Sort: index.Newest}},
		{"sort-oldest", index.Query{Sort: index.Oldest}},
		{"page-offset", index.Query{Sort: index.Newest, Size: 2, Offset: 4}},
		{"search-after", index.Query{Sort: index.Newest, Size: 2, After: after}},
		{"search-after-relevance", index.Query{Text: "川崎市", Size: 2, After: afterScore}},
		{"search-after-undated", index.Query{Sort: index.Oldest, Size: 2, After: afterUndated}},
	}
	fake := newFakeES(t)
	st := openFake(t, fake, nil)
	defer st.Close(context.Background())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(fake.requestsTo("/_search"))
			if _, err := st.Search(context.Background(), tt.q); err != nil {
				t.Fatal(err)
			}
			reqs := fake.requestsTo("/_search")
			if len(reqs) != n+1 {
				t.Fatalf("%d search requests, want 1", len(reqs)-n)
			}
			r := reqs[len(reqs)-1]
			if r.Method != "POST" || r.Path != "/pressroom/_search" {
				t.Errorf("request line %s %s", r.Method, r.Path)
			}
			golden(t, "search/"+tt.name+".json", r.Body)
		})
	}
	// Particles only: nothing is asked.
	n := len(fake.requestsTo("/_search"))
	if res, err := st.Search(context.Background(), index.Query{Text: "は の"}); err != nil || res.Total != 0 {
		t.Errorf("particles: %v %v", res, err)
	}
	if len(fake.requestsTo("/_search")) != n {
		t.Errorf("a query of particles was sent to Elasticsearch")
	}
	_ = indextest.Corpus
}

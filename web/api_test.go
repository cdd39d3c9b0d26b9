package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/web"
)

type searchBody struct {
	web.SearchResponse
	Hits []struct {
		ID         string              `json:"id"`
		Score      float64             `json:"score"`
		Release    extract.Release     `json:"release"`
		Highlights map[string][]string `json:"highlights"`
	} `json:"hits"`
}

type errorBody struct {
	Error string `json:"error"`
	Param string `json:"param"`
}

func TestSearchAPI(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	tests := []struct {
		name  string
		query string
		check func(t *testing.T, b searchBody)
	}{
		{"words find the LINK-J release with 川崎市 marked", query("q", "川崎市"), func(t *testing.T, b searchBody) {
			if b.Total < 1 || !strings.Contains(b.Hits[0].Release.Title, "LINK-J") {
				t.Fatalf("first hit %+v", b.Hits)
			}
			if body := strings.Join(b.Hits[0].Highlights["body"], ""); !strings.Contains(body, "<mark>川崎市</mark>") {
				t.Errorf("body highlights %q", body)
			}
			if b.Orgs[linkJKey].Name != "一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン" {
				t.Errorf("orgs[%s] = %+v", linkJKey, b.Orgs[linkJKey])
			}
			if b.Page != 1 || b.Size != index.DefaultSize || b.Pages != 1 {
				t.Errorf("page %d size %d pages %d", b.Page, b.Size, b.Pages)
			}
			for _, f := range []string{"publisher", "partner", "kind", "year", "category"} {
				if _, ok := b.Facets[f]; !ok {
					t.Errorf("no %s facet in %v", f, b.Facets)
				}
			}
		}},
		{"a whole title is highlighted from its start", query("q", "覚書"), func(t *testing.T, b searchBody) {
			for _, hit := range b.Hits {
				if ti := hit.Highlights["title"]; len(ti) == 1 && strings.HasPrefix(ti[0], "…") {
					t.Errorf("title highlight %q is cut", ti[0])
				}
			}
		}},
		{"partner filter", query("partner", "川崎市"), func(t *testing.T, b searchBody) {
			if b.Total != 1 || !strings.Contains(b.Hits[0].Release.Title, "LINK-J") {
				t.Errorf("total %d, hits %+v", b.Total, b.Hits)
			}
		}},
		{"publisher filter by full name", query("publisher", "株式会社カゼノミチ"), func(t *testing.T, b searchBody) {
			if b.Total != 1 {
				t.Errorf("total %d", b.Total)
			}
		}},
		{"kind filter", query("kind", "mou"), func(t *testing.T, b searchBody) {
			if b.Total != 2 {
				t.Errorf("total %d, want 2 (LINK-J, kamome)", b.Total)
			}
		}},
		{"repeated filters all apply", query("kind", "mou", "partner", "川崎市"), func(t *testing.T, b searchBody) {
			if b.Total != 1 {
				t.Errorf("total %d", b.Total)
			}
		}},
		{"period", query("from", "2021", "to", "2021"), func(t *testing.T, b searchBody) {
			if b.Total != 3 {
				t.Errorf("total %d, want the three 2021 releases", b.Total)
			}
			for _, hit := range b.Hits {
				if !strings.HasPrefix(*hit.Release.Published, "2021") {
					t.Errorf("%s published %s", hit.ID, *hit.Release.Published)
				}
			}
		}},
		{"newest first", query("sort", "newest"), func(t *testing.T, b searchBody) {
			if b.Total != 9 || *b.Hits[0].Release.Published != "2024-02-20" {
				t.Errorf("total %d, first %v", b.Total, b.Hits[0].Release.Published)
			}
		}},
		{"oldest first", query("sort", "oldest"), func(t *testing.T, b searchBody) {
			if *b.Hits[0].Release.Published != "2018-01-16" {
				t.Errorf("first %v", *b.Hits[0].Release.Published)
			}
		}},
		{"huge size is clamped", query("size", "100000000000000000000000"), func(t *testing.T, b searchBody) {
			if b.Size != index.MaxSize || len(b.Hits) != 9 {
				t.Errorf("size %d, %d hits", b.Size, len(b.Hits))
			}
		}},
		{"paging", query("size", "2", "page", "2", "sort", "newest"), func(t *testing.T, b searchBody) {
			if b.Page != 2 || b.Size != 2 || b.Pages != 5 || len(b.Hits) != 2 || b.Next == "" {
				t.Errorf("page %d size %d pages %d hits %d next %q", b.Page, b.Size, b.Pages, len(b.Hits), b.Next)
			}
		}},
		{"particles only: no searchable words, no error", query("q", "は"), func(t *testing.T, b searchBody) {
			if b.Total != 0 || len(b.Terms) != 0 {
				t.Errorf("total %d terms %v", b.Total, b.Terms)
			}
		}},
		{"engine syntax is text: a star matches nothing", query("q", "*"), func(t *testing.T, b searchBody) {
			if b.Total != 0 {
				t.Errorf("q=* found %d", b.Total)
			}
		}},
		{"engine syntax is text: field:value is words", query("q", "body:川崎市 OR title:*"), func(t *testing.T, b searchBody) {
			if b.Total != 0 {
				t.Errorf("field syntax matched %d releases; it must be read as words", b.Total)
			}
		}},
		{"facets off", query("facets", "false"), func(t *testing.T, b searchBody) {
			if b.Facets != nil {
				t.Errorf("facets %v", b.Facets)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, "/api/search?"+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var b searchBody
			decode(t, rec, &b)
			tt.check(t, b)
		})
	}
}

func TestSearchAPIErrors(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	many := make([]string, 0, 42)
	for i := range 21 {
		many = append(many, "partner", fmt.Sprintf("組織%d", i))
	}
	tests := []struct {
		name, query, param, says string
	}{
		{"bad month", query("from", "2018-13"), "from", "YYYY"},
		{"not a date", query("to", "yesterday"), "to", "YYYY"},
		{"period backwards", query("from", "2021", "to", "2018"), "to", "before"},
		{"unknown sort", query("sort", "popular"), "sort", "relevance, newest or oldest"},
		{"page zero", query("page", "0"), "page", "1 or more"},
		{"page not a number", query("page", "two"), "page", "not a number"},
		{"page past the window", query("page", "99999"), "page", "past"},
		{"size not a number", query("size", "ten"), "size", "not a number"},
		{"unknown kind", query("kind", "merger"), "kind", "mou"},
		{"query too long", query("q", strings.Repeat("川", index.MaxQueryRunes+1)), "q", "at most"},
		{"foreign cursor", query("after", "not-a-cursor"), "after", "cursor"},
		{"facets not a boolean", query("facets", "perhaps"), "facets", "true or false"},
		{"too many filter values", query(many...), "", "more than 20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, "/api/search?"+tt.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			var e errorBody
			decode(t, rec, &e)
			if e.Param != tt.param || !strings.Contains(e.Error, tt.says) {
				t.Errorf("error %+v, want param %q and %q in the message", e, tt.param, tt.says)
			}
		})
	}
}

func TestReadOnly(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions} {
		for _, path := range []string{"/api/search", "/api/releases/" + fixtureID(releasesDir, linkJFile), "/api/export", "/", "/healthz"} {
			rec := get(t, h, method, path)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q", method, path, rec.Code, rec.Header().Get("Allow"))
				continue
			}
			var e errorBody
			decode(t, rec, &e)
			if !strings.Contains(e.Error, "read-only") {
				t.Errorf("%s %s: %+v", method, path, e)
			}
		}
	}
	if rec := get(t, h, http.MethodHead, "/api/search"); rec.Code != http.StatusOK {
		t.Errorf("HEAD /api/search: %d", rec.Code)
	}
}

func TestReleaseAPI(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	id := fixtureID(releasesDir, linkJFile)
	rec := get(t, h, http.MethodGet, "/api/releases/"+id)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var rel extract.Release
	decode(t, rec, &rel)
	if rel.ID != id || len(rel.Agreements) != 9 || rel.Agreements[0].Partner != "川崎市" || len(rel.Agreements[0].Items) != 3 {
		t.Errorf("release %s: %d agreements, first %+v", rel.ID, len(rel.Agreements), rel.Agreements[0])
	}
	// The API returns the schema's Release.
	schemaPath := "../../shared/schema/release.schema.json"
	if _, err := os.Stat(schemaPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("schema missing: %v", err)
		}
		t.Logf("schema not present, not validated: %v", err)
	} else {
		sch, err := jsonschema.NewCompiler().Compile(schemaPath)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(rec.Body.String()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("release does not match the schema: %v", err)
		}
	}

	for _, tt := range []struct {
		name, path string
		status     int
	}{
		{"unknown id", "/api/releases/" + strings.Repeat("0", 64), http.StatusNotFound},
		{"not an id", "/api/releases/..%2F..%2Fetc", http.StatusBadRequest},
		{"id too long", "/api/releases/" + strings.Repeat("a", 200), http.StatusBadRequest},
		{"no id", "/api/releases/", http.StatusNotFound},
		{"unknown endpoint", "/api/nothing", http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			var e errorBody
			decode(t, rec, &e)
			if e.Error == "" {
				t.Errorf("no error message: %s", rec.Body)
			}
		})
	}
}

func TestBackendFailures(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		says   string
	}{
		{"internal error is not shown", errors.New("disk on fire at /var/secret"), http.StatusInternalServerError, "internal error"},
		{"timeout", fmt.Errorf("search: %w", context.DeadlineExceeded), http.StatusServiceUnavailable, "too long"},
		{"bad query from the backend", fmt.Errorf("%w: cursor does not fit", index.ErrBadQuery), http.StatusBadRequest, "cursor does not fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, logs := newHandler(t, &fakeBackend{err: tt.err}, web.Config{})
			for _, path := range []string{"/api/search", "/api/releases/x1", "/api/partners", "/api/export"} {
				rec := get(t, h, http.MethodGet, path)
				var e errorBody
				decode(t, rec, &e)
				if rec.Code != tt.status || !strings.Contains(e.Error, tt.says) || strings.Contains(e.Error, "secret") {
					t.Errorf("%s: %d %+v", path, rec.Code, e)
				}
			}
			if tt.status == http.StatusInternalServerError && !strings.Contains(logs.String(), "disk on fire") {
				t.Errorf("the cause is not logged:\n%s", logs)
			}
		})
	}
	h, _ := newHandler(t, &fakeBackend{err: errors.New("down")}, web.Config{})
	if rec := get(t, h, http.MethodGet, "/healthz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz of a broken index: %d", rec.Code)
	}
}

func TestHealthz(t *testing.T) {
	h, logs := newHandler(t, sharedIndex(t), web.Config{})
	rec := get(t, h, http.MethodGet, "/healthz")
	var hb web.Health
	decode(t, rec, &hb)
	if rec.Code != http.StatusOK || hb.Status != "ok" || hb.Releases != 9 {
		t.Errorf("healthz %d %+v", rec.Code, hb)
	}
	// Every request is logged with its method, path and status.
	if l := logs.String(); !strings.Contains(l, "method=GET") || !strings.Contains(l, "uri=/healthz") || !strings.Contains(l, "status=200") {
		t.Errorf("request log:\n%s", l)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	for _, path := range []string{"/", "/network", "/releases/abc", "/assets/app.js", "/api/search", "/api/search?from=bad", "/healthz", "/nowhere", "/api/export"} {
		rec := get(t, h, http.MethodGet, path)
		hd := rec.Header()
		csp := hd.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
			!strings.Contains(csp, "require-trusted-types-for 'script'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" || hd.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, hd)
		}
	}
}

func TestPageAndAssets(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	for _, path := range []string{"/", "/network", "/releases/" + fixtureID(releasesDir, linkJFile), "/?q=川崎市"} {
		rec := get(t, h, http.MethodGet, path)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
			!strings.Contains(body, `<html lang="ja">`) || !strings.Contains(body, `<script src="/assets/app.js" defer></script>`) {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		// No inline script anywhere in the shell.
		if strings.Count(body, "<script") != 1 {
			t.Errorf("%s: the shell has inline script", path)
		}
	}
	for file, ctype := range map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8", "icon.svg": "image/svg+xml"} {
		rec := get(t, h, http.MethodGet, "/assets/"+file)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != ctype || rec.Header().Get("ETag") == "" {
			t.Errorf("%s: %d %v", file, rec.Code, rec.Header())
		}
		req := get(t, h, http.MethodGet, "/assets/"+file)
		rec2 := serveWith(h, "/assets/"+file, "If-None-Match", req.Header().Get("ETag"))
		if rec2.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", file, rec2.Code)
		}
	}
	for _, path := range []string{"/assets/nope.js", "/assets/index.html", "/nowhere", "/releases/"} {
		if rec := get(t, h, http.MethodGet, path); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, rec.Code)
		}
	}
}

// TestScriptBuildsNoMarkup keeps the page's script away from the ways a
// string becomes markup or code; the browser test shows the result, this
// keeps the next change from reaching for them.
func TestScriptBuildsNoMarkup(t *testing.T) {
	js, err := os.ReadFile("assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	code := stripComments(string(js))
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('", "setTimeout(\"", "createContextualFragment", "DOMParser"} {
		if strings.Contains(code, bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}

func stripComments(js string) string {
	var out []string
	for _, line := range strings.Split(js, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "//") {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func serveWith(h http.Handler, target, header, value string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set(header, value)
	h.ServeHTTP(rec, req)
	return rec
}

func TestPartnersAPI(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	net := func(t *testing.T, q string) web.Network {
		t.Helper()
		rec := get(t, h, http.MethodGet, "/api/partners?"+q)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var n web.Network
		decode(t, rec, &n)
		return n
	}
	ids := func(n web.Network) []string {
		var out []string
		for _, nd := range n.Nodes {
			out = append(out, nd.ID)
		}
		return out
	}

	t.Run("everything", func(t *testing.T) {
		n := net(t, "")
		if n.Nodes[0].ID != linkJKey || n.Nodes[0].Label != "LINK-J" || n.Nodes[0].Agreements != 9 || n.Nodes[0].Kind != "association" {
			t.Errorf("first node %+v, want LINK-J with 9 agreements", n.Nodes[0])
		}
		var kawasaki *web.Edge
		for i, e := range n.Edges {
			if e.Source == linkJKey && e.Target == "川崎市" {
				kawasaki = &n.Edges[i]
			}
		}
		if kawasaki == nil || kawasaki.Date != "2018-08-30" || kawasaki.Kind != "mou" || kawasaki.Label != "覚書" ||
			len(kawasaki.Items) != 3 || kawasaki.Release != fixtureID(releasesDir, linkJFile) {
			t.Fatalf("LINK-J–川崎市 edge %+v", kawasaki)
		}
		// aoba's three-party agreement: two edges from the association.
		for _, partner := range []string{"青葉台市", "白鷺工科大学"} {
			if !slices.ContainsFunc(n.Edges, func(e web.Edge) bool {
				return e.Source == "あおばデジタル産業協議会" && e.Target == partner
			}) {
				t.Errorf("no edge あおばデジタル産業協議会–%s", partner)
			}
		}
		if !slices.ContainsFunc(n.Months, func(c web.Count) bool { return c.Period == "2018-08" && c.Count == 1 && c.Kinds["mou"] == 1 }) {
			t.Errorf("months %+v lack 2018-08", n.Months)
		}
		if n.Releases != 8 || n.Truncated {
			t.Errorf("releases %d truncated %v (8 of the 9 fixtures have agreements)", n.Releases, n.Truncated)
		}
	})
	t.Run("one year", func(t *testing.T) {
		n := net(t, query("from", "2016", "to", "2016"))
		got := ids(n)
		for _, want := range []string{linkJKey, "カリフォルニア大学サンディエゴ校", "BIOCOM", "桜ヶ丘市", "みずなら損害保険"} {
			if !slices.Contains(got, want) {
				t.Errorf("2016 lacks %s: %v", want, got)
			}
		}
		if slices.Contains(got, "川崎市") || len(n.Edges) != 3 {
			t.Errorf("2016: nodes %v, %d edges", got, len(n.Edges))
		}
		// The timeline still covers every year.
		if len(n.Years) < 5 {
			t.Errorf("years %+v", n.Years)
		}
	})
	t.Run("one organization, by name", func(t *testing.T) {
		n := net(t, query("org", "川崎市"))
		if got := ids(n); !slices.Equal(got, []string{"川崎市", linkJKey}) || len(n.Edges) != 1 {
			t.Errorf("org 川崎市: nodes %v, edges %+v", got, n.Edges)
		}
		n = net(t, query("org", "一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン"))
		if len(n.Nodes) != 10 || n.Nodes[0].ID != linkJKey {
			t.Errorf("org LINK-J: %v", ids(n))
		}
	})
	t.Run("kind", func(t *testing.T) {
		n := net(t, query("kind", "license"))
		if len(n.Edges) != 2 || n.Edges[0].Kind != "license" {
			t.Errorf("license edges %+v", n.Edges)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		h, _ := newHandler(t, sharedIndex(t), web.Config{NetworkLimit: 3, NetworkNodes: 2})
		rec := get(t, h, http.MethodGet, "/api/partners")
		var n web.Network
		decode(t, rec, &n)
		if !n.Truncated || len(n.Nodes) != 2 || n.NodesOmitted == 0 {
			t.Errorf("truncated %v, %d nodes, %d omitted", n.Truncated, len(n.Nodes), n.NodesOmitted)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, q := range []string{query("from", "2016-99"), query("kind", "merger"), query("org", strings.Repeat("組", 101))} {
			if rec := get(t, h, http.MethodGet, "/api/partners?"+q); rec.Code != http.StatusBadRequest {
				t.Errorf("%s: %d", q, rec.Code)
			}
		}
	})
}

func TestBuildNetworkMergesTheSameAgreement(t *testing.T) {
	signed := "2016-05"
	pub1, pub2 := "2018-08-31", "2019-03-01"
	ag := extract.Agreement{Kind: "mou", Label: "覚書", Parties: []string{"A", "B"}, Partner: "B", Signed: &signed, Items: []string{"交流"}, From: "table"}
	ag2 := ag
	ag2.Items = []string{"交流", "相互訪問"}
	rels := []*extract.Release{
		{ID: "r2", Title: "後のリリース", Published: &pub2, Publishers: []string{"A"}, Agreements: []extract.Agreement{ag2},
			Organizations: []extract.Organization{{Name: "株式会社A", Normalized: "A", Aliases: []string{"エー"}, Kind: "company"}}},
		{ID: "r1", Title: "前のリリース", Published: &pub1, Publishers: []string{"A"}, Agreements: []extract.Agreement{ag},
			Organizations: []extract.Organization{{Name: "株式会社A", Normalized: "A", Kind: "company"}, {Name: "B大学", Normalized: "B", Kind: "university"}}},
	}
	n := web.BuildNetwork(rels, "", "", "", nil, 10)
	if len(n.Edges) != 1 {
		t.Fatalf("edges %+v, want the two listings merged", n.Edges)
	}
	e := n.Edges[0]
	if len(e.Sources) != 2 || e.Release != "r2" || !slices.Equal(e.Items, []string{"交流", "相互訪問"}) {
		t.Errorf("edge %+v", e)
	}
	if len(n.Months) != 1 || n.Months[0].Count != 1 {
		t.Errorf("months %+v: the same agreement counted twice", n.Months)
	}
	a := n.Nodes[0]
	if a.ID != "A" || a.Name != "株式会社A" || a.Releases != 2 || !slices.Equal(a.Aliases, []string{"エー"}) || a.Kind != "company" {
		t.Errorf("node A %+v", a)
	}
	if b := n.Nodes[1]; b.Name != "B大学" || b.Kind != "university" {
		t.Errorf("node B %+v", b)
	}
	// A partner-only agreement takes the publisher as the other party.
	only := extract.Agreement{Kind: "license", Partner: "C", Items: []string{}}
	n = web.BuildNetwork([]*extract.Release{{ID: "r3", Published: &pub1, Publishers: []string{"A"}, Agreements: []extract.Agreement{only}}}, "", "", "", nil, 10)
	if len(n.Edges) != 1 || n.Edges[0].Source != "A" || n.Edges[0].Target != "C" || n.Edges[0].Date != pub1 {
		t.Errorf("partner-only agreement: %+v", n.Edges)
	}
}

func TestExportAPI(t *testing.T) {
	h, _ := newHandler(t, sharedIndex(t), web.Config{})
	t.Run("csv", func(t *testing.T) {
		rec := get(t, h, http.MethodGet, "/api/export?format=csv&sort=newest")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		hd := rec.Header()
		if hd.Get("Content-Type") != "text/csv; charset=utf-8" || hd.Get("Content-Disposition") != `attachment; filename="pressroom-export.csv"` ||
			hd.Get("X-Total-Count") != "9" || hd.Get("X-Export-Truncated") != "" {
			t.Errorf("headers %v", hd)
		}
		rows := readCSV(t, rec.Body.String())
		if len(rows) != 10 || !slices.Equal(rows[0], web.ExportColumns) {
			t.Fatalf("%d rows, header %v", len(rows), rows[0])
		}
		if rows[1][1] != "2024-02-20" {
			t.Errorf("first row %v, want the newest release", rows[1])
		}
		var linkj []string
		for _, r := range rows[1:] {
			if strings.Contains(r[2], "LINK-J") {
				linkj = r
			}
		}
		if linkj == nil || !strings.Contains(linkj[4], "一般社団法人ライフサイエンス") || !strings.Contains(linkj[5], "川崎市") || !strings.Contains(linkj[7], "覚書 川崎市 2018-08-30") {
			t.Errorf("LINK-J row %q", linkj)
		}
	})
	t.Run("csv of a query", func(t *testing.T) {
		rec := get(t, h, http.MethodGet, "/api/export?q=覚書")
		if rows := readCSV(t, rec.Body.String()); len(rows) != 3 || rec.Header().Get("X-Total-Count") != "2" {
			t.Errorf("%d rows, total %s", len(rows), rec.Header().Get("X-Total-Count"))
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		rec := get(t, h, http.MethodGet, "/api/export?format=jsonl")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/x-ndjson; charset=utf-8" ||
			rec.Header().Get("Content-Disposition") != `attachment; filename="pressroom-export.jsonl"` {
			t.Fatalf("%d %v", rec.Code, rec.Header())
		}
		lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
		if len(lines) != 9 {
			t.Fatalf("%d lines", len(lines))
		}
		for _, l := range lines {
			var r extract.Release
			if err := json.Unmarshal([]byte(l), &r); err != nil || r.ID == "" || r.Title == "" {
				t.Errorf("line %q: %v", l, err)
			}
		}
	})
	t.Run("agreements", func(t *testing.T) {
		// The release export is the oracle: one agreement row per
		// agreement of each release, in the releases' order.
		var rels []extract.Release
		for _, l := range strings.Split(strings.TrimSpace(get(t, h, http.MethodGet, "/api/export?format=jsonl&sort=newest").Body.String()), "\n") {
			var r extract.Release
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			rels = append(rels, r)
		}
		var want [][]string
		for _, r := range rels {
			for _, a := range r.Agreements {
				signed := ""
				if a.Signed != nil {
					signed = *a.Signed
				}
				want = append(want, []string{r.ID, a.Partner, a.Kind, a.Label, signed, strings.Join(a.Items, "; "), r.URL})
			}
		}
		if len(want) < 5 {
			t.Fatalf("only %d agreements in the fixtures: the test tests little", len(want))
		}
		rec := get(t, h, http.MethodGet, "/api/export?format=csv&rows=agreements&sort=newest")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Disposition") != `attachment; filename="pressroom-agreements.csv"` {
			t.Fatalf("%d %v", rec.Code, rec.Header())
		}
		rows := readCSV(t, rec.Body.String())
		if !slices.Equal(rows[0], web.AgreementColumns) {
			t.Fatalf("header %v", rows[0])
		}
		col := func(name string) int { return slices.Index(web.AgreementColumns, name) }
		var got [][]string
		for _, r := range rows[1:] {
			got = append(got, []string{r[col("release_id")], r[col("partner_key")], r[col("kind")], r[col("label")], r[col("signed")], r[col("items")], r[col("url")]})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("agreement rows\n%q\nwant\n%q", got, want)
		}
		var kawasaki bool
		for _, r := range rows[1:] {
			if r[col("partner")] == "川崎市" && r[col("label")] == "覚書" && r[col("signed")] == "2018-08-30" && strings.Contains(r[col("publishers")], "三井不動産") {
				kawasaki = true
			}
		}
		if !kawasaki {
			t.Errorf("no row for LINK-J's 覚書 with 川崎市 signed 2018-08-30: %q", rows)
		}

		rec = get(t, h, http.MethodGet, "/api/export?format=jsonl&rows=agreements&q=覚書")
		lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
		for _, l := range lines {
			var a web.AgreementRow
			if err := json.Unmarshal([]byte(l), &a); err != nil || a.ReleaseID == "" || a.PartnerKey == "" || a.Items == nil {
				t.Errorf("line %q: %v", l, err)
			}
		}
		if len(lines) < 2 {
			t.Errorf("%d agreement lines for 覚書", len(lines))
		}
	})
	t.Run("streams every page with the cursor, bounded", func(t *testing.T) {
		fb := &fakeBackend{n: 23, pageMax: 5}
		h, _ := newHandler(t, fb, web.Config{})
		rec := get(t, h, http.MethodGet, "/api/export?format=jsonl")
		if n := strings.Count(rec.Body.String(), "\n"); n != 23 {
			t.Errorf("%d lines, want all 23 across 5 pages", n)
		}
		h, _ = newHandler(t, fb, web.Config{ExportLimit: 12})
		rec = get(t, h, http.MethodGet, "/api/export?format=csv")
		rows := readCSV(t, rec.Body.String())
		if len(rows) != 13 || rec.Header().Get("X-Export-Truncated") != "true" || rec.Header().Get("X-Export-Limit") != "12" {
			t.Errorf("%d rows, headers %v", len(rows), rec.Header())
		}
		if rows[12][0] != fakeID(11) {
			t.Errorf("last row %v", rows[12])
		}
	})
	t.Run("errors before streaming", func(t *testing.T) {
		for q, param := range map[string]string{"format=xml": "format", "from=2018-99": "from", "sort=best": "sort", "rows=people": "rows"} {
			rec := get(t, h, http.MethodGet, "/api/export?"+q)
			var e errorBody
			decode(t, rec, &e)
			if rec.Code != http.StatusBadRequest || e.Param != param {
				t.Errorf("%s: %d %+v", q, rec.Code, e)
			}
		}
	})
	t.Run("head", func(t *testing.T) {
		rec := get(t, h, http.MethodHead, "/api/export?format=csv")
		if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("X-Total-Count") != "9" {
			t.Errorf("HEAD: %d, %d bytes, %v", rec.Code, rec.Body.Len(), rec.Header())
		}
	})
}

// readCSV parses an export, which must start with the UTF-8 byte-order mark
// spreadsheet programs need to read Japanese.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Fatalf("CSV without a byte-order mark: %.40q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

package corpus_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

var analyzer = sync.OnceValues(func() (*ja.Analyzer, error) {
	return ja.New(ipa.Dict())
})

func TestDeterministic(t *testing.T) {
	a, b := corpus.New(7), corpus.New(7)
	for _, i := range []int{0, 1, 99, 12345} {
		if pa, pb := a.Page(i), b.Page(i); pa.URL != pb.URL || !bytes.Equal(pa.HTML, pb.HTML) {
			t.Errorf("page %d differs between two generators of one seed", i)
		}
		// Any order, any generator: release i is release i.
		if ra, rb := a.Release(i), corpus.New(7).Release(i); ra.Title != rb.Title || ra.Body != rb.Body {
			t.Errorf("release %d differs", i)
		}
	}
	if corpus.New(7).Release(3).Title == corpus.New(8).Release(3).Title && corpus.New(7).Release(4).Title == corpus.New(8).Release(4).Title {
		t.Error("the seed changes nothing")
	}
}

func TestVariety(t *testing.T) {
	g := corpus.New(1)
	const n = 2000
	kinds, issuers, agreementKinds, charsets, years, words := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]bool{}
	orgs := map[string]int{}
	ids := map[string]bool{}
	for i := range n {
		r := g.Release(i)
		if ids[r.ID] {
			t.Fatalf("release %d repeats id %s", i, r.ID)
		}
		ids[r.ID] = true
		issuers[r.Organizations[0].Kind]++
		for _, a := range r.Agreements {
			agreementKinds[a.Kind]++
			kinds[a.Label]++
			if len(a.Items) < 2 || a.Partner == "" || len(a.Parties) != 2 {
				t.Errorf("release %d: agreement %+v", i, a)
			}
		}
		for _, o := range r.Organizations {
			orgs[o.Normalized]++
		}
		years[(*r.Published)[:4]]++
		for _, w := range strings.FieldsFunc(r.Body, func(c rune) bool { return strings.ContainsRune("、。「」（）\n ・", c) }) {
			words[w] = true
		}
		if i < 300 {
			charsets[g.Page(i).Charset]++
		}
	}
	for _, k := range []string{"company", "government", "university", "association", "research_institute", "hospital"} {
		if issuers[k] == 0 {
			t.Errorf("no release issued by a %s: %v", k, issuers)
		}
	}
	for _, k := range []string{"mou", "business_alliance", "comprehensive_partnership", "capital_alliance", "joint_research", "license", "other"} {
		if agreementKinds[k] == 0 {
			t.Errorf("no %s agreement: %v", k, agreementKinds)
		}
	}
	if len(years) != 14 || len(kinds) < 15 || len(orgs) < 800 || len(words) < 3000 {
		t.Errorf("%d years, %d agreement words, %d organizations, %d distinct phrases", len(years), len(kinds), len(orgs), len(words))
	}
	// Some organizations are hubs.
	most := 0
	for _, c := range orgs {
		most = max(most, c)
	}
	if most < 20 {
		t.Errorf("the most frequent organization appears %d times in %d releases; want hubs", most, n)
	}
	for _, cs := range []string{"utf-8", "shift_jis", "euc-jp"} {
		if charsets[cs] == 0 {
			t.Errorf("no page in %s: %v", cs, charsets)
		}
	}
}

// TestPagesExtract reads generated pages with the real extractor: they must
// be releases of the genre it reads, or an ingest benchmark over them would
// measure nothing real.
func TestPagesExtract(t *testing.T) {
	an, err := analyzer()
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(an)
	g := corpus.New(3)
	const n = 60
	var title, published, publisher, partner, items int
	for i := range n {
		p := g.Page(i)
		want := g.Release(i)
		res, err := x.Extract(extract.Input{URL: p.URL, Body: p.HTML})
		if err != nil {
			t.Errorf("page %d (%s): %v", i, p.Charset, err)
			continue
		}
		got := res.Release
		if got.ID != want.ID {
			t.Errorf("page %d: id %s, want %s", i, got.ID, want.ID)
		}
		count := func(ok bool, c *int, what string, g, w any) {
			if ok {
				*c++
			} else if testing.Verbose() {
				t.Logf("page %d %s: got %v, want %v", i, what, g, w)
			}
		}
		count(got.Title == want.Title, &title, "title", got.Title, want.Title)
		count(got.Published != nil && *got.Published == *want.Published, &published, "published", got.Published, *want.Published)
		count(len(got.Publishers) > 0 && got.Publishers[0] == want.Publishers[0], &publisher, "publisher", got.Publishers, want.Publishers)
		ps := got.Partners()
		count(len(ps) > 0 && ps[0] == want.Agreements[0].Partner, &partner, "partner", ps, want.Agreements[0].Partner)
		count(len(got.Agreements) > 0 && len(got.Agreements[0].Items) == len(want.Agreements[0].Items), &items, "items", len(got.Agreements), len(want.Agreements[0].Items))
	}
	report := fmt.Sprintf("of %d pages: title %d, published %d, publisher %d, partner %d, items %d", n, title, published, publisher, partner, items)
	t.Log(report)
	if title < n*95/100 || published < n*95/100 || publisher < n*80/100 || partner < n*60/100 || items < n*50/100 {
		t.Errorf("the extractor reads too little of the generated pages: %s", report)
	}
}

func TestDocTerms(t *testing.T) {
	an, err := analyzer()
	if err != nil {
		t.Fatal(err)
	}
	d := corpus.New(1).Doc(an, 5)
	if d.Release == nil || len(d.Terms.Title) == 0 || len(d.Terms.Body) < 50 {
		t.Fatalf("doc %+v", d.Terms)
	}
}

func TestForEach(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	if err := corpus.ForEach(5, 100, func(i int) error {
		mu.Lock()
		seen[i]++
		mu.Unlock()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 100 {
		t.Errorf("%d numbers seen, want 100", len(seen))
	}
	for i := 5; i < 105; i++ {
		if seen[i] != 1 {
			t.Errorf("%d seen %d times", i, seen[i])
		}
	}
	boom := errors.New("boom")
	var calls atomic.Int64
	err := corpus.ForEach(0, 1_000_000, func(i int) error {
		calls.Add(1)
		if i == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if c := calls.Load(); c == 1_000_000 {
		t.Errorf("ForEach went on after the error: %d calls", c)
	}
}

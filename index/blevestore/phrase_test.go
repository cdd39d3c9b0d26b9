package blevestore

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// TestPhraseMatchesBleve holds eachPhrase to Bleve's match-phrase query
// over generated releases: phrases cut from the text (which match), the
// same with their halves swapped or joined across releases (which mostly
// do not, though every bigram may be there), in every text field.
func TestPhraseMatchesBleve(t *testing.T) {
	ctx := context.Background()
	st, r, texts := phraseIndex(t, 300)
	defer st.Close(ctx)
	defer r.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	cut := func() string {
		s := texts[rng.IntN(len(texts))]
		if len(s) < 2 {
			return string(s)
		}
		i := rng.IntN(len(s) - 1)
		j := min(len(s), i+2+rng.IntN(12))
		return string(s[i:j])
	}
	var phrases []string
	for range 150 {
		a, b := cut(), cut()
		ra := []rune(a)
		h := len(ra) / 2
		phrases = append(phrases, a, string(ra[h:])+string(ra[:h]), a+b)
	}
	phrases = append(phrases, "", "、", "LINK-J", "の", "災害時における物資の供給")
	matched := 0
	for _, p := range phrases {
		for _, f := range []string{index.FieldTitle, index.FieldSubtitle, index.FieldBody} {
			got, want := comparePhrase(t, st, r, f, p)
			if !slices.Equal(got, want) {
				t.Errorf("%s %q: eachPhrase %v, Bleve %v", f, p, got, want)
			}
			if len(want) > 0 {
				matched++
			}
		}
	}
	if matched < 150 {
		t.Errorf("only %d phrase/field pairs matched anything: the test is not testing", matched)
	}
	t.Logf("%d phrases, %d phrase/field pairs with matches", len(phrases), matched)
}

// FuzzPhraseMatchesBleve: whatever a user quotes, eachPhrase finds what
// Bleve's match-phrase query finds.
//
//	go test -run '^$' -fuzz=FuzzPhraseMatchesBleve -fuzztime=4m -fuzzminimizetime=3s ./index/blevestore
func FuzzPhraseMatchesBleve(f *testing.F) {
	for _, s := range []string{"災害時における物資の供給", "包括連携協定", "LINK-J", "協定を締結", "の", "ｶﾀｶﾅ 協定"} {
		f.Add(s)
	}
	st, r, _ := phraseIndex(f, 100)
	f.Cleanup(func() { _ = r.Close(); _ = st.Close(context.Background()) })
	f.Fuzz(func(t *testing.T, p string) {
		for _, field := range []string{index.FieldTitle, index.FieldBody} {
			if got, want := comparePhrase(t, st, r, field, p); !slices.Equal(got, want) {
				t.Fatalf("%s %q: eachPhrase %v, Bleve %v", field, p, got, want)
			}
		}
	})
}

// phraseIndex indexes n generated releases and returns the store, a reader
// of its snapshot, and the releases' titles and bodies.
func phraseIndex(tb testing.TB, n int) (*Store, bindex.IndexReader, [][]rune) {
	tb.Helper()
	ctx := context.Background()
	an := indextest.Analyzer(tb)
	st, err := Open(ctx, filepath.Join(tb.TempDir(), "index.bleve"), an, Config{})
	if err != nil {
		tb.Fatal(err)
	}
	g := corpus.New(3)
	var texts [][]rune
	for i := range n {
		d := g.Doc(an, i)
		if err := st.Put(ctx, d, nil); err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, []rune(d.Release.Title), []rune(d.Release.Body))
	}
	if err := st.Flush(ctx); err != nil {
		tb.Fatal(err)
	}
	adv, err := st.idx.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	return st, r, texts
}

// comparePhrase returns the documents eachPhrase and Bleve's match-phrase
// query find for phrase p in field, sorted.
func comparePhrase(t *testing.T, st *Store, r bindex.IndexReader, field, p string) (got, want []uint64) {
	t.Helper()
	ctx := context.Background()
	if err := eachPhrase(ctx, r, field, p, func(doc uint64) error { got = append(got, doc); return nil }); err != nil {
		t.Fatal(err)
	}
	pq := bleve.NewMatchPhraseQuery(p)
	pq.SetField(field)
	pq.Analyzer = "cjk"
	if err := st.each(ctx, r, pq, func(doc uint64) error { want = append(want, doc); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	return got, want
}

package blevestore

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

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
	an := indextest.Analyzer(t)
	st, err := Open(ctx, filepath.Join(t.TempDir(), "index.bleve"), an, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	g := corpus.New(3)
	const n = 300
	var texts [][]rune
	for i := range n {
		d := g.Doc(an, i)
		if err := st.Put(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, []rune(d.Release.Title), []rune(d.Release.Body))
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	adv, err := st.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
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
			var got, want []uint64
			if err := eachPhrase(ctx, r, f, p, func(doc uint64) error { got = append(got, doc); return nil }); err != nil {
				t.Fatal(err)
			}
			pq := bleve.NewMatchPhraseQuery(p)
			pq.SetField(f)
			pq.Analyzer = "cjk"
			if err := st.each(ctx, r, pq, func(doc uint64) error { want = append(want, doc); return nil }); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			slices.Sort(want)
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

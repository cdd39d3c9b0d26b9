package eval_test

import (
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/eval"
	"github.com/pressroom-ja/pressroom/extract/ja"
)

var extractor = sync.OnceValues(func() (*extract.Extractor, error) {
	an, err := ja.New(ipa.Dict())
	if err != nil {
		return nil, err
	}
	return extract.New(an), nil
})

func TestScoreRatios(t *testing.T) {
	tests := []struct {
		name     string
		s        eval.Score
		p, r, f1 float64
	}{
		{"perfect", eval.Score{TP: 4}, 1, 1, 1},
		{"nothing due nothing found", eval.Score{}, 1, 1, 1},
		{"all missed", eval.Score{FN: 3}, 0, 0, 0},
		{"half", eval.Score{TP: 1, FP: 1, FN: 1}, 0.5, 0.5, 0.5},
		{"spurious only", eval.Score{FP: 2}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Precision(); got != tt.p {
				t.Errorf("Precision = %v, want %v", got, tt.p)
			}
			if got := tt.s.Recall(); got != tt.r {
				t.Errorf("Recall = %v, want %v", got, tt.r)
			}
			if got := tt.s.F1(); got != tt.f1 {
				t.Errorf("F1 = %v, want %v", got, tt.f1)
			}
		})
	}
}

func TestCompareCountsMismatches(t *testing.T) {
	signed := "2018-08-30"
	wrong := "2018-08-01"
	pub := "2018-08-31"
	g := eval.Gold{
		Published:  &pub,
		Publishers: [][]string{{"一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン", "LINK-J"}},
		Partners:   [][]string{{"川崎市"}, {"BIOCOM"}},
		Agreements: []eval.GoldAgreement{{Partner: []string{"川崎市"}, Signed: &signed, Items: []string{"相互訪問 "}}},
		People:     []eval.GoldPerson{{Name: "植田 俊", Title: "理事"}},
	}
	r := &extract.Release{
		Published:  &pub,
		Publishers: []string{"LINK-J"},
		Organizations: []extract.Organization{
			{Name: "川崎市", Normalized: "川崎市"},
			{Name: "ＬＩＮＫ－Ｊ", Normalized: "LINK-J"},
		},
		Agreements: []extract.Agreement{
			{Partner: "川崎市", Signed: &wrong, Items: []string{"相互訪問", "余計な項目"}},
		},
		People: []extract.Person{{Name: "植田俊", Title: "理事"}, {Name: "福田", Title: "市長"}},
	}
	fr := eval.Compare("x", r, g)
	want := map[string]eval.Score{
		"published":  {TP: 1},
		"publishers": {TP: 1},
		"partners":   {TP: 1, FN: 1},
		"signed":     {FP: 1, FN: 1},
		"items":      {TP: 1, FP: 1},
		"people":     {TP: 1, FP: 1},
	}
	for field, w := range want {
		if got := fr.Fields[field]; got != w {
			t.Errorf("%s = %+v, want %+v", field, got, w)
		}
	}
}

// TestFixtures scores the extractor on the hand-annotated fixtures. The
// thresholds sit a little under the measured numbers so that a regression
// fails here; the numbers themselves are logged and quoted in the README.
func TestFixtures(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Dir(x, "../../fixtures/releases")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) < 6 {
		t.Fatalf("evaluated %d fixtures, want at least 6", len(rep.Files))
	}
	for _, f := range rep.Files {
		if f.Error != "" {
			t.Errorf("%s: %s", f.File, f.Error)
		}
		for _, m := range f.Misses {
			t.Logf("%s: %s", f.File, m)
		}
	}
	for _, name := range append(append([]string{}, eval.CoreFields...), eval.ExtraFields...) {
		s := rep.Fields[name]
		t.Logf("%-11s P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d)", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
	}
	t.Logf("overall     P=%.3f R=%.3f F1=%.3f", rep.Overall.Precision(), rep.Overall.Recall(), rep.Overall.F1())
	if f1 := rep.Overall.F1(); f1 < 0.95 {
		t.Errorf("overall F1 = %.3f, below the 0.95 floor", f1)
	}
	for _, name := range eval.CoreFields {
		if f1 := rep.Fields[name].F1(); f1 < 0.85 {
			t.Errorf("%s F1 = %.3f, below the 0.85 floor", name, f1)
		}
	}
}

func TestCompareTwoAgreementsWithOnePartner(t *testing.T) {
	g := eval.Gold{
		Partners: [][]string{{"アオイセンシング"}},
		Agreements: []eval.GoldAgreement{
			{Partner: []string{"アオイセンシング"}, Kind: "capital_alliance", Label: "資本業務提携"},
			{Partner: []string{"アオイセンシング"}, Kind: "other", Label: "秘密保持契約"},
		},
	}
	r := &extract.Release{
		Organizations: []extract.Organization{{Name: "株式会社アオイセンシング", Normalized: "アオイセンシング"}},
		Agreements: []extract.Agreement{
			{Partner: "アオイセンシング", Kind: "other", Label: "秘密保持契約"},
			{Partner: "アオイセンシング", Kind: "capital_alliance", Label: "資本業務提携"},
		},
	}
	fr := eval.Compare("x", r, g)
	if got, want := fr.Fields["label"], (eval.Score{TP: 2}); got != want {
		t.Errorf("label = %+v, want %+v", got, want)
	}
	if got, want := fr.Fields["kind"], (eval.Score{TP: 2}); got != want {
		t.Errorf("kind = %+v, want %+v", got, want)
	}
}

package ja_test

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"golang.org/x/text/unicode/norm"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

var shared = sync.OnceValues(func() (*ja.Analyzer, error) {
	return ja.New(ipa.Dict())
})

func analyzer(t testing.TB) *ja.Analyzer {
	t.Helper()
	an, err := shared()
	if err != nil {
		t.Fatalf("tokenizer: %v", err)
	}
	return an
}

func TestTerms(t *testing.T) {
	an := analyzer(t)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"particles and symbols dropped", "川崎市と覚書を締結しました。", []string{"川崎", "市", "覚書", "締結", "する"}},
		{"lone particle gives nothing", "は", nil},
		{"full-width latin folds", "ＬＩＮＫ－Ｊ", []string{"link", "j"}},
		{"half-width katakana folds", "ﾗｲﾌｻｲｴﾝｽ", []string{"ライフ", "サイエンス"}},
		{"inflection to base form", "連携した", []string{"連携", "する"}},
		{"punctuation only", "「」、。・:()", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := an.Terms(tt.in)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOffsetsAcrossLines(t *testing.T) {
	an := analyzer(t)
	a := an.Analyze("ＬＩＮＫ－Ｊは\n\n川崎市と提携")
	for _, tok := range a.Tokens {
		if got := a.Text[tok.Start:tok.End]; got != tok.Surface {
			t.Errorf("Text[%d:%d] = %q, want surface %q", tok.Start, tok.End, got, tok.Surface)
		}
	}
	var proper []string
	for _, tok := range a.Tokens {
		if tok.Is("固有名詞", "地域") {
			proper = append(proper, tok.Surface)
		}
	}
	if !reflect.DeepEqual(proper, []string{"川崎"}) {
		t.Errorf("地域 tokens = %q, want [川崎]", proper)
	}
}

func TestClassString(t *testing.T) {
	if got := ja.ProperNoun.String(); got != "proper_noun" {
		t.Errorf("ProperNoun.String() = %q", got)
	}
	if got := ja.Class(0).String(); got != "unknown" {
		t.Errorf("Class(0).String() = %q", got)
	}
}

// stableNFKC claims that NFKC leaves strings of certain runes unchanged:
// every such rune must be normalized alone and have a normalization
// boundary before it, so that it never combines with the rune before (the
// rune after is one of them too, or nothing).
func TestStableNFKC(t *testing.T) {
	var stable []rune
	for r := rune(0); r < 0x10000; r++ {
		s := string(r)
		if !ja.StableNFKC(s) {
			continue
		}
		stable = append(stable, r)
		p := norm.NFKC.PropertiesString(s)
		if !norm.NFKC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Errorf("U+%04X %q is not stable under NFKC", r, s)
		}
	}
	// And pairs, as a second opinion.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		s := string(stable[rng.IntN(len(stable))]) + string(stable[rng.IntN(len(stable))])
		if !norm.NFKC.IsNormalString(s) {
			t.Fatalf("%q is not normal", s)
		}
	}
	for _, s := range []string{"ＬＩＮＫ－Ｊ", "（株）", "ｶﾞ", "か\u3099", "\u3000", "①", "㈱", "A\u0301"} {
		if ja.StableNFKC(s) {
			t.Errorf("%q taken as stable", s)
		}
		if got, want := ja.Normalize(s), norm.NFKC.String(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

package ja_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

var shared = sync.OnceValues(func() (*ja.Analyzer, error) {
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, err
	}
	return ja.New(tok), nil
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

package index_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

// TestHighlightWholeTitle: a text that fits in one fragment is shown from
// its start, with nothing cut before the first match.
func TestHighlightWholeTitle(t *testing.T) {
	tq := index.TextQuery{Chunks: []index.Chunk{{Text: "覚書", Terms: []string{"覚書"}, Surfaces: []string{"覚書"}}}}
	tests := []struct {
		name, text, want string
	}{
		{"match late in a title", "LINK-J、川崎市とライフサイエンス領域に関する相互提携の覚書を締結", "LINK-J、川崎市とライフサイエンス領域に関する相互提携の<mark>覚書</mark>を締結"},
		{"markup in the text stays escaped", "<b>覚書</b>の締結", "&lt;b&gt;<mark>覚書</mark>&lt;/b&gt;の締結"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := index.Highlight(tt.text, tq, utf8.RuneCountInString(tt.text)+1, 1)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// A long body still gets windows around the matches.
	body := strings.Repeat("前置きの文章です。", 40) + "覚書を締結しました。"
	if got := index.Highlight(body, tq, 60, 1); len(got) != 1 || !strings.HasPrefix(got[0], "…") {
		t.Errorf("long text: %q", got)
	}
}

// Highlight folds most runes without the norm package; every rune must
// fold as strings.ToLower(ja.Normalize(string(r))) does.
func TestHighlightFoldsAsNormalize(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		want := strings.ToLower(ja.Normalize(string(r)))
		var got string
		switch {
		case r < utf8.RuneSelf:
			got = strings.ToLower(string(r))
		case ja.Stable(r):
			got = string(r)
		default:
			continue
		}
		if got != want {
			t.Fatalf("U+%04X folds to %q, want %q", r, got, want)
		}
	}
}

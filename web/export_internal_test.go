package web

import (
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
)

func TestNeutralizeFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"},
		{"+81 3", "'+81 3"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"川崎市と覚書", "川崎市と覚書"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := neutralizeFormula(tt.in); got != tt.want {
			t.Errorf("neutralizeFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	r := &extract.Release{ID: "x", Title: "=cmd|' /C calc'!A0", URL: "https://example.com"}
	if row := exportRow(r); row[2] != "'=cmd|' /C calc'!A0" {
		t.Errorf("title cell %q", row[2])
	}
}

func TestShortLabel(t *testing.T) {
	tests := []struct {
		name    string
		aliases []string
		want    string
	}{
		{"川崎市", nil, "川崎市"},
		{"一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン", []string{"LINK-J"}, "LINK-J"},
		{"一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン", nil, "一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン"},
		{"シーダーホルム大学医学部附属研究所", []string{"Cedarholm University School of Medicine", "CUSM"}, "CUSM"},
	}
	for _, tt := range tests {
		if got := shortLabel(tt.name, tt.aliases); got != tt.want {
			t.Errorf("shortLabel(%q, %q) = %q, want %q", tt.name, tt.aliases, got, tt.want)
		}
	}
}

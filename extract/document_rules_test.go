package extract

import "testing"

// TestSplitMarkerNumbers: numbered and bulleted markers, and numbers that
// are not markers.
func TestSplitMarkerNumbers(t *testing.T) {
	for _, tt := range []struct{ in, marker, rest string }{
		{"１．地域産業の振興に関すること", "１．", "地域産業の振興に関すること"},
		{"1. 共同研究の実施", "1.", "共同研究の実施"},
		{"1.5倍に拡大", "", "1.5倍に拡大"},
		{"2024.02.20", "", "2024.02.20"},
		{"（ア）創業セミナーの共同開催", "（ア）", "創業セミナーの共同開催"},
		{"✔ 農業経営セミナーの共同開催", "✔", "農業経営セミナーの共同開催"},
		{"(株)みどり", "", "(株)みどり"},
	} {
		m, r := splitMarker(tt.in)
		if m != tt.marker || r != tt.rest {
			t.Errorf("splitMarker(%q) = %q, %q; want %q, %q", tt.in, m, r, tt.marker, tt.rest)
		}
	}
}

func TestMarkerKind(t *testing.T) {
	for _, tt := range []struct{ a, b string }{{"（1）", "（12）"}, {"9.", "10."}, {"①", "⑫"}, {"一、", "十、"}, {"（ア）", "（エ）"}, {"(i)", "(iv)"}, {"(ii)", "(x)"}} {
		if markerKind(tt.a) != markerKind(tt.b) {
			t.Errorf("markerKind(%q) = %q, markerKind(%q) = %q", tt.a, markerKind(tt.a), tt.b, markerKind(tt.b))
		}
	}
	if markerKind("・") == markerKind("（1）") {
		t.Error("a bullet and a number share a kind")
	}
}

func TestZonesTitleAbout(t *testing.T) {
	blocks := classifyZones([]block{
		{kind: blockHeading, level: 2, text: "「物流の効率化」に関するMOUの締結について"},
		{kind: blockPara, text: "白樺大学は、株式会社みなと電機とMOUを締結しました。"},
		{kind: blockHeading, level: 2, text: "株式会社みなと電機について"},
		{kind: blockPara, text: "株式会社みなと電機は、1963年に設立されました。"},
	})
	want := []zone{zoneMain, zoneMain, zoneAbout, zoneAbout}
	for i, b := range blocks {
		if b.zone != want[i] {
			t.Errorf("block %d %q: zone %d, want %d", i, b.text, b.zone, want[i])
		}
	}
}

package jpdate

import "testing"

func TestNumber(t *testing.T) {
	for n := 1; n <= 99; n++ {
		if got, ok := Number(kanjiUnits(n)); !ok || got != n {
			t.Errorf("Number(%q) = %d, %v; want %d", kanjiUnits(n), got, ok, n)
		}
	}
	for s, want := range map[string]int{"二〇": 20, "〇": 0, "百": 100, "二千二十一": 2021, "廿": 20} {
		if got, ok := Number(s); !ok || got != want {
			t.Errorf("Number(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "社", "12", "十社", "二三十", "十十"} {
		if got, ok := Number(s); ok {
			t.Errorf("Number(%q) = %d, true; want not a number", s, got)
		}
	}
}

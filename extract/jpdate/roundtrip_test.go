package jpdate

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEveryDay writes every day from 1873 to 2100 the ways releases do, with
// the test's own formatters and era table, and reads each back with Parse and
// Find.
func TestEveryDay(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	// First day of each era (the day the era name took effect).
	eraStarts := []struct {
		name  string
		first time.Time
	}{
		{"令和", time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"平成", time.Date(1989, 1, 8, 0, 0, 0, 0, time.UTC)},
		{"昭和", time.Date(1926, 12, 25, 0, 0, 0, 0, time.UTC)},
		{"大正", time.Date(1912, 7, 30, 0, 0, 0, 0, time.UTC)},
		{"明治", time.Date(1868, 1, 25, 0, 0, 0, 0, time.UTC)},
	}
	eraYear1 := map[string]int{"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}
	fullWidth := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９", "/", "／")
	n := 0
	for day := time.Date(1873, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2100; day = day.AddDate(0, 0, 1) {
		yy, mm, d := day.Year(), int(day.Month()), day.Day()
		want := Date{Year: yy, Month: mm, Day: d, Precision: Day}
		var eraName string
		for _, e := range eraStarts {
			if !day.Before(e.first) {
				eraName = e.name
				break
			}
		}
		ey := yy - eraYear1[eraName] + 1
		eraYear := strconv.Itoa(ey)
		eraKanji := kanjiUnits(ey)
		if ey == 1 {
			eraYear, eraKanji = "元", "元"
		}
		forms := []string{
			strconv.Itoa(yy) + "年" + strconv.Itoa(mm) + "月" + strconv.Itoa(d) + "日",
			day.Format("2006/01/02"),
			fullWidth.Replace(day.Format("2006/1/2")),
			day.Format("2006-01-02"),
			day.Format("2006.1.2") + " (" + "日月火水木金土"[3*int(day.Weekday()):][:3] + ")",
			eraName + eraYear + "年" + strconv.Itoa(mm) + "月" + strconv.Itoa(d) + "日",
			eraName + eraKanji + "年" + kanjiUnits(mm) + "月" + kanjiUnits(d) + "日",
			kanjiPositional(yy) + "年" + kanjiUnits(mm) + "月" + kanjiUnits(d) + "日",
		}
		for _, s := range forms {
			if got, err := Parse(s); err != nil || got != want {
				t.Fatalf("Parse(%q) = %v, %v; want %v", s, got, err, want)
			}
			text := "本日、" + s + "に発表しました。"
			if ms := Find(text); len(ms) != 1 || ms[0].Date != want || ms[0].Text != s {
				t.Fatalf("Find(%q) = %s, want %q = %v", text, mentionsString(ms), s, want)
			}
			n++
		}
	}
	t.Logf("%d date forms read back", n)
}

// kanjiUnits writes 1–99 as 一, 十, 十二, 二十, 三十一.
func kanjiUnits(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	s := ""
	if n >= 10 {
		if n/10 > 1 {
			s = digits[n/10]
		}
		s += "十"
	}
	return s + digits[n%10]
}

// kanjiPositional writes digits one by one: 2021 → 二〇二一.
func kanjiPositional(n int) string {
	digits := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteString(digits[c-'0'])
	}
	return b.String()
}

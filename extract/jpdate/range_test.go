package jpdate

import (
	"strings"
	"testing"
)

// TestFindRanges checks that a range is one mention: the start as its
// Date, the end, completed from the start, as its Until.
func TestFindRanges(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		text   string // the mention's text; "" for no range at all
		date   Date
		until  Date
		others int // mentions besides the range
	}{
		{"month range", "2018年8月〜9月", "2018年8月〜9月", ym(2018, 8), ym(2018, 9), 0},
		{"day range", "2018年8月31日～9月2日", "2018年8月31日～9月2日", ymd(2018, 8, 31), ymd(2018, 9, 2), 0},
		{"kara made", "8月30日から9月1日まで", "8月30日から9月1日", md(8, 30), md(9, 1), 0},
		{"kara with full dates", "契約期間は令和元年5月1日から2022年3月31日までです", "令和元年5月1日から2022年3月31日",
			ymd(2019, 5, 1), ymd(2022, 3, 31), 0},
		{"weekdays on both ends", "会期：2018年9月1日（土）～2日（日）", "2018年9月1日（土）～2日（日）",
			ymd(2018, 9, 1), ymd(2018, 9, 2), 0},
		{"weekdays yearless", "8月30日(木)〜9月1日(土)", "8月30日(木)〜9月1日(土)", md(8, 30), md(9, 1), 0},
		{"blanks around the connector", "2018年8月30日 〜 9月2日", "2018年8月30日 〜 9月2日", ymd(2018, 8, 30), ymd(2018, 9, 2), 0},
		{"full-width dash", "2018年8月31日 － 9月2日", "2018年8月31日 － 9月2日", ymd(2018, 8, 31), ymd(2018, 9, 2), 0},
		{"slashes", "2018/8/30-2018/8/31", "2018/8/30-2018/8/31", ymd(2018, 8, 30), ymd(2018, 8, 31), 0},
		{"slash month day", "7/18〜7/20", "7/18〜7/20", md(7, 18), md(7, 20), 0},
		{"latin era", "R2.9.7～R2.9.8", "R2.9.7～R2.9.8", ymd(2020, 9, 7), ymd(2020, 9, 8), 0},
		{"years", "2020年から2021年にかけて", "2020年から2021年", y(2020), y(2021), 0},
		{"day only end", "8月30日から31日まで", "8月30日から31日", md(8, 30), md(8, 31), 0},
		{"end in the next month", "2018年8月31日～2日", "2018年8月31日～2日", ymd(2018, 8, 31), ymd(2018, 9, 2), 0},
		{"end in the next year", "2018年12月30日～1月3日", "2018年12月30日～1月3日", ymd(2018, 12, 30), ymd(2019, 1, 3), 0},
		{"month end in the next year", "2018年12月〜1月", "2018年12月〜1月", ym(2018, 12), ym(2019, 1), 0},
		{"yearless across new year", "12月30日〜1月3日", "12月30日〜1月3日", md(12, 30), md(1, 3), 0},
		{"suffix after the range", "2018年8月31日～9月2日付", "2018年8月31日～9月2日", ymd(2018, 8, 31), ymd(2018, 9, 2), 0},
		{"month end with the start's year", "2020年2月1日〜2月末", "2020年2月1日〜2月末", ymd(2020, 2, 1), ymd(2020, 2, 29), 0},
		{"february end without a year", "2月1日〜2月末", "2月1日〜2月末", md(2, 1), mo(2), 0},

		// One marker for both ends.
		{"shared month", "2018年8〜9月", "2018年8〜9月", ym(2018, 8), ym(2018, 9), 0},
		{"shared month dash", "2018年8-9月", "2018年8-9月", ym(2018, 8), ym(2018, 9), 0},
		{"shared day", "8月30〜31日", "8月30〜31日", md(8, 30), md(8, 31), 0},
		{"shared day list", "8月30・31日", "8月30・31日", md(8, 30), md(8, 31), 0},
		{"shared day dash", "2018年8月1-3日", "2018年8月1-3日", ymd(2018, 8, 1), ymd(2018, 8, 3), 0},
		{"shared year", "2018〜2019年", "2018〜2019年", y(2018), y(2019), 0},
		{"shared standalone month", "1〜2月に実施", "1〜2月", mo(1), mo(2), 0},
		{"shared standalone months", "10〜12月", "10〜12月", mo(10), mo(12), 0},

		// No range: the start stands alone, or nothing does.
		{"open end", "2018年8月〜", "", ym(2018, 8), Date{}, 0},
		{"kara then a comma", "2023年7月1日から、みすず市", "", ymd(2023, 7, 1), Date{}, 0},
		{"kara then a duration", "4月1日から3日間", "", md(4, 1), Date{}, 0},
		{"different precision", "8月30日〜9月", "", md(8, 30), Date{}, 1},
		{"time after the date", "2019年4月18日(木) 14:00〜16:00", "", ymd(2019, 4, 18), Date{}, 0},
		{"impossible end drops the end", "2019年2月28日〜29日", "", ymd(2019, 2, 28), Date{}, 0},
		{"end before start drops the end", "2018年8月30日〜2018年8月29日", "", ymd(2018, 8, 30), Date{}, 0},
		{"shared end refused", "2018年8〜9月期", "", y(2018), Date{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find(tt.input)
			checkMentions(t, tt.input, ms)
			if len(ms) != 1+tt.others {
				t.Fatalf("Find(%q) = %s, want %d mentions", tt.input, mentionsString(ms), 1+tt.others)
			}
			m := ms[0]
			text := tt.text
			if text == "" {
				text = m.Text // no range: the start's own text, checked by Date
			}
			if m.Text != text || m.Date != tt.date || m.Until != tt.until {
				t.Errorf("Find(%q)[0] = %q %v until %v, want %q %v until %v", tt.input, m.Text, m.Date, m.Until, text, tt.date, tt.until)
			}
			if tt.text != "" && strings.Index(tt.input, tt.text) != m.Start {
				t.Errorf("range starts at %d, want %d", m.Start, strings.Index(tt.input, tt.text))
			}
			// Parse reads the range text as its start, with a 付 after it.
			if d, err := Parse(m.Text + "付"); err != nil || d != tt.date {
				t.Errorf("Parse(%q) = %v, %v; want %v", m.Text+"付", d, err, tt.date)
			}
		})
	}
}

// TestMentionResolve checks the year resolution a release needs for a date
// without one: the release's year, or the year before where the date would
// fall after publication; the end of a range follows its start.
func TestMentionResolve(t *testing.T) {
	published := ymd(2018, 8, 31)
	tests := []struct {
		name        string
		input       string
		ref         Date
		start, till Date
	}{
		{"before publication", "川崎市と8月30日、覚書を締結", published, ymd(2018, 8, 30), Date{}},
		{"on publication", "本日8月31日に", published, ymd(2018, 8, 31), Date{}},
		{"after publication is last year", "9月1日に締結", published, ymd(2017, 9, 1), Date{}},
		{"december in january", "12月20日に", ymd(2019, 1, 10), ymd(2018, 12, 20), Date{}},
		{"month", "7月に発売", published, ym(2018, 7), Date{}},
		{"has a year", "2016年5月に", published, ym(2016, 5), Date{}},
		{"range past publication", "8月30日から9月1日まで", published, ymd(2018, 8, 30), ymd(2018, 9, 1)},
		{"range across new year", "12月30日〜1月3日", ymd(2019, 1, 10), ymd(2018, 12, 30), ymd(2019, 1, 3)},
		{"day range", "先月18日〜20日", ymd(2018, 9, 5), ymd(2018, 8, 18), ymd(2018, 8, 20)},
		{"range with a year", "2018年8月31日～9月2日", ymd(2020, 1, 1), ymd(2018, 8, 31), ymd(2018, 9, 2)},
		{"leap day end in a common year stays open", "2月28日〜29日", ymd(2019, 3, 1), ymd(2019, 2, 28), md(2, 29)},
		{"no reference year", "8月30日〜31日", md(9, 1), md(8, 30), md(8, 31)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find(tt.input)
			if len(ms) != 1 {
				t.Fatalf("Find(%q) = %s, want one mention", tt.input, mentionsString(ms))
			}
			start, until := ms[0].Resolve(tt.ref)
			if start != tt.start || until != tt.till {
				t.Errorf("Resolve(%v) of %q = %v, %v; want %v, %v", tt.ref, ms[0].Text, start, until, tt.start, tt.till)
			}
			if start != ms[0].Date.Resolve(tt.ref) {
				t.Errorf("the start resolves unlike Date.Resolve: %v", start)
			}
		})
	}
}

package jpdate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// want is an expected mention: its text and date. The test locates the text
// in the input itself (the first occurrence after the previous mention), so
// the expected offsets do not come from the code under test.
type want struct {
	text string
	date Date
}

func ymd(y, m, d int) Date { return Date{Year: y, Month: m, Day: d, Precision: Day} }
func ym(y, m int) Date     { return Date{Year: y, Month: m, Precision: Month} }
func y(y int) Date         { return Date{Year: y, Precision: Year} }
func md(m, d int) Date     { return Date{Month: m, Day: d, Precision: Day} }
func mo(m int) Date        { return Date{Month: m, Precision: Month} }
func dd(d int) Date        { return Date{Day: d, Precision: Day} }

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []want
	}{
		// 西暦
		{"kanji markers", "2018年8月31日", []want{{"2018年8月31日", ymd(2018, 8, 31)}}},
		{"year month", "2018年8月", []want{{"2018年8月", ym(2018, 8)}}},
		{"year", "2018年", []want{{"2018年", y(2018)}}},
		{"slash padded", "2018/08/31", []want{{"2018/08/31", ymd(2018, 8, 31)}}},
		{"slash", "2018/8/31", []want{{"2018/8/31", ymd(2018, 8, 31)}}},
		{"iso", "2018-08-31", []want{{"2018-08-31", ymd(2018, 8, 31)}}},
		{"iso with time", "更新 2018-08-31T10:00:00+09:00", []want{{"2018-08-31", ymd(2018, 8, 31)}}},
		{"dots", "2018.8.31", []want{{"2018.8.31", ymd(2018, 8, 31)}}},
		{"nakaguro", "2018・8・31", []want{{"2018・8・31", ymd(2018, 8, 31)}}},
		{"mixed markers and slashes", "2021年/7月/18日", []want{{"2021年/7月/18日", ymd(2021, 7, 18)}}},
		{"seireki", "西暦2021年7月", []want{{"西暦2021年7月", ym(2021, 7)}}},
		{"year slash month", "2021/7", []want{{"2021/7", ym(2021, 7)}}},
		{"spaces inside", "2018 年 8 月 31 日", []want{{"2018 年 8 月 31 日", ymd(2018, 8, 31)}}},
		{"ideographic spaces", "2018年　8月　31日", []want{{"2018年　8月　31日", ymd(2018, 8, 31)}}},
		{"spaced-out digits", "1 9 2 8 年 3 月 1 日", []want{{"1 9 2 8 年 3 月 1 日", ymd(1928, 3, 1)}}},
		{"full-width digits", "２０２２年３月１日", []want{{"２０２２年３月１日", ymd(2022, 3, 1)}}},
		{"full-width slashes", "２０２２／３／１", []want{{"２０２２／３／１", ymd(2022, 3, 1)}}},
		{"full-width dots", "２０２２．３．１", []want{{"２０２２．３．１", ymd(2022, 3, 1)}}},
		{"kanji positional", "二〇二一年七月十八日", []want{{"二〇二一年七月十八日", ymd(2021, 7, 18)}}},
		{"kanji with units", "二千二十一年十二月三十一日", []want{{"二千二十一年十二月三十一日", ymd(2021, 12, 31)}}},
		{"kanji positional year alone", "二〇二一年", []want{{"二〇二一年", y(2021)}}},
		{"kanji year with units alone", "二千十八年に", []want{{"二千十八年", y(2018)}}},
		{"kanji year with units showa era", "千九百八十九年", []want{{"千九百八十九年", y(1989)}}},
		{"kanji positional issue date", "二〇一八年八月三十一日", []want{{"二〇一八年八月三十一日", ymd(2018, 8, 31)}}},
		{"kanji month day", "八月三十日", []want{{"八月三十日", md(8, 30)}}},
		{"kanji year with units full date", "二千十八年八月三十一日", []want{{"二千十八年八月三十一日", ymd(2018, 8, 31)}}},
		{"full-width issue date", "２０１８年８月３１日", []want{{"２０１８年８月３１日", ymd(2018, 8, 31)}}},
		{"full-width slashes issue date", "２０１８／８／３１", []want{{"２０１８／８／３１", ymd(2018, 8, 31)}}},
		{"full-width hyphens", "２０１８－０８－３１", []want{{"２０１８－０８－３１", ymd(2018, 8, 31)}}},
		{"leap day", "2020年2月29日", []want{{"2020年2月29日", ymd(2020, 2, 29)}}},

		// 和暦
		{"reiwa", "令和2年9月7日", []want{{"令和2年9月7日", ymd(2020, 9, 7)}}},
		{"heisei", "平成30年8月31日", []want{{"平成30年8月31日", ymd(2018, 8, 31)}}},
		{"showa", "昭和64年1月7日", []want{{"昭和64年1月7日", ymd(1989, 1, 7)}}},
		{"taisho", "大正15年12月24日", []want{{"大正15年12月24日", ymd(1926, 12, 24)}}},
		{"meiji", "明治45年7月29日", []want{{"明治45年7月29日", ymd(1912, 7, 29)}}},
		{"meiji 6 is the first gregorian year", "明治6年1月1日", []want{{"明治6年1月1日", ymd(1873, 1, 1)}}},
		{"gannen", "令和元年5月1日", []want{{"令和元年5月1日", ymd(2019, 5, 1)}}},
		{"heisei gannen", "平成元年1月8日", []want{{"平成元年1月8日", ymd(1989, 1, 8)}}},
		{"showa gannen", "昭和元年12月25日", []want{{"昭和元年12月25日", ymd(1926, 12, 25)}}},
		{"gannen alone", "令和元年", []want{{"令和元年", y(2019)}}},
		{"era full-width", "令和２年９月７日", []want{{"令和２年９月７日", ymd(2020, 9, 7)}}},
		{"era kanji reiwa", "令和二年九月七日", []want{{"令和二年九月七日", ymd(2020, 9, 7)}}},
		{"zero-padded era year", "令和03年", []want{{"令和03年", y(2021)}}},
		{"era year past the era", "平成33年", []want{{"平成33年", y(2021)}}},
		{"era kanji", "令和三年一月一日", []want{{"令和三年一月一日", ymd(2021, 1, 1)}}},
		{"era kanji sakujitsu", "平成二十七年八月朔日", []want{{"平成二十七年八月朔日", ymd(2015, 8, 1)}}},
		{"era space", "平成 30 年 8 月 31 日", []want{{"平成 30 年 8 月 31 日", ymd(2018, 8, 31)}}},
		{"era slashes", "令和3/7/18", []want{{"令和3/7/18", ymd(2021, 7, 18)}}},
		{"era dot year month", "令和3.7", []want{{"令和3.7", ym(2021, 7)}}},
		{"ligature heisei", "㍻30年8月31日", []want{{"㍻30年8月31日", ymd(2018, 8, 31)}}},
		{"ligature showa", "㍼64年1月7日", []want{{"㍼64年1月7日", ymd(1989, 1, 7)}}},
		{"ligature taisho", "㍽10年3月9日", []want{{"㍽10年3月9日", ymd(1921, 3, 9)}}},
		{"ligature meiji", "㍾10年3月9日", []want{{"㍾10年3月9日", ymd(1877, 3, 9)}}},
		{"ligature reiwa", "㋿3年1月1日", []want{{"㋿3年1月1日", ymd(2021, 1, 1)}}},
		{"compatibility rei", "\uf9a8和3年", []want{{"\uf9a8和3年", y(2021)}}},
		{"latin R", "R3年7月18日", []want{{"R3年7月18日", ymd(2021, 7, 18)}}},
		{"latin R dots", "R3.7.18", []want{{"R3.7.18", ymd(2021, 7, 18)}}},
		{"full-width R", "Ｒ3/7/18", []want{{"Ｒ3/7/18", ymd(2021, 7, 18)}}},
		{"latin H", "H30.8.31", []want{{"H30.8.31", ymd(2018, 8, 31)}}},
		{"latin S", "S64.1.7", []want{{"S64.1.7", ymd(1989, 1, 7)}}},
		{"latin R short", "R2.9.7", []want{{"R2.9.7", ymd(2020, 9, 7)}}},
		{"latin R zero-padded", "R02.09.07", []want{{"R02.09.07", ymd(2020, 9, 7)}}},
		{"full-width R and dots", "Ｒ２．９．７", []want{{"Ｒ２．９．７", ymd(2020, 9, 7)}}},
		{"full-width H and dots", "Ｈ３０．８．３１", []want{{"Ｈ３０．８．３１", ymd(2018, 8, 31)}}},
		{"era name dots", "平成30.8.31", []want{{"平成30.8.31", ymd(2018, 8, 31)}}},
		{"kouki", "皇紀2670年8月3日", []want{{"皇紀2670年8月3日", ymd(2010, 8, 3)}}},
		{"gloss gregorian", "令和2年（2020年）9月7日", []want{{"令和2年（2020年）9月7日", ymd(2020, 9, 7)}}},
		{"gloss era", "2018年(平成30年)8月31日", []want{{"2018年(平成30年)8月31日", ymd(2018, 8, 31)}}},

		// Days by name and month ends
		{"ganjitsu", "平成元年元日", []want{{"平成元年元日", ymd(1989, 1, 1)}}},
		{"gantan", "2019年元旦", []want{{"2019年元旦", ymd(2019, 1, 1)}}},
		{"misoka", "平成12年2月晦日", []want{{"平成12年2月晦日", ymd(2000, 2, 29)}}},
		{"month end", "2021年7月末", []want{{"2021年7月末", ymd(2021, 7, 31)}}},
		{"month end leap", "2020年2月末", []want{{"2020年2月末", ymd(2020, 2, 29)}}},
		{"month end common", "2021年2月末日", []want{{"2021年2月末日", ymd(2021, 2, 28)}}},
		{"month end yearless", "12月末まで", []want{{"12月末", md(12, 31)}}},
		{"february end yearless keeps the month", "2月末まで", []want{{"2月末", mo(2)}}},

		// Weekdays
		{"weekday", "2018年8月31日(金)", []want{{"2018年8月31日(金)", ymd(2018, 8, 31)}}},
		{"weekday full-width", "2018年8月31日（金）", []want{{"2018年8月31日（金）", ymd(2018, 8, 31)}}},
		{"weekday long", "2018/1/2 (火曜日)", []want{{"2018/1/2 (火曜日)", ymd(2018, 1, 2)}}},
		{"weekday spaced", "2021年7月18日 ( 日 ) ", []want{{"2021年7月18日 ( 日 )", ymd(2021, 7, 18)}}},
		{"weekday holiday", "7月16日(月・祝)開催", []want{{"7月16日(月・祝)", md(7, 16)}}},
		{"weekday bare", "7月18日日曜日", []want{{"7月18日日曜日", md(7, 18)}}},
		{"weekday lone", "2021年7月18日 日", []want{{"2021年7月18日 日", ymd(2021, 7, 18)}}},
		{"weekday yearless", "8月30日(木)に", []want{{"8月30日(木)", md(8, 30)}}},
		{"weekday yearless full-width long", "8月30日（木曜日）", []want{{"8月30日（木曜日）", md(8, 30)}}},
		{"weekday after a blank", "8月30日 (木)", []want{{"8月30日 (木)", md(8, 30)}}},
		{"not a weekday", "2018年8月31日 日本橋にて", []want{{"2018年8月31日", ymd(2018, 8, 31)}}},

		// Without a year
		{"month day", "8月30日", []want{{"8月30日", md(8, 30)}}},
		{"month", "7月に発売", []want{{"7月", mo(7)}}},
		{"day", "翌週28日", []want{{"28日", dd(28)}}},
		{"slash month day", "7/18(土)開催", []want{{"7/18(土)", md(7, 18)}}},
		{"slash month day before particle", "4/1から", []want{{"4/1", md(4, 1)}}},
		{"february 29 without year", "2月29日", []want{{"2月29日", md(2, 29)}}},
		{"same year", "同年8月", []want{{"8月", mo(8)}}},

		// Press-release sentences
		{"lead paragraph",
			"LINK-J(本社:東京都中央区、理事長:岡野栄之)は、川崎市と8月30日、ライフサイエンス領域における提携に関する覚書を締結しました。",
			[]want{{"8月30日", md(8, 30)}}},
		{"history list",
			"LINK-Jはこれまで、2016年5月にカリフォルニア大学サンディエゴ校(UCSD)、およびBIOCOM、2017年6月にEurobiomed(南フランスのライフサイエンス団体)と提携しています。",
			[]want{{"2016年5月", ym(2016, 5)}, {"2017年6月", ym(2017, 6)}}},
		{"header", "2018年8月31日\n一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン\n三井不動産株式会社",
			[]want{{"2018年8月31日", ymd(2018, 8, 31)}}},
		{"designation years", "国際戦略総合特区(2011年指定)、国家戦略特区(2014年指定)", []want{{"2011年", y(2011)}, {"2014年", y(2014)}}},
		{"followed by time", "平成元年5月4日12:34:56", []want{{"平成元年5月4日", ymd(1989, 5, 4)}}},
		{"followed by kanji time", "令和三年一月一日 零時五分", []want{{"令和三年一月一日", ymd(2021, 1, 1)}}},
		{"date then count", "2021回目の7月18日", []want{{"7月18日", md(7, 18)}}},
		{"first half", "2018年前半に", []want{{"2018年", y(2018)}}},
		{"tenth of month", "2018年8月上旬", []want{{"2018年8月", ym(2018, 8)}}},
		{"as of", "2019年3月31日現在", []want{{"2019年3月31日", ymd(2019, 3, 31)}}},
		{"effective", "2019年4月1日付で", []want{{"2019年4月1日", ymd(2019, 4, 1)}}},
		// 付 and に are particles: Find leaves them out, as extract expects.
		{"effective tsuke", "2018年8月31日付けで", []want{{"2018年8月31日", ymd(2018, 8, 31)}}},
		{"effective yearless", "8月31日付の人事", []want{{"8月31日", md(8, 31)}}},
		{"a month's share", "8月分の給与", []want{{"8月", mo(8)}}}, // names August: a date, unlike 3か月分
		{"a year's share", "2018年分の確定申告", []want{{"2018年", y(2018)}}},
		{"byte offsets after multibyte text", "お知らせ：２０２２／３／１（火）と令和4年4月1日", []want{
			{"２０２２／３／１（火）", ymd(2022, 3, 1)}, {"令和4年4月1日", ymd(2022, 4, 1)}}},

		// Not dates
		{"ratio", "1/50の縮小模型", nil},
		{"thirteen", "13/13", nil},
		{"decimal", "1.2", nil},
		{"decimal unit", "高さは7.18メートルです", nil},
		{"percent", "濃度は7.18%です", nil},
		{"list", "1,2", nil},
		{"fiscal year", "2021年度の予算", nil},
		{"fiscal year era", "令和3年度", nil},
		{"fiscal year three digits", "132年度", nil},
		{"fiscal period", "2021年3月期決算", nil},
		{"decade", "1990年代", nil},
		{"years ago", "2000年前", nil},
		{"model number", "Core i7-3770（3.90GHz）", nil},
		{"printer ink", "BCI-321+320/5MP", nil},
		{"raid", "RAID 0/1", nil},
		{"version", "v2.0.1", nil},
		{"ip address", "127.0.0.1", nil},
		{"four numbers", "2021.7.18.5", nil},
		{"us date", "7/18/2018", nil},
		{"phone", "TEL：03-1234-5678", nil},
		{"toll free", "0120-123-456", nil},
		{"postal code", "〒103-0023 東京都中央区", nil},
		{"money", "1,000円", nil},
		{"duration", "3年間", nil},
		{"duration kanji year", "二千十八年間", nil},
		{"duration months", "3か月間、3ヶ月、3カ月", nil},
		{"span of days", "3〜4日で届きます", nil},
		{"span of days hyphen", "3-5日", nil},
		{"quarter", "第3四半期", nil},
		{"quarter range", "2018年1〜3月期", []want{{"2018年", y(2018)}}},
		{"fiscal months", "1〜3月期", nil},
		{"decade range", "1990〜2000年代", nil},
		{"amount", "2018円", nil},
		{"version", "2.9.7", nil},
		{"version v", "ver.2.9.7とv2.9.7", nil},
		{"mobile phone", "090-1234-5678", nil},
		{"months as a score", "1-2月", nil},
		{"time range", "14:00〜16:00", nil},
		{"duration days", "3日間", nil},
		{"about", "約3日", nil},
		{"decimal days", "1.5日", nil},
		{"per day", "1日3回", nil},
		{"per day unit", "1日あたり", nil},
		{"every month", "毎月1日", nil},
		{"every year", "毎年4月", nil},
		{"count", "9例目", nil},
		{"time", "10:30〜", nil},
		{"season", "2011/12シーズン", nil},
		{"season slash", "2019/20", nil},
		{"fraction", "約1/2の", nil},
		{"fraction of whole", "全体の1/3に", nil},
		{"slash before noun", "7/18の説明会", nil},
		{"fraction in brackets", "(培養効率1.5倍、コスト1/3)", nil},
		{"fraction reduced to", "コストを1/3に削減", nil},
		{"model H30", "H30", nil},
		{"era letter without month", "R3年", nil},
		{"era letter two numbers", "H30.8", nil},
		{"letters before", "ABC2018/8/31", nil},
		{"url path", "https://example.com/2018/08/31/", nil},
		{"kanji one day", "一日も早く", nil},
		{"city", "十日町市と四日市市", nil},
		{"rain", "五月雨", nil},
		{"former japan", "元日本代表", nil},
		{"kanji thousand years", "二千年の歴史", nil},
		{"weekday ordinal", "第2、4月曜日", nil},
		{"school year", "1年生", nil},
		{"anniversary", "創業100周年", nil},
		{"unknown era", "歯姫3年", nil},
		{"era zero", "令和0年7月1日", nil},
		{"era minus", "令和-3年", nil},
		{"era without year", "昭和2月3日", nil},
		{"month 13", "平成12年13月3日", nil},
		{"february 30", "2021年2月30日", nil},
		{"not leap", "2021年2月29日", nil},
		{"lunisolar", "明治5年12月3日", nil},
		{"before 1873", "1800年", nil},
		{"year 500", "500年は古墳時代だ", nil},
		{"mismatched gloss", "平成30年(2019年)8月31日", nil},
		{"placeholder", "令和○年○月○日", nil},
		{"five digits", "20180年", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.input)
			checkMentions(t, tt.input, got)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %s, want %d mentions", tt.input, mentionsString(got), len(tt.want))
			}
			from := 0
			for i, w := range tt.want {
				start := strings.Index(tt.input[from:], w.text)
				if start < 0 {
					t.Fatalf("bad test: %q not in input after byte %d", w.text, from)
				}
				start += from
				g := got[i]
				if g.Text != w.text || g.Start != start || g.End != start+len(w.text) || g.Date != w.date || g.Until != (Date{}) {
					t.Errorf("mention %d = {%q %d %d %v until %v}, want {%q %d %d %v}",
						i, g.Text, g.Start, g.End, g.Date, g.Until, w.text, start, start+len(w.text), w.date)
				}
				from = start + len(w.text)
			}
		})
	}
}

// checkMentions asserts Find's invariants; the fuzz target shares it.
func checkMentions(t *testing.T, input string, ms []Mention) {
	t.Helper()
	// Rune boundaries as decoding sees them: in invalid UTF-8 a stray
	// continuation byte is a rune (RuneError) of its own.
	boundary := make([]bool, len(input)+1)
	for i := 0; i < len(input); {
		boundary[i] = true
		_, n := utf8.DecodeRuneInString(input[i:])
		i += n
	}
	boundary[len(input)] = true
	prevEnd := 0
	for _, m := range ms {
		if m.Start < prevEnd || m.End <= m.Start || m.End > len(input) {
			t.Fatalf("mention %q at [%d,%d) out of order or range (previous end %d, len %d)",
				m.Text, m.Start, m.End, prevEnd, len(input))
		}
		if !boundary[m.Start] || !boundary[m.End] {
			t.Fatalf("mention %q at [%d,%d) splits a rune", m.Text, m.Start, m.End)
		}
		if input[m.Start:m.End] != m.Text {
			t.Fatalf("Text %q != input[%d:%d] %q", m.Text, m.Start, m.End, input[m.Start:m.End])
		}
		if d, err := Parse(m.Text); err != nil || d != m.Date {
			t.Fatalf("Parse(%q) = %v, %v; Find said %v", m.Text, d, err, m.Date)
		}
		if !valid(m.Date) {
			t.Fatalf("Find(%q) gave an impossible date %+v", input, m.Date)
		}
		// The end of a range: a possible date, with a year exactly when the
		// start has one, and not before the start once both have years.
		if u := m.Until; u != (Date{}) {
			if !valid(u) || u.HasYear() != m.Date.HasYear() {
				t.Fatalf("Find(%q): %q ends on %+v after %+v", input, m.Text, u, m.Date)
			}
			if u.HasYear() {
				ut, uok := u.Time()
				dt, dok := m.Date.Time()
				if u.Year < m.Date.Year || uok && dok && ut.Before(dt) {
					t.Fatalf("Find(%q): %q ends on %v, before its start %v", input, m.Text, u, m.Date)
				}
			}
			if start, until := m.Resolve(ymd(2019, 1, 10)); !valid(start) || until != (Date{}) && !valid(until) {
				t.Fatalf("Find(%q): %q resolves to %+v until %+v", input, m.Text, start, until)
			}
		}
		prevEnd = m.End
	}
}

// valid is the test's own check of a Date's fields.
func valid(d Date) bool {
	if d.Year != 0 && (d.Year < 1873 || d.Year > 9999) {
		return false
	}
	if d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 {
		return false
	}
	if d.Month > 0 && d.Day > 0 {
		last := map[int]int{1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}[d.Month]
		if d.Month == 2 && d.Year != 0 && !(d.Year%4 == 0 && (d.Year%100 != 0 || d.Year%400 == 0)) {
			last = 28
		}
		if d.Day > last {
			return false
		}
	}
	switch d.Precision {
	case Year:
		return d.Year > 0 && d.Month == 0 && d.Day == 0
	case Month:
		return d.Month > 0 && d.Day == 0
	case Day:
		return d.Day > 0
	}
	return false
}

// TestMayStart checks the fast start test against the rune classes it
// stands for, over the whole Basic Multilingual Plane.
func TestMayStart(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		_, latin := latinEra(r)
		_, lig := ligatureEra(r)
		want := digitValue(r) >= 0 || isKanjiNumeral(r) || latin || lig || strings.ContainsRune("令\uf9a8平昭大明西皇", r)
		if got := mayStart(r); got != want {
			t.Errorf("mayStart(%q) = %v, want %v", r, got, want)
		}
	}
}

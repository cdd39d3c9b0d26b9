package jpdate

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  Date
	}{
		{"full", "2018年8月31日", ymd(2018, 8, 31)},
		{"surrounding blanks", " \t\n　2018/08/31　 ", ymd(2018, 8, 31)},
		{"iso", "2018-08-31", ymd(2018, 8, 31)},
		{"weekday", "2018年8月31日（金曜日）", ymd(2018, 8, 31)},
		{"weekday spaced", "2021年7月18日 ( 日 ) ", ymd(2021, 7, 18)},
		{"full-width", "２０２２年３月１日", ymd(2022, 3, 1)},
		{"mixed numerals", "平成27年１２月八日", ymd(2015, 12, 8)},
		{"formal numeral and ligature", "㍻一〇年 肆月 晦日", ymd(1998, 4, 30)},
		{"kanji last day of era", "昭和六十四年一月七日", ymd(1989, 1, 7)},
		{"comma", "2021,7,18", ymd(2021, 7, 18)},
		{"era comma year month", "令和3,7", ym(2021, 7)},
		{"year", "2021年", y(2021)},
		{"month", "7月", mo(7)},
		{"day", "18日", dd(18)},
		{"lone kanji day", "三十一日", dd(31)},
		{"lone kanji month", "十二月", mo(12)},
		{"ganjitsu alone", "元日", md(1, 1)},
		{"slash month day", "12/10", md(12, 10)},
		{"slash month day padded", "09/12", md(9, 12)},
		{"kouki", "皇紀2670年8月3日", ymd(2010, 8, 3)},
		{"meiji 6", "明治6年1月1日", ymd(1873, 1, 1)},
		{"leap century", "2000年2月29日", ymd(2000, 2, 29)},
		{"kanji year with units", "二千十八年", y(2018)},
		{"kanji round year", "二千年", y(2000)}, // Find leaves it alone in running text
		{"tsuke", "2018年8月31日付", ymd(2018, 8, 31)},
		{"tsukeke", "2018年8月31日付け", ymd(2018, 8, 31)},
		{"tsuke after weekday", "2019年4月1日（月）付", ymd(2019, 4, 1)},
		{"range takes the start", "2018年8月31日～9月2日", ymd(2018, 8, 31)},
		{"month range", "2018年8月〜9月", ym(2018, 8)},
		{"kara made range", "8月30日から9月1日", md(8, 30)},
		{"shared marker range", "2018年8〜9月", ym(2018, 8)},
		{"shared year range", "2018〜2019年", y(2018)},
		{"full-width era letter", "Ｒ２．９．７", ymd(2020, 9, 7)},
		{"weekday blank", "8月30日 (木)", md(8, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.input)
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.input, got, err, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    error
		message string // a part of the message
	}{
		{"empty", "  ", ErrNotDate, "empty"},
		{"words", "お知らせ", ErrNotDate, ""},
		{"trailing text", "2018年8月31日に締結", ErrNotDate, `"に締結" follows`},
		{"decimal", "1.2", ErrNotDate, ""},
		{"model number", "H30", ErrNotDate, ""},
		{"month 13", "平成12年13月3日", ErrInvalid, "month 13"},
		{"month 0", "平成12年0月3日", ErrInvalid, "month 0"},
		{"february 30", "2021年2月30日", ErrInvalid, "day 30"},
		{"common year", "2019年2月29日", ErrInvalid, "day 29 is not in 1–28"},
		{"century not leap", "1900年2月29日", ErrInvalid, "day 29"},
		{"day 32", "1月32日", ErrInvalid, "day 32"},
		{"era year 0", "令和0年", ErrInvalid, "era years start at 1"},
		{"era without year", "昭和2月3日", ErrInvalid, "昭和 has no year"},
		{"lunisolar", "明治5年12月3日", ErrInvalid, "before 1873"},
		{"ancient", "大化1年", ErrNotDate, ""},
		{"short year", "500年", ErrInvalid, "before 1873"},
		{"gloss disagrees", "平成30年(2019年)8月31日", ErrInvalid, "glossed as 2019"},
		{"unknown era", "謎元号100年2月3日", ErrNotDate, ""},
		{"ratio", "13/13", ErrInvalid, "month 13"},
		{"range to an impossible day", "2018年8月31日～9月31日", ErrInvalid, "day 31"},
		{"range into a missing leap day", "2019年2月28日〜29日", ErrInvalid, "does not have"},
		{"range backwards", "2018年8月30日〜2018年8月29日", ErrInvalid, "ends before it starts"},
		{"open range", "2018年8月〜", ErrNotDate, `"〜" follows`},
		{"shared marker without its end", "2018年8〜", ErrNotDate, `"8〜" follows`},
		{"tsuke twice", "2018年8月31日付付", ErrNotDate, ""},
		{"amount", "2018円", ErrNotDate, ""},
		{"version", "2.9.7", ErrNotDate, ""},
		{"duration", "3年間", ErrNotDate, `"間" follows`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.input)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) = %v, %v; want an error wrapping %v", tt.input, d, err, tt.want)
			}
			other := ErrInvalid
			if tt.want == ErrInvalid {
				other = ErrNotDate
			}
			if errors.Is(err, other) {
				t.Errorf("error %v wraps both sentinels", err)
			}
			if !strings.Contains(err.Error(), tt.message) || !strings.HasPrefix(err.Error(), "jpdate: parse ") {
				t.Errorf("error %q lacks %q", err, tt.message)
			}
		})
	}
}

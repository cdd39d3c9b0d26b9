package jpdate

import (
	"errors"
	"testing"
)

// fuzzSeeds are real 和暦 and full-width-digit dates from press releases and
// the external vectors, plus near misses.
var fuzzSeeds = []string{
	"2018年8月31日", "平成30年8月31日", "令和2年9月7日（月）", "令和元年5月1日", "㍻30年8月31日", "㋿3年1月1日",
	"H30.8.31", "Ｒ3/7/18", "２０２２年３月１日", "２０２２／３／１", "二〇二一年七月十八日", "平成二十七年八月朔日",
	"㍻一〇年 肆月 晦日 正午", "令和2年（2020年）9月7日", "2021年7月18日 ( 日 ) ", "7月16日(月・祝)", "2021年7月末",
	"1 9 2 8 年 3 月 1 日", "川崎市と8月30日、覚書を締結しました。", "2016年5月にUCSD、2017年6月にEurobiomed",
	"1/50の縮小模型", "Core i7-3770（3.90GHz）", "2021年度", "03-1234-5678", "〒103-0023", "1,000円", "10:30",
	"令和0年", "昭和2月3日", "明治5年12月3日", "2018-08-31T10:00", "2018/8/30-2018/8/31",
	// The forms of the date issue: every absolute form, ranges, weekdays,
	// 付, and the near misses that must stay undated.
	"2018年8月", "2018年", "8月30日", "2018.8.31", "２０１８年８月３１日", "２０１８／８／３１", "二〇一八年八月三十一日",
	"八月三十日", "二千十八年", "千九百八十九年に", "平成元年1月8日", "昭和元年12月25日", "R2.9.7", "S64.1.7", "Ｒ２．９．７",
	"2018年8月〜9月", "2018年8月31日～9月2日", "8月30日から9月1日まで", "2018年8〜9月", "8月30・31日", "2018〜2019年",
	"1〜2月に実施", "2018年12月30日～1月3日", "12/28〜1/5", "R2.9.7～R2.9.8", "2018年8月31日 － 9月2日",
	"8月30日(木)〜9月1日(土)", "8月30日（木曜日）", "8月30日 (木)", "2018年8月31日付", "2018年8月31日付け",
	"2019年2月28日〜29日", "2018年8〜9月期", "2018年8月〜", "2018年8〜", "3〜4日で届きます", "1-2月", "1990〜2000年代",
	"2018円", "8月分", "090-1234-5678", "2.9.7", "第3四半期", "3年間", "二千年の歴史", "14:00〜16:00",
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := Find(s)
		checkMentions(t, s, ms)
		for _, m := range ms {
			roundTrip(t, m.Date)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if errors.Is(err, ErrNotDate) == errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q) error %v must wrap exactly one sentinel", s, err)
			}
			return
		}
		if !valid(d) {
			t.Fatalf("Parse(%q) = impossible date %+v", s, d)
		}
		roundTrip(t, d)
	})
}

// roundTrip checks that a full date's ISO form parses back to itself.
func roundTrip(t *testing.T, d Date) {
	t.Helper()
	if !d.HasYear() || d.Precision != Day {
		return
	}
	back, err := Parse(d.String())
	if err != nil || back != d {
		t.Fatalf("Parse(%q) = %v, %v; want %v", d.String(), back, err, d)
	}
	if _, ok := d.Time(); !ok {
		t.Fatalf("%v.Time() not ok", d)
	}
}

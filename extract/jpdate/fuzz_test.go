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

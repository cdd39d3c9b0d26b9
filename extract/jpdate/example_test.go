package jpdate_test

import (
	"errors"
	"fmt"

	"github.com/pressroom-ja/pressroom/extract/jpdate"
)

func ExampleFind() {
	lead := "2018年8月31日\nLINK-Jは、川崎市と8月30日、覚書を締結しました（2016年5月にUCSDと提携）。"
	published, _ := jpdate.Parse("2018年8月31日")
	for _, m := range jpdate.Find(lead) {
		fmt.Printf("%d-%d %s %s → %s\n", m.Start, m.End, m.Text, m.Date.Precision, m.Date.Resolve(published))
	}
	// Output:
	// 0-16 2018年8月31日 day → 2018-08-31
	// 41-50 8月30日 day → 2018-08-30
	// 83-94 2016年5月 month → 2016-05
}

func ExampleParse() {
	for _, s := range []string{"令和2年9月7日（月）", "H30.8.31", "２０２２／３／１", "平成12年13月3日", "1/50"} {
		d, err := jpdate.Parse(s)
		switch {
		case errors.Is(err, jpdate.ErrInvalid):
			fmt.Println(s, "invalid")
		case err != nil:
			fmt.Println(s, "not a date")
		default:
			fmt.Println(s, d)
		}
	}
	// Output:
	// 令和2年9月7日（月） 2020-09-07
	// H30.8.31 2018-08-31
	// ２０２２／３／１ 2022-03-01
	// 平成12年13月3日 invalid
	// 1/50 invalid
}

func ExampleDate_Resolve() {
	ref := jpdate.Date{Year: 2019, Month: 1, Day: 10, Precision: jpdate.Day}
	d, _ := jpdate.Parse("12月20日")
	fmt.Println(d, d.Resolve(ref), d.ResolveNearest(ref))
	next, _ := jpdate.Parse("2月1日")
	fmt.Println(next, next.Resolve(ref), next.ResolveNearest(ref))
	// Output:
	// --12-20 2018-12-20 2018-12-20
	// --02-01 2018-02-01 2019-02-01
}

func ExampleMention_Resolve() {
	published, _ := jpdate.Parse("2018年8月31日")
	for _, m := range jpdate.Find("会期は8月30日から9月1日まで、説明会は9月5日です。") {
		start, until := m.Resolve(published)
		fmt.Printf("%s → %s until %s\n", m.Text, start, until)
	}
	// Output:
	// 8月30日から9月1日 → 2018-08-30 until 2018-09-01
	// 9月5日 → 2017-09-05 until
}

// Package jpdate finds and parses the date expressions of Japanese press
// releases: 2018年8月31日, 2018/08/31, 令和2年9月7日, ㍻30年, H30.8.31,
// 二〇二一年七月十八日, full-width ２０２２／３／１, and the yearless
// 8月30日 of a lead paragraph.
//
// Find scans running text and returns each date with its byte offsets;
// Parse reads a string that is one date. Both give a Date at the precision
// the text gives (year, month or day); a date without a year takes one
// from the release's own date with Resolve:
//
//	for _, m := range jpdate.Find(lead) {
//		d := m.Date.Resolve(published) // 8月30日 → 2018-08-30
//		fmt.Println(m.Text, d)
//	}
//
// # What is read
//
// Gregorian years with 年月日 or with the separators / - . ・ , (all three
// numbers, or year/month and month/day with a slash); eras 令和 平成 昭和
// 大正 明治 with 元年, the ligatures ㋿ ㍻ ㍼ ㍽ ㍾ and the letters R H S T M
// (H30.8.31; a bare "H30" is a model number); 西暦 and 皇紀 (Gregorian +
// 660); Arabic, full-width and kanji numerals (二十七, 二〇二一, 肆); 元日,
// 朔日, 晦日 and 月末 (the last day of the month); the year glossed in the
// other calendar, as municipalities write it (令和2年（2020年）9月7日; both
// years must agree); a weekday after the day, which is kept in the mention
// but not checked.
//
// A range is one mention dated by its start: 2018年8月31日～9月2日,
// 8月30日から9月1日まで, 2018/8/30-2018/8/31, and the forms that share one
// marker, 2018年8〜9月, 8月30・31日, 2018〜2019年, 1〜2月. Its end is in
// Mention.Until, completed from the start (9月2日 after 2018年8月31日 is
// 2018-09-02); Mention.Resolve gives a yearless range the release's year.
// Parse reads a range as its start, and allows 付 or 付け after a date
// (2019年4月1日付), which Find leaves out of a mention like any particle.
//
// # Choices
//
// Dates before 1873, when Japan adopted the Gregorian calendar, are out of
// scope: the written month and day of a lunisolar date do not convert by
// arithmetic. Parse reports them as ErrInvalid and Find skips them, and with
// them any bare year below 1873 (500年). Eras before 明治 (大化, 慶応) are not
// known at all. Era years beyond an era's end (平成33年) convert
// arithmetically, as ja-timex does.
//
// A fiscal year (2021年度), a fiscal period (3月期), a quarter (第3四半期),
// a decade (1990年代), durations (3日間, 3〜4日), counts, amounts (2018円),
// decimals, ratios, codes, versions (2.9.7), phone numbers and times are not
// dates. Two numbers joined by a dot, comma or hyphen (7.18, 1,2, 0-3) are
// never read as a date without an era name. A year in kanji with units is a
// year when it names one (二千十八年), not when it is round (二千年, more
// often a span). 8月分 (August's share) and 2018年分 name a month and a year
// and are read as such; 3か月分 is a duration and is not.
//
// The last day of a February of unknown year (2月末) is kept at month
// precision: it may be the 28th or the 29th.
package jpdate

package jpdate

import (
	"strings"
	"unicode/utf8"
)

// Mention is a date expression found in running text.
type Mention struct {
	Text       string // as written in the input, weekday included
	Start, End int    // byte offsets into the input: Text == input[Start:End]
	// Date is the date, or the start of a range.
	Date Date
	// Until is the last date of a range (2018年8月31日～9月2日), with the
	// parts the text leaves out taken from the start (2018-09-02), and the
	// zero Date when the mention is no range. It has a year only when the
	// start has one: for 8月30日から9月1日, resolve the start and carry
	// its year over rather than resolving Until on its own.
	Until Date
}

// Find returns every date expression in text, in order, without overlaps.
//
// A press release is full of numbers, and a false date costs more than a
// missed odd one, so Find reads a date only where its context allows: not
// inside a longer number or code (i7-3770, 1/50, 127.0.0.1), not before a
// unit or a word that makes it a duration, count or period (3日間, 2021年度,
// 3月期, 1990年代), not as a fraction (約1/2の). Dates whose values are
// impossible (2月30日, 令和0年) or before 1873 are skipped whole, never cut
// down to a valid part.
//
// A range (2018年8月31日～9月2日, 8月30日から9月1日, 2018年8〜9月) is one
// mention whose Date is the start and whose Until is the end. The particles
// around a date (に, 付, まで) are not part of its Text; a weekday is. Find
// makes one pass over text and is safe for concurrent use.
func Find(text string) []Mention {
	var out []Mention
	for i := 0; i < len(text); {
		// Kana (U+3040–U+30FF, E3 81..83 xx) start no date: step over
		// them without decoding, as they are most of the text.
		if text[i] == 0xe3 && i+2 < len(text) && 0x81 <= text[i+1] && text[i+1] <= 0x83 && text[i+2]&0xc0 == 0x80 {
			i += 3
			continue
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !mayStart(r) {
			i += size
			continue
		}
		m, ok := parseAt(text, i, true)
		if !ok {
			i = skipToken(text, i, r, size)
			continue
		}
		mention, found, next := judge(text, &m)
		if !found && m.shared != roleNone {
			// 2018年8〜9月期: the range does not hold, so the 8 is no
			// month; read what stands without it (2018年).
			if m, ok = parseAt(text, i, false); !ok {
				i = skipToken(text, i, r, size)
				continue
			}
			mention, found, next = judge(text, &m)
		}
		if found {
			out = append(out, mention)
		}
		i = next
	}
	return out
}

// judge decides whether a match, with the range that may follow it, is a
// date in its context, and where the scan goes on.
func judge(text string, m *match) (mention Mention, found bool, next int) {
	if m.invalid != "" || !plausible(text, m, false) {
		return Mention{}, false, m.end
	}
	r, isRange := rangeAfter(text, m)
	if isRange && r.invalid == "" && plausible(text, &r.b, true) {
		return Mention{Text: text[m.start:r.b.end], Start: m.start, End: r.b.end, Date: m.date, Until: r.until}, true, r.b.end
	}
	if m.shared != roleNone {
		return Mention{}, false, m.end // 2018年8 is no date without 〜9月
	}
	next = m.end
	if isRange && r.invalid != "" {
		// 2019年2月28日〜29日: the start stands, but the end is no date
		// of its own: 29日 alone would be resolved into some other month.
		next = r.b.end
	}
	return Mention{Text: text[m.start:m.end], Start: m.start, End: m.end, Date: m.date}, true, next
}

// mayStart reports the runes a date can begin with. It runs on every rune
// of the text, so it is one switch (a binary search) rather than calls to the
// rune classes; TestMayStart keeps it in step with them.
func mayStart(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9' || r == 'R' || r == 'H' || r == 'S' || r == 'T' || r == 'M'
	}
	if 0x3040 <= r && r <= 0x30ff { // kana, most of Japanese text
		return false
	}
	if '０' <= r && r <= '９' {
		return true
	}
	switch r {
	case '〇', '○', '零', '一', '壱', '壹', '二', '弐', '貳', '三', '参', '參', '四', '肆', '五', '伍', '六', '陸',
		'七', '漆', '八', '捌', '九', '玖', '十', '拾', '百', '千', '廿', '卅',
		'令', '\uf9a8', '平', '昭', '大', '明', '西', '皇', '㋿', '㍻', '㍼', '㍽', '㍾',
		'Ｒ', 'Ｈ', 'Ｓ', 'Ｔ', 'Ｍ':
		return true
	}
	return false
}

// skipToken steps past the number (or the one rune) at i that starts no
// date, so that no later position inside the same number is tried: the 770
// of 3770 is not a date.
func skipToken(text string, i int, r rune, size int) int {
	var in func(rune) bool
	switch {
	case digitValue(r) >= 0:
		in = func(r rune) bool { return digitValue(r) >= 0 }
	case isKanjiNumeral(r):
		in = isKanjiNumeral
	default:
		return i + size
	}
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !in(r) {
			break
		}
		i += n
	}
	return i
}

// plausible judges a valid match in its context. endOfRange says m follows
// a range connector, which stands where the checks of what precedes a date
// would look.
func plausible(text string, m *match, endOfRange bool) bool {
	before, after := text[:m.start], text[m.end:]
	prev := rune(-1)
	if before != "" {
		prev, _ = utf8.DecodeLastRuneInString(before)
	}
	next := rune(-1)
	if after != "" {
		next, _ = utf8.DecodeRuneInString(after)
	}

	// Part of a longer number or code: i7-3770, +3/13, 1.5日, 〒103-0023.
	// At the end of a range, prev is the connector, judged with the start.
	if !endOfRange && (isAlnum(prev) || strings.ContainsRune("+.,/#$¥￥＄〒＋．，／＃№_@&", prev)) {
		return false
	}
	if !endOfRange && sepOf(prev) == '-' && !(m.comps == 3 || (m.marked && (m.comps == 2 || m.last == roleYear))) {
		// A hyphen before a short form is a code or a score (BCI-3/5,
		// 3-5日); before a full date or a year it is a range
		// (2018/8/30-2018/8/31, 2018-2019年).
		return false
	}
	// Recurring, not a date: 毎年4月, 毎月1日.
	if prev == '毎' || strings.HasSuffix(before, "毎年") || strings.HasSuffix(before, "毎月") || strings.HasSuffix(before, "毎週") {
		return false
	}
	if m.lastBare {
		switch {
		case m.comps == 3 && m.sep == '-' && next == 'T' && len(after) > 1 && digitValue(rune(after[1])) >= 0:
			// ISO 8601 date and time: 2018-08-31T10:00.
		case isAlnum(next), strings.ContainsRune("%％+＋", next):
			return false // 7.18cm is excluded by shape; 2021/7/18a, 1/2% here
		case next == '年' || next == '月' || next == '日':
			return false // 2011/12年: not how a date is written
		case next >= 0 && (sepOf(next) != 0 && sepOf(next) == m.sep || sepOf(next) == '.' || sepOf(next) == ',' || next == ':'):
			// A fourth number (1.2.3.4, 7/18/2018) or a decimal tail.
			if r, _ := utf8.DecodeRuneInString(after[utf8.RuneLen(next):]); digitValue(r) >= 0 {
				return false
			}
		}
	}
	if m.comps == 1 && !endOfRange && afterNumberConnector(before) {
		return false // 3〜4日: a span of days, or the end of a range whose start has no marker
	}
	if m.comps == 1 && !singleOK(before, after, next, m) {
		return false
	}
	if m.first == roleMonth && m.sep == '/' && !slashDateOK(prev, after, m) {
		return false
	}
	if m.first == roleYear && m.last == roleMonth && m.lastBare && hasAnyPrefix(after, "シーズン", "年度", "期") {
		return false // 2011/12シーズン
	}
	if m.last == roleMonth && !m.lastBare && strings.HasPrefix(after, "期") {
		return false // 2021年3月期: a fiscal period, like 年度
	}
	if m.kanjiDay && hasAnyPrefix(after, "市", "町", "村") {
		return false // 8月四日市: the city 四日市
	}
	return true
}

// singleOK judges a date of one part (2021年, 7月, 18日), the kind most
// often a duration or a count in disguise.
func singleOK(before, after string, next rune, m *match) bool {
	// 一日, 十日町, 五月雨, 千年: a lone kanji part is mostly a word. An era
	// (令和三年) or a positional year (二〇二一年) is not.
	if m.prefix == prefixNone && !m.arabic && !m.yearPositional && !m.yearUnits {
		return false
	}
	if hasAnySuffix(before, "約", "第", "計", "全", "各", "数", "丸", "毎", "およそ", "延べ", "最大", "最長",
		"最短", "最低", "最高", "合計", "累計", "平均", "過去", "今後", "向こう", "ここ", "ほぼ") {
		return false
	}
	if m.weekday {
		return true
	}
	switch m.last {
	case roleYear:
		if hasAnyPrefix(after, "前半", "前期", "前後", "後半", "後期") {
			return true
		}
		// 2021年度 is a fiscal year, 1990年代 a decade, 2000年前 a span.
		return !hasAnyPrefix(after, "度", "代", "間", "目", "以上", "以内", "未満", "超", "余", "近く",
			"程度", "ぶり", "振り", "前", "後")
	case roleMonth:
		// 曜: 第2、4月曜日 is a Monday, not April.
		return !hasAnyPrefix(after, "間", "期", "目", "曜", "以上", "以内", "未満", "超", "余", "程度", "ぶり",
			"振り", "連続", "あたり", "当たり")
	case roleDay:
		if digitValue(next) >= 0 {
			return false // 1日3回
		}
		return !hasAnyPrefix(after, "間", "目", "曜", "前", "後", "以上", "以内", "未満", "超", "余", "分",
			"程度", "ぶり", "振り", "連続", "あたり", "当たり", "平均", "遅れ", "おき", "置き", "ごと")
	}
	return true
}

// slashDateOK judges a month/day without a year (7/18), which is also how
// fractions are written (コスト1/3に削減, 約1/2の). Without a weekday, only
// what follows a date and not a fraction lets it through: a range, から,
// まで, 以降, 付, 頃, or the end of the text or a blank (a table cell).
func slashDateOK(prev rune, after string, m *match) bool {
	if strings.ContainsRune("約の比計全分倍率第各", prev) {
		return false // 約1/3, 全体の1/2
	}
	if m.weekday || after == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(after)
	switch {
	case isSpace(r), r == '\n', r == '\r':
		return true
	case strings.ContainsRune("〜～~－-–—", r):
		return true
	}
	return hasAnyPrefix(after, "から", "まで", "迄", "より", "以降", "以前", "付", "頃", "ごろ")
}

func hasAnyPrefix(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

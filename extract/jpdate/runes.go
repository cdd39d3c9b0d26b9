package jpdate

// Rune classes. The text is never normalised into a copy: Find must report
// byte offsets into the input as written, so every test below accepts the
// full-width (and other) variants that NFKC would fold.

// digitValue returns the value of an ASCII or full-width decimal digit, or -1.
func digitValue(r rune) int {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0')
	case '０' <= r && r <= '９':
		return int(r - '０')
	}
	return -1
}

// kanjiDigit returns the value of a kanji digit, including the formal
// (大字) forms used in contracts and ○, which often stands in for 〇.
func kanjiDigit(r rune) int {
	switch r {
	case '〇', '○', '零':
		return 0
	case '一', '壱', '壹':
		return 1
	case '二', '弐', '貳':
		return 2
	case '三', '参', '參':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陸':
		return 6
	case '七', '漆':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// kanjiUnit returns the value of a kanji power of ten, or of 廿 (20) and 卅
// (30), which old-style dates use; 0 for other runes.
func kanjiUnit(r rune) int {
	switch r {
	case '十', '拾':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	case '廿':
		return 20
	case '卅':
		return 30
	}
	return 0
}

// Number reads a number written in kanji as dates write theirs:
// positional (二〇) or with units (十二, 二十五). ok is false for anything
// else, Arabic digits included.
func Number(s string) (n int, ok bool) {
	for _, r := range s {
		if !isKanjiNumeral(r) {
			return 0, false
		}
	}
	v, _, ok := kanjiValue(s)
	return v, ok
}

func isKanjiNumeral(r rune) bool { return kanjiDigit(r) >= 0 || kanjiUnit(r) > 0 }

// maxKanjiRun bounds a kanji numeral: 二千二十一 and 千九百八十九 are the
// longest a date needs. Longer runs are not dates, and the bound keeps Find
// linear.
const maxKanjiRun = 8

// kanjiValue reads a kanji numeral, positional (二〇二一, 一〇) or with
// units (二十七, 二千〇〇一). positional reports the first kind.
func kanjiValue(s string) (v int, positional, ok bool) {
	n, hasUnit := 0, false
	for _, r := range s {
		n++
		if kanjiUnit(r) > 0 {
			hasUnit = true
		}
	}
	if n == 0 || n > maxKanjiRun {
		return 0, false, false
	}
	if !hasUnit {
		if n > 4 {
			return 0, false, false
		}
		for _, r := range s {
			v = v*10 + kanjiDigit(r)
		}
		return v, true, true
	}
	total, cur, lastUnit := 0, -1, 10000
	for _, r := range s {
		if d := kanjiDigit(r); d >= 0 {
			switch {
			case d == 0:
				// A zero after a unit only holds a place (二千〇〇一).
				if cur >= 0 {
					return 0, false, false
				}
			case cur >= 0:
				return 0, false, false // 二三十: two digits before a unit
			default:
				cur = d
			}
			continue
		}
		u := kanjiUnit(r)
		if u == 20 || u == 30 { // 廿, 卅 take no multiplier
			if cur >= 0 || lastUnit <= 10 {
				return 0, false, false
			}
			total += u
			lastUnit = 10
			continue
		}
		if u >= lastUnit {
			return 0, false, false // 十百, 十十
		}
		m := 1
		if cur >= 0 {
			m = cur
		}
		total += m * u
		cur, lastUnit = -1, u
	}
	if cur >= 0 {
		total += cur
	}
	return total, false, true
}

// sepOf returns the canonical separator for a rune that joins the numbers of
// a date written without 年月日, or 0.
func sepOf(r rune) rune {
	switch r {
	case '/', '／':
		return '/'
	case '-', '－', '‐', '−':
		return '-'
	case '.', '．':
		return '.'
	case '・', '･':
		return '・'
	case ',', '，':
		return ','
	}
	return 0
}

// isSpace reports the blanks allowed inside a date ("2018 年 8 月"). Line
// breaks are not among them: a date does not run across lines.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0'
}

func isWeekdayRune(r rune) bool {
	switch r {
	case '日', '月', '火', '水', '木', '金', '土':
		return true
	}
	return false
}

// isAlnum reports ASCII and full-width Latin letters and digits.
func isAlnum(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	case 'ａ' <= r && r <= 'ｚ', 'Ａ' <= r && r <= 'Ｚ', '０' <= r && r <= '９':
		return true
	}
	return false
}

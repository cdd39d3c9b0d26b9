package jpdate

import "unicode/utf8"

// Ranges. A release writes a period as two dates joined by 〜, a dash or
// から, and leaves out of the second what the first already says:
// 2018年8月31日～9月2日, 8月30日から9月1日まで, 2018/8/30-2018/8/31. Some
// share the marker instead: 2018年8〜9月, 8月30・31日, 2018〜2019年.
//
// A range is one date for this package, the start (the day a period
// begins is what a record of an event or an agreement needs), and its end is
// kept in Mention.Until. Reading the end as a date of its own would be
// wrong twice over: 9月2日 alone takes its year from the release, which for
// a period running past the publication date gives the year before.

// isDash reports the dashes that join the two ends of a range.
func isDash(r rune) bool {
	switch r {
	case '-', '－', '‐', '−', '–', '—', '―':
		return true
	}
	return false
}

// rangeConnector reads what joins the two ends of a range, blanks around it
// included. wide admits dashes and, for shared markers, the list mark ・ (8月
// 30・31日); without it only 〜, ～, ~ and から do.
func (c *cursor) rangeConnector(wide, list bool) bool {
	save := c.i
	c.spaces()
	switch r := c.peek(); {
	case r == '〜' || r == '～' || r == '~':
		c.advance()
	case wide && isDash(r):
		c.advance()
	case list && (r == '・' || r == '･'):
		c.advance()
	case c.acceptStr("から"):
	default:
		c.i = save
		return false
	}
	c.spaces()
	return true
}

// sharedAhead reports whether a range connector follows the cursor, then a
// number in digits and the marker: "〜9月" after "2018年8". It only looks.
func (p *parser) sharedAhead(marker rune, wide bool) bool {
	if p.noShared {
		return false
	}
	look := p.c
	if !look.rangeConnector(wide, wide) {
		return false
	}
	if _, ok := look.arabic(4); !ok {
		return false
	}
	look.spaces()
	return look.peek() == marker
}

// rangeEnd is the second date of a range after a.
type rangeEnd struct {
	b     match // as written: 9月2日 has no year
	until Date  // with the parts the range leaves out taken from a
	// invalid says why the end cannot be ("" when it can): an impossible
	// value, or an end before the start.
	invalid string
}

// rangeAfter reads the end of a range that would start with a, which ends
// at s[a.end:]. ok is false when no range follows: nothing joins, or the
// second date does not have the first's shape (a range runs between dates of
// the same precision, and the second leaves out only leading parts).
func rangeAfter(s string, a *match) (r rangeEnd, ok bool) {
	c := cursor{s: s, i: a.end}
	// A shared marker needs its own end right away; a standalone month
	// (1〜2月) takes no dash or list mark, for 1-2月 is more often a score.
	wide := a.shared == roleNone || a.comps > 1 || a.first == roleYear
	if !c.rangeConnector(wide, a.shared != roleNone && wide) {
		return rangeEnd{}, false
	}
	b, ok := parseAt(s, c.i, false)
	if !ok {
		return rangeEnd{}, false
	}
	if a.shared != roleNone {
		// 2018年8〜9月: the end is one marked number in digits, the
		// part the start left open.
		if b.comps != 1 || b.first != a.shared || b.prefix != prefixNone || !b.marked || !b.arabic || b.sep != 0 {
			return rangeEnd{}, false
		}
	} else if b.last != a.last || b.first < a.first {
		return rangeEnd{}, false
	}
	r.b, r.invalid = b, b.invalid
	u := b.date
	if b.first > roleYear {
		u.Year = a.date.Year
	}
	if b.first > roleMonth {
		u.Month = a.date.Month
	}
	if b.dayEnd && u.Month > 0 && (u.Year > 0 || u.Month != 2) {
		// 2020年2月1日〜2月末: with the start's year the last day is known.
		u.Day, u.Precision = daysIn(u.Year, u.Month), Day
	}
	// An end that reads as before the start runs into the next month or
	// year: 2018年12月〜1月, 8月30日～2日.
	switch {
	case b.first == roleDay && u.Month > 0 && dateBefore(u, a.date):
		if u.Month == 12 {
			u.Month = 1
			if u.Year > 0 {
				u.Year++
			}
		} else {
			u.Month++
		}
	case b.first == roleMonth && u.Year > 0 && dateBefore(u, a.date):
		u.Year++
	}
	switch {
	case r.invalid != "":
	case u.Year > 9999:
		r.invalid = "the range runs past year 9999"
	case u.Month > 0 && u.Day > daysIn(u.Year, u.Month):
		r.invalid = "the range ends on a day its month does not have"
	case dateBefore(u, a.date) && !(u.Year == 0 && b.first == roleMonth):
		// Without a year, 12月30日〜1月3日 runs into the next year.
		r.invalid = "the range ends before it starts"
	}
	r.until = u
	return r, true
}

// dateBefore compares the parts two dates both give, year first.
func dateBefore(x, y Date) bool {
	switch {
	case x.Year > 0 && y.Year > 0 && x.Year != y.Year:
		return x.Year < y.Year
	case x.Month > 0 && y.Month > 0 && x.Month != y.Month:
		return x.Month < y.Month
	case x.Day > 0 && y.Day > 0:
		return x.Day < y.Day
	}
	return false
}

// afterNumberConnector reports whether before ends in a number and a range
// connector ("3〜", "1-", "30・"), which makes what follows the end of a
// span rather than a date of its own.
func afterNumberConnector(before string) bool {
	for before != "" {
		r, n := utf8.DecodeLastRuneInString(before)
		if !isSpace(r) {
			break
		}
		before = before[:len(before)-n]
	}
	r, n := utf8.DecodeLastRuneInString(before)
	if !(r == '〜' || r == '～' || r == '~' || r == '・' || r == '･' || isDash(r)) {
		return false
	}
	r, _ = utf8.DecodeLastRuneInString(before[:len(before)-n])
	return digitValue(r) >= 0
}

// Resolve fills a missing year of the mention from ref, normally the
// release's publication date: the start as Date.Resolve does, and the end
// of a range from the start, not from ref, so that a period running past
// the publication date stays one period. A release of 2018-08-31 saying
// 8月30日から9月1日 gives 2018-08-30 and 2018-09-01, where resolving 9月1日
// alone would give 2017-09-01. until is the zero Date when m is no range.
func (m Mention) Resolve(ref Date) (start, until Date) {
	start = m.Date.Resolve(ref)
	until = m.Until
	if until.Precision == 0 || until.HasYear() || !start.HasYear() {
		return start, until
	}
	u := until
	u.Year = start.Year
	if u.Month == 0 && u.Day > 0 { // 18日〜20日: a day range takes the start's month
		u.Month = start.Month
	}
	if dateBefore(u, start) { // 12月30日〜1月3日: into the next year
		u.Year++
	}
	if u.Month > 0 && u.Day > daysIn(u.Year, u.Month) {
		return start, until // 2月28日〜29日 in a common year: leave it open
	}
	return start, u
}

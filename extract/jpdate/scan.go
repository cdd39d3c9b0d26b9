package jpdate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The grammar, read left to right with no backtracking beyond one part:
//
//	date   = [prefix] year [month [day]] | month [day] | day | 元日
//	prefix = 令和 | 平成 | 昭和 | 大正 | 明治 | ㋿ ㍻ ㍼ ㍽ ㍾ | R H S T M | 西暦 | 皇紀
//	year   = number 年 | number sep          (元 as the number after an era)
//	month  = number 月 [末 | 末日] | number sep | number   (bare: last part only)
//	day    = number 日 | 朔日 | 晦日 | 末日 | number
//	then an optional weekday: (水) （水曜日） ( 日 ) 日曜日 " 日"
//	range  = date conn date | … number conn number marker   (range.go)
//
// Spaces may stand around 年月日 and after a prefix; numbers joined by
// separators (2018/8/31, 令和3.7.18) take none. Kanji numerals go only with
// 年月日. parseAt finds the shape; build checks the values; Find's filters
// (find.go) then judge the context.

// maxSpaces bounds the blanks between two parts of a date, which keeps each
// attempt short and Find linear.
const maxSpaces = 3

type role int8

const (
	roleNone role = iota
	roleYear
	roleMonth
	roleDay
)

// match is one date-shaped expression at a position, valid or not, with the
// facts about its form that Find's filters judge.
type match struct {
	start, end int
	date       Date
	invalid    string // why the date cannot be, "" when it can

	prefix         prefixKind
	first, last    role
	comps          int  // parts written (元日 counts as month and day)
	arabic         bool // some part is in digits
	marked         bool // some part carries 年, 月 or 日
	lastBare       bool // ends on a number with no 年月日 after it
	sep            rune // separator between numbers, 0 if none
	yearPositional bool // a year in four positional kanji digits (二〇二一年)
	kanjiDay       bool
	weekday        bool
	// shared is the part whose marker the date leaves to the end of a
	// range (the 8 of 2018年8〜9月): such a date is only a date with the
	// range after it, which range.go reads.
	shared role
	// yearUnits: a year in kanji with units that names a calendar year
	// (二千十八年, not the round span 二千年).
	yearUnits bool
	dayEnd    bool // the day is the month's last (月末, 晦日, 末日)
}

// number is one written number.
type number struct {
	val        int
	digits     int  // count of Arabic digits; 0 for kanji and 元
	kanji      bool // kanji numeral or 元
	positional bool // kanji without units (二〇二一, 一〇)
}

type cursor struct {
	s string
	i int
}

func (c *cursor) peek() rune {
	if c.i >= len(c.s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(c.s[c.i:])
	return r
}

func (c *cursor) advance() {
	if c.i < len(c.s) {
		_, n := utf8.DecodeRuneInString(c.s[c.i:])
		c.i += n
	}
}

func (c *cursor) accept(r rune) bool {
	if c.peek() == r {
		c.advance()
		return true
	}
	return false
}

func (c *cursor) acceptStr(w string) bool {
	if strings.HasPrefix(c.s[c.i:], w) {
		c.i += len(w)
		return true
	}
	return false
}

func (c *cursor) acceptSlash() bool {
	if sepOf(c.peek()) == '/' {
		c.advance()
		return true
	}
	return false
}

// spaces skips at most maxSpaces blanks and returns how many it skipped.
func (c *cursor) spaces() int {
	n := 0
	for n < maxSpaces {
		r := c.peek()
		if !isSpace(r) {
			break
		}
		c.advance()
		n++
	}
	return n
}

// arabic reads a run of ASCII or full-width digits. A longer run than max is
// no number at all: 12345年 must not yield 2345年.
func (c *cursor) arabic(max int) (number, bool) {
	j, n, v := c.i, 0, 0
	for j < len(c.s) {
		r, size := utf8.DecodeRuneInString(c.s[j:])
		d := digitValue(r)
		if d < 0 {
			break
		}
		if n++; n > max {
			return number{}, false
		}
		v = v*10 + d
		j += size
	}
	if n == 0 {
		return number{}, false
	}
	c.i = j
	return number{val: v, digits: n}, true
}

func (c *cursor) kanji() (number, bool) {
	j, n := c.i, 0
	for j < len(c.s) {
		r, size := utf8.DecodeRuneInString(c.s[j:])
		if !isKanjiNumeral(r) {
			break
		}
		if n++; n > maxKanjiRun {
			return number{}, false
		}
		j += size
	}
	v, pos, ok := kanjiValue(c.s[c.i:j])
	if !ok {
		return number{}, false
	}
	c.i = j
	return number{val: v, kanji: true, positional: pos}, true
}

func (c *cursor) number(max int, kanji bool) (number, bool) {
	if n, ok := c.arabic(max); ok {
		return n, true
	}
	if kanji {
		return c.kanji()
	}
	return number{}, false
}

// spacedYear reads a year typed with a space between its digits
// ("1 9 2 8 年"), as text copied from spaced-out PDF headings has it. Only
// four single digits followed by 年 qualify, so that lists of numbers do not.
func (c *cursor) spacedYear() (number, bool) {
	j, v := c.i, 0
	for k := range 4 {
		if k > 0 {
			r, size := utf8.DecodeRuneInString(c.s[j:])
			if !isSpace(r) {
				return number{}, false
			}
			j += size
		}
		r, size := utf8.DecodeRuneInString(c.s[j:])
		d := digitValue(r)
		if d < 0 {
			return number{}, false
		}
		v = v*10 + d
		j += size
	}
	look := cursor{s: c.s, i: j}
	look.spaces()
	if look.peek() != '年' {
		return number{}, false
	}
	c.i = j
	return number{val: v, digits: 4}, true
}

// atBoundary reports whether the cursor stands at the end of the text, a
// blank or a punctuation mark: where a bare weekday ("… 18日 日") may end.
func (c *cursor) atBoundary() bool {
	r := c.peek()
	return r < 0 || isSpace(r) || r == '\n' || r == '\r' || strings.ContainsRune("、。，．,.)）」』】〕]!！?？", r)
}

// parser holds one attempt at a position.
type parser struct {
	c                     cursor
	m                     match
	era                   era
	year, month, day      number
	hasYear, hasMonth     bool
	hasDay, dayEnd        bool // dayEnd: 月末, 晦日, 末日
	newYearsDay, eraNoYrs bool
	gloss                 int // the year glossed in brackets, 0 if none
	glossBad              string
	noShared              bool // do not read the first half of a shared-marker range
}

// parseAt reads the longest date-shaped expression at s[start:]. ok is false
// when there is none; a match whose values are impossible is returned with
// m.invalid set, so that Find can skip all of it rather than salvage a part
// (令和0年7月1日 must not become 7月1日).
//
// With shared, a number that leaves its marker to a range's end (the 8 of
// 2018年8〜9月) is read as a part of the date and m.shared is set; callers
// that cannot complete the range parse again without.
func parseAt(s string, start int, shared bool) (m match, ok bool) {
	p := parser{c: cursor{s: s, i: start}, noShared: !shared}
	p.m.start = start
	if !p.run() || !p.shapeOK() {
		return match{}, false
	}
	p.m.end = p.c.i
	p.build()
	return p.m, true
}

func (p *parser) run() bool {
	c := &p.c
	k, e, n := prefixAt(c.s, c.i)
	p.m.prefix, p.era = k, e
	c.i += n
	if k == prefixNone {
		return p.bareStart()
	}
	if k != prefixLatin {
		c.spaces()
	}
	var y number
	if k == prefixEra && c.acceptStr("元") {
		y = number{val: 1, kanji: true}
	} else {
		maxDigits := 3 // 令和03年; more is no era year
		if k == prefixSeireki || k == prefixKouki {
			maxDigits = 4
		}
		var ok bool
		if y, ok = c.number(maxDigits, k != prefixLatin); !ok {
			return false
		}
	}
	save := c.i
	c.spaces()
	if c.accept('年') {
		p.setYear(y)
		p.afterYearMarker()
		return true
	}
	c.i = save
	if !y.kanji {
		if sep := sepOf(c.peek()); sep != 0 {
			c.advance()
			p.setYear(y)
			return p.afterYearSep(sep)
		}
	}
	if k == prefixEra {
		c.spaces()
		if c.accept('月') {
			// 昭和2月3日: the era's year is missing. Read the rest so that
			// Find skips all of it.
			p.eraNoYrs = true
			p.setMonth(y)
			p.afterMonthMarker()
			return true
		}
	}
	return false
}

// bareStart reads a date that starts with its first number.
func (p *parser) bareStart() bool {
	c := &p.c
	if y, ok := c.spacedYear(); ok {
		c.spaces()
		c.accept('年')
		p.setYear(y)
		p.afterYearMarker()
		return true
	}
	if c.acceptStr("元日") || c.acceptStr("元旦") {
		p.setNewYearsDay()
		return true
	}
	n, ok := c.number(4, true)
	if !ok {
		return false
	}
	save := c.i
	c.spaces()
	switch {
	case c.accept('年'):
		p.setYear(n)
		p.afterYearMarker()
		return true
	case n.digits <= 2 && c.accept('月'):
		p.setMonth(n)
		p.afterMonthMarker()
		return true
	case n.digits <= 2 && c.accept('日'):
		p.setDay(n)
		p.m.marked = true
		p.weekday()
		return true
	}
	c.i = save
	if n.kanji {
		return false
	}
	switch {
	case n.digits == 4 && p.sharedAhead('年', true):
		p.setYear(n) // 2018〜2019年
		p.m.shared, p.m.lastBare = roleYear, true
		return true
	case n.digits <= 2 && p.sharedAhead('月', false):
		// 1〜2月, but not 1-2月: a hyphen between small numbers is a
		// score or a code far more often.
		p.setMonth(n)
		p.m.shared, p.m.lastBare = roleMonth, true
		return true
	}
	sep := sepOf(c.peek())
	switch {
	case sep == 0:
		return false
	case n.digits == 4:
		c.advance()
		p.setYear(n)
		return p.afterYearSep(sep)
	case n.digits <= 2 && sep == '/':
		// Month/day: the only two-number form read without a year, as
		// ja-timex does ("7/18"); 7.18 and 7-18 are decimals and scores.
		c.advance()
		d, ok := c.arabic(2)
		if !ok {
			return false
		}
		p.setMonth(n)
		p.m.sep = sep
		p.setDay(d)
		if c.accept('日') {
			p.m.marked = true
		} else {
			p.m.lastBare = true
		}
		p.weekday()
		return true
	}
	return false
}

// afterYearMarker reads what may follow "…年": a gloss, then a month or 元日.
func (p *parser) afterYearMarker() {
	c := &p.c
	p.m.marked = true
	p.yearGloss()
	save := c.i
	c.spaces()
	slash := c.acceptSlash() // 2021年/7月/18日
	if slash {
		c.spaces()
	} else if c.acceptStr("元日") || c.acceptStr("元旦") {
		p.setNewYearsDay()
		return
	}
	n, ok := c.number(2, true)
	if !ok {
		c.i = save
		return
	}
	save2 := c.i
	c.spaces()
	if c.accept('月') {
		p.setMonth(n)
		p.afterMonthMarker()
		return
	}
	c.i = save2
	if !slash && !n.kanji && p.sharedAhead('月', true) { // 2018年8〜9月
		p.setMonth(n)
		p.m.shared, p.m.lastBare = roleMonth, true
		return
	}
	if slash && !n.kanji { // 2021年/7
		p.setMonth(n)
		p.m.sep = '/'
		p.m.lastBare = true
		return
	}
	c.i = save
}

// yearGloss reads the year repeated in the other calendar, in brackets, as
// municipal releases write it: 令和2年（2020年）9月7日, 2018年(平成30年)8月31日.
// build checks that both years agree.
func (p *parser) yearGloss() {
	c := &p.c
	save := c.i
	c.spaces()
	if r := c.peek(); r != '(' && r != '（' {
		c.i = save
		return
	}
	c.advance()
	c.spaces()
	k, e, n := prefixAt(c.s, c.i)
	if k == prefixLatin || k == prefixKouki {
		c.i = save
		return
	}
	c.i += n
	c.spaces()
	var y number
	if k == prefixEra && c.acceptStr("元") {
		y = number{val: 1, kanji: true}
	} else {
		var ok bool
		if y, ok = c.number(4, true); !ok {
			c.i = save
			return
		}
	}
	c.spaces()
	c.accept('年')
	c.spaces()
	if r := c.peek(); r != ')' && r != '）' {
		c.i = save
		return
	}
	c.advance()
	switch {
	case k != prefixEra:
		p.gloss = y.val
	case y.val < 1:
		p.glossBad = e.name + " year 0 in the gloss"
	default:
		p.gloss = e.offset + y.val
	}
	if p.gloss == 0 && p.glossBad == "" {
		p.glossBad = "year 0 in the gloss"
	}
}

// afterYearSep reads the month (and day) after "2021/" or "令和3.". Without
// a month there is no date: "2021/" alone is not one.
func (p *parser) afterYearSep(sep rune) bool {
	c := &p.c
	p.m.sep = sep
	n, ok := c.arabic(2)
	if !ok {
		return false
	}
	p.setMonth(n)
	if c.accept('月') { // 2021/7月
		p.m.marked = true
		p.afterMonthMarker()
		return true
	}
	save := c.i
	if sepOf(c.peek()) == sep {
		c.advance()
		if d, ok := c.arabic(2); ok {
			p.setDay(d)
			if c.accept('日') {
				p.m.marked = true
			} else {
				p.m.lastBare = true
			}
			p.weekday()
			return true
		}
		c.i = save
	}
	p.m.lastBare = true
	return true
}

// afterMonthMarker reads what may follow "…月": 末, a day, 朔日 or 晦日.
func (p *parser) afterMonthMarker() {
	c := &p.c
	p.m.marked = true
	if c.acceptStr("末日") || c.acceptStr("末") {
		p.setDayEnd()
		return
	}
	save := c.i
	c.spaces()
	if c.acceptSlash() {
		c.spaces()
	}
	switch {
	case c.acceptStr("朔日"):
		p.setDay(number{val: 1, kanji: true})
		p.weekday()
		return
	case c.acceptStr("晦日"), c.acceptStr("末日"):
		p.setDayEnd()
		p.weekday()
		return
	}
	if n, ok := c.number(2, true); ok {
		after := c.i
		c.spaces()
		if c.accept('日') {
			p.setDay(n)
			p.weekday()
			return
		}
		c.i = after
		if !n.kanji && p.sharedAhead('日', true) { // 8月30〜31日, 8月30・31日
			p.setDay(n)
			p.m.shared, p.m.lastBare = roleDay, true
			return
		}
	}
	c.i = save
}

// weekday reads a weekday after a day: (水), （水曜日）, ( 日 ), (月・祝),
// 日曜日, or a lone " 日" at a boundary. It is part of the expression but is
// not checked against the date: a mismatch says nothing the caller can use.
func (p *parser) weekday() {
	c := &p.c
	save := c.i
	sp := c.spaces()
	switch r := c.peek(); {
	case r == '(' || r == '（':
		c.advance()
		c.spaces()
		if c.weekdayItems() {
			c.spaces()
			if r := c.peek(); r == ')' || r == '）' {
				c.advance()
				p.m.weekday = true
				return
			}
		}
	case isWeekdayRune(r):
		c.advance()
		if c.accept('曜') {
			c.accept('日')
			p.m.weekday = true
			return
		}
		// "18日 日" but not "18日 日本橋".
		if sp > 0 && c.atBoundary() {
			p.m.weekday = true
			return
		}
	}
	c.i = save
}

// weekdayItems reads what stands inside a weekday's brackets: 水, 水曜,
// 水曜日, 祝, 祝日, 休, joined by ・ or /.
func (c *cursor) weekdayItems() bool {
	for range 7 {
		switch {
		case c.acceptStr("祝日"), c.acceptStr("祝"), c.acceptStr("休日"), c.acceptStr("休"):
		case isWeekdayRune(c.peek()):
			c.advance()
			if c.accept('曜') {
				c.accept('日')
			}
		default:
			return false
		}
		save := c.i
		c.spaces()
		if r := c.peek(); r == '・' || r == '･' || r == '/' || r == '／' || r == '、' || r == ',' {
			c.advance()
			c.spaces()
			continue
		}
		c.i = save
		return true
	}
	return false
}

func (p *parser) note(r role, n number) {
	if p.m.first == roleNone {
		p.m.first = r
	}
	p.m.last = r
	p.m.comps++
	if !n.kanji {
		p.m.arabic = true
	}
}

func (p *parser) setYear(n number) {
	p.year, p.hasYear = n, true
	p.m.yearPositional = n.positional && n.val >= 1000
	// 二千十八年 and 千九百八十九年 name years; 二千年 and 千五百年 are round
	// numbers, spans far more often than years.
	p.m.yearUnits = n.kanji && !n.positional && n.val >= MinYear && n.val%100 != 0
	p.note(roleYear, n)
}

func (p *parser) setMonth(n number) {
	p.month, p.hasMonth = n, true
	p.note(roleMonth, n)
}

func (p *parser) setDay(n number) {
	p.day, p.hasDay = n, true
	p.m.kanjiDay = n.kanji
	p.note(roleDay, n)
}

func (p *parser) setDayEnd() {
	p.dayEnd, p.m.dayEnd = true, true
	p.setDay(number{kanji: true})
}

func (p *parser) setNewYearsDay() {
	p.newYearsDay = true
	one := number{val: 1, kanji: true}
	p.setMonth(one)
	p.setDay(one)
	p.m.marked = true
	p.weekday()
}

// shapeOK rejects shapes that are not dates whatever their values, so that
// Find treats them as plain numbers.
func (p *parser) shapeOK() bool {
	m := &p.m
	if m.prefix == prefixLatin {
		// H30 is a model number, H30.8 a version: an era letter needs a
		// month after 年, or all three numbers.
		if !p.hasMonth || (!m.marked && !p.hasDay) {
			return false
		}
	}
	if !m.marked && m.comps == 2 && m.prefix != prefixEra && m.sep != '/' {
		// 2021.7, 2021-07, 1.2, 1,2: decimals, ranges and lists. Only an
		// era name makes 令和3.7 a year and month.
		return false
	}
	return true
}

// build converts the parts into a Date and checks them.
func (p *parser) build() {
	m := &p.m
	fail := func(format string, args ...any) {
		if m.invalid == "" {
			m.invalid = fmt.Sprintf(format, args...)
		}
	}
	var y int
	if p.hasYear {
		switch m.prefix {
		case prefixEra, prefixLatin:
			if p.year.val < 1 {
				fail("%s year %d: era years start at 1 (元年)", p.era.name, p.year.val)
			}
			y = p.era.offset + p.year.val
		case prefixKouki:
			y = p.year.val + p.era.offset
		default:
			y = p.year.val
		}
		switch {
		case y < MinYear:
			fail("year %d is before %d, when Japan took up the Gregorian calendar", y, MinYear)
		case y > 9999:
			fail("year %d has more than four digits", y)
		}
	}
	if p.eraNoYrs {
		fail("%s has no year", p.era.name)
	}
	if p.glossBad != "" {
		fail("%s", p.glossBad)
	} else if p.gloss != 0 && p.gloss != y {
		fail("year %d is glossed as %d", y, p.gloss)
	}
	mo := p.month.val
	if p.hasMonth && (mo < 1 || mo > 12) {
		fail("month %d is not in 1–12", mo)
	}
	d := p.day.val
	prec := Year
	switch {
	case p.dayEnd && y == 0 && mo == 2:
		// The last day of a February of unknown year could be the 28th
		// or the 29th: keep only the month.
		d, prec = 0, Month
	case p.dayEnd:
		if mo >= 1 && mo <= 12 {
			d = daysIn(y, mo)
		}
		prec = Day
	case p.hasDay:
		prec = Day
		maxDay := 31
		if p.hasMonth && mo >= 1 && mo <= 12 {
			maxDay = daysIn(y, mo)
		}
		if d < 1 || d > maxDay {
			fail("day %d is not in 1–%d", d, maxDay)
		}
	case p.hasMonth:
		prec = Month
	}
	m.date = Date{Year: y, Month: mo, Day: d, Precision: prec}
}

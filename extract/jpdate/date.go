package jpdate

import (
	"strconv"
	"time"
)

// Precision says how much of a date the text gives.
type Precision int

// The precisions, from coarsest to finest. The zero value is no precision.
const (
	Year Precision = iota + 1
	Month
	Day
)

// String returns "year", "month" or "day".
func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "Precision(" + strconv.Itoa(int(p)) + ")"
}

// MinYear is the earliest Gregorian year this package returns. Japan switched
// from its lunisolar calendar to the Gregorian one on 1873-01-01 (明治6年):
// before that, a written month and day (明治5年12月2日 is 1872-12-31) do not
// convert by arithmetic, and press releases do not need them. Parse reports
// earlier dates as ErrInvalid and Find skips them, whole.
const MinYear = 1873

// Date is a calendar date with the precision the text gives. Year is 0 when
// the text gives no year (e.g. "8月30日"); Month and Day are 0 when not given.
// A day-only expression ("18日") has Month 0 and Precision Day.
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

// String formats d in ISO 8601 at its precision: "2018", "2018-08",
// "2018-08-31". A date without a year uses the ISO 8601 forms that omit it:
// "--08-30", "--08", and "---30" for a day alone. The zero Date is "".
func (d Date) String() string {
	var b []byte
	switch {
	case d.Year > 0:
		b = appendInt(b, d.Year, 4)
		if d.Month > 0 {
			b = append(b, '-')
			b = appendInt(b, d.Month, 2)
			if d.Day > 0 {
				b = append(b, '-')
				b = appendInt(b, d.Day, 2)
			}
		}
	case d.Month > 0:
		b = append(b, "--"...)
		b = appendInt(b, d.Month, 2)
		if d.Day > 0 {
			b = append(b, '-')
			b = appendInt(b, d.Day, 2)
		}
	case d.Day > 0:
		b = append(b, "---"...)
		b = appendInt(b, d.Day, 2)
	}
	return string(b)
}

func appendInt(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// HasYear reports whether the text gave a year (or Resolve supplied one).
func (d Date) HasYear() bool { return d.Year > 0 }

// Time returns midnight UTC of a full date (year, month and day known). UTC
// is chosen so that the calendar date survives any formatting; it is a date,
// not an instant in Japan time. ok is false for partial or invalid dates.
func (d Date) Time() (t time.Time, ok bool) {
	if d.Year <= 0 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
		return time.Time{}, false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), true
}

// Resolve fills a missing year from ref, normally the release's publication
// date: ref's year, or the year before where the date would then lie after
// ref, because a release mostly reports what already happened (a release of
// 2019-01-10 saying "12月20日" means 2018-12-20). A day alone ("30日") takes
// ref's month the same way, or the latest earlier month that has that day.
//
// d is returned unchanged when it already has a year, when ref has no year
// (or, for a day alone, no month), and when no such date exists (29 February
// resolved into a common year). The precision is kept. For announcements of
// coming events use ResolveNearest.
func (d Date) Resolve(ref Date) Date {
	if d.HasYear() || !ref.HasYear() || (d.Month == 0 && d.Day == 0) {
		return d
	}
	if d.Month == 0 { // a day alone
		if ref.Month == 0 {
			return d
		}
		y, m := ref.Year, ref.Month
		if ref.Day > 0 && d.Day > ref.Day {
			y, m = prevMonth(y, m)
		}
		for range 12 {
			if d.Day <= daysIn(y, m) {
				return Date{Year: y, Month: m, Day: d.Day, Precision: d.Precision}
			}
			y, m = prevMonth(y, m)
		}
		return d
	}
	y := ref.Year
	if ref.Month > 0 && (d.Month > ref.Month || (d.Month == ref.Month && ref.Day > 0 && d.Day > ref.Day)) {
		y--
	}
	if d.Day > daysIn(y, d.Month) {
		return d
	}
	d.Year = y
	return d
}

// ResolveNearest fills a missing year (and, for a day alone, the month) with
// the one that puts the date closest to ref, looking one year (month) either
// way; a tie goes to the earlier date. It suits texts that announce as well
// as report: a release of 2018-12-20 saying "1月10日に開始" means
// 2019-01-10, and one of 2010-07-18 saying "12月30日" means 2010-12-30.
// It returns d unchanged in the same cases as Resolve.
func (d Date) ResolveNearest(ref Date) Date {
	if d.HasYear() || !ref.HasYear() || (d.Month == 0 && d.Day == 0) {
		return d
	}
	refLo, refHi := span(ref.Year, ref.Month, ref.Day)
	best, bestDist := d, int64(-1)
	try := func(c Date) {
		if c.Day > daysIn(c.Year, c.Month) {
			return
		}
		lo, hi := span(c.Year, c.Month, c.Day)
		dist := max(lo-refHi, refLo-hi, 0)
		// Candidates come earliest first, so a strict < keeps the earlier on a tie.
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if d.Month == 0 {
		if ref.Month == 0 {
			return d
		}
		y, m := prevMonth(ref.Year, ref.Month)
		for range 3 {
			try(Date{Year: y, Month: m, Day: d.Day, Precision: d.Precision})
			y, m = nextMonth(y, m)
		}
		return best
	}
	for y := ref.Year - 1; y <= ref.Year+1; y++ {
		c := d
		c.Year = y
		try(c)
	}
	return best
}

// span returns the first and last day (as days since the Unix epoch) that a
// possibly partial date covers.
func span(y, m, d int) (lo, hi int64) {
	switch {
	case m == 0:
		return epochDay(y, 1, 1), epochDay(y, 12, 31)
	case d == 0:
		return epochDay(y, m, 1), epochDay(y, m, daysIn(y, m))
	}
	e := epochDay(y, m, d)
	return e, e
}

func epochDay(y, m, d int) int64 {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func prevMonth(y, m int) (int, int) {
	if m == 1 {
		return y - 1, 12
	}
	return y, m - 1
}

func nextMonth(y, m int) (int, int) {
	if m == 12 {
		return y + 1, 1
	}
	return y, m + 1
}

// daysIn returns the length of month m in year y. With y == 0 (year unknown)
// February has 29 days, so that a yearless "2月29日" stays possible.
func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y == 0 || isLeap(y) {
			return 29
		}
		return 28
	}
	return 31
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

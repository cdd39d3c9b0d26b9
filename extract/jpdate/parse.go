package jpdate

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels for errors.Is. Every error from Parse wraps exactly one.
var (
	// ErrNotDate means the text is not a date expression, or not only one.
	ErrNotDate = errors.New("not a date")
	// ErrInvalid means the text is a date expression for a date that cannot
	// be: 2月30日, 令和0年, month 13, an era without its year, a gloss that
	// disagrees, or a date before 1873.
	ErrInvalid = errors.New("invalid date")
)

// Parse parses s, which must be one date expression. Blanks around it, a
// weekday after it ("(水)", "（水曜日）") and the suffix 付 or 付け of a
// dated document ("2019年4月1日付") are allowed. A range gives its start
// ("2018年8月31日～9月2日" is 2018-08-31). It accepts the forms Find does,
// and also lone kanji parts that Find leaves alone in running text ("一日",
// "元日"), since here the caller says the text is a date.
func Parse(s string) (Date, error) {
	t := strings.TrimSpace(s) // unicode.IsSpace: ideographic spaces too
	if t == "" {
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: empty text", s, ErrNotDate)
	}
	m, ok := parseAt(t, 0, true)
	end, rangeBad := 0, ""
	if ok {
		end = m.end
		if r, isRange := rangeAfter(t, &m); isRange && suffixEnd(t, r.b.end) == len(t) {
			end, rangeBad = r.b.end, r.invalid
		} else if m.shared != roleNone {
			// "2018年8〜": the 8 was read for a range that is not there.
			m, ok = parseAt(t, 0, false)
			end = m.end
		}
	}
	switch {
	case !ok:
		return Date{}, fmt.Errorf("jpdate: parse %q: %w", s, ErrNotDate)
	case suffixEnd(t, end) != len(t):
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: %q follows the date", s, ErrNotDate, t[end:])
	case m.invalid != "":
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: %s", s, ErrInvalid, m.invalid)
	case rangeBad != "":
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: %s", s, ErrInvalid, rangeBad)
	}
	return m.date, nil
}

// suffixEnd steps over the 付 or 付け that dates a document ("4月1日付",
// "4月1日付け") at s[i:]. Find leaves it out of a mention's text, as it
// does the particle に.
func suffixEnd(s string, i int) int {
	if strings.HasPrefix(s[i:], "付け") {
		return i + len("付け")
	}
	if strings.HasPrefix(s[i:], "付") {
		return i + len("付")
	}
	return i
}

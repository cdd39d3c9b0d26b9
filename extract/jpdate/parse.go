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

// Parse parses s, which must be one date expression. Blanks around it and a
// weekday after it ("(水)", "（水曜日）") are allowed. It accepts the forms
// Find does, and also lone kanji parts that Find leaves alone in running
// text ("一日", "元日"), since here the caller says the text is a date.
func Parse(s string) (Date, error) {
	t := strings.TrimSpace(s) // unicode.IsSpace: ideographic spaces too
	if t == "" {
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: empty text", s, ErrNotDate)
	}
	m, ok := parseAt(t, 0)
	switch {
	case !ok:
		return Date{}, fmt.Errorf("jpdate: parse %q: %w", s, ErrNotDate)
	case m.end != len(t):
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: %q follows the date", s, ErrNotDate, t[m.end:])
	case m.invalid != "":
		return Date{}, fmt.Errorf("jpdate: parse %q: %w: %s", s, ErrInvalid, m.invalid)
	}
	return m.date, nil
}

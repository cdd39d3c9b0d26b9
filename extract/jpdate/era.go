package jpdate

import (
	"strings"
	"unicode/utf8"
)

// prefixKind is what stands before the year of a date.
type prefixKind int8

const (
	prefixNone    prefixKind = iota
	prefixEra                // 令和, 平成, … or a square ligature ㍻
	prefixLatin              // R, H, S, T, M (ASCII or full-width)
	prefixSeireki            // 西暦: the year is Gregorian
	prefixKouki              // 皇紀: the imperial calendar, Gregorian + 660
)

// era is a Japanese era: the Gregorian year is offset + the era year. Era
// years past an era's end (平成33年, written before the change was known) are
// converted by the same arithmetic, as ja-timex and the wareki gem do.
type era struct {
	name   string
	offset int
}

// The eras from 1873 on, newest first. Earlier ones (慶応, 大化, …) are left
// out: their dates are lunisolar and out of scope, so an unknown era name
// simply leaves the text undated. Constants, not a table variable, so that no
// package state can change.
const (
	eraReiwa = iota
	eraHeisei
	eraShowa
	eraTaisho
	eraMeiji
	numEras
)

func eraByID(id int) era {
	switch id {
	case eraReiwa:
		return era{"令和", 2018}
	case eraHeisei:
		return era{"平成", 1988}
	case eraShowa:
		return era{"昭和", 1925}
	case eraTaisho:
		return era{"大正", 1911}
	}
	return era{"明治", 1867}
}

// ligatureEra maps the square era ligatures (U+337B–U+337E, U+32FF) to eras.
func ligatureEra(r rune) (era, bool) {
	switch r {
	case '㋿':
		return eraByID(eraReiwa), true
	case '㍻':
		return eraByID(eraHeisei), true
	case '㍼':
		return eraByID(eraShowa), true
	case '㍽':
		return eraByID(eraTaisho), true
	case '㍾':
		return eraByID(eraMeiji), true
	}
	return era{}, false
}

// latinEra maps the one-letter abbreviations used in forms and tables (R3,
// H30.8.31) to eras.
func latinEra(r rune) (era, bool) {
	switch r {
	case 'R', 'Ｒ':
		return eraByID(eraReiwa), true
	case 'H', 'Ｈ':
		return eraByID(eraHeisei), true
	case 'S', 'Ｓ':
		return eraByID(eraShowa), true
	case 'T', 'Ｔ':
		return eraByID(eraTaisho), true
	case 'M', 'Ｍ':
		return eraByID(eraMeiji), true
	}
	return era{}, false
}

// prefixAt reads an era name, ligature, abbreviation, 西暦 or 皇紀 at s[i:].
// It returns the kind, the era (for eras and 皇紀), and the prefix's length
// in bytes; n is 0 when there is none.
func prefixAt(s string, i int) (k prefixKind, e era, n int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	if e, ok := ligatureEra(r); ok {
		return prefixEra, e, size
	}
	if e, ok := latinEra(r); ok {
		// A letter is an era only right before a number: "H30.8.31".
		if d, _ := utf8.DecodeRuneInString(s[i+size:]); digitValue(d) >= 0 {
			return prefixLatin, e, size
		}
		return prefixNone, era{}, 0
	}
	rest := s[i:]
	// U+F9A8 is a compatibility ideograph for 令 that some converters
	// produce; NFKC folds it, so accept it too.
	if strings.HasPrefix(rest, "\uf9a8和") {
		return prefixEra, eraByID(eraReiwa), len("\uf9a8和")
	}
	for id := range numEras {
		if e := eraByID(id); strings.HasPrefix(rest, e.name) {
			return prefixEra, e, len(e.name)
		}
	}
	if strings.HasPrefix(rest, "西暦") {
		return prefixSeireki, era{}, len("西暦")
	}
	if strings.HasPrefix(rest, "皇紀") {
		return prefixKouki, era{name: "皇紀", offset: -660}, len("皇紀")
	}
	return prefixNone, era{}, 0
}

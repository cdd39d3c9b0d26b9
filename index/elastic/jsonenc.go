package elastic

import (
	"unicode/utf8"
)

// The documents sent to Elasticsearch are mostly Japanese text, and
// encoding/json decodes every rune of a string to escape it. The writers
// here make the same bytes as encoding/json at a fraction of the cost: one
// pass finds the longest run that is valid UTF-8 and needs no escape (a
// table lookup per byte, one per three-byte rune), the run is copied whole,
// and only what ends it is escaped. The stored release (jsonrelease.go) is
// written the same way, as json.Marshal's bytes already quoted as a
// string. TestJSONStringMatches, TestReleaseEncodingMatches and
// TestJSONEncodingMatches hold them to encoding/json.

// jsonMode is the escaping a string gets.
type jsonMode uint8

const (
	// noHTML is encoding/json's with SetEscapeHTML(false), as jsonBody sets
	// it: the document's fields.
	noHTML jsonMode = iota
	// withHTML is json.Marshal's: <, > and & are escaped too (\u003c,
	// \u003e, \u0026).
	withHTML
	// nested is json.Marshal's bytes written again as a JSON string with
	// noHTML, in one pass: the release stored in the document. Quotes
	// become \" and every escape's backslash is doubled.
	nested
)

// Kinds of byte, for plainPrefix.
const (
	kPlain  uint8 = iota // ASCII written as it is
	kEscape              // ASCII escaped
	kLead3               // E1, E3–EC, EE, EF: leads a three-byte rune that is never escaped and takes any two continuation bytes (most Japanese text)
	kOther               // every other byte from 0x80, checked by otherRune
)

// byteKinds[m] are the kinds of the bytes in mode m.
var byteKinds = func() (t [3][256]uint8) {
	for m := range t {
		for b := range 256 {
			switch {
			case b < 0x20, b == '"', b == '\\':
				t[m][b] = kEscape
			case b == '<' || b == '>' || b == '&':
				if jsonMode(m) != noHTML {
					t[m][b] = kEscape
				}
			case b == 0xE1, b >= 0xE3 && b <= 0xEC, b == 0xEE, b == 0xEF:
				t[m][b] = kLead3
			case b >= utf8.RuneSelf:
				t[m][b] = kOther
			}
		}
	}
	return t
}()

// plainPrefix returns the length of the longest prefix of s that is valid
// UTF-8 written as it is in a JSON string escaped as kinds (one of
// byteKinds) says.
func plainPrefix[T string | []byte](s T, kinds *[256]uint8) int {
	i, n := 0, len(s)
	for i < n {
		switch kinds[s[i]] {
		case kPlain:
			i++
		case kLead3:
			if i+2 >= n || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
				return i
			}
			i += 3
		case kEscape:
			return i
		default:
			size := otherRune(s[i:])
			if size == 0 {
				return i
			}
			i += size
		}
	}
	return n
}

// otherRune returns the length of the rune s starts with, a byte of kind
// kOther, or 0 when it is not valid UTF-8 or is U+2028 or U+2029, which
// encoding/json escapes.
func otherRune[T string | []byte](s T) int {
	b := s[0]
	cont := func(i int) bool { return i < len(s) && s[i]&0xC0 == 0x80 }
	switch {
	case b >= 0xC2 && b <= 0xDF:
		if cont(1) {
			return 2
		}
	case b == 0xE0:
		if cont(2) && s[1] >= 0xA0 {
			return 3
		}
	case b == 0xE2:
		if cont(1) && cont(2) && (s[1] != 0x80 || s[2] != 0xA8 && s[2] != 0xA9) {
			return 3
		}
	case b == 0xED:
		if cont(2) && s[1] >= 0x80 && s[1] <= 0x9F {
			return 3
		}
	case b >= 0xF0 && b <= 0xF4:
		lo, hi := byte(0x80), byte(0xBF)
		if b == 0xF0 {
			lo = 0x90
		} else if b == 0xF4 {
			hi = 0x8F
		}
		if cont(1) && cont(2) && cont(3) && s[1] >= lo && s[1] <= hi {
			return 4
		}
	}
	return 0
}

// scan is what scanString found in a string: where the bytes that some
// mode escapes are (ASCII and the starts of U+2028 and U+2029). The zero
// scan (ok unset: not scanned, or not valid UTF-8) has appendScanned use
// appendString.
type scan struct {
	at []int
	ok bool
}

// scanString scans s once for appendScanned, which then writes it in any
// mode without reading it again; the offsets are appended to buf.
func scanString(s string, buf []int) (scan, []int) {
	start := len(buf)
	kinds := &byteKinds[withHTML] // escapes a superset of noHTML's
	for i := 0; ; {
		i += plainPrefix(s[i:], kinds)
		switch {
		case i == len(s):
			return scan{at: buf[start:len(buf):len(buf)], ok: true}, buf
		case s[i] < utf8.RuneSelf:
			buf = append(buf, i)
			i++
		case s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			buf = append(buf, i)
			i += 3
		default:
			return scan{}, buf[:start]
		}
	}
}

const hexDigits = "0123456789abcdef"

// appendQuote opens or closes a string.
func appendQuote(dst []byte, m jsonMode) []byte {
	if m == nested {
		return append(dst, '\\', '"')
	}
	return append(dst, '"')
}

// appendBackslash starts an escape.
func appendBackslash(dst []byte, m jsonMode) []byte {
	if m == nested {
		return append(dst, '\\', '\\')
	}
	return append(dst, '\\')
}

// appendEscapedByte writes the escape of an ASCII byte of kind kEscape
// (in mode m).
func appendEscapedByte(dst []byte, b byte, m jsonMode) []byte {
	dst = appendBackslash(dst, m)
	switch b {
	case '\\', '"':
		if m == nested {
			dst = append(dst, '\\')
		}
		return append(dst, b)
	case '\b':
		return append(dst, 'b')
	case '\f':
		return append(dst, 'f')
	case '\n':
		return append(dst, 'n')
	case '\r':
		return append(dst, 'r')
	case '\t':
		return append(dst, 't')
	}
	return append(dst, 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
}

// appendJSONString appends s as a JSON string, as encoding/json does with
// SetEscapeHTML(false).
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	return appendString(dst, s, noHTML)
}

// appendString appends s as a JSON string escaped as m says: the plain
// runs are copied whole, and what ends one is escaped; from the first
// invalid UTF-8 on, appendStringSlow writes the rest.
func appendString[T string | []byte](dst []byte, s T, m jsonMode) []byte {
	kinds := &byteKinds[m]
	dst = appendQuote(dst, m)
	for {
		k := plainPrefix(s, kinds)
		dst = append(dst, s[:k]...)
		if k == len(s) {
			return appendQuote(dst, m)
		}
		b := s[k]
		switch {
		case b < utf8.RuneSelf:
			dst = appendEscapedByte(dst, b, m)
			s = s[k+1:]
		case b == 0xE2 && k+2 < len(s) && s[k+1] == 0x80 && (s[k+2] == 0xA8 || s[k+2] == 0xA9):
			dst = appendBackslash(dst, m)
			dst = append(dst, 'u', '2', '0', '2', hexDigits[s[k+2]&0xF])
			s = s[k+3:]
		default:
			dst = appendStringSlow(dst, string(s[k:]), m)
			return appendQuote(dst, m)
		}
	}
}

// appendScanned writes s, which sc says what scanString found in, as
// appendString does.
func appendScanned(dst []byte, s string, m jsonMode, sc scan) []byte {
	if !sc.ok {
		return appendString(dst, s, m)
	}
	kinds := &byteKinds[m]
	dst = appendQuote(dst, m)
	start := 0
	for _, i := range sc.at {
		b := s[i]
		if b < utf8.RuneSelf {
			if kinds[b] == kPlain { // <, > or & in noHTML
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, b, m)
			start = i + 1
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendBackslash(dst, m)
		dst = append(dst, 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
		start = i + 3
	}
	dst = append(dst, s[start:]...)
	return appendQuote(dst, m)
}

// appendStringSlow writes the inside of a JSON string (without its
// quotes) for s, which may be invalid UTF-8, as encoding/json does: each
// bad byte becomes \ufffd.
func appendStringSlow(dst []byte, s string, m jsonMode) []byte {
	kinds := &byteKinds[m]
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if kinds[b] == kPlain {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, b, m)
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = appendBackslash(dst, m)
			dst = append(dst, "ufffd"...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = appendBackslash(dst, m)
			dst = append(dst, 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// appendJSONTerms writes terms joined by spaces as one JSON string, as
// strings.Join would make it, without making it: the terms go in as they
// are, and only when one needs escaping is the string written again.
func appendJSONTerms(dst []byte, terms []string) []byte {
	start := len(dst)
	dst = append(dst, '"')
	for i, t := range terms {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, t...)
	}
	joined := dst[start+1:]
	if plainPrefix(joined, &byteKinds[noHTML]) == len(joined) {
		return append(dst, '"')
	}
	return appendJSONString(dst[:start], string(joined))
}

// appendJSONOfJSON writes JSON that encoding/json made (valid UTF-8, with
// control characters, U+2028 and U+2029 escaped already) as a JSON string:
// only its quotes and backslashes need escaping.
func appendJSONOfJSON(dst, src []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i, c := range src {
		if c == '"' || c == '\\' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', c)
			start = i + 1
		}
	}
	dst = append(dst, src[start:]...)
	return append(dst, '"')
}

// appendStrings writes a list of strings; nil is null, as encoding/json
// writes a nil slice.
func appendStrings(dst []byte, list []string, m jsonMode) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s, m)
	}
	return append(dst, ']')
}

// appendKey writes an object's key k (plain ASCII) and its colon, after a
// comma unless it is the object's first.
func appendKey(dst []byte, k string, m jsonMode) []byte {
	if dst[len(dst)-1] != '{' {
		dst = append(dst, ',')
	}
	dst = appendQuote(dst, m)
	dst = append(dst, k...)
	dst = appendQuote(dst, m)
	return append(dst, ':')
}

package elastic

import (
	"slices"
	"unicode/utf8"
)

// The documents sent to Elasticsearch are mostly Japanese text, and
// encoding/json decodes every rune of a string to escape it. appendDoc and
// appendJSONString write the same bytes as encoding/json (with HTML
// escaping off, as jsonBody sets it) at a fraction of the cost: they check
// a string is valid UTF-8 once and then copy it byte by byte, escaping only
// what JSON and encoding/json escape. TestJSONEncodingMatches holds them to
// encoding/json.

// appendJSONString appends s as a JSON string, as encoding/json does with
// SetEscapeHTML(false).
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	if !valid(s) {
		return appendJSONStringSlow(dst, string(s))
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			// U+2028 and U+2029 (E2 80 A8, E2 80 A9) are escaped.
			if b == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 2
				start = i + 1
			}
			continue
		}
		if b >= 0x20 && b != '"' && b != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscapedByte(dst, b)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func valid[T string | []byte](s T) bool {
	switch s := any(s).(type) {
	case string:
		return utf8.ValidString(s)
	case []byte:
		return utf8.Valid(s)
	}
	return false
}

const hexDigits = "0123456789abcdef"

func appendEscapedByte(dst []byte, b byte) []byte {
	switch b {
	case '\\', '"':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
}

// appendJSONStringSlow handles invalid UTF-8 as encoding/json does: each
// bad byte becomes \ufffd.
func appendJSONStringSlow(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, b)
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
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
	if plainJSON(joined) {
		return append(dst, '"')
	}
	return appendJSONString(dst[:start], string(joined))
}

// plainJSON reports whether b is valid UTF-8 that JSON takes as it is.
func plainJSON(b []byte) bool {
	for i, c := range b {
		if c < 0x20 || c == '"' || c == '\\' || c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
			return false
		}
	}
	return utf8.Valid(b)
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

func appendJSONStrings(dst []byte, list []string) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

// appendFlatMap writes a map of strings and string lists with its keys
// sorted, as encoding/json does.
func appendFlatMap(dst []byte, m map[string]any) ([]byte, bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		switch v := m[k].(type) {
		case string:
			dst = appendJSONString(dst, v)
		case []string:
			dst = appendJSONStrings(dst, v)
		default:
			return dst, false
		}
	}
	return append(dst, '}'), true
}

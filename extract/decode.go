package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Sentinel errors for input that holds no release. Callers branch on them
// with errors.Is; the wrapping error says which file and what to do.
var (
	ErrEmpty     = errors.New("empty input")
	ErrBinary    = errors.New("binary content, not HTML or text")
	ErrTruncated = errors.New("truncated HTML")
	ErrNoRelease = errors.New("no release text found")
)

// Decoded is raw input turned into UTF-8 text.
type Decoded struct {
	Text string
	// Charset is the encoding the bytes were read in ("utf-8", "shift_jis",
	// "euc-jp", …) and How says where that came from.
	Charset string
	How     string // "bom", "header", "meta", "detected"
}

// Decode turns raw page bytes into UTF-8. The charset comes from a BOM, the
// Content-Type header (contentType may be ""), a <meta> declaration, or —
// for undeclared pages, which are common on Japanese sites — detection among
// UTF-8, Shift_JIS and EUC-JP. A declaration that the bytes contradict
// (a page saying Shift_JIS while being valid UTF-8) loses to the bytes.
func Decode(raw []byte, contentType string) (Decoded, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return Decoded{}, ErrEmpty
	}
	if i := binaryAt(raw); i >= 0 {
		return Decoded{}, fmt.Errorf("%w: control byte 0x%02x at offset %d", ErrBinary, raw[i], i)
	}
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	how := "meta"
	switch {
	case certain && hasBOM(raw):
		how = "bom"
	case certain:
		how = "header"
	case name == "windows-1252" || name == "utf-8":
		// DetermineEncoding's guesses: no declaration was found, and it
		// looked at 1 KiB only. Decide from the whole input.
		return detect(raw)
	}
	text, bad, err := decodeWith(enc, raw)
	if err != nil || bad > 0 {
		// A wrong declaration is more common than broken bytes: try the
		// candidates and keep the declared one only if nothing decodes cleaner.
		if d, derr := detect(raw); derr == nil && d.bad() < bad {
			return d, nil
		}
	}
	if err != nil {
		return Decoded{}, fmt.Errorf("decode as %s: %w", name, err)
	}
	return Decoded{Text: text, Charset: canonicalCharset(name), How: how}, nil
}

func (d Decoded) bad() int { return strings.Count(d.Text, "\uFFFD") }

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}

// binaryAt returns the offset of the first byte that no text file of ours
// contains (NUL and most C0 controls), or -1. UTF-16 is recognised by its BOM
// before this check would misfire on its zero bytes.
func binaryAt(b []byte) int {
	if hasBOM(b) && !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		return -1
	}
	n := min(len(b), 64<<10)
	for i, c := range b[:n] {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			return i
		}
	}
	return -1
}

func decodeWith(enc encoding.Encoding, raw []byte) (string, int, error) {
	if enc == encoding.Nop {
		if utf8.Valid(raw) {
			return string(raw), 0, nil
		}
		s := strings.ToValidUTF8(string(raw), "\uFFFD")
		return s, strings.Count(s, "\uFFFD"), nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", 0, err
	}
	s := strings.TrimPrefix(string(out), "\uFEFF")
	return s, strings.Count(s, "\uFFFD"), nil
}

// detect picks among UTF-8, Shift_JIS and EUC-JP by how Japanese the result
// reads: wrong guesses produce replacement characters or runs of half-width
// katakana (EUC-JP read as Shift_JIS) instead of hiragana and kanji.
func detect(raw []byte) (Decoded, error) {
	if utf8.Valid(raw) {
		return Decoded{Text: strings.TrimPrefix(string(raw), "\uFEFF"), Charset: "utf-8", How: "detected"}, nil
	}
	type cand struct {
		name string
		enc  encoding.Encoding
	}
	var best Decoded
	bestScore := 0
	found := false
	for _, c := range []cand{{"shift_jis", japanese.ShiftJIS}, {"euc-jp", japanese.EUCJP}, {"utf-8", encoding.Nop}} {
		text, _, err := decodeWith(c.enc, raw)
		if err != nil {
			continue
		}
		if s := japaneseScore(text); !found || s > bestScore {
			best, bestScore, found = Decoded{Text: text, Charset: c.name, How: "detected"}, s, true
		}
	}
	if !found {
		return Decoded{}, fmt.Errorf("%w: no charset decodes it", ErrBinary)
	}
	return best, nil
}

func japaneseScore(s string) int {
	score := 0
	for _, r := range s {
		switch {
		case r == '\uFFFD':
			score -= 10
		case r >= 0x3041 && r <= 0x309F: // hiragana: every Japanese sentence has it
			score += 3
		case r >= 0x30A0 && r <= 0x30FF, r >= 0x4E00 && r <= 0x9FFF:
			score++
		case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana: rare in real text
			score -= 3
		case r >= 0x80 && r < 0x3000:
			score--
		}
	}
	return score
}

func canonicalCharset(name string) string {
	switch strings.ToLower(name) {
	case "shift_jis", "shift-jis", "sjis", "windows-31j", "cp932", "x-sjis":
		return "shift_jis"
	case "euc-jp", "x-euc-jp":
		return "euc-jp"
	case "utf-8", "utf8":
		return "utf-8"
	}
	return strings.ToLower(name)
}

package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// line is one block's normalized text with its Kagome tokens, offsets
// relative to text. The extractors read lines; the index terms come from the
// same tokens, so each release is tokenized once.
type line struct {
	b    *block
	idx  int // position in the page's blocks
	text string
	toks []ja.Token
	// nameRuns and parenthesis depths of the line, computed once
	runs     []nameRun
	runsOK   bool
	parens   []parenDepth
	parensOK bool
	facts    []runFact // scanOrgs's, computed once
	factsOK  bool
	quotes   []parenDepth // for insideParenAt
	quotesOK bool
}

// analyzeLines normalizes and tokenizes every block, each once. A block is
// one line: newlines inside cells become spaces. The tokens of all lines
// share one backing array, which it returns too, for putTokens.
func (x *Extractor) analyzeLines(blocks []block) ([]line, []ja.Token) {
	lines := make([]line, len(blocks))
	size := 0
	for i := range blocks {
		size += len(blocks[i].text)
	}
	toks := x.getTokens(size / 5)
	for i := range blocks {
		t := blocks[i].text
		if strings.Contains(t, "\n") {
			t = strings.ReplaceAll(t, "\n", " ")
		}
		t = ja.Normalize(t)
		l := line{b: &blocks[i], idx: i, text: t}
		lo := len(toks)
		toks = x.an.AppendTokens(toks, t)
		if len(toks) > lo {
			l.toks = toks[lo:len(toks):len(toks)]
		}
		lines[i] = l
	}
	return lines, toks
}

func (x *Extractor) getTokens(capacity int) []ja.Token {
	if p, ok := x.tokens.Get().(*[]ja.Token); ok && cap(*p) >= capacity {
		return (*p)[:0]
	}
	return make([]ja.Token, 0, capacity)
}

// putTokens gives back an array from getTokens once nothing refers to it.
func (x *Extractor) putTokens(toks []ja.Token) {
	if cap(toks) == 0 || cap(toks) > 1<<16 {
		return
	}
	clear(toks[:cap(toks)]) // let the pages' strings go
	toks = toks[:0]
	x.tokens.Put(&toks)
}

// tokenAt returns the index of the token starting at byte offset off, or -1.
func (l *line) tokenAt(off int) int {
	for i, t := range l.toks {
		if t.Start == off {
			return i
		}
		if t.Start > off {
			break
		}
	}
	return -1
}

// sentence is a span of a line ending in 。 (or the line's end).
type sentence struct {
	l          *line
	start, end int
}

func (s sentence) text() string { return s.l.text[s.start:s.end] }

func sentences(l *line) []sentence {
	var out []sentence
	start := 0
	depth := 0
	for i, r := range l.text {
		switch r {
		case '「', '(', '『', '【':
			depth++
		case '」', ')', '』', '】':
			if depth > 0 {
				depth--
			}
		case '。', '!', '?':
			if depth == 0 {
				out = append(out, sentence{l, start, i + utf8.RuneLen(r)})
				start = i + utf8.RuneLen(r)
			}
		}
	}
	if start < len(l.text) && strings.TrimSpace(l.text[start:]) != "" {
		out = append(out, sentence{l, start, len(l.text)})
	}
	return out
}

// matchParen returns the offset just past the parenthesis closing the one at
// s[open], or -1.
func matchParen(s string, open int) int {
	depth := 0
	for i, r := range s[open:] {
		switch r {
		case '(', '「', '『':
			depth++
		case ')', '」', '』':
			depth--
			if depth == 0 {
				return open + i + utf8.RuneLen(r)
			}
		}
	}
	return -1
}

// splitTop splits s at the separators outside parentheses and quotes.
func splitTop(s string, seps ...string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '(', '「', '『', '【', '[':
			depth++
		case ')', '」', '』', '】', ']':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 {
			matched := false
			for _, sep := range seps {
				if strings.HasPrefix(s[i:], sep) {
					out = append(out, s[start:i])
					i += len(sep)
					start = i
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		i += n
	}
	return append(out, s[start:])
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) || r == '々' || r == 'ヶ' || r == '〆' }

func isKatakana(r rune) bool { return (r >= 0x30A1 && r <= 0x30FA) || r == 'ー' || r == '・' }

func isHiragana(r rune) bool { return r >= 0x3041 && r <= 0x309F }

func trimSpace(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// removeSpaces drops all whitespace, for comparisons that ignore layout.
func removeSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cleanItem takes what a list gives and returns the agreed item as the
// schema wants it: no bullet, no numbering, no trailing 等 or full stop.
func cleanItem(s string) string {
	s = trimSpace(s)
	if _, rest := splitMarker(s); rest != "" {
		s = rest
	}
	// ■体験型観光コンテンツの共同造成: a matter's heading keeps its mark,
	// which only headings take (splitMarker leaves it).
	if h, ok := headingText(s); ok {
		s = h
	}
	for {
		t := strings.TrimRight(s, "。. 　")
		if strings.HasSuffix(t, "等") && !wordWithTou(t) {
			t = strings.TrimRight(strings.TrimSuffix(t, "等"), " 　")
		}
		if t == s {
			break
		}
		s = t
	}
	return s
}

// wordWithTou reports whether s ends in a word whose 等 is part of it (平等,
// 対等), not the "etc." that closes a list item.
func wordWithTou(s string) bool {
	for _, w := range []string{"平等", "対等", "均等", "同等", "高等", "上等", "優等", "初等", "中等", "劣等", "一等", "二等"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// normalizeWidth folds full-width Latin letters, digits and punctuation to
// ASCII, as NFKC does, for cells read outside the analysed lines.
func normalizeWidth(s string) string { return ja.Normalize(s) }

// runesAtMost reports whether s has at most n runes, without counting the
// runes of a long paragraph to learn that it is not short: a rune takes one
// to four bytes, valid or not.
func runesAtMost(s string, n int) bool {
	switch {
	case len(s) <= n:
		return true
	case len(s) > n*utf8.UTFMax:
		return false
	}
	return utf8.RuneCountInString(s) <= n
}

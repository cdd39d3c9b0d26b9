package ja

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/unicode/norm"
)

// Analyzer tokenizes Japanese text with Kagome and derives index terms.
// It is safe for concurrent use.
type Analyzer struct {
	tok *tokenizer.Tokenizer
}

// New returns an Analyzer over tok, which should be built once per process
// (tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())) and shared.
func New(tok *tokenizer.Tokenizer) *Analyzer {
	return &Analyzer{tok: tok}
}

// Class is the coarse part of speech pressroom cares about.
type Class int

const (
	Noun Class = iota + 1
	ProperNoun
	Verb
	Adjective
	Particle // 助詞 and 助動詞: grammar, never a term
	Symbol   // 記号, punctuation, whitespace
	Other
)

var classNames = [...]string{"", "noun", "proper_noun", "verb", "adjective", "particle", "symbol", "other"}

func (c Class) String() string {
	if c < Noun || int(c) >= len(classNames) {
		return "unknown"
	}
	return classNames[c]
}

// Token is one morpheme of normalized text.
type Token struct {
	Surface string
	// Term is the normalized index term (lower-cased NFKC base form), or ""
	// when the token carries no meaning for search (particles, symbols).
	Term string
	// Start and End are byte offsets into the normalized text the token came
	// from (see Analysis.Text).
	Start, End int
	Class      Class
	// POS is Kagome's main part of speech (名詞, 助詞, 接続詞 …).
	POS string
	// Sub is Kagome's POS subcategory chain below the main category, for
	// example ["固有名詞", "人名", "姓"] or ["接尾", "地域"].
	Sub []string
}

// Is reports whether the token's POS subcategories start with sub.
func (t Token) Is(sub ...string) bool {
	if len(sub) > len(t.Sub) {
		return false
	}
	for i, s := range sub {
		if t.Sub[i] != s {
			return false
		}
	}
	return true
}

// Normalize returns the NFKC form pressroom analyses: full-width Latin and
// digits become half-width, half-width katakana full-width.
func Normalize(s string) string {
	return norm.NFKC.String(s)
}

// Analysis is the result of analysing one text.
type Analysis struct {
	Text   string // NFKC-normalized input the offsets refer to
	Tokens []Token
}

// Terms returns the analysis's index terms in text order.
func (a Analysis) Terms() []string {
	terms := make([]string, 0, len(a.Tokens))
	for _, t := range a.Tokens {
		if t.Term != "" {
			terms = append(terms, t.Term)
		}
	}
	return terms
}

// Analyze normalizes text and tokenizes it line by line: Kagome's lattice is
// cheaper on short inputs, and no morpheme spans a line break.
func (a *Analyzer) Analyze(text string) Analysis {
	nt := Normalize(text)
	out := Analysis{Text: nt, Tokens: make([]Token, 0, utf8.RuneCountInString(nt)/2)}
	for off := 0; off < len(nt); {
		end := strings.IndexByte(nt[off:], '\n')
		if end < 0 {
			end = len(nt)
		} else {
			end += off
		}
		if line := nt[off:end]; strings.TrimSpace(line) != "" {
			out.Tokens = a.appendTokens(out.Tokens, line, off)
		}
		off = end + 1
	}
	return out
}

// Terms is a shortcut for Analyze(text).Terms().
func (a *Analyzer) Terms(text string) []string {
	return a.Analyze(text).Terms()
}

func (a *Analyzer) appendTokens(dst []Token, line string, base int) []Token {
	for _, kt := range a.tok.Tokenize(line) {
		if kt.Class == tokenizer.DUMMY || kt.Surface == "" {
			continue
		}
		pos := kt.POS()
		t := Token{
			Surface: kt.Surface,
			Start:   base + kt.Position,
			End:     base + kt.Position + len(kt.Surface),
			Class:   classify(pos, kt.Surface),
		}
		if len(pos) > 0 {
			t.POS = pos[0]
		}
		if len(pos) > 1 {
			t.Sub = trimStars(pos[1:])
		}
		if t.Class == ProperNoun || t.Class == Noun || t.Class == Verb || t.Class == Adjective || t.Class == Other {
			t.Term = term(kt)
		}
		dst = append(dst, t)
	}
	return dst
}

func trimStars(p []string) []string {
	n := len(p)
	for n > 0 && p[n-1] == "*" {
		n--
	}
	return p[:n:n]
}

func classify(pos []string, surface string) Class {
	if !hasWordRune(surface) {
		return Symbol
	}
	if len(pos) == 0 {
		return Other
	}
	switch pos[0] {
	case "名詞":
		if len(pos) > 1 && pos[1] == "固有名詞" {
			return ProperNoun
		}
		return Noun
	case "動詞":
		return Verb
	case "形容詞":
		return Adjective
	case "助詞", "助動詞":
		return Particle
	case "記号", "フィラー":
		return Symbol
	}
	return Other
}

// hasWordRune is false for tokens made only of punctuation and spaces, which
// Kagome sometimes labels as nouns when it does not know them ("(" or ":").
func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func term(kt tokenizer.Token) string {
	s := kt.Surface
	if b, ok := kt.BaseForm(); ok && b != "" && b != "*" {
		s = b
	}
	return strings.ToLower(Normalize(s))
}

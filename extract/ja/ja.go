package ja

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/unicode/norm"
)

// Analyzer tokenizes Japanese text with Kagome and derives index terms.
// It is safe for concurrent use.
type Analyzer struct {
	// tok reads the features of entries not yet in the caches; everything
	// else goes through vit, our search of Kagome's lattice (appendTokens).
	tok *tokenizer.Tokenizer
	// What a token's part of speech and term are depends only on its
	// dictionary entry (its class and ID), so it is worked out once per
	// entry and shared: reading Kagome's features allocates, and the base
	// form needs normalizing.
	known, unknown morphCache
	// vit walks the lattice; paths holds its per-line arrays (*paths).
	vit   *viterbi
	paths sync.Pool
}

// New returns an Analyzer over the dictionary d, normally ipa.Dict(): load
// it once per process and share the Analyzer.
func New(d *dict.Dict) (*Analyzer, error) {
	tok, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("kagome tokenizer: %w", err)
	}
	vit, err := newViterbi(d)
	if err != nil {
		return nil, err
	}
	return &Analyzer{tok: tok, vit: vit}, nil
}

// morph is what the analyser needs of one dictionary entry.
type morph struct {
	pos   string
	sub   []string // shared by every token of the entry: read only
	class Class    // for a surface with a word rune; Symbol otherwise
	// Known entries only: their surface is fixed, so the symbol check and
	// the term are too.
	symbol bool
	term   string
}

// morphCache maps entry IDs to morphs: a two-level table whose chunks are
// allocated when first used, read without locks. IDs past its range (no
// dictionary pressroom ships has that many) are not cached.
type morphCache struct {
	chunks [morphChunks]atomic.Pointer[[morphChunkSize]atomic.Pointer[morph]]
}

const (
	morphChunkSize = 1024
	morphChunks    = 4096 // 4M entries; IPA has 392,126, UniDic 876,803
)

func (c *morphCache) get(id int) *morph {
	if id < 0 || id >= morphChunks*morphChunkSize {
		return nil
	}
	ch := c.chunks[id/morphChunkSize].Load()
	if ch == nil {
		return nil
	}
	return ch[id%morphChunkSize].Load()
}

func (c *morphCache) put(id int, m *morph) {
	if id < 0 || id >= morphChunks*morphChunkSize {
		return
	}
	slot := &c.chunks[id/morphChunkSize]
	ch := slot.Load()
	if ch == nil {
		ch = new([morphChunkSize]atomic.Pointer[morph])
		if !slot.CompareAndSwap(nil, ch) {
			ch = slot.Load()
		}
	}
	ch[id%morphChunkSize].Store(m)
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
	if stableNFKC(s) {
		return s
	}
	return norm.NFKC.String(s)
}

// stableNFKC reports whether s is made only of runes that NFKC leaves as
// they are whatever stands around them: printable ASCII, kana, CJK
// ideographs and the common Japanese punctuation. Most lines of Japanese
// text are, and checking that is much faster than the norm package's own
// quick check. (TestStableNFKC checks every rune of these ranges.)
func stableNFKC(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !stableRune(r) {
			return false
		}
		i += n
	}
	return true
}

// Stable reports whether NFKC leaves r as it is whatever stands around it
// (kana, CJK ideographs, common Japanese punctuation; printable ASCII is
// too, and not reported here). Such runes also have no case.
func Stable(r rune) bool { return stableRune(r) }

// stableRune: see stableNFKC.
func stableRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs
		return true
	case r >= 0x3041 && r <= 0x3096: // hiragana
		return true
	case r >= 0x30A1 && r <= 0x30FE: // katakana, ・, ー, ヽ, ヾ
		return true
	case r >= 0x3001 && r <= 0x3007, r >= 0x3008 && r <= 0x3011: // 、。〃〄々〆〇 〈〉《》「」『』【】
		return true
	case r >= 0x3400 && r <= 0x4DBF: // CJK extension A
		return true
	}
	return false
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

// AppendTokens tokenizes line, text already normalized with Normalize and
// holding no newline, and appends its tokens to dst with offsets into line.
// Analyze is AppendTokens over each line of Normalize(text); callers that
// keep their text in lines call it directly and skip a copy.
func (a *Analyzer) AppendTokens(dst []Token, line string) []Token {
	if strings.TrimSpace(line) == "" {
		return dst
	}
	return a.appendTokens(dst, line, 0)
}

// Terms is a shortcut for Analyze(text).Terms().
func (a *Analyzer) Terms(text string) []string {
	return a.Analyze(text).Terms()
}

// appendTokens is Kagome's Tokenize (Normal mode, no BOS/EOS) without its
// token slice (a quarter of what an extraction allocated) or its lattice
// (see viterbi). A line with an entry whose facts are not cached
// yet goes through Tokenize once, which caches them.
func (a *Analyzer) appendTokens(dst []Token, line string, base int) []Token {
	if out, ok := a.fastTokens(dst, line, base); ok {
		return out
	}
	return a.slowTokens(dst, line, base)
}

// fastTokens appends line's tokens from the best path and the caches, or
// reports false (dst unchanged) when an entry is not cached.
// TestFastMatchesSlow holds it to slowTokens.
func (a *Analyzer) fastTokens(dst []Token, line string, base int) ([]Token, bool) {
	w, _ := a.paths.Get().(*paths)
	if w == nil {
		w = new(paths)
	}
	defer a.paths.Put(w)
	a.vit.run(w, line)
	n0 := len(dst)
	for i := len(w.best) - 1; i >= 0; i-- {
		n := &w.nodes[w.best[i]]
		class := tokenizer.TokenClass(n.class)
		if class == tokenizer.DUMMY || n.pos == n.epos {
			continue
		}
		m := a.cached(class, int(n.id))
		if m == nil {
			return dst[:n0], false
		}
		dst = append(dst, a.token(m, class, line[n.pos:n.epos], base+int(n.pos)))
	}
	return dst, true
}

// slowTokens is appendTokens through Tokenize, for lines with entries the
// caches do not hold yet.
func (a *Analyzer) slowTokens(dst []Token, line string, base int) []Token {
	for _, kt := range a.tok.Tokenize(line) {
		if kt.Class == tokenizer.DUMMY || kt.Surface == "" {
			continue
		}
		t := a.token(a.morphOf(kt), kt.Class, kt.Surface, base+kt.Position)
		if kt.Class != tokenizer.KNOWN && t.Term != "" {
			t.Term = term(kt)
		}
		dst = append(dst, t)
	}
	return dst
}

// token builds a Token from its entry's facts.
func (a *Analyzer) token(m *morph, class tokenizer.TokenClass, surface string, start int) Token {
	t := Token{
		Surface: surface,
		Start:   start,
		End:     start + len(surface),
		POS:     m.pos,
		Sub:     m.sub,
		Class:   m.class,
	}
	if class == tokenizer.KNOWN {
		t.Term = m.term
		if m.symbol {
			t.Class = Symbol
		}
		return t
	}
	if !hasWordRune(surface) {
		t.Class = Symbol
	}
	if hasTerm(t.Class) {
		// Unknown entries have no base form (morphOf caches only those):
		// the term is the surface's.
		t.Term = strings.ToLower(Normalize(surface))
	}
	return t
}

// cached returns the facts of the entry (class, id), or nil when they are
// not cached yet.
func (a *Analyzer) cached(class tokenizer.TokenClass, id int) *morph {
	switch class {
	case tokenizer.KNOWN:
		return a.known.get(id)
	case tokenizer.UNKNOWN:
		return a.unknown.get(id)
	}
	return nil
}

// morphOf returns the cached facts of kt's dictionary entry.
func (a *Analyzer) morphOf(kt tokenizer.Token) *morph {
	var c *morphCache
	switch kt.Class {
	case tokenizer.KNOWN:
		c = &a.known
	case tokenizer.UNKNOWN:
		c = &a.unknown
	}
	if c != nil {
		if m := c.get(kt.ID); m != nil {
			return m
		}
	}
	pos := kt.POS()
	m := &morph{class: classify(pos, "x")}
	if len(pos) > 0 {
		m.pos = pos[0]
	}
	if len(pos) > 1 {
		m.sub = trimStars(pos[1:])
	}
	if kt.Class == tokenizer.KNOWN {
		m.symbol = !hasWordRune(kt.Surface)
		if !m.symbol && hasTerm(m.class) {
			m.term = term(kt)
		}
	} else if b, ok := kt.BaseForm(); ok && b != "" && b != "*" {
		// An unknown entry with a base form (no IPA one has): its term is
		// not the surface's, so appendTokens must not take it from the
		// cache.
		c = nil
	}
	if c != nil {
		c.put(kt.ID, m)
	}
	return m
}

// hasTerm: the classes that carry meaning for search.
func hasTerm(c Class) bool {
	return c == ProperNoun || c == Noun || c == Verb || c == Adjective || c == Other
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

package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The extractors run their patterns over every line of every page. Most
// lines cannot match most patterns, and Go's regexp engine is slow on
// unanchored alternations (it tries each one at every position), so the
// hot patterns are wrapped here: each wrapper gives exactly the regexp's
// answers (extract's tests compare them on every fixture), only faster.

// guardedRE is a regexp that can only match text for which possible is
// true (for instance, text containing one of its literal words): checking
// that first skips the regexp engine on the many lines that cannot match.
type guardedRE struct {
	re       *regexp.Regexp
	possible func(string) bool
}

// guarded wraps expr, every match of which contains one of words.
func guarded(expr string, words ...string) *guardedRE {
	return &guardedRE{re: regexp.MustCompile(expr), possible: func(s string) bool { return containsAny(s, words...) }}
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func (g *guardedRE) MatchString(s string) bool {
	return g.possible(s) && g.re.MatchString(s)
}

func (g *guardedRE) FindString(s string) string {
	if !g.possible(s) {
		return ""
	}
	return g.re.FindString(s)
}

func (g *guardedRE) FindStringSubmatch(s string) []string {
	if !g.possible(s) {
		return nil
	}
	return g.re.FindStringSubmatch(s)
}

func (g *guardedRE) FindStringSubmatchIndex(s string) []int {
	if !g.possible(s) {
		return nil
	}
	return g.re.FindStringSubmatchIndex(s)
}

// startsWithRune returns a guard for patterns anchored at the start whose
// first character (after \s*, with skipSpace) is one of runes.
func startsWithRune(runes string, skipSpace bool) func(string) bool {
	set := &runeSet{}
	for _, r := range runes {
		set.add(r)
	}
	return func(s string) bool {
		if skipSpace {
			s = strings.TrimLeft(s, " \t\n\f\r") // the regexp's \s
		}
		r, _ := utf8.DecodeRuneInString(s)
		return set.has(r)
	}
}

func (g *guardedRE) ReplaceAllString(s, repl string) string {
	if !g.possible(s) {
		return s
	}
	return g.re.ReplaceAllString(s, repl)
}

func (g *guardedRE) FindAllStringIndex(s string, n int) [][]int {
	if !g.possible(s) {
		return nil
	}
	return g.re.FindAllStringIndex(s, n)
}

// literals matches a list of words as the regexp w1|w2|… does, without the
// regexp engine: the leftmost match, and at one position the word listed
// first. Words must be non-empty.
type literals struct {
	words  []string
	byRune map[rune][]string // words by first rune, in list order
	first  runeSet
}

func newLiterals(words ...string) *literals {
	l := &literals{words: words, byRune: map[rune][]string{}}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		l.byRune[r] = append(l.byRune[r], w)
		l.first.add(r)
	}
	return l
}

// next returns the first match in s at or after byte from, or -1, -1.
func (l *literals) next(s string, from int) (start, end int) {
	for i := from; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if l.first.has(r) {
			for _, w := range l.byRune[r] {
				if strings.HasPrefix(s[i:], w) {
					return i, i + len(w)
				}
			}
		}
		i += n
	}
	return -1, -1
}

func (l *literals) MatchString(s string) bool {
	start, _ := l.next(s, 0)
	return start >= 0
}

func (l *literals) FindString(s string) string {
	start, end := l.next(s, 0)
	if start < 0 {
		return ""
	}
	return s[start:end]
}

func (l *literals) FindStringIndex(s string) []int {
	start, end := l.next(s, 0)
	if start < 0 {
		return nil
	}
	return []int{start, end}
}

func (l *literals) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		start, end := l.next(s, from)
		if start < 0 {
			break
		}
		out = append(out, []int{start, end})
		from = end
	}
	return out
}

// classWords matches `(?i)(^|[-_\s])(w1|w2|…)([-_\s]|$)`: one of the words
// standing alone among class and id words. ASCII input (all class names in
// practice) is matched by hand; anything else goes to the regexp, whose
// case folding knows Unicode (K and the Kelvin sign).
type classWords struct {
	re    *regexp.Regexp
	words []string
}

func newClassWords(words ...string) *classWords {
	return &classWords{
		re:    regexp.MustCompile(`(?i)(^|[-_\s])(` + strings.Join(words, "|") + `)([-_\s]|$)`),
		words: words,
	}
}

func classSep(c byte) bool {
	switch c {
	case '-', '_', ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (c *classWords) MatchString(s string) bool {
	if !isASCII(s) {
		return c.re.MatchString(s)
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && !classSep(s[i-1]) {
			continue
		}
		for _, w := range c.words {
			if end := i + len(w); end <= len(s) && strings.EqualFold(s[i:end], w) && (end == len(s) || classSep(s[end])) {
				return true
			}
		}
	}
	return false
}

// foldWords matches `(?i)(w1|w2|…)`: one of the words anywhere, in any
// case. Like classWords, it leaves non-ASCII input to the regexp.
type foldWords struct {
	re    *regexp.Regexp
	words []string // lower case
}

func newFoldWords(words ...string) *foldWords {
	return &foldWords{re: regexp.MustCompile(`(?i)(` + strings.Join(words, "|") + `)`), words: words}
}

func (f *foldWords) MatchString(s string) bool {
	if !isASCII(s) {
		return f.re.MatchString(s)
	}
	return containsAny(strings.ToLower(s), f.words...)
}

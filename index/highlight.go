package index

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// Highlight returns up to n fragments of text, each about width characters,
// around the places the query's words occur, HTML-escaped, with the words in
// <mark>. Matching ignores width and case (ＬＩＮＫ matches link), so it
// agrees with the analysis that found the release. Both backends highlight
// with it, so analysts see the same snippets from either.
func Highlight(text string, tq TextQuery, width, n int) []string {
	if text == "" || n <= 0 {
		return nil
	}
	runes := []rune(text)
	// Normalized text with, for every byte of it, the original rune index.
	var ns strings.Builder
	var owner []int
	ns.Grow(len(text))
	owner = make([]int, 0, len(text))
	for i, r := range runes {
		n := ns.Len()
		switch {
		case r >= 'A' && r <= 'Z':
			ns.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			ns.WriteByte(byte(r))
		case ja.Stable(r): // as NFKC and lower-casing leave it
			ns.WriteRune(r)
		default:
			ns.WriteString(strings.ToLower(ja.Normalize(string(r))))
		}
		for range ns.Len() - n {
			owner = append(owner, i)
		}
	}
	norm := ns.String()
	marked := make([]bool, len(runes))
	any := false
	for _, needle := range needles(tq) {
		for from := 0; ; {
			k := strings.Index(norm[from:], needle)
			if k < 0 {
				break
			}
			start := owner[from+k]
			end := owner[from+k+len(needle)-1]
			for i := start; i <= end; i++ {
				marked[i] = true
			}
			any = true
			from += k + len(needle)
		}
	}
	if !any {
		return nil
	}
	return fragments(runes, marked, width, n)
}

// needles are the strings to mark, longest first: each chunk as typed, and
// its words of two or more characters (one-character words only when the
// chunk is one character: 市 alone would mark every city).
func needles(tq TextQuery) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		s = strings.ToLower(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range tq.Chunks {
		add(c.Text)
		if c.Phrase {
			continue
		}
		for _, s := range c.Surfaces {
			if utf8.RuneCountInString(s) >= 2 || utf8.RuneCountInString(c.Text) == 1 {
				add(s)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// fragments picks the windows with the most marked runes, in text order.
func fragments(runes []rune, marked []bool, width, n int) []string {
	if width <= 0 {
		width = 120
	}
	type window struct{ start, end, score int }
	var wins []window
	for i := 0; i < len(runes); i++ {
		if !marked[i] || (i > 0 && marked[i-1]) {
			continue
		}
		start := max(0, i-width/4)
		if len(runes) <= width {
			start = 0 // the whole text fits: show it from its start (titles)
		}
		// Start after a sentence end when one is near.
		for k := i - 1; k > start; k-- {
			if runes[k] == '。' || runes[k] == '\n' {
				start = k + 1
				break
			}
		}
		end := min(len(runes), start+width)
		score := 0
		for k := start; k < end; k++ {
			if marked[k] && (k == start || !marked[k-1]) {
				score++
			}
		}
		wins = append(wins, window{start, end, score})
	}
	sort.SliceStable(wins, func(i, j int) bool { return wins[i].score > wins[j].score })
	var picked []window
	for _, w := range wins {
		overlap := false
		for _, p := range picked {
			if w.start < p.end && w.end > p.start {
				overlap = true
				break
			}
		}
		if !overlap {
			picked = append(picked, w)
		}
		if len(picked) == n {
			break
		}
	}
	sort.Slice(picked, func(i, j int) bool { return picked[i].start < picked[j].start })
	out := make([]string, 0, len(picked))
	for _, w := range picked {
		var sb strings.Builder
		if w.start > 0 {
			sb.WriteString("…")
		}
		in := false
		for k := w.start; k < w.end; k++ {
			if marked[k] != in {
				if marked[k] {
					sb.WriteString("<mark>")
				} else {
					sb.WriteString("</mark>")
				}
				in = marked[k]
			}
			r := runes[k]
			if r == '\n' {
				r = ' '
			}
			sb.WriteString(html.EscapeString(string(r)))
		}
		if in {
			sb.WriteString("</mark>")
		}
		if w.end < len(runes) {
			sb.WriteString("…")
		}
		out = append(out, strings.Join(strings.Fields(sb.String()), " "))
	}
	return out
}

// HighlightHit fills a hit's highlights for the title and the body.
func HighlightHit(h *Hit, tq TextQuery) {
	if h.Release == nil || tq.Empty() {
		return
	}
	h.Highlights = map[string][]string{}
	if t := Highlight(h.Release.Title, tq, utf8.RuneCountInString(h.Release.Title)+1, 1); t != nil {
		h.Highlights[FieldTitle] = t
	}
	if b := Highlight(h.Release.Body, tq, 120, 3); b != nil {
		h.Highlights[FieldBody] = b
	}
}

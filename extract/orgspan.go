package extract

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// OrgMention is an organization named in plain text: where, and which
// organization (its fullest form, kind and country, as a Release's
// Organizations list has them).
type OrgMention struct {
	// Start and End are byte offsets into the text given to Organizations,
	// so text[Start:End] is the mention as written (not normalized).
	Start, End int
	// Name is the organization's display name, Normalized its key.
	Name, Normalized string
	Kind, Country    string
}

// Organizations finds the organization mentions in plain text with the
// rules Extract uses on a release's lines: the text is normalized and
// tokenized a line at a time and each line read by scanOrgs, twice, so that
// an abbreviation defined on one line (以下「X」) is recognized on any line.
// It lets the recognizer be measured on text that is not a press release
// (see ner_external_test.go) and serves callers that hold plain text.
func (x *Extractor) Organizations(text string) []OrgMention {
	var blocks []block
	var starts []int // byte offset of each block's text in text
	var maps [][]int // per block: normalized byte offset → offset in text
	for off := 0; off <= len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		raw := strings.TrimSuffix(text[off:end], "\r")
		if strings.TrimSpace(raw) != "" {
			normed, m := normalizeMapped(raw)
			blocks = append(blocks, block{kind: blockPara, text: normed})
			starts = append(starts, off)
			maps = append(maps, m)
		}
		off = end + 1
	}
	if len(blocks) == 0 {
		return nil
	}
	ex := &extraction{
		x:         x,
		orgs:      newOrgSet(),
		personOrg: map[string]*orgEntry{},
		signedAt:  map[*line][][2]int{},
	}
	ex.lines, ex.toks = x.analyzeLines(blocks)
	defer x.putTokens(ex.toks)
	mentions := make([][]mention, len(ex.lines))
	for pass := 0; pass < 2; pass++ {
		for i := range ex.lines {
			mentions[i] = ex.scanOrgs(&ex.lines[i])
		}
	}
	var out []OrgMention
	for i, ms := range mentions {
		for _, m := range ms {
			e := m.e.root()
			out = append(out, OrgMention{
				Start:      starts[i] + maps[i][m.start],
				End:        starts[i] + maps[i][m.end],
				Name:       e.name,
				Normalized: e.key,
				Kind:       e.kind,
				Country:    e.country,
			})
		}
	}
	return out
}

// normalizeMapped returns ja.Normalize(s) (NFKC) with, for each byte offset
// of the result (and its end), the offset in s it comes from. NFKC works
// on segments that start at a starter rune; each segment maps to the
// start of its source, and offsets inside a segment to the source's
// segment start too, so a mention never starts or ends inside a character
// of the original. (㈱ becomes "(株)": offsets inside it map to its start.)
func normalizeMapped(s string) (string, []int) {
	var it norm.Iter
	it.InitString(norm.NFKC, s)
	var b strings.Builder
	b.Grow(len(s))
	m := make([]int, 0, len(s)+1)
	for !it.Done() {
		from := it.Pos()
		seg := it.Next()
		to := it.Pos()
		if string(seg) == s[from:to] {
			// Unchanged: offsets map one to one.
			for k := range seg {
				m = append(m, from+k)
			}
		} else {
			for range seg {
				m = append(m, from)
			}
		}
		b.Write(seg)
	}
	m = append(m, len(s))
	return b.String(), m
}

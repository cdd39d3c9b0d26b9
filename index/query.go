package index

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
)

// Sort orders results.
type Sort int

const (
	// Relevance ranks by score, newest first among equals (the default
	// with words). The score is the sum of the weights of the fields the
	// words matched in (see Chunk.Clauses).
	Relevance Sort = iota + 1
	// Newest orders by publication date, newest first.
	Newest
	// Oldest orders by publication date, oldest first.
	Oldest
)

func (s Sort) String() string {
	switch s {
	case Relevance:
		return "relevance"
	case Newest:
		return "newest"
	case Oldest:
		return "oldest"
	}
	return "unknown"
}

// ParseSort reads a sort name; "" means Relevance.
func ParseSort(s string) (Sort, error) {
	switch strings.ToLower(s) {
	case "", "relevance", "score":
		return Relevance, nil
	case "newest", "date", "date_desc", "-date":
		return Newest, nil
	case "oldest", "date_asc", "+date":
		return Oldest, nil
	}
	return 0, fmt.Errorf("%w: unknown sort %q (use relevance, newest or oldest)", ErrBadQuery, s)
}

// Limits that keep a query cheap whatever a user types.
const (
	MaxQueryRunes = 256
	MaxChunks     = 16
	MaxSize       = 100
	DefaultSize   = 10
	// MaxWindow bounds offset paging; deeper pages use After.
	MaxWindow = 10000
	maxFilter = 20
)

// Query is a search: words, filters, order and page. The zero value lists
// everything, newest first.
type Query struct {
	// Text is what the user typed: words separated by spaces, all of which
	// must match, and "quoted phrases" that must match as written.
	Text string
	// Filters: every listed value must be present (organization keys are
	// normalized with extract.NormalizeOrg, so names work too).
	Publishers, Partners, Kinds, Categories []string
	// From and To bound the publication date, inclusive: YYYY, YYYY-MM or
	// YYYY-MM-DD.
	From, To string
	Sort     Sort
	// Size is the page size (default 10, at most 100); Offset skips hits.
	Size, Offset int
	// After continues from the cursor a previous page returned (Results.Next),
	// for paging deeper than MaxWindow.
	After string
	// Facets asks for counts per publisher, partner, kind, category, year.
	Facets bool
	// FacetSize is the number of values per facet (default 10).
	FacetSize int
}

// Results is a page of hits.
type Results struct {
	Total  int                     `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets,omitempty"`
	// Next is the cursor of the page after this one, "" on the last page.
	Next string `json:"next,omitempty"`
	// Terms are the query's analysed words, for showing what was searched.
	Terms []string `json:"terms,omitempty"`
}

// Hit is one release found.
type Hit struct {
	ID      string           `json:"id"`
	Score   float64          `json:"score"`
	Release *extract.Release `json:"release"`
	// Highlights maps a field (title, body) to fragments of its text, HTML
	// escaped, with the matched words in <mark>.
	Highlights map[string][]string `json:"highlights,omitempty"`
}

// FacetValue is one value of a facet and its number of releases.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Chunk is one word or phrase of a query.
type Chunk struct {
	// Text is the chunk as typed, NFKC-normalized.
	Text string `json:"text"`
	// Terms are its Kagome terms; empty for a chunk of particles only.
	Terms []string `json:"terms"`
	// Surfaces are the words to mark in highlights.
	Surfaces []string `json:"surfaces"`
	// Phrase is set for "quoted" chunks: they match as written only.
	Phrase bool `json:"phrase,omitempty"`
}

// Clause is one way a chunk can match a release: all its Kagome terms in a
// terms field, all its CJK bigrams in a text field (positions do not
// matter), or, for a quoted chunk, its bigrams as a phrase in a text field.
type Clause struct {
	Field string
	// Terms are the Kagome terms, for a terms field.
	Terms []string
	// Text is the chunk's text, analysed by the text field's bigram
	// analyser (the engine's CJK analyser).
	Text string
	// Phrase: Text must match as a phrase.
	Phrase bool
	// Weight is what matching this clause adds to the release's score.
	Weight float64
}

// Clauses returns the clauses of c, for every pair of text and terms
// fields: the terms clause (unquoted chunks only), weighing twice the
// field's boost, and the text clause, weighing the field's boost.
//
// Relevance is the sum, over the query's chunks, of the weights of the
// clauses a release matches: a word in the title weighs more than one in
// the body, and a word found both as a Kagome term and inside a compound
// more than one found either way. Both backends score so, exactly
// (Elasticsearch with constant_score clauses), and break ties by date and
// id, so they rank alike.
func (c Chunk) Clauses() []Clause {
	var out []Clause
	for _, pair := range TextFields() {
		text, terms := pair[0], pair[1]
		if !c.Phrase {
			out = append(out, Clause{Field: terms.Name, Terms: c.Terms, Weight: 2 * terms.Boost})
		}
		out = append(out, Clause{Field: text.Name, Text: c.Text, Phrase: c.Phrase, Weight: text.Boost})
	}
	return out
}

// TextQuery is the analysed text of a query.
type TextQuery struct {
	Chunks []Chunk
}

// Empty reports whether nothing in the text can match: no text, or only
// particles and symbols (は, の).
func (t TextQuery) Empty() bool { return len(t.Chunks) == 0 }

// Terms returns every chunk's terms.
func (t TextQuery) Terms() []string {
	var out []string
	for _, c := range t.Chunks {
		out = append(out, c.Terms...)
	}
	return out
}

// ParseText analyses the text of a query with the same analyser documents
// went through. Chunks whose words are all particles are dropped, so は
// alone finds nothing and 川崎市の覚書 ranks by 川崎市 and 覚書.
func ParseText(an *ja.Analyzer, text string) (TextQuery, error) {
	if n := utf8.RuneCountInString(text); n > MaxQueryRunes {
		return TextQuery{}, fmt.Errorf("%w: query is %d characters, at most %d", ErrBadQuery, n, MaxQueryRunes)
	}
	var tq TextQuery
	for _, raw := range splitQuery(ja.Normalize(text)) {
		if len(tq.Chunks) == MaxChunks {
			return TextQuery{}, fmt.Errorf("%w: more than %d words", ErrBadQuery, MaxChunks)
		}
		c := Chunk{Text: raw.text, Phrase: raw.phrase}
		for _, tok := range an.Analyze(raw.text).Tokens {
			if tok.Term == "" {
				continue
			}
			c.Terms = append(c.Terms, tok.Term)
			c.Surfaces = append(c.Surfaces, strings.ToLower(tok.Surface))
		}
		if len(c.Terms) == 0 {
			continue
		}
		tq.Chunks = append(tq.Chunks, c)
	}
	return tq, nil
}

type rawChunk struct {
	text   string
	phrase bool
}

func splitQuery(s string) []rawChunk {
	var out []rawChunk
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' || strings.HasPrefix(s, "「") {
			closer := `"`
			open := 1
			if s[0] != '"' {
				closer, open = "」", len("「")
			}
			if end := strings.Index(s[open:], closer); end >= 0 {
				if p := strings.TrimSpace(s[open : open+end]); p != "" {
					out = append(out, rawChunk{p, true})
				}
				s = s[open+end+len(closer):]
				continue
			}
			s = s[open:]
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		out = append(out, rawChunk{strings.Trim(s[:end], `"「」`), false})
		s = s[end:]
	}
	return out
}

// Normalized returns q with defaults filled in and filters normalized, or
// an error wrapping ErrBadQuery. Backends call it first.
func (q Query) Normalized() (Query, error) {
	if q.Sort == 0 {
		q.Sort = Relevance
		if strings.TrimSpace(q.Text) == "" {
			q.Sort = Newest
		}
	}
	if q.Size <= 0 {
		q.Size = DefaultSize
	}
	if q.Size > MaxSize {
		q.Size = MaxSize
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	if q.Offset+q.Size > MaxWindow {
		return q, fmt.Errorf("%w: offset %d is past the %d-hit window; page with the cursor instead", ErrBadQuery, q.Offset, MaxWindow)
	}
	if q.FacetSize <= 0 {
		q.FacetSize = 10
	}
	if q.FacetSize > 100 {
		q.FacetSize = 100
	}
	var err error
	for _, f := range []*[]string{&q.Publishers, &q.Partners} {
		if *f, err = cleanFilter(*f, extract.NormalizeOrg); err != nil {
			return q, err
		}
	}
	for _, f := range []*[]string{&q.Kinds, &q.Categories} {
		if *f, err = cleanFilter(*f, strings.TrimSpace); err != nil {
			return q, err
		}
	}
	if q.From != "" {
		if q.From, err = boundDay(q.From, false); err != nil {
			return q, err
		}
	}
	if q.To != "" {
		if q.To, err = boundDay(q.To, true); err != nil {
			return q, err
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return q, fmt.Errorf("%w: from %s is after to %s", ErrBadQuery, q.From, q.To)
	}
	return q, nil
}

func cleanFilter(vals []string, norm func(string) string) ([]string, error) {
	if len(vals) > maxFilter {
		return nil, fmt.Errorf("%w: more than %d values in one filter", ErrBadQuery, maxFilter)
	}
	var out []string
	for _, v := range vals {
		if utf8.RuneCountInString(v) > 100 {
			return nil, fmt.Errorf("%w: filter value longer than 100 characters", ErrBadQuery)
		}
		if v = norm(v); v != "" {
			out = append(out, v)
		}
	}
	return out, nil
}

// boundDay turns YYYY, YYYY-MM or YYYY-MM-DD into the first (or, for an
// upper bound, the last) day it covers.
func boundDay(s string, upper bool) (string, error) {
	s = strings.TrimSpace(s)
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	layout, ok := layouts[len(s)]
	if !ok {
		return "", fmt.Errorf("%w: date %q: use YYYY, YYYY-MM or YYYY-MM-DD", ErrBadQuery, s)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", fmt.Errorf("%w: date %q: use YYYY, YYYY-MM or YYYY-MM-DD", ErrBadQuery, s)
	}
	if upper {
		switch len(s) {
		case 4:
			t = t.AddDate(1, 0, -1)
		case 7:
			t = t.AddDate(0, 1, -1)
		}
	}
	return t.Format("2006-01-02"), nil
}

// EncodeCursor makes an opaque paging cursor from a backend's sort values.
func EncodeCursor(sortValues []string) string {
	b, _ := json.Marshal(sortValues)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursorFor reads a cursor made for a search sorted by s: the score
// (relevance only), the day and the id, as both backends write them.
func DecodeCursorFor(c string, s Sort) ([]string, error) {
	vals, err := DecodeCursor(c)
	if err != nil {
		return nil, err
	}
	want := 2
	if s == Relevance {
		want = 3
	}
	if len(vals) != want {
		return nil, fmt.Errorf("%w: cursor does not fit sort %s", ErrBadQuery, s)
	}
	return vals, nil
}

// DecodeCursor reads a cursor made by EncodeCursor.
func DecodeCursor(c string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var vals []string
	if err == nil {
		err = json.Unmarshal(b, &vals)
	}
	if err != nil || len(vals) == 0 || len(vals) > 8 {
		return nil, fmt.Errorf("%w: cursor %q is not one this index gave", ErrBadQuery, c)
	}
	return vals, nil
}

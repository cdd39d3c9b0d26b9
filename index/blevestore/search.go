package blevestore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

// Search runs q; see index.Searcher.
//
// Bleve finds the documents each clause of each chunk matches, unscored:
// conjunctions of terms become intersections of the postings' bitmaps
// inside Bleve, and no frequency or norm is read. Pressroom adds up the
// clauses' weights per document (the score, see index.Chunk.Clauses) and
// collects the matches itself (collect.go): the order, the page and the
// facets come from the keyword fields held in memory as columns
// (columns.go), not from Bleve's doc values, which Bleve would read and
// compare for every match. So a word found in every release costs about
// one pass over its postings per field.
func (s *Store) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	q, err := q.Normalized()
	if err != nil {
		return nil, err
	}
	tq, err := index.ParseText(s.an, q.Text)
	if err != nil {
		return nil, err
	}
	res := &index.Results{Hits: []index.Hit{}, Terms: tq.Terms()}
	if tq.Empty() && q.Text != "" {
		// Only particles or symbols: nothing can match meaningfully.
		return res, nil
	}
	var after *cursor
	if q.After != "" {
		if after, err = parseCursor(q.After, q.Sort); err != nil {
			return nil, err
		}
	}
	adv, err := s.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: open reader: %w", err)
	}
	defer r.Close()
	cols, err := s.columnsOf(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	c := newCollector(r, cols, q, after)
	if err := s.match(ctx, r, cols, tq, q, c); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	hits, err := c.page()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Total = c.total
	for _, h := range hits {
		rel, err := storedRelease(r, h.id)
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.id, err)
		}
		hit := index.Hit{ID: h.id, Release: rel}
		if q.Sort == index.Relevance {
			hit.Score = h.score
		}
		index.HighlightHit(&hit, tq)
		res.Hits = append(res.Hits, hit)
	}
	if n := len(hits); n > 0 && n == q.Size && (q.After != "" || q.Offset+n < res.Total) {
		res.Next = c.cursorOf(hits[n-1])
	}
	if q.Facets {
		res.Facets = c.facets(q.FacetSize)
	}
	return res, nil
}

// match hands every matching document with its score to c. The words run
// through Bleve, clause by clause; the filters are checked on the columns.
func (s *Store) match(ctx context.Context, r bindex.IndexReader, cols *columns, tq index.TextQuery, q index.Query, c *collector) error {
	f := newDocFilter(cols, q)
	if len(tq.Chunks) == 0 {
		// No words: every release that passes the filters, scoring 1.
		add := func(doc uint64) error {
			if f != nil && !f.pass(doc) {
				return nil
			}
			return c.add(doc, 1)
		}
		switch {
		case f == nil:
			c.countAll = true // the facets are the whole index's
			return eachDoc(ctx, r, add)
		case f.none:
			return nil
		case len(f.need) > 0:
			// The keyword filters' postings, intersected.
			return s.each(ctx, r, keywordFilters(q), add)
		}
		// Dates only: the day column has every dated release.
		for doc, d := range cols.day {
			if d >= f.lo && d <= f.hi {
				if err := c.add(uint64(doc), 1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if f != nil && f.none {
		return nil
	}
	m := s.getMatches(cols.n, len(tq.Chunks))
	defer s.putMatches(m)
	for i, ch := range tq.Chunks {
		for _, cl := range ch.Clauses() {
			hit := func(doc uint64) error {
				m.hit(doc, i, cl.Weight)
				return nil
			}
			var err error
			if cl.Phrase {
				err = eachPhrase(ctx, r, cl.Field, cl.Text, hit)
			} else {
				err = s.each(ctx, r, clauseQuery(cl), hit)
			}
			if err != nil {
				return err
			}
		}
	}
	for doc, mask := range m.chunks {
		if mask == m.all && (f == nil || f.pass(uint64(doc))) {
			if err := c.add(uint64(doc), float64(m.score[doc])); err != nil {
				return err
			}
		}
	}
	return nil
}

// eachDoc calls f with every document of the snapshot.
func eachDoc(ctx context.Context, r bindex.IndexReader, f func(doc uint64) error) error {
	all, err := r.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		id, err := all.Next()
		if err != nil || id == nil {
			return err
		}
		if err := f(docNum(id)); err != nil {
			return err
		}
	}
}

// docFilter checks a query's filters on the columns.
type docFilter struct {
	cols   *columns
	need   [][2]int // (facet, value) pairs a release must all have
	none   bool     // a filter value no release has: nothing passes
	dated  bool     // From or To given: the day must be in [lo, hi]
	lo, hi int32
}

// The filters of index.Query, by the facet column holding their field.
var filterFacets = []struct {
	facet int
	vals  func(index.Query) []string
}{
	{0, func(q index.Query) []string { return q.Publishers }},
	{1, func(q index.Query) []string { return q.Partners }},
	{2, func(q index.Query) []string { return q.Kinds }},
	{3, func(q index.Query) []string { return q.Categories }},
}

// newDocFilter returns the filter of q, or nil when q has none.
func newDocFilter(cols *columns, q index.Query) *docFilter {
	f := &docFilter{cols: cols}
	any := false
	for _, ff := range filterFacets {
		for _, v := range ff.vals(q) {
			any = true
			ord, ok := cols.facets[ff.facet].ords[v]
			if !ok {
				f.none = true
				continue
			}
			f.need = append(f.need, [2]int{ff.facet, int(ord)})
		}
	}
	if q.From != "" || q.To != "" {
		any, f.dated = true, true
		f.lo, f.hi = 0, int32(len(cols.days))-1
		if q.From != "" {
			f.lo = int32(sort.SearchStrings(cols.days, q.From))
		}
		if q.To != "" {
			// The last day not after To.
			f.hi = int32(sort.Search(len(cols.days), func(i int) bool { return cols.days[i] > q.To })) - 1
		}
		if f.lo > f.hi {
			f.none = true
		}
	}
	if !any {
		return nil
	}
	return f
}

func (f *docFilter) pass(doc uint64) bool {
	if f.none {
		return false
	}
	if f.dated {
		if d := f.cols.dayOf(doc); d < f.lo || d > f.hi { // undated is -1
			return false
		}
	}
NEED:
	for _, n := range f.need {
		for _, v := range f.cols.valuesOf(n[0], doc) {
			if int(v) == n[1] {
				continue NEED
			}
		}
		return false
	}
	return true
}

// keywordFilters is the conjunction of q's keyword filters.
func keywordFilters(q index.Query) query.Query {
	var qs []query.Query
	for _, f := range []struct {
		field string
		vals  []string
	}{
		{index.FieldPublishers, q.Publishers},
		{index.FieldPartners, q.Partners},
		{index.FieldKinds, q.Kinds},
		{index.FieldCategories, q.Categories},
	} {
		for _, v := range f.vals {
			t := bleve.NewTermQuery(v)
			t.SetField(f.field)
			qs = append(qs, t)
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// each calls f with every document q matches, unscored.
func (s *Store) each(ctx context.Context, r bindex.IndexReader, q query.Query, f func(doc uint64) error) error {
	tfr, err := termsReader(ctx, r, q)
	if err != nil {
		return err
	}
	if tfr != nil {
		// A term, or terms that must all be there: read the postings (their
		// intersection, computed on the bitmaps) without a searcher.
		defer tfr.Close()
		var tfd bindex.TermFieldDoc
		for n := 0; ; n++ {
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			d, err := tfr.Next(&tfd)
			if err != nil || d == nil {
				return err
			}
			if err := f(docNum(d.ID)); err != nil {
				return err
			}
		}
	}
	searcher, err := q.Searcher(ctx, r, s.idx.Mapping(), search.SearcherOptions{Score: bleve.ScoreNone})
	if err != nil {
		return err
	}
	defer searcher.Close()
	pool := search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0)
	sc := &search.SearchContext{DocumentMatchPool: pool, IndexReader: r}
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := searcher.Next(sc)
		if err != nil || dm == nil {
			return err
		}
		doc := docNum(dm.IndexInternalID)
		pool.Put(dm)
		if err := f(doc); err != nil {
			return err
		}
	}
}

// termsReader returns a postings reader for a term query, or for a
// conjunction of term queries (the intersection of their postings, which
// scorch computes on the bitmaps), and nil for any other query.
func termsReader(ctx context.Context, r bindex.IndexReader, q query.Query) (bindex.TermFieldReader, error) {
	var terms []*query.TermQuery
	switch q := q.(type) {
	case *query.TermQuery:
		terms = []*query.TermQuery{q}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			t, ok := c.(*query.TermQuery)
			if !ok {
				return nil, nil
			}
			terms = append(terms, t)
		}
	default:
		return nil, nil
	}
	if len(terms) == 0 {
		return nil, nil
	}
	tfrs := make([]bindex.TermFieldReader, 0, len(terms))
	closeAll := func() {
		for _, t := range tfrs {
			_ = t.Close()
		}
	}
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.Term), t.Field(), false, false, false)
		if err != nil {
			closeAll()
			return nil, err
		}
		tfrs = append(tfrs, tfr)
	}
	if len(tfrs) == 1 {
		return tfrs[0], nil
	}
	var octx bindex.OptimizableContext
	for _, t := range tfrs {
		o, ok := t.(bindex.Optimizable)
		if !ok {
			closeAll()
			return nil, nil
		}
		var err error
		if octx, err = o.Optimize("conjunction:unadorned", octx); err != nil || octx == nil {
			closeAll()
			return nil, err
		}
	}
	opt, err := octx.Finish()
	closeAll()
	if err != nil {
		return nil, err
	}
	tfr, ok := opt.(bindex.TermFieldReader)
	if !ok {
		return nil, nil
	}
	return tfr, nil
}

// matches adds up, per document, the weights of the clauses it matched and
// which chunks it matched, in arrays kept between searches.
type matches struct {
	score  []float32
	chunks []uint16 // a bit per chunk (index.MaxChunks is 16)
	all    uint16
}

func (s *Store) getMatches(n, chunks int) *matches {
	m, _ := s.matches.Get().(*matches)
	if m == nil {
		m = &matches{}
	}
	m.grow(n)
	m.all = uint16(1)<<chunks - 1
	return m
}

func (s *Store) putMatches(m *matches) {
	clear(m.score)
	clear(m.chunks)
	s.matches.Put(m)
}

func (m *matches) grow(n int) {
	if n <= len(m.score) {
		return
	}
	n = max(n, 2*len(m.score))
	m.score = append(m.score, make([]float32, n-len(m.score))...)
	m.chunks = append(m.chunks, make([]uint16, n-len(m.chunks))...)
}

func (m *matches) hit(doc uint64, chunk int, w float64) {
	if doc >= uint64(len(m.score)) {
		m.grow(int(doc) + 1)
	}
	m.score[doc] += float32(w)
	m.chunks[doc] |= 1 << chunk
}

// docNum reads a scorch document number.
func docNum(id bindex.IndexInternalID) uint64 {
	if len(id) != 8 {
		return math.MaxUint64
	}
	return binary.BigEndian.Uint64(id)
}

func internalID(doc uint64) bindex.IndexInternalID {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, doc)
	return b
}

// storedRelease reads the stored release JSON of document id.
func storedRelease(r bindex.IndexReader, id string) (*extract.Release, error) {
	doc, err := r.Document(id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("stored release missing")
	}
	var src []byte
	doc.VisitFields(func(f bindex.Field) {
		if f.Name() == index.FieldRelease {
			src = f.Value()
		}
	})
	if src == nil {
		return nil, fmt.Errorf("stored release missing")
	}
	return index.DecodeRelease(src)
}

// cursor is a decoded paging cursor: the sort values of the last hit of
// the previous page.
type cursor struct {
	score float64
	day   string // "" for an undated release, which sorts last
	id    string
}

// Cursors carry the score in Go's shortest float form (relevance only),
// the day and the id, as Elasticsearch's do.
func parseCursor(c string, s index.Sort) (*cursor, error) {
	vals, err := index.DecodeCursorFor(c, s)
	if err != nil {
		return nil, err
	}
	cur := &cursor{}
	if s == index.Relevance {
		f, err := strconv.ParseFloat(vals[0], 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w: cursor %q is not one this index gave", index.ErrBadQuery, c)
		}
		cur.score, vals = f, vals[1:]
	}
	cur.day, cur.id = vals[0], vals[1]
	if cur.id == "" {
		return nil, fmt.Errorf("%w: cursor %q is not one this index gave", index.ErrBadQuery, c)
	}
	return cur, nil
}

// BuildQuery turns an analysed query and its filters into one Bleve query
// that matches what Search finds: every chunk by one of its clauses
// (index.Chunk.Clauses), and every filter. Search itself runs the clauses
// one by one to add up their weights; this is the same question asked at
// once, for tools and tests.
func BuildQuery(tq index.TextQuery, q index.Query) query.Query {
	var must []query.Query
	for _, c := range tq.Chunks {
		var should []query.Query
		for _, cl := range c.Clauses() {
			should = append(should, clauseQuery(cl))
		}
		must = append(must, bleve.NewDisjunctionQuery(should...))
	}
	if f := filterQuery(q); f != nil {
		must = append(must, f)
	}
	switch len(must) {
	case 0:
		return bleve.NewMatchAllQuery()
	case 1:
		return must[0]
	}
	return bleve.NewConjunctionQuery(must...)
}

// clauseQuery is the Bleve query of one clause. Unquoted text asks for
// the bigrams without their positions: a phrase would read every match's
// positions, and the Kagome terms of a word already match without regard
// to order.
func clauseQuery(cl index.Clause) query.Query {
	switch {
	case cl.Terms != nil:
		return allTerms(cl.Field, cl.Terms)
	case cl.Phrase:
		pq := bleve.NewMatchPhraseQuery(cl.Text)
		pq.SetField(cl.Field)
		pq.Analyzer = cjk.AnalyzerName
		return pq
	}
	if bigrams := cjkTokens(cl.Text); len(bigrams) > 0 {
		return allTerms(cl.Field, bigrams)
	}
	return bleve.NewMatchNoneQuery()
}

// filterQuery is the conjunction of q's filters, or nil.
func filterQuery(q index.Query) query.Query {
	var filters []query.Query
	if len(q.Publishers)+len(q.Partners)+len(q.Kinds)+len(q.Categories) > 0 {
		filters = append(filters, keywordFilters(q))
	}
	if q.From != "" || q.To != "" {
		yes := true
		dq := bleve.NewDateRangeInclusiveStringQuery(q.From, q.To, &yes, &yes)
		dq.SetField(index.FieldPublished)
		filters = append(filters, dq)
	}
	switch len(filters) {
	case 0:
		return nil
	case 1:
		return filters[0]
	}
	return bleve.NewConjunctionQuery(filters...)
}

// allTerms matches documents with every one of terms in field.
func allTerms(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// cjkAnalyzer is the text fields' analyzer, for queries.
var cjkAnalyzer = sync.OnceValues(func() (analysis.Analyzer, error) {
	return registry.NewCache().AnalyzerNamed(cjk.AnalyzerName)
})

// cjkTokens returns the terms the text fields' analyzer makes of s, in
// order (the bigrams of Japanese text), as a match query would look for.
func cjkTokens(s string) []string {
	a, err := cjkAnalyzer()
	if err != nil {
		panic(fmt.Sprintf("blevestore: %s analyzer: %v", cjk.AnalyzerName, err))
	}
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

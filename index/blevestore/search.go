package blevestore

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pressroom-ja/pressroom/index"
)

// Search runs q; see index.Searcher.
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
	req := bleve.NewSearchRequestOptions(BuildQuery(tq, q), q.Size, q.Offset, false)
	req.Fields = []string{index.FieldRelease}
	req.SortByCustom(sortOrder(q.Sort))
	if q.After != "" {
		after, err := index.DecodeCursor(q.After)
		if err != nil {
			return nil, err
		}
		if len(after) != len(req.Sort) {
			return nil, fmt.Errorf("%w: cursor does not fit sort %s", index.ErrBadQuery, q.Sort)
		}
		req.From = 0
		req.SetSearchAfter(after)
	}
	if q.Facets {
		for _, f := range index.Facets() {
			req.AddFacet(f.Name, bleve.NewFacetRequest(f.Field, q.FacetSize))
		}
	}
	sr, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Total = int(sr.Total)
	for _, h := range sr.Hits {
		rel, err := releaseOf(h.Fields)
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.ID, err)
		}
		hit := index.Hit{ID: h.ID, Score: h.Score, Release: rel}
		if q.Sort != index.Relevance {
			hit.Score = 0
		}
		index.HighlightHit(&hit, tq)
		res.Hits = append(res.Hits, hit)
	}
	if n := len(sr.Hits); n == q.Size && (q.After != "" || q.Offset+n < res.Total) {
		res.Next = index.EncodeCursor(sr.Hits[n-1].Sort)
	}
	if q.Facets {
		res.Facets = map[string][]index.FacetValue{}
		for _, f := range index.Facets() {
			vals := []index.FacetValue{}
			if fr, ok := sr.Facets[f.Name]; ok && fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					vals = append(vals, index.FacetValue{Value: t.Term, Count: t.Count})
				}
			}
			res.Facets[f.Name] = vals
		}
	}
	return res, nil
}

// BuildQuery turns an analysed query and its filters into a Bleve query.
// Every chunk must match: by its Kagome terms, all in one field, or as a
// bigram phrase in a text field; titles weigh more than bodies.
func BuildQuery(tq index.TextQuery, q index.Query) query.Query {
	var must []query.Query
	for _, c := range tq.Chunks {
		var should []query.Query
		for _, pair := range index.TextFields() {
			text, terms := pair[0], pair[1]
			if !c.Phrase {
				var conj []query.Query
				for _, t := range c.Terms {
					tq := bleve.NewTermQuery(t)
					tq.SetField(terms.Name)
					conj = append(conj, tq)
				}
				cq := bleve.NewConjunctionQuery(conj...)
				cq.SetBoost(2 * terms.Boost)
				should = append(should, cq)
			}
			pq := bleve.NewMatchPhraseQuery(c.Text)
			pq.SetField(text.Name)
			pq.Analyzer = cjk.AnalyzerName
			pq.SetBoost(text.Boost)
			should = append(should, pq)
		}
		must = append(must, bleve.NewDisjunctionQuery(should...))
	}
	var filters []query.Query
	// Filters carry no weight: they must not change scores (as in
	// Elasticsearch's filter context), so every clause has boost 0.
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
			t.SetBoost(0)
			filters = append(filters, t)
		}
	}
	if q.From != "" || q.To != "" {
		yes := true
		dq := bleve.NewDateRangeInclusiveStringQuery(q.From, q.To, &yes, &yes)
		dq.SetField(index.FieldPublished)
		dq.SetBoost(0)
		filters = append(filters, dq)
	}
	var base query.Query
	if len(must) == 0 {
		base = bleve.NewMatchAllQuery()
	} else {
		base = bleve.NewConjunctionQuery(must...)
	}
	if len(filters) == 0 {
		return base
	}
	fq := bleve.NewConjunctionQuery(filters...)
	fq.SetBoost(0)
	b := bleve.NewBooleanQuery()
	b.AddMust(base, fq)
	return b
}

func sortOrder(s index.Sort) search.SortOrder {
	published := func(desc bool) *search.SortField {
		return &search.SortField{Field: index.FieldDay, Desc: desc, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}
	}
	id := &search.SortDocID{}
	switch s {
	case index.Newest:
		return search.SortOrder{published(true), id}
	case index.Oldest:
		return search.SortOrder{published(false), id}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, published(true), id}
}

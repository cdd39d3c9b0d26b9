package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/pressroom-ja/pressroom/index"
)

// Search runs q; see index.Searcher. It asks the same question as the
// embedded index: every chunk of the text must match by one of its clauses
// (index.Chunk.Clauses: its Kagome terms in a terms field, its bigrams in a
// text field, or as a phrase when quoted), scored by the weights of the
// clauses matched; filters in filter context; facets as terms
// aggregations; the same tie-breaks; highlights by index.HighlightHit.
func (s *Store) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	if s.isClosed() {
		return nil, index.ErrClosed
	}
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
	body, err := SearchBody(tq, q)
	if err != nil {
		return nil, err
	}
	rep, err := s.c.call(ctx, "search", true, func() esapi.Request {
		return esapi.SearchRequest{Index: []string{s.target}, Body: bytes.NewReader(body)}
	})
	if err != nil {
		return nil, err
	}
	if !rep.ok() {
		if e := parseError(rep.body); e != nil && e.Type == "index_not_found_exception" {
			return nil, fmt.Errorf("search %s: %w", s.target, ErrNoIndex)
		}
		return nil, rep.err("search " + s.target)
	}
	var sr searchResponse
	dec := json.NewDecoder(bytes.NewReader(rep.body))
	dec.UseNumber()
	if err := dec.Decode(&sr); err != nil {
		return nil, fmt.Errorf("search: decode response: %w", err)
	}
	if sr.Shards.Failed > 0 {
		// Partial results would silently differ from the embedded index's.
		reason := ""
		if len(sr.Shards.Failures) > 0 && sr.Shards.Failures[0].Reason != nil {
			reason = ": " + sr.Shards.Failures[0].Reason.String()
		}
		return nil, fmt.Errorf("search: %d of %d shards failed%s", sr.Shards.Failed, sr.Shards.Total, reason)
	}
	return decodeResults(res, sr, tq, q)
}

// decodeResults turns a search response into index.Results.
func decodeResults(res *index.Results, sr searchResponse, tq index.TextQuery, q index.Query) (*index.Results, error) {
	res.Total = sr.Hits.Total.Value
	var last []any
	for _, h := range sr.Hits.Hits {
		if h.Source.Release == "" {
			return nil, fmt.Errorf("search: hit %s has no stored release", h.ID)
		}
		rel, err := index.DecodeRelease([]byte(h.Source.Release))
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.ID, err)
		}
		hit := index.Hit{ID: h.ID, Release: rel}
		if q.Sort == index.Relevance && h.Score != nil {
			hit.Score, _ = h.Score.Float64()
		}
		index.HighlightHit(&hit, tq)
		res.Hits = append(res.Hits, hit)
		last = h.Sort
	}
	if n := len(sr.Hits.Hits); n == q.Size && (q.After != "" || q.Offset+n < res.Total) {
		c, err := cursorOf(last)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		res.Next = c
	}
	if q.Facets {
		res.Facets = map[string][]index.FacetValue{}
		for _, f := range index.Facets() {
			vals := []index.FacetValue{}
			for _, b := range sr.Aggregations[f.Name].Buckets {
				vals = append(vals, index.FacetValue{Value: fmt.Sprint(b.Key), Count: b.DocCount})
			}
			res.Facets[f.Name] = vals
		}
	}
	return res, nil
}

type searchResponse struct {
	Shards struct {
		Total    int `json:"total"`
		Failed   int `json:"failed"`
		Failures []struct {
			Reason *esError `json:"reason"`
		} `json:"failures"`
	} `json:"_shards"`
	Hits struct {
		Total struct {
			Value    int    `json:"value"`
			Relation string `json:"relation"`
		} `json:"total"`
		Hits []struct {
			ID     string       `json:"_id"`
			Score  *json.Number `json:"_score"`
			Source struct {
				Release string `json:"release"`
			} `json:"_source"`
			Sort []any `json:"sort"`
		} `json:"hits"`
	} `json:"hits"`
	Aggregations map[string]struct {
		Buckets []struct {
			Key      any `json:"key"`
			DocCount int `json:"doc_count"`
		} `json:"buckets"`
	} `json:"aggregations"`
}

// SearchBody is the _search request for an analysed query and its
// normalized filters (q from Query.Normalized).
func SearchBody(tq index.TextQuery, q index.Query) ([]byte, error) {
	req := map[string]any{
		"query":            Query(tq, q),
		"size":             q.Size,
		"sort":             sortOrder(q.Sort),
		"track_total_hits": true,
		"_source":          []string{index.FieldRelease},
	}
	if q.After != "" {
		after, err := searchAfter(q.After, q.Sort)
		if err != nil {
			return nil, err
		}
		req["search_after"] = after
	} else if q.Offset > 0 {
		req["from"] = q.Offset
	}
	if q.Facets {
		aggs := map[string]any{}
		for _, f := range index.Facets() {
			aggs[f.Name] = map[string]any{"terms": map[string]any{
				"field": f.Field,
				"size":  q.FacetSize,
				// Most releases first, then by value, as the embedded index.
				"order": []map[string]string{{"_count": "desc"}, {"_key": "asc"}},
			}}
		}
		req["aggs"] = aggs
	}
	return jsonBody(req)
}

// Query builds the query clause: a bool whose must holds one clause per
// chunk and whose filter holds the filters, which do not score. As in
// blevestore, a chunk matches by any of its clauses (index.Chunk.Clauses):
// all its Kagome terms in a terms field, all its bigrams in a text field (a
// match query with operator and, which reads no positions), or, quoted, its
// bigrams as a phrase. Each clause is a constant_score with the clause's
// weight, so a release scores the sum of the weights it matched, exactly
// as the embedded index scores it.
func Query(tq index.TextQuery, q index.Query) map[string]any {
	var must []any
	for _, c := range tq.Chunks {
		var should []any
		for _, cl := range c.Clauses() {
			var match map[string]any
			switch {
			case cl.Terms != nil:
				var all []any
				for _, t := range cl.Terms {
					all = append(all, map[string]any{"term": map[string]any{cl.Field: t}})
				}
				match = map[string]any{"bool": map[string]any{"must": all}}
			case cl.Phrase:
				match = map[string]any{"match_phrase": map[string]any{cl.Field: map[string]any{"query": cl.Text}}}
			default:
				match = map[string]any{"match": map[string]any{cl.Field: map[string]any{"query": cl.Text, "operator": "and"}}}
			}
			should = append(should, map[string]any{"constant_score": map[string]any{"filter": match, "boost": cl.Weight}})
		}
		must = append(must, map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}})
	}
	var filter []any
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
			filter = append(filter, map[string]any{"term": map[string]any{f.field: v}})
		}
	}
	if q.From != "" || q.To != "" {
		r := map[string]any{"format": dateFormat}
		if q.From != "" {
			r["gte"] = q.From
		}
		if q.To != "" {
			r["lte"] = q.To
		}
		filter = append(filter, map[string]any{"range": map[string]any{index.FieldPublished: r}})
	}
	if len(must) == 0 {
		must = []any{map[string]any{"match_all": map[string]any{}}}
	}
	b := map[string]any{"must": must}
	if len(filter) > 0 {
		b["filter"] = filter
	}
	return map[string]any{"bool": b}
}

// sortOrder mirrors blevestore: score (for relevance), then publication
// day newest first (undated last), then id.
func sortOrder(s index.Sort) []any {
	day := func(order string) any {
		return map[string]any{index.FieldDay: map[string]any{"order": order, "missing": "_last"}}
	}
	id := map[string]any{index.FieldID: map[string]any{"order": "asc"}}
	switch s {
	case index.Newest:
		return []any{day("desc"), id}
	case index.Oldest:
		return []any{day("asc"), id}
	}
	return []any{map[string]any{"_score": map[string]any{"order": "desc"}}, day("desc"), id}
}

// Cursors carry the last hit's sort values as strings (index.EncodeCursor):
// the score in Go's shortest float form, the day ("" for an undated
// release, which Elasticsearch sorts as null), the id.

func cursorOf(sortValues []any) (string, error) {
	out := make([]string, len(sortValues))
	for i, v := range sortValues {
		switch v := v.(type) {
		case nil:
			out[i] = ""
		case string:
			out[i] = v
		case json.Number:
			out[i] = v.String()
		default:
			return "", fmt.Errorf("unexpected sort value %v (%T)", v, v)
		}
	}
	return index.EncodeCursor(out), nil
}

func searchAfter(cursor string, s index.Sort) ([]any, error) {
	vals, err := index.DecodeCursorFor(cursor, s)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(vals))
	if s == index.Relevance {
		f, err := strconv.ParseFloat(vals[0], 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w: cursor %q is not one this index gave", index.ErrBadQuery, cursor)
		}
		out = append(out, json.Number(strconv.FormatFloat(f, 'g', -1, 64)))
		vals = vals[1:]
	}
	if vals[0] == "" {
		out = append(out, nil)
	} else {
		out = append(out, vals[0])
	}
	if vals[1] == "" {
		return nil, fmt.Errorf("%w: cursor %q is not one this index gave", index.ErrBadQuery, cursor)
	}
	return append(out, vals[1]), nil
}

package blevestore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pressroom-ja/pressroom/index"
)

// columns are the keyword fields of one index snapshot, uninverted: for
// every document number, its publication day and its values of each facet.
// Searches order, page and count facets from them with array lookups.
// They are read from the fields' postings (not from doc values, which the
// mapping does not keep) once per snapshot: a read-only index (serve,
// search) has one snapshot for its whole life; a written one gets a new
// snapshot with each commit, and the next search reads the columns again.
type columns struct {
	n      int      // 1 + the highest document number seen
	days   []string // the distinct days, in order
	day    []int32  // by document: index into days, -1 when undated
	facets []column // in the order of index.Facets()
	// ids caches the external ids read so far, by document: searches
	// that order ties by id (deep pages of a common word) would otherwise
	// decode the same documents' stored ids on every search.
	ids []atomic.Pointer[string]
}

// idOf returns document d's external id, from the cache or from r (which
// must be the snapshot the columns were read from).
func (c *columns) idOf(r bindex.IndexReader, d uint64) (string, error) {
	if d < uint64(len(c.ids)) {
		if p := c.ids[d].Load(); p != nil {
			return *p, nil
		}
	}
	id, err := r.ExternalID(internalID(d))
	if err != nil {
		return "", err
	}
	if d < uint64(len(c.ids)) {
		c.ids[d].Store(&id)
	}
	return id, nil
}

// column is a multi-valued keyword field: the values of document d are
// values[vals[offs[d]:offs[d+1]]].
type column struct {
	values []string
	ords   map[string]uint32 // value → index into values
	offs   []uint32
	vals   []uint32
	totals []int32 // releases per value in the whole snapshot
}

// dayOf returns document d's day index, or -1.
func (c *columns) dayOf(d uint64) int32 {
	if d < uint64(len(c.day)) {
		return c.day[d]
	}
	return -1
}

// valuesOf returns document d's value indexes in column f.
func (c *columns) valuesOf(f int, d uint64) []uint32 {
	col := &c.facets[f]
	if d+1 >= uint64(len(col.offs)) {
		return nil
	}
	return col.vals[col.offs[d]:col.offs[d+1]]
}

// columnCache holds the columns of the last snapshot searched.
type columnCache struct {
	mu   sync.Mutex
	snap bindex.IndexReader // identity only: compared, never used
	cols *columns
}

// columnsOf returns the columns of snapshot r, reading them on first use.
func (s *Store) columnsOf(ctx context.Context, r bindex.IndexReader) (*columns, error) {
	s.cc.mu.Lock()
	defer s.cc.mu.Unlock()
	if s.cc.cols != nil && s.cc.snap == r {
		return s.cc.cols, nil
	}
	cols, err := readColumns(ctx, r)
	if err != nil {
		return nil, err
	}
	s.cc.snap, s.cc.cols = r, cols
	return cols, nil
}

// warmColumns reads the columns of the current snapshot into the cache.
// Failures are left for the first search to meet.
func (s *Store) warmColumns(ctx context.Context) {
	adv, err := s.idx.Advanced()
	if err != nil {
		return
	}
	r, err := adv.Reader()
	if err != nil {
		return
	}
	defer r.Close()
	_, _ = s.columnsOf(context.WithoutCancel(ctx), r)
}

// readColumns reads the day and facet fields, side by side: most of the
// time goes to looking each term up in every segment.
func readColumns(ctx context.Context, r bindex.IndexReader) (*columns, error) {
	fields := []string{index.FieldDay}
	for _, f := range index.Facets() {
		fields = append(fields, f.Field)
	}
	type result struct {
		values []string
		docs   []uint64
		ords   []uint32
		err    error
	}
	results := make([]result, len(fields))
	var wg sync.WaitGroup
	for i, field := range fields {
		wg.Go(func() {
			res := &results[i]
			res.values, res.docs, res.ords, res.err = uninvert(ctx, r, field)
		})
	}
	wg.Wait()
	for _, res := range results {
		if res.err != nil {
			return nil, res.err
		}
	}
	c := &columns{days: results[0].values}
	n := uint64(0)
	for _, d := range results[0].docs {
		n = max(n, d+1)
	}
	c.day = make([]int32, n)
	for i := range c.day {
		c.day[i] = -1
	}
	for i, d := range results[0].docs {
		c.day[d] = int32(results[0].ords[i])
	}
	for _, res := range results[1:] {
		col := csr(res.values, res.docs, res.ords)
		n = max(n, uint64(len(col.offs)-1))
		c.facets = append(c.facets, col)
	}
	c.n = int(n)
	c.ids = make([]atomic.Pointer[string], n)
	return c, nil
}

// uninvert reads the postings of every term of field: values in term order,
// and one (document, value index) pair per posting.
func uninvert(ctx context.Context, r bindex.IndexReader, field string) (values []string, docs []uint64, ords []uint32, err error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read %s: %w", field, err)
	}
	defer dict.Close()
	var tfd bindex.TermFieldDoc
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read %s: %w", field, err)
		}
		if e == nil {
			break
		}
		ord := uint32(len(values))
		values = append(values, e.Term)
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), field, false, false, false)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read %s: %w", field, err)
		}
		for {
			d, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, nil, nil, fmt.Errorf("read %s: %w", field, err)
			}
			if d == nil {
				break
			}
			docs = append(docs, docNum(d.ID))
			ords = append(ords, ord)
		}
		if err := tfr.Close(); err != nil {
			return nil, nil, nil, fmt.Errorf("read %s: %w", field, err)
		}
	}
	return values, docs, ords, nil
}

// csr packs (document, value) pairs into a column.
func csr(values []string, docs []uint64, ords []uint32) column {
	n := uint64(0)
	for _, d := range docs {
		n = max(n, d+1)
	}
	col := column{values: values, ords: make(map[string]uint32, len(values)), offs: make([]uint32, n+1), vals: make([]uint32, len(docs)), totals: make([]int32, len(values))}
	for i, v := range values {
		col.ords[v] = uint32(i)
	}
	for _, o := range ords {
		col.totals[o]++
	}
	for _, d := range docs {
		col.offs[d+1]++
	}
	for i := uint64(1); i <= n; i++ {
		col.offs[i] += col.offs[i-1]
	}
	next := make([]uint32, n)
	copy(next, col.offs[:n])
	// Postings come term by term, so each document's values stay in term
	// order, as doc values would give them.
	for i, d := range docs {
		col.vals[next[d]] = ords[i]
		next[d]++
	}
	return col
}

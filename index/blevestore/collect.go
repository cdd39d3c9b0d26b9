package blevestore

import (
	"container/heap"
	"sort"
	"strconv"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pressroom-ja/pressroom/index"
)

// collector keeps the best hits of a search in a bounded heap and counts
// the facets of every match. The order is the one Elasticsearch's sort
// gives: score (for relevance), then the publication day, newest first
// (oldest for Oldest), undated last, then the id.
type collector struct {
	r      bindex.IndexReader
	cols   *columns
	sort   index.Sort
	after  *cursor
	afterD int64 // the cursor's day as a dayKey
	keep   int   // hits to keep: offset + size
	offset int
	total  int
	heap   hitHeap
	counts [][]int32 // by facet, by value index; nil without facets
	// countAll: every release matches, so the facets are the columns'
	// totals and nothing is counted.
	countAll bool
	err      error
}

type hit struct {
	doc   uint64
	score float64
	day   int64  // dayKey
	id    string // read when first needed
}

// dayKey orders days as integers: day index i is 2i, and an undated
// release sorts after every day whichever the direction.
const undated = int64(1) << 62

func (c *collector) dayKey(d uint64) int64 {
	if i := c.cols.dayOf(d); i >= 0 {
		return 2 * int64(i)
	}
	return undated
}

func newCollector(r bindex.IndexReader, cols *columns, q index.Query, after *cursor) *collector {
	c := &collector{r: r, cols: cols, sort: q.Sort, after: after, keep: q.Offset + q.Size, offset: q.Offset}
	if after != nil {
		c.keep, c.offset = q.Size, 0
		c.afterD = undated
		if after.day != "" {
			// Between two days (a day no release has any more) is 2i-1.
			i := sort.SearchStrings(cols.days, after.day)
			c.afterD = 2 * int64(i)
			if i == len(cols.days) || cols.days[i] != after.day {
				c.afterD--
			}
		}
	}
	c.heap.c = c
	if q.Facets {
		c.counts = make([][]int32, len(cols.facets))
		for f := range cols.facets {
			c.counts[f] = make([]int32, len(cols.facets[f].values))
		}
	}
	return c
}

// add takes one matching document.
func (c *collector) add(doc uint64, score float64) error {
	if c.after != nil && !c.afterCursor(doc, score) {
		c.total++ // a cursor pages within the same total
		c.count(doc)
		return c.err
	}
	c.total++
	c.count(doc)
	h := hit{doc: doc, score: score, day: c.dayKey(doc)}
	switch {
	case c.keep <= 0:
	case len(c.heap.hits) < c.keep:
		heap.Push(&c.heap, h)
	case c.better(&h, &c.heap.hits[0]):
		c.heap.hits[0] = h
		heap.Fix(&c.heap, 0)
	}
	return c.err
}

func (c *collector) count(doc uint64) {
	if c.countAll {
		return
	}
	for f, counts := range c.counts {
		for _, v := range c.cols.valuesOf(f, doc) {
			counts[v]++
		}
	}
}

// better reports whether a sorts before b.
func (c *collector) better(a, b *hit) bool {
	if c.sort == index.Relevance && a.score != b.score {
		return a.score > b.score
	}
	if a.day != b.day {
		if a.day == undated || b.day == undated {
			return b.day == undated
		}
		if c.sort == index.Oldest {
			return a.day < b.day
		}
		return a.day > b.day
	}
	return c.idOf(a) < c.idOf(b)
}

// afterCursor reports whether doc sorts after the cursor.
func (c *collector) afterCursor(doc uint64, score float64) bool {
	a := c.after
	if c.sort == index.Relevance && score != a.score {
		return score < a.score
	}
	day := c.dayKey(doc)
	if day != c.afterD {
		if day == undated || c.afterD == undated {
			return day == undated
		}
		if c.sort == index.Oldest {
			return day > c.afterD
		}
		return day < c.afterD
	}
	h := hit{doc: doc}
	return c.idOf(&h) > a.id
}

func (c *collector) idOf(h *hit) string {
	if h.id == "" {
		id, err := c.cols.idOf(c.r, h.doc)
		if err != nil && c.err == nil {
			c.err = err
		}
		h.id = id
	}
	return h.id
}

// page returns the kept hits in order, past the offset, with their ids.
func (c *collector) page() ([]hit, error) {
	hits := c.heap.hits
	sort.Slice(hits, func(i, j int) bool { return c.better(&hits[i], &hits[j]) })
	if c.offset >= len(hits) {
		return nil, c.err
	}
	hits = hits[c.offset:]
	for i := range hits {
		c.idOf(&hits[i])
	}
	return hits, c.err
}

// cursorOf makes the cursor that continues after h.
func (c *collector) cursorOf(h hit) string {
	day := ""
	if h.day != undated {
		day = c.cols.days[h.day/2]
	}
	if c.sort == index.Relevance {
		return index.EncodeCursor([]string{strconv.FormatFloat(h.score, 'g', -1, 64), day, h.id})
	}
	return index.EncodeCursor([]string{day, h.id})
}

// facets returns the counted facets, the top size values of each.
func (c *collector) facets(size int) map[string][]index.FacetValue {
	out := map[string][]index.FacetValue{}
	for f, fc := range index.Facets() {
		vals := []index.FacetValue{}
		switch {
		case c.countAll && f < len(c.cols.facets):
			vals = topValues(c.cols.facets[f].totals, c.cols.facets[f].values, size)
		case f < len(c.counts):
			vals = topValues(c.counts[f], c.cols.facets[f].values, size)
		}
		out[fc.Name] = vals
	}
	return out
}

// hitHeap has the worst kept hit on top.
type hitHeap struct {
	c    *collector
	hits []hit
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.c.better(&h.hits[j], &h.hits[i]) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *hitHeap) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

// topValues returns the size values with the most releases, most first,
// then by value (as Elasticsearch's terms aggregation and Bleve's facets
// order them), keeping only size candidates while it scans the counts.
func topValues(counts []int32, values []string, size int) []index.FacetValue {
	if size <= 0 {
		return []index.FacetValue{}
	}
	top := make([]index.FacetValue, 0, size+1)
	before := func(a, b index.FacetValue) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	}
	for v, n := range counts {
		if n == 0 {
			continue
		}
		fv := index.FacetValue{Value: values[v], Count: int(n)}
		if len(top) == size && !before(fv, top[size-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return before(fv, top[i]) })
		top = append(top, index.FacetValue{})
		copy(top[i+1:], top[i:])
		top[i] = fv
		if len(top) > size {
			top = top[:size]
		}
	}
	return top
}

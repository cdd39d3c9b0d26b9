package blevestore

import (
	"context"
	"slices"

	bindex "github.com/blevesearch/bleve_index_api"
)

// eachPhrase calls f with every document whose field holds text as a
// phrase: the bigrams of text at the positions the field's analyser gives
// them, one after the other. It finds what Bleve's match-phrase query
// finds (TestPhraseMatchesBleve), but reads positions only for the
// documents that have every bigram, which the postings' bitmaps give at
// once, and keeps no per-match maps: Bleve's phrase searcher allocated
// about 1 MB a search, and the collections that set off were most of a
// phrase search's slowest runs.
func eachPhrase(ctx context.Context, r bindex.IndexReader, field, text string, f func(doc uint64) error) error {
	a, err := cjkAnalyzer()
	if err != nil {
		return err
	}
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil
	}
	// Each distinct term gets one positions reader.
	var terms []string
	steps := make([]step, len(toks))
	for i, t := range toks {
		k := slices.Index(terms, string(t.Term))
		if k < 0 {
			k = len(terms)
			terms = append(terms, string(t.Term))
		}
		steps[i] = step{k, t.Position - toks[0].Position}
	}
	cand, err := termsReader(ctx, r, allTerms(field, terms))
	if err != nil || cand == nil {
		return err
	}
	defer cand.Close()
	readers := make([]bindex.TermFieldReader, len(terms))
	defer func() {
		for _, pr := range readers {
			if pr != nil {
				_ = pr.Close()
			}
		}
	}()
	for i, t := range terms {
		if readers[i], err = r.TermFieldReader(ctx, []byte(t), field, false, false, true); err != nil {
			return err
		}
	}
	docs := make([]bindex.TermFieldDoc, len(terms))
	pos := make([][]uint64, len(terms)) // positions of each term in the document, sorted
	var cd bindex.TermFieldDoc
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err := cand.Next(&cd)
		if err != nil || d == nil {
			return err
		}
		ok := true
		for i, pr := range readers {
			td, err := pr.Advance(d.ID, &docs[i])
			if err != nil {
				return err
			}
			if td == nil || !td.ID.Equals(d.ID) {
				ok = false
				break
			}
			pos[i] = pos[i][:0]
			for _, v := range td.Vectors {
				if len(v.ArrayPositions) == 0 {
					pos[i] = append(pos[i], v.Pos)
				}
			}
			slices.Sort(pos[i])
		}
		if !ok {
			continue
		}
		if phraseIn(pos, steps) {
			if err := f(docNum(d.ID)); err != nil {
				return err
			}
		}
	}
}

// step is one token of a phrase: its term (an index into the phrase's
// distinct terms) and its offset from the first token's position.
type step struct {
	term int
	off  int
}

// phraseIn reports whether the steps stand in a row in a document whose
// positions of each term are pos[term], sorted.
func phraseIn(pos [][]uint64, steps []step) bool {
NEXT:
	for _, p := range pos[steps[0].term] {
		for _, s := range steps[1:] {
			if _, found := slices.BinarySearch(pos[s.term], p+uint64(s.off)); !found {
				continue NEXT
			}
		}
		return true
	}
	return false
}

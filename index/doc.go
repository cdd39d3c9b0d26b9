// Package index is the contract between pressroom's pipeline and its search
// backends: the Writer the pipeline puts releases into, the Searcher analysts
// query, the query model, the one field list both backends map, and the
// highlighter both use.
//
// The backends live in subpackages — index/blevestore (embedded, the
// default) and index/elastic (Elasticsearch) — and return concrete *Store
// types that satisfy these interfaces. This package never imports them; cmd
// chooses one. Every backend runs the same conformance suite in
// index/indextest.
//
// Japanese text is analysed once, in Go, by extract/ja: documents carry their
// Kagome terms precomputed (Doc.Terms), and ParseText turns a query into the
// same terms, so both backends match the same words the same way. Each text
// field is also indexed as written with the engine's CJK bigram analyser,
// which finds a word inside a longer compound and gives phrases.
//
//	w := store // any index.Writer
//	err := w.Put(ctx, index.Doc{Release: rel, Terms: terms}, func(err error) { … })
//	err = w.Flush(ctx) // every ack has been called once this returns
//	res, err := store.Search(ctx, index.Query{Text: "川崎市 覚書", Size: 10})
package index

// Package blevestore is pressroom's embedded index: a Bleve index in a
// directory, nothing to install. It implements index.Index.
//
// Documents arrive with their Kagome terms precomputed (index.Doc.Terms), so
// the terms fields use a whitespace analyser and Kagome runs once per
// release, in extraction, not again here. The text fields use Bleve's CJK
// bigram analyser. A release scores the weights of the fields its words
// matched in (index.Chunk.Clauses), as in Elasticsearch.
//
// Writes accumulate in a bleve.Batch that is committed when it reaches
// Config.BatchDocs documents or Config.BatchBytes bytes, on Flush and on
// Close. A full batch goes to the store's committer goroutine, so the
// caller goes on with the next releases while Bleve builds the segment; a
// second full batch waits for the first (back-pressure). The documents'
// acks are called once Bleve has persisted their segment.
//
// Searches read the matching documents from Bleve unscored, add up the
// weights of the clauses each matched (index.Chunk.Clauses), and collect,
// sort and count facets from the keyword fields held in memory per index
// snapshot (see Search). Document ids are the releases' ids,
// so putting a release again replaces it.
//
//	st, err := blevestore.Open(ctx, "data/index.bleve", analyzer, blevestore.Config{})
//	defer st.Close(ctx)
package blevestore

// Package blevestore is pressroom's embedded index: a Bleve index in a
// directory, nothing to install. It implements index.Index.
//
// Documents arrive with their Kagome terms precomputed (index.Doc.Terms), so
// the terms fields use a whitespace analyser and Kagome runs once per
// release, in extraction, not again here. The text fields use Bleve's CJK
// bigram analyser. Scoring is BM25, as in Elasticsearch.
//
// Writes accumulate in a bleve.Batch that is committed when it reaches
// Config.BatchDocs documents or Config.BatchBytes bytes, on Flush and on
// Close; a commit returns once Bleve has persisted the segment, and only
// then are the documents' acks called. Document ids are the releases' ids,
// so putting a release again replaces it.
//
//	st, err := blevestore.Open(ctx, "data/index.bleve", analyzer, blevestore.Config{})
//	defer st.Close(ctx)
package blevestore

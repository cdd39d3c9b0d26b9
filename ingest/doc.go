// Package ingest drives releases from their sources into the index:
// sources yield pages, the run extracts each (in parallel, one shared
// tokenizer), skips what has not changed since the last run, puts the rest
// into an index.Writer, and records in the crawl state what the index
// acknowledged.
//
// A source is anything that yields pages with an ack (Source): a directory
// of files (ingest/filesource), a newsroom crawled over HTTP (ingest/crawl,
// over the polite client ingest/fetch). The run calls a page's ack only
// after the index acknowledged its release (or after the page was found
// unchanged or failed for good), so a source that marks pages done in its
// ack never loses one. Sources may run side by side (Runner.Parallel).
//
// Every page read is archived (Runner.Archive, ingest/archive), and
// Reindex extracts the archive again into any index.Writer without
// fetching: after an extractor improvement, or to fill a new index.
//
//	run := &ingest.Runner{Extractor: x, Index: store, State: st, Archive: ar}
//	sum, err := run.Run(ctx, filesource.New("", "fixtures/releases"))
//	sum, err = ingest.Reindex(ctx, ar, x, newIndex, st, ingest.ReindexOptions{})
package ingest

// Package ingest drives releases from their sources into the index:
// sources yield pages, the run extracts each (in parallel, one shared
// tokenizer), skips what has not changed since the last run, puts the rest
// into an index.Writer, and records in the crawl state what the index
// acknowledged.
//
// A source is anything that yields pages with an ack (Source): a directory
// of files (ingest/filesource), a newsroom crawled over HTTP. The run calls a
// page's ack only after the index acknowledged its release (or after the
// page was found unchanged or failed for good), so a source that marks
// pages done in its ack never loses one.
//
//	run := &ingest.Runner{Extractor: x, Index: store, State: st}
//	sum, err := run.Run(ctx, filesource.New("fixtures/releases"))
package ingest

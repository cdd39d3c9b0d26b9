// Package archive keeps the raw bytes of every page pressroom read, fetched
// or from a file, compressed, so that a better extractor can be run over
// everything again without fetching anything (ingest.Reindex).
//
// The archive is one bbolt file (archive.db in the data directory) with one
// record per URL: the latest bytes and what is needed to extract them again
// (Content-Type, plain-text flag, source, fetch time). Values are a small
// JSON header followed by the gzip-compressed body. Why this shape:
//
//   - bbolt, as the crawl state: one file, transactions, no server, no
//     thousands of small files; concurrent Puts are coalesced into one
//     transaction (bbolt's Batch), so archiving costs no fsync per page.
//
//   - gzip from the standard library: HTML compresses five- to eightfold
//     with it, a page is archived at most once per change at a crawl's
//     pace of a request a second, and any tool can read it back. zstd
//     would save another tenth at the price of a dependency.
//
//   - latest bytes only: re-extraction needs what the page says now, and
//     the index keeps no history either.
//
//     a, err := archive.Open(ctx, "data/archive.db")
//     defer a.Close(ctx)
//     changed, err := a.Put(ctx, archive.Entry{URL: u, Body: raw, ContentType: ct})
package archive

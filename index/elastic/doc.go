// Package elastic is pressroom's index in Elasticsearch 8, for teams that
// outgrow one machine. It implements index.Index with the same semantics as
// the embedded index/blevestore, and runs the same conformance suite
// (index/indextest) whenever ELASTICSEARCH_URL is set.
//
//	st, err := elastic.Open(ctx, elastic.Config{Addresses: []string{"https://localhost:9200"}, APIKey: key}, analyzer)
//	defer st.Close(ctx)
//	err = st.Put(ctx, index.Doc{Release: rel, Terms: terms}, ack)
//	res, err := st.Search(ctx, index.Query{Text: "川崎市 覚書"})
//
// # Mapping
//
// An index template (Template) maps the document of index.Flatten with an
// explicit, strict mapping built from index.Fields: each Japanese text
// field twice, as written with the built-in cjk analyzer and as Kagome's
// terms (computed in Go, space-separated) with the whitespace analyzer;
// keywords for ids, organizations, kinds, categories, day and year; dates;
// the stored release; and the agreements as nested documents (partner,
// kind, label, signing date, items as text and terms) so that a partner
// and an item match within one agreement. No plugin is needed.
//
// # Versions behind an alias
//
// Reads and writes go to the alias (Config.Alias, "pressroom"); the data
// lives in pressroom-v1, pressroom-v2 … CreateVersion, OpenVersion and
// SwapAlias rebuild into the next version and move the alias in one atomic
// _aliases call; Status reports the versions, their counts and mapping
// hashes. A writer refuses an alias whose index carries another mapping
// hash (ErrMappingChanged): it must be rebuilt, not written into.
//
// # Writing: no document counted that Elasticsearch did not acknowledge
//
// Put queues a document; per-worker batches go out as _bulk requests with
// the action "index" and the release id as _id, so re-delivery overwrites.
// A document's ack is called with nil only when a response item with its
// action and _id says it was indexed — never by position. Items failing
// with 429 or 5xx, items the response does not name, and every item of a
// request that failed (transport error, 429, 5xx) are sent again with
// backoff (Config.MaxRetries, Config.RetryBackoff); what still fails is
// acked with an *ItemError (Elasticsearch's status, type and reason), and
// what was never answered by Close with index.ErrNotAcknowledged, so the
// crawl state leaves it pending for the next run. One release id always
// goes to the same worker, so two versions of a release are written in
// order, and a retry never overwrites a newer version (Stats.Superseded).
// Flush returns once every document queued before it has its ack, then
// refreshes the alias so the documents are searchable.
//
// Why not esutil.BulkIndexer. go-elasticsearch v8.19.7's BulkIndexer hands
// its worker's bytes.Buffer to net/http as the request body and Resets it
// for the next batch as soon as the response is read. When the response
// arrives before net/http's writeLoop has left Buffer.WriteTo (the server
// answers from the bytes it has; the client stops reading at the end of
// the JSON, so the connection's write is never waited for), the writeLoop's
// final Reset wipes items already written for the next batch. Those items
// are never sent, and because BulkIndexer maps response items to its items
// by position, the success callbacks of the wiped items' batch land on the
// wrong documents while the last ones get no callback at all. Measured
// here (TestUpstreamBulkIndexer, 2 cores, 20,000 documents of 8 KB per
// run, 2 workers, a local server that drains each body and answers every
// item with the _id it read): 11 of 40 runs lost documents, 148 of 800,000
// were acknowledged without ever reaching the server, 148 got no callback
// and over 7,000 callbacks named another document, with NumFailed 0 and no
// OnFailure. Handing net/http a private copy of each body (a wrapping
// Client) stopped the losses (0 of 30 runs), but the callbacks would still
// be positional, the indexer would still not retry items, Add after Close
// panics, and Flush says that items added concurrently may not be
// included. This package therefore sends bulk bodies itself through esapi,
// with a new slice for every request that nothing reuses, and checks every
// item by _id: 0 of 20 runs lost anything under the same load, at 11,600
// documents a second against BulkIndexer's 8,500. TestBulkNoSilentLoss
// keeps it so, under -race, with shuffled and incomplete responses.
//
// # Connection
//
// Open checks GET / before anything else and explains failures with the
// URL and what to check: unreachable (ErrUnreachable, with TLS advice),
// credentials refused (ErrUnauthorized, 401 or 403), not Elasticsearch 8
// (ErrNotElasticsearch: no X-Elastic-Product header, OpenSearch, 7.x).
// Credentials (an API key, or a user name and password) and TLS (a CA
// certificate or a fingerprint) come from Config, which cmd fills from the
// environment; they are never logged, and a Config prints without them.
//
// The crawl state can live beside the index: see ingest/state/esstate.
package elastic

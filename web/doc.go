// Package web is the analyst's desk: pressroom's read-only HTTP API and the
// search page served from the binary.
//
// The API answers GET requests only:
//
//	/api/search     releases matching q and the filters, with facets and paging
//	/api/releases/ID one release as release.schema.json describes it
//	/api/partners   the partner network: organizations as nodes, agreements as
//	                edges, and agreements per month
//	/api/export     a whole result set as CSV or JSON Lines, streamed, a row
//	                per release or (rows=agreements) per agreement
//	/healthz        liveness and the number of releases
//
// The page (/, /releases/ID, /network) is plain HTML, CSS and JavaScript
// embedded with go:embed; it builds every element with textContent, so text
// from releases never becomes markup. The Content-Security-Policy forbids
// inline script and, through Trusted Types, assigning strings to innerHTML.
//
// New takes any Backend (both index backends satisfy it), and Serve runs the
// handler until its context is cancelled, then shuts down gracefully:
//
//	h, err := web.New(store, web.Config{Logger: log})
//	ln, err := net.Listen("tcp", "127.0.0.1:8080")
//	err = web.Serve(ctx, ln, h, log)
package web

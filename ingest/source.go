package ingest

import (
	"context"
	"errors"
	"time"
)

// ErrEndOfInput is returned by Source.Next when the source has no more pages.
var ErrEndOfInput = errors.New("end of input")

// Page is one document a source yields.
type Page struct {
	// URL identifies the page: canonical http(s) URL, or file:// for files.
	URL string
	// Body is the raw page in whatever charset it came in.
	Body []byte
	// ContentType is the HTTP Content-Type, "" for files.
	ContentType string
	// Text marks plain text (.txt) rather than HTML.
	Text bool
	// FetchedAt is when the body was read.
	FetchedAt time.Time
	// NotModified: the source found the page unchanged (HTTP 304) and
	// yields no body; the run counts it and acks it.
	NotModified bool
	// ETag, LastModified and HTTPStatus are recorded in the crawl state for
	// conditional requests next time.
	ETag, LastModified string
	HTTPStatus         int
	// Err is set when the source could not read this page; the run reports
	// it and goes on with the next.
	Err error
	// Stage names where Err arose ("read", "fetch", "robots" …).
	Stage string
}

// AckFunc is called once per page with nil when the page is done (indexed,
// unchanged) or with the reason it is not.
type AckFunc func(err error)

// Source yields pages. Next and Close are called from one goroutine; acks
// may be called from any goroutine, in any order, after Next returned.
type Source interface {
	// Name is the source's configured name ("" for ad-hoc paths).
	Name() string
	// Next returns the next page and its ack, or ErrEndOfInput when done.
	// Any other error ends this source's part of the run.
	Next(ctx context.Context) (Page, AckFunc, error)
	// Close releases the source after the run, whether or not every page
	// was read.
	Close(ctx context.Context) error
}

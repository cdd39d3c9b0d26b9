package ingest

import (
	"context"
	"errors"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
)

// ErrEndOfInput is returned by Source.Next when the source has no more pages.
var ErrEndOfInput = errors.New("end of input")

// Page errors the run counts apart from failures: a page robots.txt
// forbids, and a page in a format pressroom does not read (a PDF). Sources
// wrap them into Page.Err.
var (
	ErrDisallowed  = errors.New("disallowed by robots.txt")
	ErrUnsupported = errors.New("unsupported content type")
)

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
	// Selectors are the source's article selectors, nil for generic
	// extraction.
	Selectors *extract.Selectors
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

// SourceStats are the counts only a source knows: what it found before
// reading anything.
type SourceStats struct {
	// Discovered counts the release URLs found (links on list pages, feed
	// items, sitemap entries; files for a file source), after scope and
	// pattern filters.
	Discovered int
	// Skipped counts discovered URLs not requested: known and older than
	// the last crawl, already read by another source in this run, or
	// over the source's limit.
	Skipped int
}

// StatsSource is a Source that reports SourceStats. The run asks once,
// after Next returned ErrEndOfInput (or failed) and before Close.
type StatsSource interface {
	Source
	Stats() SourceStats
}

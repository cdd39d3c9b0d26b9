package index

import (
	"context"
	"errors"

	"github.com/pressroom-ja/pressroom/extract"
)

// Sentinel errors.
var (
	// ErrNotFound: no release has that id.
	ErrNotFound = errors.New("release not found")
	// ErrNotAcknowledged is given to the ack of a document the backend
	// never confirmed (the writer closed first, or the response did not
	// name it). The release stays pending and is sent again next run.
	ErrNotAcknowledged = errors.New("not acknowledged by the index")
	// ErrClosed: the writer was used after Close.
	ErrClosed = errors.New("index closed")
	// ErrBadQuery wraps query errors the user can fix (too long, bad date,
	// bad cursor).
	ErrBadQuery = errors.New("bad query")
)

// Doc is one release as the pipeline hands it to an index.
type Doc struct {
	Release *extract.Release
	// Terms are the Kagome terms of the text fields, computed once during
	// extraction; backends index them as they are.
	Terms extract.Terms
}

// AckFunc receives the outcome of one Put: nil once the backend has durably
// acknowledged the document, the reason otherwise.
type AckFunc func(err error)

// Writer receives releases. Implementations batch: a Put returns once the
// document is queued, and its ack is called later, exactly once, from any
// goroutine, after the backend confirmed the document or failed to.
// A Writer is safe for concurrent use.
type Writer interface {
	// Put queues d. It blocks while the queue is full (back-pressure) and
	// returns an error only when d cannot be queued at all (ctx done,
	// writer closed, d invalid); ack is then not called.
	Put(ctx context.Context, d Doc, ack AckFunc) error
	// Flush sends everything queued and returns when every queued
	// document's ack has been called. The error reports a failed send; per
	// document outcomes go to the acks.
	Flush(ctx context.Context) error
	// Close flushes and releases the writer. Acks not called by then are
	// called with ErrNotAcknowledged. Close must be called once.
	Close(ctx context.Context) error
}

// Searcher answers queries. It is safe for concurrent use.
type Searcher interface {
	Search(ctx context.Context, q Query) (*Results, error)
}

// Index is everything a backend offers: the pipeline's Writer, the
// analysts' Searcher, and the lookups the API and the tests need.
type Index interface {
	Writer
	Searcher
	// Get returns the release with id, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (*extract.Release, error)
	// Delete removes the release with id; deleting a missing id is not an
	// error. It takes effect at the next Flush.
	Delete(ctx context.Context, id string) error
	// Count returns the number of releases searchable now.
	Count(ctx context.Context) (int, error)
}

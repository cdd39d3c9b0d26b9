// Package state is the crawl state: per URL what was fetched, when, what it
// hashed to, and whether the index has acknowledged its release. It lives
// in one bbolt file in the data directory, so a run that stops at any
// moment resumes where it was: a release is marked indexed only after the
// index acknowledged it, and everything else is done again.
//
//	st, err := state.Open(ctx, "data/state.db")
//	defer st.Close(ctx)
//	rec, ok, err := st.Get(ctx, url)
package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/pressroom-ja/pressroom/internal/boltmem"
)

// Status is where a URL's release stands.
type Status int

const (
	// Pending: fetched and sent, not yet acknowledged by the index.
	Pending Status = iota + 1
	// Indexed: the index acknowledged the release.
	Indexed
	// Failed: fetching, extracting or indexing failed; Error says why.
	Failed
	// Unsupported: the URL answered with a type pressroom does not read
	// (a PDF, an image); Error names it. Crawls do not request it again
	// unless told to re-check everything.
	Unsupported
	// Disallowed: robots.txt forbids the URL; it was never requested.
	Disallowed
)

var statusNames = [...]string{"", "pending", "indexed", "failed", "unsupported", "disallowed"}

func (s Status) String() string {
	if s < Pending || int(s) >= len(statusNames) {
		return "unknown"
	}
	return statusNames[s]
}

// MarshalText writes the status by name, so the stored JSON reads well.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status name.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if i > 0 && n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("unknown status %q", b)
}

// Record is what is known of one URL.
type Record struct {
	URL    string `json:"url"`
	ID     string `json:"id"`
	Source string `json:"source,omitempty"`
	// RawSHA256 hashes the bytes as fetched; ReleaseSHA256 the extracted
	// release, so a re-extraction that changes nothing is not re-indexed.
	RawSHA256     string `json:"raw_sha256,omitempty"`
	ReleaseSHA256 string `json:"release_sha256,omitempty"`
	// Extractor is the extract.Version that produced the release.
	Extractor    string    `json:"extractor,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	IndexedAt    time.Time `json:"indexed_at,omitzero"`
	HTTPStatus   int       `json:"http_status,omitempty"`
	Status       Status    `json:"status"`
	Stage        string    `json:"stage,omitempty"`
	Error        string    `json:"error,omitempty"`
	Failures     int       `json:"failures,omitempty"`
	// Retry: `pressroom retry` re-queued the URL; the next run reads it
	// again whether or not a listing still links it, and clears the flag
	// once the page's outcome is recorded.
	Retry bool `json:"retry,omitempty"`
}

// Queued reports whether the next run must read the URL again by itself:
// re-queued by hand, or sent to the index and never acknowledged (a run
// that stopped half way).
func (r Record) Queued() bool { return r.Retry || r.Status == Pending }

var bucketURLs = []byte("urls")

// Store is the state file. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string

	mapped boltmem.Dropper // drops the pages bbolt has mapped, every so many records written
}

// ErrLocked: another process has the state file open.
var ErrLocked = errors.New("state file is in use by another process")

// Open opens (creating if needed) the state file at path.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketURLs, bucketRuns, bucketListings, bucketMarks, bucketAliases, bucketRobots, bucketQueue, bucketFailed} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("init state %s: %w", path, err)
	}
	return &Store{db: db, path: path, mapped: boltmem.Dropper{Every: 4096}}, nil
}

// Close closes the file.
func (s *Store) Close(ctx context.Context) error {
	return s.db.Close()
}

// Get returns the record of url.
func (s *Store) Get(ctx context.Context, url string) (Record, bool, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, false, err
	}
	var rec Record
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketURLs).Get([]byte(url))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &rec)
	})
	if err != nil {
		return Record{}, false, fmt.Errorf("state get %s: %w", url, err)
	}
	return rec, ok, nil
}

// Update changes the records of several URLs in one transaction: fn gets
// each record (zero, with URL set, when new) and edits it in place.
func (s *Store) Update(ctx context.Context, urls []string, fn func(rec *Record)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		for _, url := range urls {
			var rec Record
			if v := b.Get([]byte(url)); v != nil {
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("state %s: %w", url, err)
				}
			}
			rec.URL = url
			fn(&rec)
			if err := put(tx, rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// Apply runs several edits, each on its own URL, in one transaction. The
// pipeline uses it to write a batch of acknowledgements at once.
func (s *Store) Apply(ctx context.Context, edits []Edit) error {
	if len(edits) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		for _, e := range edits {
			var rec Record
			if v := b.Get([]byte(e.URL)); v != nil {
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("state %s: %w", e.URL, err)
				}
			}
			rec.URL = e.URL
			e.Fn(&rec)
			if err := put(tx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.mapped.Wrote(s.db, int64(len(edits)))
	}
	return err
}

// put writes a record and keeps the queue of URLs to read again in step
// with it.
func put(tx *bolt.Tx, rec Record) error {
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketURLs).Put([]byte(rec.URL), v); err != nil {
		return fmt.Errorf("state put %s: %w", rec.URL, err)
	}
	for _, ix := range []struct {
		bucket []byte
		in     bool
	}{{bucketQueue, rec.Queued()}, {bucketFailed, rec.Status == Failed}} {
		b := tx.Bucket(ix.bucket)
		if ix.in {
			err = b.Put([]byte(rec.URL), []byte(rec.Source))
		} else {
			err = b.Delete([]byte(rec.URL))
		}
		if err != nil {
			return fmt.Errorf("state %s %s: %w", ix.bucket, rec.URL, err)
		}
	}
	return nil
}

// Edit is one change for Apply.
type Edit struct {
	URL string
	Fn  func(rec *Record)
}

// Each calls fn for every record in URL order, stopping at its error.
func (s *Store) Each(ctx context.Context, fn func(Record) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketURLs).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var rec Record
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("state %s: %w", k, err)
			}
			return fn(rec)
		})
	})
}

// Counts returns how many records are in each status.
func (s *Store) Counts(ctx context.Context) (map[Status]int, error) {
	out := map[Status]int{}
	err := s.Each(ctx, func(r Record) error {
		out[r.Status]++
		return nil
	})
	return out, err
}

var bucketRuns = []byte("runs")

// Run is the record of one ingest run.
type Run struct {
	ID       string          `json:"id"`
	Started  time.Time       `json:"started"`
	Finished time.Time       `json:"finished,omitzero"`
	Outcome  string          `json:"outcome"`
	Summary  json.RawMessage `json:"summary,omitempty"`
}

// runKeyTime is fixed-width, so that keys sort as times do.
const runKeyTime = "2006-01-02T15:04:05.000000000Z"

// MaxRuns is how many runs AddRun keeps; older ones are dropped.
const MaxRuns = 1000

// AddRun records a run; runs are kept in start order, the last MaxRuns.
func (s *Store) AddRun(ctx context.Context, r Run) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		if err := b.Put([]byte(r.Started.UTC().Format(runKeyTime)+" "+r.ID), v); err != nil {
			return err
		}
		c := b.Cursor()
		for n := b.Stats().KeyN; n > MaxRuns; n-- {
			k, _ := c.First()
			if k == nil {
				break
			}
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
}

// Runs returns the last n runs, newest first.
func (s *Store) Runs(ctx context.Context, n int) ([]Run, error) {
	var out []Run
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

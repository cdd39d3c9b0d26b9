package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// bucketQueue holds the URLs the next run reads again by itself (see
// Record.Queued), URL → source, kept in step with the records by every
// write.
var bucketQueue = []byte("queue")

// Queued returns the URLs of a source that the next run must read again
// whether or not a listing links them: re-queued by Requeue, or left
// pending by a run that stopped before the index acknowledged them.
func (s *Store) Queued(ctx context.Context, source string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketQueue).ForEach(func(k, v []byte) error {
			if string(v) == source {
				out = append(out, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("state queue: %w", err)
	}
	return out, nil
}

// ErrUnknownURL: Requeue was given a URL the crawl state does not know.
var ErrUnknownURL = errors.New("not in the crawl state")

// Requeue flags records for the next run to read again (Record.Retry).
// With urls, those records, whatever their status; without, every failed
// and pending record, of source only when source is not "*". It returns
// the records flagged, as they now are. Unknown URLs are reported
// together in the error (wrapping ErrUnknownURL); the others are flagged
// all the same.
func (s *Store) Requeue(ctx context.Context, source string, urls []string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Record
	var unknown []string
	err := s.db.Update(func(tx *bolt.Tx) error {
		out, unknown = nil, nil
		b := tx.Bucket(bucketURLs)
		var recs []Record
		if len(urls) > 0 {
			for _, u := range urls {
				v := b.Get([]byte(u))
				if v == nil {
					unknown = append(unknown, u)
					continue
				}
				rec, err := decode(u, v)
				if err != nil {
					return err
				}
				recs = append(recs, rec)
			}
		} else {
			err := b.ForEach(func(k, v []byte) error {
				rec, err := decode(string(k), v)
				if err != nil {
					return err
				}
				if (rec.Status == Failed || rec.Status == Pending) && (source == "*" || rec.Source == source) {
					recs = append(recs, rec)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		for _, rec := range recs {
			rec.Retry = true
			if err := put(tx, rec); err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state requeue: %w", err)
	}
	if len(unknown) > 0 {
		return out, fmt.Errorf("%w: %v", ErrUnknownURL, unknown)
	}
	return out, nil
}

func decode(url string, v []byte) (Record, error) {
	var rec Record
	if err := json.Unmarshal(v, &rec); err != nil {
		return Record{}, fmt.Errorf("state %s: %w", url, err)
	}
	return rec, nil
}

// bucketFailed holds the URLs whose record says Failed, URL → source, so
// that status and metrics need not read every record.
var bucketFailed = []byte("failed")

// Backlog counts, per source, the records the next run reads again by
// itself (Record.Queued) and the failed ones.
type Backlog struct {
	Queued map[string]int
	Failed map[string]int
}

// Backlog returns the per-source counts of queued and failed records.
func (s *Store) Backlog(ctx context.Context) (Backlog, error) {
	if err := ctx.Err(); err != nil {
		return Backlog{}, err
	}
	b := Backlog{Queued: map[string]int{}, Failed: map[string]int{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, ix := range []struct {
			bucket []byte
			m      map[string]int
		}{{bucketQueue, b.Queued}, {bucketFailed, b.Failed}} {
			if err := tx.Bucket(ix.bucket).ForEach(func(k, v []byte) error {
				ix.m[string(v)]++
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return b, err
}

// Outstanding calls fn with every failed, pending or re-queued record, in
// URL order, stopping at fn's error.
func (s *Store) Outstanding(ctx context.Context, fn func(Record) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		urls := tx.Bucket(bucketURLs)
		seen := map[string]bool{}
		var keys []string
		for _, name := range [][]byte{bucketFailed, bucketQueue} {
			_ = tx.Bucket(name).ForEach(func(k, _ []byte) error {
				if !seen[string(k)] {
					seen[string(k)] = true
					keys = append(keys, string(k))
				}
				return nil
			})
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := ctx.Err(); err != nil {
				return err
			}
			v := urls.Get([]byte(k))
			if v == nil {
				continue
			}
			rec, err := decode(k, v)
			if err != nil {
				return err
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

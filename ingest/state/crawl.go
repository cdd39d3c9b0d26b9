package state

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketListings = []byte("listings")
	bucketMarks    = []byte("marks")
	bucketAliases  = []byte("aliases")
	bucketRobots   = []byte("robots")
)

// Listing is what a crawl last read from one list page, feed or sitemap:
// its validators for the next conditional request and the links it held,
// which the crawl replays when the server answers 304 Not Modified.
type Listing struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
	// Links are the release links in page order.
	Links []Link `json:"links,omitempty"`
	// Next are the further documents to read: the next list page, or the
	// sitemaps of a sitemap index.
	Next []string `json:"next,omitempty"`
}

// Link is one release link of a listing.
type Link struct {
	URL string `json:"url"`
	// Date is the date the listing shows for it (list date, feed updated
	// time, sitemap lastmod), ISO 8601, or "".
	Date string `json:"date,omitempty"`
}

// Mark is a source's high-water mark: the newest list date up to which
// every release is known, so that the next crawl stops paginating there.
type Mark struct {
	Source    string    `json:"source"`
	Date      string    `json:"date"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Robots is a host's robots.txt as last fetched, so that a run within its
// lifetime does not fetch it again and a later one asks conditionally.
type Robots struct {
	// Origin is scheme://host:port.
	Origin       string    `json:"origin"`
	Status       int       `json:"status"`
	Body         []byte    `json:"body,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
}

func (s *Store) getJSON(ctx context.Context, bucket []byte, key string, v any) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket).Get([]byte(key))
		if b == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(b, v)
	})
	if err != nil {
		return false, fmt.Errorf("state get %s %s: %w", bucket, key, err)
	}
	return ok, nil
}

func (s *Store) putJSON(ctx context.Context, bucket []byte, key string, v any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte(key), b) })
	if err != nil {
		return fmt.Errorf("state put %s %s: %w", bucket, key, err)
	}
	return nil
}

// Listing returns what was last read from the listing at url.
func (s *Store) Listing(ctx context.Context, url string) (Listing, bool, error) {
	var l Listing
	ok, err := s.getJSON(ctx, bucketListings, url, &l)
	return l, ok, err
}

// PutListing records a listing.
func (s *Store) PutListing(ctx context.Context, l Listing) error {
	return s.putJSON(ctx, bucketListings, l.URL, l)
}

// Mark returns a source's high-water mark.
func (s *Store) Mark(ctx context.Context, source string) (Mark, bool, error) {
	var m Mark
	ok, err := s.getJSON(ctx, bucketMarks, source, &m)
	return m, ok, err
}

// PutMark records a source's high-water mark.
func (s *Store) PutMark(ctx context.Context, m Mark) error {
	return s.putJSON(ctx, bucketMarks, m.Source, m)
}

// Alias returns the canonical URL a linked URL turned out to be (by a
// redirect or rel=canonical), so the next crawl asks conditionally for it.
func (s *Store) Alias(ctx context.Context, url string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	var to string
	err := s.db.View(func(tx *bolt.Tx) error {
		to = string(tx.Bucket(bucketAliases).Get([]byte(url)))
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("state alias %s: %w", url, err)
	}
	return to, to != "", nil
}

// PutAlias records that from is the page whose canonical URL is to.
func (s *Store) PutAlias(ctx context.Context, from, to string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAliases)
		if from == to {
			return b.Delete([]byte(from))
		}
		return b.Put([]byte(from), []byte(to))
	})
	if err != nil {
		return fmt.Errorf("state put alias %s: %w", from, err)
	}
	return nil
}

// Robots returns the robots.txt last fetched for an origin.
func (s *Store) Robots(ctx context.Context, origin string) (Robots, bool, error) {
	var r Robots
	ok, err := s.getJSON(ctx, bucketRobots, origin, &r)
	return r, ok, err
}

// PutRobots records a robots.txt.
func (s *Store) PutRobots(ctx context.Context, r Robots) error {
	return s.putJSON(ctx, bucketRobots, r.Origin, r)
}

package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/pressroom-ja/pressroom/internal/boltmem"
)

// ErrLocked: another process has the archive open.
var ErrLocked = errors.New("archive is in use by another process")

// ErrCorrupt: a record cannot be read back.
var ErrCorrupt = errors.New("corrupt archive record")

var bucketPages = []byte("pages")

const formatV1 = 1

// Entry is one archived page. Each and Get without body leave Body nil.
type Entry struct {
	URL         string    `json:"url"`
	Source      string    `json:"source,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Text        bool      `json:"text,omitempty"`
	FetchedAt   time.Time `json:"fetched_at"`
	// SHA256 is the hex SHA-256 of Body; Put fills it in.
	SHA256 string `json:"sha256"`
	// Size is len(Body); Put fills it in.
	Size int    `json:"size"`
	Body []byte `json:"-"`
}

// Store is the archive file. It is safe for concurrent use.
type Store struct {
	db *bolt.DB

	mapped boltmem.Dropper // drops the pages bbolt has mapped, every so many pages written
	// gzips are reused (*gzip.Writer): each holds about a megabyte of
	// compression state, and making one per page cost as much as
	// extracting the page.
	gzips sync.Pool
}

// Open opens (creating if needed) the archive at path.
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
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketPages)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("init archive %s: %w", path, err)
	}
	db.MaxBatchDelay = 20 * time.Millisecond
	return &Store{db: db, mapped: boltmem.Dropper{Every: 1024}}, nil
}

// Close closes the file.
func (s *Store) Close(ctx context.Context) error { return s.db.Close() }

// Put archives e.Body under e.URL, replacing what was there. It reports
// false, writing nothing, when the archive already holds the same bytes.
// Concurrent Puts share one transaction.
func (s *Store) Put(ctx context.Context, e Entry) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if e.URL == "" {
		return false, errors.New("archive put: no URL")
	}
	sum := sha256.Sum256(e.Body)
	e.SHA256 = hex.EncodeToString(sum[:])
	e.Size = len(e.Body)
	if old, ok, err := s.meta(e.URL); err == nil && ok && old.SHA256 == e.SHA256 {
		return false, nil
	}
	v, err := s.encode(e)
	if err != nil {
		return false, fmt.Errorf("archive %s: %w", e.URL, err)
	}
	changed := true
	err = s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPages)
		if old := b.Get([]byte(e.URL)); old != nil {
			if m, err := decodeMeta(old); err == nil && m.SHA256 == e.SHA256 {
				changed = false
				return nil
			}
		}
		return b.Put([]byte(e.URL), v)
	})
	if err != nil {
		return false, fmt.Errorf("archive %s: %w", e.URL, err)
	}
	if changed {
		s.mapped.Wrote(s.db, 1)
	}
	return changed, nil
}

func (s *Store) meta(url string) (Entry, bool, error) {
	var m Entry
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte(url))
		if v == nil {
			return nil
		}
		ok = true
		var err error
		m, err = decodeMeta(v)
		return err
	})
	return m, ok, err
}

// Has reports whether url is archived.
func (s *Store) Has(ctx context.Context, url string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketPages).Get([]byte(url)) != nil
		return nil
	})
	return ok, err
}

// Get returns the archived page at url, body included.
func (s *Store) Get(ctx context.Context, url string) (Entry, bool, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, false, err
	}
	var raw []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketPages).Get([]byte(url)); v != nil {
			raw = bytes.Clone(v)
		}
		return nil
	})
	if err != nil || raw == nil {
		return Entry{}, false, err
	}
	e, err := decode(raw)
	if err != nil {
		return Entry{}, true, fmt.Errorf("archive %s: %w", url, err)
	}
	return e, true, nil
}

// Each calls fn with every page's metadata (no body), in URL order,
// stopping at fn's error. fn must not write to the archive.
func (s *Store) Each(ctx context.Context, fn func(Entry) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			m, err := decodeMeta(v)
			if err != nil {
				return fmt.Errorf("archive %s: %w", k, err)
			}
			return fn(m)
		})
	})
}

// Len returns the number of archived pages.
func (s *Store) Len(ctx context.Context) (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketPages).Stats().KeyN
		return nil
	})
	return n, err
}

// encode writes: version byte, uvarint header length, JSON header, gzip body.
func (s *Store) encode(e Entry) ([]byte, error) {
	meta, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(meta) + len(e.Body)/2)
	buf.WriteByte(formatV1)
	buf.Write(binary.AppendUvarint(nil, uint64(len(meta))))
	buf.Write(meta)
	// The default level compresses these pages nearly as well as the best, at
	// a third of the time.
	zw, _ := s.gzips.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	} else {
		zw.Reset(&buf)
	}
	defer s.gzips.Put(zw)
	if _, err := zw.Write(e.Body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func split(v []byte) (meta, body []byte, err error) {
	if len(v) < 2 || v[0] != formatV1 {
		return nil, nil, fmt.Errorf("%w: unknown format", ErrCorrupt)
	}
	n, k := binary.Uvarint(v[1:])
	if k <= 0 || uint64(len(v)-1-k) < n {
		return nil, nil, fmt.Errorf("%w: bad header length", ErrCorrupt)
	}
	start := 1 + k
	return v[start : start+int(n)], v[start+int(n):], nil
}

func decodeMeta(v []byte) (Entry, error) {
	meta, _, err := split(v)
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	if err := json.Unmarshal(meta, &e); err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return e, nil
}

func decode(v []byte) (Entry, error) {
	e, err := decodeMeta(v)
	if err != nil {
		return Entry{}, err
	}
	_, z, _ := split(v)
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, int64(e.Size)+1))
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(body) != e.Size {
		return Entry{}, fmt.Errorf("%w: body is %d bytes, header says %d", ErrCorrupt, len(body), e.Size)
	}
	e.Body = body
	return e, nil
}

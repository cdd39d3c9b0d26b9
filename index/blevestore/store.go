package blevestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

var (
	_ index.Writer   = (*Store)(nil)
	_ index.Searcher = (*Store)(nil)
	_ index.Index    = (*Store)(nil)
)

// ErrNoIndex: there is no index in the directory yet.
var ErrNoIndex = errors.New("no index here yet")

// ErrMappingChanged: the index on disk was built with another mapping.
var ErrMappingChanged = errors.New("index mapping changed")

const (
	termsAnalyzer = "pressroom_terms"
	mappingKey    = "pressroom_mapping"
)

// Config tunes a Store; zero values mean the defaults.
type Config struct {
	// BatchDocs commits the batch when it holds this many documents
	// (default 250). Bleve analyses a whole batch before it writes the
	// segment, about 100 KB of positions per release; bigger batches save
	// merging but cost memory, and past a few hundred also time.
	BatchDocs int
	// BatchBytes commits the batch when its documents' JSON reaches this
	// size (default 8 MiB).
	BatchBytes int
	// Logger receives debug and warning lines (default: discard).
	Logger *slog.Logger
	// ReadOnly opens an existing index for searching only; another
	// process may be writing it.
	ReadOnly bool
	// LockTimeout bounds the wait for another process's lock (default 3s).
	LockTimeout time.Duration
}

// ErrLocked: another process holds the index open for writing.
var ErrLocked = errors.New("index is locked by another pressroom process")

// Store is a Bleve index. It is safe for concurrent use.
type Store struct {
	idx bleve.Index
	an  *ja.Analyzer
	cfg Config
	log *slog.Logger

	mu         sync.Mutex
	batch      *bleve.Batch
	acks       []index.AckFunc
	bytes      int
	closed     bool
	failed     error // the first failed commit: Put refuses from then on
	unreported error // failed commits the next Flush reports

	order   sync.Mutex      // batches reach jobs in the order they were filled
	jobs    chan *commitJob // to the committer
	stopped chan struct{}   // closed when the committer has returned

	cc   columnCache   // the keyword columns searches read
	warm chan struct{} // closed when the columns read at Open are in

	matches sync.Pool // *matches, a search's per-document scores
}

// Open opens the index in dir, creating it when absent. an analyses
// queries; it must be the analyser that produced the documents' terms.
func Open(ctx context.Context, dir string, an *ja.Analyzer, cfg Config) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cfg.BatchDocs <= 0 {
		cfg.BatchDocs = 250
	}
	if cfg.BatchBytes <= 0 {
		cfg.BatchBytes = 8 << 20
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	im, err := Mapping()
	if err != nil {
		return nil, err
	}
	want := mappingHash(im)
	var idx bleve.Index
	if cfg.LockTimeout <= 0 {
		cfg.LockTimeout = 3 * time.Second
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		idx, err = bleve.OpenUsing(dir, map[string]any{
			"read_only":    cfg.ReadOnly,
			"bolt_timeout": cfg.LockTimeout.String(),
		})
		if errors.Is(err, berrors.ErrTimeout) || err != nil && strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index %s: %w (is an ingest running? try again when it has finished)", dir, ErrLocked)
		}
		if err != nil {
			return nil, fmt.Errorf("open index %s: %w (if the folder is damaged, remove it and run pressroom reindex)", dir, err)
		}
		got, _ := idx.GetInternal([]byte(mappingKey))
		if string(got) != want {
			_ = idx.Close()
			return nil, fmt.Errorf("%w: %s was built by another version of pressroom; run `pressroom reindex` to rebuild it", ErrMappingChanged, dir)
		}
	} else if cfg.ReadOnly {
		return nil, fmt.Errorf("open index %s: %w", dir, ErrNoIndex)
	} else {
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		idx, err = bleve.New(dir, im)
		if err != nil {
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		if err := idx.SetInternal([]byte(mappingKey), []byte(want)); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
	}
	s := &Store{idx: idx, an: an, cfg: cfg, log: log.WithGroup("bleve"), batch: idx.NewBatch(),
		jobs: make(chan *commitJob, 1), stopped: make(chan struct{})}
	go s.committer()
	if cfg.ReadOnly && an != nil {
		// A read-only index keeps its snapshot: read the columns searches
		// need now, so that the first search does not wait for them.
		s.warm = make(chan struct{})
		go func() {
			defer close(s.warm)
			s.warmColumns(ctx)
		}()
	}
	return s, nil
}

// Mapping builds the Bleve mapping from index.Fields.
func Mapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	if err := im.AddCustomAnalyzer(termsAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range index.Fields() {
		var fm *mapping.FieldMapping
		switch f.Type {
		case index.Text:
			fm = bleve.NewTextFieldMapping()
			fm.Analyzer = cjk.AnalyzerName
			fm.Store = false
			fm.IncludeTermVectors = true // phrases
			fm.DocValues = false
		case index.Terms:
			fm = bleve.NewTextFieldMapping()
			fm.Analyzer = termsAnalyzer
			fm.Store = false
			fm.IncludeTermVectors = false
			fm.DocValues = false
		case index.Keyword:
			// No doc values: searches read keyword fields from their
			// postings (columns.go), once per snapshot.
			fm = bleve.NewKeywordFieldMapping()
			fm.Analyzer = keyword.Name
			fm.Store = false
			fm.IncludeInAll = false
			fm.DocValues = false
		case index.Date:
			fm = bleve.NewDateTimeFieldMapping()
			fm.Store = false
			fm.DocValues = false
		case index.Stored:
			fm = bleve.NewTextFieldMapping()
			fm.Index = false
			fm.Store = true
			fm.IncludeTermVectors = false
			fm.DocValues = false
		}
		fm.IncludeInAll = false
		dm.AddFieldMappingsAt(f.Name, fm)
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = termsAnalyzer
	return im, nil
}

// MappingHash identifies this version's mapping: an index built with
// another is refused (ErrMappingChanged). Caches of built indexes key on it.
func MappingHash() string {
	im, err := Mapping()
	if err != nil {
		return ""
	}
	return mappingHash(im)
}

func mappingHash(im *mapping.IndexMappingImpl) string {
	b, _ := json.Marshal(im)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Put queues d; see index.Writer. When the batch is full it goes to the
// committer, and Put returns at once unless a batch is already waiting
// there behind the one being written (back-pressure): the caller extracts
// the next releases while Bleve builds the segment.
func (s *Store) Put(ctx context.Context, d index.Doc, ack index.AckFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m, err := index.Flatten(d)
	if err != nil {
		return err
	}
	size := len(m[index.FieldRelease].(string)) + len(d.Release.Body)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return index.ErrClosed
	}
	if s.failed != nil {
		// A commit failed: the index takes nothing more this run.
		err := s.failed
		s.mu.Unlock()
		return err
	}
	if err := s.batch.Index(d.Release.ID, m); err != nil {
		s.mu.Unlock()
		return fmt.Errorf("put %s: %w", d.Release.ID, err)
	}
	if ack == nil {
		ack = func(error) {}
	}
	s.acks = append(s.acks, ack)
	s.bytes += size
	full := s.batch.Size() >= s.cfg.BatchDocs || s.bytes >= s.cfg.BatchBytes
	s.mu.Unlock()
	if full {
		return s.send(ctx, nil)
	}
	return nil
}

// Delete queues the removal of id.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return index.ErrClosed
	}
	s.batch.Delete(id)
	return nil
}

// Flush commits the batch and waits for every batch sent before it; see
// index.Writer. Its error reports the failed commits since the last Flush.
func (s *Store) Flush(ctx context.Context) error {
	done := make(chan error, 1)
	if err := s.send(ctx, done); err != nil {
		return err
	}
	select {
	case err := <-done:
		s.mu.Lock()
		err = errors.Join(s.unreported, err)
		s.unreported = nil
		s.mu.Unlock()
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// commitJob is a batch on its way to the committer, or (done set, b
// possibly empty) a Flush waiting for everything before it.
type commitJob struct {
	b    *bleve.Batch
	acks []index.AckFunc
	done chan error
}

// send takes the current batch out and queues it for the committer, in
// order. With ctx done before the batch is queued, its documents are not
// sent: their acks say so, and they stay pending for the next run.
func (s *Store) send(ctx context.Context, done chan error) error {
	s.order.Lock()
	defer s.order.Unlock()
	s.mu.Lock()
	j := &commitJob{done: done}
	if s.batch.Size() > 0 {
		j.b, j.acks = s.batch, s.acks
		s.batch, s.acks, s.bytes = s.idx.NewBatch(), nil, 0
	}
	s.mu.Unlock()
	if j.b == nil && done == nil {
		return nil
	}
	select {
	case s.jobs <- j:
		return nil
	case <-ctx.Done():
		for _, a := range j.acks {
			a(fmt.Errorf("%w: %w", index.ErrNotAcknowledged, ctx.Err()))
		}
		return ctx.Err()
	}
}

// committer writes the queued batches one at a time, in order, and calls
// their acks once Bleve has persisted each. It runs from Open to Close.
func (s *Store) committer() {
	defer close(s.stopped)
	for j := range s.jobs {
		var err error
		if j.b != nil {
			if err = s.idx.Batch(j.b); err != nil {
				err = fmt.Errorf("commit %d documents: %w", len(j.acks), err)
				s.log.Warn("commit failed", "docs", len(j.acks), "err", err)
				s.mu.Lock()
				if s.failed == nil {
					s.failed = err
				}
				if j.done == nil {
					s.unreported = errors.Join(s.unreported, err)
				}
				s.mu.Unlock()
			}
			for _, a := range j.acks {
				a(err)
			}
		}
		if j.done != nil {
			j.done <- err
		}
	}
}

// Close flushes and closes the index.
func (s *Store) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	if s.warm != nil {
		<-s.warm
	}
	ferr := s.Flush(context.WithoutCancel(ctx))
	s.order.Lock()
	s.mu.Lock()
	s.closed = true
	for _, a := range s.acks {
		a(index.ErrNotAcknowledged)
	}
	s.acks = nil
	s.mu.Unlock()
	close(s.jobs)
	s.order.Unlock()
	<-s.stopped
	if err := s.idx.Close(); err != nil {
		return errors.Join(ferr, fmt.Errorf("close index: %w", err))
	}
	return ferr
}

// Count returns the number of documents.
func (s *Store) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := s.idx.DocCount()
	return int(n), err
}

// Get returns the release with id.
func (s *Store) Get(ctx context.Context, id string) (*extract.Release, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{index.FieldRelease}
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("get %s: %w", id, index.ErrNotFound)
	}
	return releaseOf(res.Hits[0].Fields)
}

func releaseOf(fields map[string]any) (*extract.Release, error) {
	src, ok := fields[index.FieldRelease].(string)
	if !ok {
		return nil, fmt.Errorf("stored release missing")
	}
	return index.DecodeRelease([]byte(src))
}

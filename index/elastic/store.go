package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

var (
	_ index.Writer   = (*Store)(nil)
	_ index.Searcher = (*Store)(nil)
	_ index.Index    = (*Store)(nil)
)

// Store is pressroom's index in Elasticsearch: it writes to and searches
// one target, the alias (Open) or one version behind it (OpenVersion).
// It is safe for concurrent use.
type Store struct {
	bufs    bufPools // documents' buffers, recycled
	c       *cluster
	an      *ja.Analyzer
	cfg     Config
	log     *slog.Logger
	target  string
	isAlias bool
	owner   bool // closes the client on Close

	ctx    context.Context // the writer's lifetime
	cancel context.CancelFunc
	queues []chan *item // one per worker; an id always goes to the same one
	nudge  []chan struct{}
	quit   chan struct{}
	wg     sync.WaitGroup
	seq    atomic.Uint64

	mu       sync.Mutex
	closed   bool
	epoch    uint64
	inflight map[uint64]int     // Flush epoch → items not yet acked
	pending  map[*item]struct{} // items not yet acked
	newest   map[string]idState // ids with items pending
	changed  chan struct{}      // closed and replaced when an item completes
	sendErrs []error            // request failures that cost documents, since the last Flush
	flushing atomic.Int32
	dirty    atomic.Bool // written since the last refresh

	stats counters
}

// idState is what is pending for one id.
type idState struct {
	newest uint64 // seq of the newest item queued for it
	n      int    // its items pending
}

type counters struct {
	queued, indexed, deleted, failed, retried, superseded, unmatched, requests, bytes atomic.Uint64
}

// Stats are a writer's counts so far, for progress lines.
type Stats struct {
	// Queued counts documents Put and deletes queued.
	Queued uint64 `json:"queued"`
	// Indexed counts documents a response item acknowledged by their _id.
	Indexed uint64 `json:"indexed"`
	Deleted uint64 `json:"deleted"`
	// Failed counts documents whose ack got an error.
	Failed uint64 `json:"failed"`
	// Retried counts documents sent again (429, 5xx, missing from the
	// response, failed request).
	Retried uint64 `json:"retried"`
	// Superseded counts retries dropped because a newer version of the
	// same release was queued after them.
	Superseded uint64 `json:"superseded"`
	// Unmatched counts response items naming no document of their request.
	Unmatched uint64 `json:"unmatched"`
	Requests  uint64 `json:"requests"`
	Bytes     uint64 `json:"bytes"`
	// Pending is the number of documents queued or in flight.
	Pending int `json:"pending"`
}

// Stats returns the counts so far.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	pending := len(s.pending)
	s.mu.Unlock()
	return Stats{
		Queued: s.stats.queued.Load(), Indexed: s.stats.indexed.Load(), Deleted: s.stats.deleted.Load(),
		Failed: s.stats.failed.Load(), Retried: s.stats.retried.Load(), Superseded: s.stats.superseded.Load(),
		Unmatched: s.stats.unmatched.Load(), Requests: s.stats.requests.Load(), Bytes: s.stats.bytes.Load(),
		Pending: pending,
	}
}

// item is one queued bulk action.
type item struct {
	id     string
	delete bool
	src    []byte
	buf    *[]byte // src's recycled buffer (docBuf), until src is in a bulk body
	ack    index.AckFunc
	epoch  uint64
	seq    uint64
	tries  int
}

func (it *item) action() string {
	if it.delete {
		return "delete"
	}
	return "index"
}

// Open connects to the cluster, checks that it is Elasticsearch and takes
// the credentials, and makes sure the alias exists: on first use it puts
// the index template and creates Alias-v1 behind the alias. an analyses
// queries and agreement items; it must be the analyser that produced the
// documents' terms. The Store must be closed.
func Open(ctx context.Context, cfg Config, an *ja.Analyzer) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := newStore(ctx, c, an, cfg.Alias, true)
	s.owner = true
	if err := s.ensureAlias(ctx); err != nil {
		_ = c.close(ctx)
		return nil, err
	}
	s.start()
	return s, nil
}

// OpenVersion returns a Store that writes to and searches one version
// index (from CreateVersion) instead of the alias, over the same
// connection: reindexing fills it, then SwapAlias puts it live. Close it
// before closing s.
func (s *Store) OpenVersion(ctx context.Context, name string) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if _, ok := versionNumber(s.cfg.Alias, name); !ok {
		return nil, fmt.Errorf("%q is not a version of %s (want %s-vN)", name, s.cfg.Alias, s.cfg.Alias)
	}
	v := newStore(ctx, s.c, s.an, name, false)
	v.start()
	return v, nil
}

func newStore(ctx context.Context, c *cluster, an *ja.Analyzer, target string, isAlias bool) *Store {
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Store{
		c: c, an: an, cfg: c.cfg, log: c.log, target: target, isAlias: isAlias,
		ctx: lctx, cancel: cancel, quit: make(chan struct{}),
		inflight: map[uint64]int{}, pending: map[*item]struct{}{}, newest: map[string]idState{},
		changed: make(chan struct{}),
	}
	per := max(1, s.cfg.QueueSize/s.cfg.NumWorkers)
	for range s.cfg.NumWorkers {
		s.queues = append(s.queues, make(chan *item, per))
		s.nudge = append(s.nudge, make(chan struct{}, 1))
	}
	return s
}

func (s *Store) start() {
	for w := range s.queues {
		s.wg.Add(1)
		go s.run(w)
	}
}

// Target is the alias or version index the Store reads and writes.
func (s *Store) Target() string { return s.target }

// Put queues d; see index.Writer. The document's ack is called with nil
// only when a bulk response item names d's id with success; with an error
// wrapping *ItemError when Elasticsearch rejected it (after retries for
// 429 and 5xx); with index.ErrNotAcknowledged when no answer named it.
func (s *Store) Put(ctx context.Context, d index.Doc, ack index.AckFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.Release == nil || d.Release.ID == "" {
		return fmt.Errorf("put: release without id")
	}
	src, buf, err := s.bufs.source(s.an, d)
	if err != nil {
		return fmt.Errorf("put %s: %w", d.Release.ID, err)
	}
	return s.enqueue(ctx, &item{id: d.Release.ID, src: src, buf: buf, ack: ack})
}

// Delete queues the removal of id; it takes effect at the next Flush,
// whose error reports a failed delete. Deleting a missing id is not an
// error.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	it := &item{id: id, delete: true}
	it.ack = func(err error) {
		if err != nil {
			s.noteSendErr(fmt.Errorf("delete %s: %w", id, err))
		}
	}
	return s.enqueue(ctx, it)
}

func (s *Store) enqueue(ctx context.Context, it *item) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return index.ErrClosed
	}
	it.seq = s.seq.Add(1)
	it.epoch = s.epoch
	s.inflight[it.epoch]++
	s.pending[it] = struct{}{}
	s.newest[it.id] = idState{newest: it.seq, n: s.newest[it.id].n + 1}
	s.mu.Unlock()
	s.stats.queued.Add(1)
	h := fnv.New32a()
	h.Write([]byte(it.id))
	q := s.queues[int(h.Sum32()%uint32(len(s.queues)))]
	select {
	case q <- it:
		return nil
	case <-ctx.Done():
		s.abandon(it)
		return ctx.Err()
	case <-s.quit:
		s.abandon(it)
		return index.ErrClosed
	}
}

// abandon forgets an item that was never queued: Put returned an error,
// so its ack is not called.
func (s *Store) abandon(it *item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pending[it]; ok {
		delete(s.pending, it)
		s.done(it)
	}
}

// finish calls it's ack once with err and counts it done.
func (s *Store) finish(it *item, err error) {
	s.mu.Lock()
	_, ok := s.pending[it]
	delete(s.pending, it)
	s.mu.Unlock()
	if !ok {
		return
	}
	switch {
	case err != nil:
		s.stats.failed.Add(1)
	case it.delete:
		s.stats.deleted.Add(1)
	default:
		s.stats.indexed.Add(1)
	}
	if it.ack != nil {
		it.ack(err)
	}
	s.mu.Lock()
	s.done(it)
	s.mu.Unlock()
}

// done counts it out of its epoch; s.mu is held.
func (s *Store) done(it *item) {
	if s.inflight[it.epoch]--; s.inflight[it.epoch] <= 0 {
		delete(s.inflight, it.epoch)
	}
	if st := s.newest[it.id]; st.n <= 1 {
		delete(s.newest, it.id)
	} else {
		st.n--
		s.newest[it.id] = st
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// superseded reports whether a newer item for the same id was queued
// after it: retrying it could overwrite the newer version.
func (s *Store) superseded(it *item) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newest[it.id].newest > it.seq
}

func (s *Store) noteSendErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sendErrs) < 5 {
		s.sendErrs = append(s.sendErrs, err)
	}
}

// Flush sends everything queued and returns when every document queued
// before the call has its ack; then it refreshes the target so that they
// are searchable (unless Config.NoRefresh). The error reports requests that
// failed and the documents they cost; per-document outcomes are in the acks.
func (s *Store) Flush(ctx context.Context) error {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return index.ErrClosed
	}
	return s.flush(ctx)
}

func (s *Store) flush(ctx context.Context) error {
	s.mu.Lock()
	e := s.epoch
	s.epoch++
	s.mu.Unlock()
	s.flushing.Add(1)
	defer s.flushing.Add(-1)
	for _, n := range s.nudge {
		select {
		case n <- struct{}{}:
		default:
		}
	}
	for {
		s.mu.Lock()
		busy := false
		for ep, n := range s.inflight {
			if ep <= e && n > 0 {
				busy = true
				break
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if !busy {
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("flush: %w", ctx.Err())
		}
	}
	s.mu.Lock()
	errs := s.sendErrs
	s.sendErrs = nil
	s.mu.Unlock()
	if s.dirty.Swap(false) && !s.cfg.NoRefresh {
		if err := s.refresh(ctx); err != nil {
			s.dirty.Store(true)
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("flush: %w", errors.Join(errs...))
	}
	return nil
}

func (s *Store) refresh(ctx context.Context) error {
	rep, err := s.c.call(ctx, "refresh "+s.target, true, func() esapi.Request {
		return esapi.IndicesRefreshRequest{Index: []string{s.target}}
	})
	if err != nil {
		return err
	}
	if !rep.ok() {
		return rep.err("refresh " + s.target)
	}
	return nil
}

// Close flushes, stops the workers and, for a Store from Open, closes the
// connection. Acks not called by then are called with an error wrapping
// index.ErrNotAcknowledged: those releases stay pending. When ctx ends
// before the flush does, requests in flight are abandoned the same way.
func (s *Store) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	ferr := s.flush(ctx)
	s.cancel()
	close(s.quit)
	s.wg.Wait()
	s.mu.Lock()
	left := make([]*item, 0, len(s.pending))
	for it := range s.pending {
		left = append(left, it)
	}
	s.mu.Unlock()
	for _, it := range left {
		s.finish(it, fmt.Errorf("%s: %w (the writer closed first)", it.id, index.ErrNotAcknowledged))
	}
	if s.owner {
		if err := s.c.close(ctx); err != nil && ferr == nil {
			ferr = err
		}
	}
	return ferr
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Get returns the release with id.
func (s *Store) Get(ctx context.Context, id string) (*extract.Release, error) {
	if s.isClosed() {
		return nil, index.ErrClosed
	}
	rep, err := s.c.call(ctx, "get "+id, true, func() esapi.Request {
		return esapi.GetRequest{Index: s.target, DocumentID: id, SourceIncludes: []string{index.FieldRelease}}
	})
	if err != nil {
		return nil, err
	}
	if rep.status == http.StatusNotFound {
		if e := parseError(rep.body); e != nil && e.Type == "index_not_found_exception" {
			return nil, fmt.Errorf("get %s: %s: %w", id, e.Reason, ErrNoIndex)
		}
		return nil, fmt.Errorf("get %s: %w", id, index.ErrNotFound)
	}
	if !rep.ok() {
		return nil, rep.err("get " + id)
	}
	var doc struct {
		Found  bool `json:"found"`
		Source struct {
			Release string `json:"release"`
		} `json:"_source"`
	}
	if err := json.Unmarshal(rep.body, &doc); err != nil {
		return nil, fmt.Errorf("get %s: decode: %w", id, err)
	}
	if !doc.Found {
		return nil, fmt.Errorf("get %s: %w", id, index.ErrNotFound)
	}
	return index.DecodeRelease([]byte(doc.Source.Release))
}

// Count returns the number of releases searchable now (nested agreement
// documents are not counted).
func (s *Store) Count(ctx context.Context) (int, error) {
	if s.isClosed() {
		return 0, index.ErrClosed
	}
	return s.c.count(ctx, s.target)
}

func (c *cluster) count(ctx context.Context, target string) (int, error) {
	rep, err := c.call(ctx, "count "+target, true, func() esapi.Request {
		return esapi.CountRequest{Index: []string{target}}
	})
	if err != nil {
		return 0, err
	}
	if rep.status == http.StatusNotFound {
		return 0, fmt.Errorf("count %s: %w", target, ErrNoIndex)
	}
	if !rep.ok() {
		return 0, rep.err("count " + target)
	}
	var v struct {
		Count int `json:"count"`
	}
	if err := json.Unmarshal(rep.body, &v); err != nil {
		return 0, fmt.Errorf("count %s: decode: %w", target, err)
	}
	return v.Count, nil
}

func (c *cluster) close(ctx context.Context) error {
	if err := c.es.Close(ctx); err != nil {
		return fmt.Errorf("close elasticsearch client: %w", err)
	}
	return nil
}

// bodyOf builds a fresh bulk body for items. A new slice every request:
// nothing of it is reused while net/http may still be writing it (the
// esutil.BulkIndexer defect this package exists to avoid). A document
// still in its recycled buffer is from then on read from the body, which
// nothing writes again (a retry copies it into the next body), and its
// buffer is given back.
func bodyOf(items []*item, bufs *bufPools) []byte {
	n := 0
	for _, it := range items {
		n += len(it.id) + len(it.src) + 32
	}
	b := make([]byte, 0, n)
	for _, it := range items {
		b = append(b, `{"`...)
		b = append(b, it.action()...)
		b = append(b, `":{"_id":`...)
		b = appendString(b, it.id, withHTML) // as json.Marshal writes it
		b = append(b, "}}\n"...)
		if !it.delete {
			start := len(b)
			b = append(b, it.src...)
			if it.buf != nil {
				it.src = b[start:len(b):len(b)]
				bufs.release(it.buf)
				it.buf = nil
			}
			b = append(b, '\n')
		}
	}
	return b
}

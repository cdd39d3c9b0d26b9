package esstate

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/pressroom-ja/pressroom/ingest/runlock"
)

// LockID is the _id of the run lock's document in the state index. Record
// ids are hex SHA-256s, so it cannot collide with one.
const LockID = "run-lock"

// Lease defaults.
const (
	DefaultLeaseTTL = 2 * time.Minute
)

// LeaseConfig tunes Lock; zero values mean the defaults.
type LeaseConfig struct {
	// TTL is how long the lease holds without a renewal (default 2m): a
	// holder that crashed is taken over that long after its last renewal.
	// Clocks of the machines that run pressroom must agree to well within
	// it.
	TTL time.Duration
	// Renew is the heartbeat's period (default TTL/4).
	Renew time.Duration
	// Logger gets a warning when a renewal fails (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// HeldError reports the run that holds the lease.
type HeldError struct {
	Index   string
	Holder  runlock.Holder
	Expires time.Time
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%v: %s holds the lock %s/_doc/%s (its lease runs until %s unless renewed)",
		ErrHeld, e.Holder, e.Index, LockID, e.Expires.Format(time.RFC3339))
}

func (e *HeldError) Unwrap() error { return ErrHeld }

// ErrHeld is wrapped by HeldError.
var ErrHeld = errors.New("the crawl state in Elasticsearch is locked by another run")

// ErrLeaseLost: the lease expired before it was renewed, or another run
// took it over; the holder must stop writing.
var ErrLeaseLost = errors.New("run lease in Elasticsearch lost")

// lockDoc is the lock document.
type lockDoc struct {
	Kind     string         `json:"kind"`
	Holder   runlock.Holder `json:"holder"`
	Token    string         `json:"token"`
	Renewed  time.Time      `json:"renewed"`
	Expires  time.Time      `json:"expires"`
	Acquired time.Time      `json:"acquired"`
}

// Lease is a held run lock in the state index. It renews itself in the
// background until Release.
type Lease struct {
	s    *Store
	cfg  LeaseConfig
	log  *slog.Logger
	doc  lockDoc
	lost chan struct{}

	mu          sync.Mutex
	seqNo, term int64
	lostErr     error

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Lock takes the run lock kept in the state index: it creates the lock
// document with op_type=create, so that of two runs only one succeeds,
// and renews its lease every cfg.Renew (compare-and-set on the document's
// sequence number). A document whose lease has expired (its holder
// crashed, or lost its connection for longer than the TTL) is taken over.
// A lock held by a live run gives a *HeldError naming it. PID, Host and
// Started of h are filled in when zero.
func (s *Store) Lock(ctx context.Context, h runlock.Holder, cfg LeaseConfig) (*Lease, error) {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultLeaseTTL
	}
	if cfg.Renew <= 0 {
		cfg.Renew = cfg.TTL / 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h = runlock.Fill(h)
	var nonce [12]byte
	_, _ = rand.Read(nonce[:])
	now := cfg.Now().UTC()
	l := &Lease{s: s, cfg: cfg, log: log, lost: make(chan struct{}), doc: lockDoc{
		Kind: "lock", Holder: h, Token: hex.EncodeToString(nonce[:]), Acquired: now, Renewed: now, Expires: now.Add(cfg.TTL),
	}}
	for attempt := 0; ; attempt++ {
		seq, term, status, err := l.write(ctx, nil)
		if err != nil {
			return nil, err
		}
		if status == http.StatusCreated || status == http.StatusOK {
			l.seqNo, l.term = seq, term
			break
		}
		// 409: someone holds it, or held it.
		cur, found, err := s.lockHolder(ctx)
		if err != nil {
			return nil, err
		}
		switch {
		case !found:
			// Released in between: create again.
		case cur.doc.Token == l.doc.Token:
			// Our own create went through before a retry: ours.
			l.seqNo, l.term = cur.seqNo, cur.term
		case cfg.Now().Before(cur.doc.Expires):
			return nil, &HeldError{Index: s.index, Holder: cur.doc.Holder, Expires: cur.doc.Expires}
		default:
			log.Warn("taking over an expired run lease", "holder", cur.doc.Holder.String(), "expired", cur.doc.Expires)
			seq, term, status, err := l.write(ctx, &cur)
			if err != nil {
				return nil, err
			}
			if status == http.StatusOK || status == http.StatusCreated {
				l.seqNo, l.term = seq, term
			}
		}
		if l.term != 0 {
			break
		}
		if attempt == 5 {
			return nil, fmt.Errorf("lock %s/_doc/%s: still contended after %d attempts", s.index, LockID, attempt+1)
		}
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l.cancel = cancel
	l.wg.Add(1)
	go l.heartbeat(rctx)
	return l, nil
}

// Holder is who holds the lease (this run).
func (l *Lease) Holder() runlock.Holder { return l.doc.Holder }

// Lost is closed when the lease is lost (see ErrLeaseLost): the run must
// stop, another may have started.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Err is nil while the lease holds, the reason once lost.
func (l *Lease) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lostErr
}

func (l *Lease) heartbeat(ctx context.Context) {
	defer l.wg.Done()
	t := time.NewTicker(l.cfg.Renew)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := l.cfg.Now().UTC()
		l.mu.Lock()
		cur := currentLock{seqNo: l.seqNo, term: l.term}
		expires := l.doc.Expires
		l.mu.Unlock()
		next := l.doc
		next.Renewed, next.Expires = now, now.Add(l.cfg.TTL)
		// A renewal is not cut off by Release: its outcome (the new
		// sequence number) must be known to delete the document.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.cfg.TTL/2)
		seq, term, status, err := l.writeDoc(wctx, next, &cur)
		cancel()
		switch {
		case err == nil && (status == http.StatusOK || status == http.StatusCreated):
			l.mu.Lock()
			l.seqNo, l.term, l.doc.Renewed, l.doc.Expires = seq, term, next.Renewed, next.Expires
			l.mu.Unlock()
			continue
		case err == nil && (status == http.StatusConflict || status == http.StatusNotFound):
			l.lose(fmt.Errorf("%w: another run took it over or removed it", ErrLeaseLost))
			return
		}
		if err == nil {
			err = fmt.Errorf("status %d", status)
		}
		if !l.cfg.Now().Before(expires) {
			l.lose(fmt.Errorf("%w: not renewed before it expired at %s: %w", ErrLeaseLost, expires.Format(time.RFC3339), err))
			return
		}
		l.log.Warn("renew run lease", "err", err, "expires", expires)
	}
}

func (l *Lease) lose(err error) {
	l.mu.Lock()
	l.lostErr = err
	l.mu.Unlock()
	l.log.Error("run lease lost", "err", err)
	close(l.lost)
}

// Release stops the heartbeat and deletes the lock document, if it is
// still this lease's.
func (l *Lease) Release(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.cancel()
	l.wg.Wait()
	if l.Err() != nil {
		return nil
	}
	l.mu.Lock()
	seq, term := int(l.seqNo), int(l.term)
	l.mu.Unlock()
	status, body, err := l.s.es.Do(ctx, "unlock", false, func() esapi.Request {
		return esapi.DeleteRequest{Index: l.s.index, DocumentID: LockID, IfSeqNo: &seq, IfPrimaryTerm: &term}
	})
	if err != nil {
		return fmt.Errorf("release run lease: %w", err)
	}
	if status == http.StatusConflict {
		// A renewal whose answer was lost: still ours if the token says so.
		cur, found, err := l.s.lockHolder(ctx)
		if err != nil || !found || cur.doc.Token != l.doc.Token {
			return err
		}
		seq, term = int(cur.seqNo), int(cur.term)
		status, body, err = l.s.es.Do(ctx, "unlock", false, func() esapi.Request {
			return esapi.DeleteRequest{Index: l.s.index, DocumentID: LockID, IfSeqNo: &seq, IfPrimaryTerm: &term}
		})
		if err != nil {
			return fmt.Errorf("release run lease: %w", err)
		}
	}
	if status >= 300 && status != http.StatusNotFound && status != http.StatusConflict {
		// 404 and 409: the document is no longer this lease's.
		return fmt.Errorf("release run lease: %d %s", status, body)
	}
	return nil
}

// write creates the lock document (prev nil) or replaces prev.
func (l *Lease) write(ctx context.Context, prev *currentLock) (seqNo, term int64, status int, err error) {
	return l.writeDoc(ctx, l.doc, prev)
}

func (l *Lease) writeDoc(ctx context.Context, d lockDoc, prev *currentLock) (seqNo, term int64, status int, err error) {
	body, err := json.Marshal(d)
	if err != nil {
		return 0, 0, 0, err
	}
	status, resp, err := l.s.es.Do(ctx, "lock", false, func() esapi.Request {
		r := esapi.IndexRequest{Index: l.s.index, DocumentID: LockID, Body: bytes.NewReader(body), Refresh: "false"}
		if prev == nil {
			r.OpType = "create"
		} else {
			seq, term := int(prev.seqNo), int(prev.term)
			r.IfSeqNo, r.IfPrimaryTerm = &seq, &term
		}
		return r
	})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("lock %s/_doc/%s: %w", l.s.index, LockID, err)
	}
	switch {
	case status == http.StatusOK || status == http.StatusCreated:
		var v struct {
			SeqNo int64 `json:"_seq_no"`
			Term  int64 `json:"_primary_term"`
		}
		if err := json.Unmarshal(resp, &v); err != nil {
			return 0, 0, 0, fmt.Errorf("lock %s/_doc/%s: %w", l.s.index, LockID, err)
		}
		return v.SeqNo, v.Term, status, nil
	case status == http.StatusConflict || status == http.StatusNotFound:
		return 0, 0, status, nil
	}
	return 0, 0, status, fmt.Errorf("lock %s/_doc/%s: %d %s", l.s.index, LockID, status, resp)
}

type currentLock struct {
	doc         lockDoc
	seqNo, term int64
}

func (s *Store) lockHolder(ctx context.Context) (currentLock, bool, error) {
	status, body, err := s.es.Do(ctx, "lock get", true, func() esapi.Request {
		return esapi.GetRequest{Index: s.index, DocumentID: LockID}
	})
	if err != nil {
		return currentLock{}, false, fmt.Errorf("read run lock: %w", err)
	}
	if status == http.StatusNotFound {
		return currentLock{}, false, nil
	}
	if status != http.StatusOK {
		return currentLock{}, false, fmt.Errorf("read run lock: %d %s", status, body)
	}
	var v struct {
		Found  bool    `json:"found"`
		SeqNo  int64   `json:"_seq_no"`
		Term   int64   `json:"_primary_term"`
		Source lockDoc `json:"_source"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return currentLock{}, false, fmt.Errorf("read run lock: %w", err)
	}
	return currentLock{doc: v.Source, seqNo: v.SeqNo, term: v.Term}, v.Found, nil
}

// LockHolder reports who holds the run lock, if anyone does and the lease
// has not expired.
func (s *Store) LockHolder(ctx context.Context) (runlock.Holder, time.Time, bool, error) {
	c, found, err := s.lockHolder(ctx)
	if err != nil || !found || !time.Now().Before(c.doc.Expires) {
		return runlock.Holder{}, time.Time{}, false, err
	}
	return c.doc.Holder, c.doc.Expires, true, nil
}

package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/pressroom-ja/pressroom/index"
)

// The bulk writer. Each worker owns a queue (an id always hashes to the
// same worker, so two versions of one release are sent in order), gathers
// a batch until FlushDocs, FlushBytes, FlushInterval or a Flush, and sends
// it with a body built afresh for that request. Every response item is
// matched to the document with the same action and _id, never by
// position; items the response does not name, and items failing with 429
// or 5xx, are sent again with backoff, up to MaxRetries; whatever is left
// gets an error in its ack and stays pending in the crawl state.

// bulkFilter trims responses to what is read.
var bulkFilter = []string{"errors", "items.*._id", "items.*.status", "items.*.result", "items.*.error", "error", "status"}

func (s *Store) run(w int) {
	defer s.wg.Done()
	q := s.queues[w]
	var batch []*item
	size := 0
	add := func(it *item) {
		batch = append(batch, it)
		size += len(it.src) + len(it.id) + 32
		if len(batch) >= s.cfg.FlushDocs || size >= s.cfg.FlushBytes {
			s.send(batch)
			batch, size = nil, 0
		}
	}
	flush := func() {
		if len(batch) > 0 {
			s.send(batch)
			batch, size = nil, 0
		}
	}
	drain := func() {
		for {
			select {
			case it := <-q:
				add(it)
			default:
				return
			}
		}
	}
	tick := time.NewTicker(s.cfg.FlushInterval)
	defer tick.Stop()
	for {
		select {
		case it := <-q:
			add(it)
			if s.flushing.Load() > 0 {
				drain()
				flush()
			}
		case <-s.nudge[w]:
			drain()
			flush()
		case <-tick.C:
			flush()
		case <-s.quit:
			drain()
			flush()
			return
		}
	}
}

// retry is an item to send again and the error it met; reqErr is set
// when the whole request failed, to report from Flush if the item is
// given up.
type retry struct {
	it     *item
	err    *ItemError
	reqErr error
}

// send delivers items, retrying as described above, and calls every
// item's ack before it returns.
func (s *Store) send(items []*item) {
	for attempt := 1; len(items) > 0; attempt++ {
		for _, it := range items {
			it.tries++
		}
		again := s.sendOnce(items)
		items = items[:0:0]
		var lastErr error
		for _, r := range again {
			switch {
			case s.superseded(r.it):
				// A newer version of the release is queued behind this one;
				// sending this again could overwrite it. The newer one's ack
				// tells the outcome; this one is done.
				s.stats.superseded.Add(1)
				s.finish(r.it, nil)
			case attempt > s.cfg.MaxRetries || s.ctx.Err() != nil:
				r.err.Attempts = r.it.tries
				s.log.Warn("document not indexed", "id", r.it.id, "err", r.err)
				if r.reqErr != nil {
					s.noteSendErr(r.reqErr)
				}
				s.finish(r.it, r.err)
			default:
				items = append(items, r.it)
				lastErr = r.err
			}
		}
		if len(items) == 0 {
			return
		}
		s.stats.retried.Add(uint64(len(items)))
		wait := s.cfg.RetryBackoff(attempt)
		s.log.Warn("retrying documents", "target", s.target, "docs", len(items), "attempt", attempt, "wait", wait, "err", lastErr)
		if sleep(s.ctx, wait) != nil {
			for _, it := range items {
				s.finish(it, &ItemError{ID: it.id, Attempts: it.tries, Cause: fmt.Errorf("%w: writer closed while retrying: %v", index.ErrNotAcknowledged, lastErr)})
			}
			return
		}
	}
}

// sendOnce sends one bulk request, acks the items the response settles,
// and returns those to try again.
func (s *Store) sendOnce(items []*item) []retry {
	var reqErr error // set before all is called for a failed request
	all := func(e func(it *item) *ItemError) []retry {
		out := make([]retry, len(items))
		for i, it := range items {
			out[i] = retry{it, e(it), reqErr}
		}
		return out
	}
	fail := func(e func(it *item) *ItemError) []retry {
		for _, it := range items {
			err := e(it)
			err.Attempts = it.tries
			s.finish(it, err)
		}
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return all(func(it *item) *ItemError {
			return &ItemError{ID: it.id, Cause: fmt.Errorf("%w: the writer closed before sending it", index.ErrNotAcknowledged)}
		})
	}
	body := bodyOf(items, &s.bufs)
	s.stats.requests.Add(1)
	s.stats.bytes.Add(uint64(len(body)))
	start := time.Now()
	req := esapi.BulkRequest{Index: s.target, Body: bytes.NewReader(body), FilterPath: bulkFilter}
	if s.isAlias {
		// Never let a write auto-create a concrete index named like the alias.
		yes := true
		req.RequireAlias = &yes
	}
	rctx, cancel := context.WithTimeout(s.ctx, s.cfg.RequestTimeout)
	res, err := req.Do(rctx, s.c.es)
	var status int
	var raw []byte
	if err == nil {
		status = res.StatusCode
		raw, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	cancel()
	if err != nil {
		cause := s.c.unreachable(err)
		if s.ctx.Err() != nil {
			cause = fmt.Errorf("%w: the writer closed during the request", index.ErrNotAcknowledged)
		}
		s.log.Warn("bulk request failed", "target", s.target, "docs", len(items), "err", cause)
		reqErr = fmt.Errorf("bulk request failed: %w", cause)
		return all(func(it *item) *ItemError { return &ItemError{ID: it.id, Cause: cause} })
	}
	s.log.Debug("bulk", "target", s.target, "docs", len(items), "bytes", len(body), "status", status, "took", time.Since(start))
	if status < 200 || status > 299 {
		e := parseError(raw)
		if e == nil {
			e = &esError{Type: http.StatusText(status)}
		}
		mk := func(it *item) *ItemError {
			return &ItemError{ID: it.id, Status: status, Type: e.Type, Reason: e.Reason}
		}
		reqErr = fmt.Errorf("bulk request: %s", statusDetail(status, raw))
		switch {
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			refused := s.c.refused(status, raw)
			s.noteSendErr(refused)
			return fail(func(it *item) *ItemError { return &ItemError{ID: it.id, Status: status, Cause: refused} })
		case retriableStatus(status):
			s.log.Warn("bulk request failed", "target", s.target, "docs", len(items), "err", reqErr)
			return all(mk)
		default:
			s.log.Warn("bulk request rejected", "target", s.target, "docs", len(items), "err", reqErr)
			s.noteSendErr(reqErr)
			return fail(mk)
		}
	}
	var resp bulkResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		cause := fmt.Errorf("%w: bulk response unreadable: %v", index.ErrNotAcknowledged, err)
		s.log.Warn("bulk response unreadable", "target", s.target, "docs", len(items), "err", err)
		return all(func(it *item) *ItemError { return &ItemError{ID: it.id, Status: status, Cause: cause} })
	}
	return s.settle(items, resp)
}

type bulkResponse struct {
	Errors bool                  `json:"errors"`
	Items  []map[string]bulkItem `json:"items"`
}

type bulkItem struct {
	ID     string   `json:"_id"`
	Status int      `json:"status"`
	Result string   `json:"result"`
	Error  *esError `json:"error"`
}

// settle matches response items to documents by action and _id (in
// request order among equal ids), acks the settled ones and returns the
// rest.
func (s *Store) settle(items []*item, resp bulkResponse) []retry {
	byKey := make(map[string][]int, len(items))
	for i, it := range items {
		k := it.action() + "\x00" + it.id
		byKey[k] = append(byKey[k], i)
	}
	answered := make([]bool, len(items))
	var again []retry
	for _, entry := range resp.Items {
		for op, ri := range entry {
			k := op + "\x00" + ri.ID
			idx := byKey[k]
			if len(idx) == 0 {
				s.stats.unmatched.Add(1)
				s.log.Warn("bulk response names a document not in its request", "target", s.target, "op", op, "id", ri.ID)
				continue
			}
			i := idx[0]
			byKey[k] = idx[1:]
			answered[i] = true
			it := items[i]
			switch {
			case ri.Error == nil && (ri.Status == 200 || ri.Status == 201):
				s.dirty.Store(true)
				s.finish(it, nil)
			case it.delete && ri.Status == http.StatusNotFound:
				s.finish(it, nil) // already gone
			default:
				e := &ItemError{ID: it.id, Status: ri.Status}
				if ri.Error != nil {
					e.Type, e.Reason = ri.Error.Type, ri.Error.Reason
					if ri.Error.CausedBy != nil && ri.Error.CausedBy.Reason != "" {
						e.Reason += " (" + ri.Error.CausedBy.Type + ": " + ri.Error.CausedBy.Reason + ")"
					}
				}
				if e.Retriable() {
					again = append(again, retry{it, e, nil})
					continue
				}
				e.Attempts = it.tries
				s.log.Warn("document rejected", "target", s.target, "id", it.id, "err", e)
				s.finish(it, e)
			}
		}
	}
	for i, it := range items {
		if !answered[i] {
			again = append(again, retry{it, &ItemError{ID: it.id, Cause: fmt.Errorf("%w: the bulk response did not name it", index.ErrNotAcknowledged)}, nil})
		}
	}
	return again
}

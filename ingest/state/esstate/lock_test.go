package esstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/runlock"
)

// writeDoc answers single-document writes as Elasticsearch does:
// op_type=create fails with 409 when the document exists, if_seq_no and
// if_primary_term make a write or a delete conditional.
func (f *fakeCluster) writeDoc(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	q := r.URL.Query()
	d, exists := f.docs[id]
	conflict := func(reason string) {
		w.WriteHeader(http.StatusConflict)
		fmt.Fprintf(w, `{"error":{"type":"version_conflict_engine_exception","reason":"[%s]: %s"},"status":409}`, id, reason)
	}
	if s := q.Get("if_seq_no"); s != "" {
		seq, _ := strconv.ParseInt(s, 10, 64)
		if !exists || seq != d.seq || q.Get("if_primary_term") != "1" {
			conflict("version conflict, required seqNo [" + s + "]")
			return
		}
	}
	switch r.Method {
	case http.MethodDelete:
		if !exists {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"_index":"pressroom-state","_id":%q,"result":"not_found"}`, id)
			return
		}
		delete(f.docs, id)
		f.seq++
		fmt.Fprintf(w, `{"_index":"pressroom-state","_id":%q,"_seq_no":%d,"_primary_term":1,"result":"deleted"}`, id, f.seq)
	case http.MethodPut, http.MethodPost:
		if q.Get("op_type") == "create" && exists {
			conflict("document already exists")
			return
		}
		f.seq++
		f.docs[id] = doc{f.seq, append([]byte(nil), body...)}
		status, result := http.StatusOK, "updated"
		if !exists {
			status, result = http.StatusCreated, "created"
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"_index":"pressroom-state","_id":%q,"_seq_no":%d,"_primary_term":1,"result":%q}`, id, f.seq, result)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (f *fakeCluster) lockDoc(t *testing.T) (lockDoc, bool) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[LockID]
	if !ok {
		return lockDoc{}, false
	}
	var l lockDoc
	if err := json.Unmarshal(d.src, &l); err != nil {
		t.Fatal(err)
	}
	return l, true
}

// A second run is turned away with the holder and since when; the holder's
// heartbeat renews the lease; Release frees it for the next run.
func TestLockSecondRunTurnedAway(t *testing.T) {
	f := &fakeCluster{docs: map[string]doc{}}
	_, st := open(t, f)
	ctx := context.Background()
	since := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	a, err := st.Lock(ctx, runlock.Holder{PID: 101, Host: "job-a", Command: "pressroom ingest --every 30m", Started: since},
		LeaseConfig{TTL: 400 * time.Millisecond, Renew: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	first, ok := f.lockDoc(t)
	if !ok || first.Holder.PID != 101 || first.Kind != "lock" {
		t.Fatalf("lock document = %+v, %v", first, ok)
	}

	_, err = st.Lock(ctx, runlock.Holder{PID: 202, Host: "job-b", Command: "pressroom ingest"}, LeaseConfig{})
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
		t.Fatalf("second Lock: %v, want a *HeldError", err)
	}
	if held.Holder.PID != 101 || held.Holder.Host != "job-a" || !held.Holder.Started.Equal(since) {
		t.Errorf("held by %+v", held.Holder)
	}
	for _, want := range []string{"pid 101 on job-a", "pressroom ingest --every 30m", "since 2026-03-01T09:30:00Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}

	// The heartbeat moves the expiry on, past the first TTL.
	time.Sleep(600 * time.Millisecond)
	renewed, _ := f.lockDoc(t)
	if !renewed.Expires.After(first.Expires.Add(150*time.Millisecond)) || renewed.Token != first.Token {
		t.Errorf("lease not renewed: first expires %s, now %s", first.Expires, renewed.Expires)
	}
	if _, err := st.Lock(ctx, runlock.Holder{PID: 202}, LeaseConfig{}); !errors.As(err, &held) {
		t.Errorf("after the first TTL, a renewed lease must still turn others away: %v", err)
	}
	select {
	case <-a.Lost():
		t.Fatalf("lease lost: %v", a.Err())
	default:
	}

	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.lockDoc(t); ok {
		t.Error("lock document left after Release")
	}
	b, err := st.Lock(ctx, runlock.Holder{PID: 202}, LeaseConfig{})
	if err != nil {
		t.Fatalf("Lock after Release: %v", err)
	}
	if err := b.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// A holder that crashed stops renewing: once its lease has expired the next
// run takes the lock over, and the old holder, were it still alive, finds
// its lease lost instead of writing on.
func TestLockExpiredLeaseTakenOver(t *testing.T) {
	f := &fakeCluster{docs: map[string]doc{}}
	_, st := open(t, f)
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	// The crashed run: its document is there, nobody renews it.
	crashed, err := st.Lock(ctx, runlock.Holder{PID: 101, Host: "job-a"}, LeaseConfig{TTL: time.Minute, Renew: time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer crashed.cancel()

	if _, err := st.Lock(ctx, runlock.Holder{PID: 202}, LeaseConfig{Now: clock}); err == nil {
		t.Fatal("lock taken while the lease runs")
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	b, err := st.Lock(ctx, runlock.Holder{PID: 202, Host: "job-b"}, LeaseConfig{TTL: time.Minute, Renew: 20 * time.Millisecond, Now: clock})
	if err != nil {
		t.Fatalf("expired lease not taken over: %v", err)
	}
	if d, _ := f.lockDoc(t); d.Holder.PID != 202 {
		t.Errorf("lock document holder = %+v", d.Holder)
	}

	// The old holder's next renewal fails its compare-and-set.
	crashed.cfg.Renew = 10 * time.Millisecond
	crashed.cancel()
	crashed.wg.Wait()
	rctx, cancel := context.WithCancel(ctx)
	crashed.cancel = cancel
	crashed.wg.Add(1)
	go crashed.heartbeat(rctx)
	select {
	case <-crashed.Lost():
		if !errors.Is(crashed.Err(), ErrLeaseLost) {
			t.Errorf("lost with %v", crashed.Err())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the old holder did not notice its lease was taken over")
	}
	if err := crashed.Release(ctx); err != nil {
		t.Errorf("release of a lost lease: %v", err)
	}
	if d, ok := f.lockDoc(t); !ok || d.Holder.PID != 202 {
		t.Errorf("the old holder's Release removed the new holder's lock: %+v %v", d, ok)
	}
	if err := b.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

package state_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

// The queue and the failed index follow the records: pending and
// re-queued records are queued, failed ones counted, and an outcome
// recorded takes them out again.
func TestQueueFollowsRecords(t *testing.T) {
	ctx := context.Background()
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	set := func(url, source string, s state.Status) {
		t.Helper()
		err := st.Apply(ctx, []state.Edit{{URL: url, Fn: func(r *state.Record) {
			r.Source, r.Status, r.LastSeen = source, s, time.Now()
			if s == state.Failed {
				r.Error = "HTTP error 500"
			} else {
				r.Retry = false
			}
		}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	set("https://a.example/1", "a", state.Pending)
	set("https://a.example/2", "a", state.Failed)
	set("https://a.example/3", "a", state.Indexed)
	set("https://b.example/1", "b", state.Failed)
	if q, _ := st.Queued(ctx, "a"); len(q) != 1 || q[0] != "https://a.example/1" {
		t.Errorf("queued a = %v", q)
	}
	b, _ := st.Backlog(ctx)
	if b.Queued["a"] != 1 || b.Failed["a"] != 1 || b.Failed["b"] != 1 {
		t.Errorf("backlog %+v", b)
	}

	recs, err := st.Requeue(ctx, "a", nil)
	if err != nil || len(recs) != 2 {
		t.Fatalf("requeue a: %v %v", recs, err)
	}
	if q, _ := st.Queued(ctx, "a"); len(q) != 2 {
		t.Errorf("after requeue, queued a = %v", q)
	}
	if q, _ := st.Queued(ctx, "b"); len(q) != 0 {
		t.Errorf("requeue of a queued b: %v", q)
	}
	if _, err := st.Requeue(ctx, "", []string{"https://b.example/1", "https://nowhere.example/"}); !errors.Is(err, state.ErrUnknownURL) {
		t.Errorf("unknown URL: %v", err)
	}
	if q, _ := st.Queued(ctx, "b"); len(q) != 1 {
		t.Errorf("the known URL is re-queued all the same: %v", q)
	}

	set("https://a.example/1", "a", state.Indexed)
	set("https://a.example/2", "a", state.Indexed)
	b, _ = st.Backlog(ctx)
	if b.Queued["a"] != 0 || b.Failed["a"] != 0 || b.Queued["b"] != 1 {
		t.Errorf("after indexing: %+v", b)
	}
	var out []string
	_ = st.Outstanding(ctx, func(r state.Record) error {
		out = append(out, r.URL)
		return nil
	})
	if len(out) != 1 || out[0] != "https://b.example/1" {
		t.Errorf("outstanding %v", out)
	}
}

// AddRun keeps the last MaxRuns runs, in start order.
func TestRunsKeptInOrder(t *testing.T) {
	ctx := context.Background()
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// .1s after a whole second sorts after it (RFC 3339 with trimmed
	// zeros would not).
	for i, d := range []time.Duration{0, 100 * time.Millisecond, time.Second} {
		if err := st.AddRun(ctx, state.Run{ID: string(rune('a' + i)), Started: t0.Add(d), Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := st.Runs(ctx, 10)
	if err != nil || len(runs) != 3 || runs[0].ID != "c" || runs[1].ID != "b" || runs[2].ID != "a" {
		t.Errorf("runs %+v %v", runs, err)
	}
}

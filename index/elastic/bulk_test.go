package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/typedapi/types"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

const fixtures = "../../fixtures/releases"

// A bulk response where some items failed: the release answered 429 on
// every attempt and the one answered mapper_parsing_exception stay pending
// (their acks get the errors, the run reports them, the crawl state says
// failed), every other release is marked indexed — checked through the
// real ingest.Runner and ingest/state.
func TestBulkPartialFailureThroughRunner(t *testing.T) {
	files := []string{
		"link-j-kawasaki-2018-08-31.html", "sakuragaoka-city-2018-01-16.html", "shinonome-univ-2021-04-15.html",
		"harukaze-foods-2024-02-20.html", "kazenomichi-2023-05-10.html",
	}
	dir := t.TempDir()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(fixtures, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	urlOf := func(f string) string { return "file://" + filepath.ToSlash(filepath.Join(dir, f)) }
	overloaded, malformed := urlOf(files[1]), urlOf(files[2])

	fake := newFakeES(t)
	var healthy bool
	var mu sync.Mutex
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		mu.Lock()
		ok := healthy
		mu.Unlock()
		return 200, bulkResponseOf(actions, func(i int, a bulkAction) types.ResponseItem {
			var doc struct {
				URL string `json:"url"`
			}
			_ = json.Unmarshal(a.Source, &doc)
			switch {
			case ok:
			case doc.URL == overloaded:
				return failItem(a, 429, "es_rejected_execution_exception",
					"rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=52428800, max_coordinating_and_primary_bytes=53687091]")
			case doc.URL == malformed:
				return failItem(a, 400, "mapper_parsing_exception", "failed to parse field [published] of type [date] in document with id '"+a.ID+"'")
			}
			return okItem(a, int64(i))
		})
	}
	st := openFake(t, fake, nil)
	ctx := context.Background()
	x := extract.New(indextest.Analyzer(t))
	crawl, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer crawl.Close(ctx)

	run := &ingest.Runner{Extractor: x, Index: st, State: crawl, Workers: 2}
	sum, err := run.Run(ctx, filesource.New("files", dir))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if c := sum.Totals; c.New != 3 || c.Failed != 2 || c.Pending != 0 {
		t.Errorf("totals = %+v, want 3 new, 2 failed", c)
	}
	reasons := map[string]string{}
	for _, f := range sum.Sources[0].Failures {
		reasons[f.URL] = f.Reason
	}
	if r := reasons[overloaded]; !strings.Contains(r, "429 es_rejected_execution_exception") || !strings.Contains(r, "attempts") {
		t.Errorf("reason for the overloaded release = %q", r)
	}
	if r := reasons[malformed]; !strings.Contains(r, "400 mapper_parsing_exception") {
		t.Errorf("reason for the malformed release = %q", r)
	}
	for _, f := range files {
		rec, ok, err := crawl.Get(ctx, urlOf(f))
		if err != nil || !ok {
			t.Fatalf("state of %s: %v %v", f, ok, err)
		}
		want := state.Indexed
		if urlOf(f) == overloaded || urlOf(f) == malformed {
			want = state.Failed
		}
		if rec.Status != want || (want == state.Failed) != rec.IndexedAt.IsZero() {
			t.Errorf("%s: status %v (indexed at %v), want %v", f, rec.Status, rec.IndexedAt, want)
		}
	}
	// 429s were retried; the mapper exception was not.
	counts := map[string]int{}
	for _, r := range fake.requestsTo("/_bulk") {
		acts, _ := parseBulk(r.Body)
		for _, a := range acts {
			var doc struct {
				URL string `json:"url"`
			}
			_ = json.Unmarshal(a.Source, &doc)
			counts[doc.URL]++
		}
	}
	if counts[overloaded] != 1+st.cfg.MaxRetries || counts[malformed] != 1 {
		t.Errorf("sent the overloaded release %d times (want %d), the malformed one %d (want 1)", counts[overloaded], 1+st.cfg.MaxRetries, counts[malformed])
	}
	if s := st.Stats(); s.Indexed != 3 || s.Failed != 2 || s.Pending != 0 {
		t.Errorf("stats = %+v", s)
	}

	// The next run sends exactly the two again, and now they go in.
	mu.Lock()
	healthy = true
	mu.Unlock()
	sum, err = run.Run(ctx, filesource.New("files", dir))
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Totals; c.New != 2 || c.Unchanged != 3 || c.Failed != 0 {
		t.Errorf("second run totals = %+v, want 2 new, 3 unchanged", c)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// The first bulk request fails with 503; the documents are sent again and
// acknowledged once each; nothing is lost or duplicated.
func TestBulk503ThenSuccess(t *testing.T) {
	fake := newFakeES(t)
	var mu sync.Mutex
	indexed := map[string]int{}
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		if n == 0 {
			return 503, map[string]any{
				"error":  map[string]any{"type": "unavailable_shards_exception", "reason": "[pressroom-v1][0] primary shard is not active Timeout: [1m]"},
				"status": 503,
			}
		}
		mu.Lock()
		for _, a := range actions {
			indexed[a.ID]++
		}
		mu.Unlock()
		return 200, bulkOK(actions)
	}
	st := openFake(t, fake, func(c *Config) { c.FlushDocs = 1000; c.NumWorkers = 1 })
	ctx := context.Background()
	an := indextest.Analyzer(t)
	acks := newAckLog()
	const n = 300
	for i := range n {
		r := synthetic(i)
		if err := st.Put(ctx, indextest.Doc(an, r), acks.ack(r.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatalf("Flush after a 503 that was retried: %v", err)
	}
	for i := range n {
		id := synthetic(i).ID
		if got := acks.get(id); len(got) != 1 || got[0] != nil {
			t.Errorf("%s: acks %v, want one nil", id, got)
		}
		if indexed[id] != 1 {
			t.Errorf("%s indexed %d times", id, indexed[id])
		}
	}
	if len(indexed) != n {
		t.Errorf("%d distinct documents indexed, want %d", len(indexed), n)
	}
	first, _ := parseBulk(fake.requestsTo("/_bulk")[0].Body)
	if s := st.Stats(); s.Retried != uint64(len(first)) || s.Indexed != n || s.Requests < 2 {
		t.Errorf("stats = %+v, want the %d documents of the failed request retried", s, len(first))
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// Acks follow the _id of each response item, never its position: a
// response in another order, naming a stranger and leaving one document
// out, acks the named documents, ignores the stranger, and retries the
// one left out until it is answered.
func TestBulkAcksByIDNotPosition(t *testing.T) {
	fake := newFakeES(t)
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		if n > 0 {
			return 200, bulkOK(actions)
		}
		res := bulkOK(actions)
		// Reverse the items, drop the first document's answer, and answer
		// for a document nobody sent.
		items := res.Items
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		items = items[:len(items)-1]
		stranger := bulkAction{Op: "index", ID: "never-sent"}
		res.Items = append(items, bulkOK([]bulkAction{stranger}).Items...)
		return 200, res
	}
	st := openFake(t, fake, func(c *Config) { c.NumWorkers = 1 })
	ctx := context.Background()
	an := indextest.Analyzer(t)
	acks := newAckLog()
	for i := range 5 {
		r := synthetic(i)
		if err := st.Put(ctx, indextest.Doc(an, r), acks.ack(r.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if got := acks.get(synthetic(i).ID); len(got) != 1 || got[0] != nil {
			t.Errorf("%s: acks %v", synthetic(i).ID, got)
		}
	}
	bulks := fake.requestsTo("/_bulk")
	if len(bulks) != 2 {
		t.Fatalf("%d bulk requests, want 2 (the second for the document left out)", len(bulks))
	}
	if acts, _ := parseBulk(bulks[1].Body); len(acts) != 1 || acts[0].ID != synthetic(0).ID {
		t.Errorf("second request sent %v, want only %s", acts, synthetic(0).ID)
	}
	if s := st.Stats(); s.Unmatched != 1 || s.Retried != 1 {
		t.Errorf("stats = %+v, want 1 unmatched, 1 retried", s)
	}
	_ = st.Close(ctx)
}

// A document no response ever names stays pending: its ack gets
// ErrNotAcknowledged after the retries, and Flush still returns.
func TestBulkNeverAnsweredStaysPending(t *testing.T) {
	fake := newFakeES(t)
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		var kept []bulkAction
		for _, a := range actions {
			if a.ID != "r000001" {
				kept = append(kept, a)
			}
		}
		return 200, bulkOK(kept)
	}
	st := openFake(t, fake, nil)
	ctx := context.Background()
	an := indextest.Analyzer(t)
	acks := newAckLog()
	for i := range 3 {
		r := synthetic(i)
		if err := st.Put(ctx, indextest.Doc(an, r), acks.ack(r.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	got := acks.get("r000001")
	if len(got) != 1 || !errors.Is(got[0], index.ErrNotAcknowledged) {
		t.Errorf("ack of the unanswered document = %v, want ErrNotAcknowledged", got)
	}
	for _, id := range []string{"r000000", "r000002"} {
		if got := acks.get(id); len(got) != 1 || got[0] != nil {
			t.Errorf("%s: %v", id, got)
		}
	}
}

// Close with an expired context: documents whose request cannot finish
// are acked with ErrNotAcknowledged, once, and Put afterwards is refused.
func TestCloseAbandonsWithNotAcknowledged(t *testing.T) {
	fake := newFakeES(t)
	release := make(chan struct{})
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		<-release
		return 200, bulkOK(actions)
	}
	st := openFake(t, fake, func(c *Config) { c.RequestTimeout = 5 * time.Second })
	ctx := context.Background()
	an := indextest.Analyzer(t)
	acks := newAckLog()
	r := synthetic(1)
	if err := st.Put(ctx, indextest.Doc(an, r), acks.ack(r.ID)); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	go func() {
		time.Sleep(300 * time.Millisecond)
		close(release)
	}()
	if err := st.Close(cctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close = %v, want the deadline", err)
	}
	if got := acks.get(r.ID); len(got) != 1 || !errors.Is(got[0], index.ErrNotAcknowledged) {
		t.Errorf("acks = %v, want one ErrNotAcknowledged", got)
	}
	if err := st.Put(ctx, indextest.Doc(an, synthetic(2)), nil); !errors.Is(err, index.ErrClosed) {
		t.Errorf("Put after Close = %v", err)
	}
}

// Two versions of one release queued back to back reach Elasticsearch in
// order (same worker), and a retry of the older one never overwrites the
// newer.
func TestSameIDKeepsOrder(t *testing.T) {
	fake := newFakeES(t)
	var mu sync.Mutex
	var last string
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		return 200, bulkResponseOf(actions, func(i int, a bulkAction) types.ResponseItem {
			if n == 0 && i == 0 {
				return failItem(a, 429, "es_rejected_execution_exception", "busy")
			}
			mu.Lock()
			last = string(a.Source)
			mu.Unlock()
			return okItem(a, int64(i))
		})
	}
	st := openFake(t, fake, func(c *Config) { c.NumWorkers = 4; c.FlushInterval = time.Hour })
	ctx := context.Background()
	an := indextest.Analyzer(t)
	acks := newAckLog()
	old, cur := synthetic(7), synthetic(7)
	cur.Title = "更新後のお知らせ"
	for _, r := range []*extract.Release{old, cur} {
		if err := st.Put(ctx, indextest.Doc(an, r), acks.ack(r.Title)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(last, cur.Title) {
		t.Errorf("last version written = %s, want the newer title", last)
	}
	if got := acks.get(old.Title); len(got) != 1 || got[0] != nil {
		t.Errorf("older version's ack = %v, want nil (superseded)", got)
	}
	if s := st.Stats(); s.Superseded != 1 {
		t.Errorf("stats = %+v, want 1 superseded", s)
	}
	_ = st.Close(ctx)
}

// The body of a bulk request: one action line with the release id per
// document ("index", so a re-delivery overwrites), then its source.
func TestBulkBodyGolden(t *testing.T) {
	fake := newFakeES(t)
	st := openFake(t, fake, func(c *Config) { c.NumWorkers = 1 })
	ctx := context.Background()
	an := indextest.Analyzer(t)
	for _, r := range indextest.Corpus()[:2] {
		if err := st.Put(ctx, indextest.Doc(an, r), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	bulks := fake.requestsTo("/_bulk")
	if len(bulks) != 1 {
		t.Fatalf("%d bulk requests, want 1", len(bulks))
	}
	r := bulks[0]
	if r.Method != "POST" || r.Path != "/pressroom/_bulk" || !strings.Contains(r.Query, "require_alias=true") {
		t.Errorf("bulk request line = %s %s?%s", r.Method, r.Path, r.Query)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-ndjson" && ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	golden(t, "bulk.ndjson", r.Body)
}

// TestBulkNoSilentLoss indexes 20,000 releases ten times against a fast
// local server that drains each body and answers every item with the _id
// it read (in a shuffled order on odd runs, and leaving one item in 997
// out of its answer). Every release must be acknowledged by its own _id or
// still pending; none may be acked nil that the server never received, and
// every ack must come exactly once. Run it under -race (.ci/run does).
func TestBulkNoSilentLoss(t *testing.T) {
	runs, docs := 10, 20000
	if testing.Short() {
		runs, docs = 2, 5000
	}
	srv := newFastServer(t)
	srv.DropEvery = 997
	an := indextest.Analyzer(t)
	ctx := context.Background()
	// Prebuilt sources: the test measures the writer, not JSON encoding.
	rels := make([]index.Doc, docs)
	for i := range rels {
		rels[i] = index.Doc{Release: synthetic(i)}
	}
	for run := 0; run < runs; run++ {
		srv.reset()
		srv.Shuffle = run%2 == 1
		st, err := Open(ctx, Config{
			Addresses: []string{srv.URL}, NumWorkers: 2, FlushDocs: 500, FlushBytes: 256 << 10,
			RetryBackoff: func(int) time.Duration { return time.Millisecond },
		}, an)
		if err != nil {
			t.Fatal(err)
		}
		acks := make([]struct {
			n   int
			err error
		}, docs)
		var mu sync.Mutex
		for i, d := range rels {
			err := st.Put(ctx, d, func(err error) {
				mu.Lock()
				acks[i].n++
				acks[i].err = err
				mu.Unlock()
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Close(ctx); err != nil {
			t.Fatalf("run %d: Close: %v", run, err)
		}
		got := srv.snapshot()
		var indexed, pending, lost, twice int
		for i, a := range acks {
			id := rels[i].Release.ID
			switch {
			case a.n != 1:
				twice++
				t.Errorf("run %d: %s acked %d times", run, id, a.n)
			case a.err == nil && got[id] == 0:
				lost++
				t.Errorf("run %d: %s acked as indexed but never received", run, id)
			case a.err == nil:
				indexed++
			default:
				pending++
			}
		}
		s := st.Stats()
		t.Logf("run %d (shuffled %v): %d indexed, %d pending, %d lost, %d requests, %d retried", run, srv.Shuffle, indexed, pending, lost, s.Requests, s.Retried)
		if s.Indexed != uint64(indexed) || s.Pending != 0 {
			t.Errorf("run %d: stats %+v disagree with the acks (%d indexed)", run, s, indexed)
		}
		if indexed+pending != docs || lost+twice > 0 {
			t.FailNow()
		}
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if strings.HasSuffix(name, ".json") {
		var b bytes.Buffer
		if err := json.Indent(&b, got, "", "  "); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", name, err, got)
		}
		b.WriteByte('\n')
		got = b.Bytes()
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n got: %s\nwant: %s", path, firstDiff(got, want), firstDiff(want, got))
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := max(0, i-80)
	end := min(len(a), i+80)
	return fmt.Sprintf("…%s…", a[start:end])
}

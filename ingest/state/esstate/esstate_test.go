package esstate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index/elastic"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/filesource"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// fakeCluster is Elasticsearch as far as the store and the crawl state use
// it: documents with _seq_no for compare-and-set in pressroom-state,
// every bulk to the alias acknowledged.
type fakeCluster struct {
	mu   sync.Mutex
	docs map[string]doc // state index _id → document
	seq  int64
	// conflictOnce makes the next conditional write of this _id fail with
	// 409 after changing the document, as a concurrent writer would.
	conflictOnce map[string]func(*state.Record)
	created      bool
}

type doc struct {
	seq int64
	src []byte
}

func (f *fakeCluster) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	p := r.URL.Path
	switch {
	case p == "/":
		io.WriteString(w, `{"name":"es01","cluster_name":"test","version":{"number":"8.19.7"},"tagline":"You Know, for Search"}`)
	case p == "/pressroom/_mapping":
		fmt.Fprintf(w, `{"pressroom-v1":{"mappings":{"_meta":{"pressroom_mapping":%q}}}}`, elastic.MappingHash())
	case p == "/pressroom-state" && r.Method == http.MethodPut:
		if f.created {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":{"type":"resource_already_exists_exception","reason":"index [pressroom-state/x] already exists"},"status":400}`)
			return
		}
		f.created = true
		io.WriteString(w, `{"acknowledged":true}`)
	case strings.HasPrefix(p, "/pressroom-state/_doc/") && r.Method != http.MethodGet:
		f.writeDoc(w, r, strings.TrimPrefix(p, "/pressroom-state/_doc/"), body)
	case strings.HasPrefix(p, "/pressroom-state/_doc/"):
		id := strings.TrimPrefix(p, "/pressroom-state/_doc/")
		d, ok := f.docs[id]
		if !ok {
			w.WriteHeader(404)
			fmt.Fprintf(w, `{"_index":"pressroom-state","_id":%q,"found":false}`, id)
			return
		}
		fmt.Fprintf(w, `{"_index":"pressroom-state","_id":%q,"_seq_no":%d,"_primary_term":1,"found":true,"_source":%s}`, id, d.seq, d.src)
	case p == "/pressroom-state/_mget":
		var req struct{ IDs []string }
		json.Unmarshal(body, &req)
		var out []string
		for _, id := range req.IDs {
			if d, ok := f.docs[id]; ok {
				out = append(out, fmt.Sprintf(`{"_index":"pressroom-state","_id":%q,"_seq_no":%d,"_primary_term":1,"found":true,"_source":%s}`, id, d.seq, d.src))
			} else {
				out = append(out, fmt.Sprintf(`{"_index":"pressroom-state","_id":%q,"found":false}`, id))
			}
		}
		fmt.Fprintf(w, `{"docs":[%s]}`, strings.Join(out, ","))
	case p == "/pressroom-state/_bulk":
		lines := bytes.Split(bytes.TrimSpace(body), []byte("\n"))
		var items []string
		for i := 0; i+1 < len(lines); i += 2 {
			var meta map[string]struct {
				ID    string `json:"_id"`
				SeqNo *int64 `json:"if_seq_no"`
			}
			json.Unmarshal(lines[i], &meta)
			for op, m := range meta {
				d, exists := f.docs[m.ID]
				status := 200
				if fn := f.conflictOnce[m.ID]; fn != nil && exists {
					delete(f.conflictOnce, m.ID)
					var rec state.Record
					json.Unmarshal(d.src, &rec)
					fn(&rec)
					src, _ := json.Marshal(rec)
					f.seq++
					f.docs[m.ID] = doc{f.seq, src}
					status = 409
				} else if (op == "create" && exists) || (op == "index" && (!exists || m.SeqNo == nil || *m.SeqNo != d.seq)) {
					status = 409
				}
				if status == 200 {
					f.seq++
					f.docs[m.ID] = doc{f.seq, append([]byte(nil), lines[i+1]...)}
					if op == "create" {
						status = 201
					}
				}
				if status == 409 {
					items = append(items, fmt.Sprintf(`{%q:{"_index":"pressroom-state","_id":%q,"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[%s]: version conflict"}}}`, op, m.ID, m.ID))
				} else {
					items = append(items, fmt.Sprintf(`{%q:{"_index":"pressroom-state","_id":%q,"_seq_no":%d,"_primary_term":1,"status":%d,"result":"updated"}}`, op, m.ID, f.seq, status))
				}
			}
		}
		fmt.Fprintf(w, `{"errors":false,"items":[%s]}`, strings.Join(items, ","))
	case p == "/pressroom/_bulk":
		var items []string
		for _, line := range bytes.Split(bytes.TrimSpace(body), []byte("\n")) {
			var meta map[string]struct {
				ID string `json:"_id"`
			}
			if json.Unmarshal(line, &meta) == nil {
				if m, ok := meta["index"]; ok && m.ID != "" {
					items = append(items, fmt.Sprintf(`{"index":{"_index":"pressroom-v1","_id":%q,"status":201,"result":"created"}}`, m.ID))
				}
			}
		}
		fmt.Fprintf(w, `{"errors":false,"items":[%s]}`, strings.Join(items, ","))
	case strings.HasSuffix(p, "/_refresh"):
		io.WriteString(w, `{}`)
	default:
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":{"type":"unexpected","reason":"%s %s"},"status":400}`, r.Method, p)
	}
}

func open(t *testing.T, f *fakeCluster) (*elastic.Store, *Store) {
	t.Helper()
	ctx := context.Background()
	es, err := elastic.Open(ctx, elastic.Config{
		Addresses: []string{"http://es.test:9200"}, Transport: transport{f}, FlushInterval: 10 * time.Millisecond,
	}, indextest.Analyzer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = es.Close(ctx) })
	st, err := Open(ctx, es)
	if err != nil {
		t.Fatal(err)
	}
	return es, st
}

type transport struct{ h http.Handler }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// Edits apply in order per record, a concurrent change is not lost (the
// write is retried on 409 against the new version), and Get reads back.
func TestApplyCompareAndSet(t *testing.T) {
	f := &fakeCluster{docs: map[string]doc{}, conflictOnce: map[string]func(*state.Record){}}
	_, st := open(t, f)
	ctx := context.Background()
	u := "https://example.com/news/1"
	err := st.Apply(ctx, []state.Edit{
		{URL: u, Fn: func(r *state.Record) { r.Status, r.ID = state.Pending, "abc" }},
		{URL: "https://example.com/news/2", Fn: func(r *state.Record) { r.Status = state.Failed; r.Failures++ }},
		{URL: u, Fn: func(r *state.Record) { r.Status = state.Indexed }},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, ok, err := st.Get(ctx, u)
	if err != nil || !ok || rec.Status != state.Indexed || rec.ID != "abc" || rec.URL != u {
		t.Fatalf("Get = %+v %v %v", rec, ok, err)
	}
	// Another writer bumps Failures between our read and our write.
	f.conflictOnce[DocID("https://example.com/news/2")] = func(r *state.Record) { r.Failures += 10 }
	if err := st.Apply(ctx, []state.Edit{{URL: "https://example.com/news/2", Fn: func(r *state.Record) { r.Failures++ }}}); err != nil {
		t.Fatal(err)
	}
	rec, _, _ = st.Get(ctx, "https://example.com/news/2")
	if rec.Failures != 12 {
		t.Errorf("failures = %d, want 12 (1 + the other writer's 10 + 1)", rec.Failures)
	}
	if _, ok, err := st.Get(ctx, "https://example.com/never"); ok || err != nil {
		t.Errorf("Get of an unknown URL = %v, %v", ok, err)
	}
}

// The Runner works with its state in Elasticsearch: a second run finds
// every release unchanged.
func TestRunnerWithStateInElasticsearch(t *testing.T) {
	f := &fakeCluster{docs: map[string]doc{}, conflictOnce: map[string]func(*state.Record){}}
	es, st := open(t, f)
	x := extract.New(indextest.Analyzer(t))
	run := &ingest.Runner{Extractor: x, Index: es, State: st, Workers: 2}
	dir := filepath.Join("..", "..", "..", "fixtures", "releases")
	sum, err := run.Run(context.Background(), filesource.New("files", dir))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Totals.New < 5 || sum.Totals.Failed != 0 {
		t.Fatalf("first run = %+v", sum.Totals)
	}
	sum, err = run.Run(context.Background(), filesource.New("files", dir))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Totals.New+sum.Totals.Updated != 0 || sum.Totals.Unchanged == 0 {
		t.Errorf("second run = %+v, want everything unchanged", sum.Totals)
	}
	var indexed int
	for _, d := range f.docs {
		var rec state.Record
		json.Unmarshal(d.src, &rec)
		if rec.Status == state.Indexed && !rec.IndexedAt.IsZero() {
			indexed++
		}
	}
	if indexed != sum.Totals.Unchanged {
		t.Errorf("%d records indexed in pressroom-state, want %d", indexed, sum.Totals.Unchanged)
	}
}

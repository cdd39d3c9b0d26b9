package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/typedapi/core/bulk"
	"github.com/elastic/go-elasticsearch/v8/typedapi/types"
	"github.com/elastic/go-elasticsearch/v8/typedapi/types/enums/operationtype"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

// handlerTransport is a mock http.RoundTripper that answers every request
// with an http.Handler, in process: the Elasticsearch client's requests
// never touch the network.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, req)
	}()
	select {
	case <-done:
	case <-req.Context().Done():
		return nil, req.Context().Err() // as net/http does when a request is cancelled
	}
	res := rec.Result()
	res.Request = req
	return res, nil
}

// recorded is one request the fake received.
type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// bulkAction is one action of a bulk body as the fake parsed it.
type bulkAction struct {
	Op, ID string
	Meta   map[string]any
	Source []byte
}

// fakeES answers the requests a Store makes the way Elasticsearch 8 does:
// GET /, the alias and its mapping, the template, index creation, _bulk
// (through Bulk), _refresh, _search (through Search), _doc and _count.
type fakeES struct {
	t *testing.T
	// Bulk answers one bulk request; nil answers every action with 201.
	Bulk func(n int, actions []bulkAction) (int, any)
	// Search answers a search; nil answers no hits.
	Search func(body []byte) (int, any)

	mu       sync.Mutex
	requests []recorded
	bulks    int
	exists   bool   // the alias and pressroom-v1 exist
	mapping  string // hash in pressroom-v1's _meta
}

func newFakeES(t *testing.T) *fakeES {
	return &fakeES{t: t, mapping: MappingHash()}
}

func (f *fakeES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
	f.mu.Unlock()
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	reply := func(status int, v any) {
		w.WriteHeader(status)
		if s, ok := v.(string); ok {
			_, _ = io.WriteString(w, s)
			return
		}
		_ = json.NewEncoder(w).Encode(v)
	}
	path := r.URL.Path
	switch {
	case r.Method == http.MethodGet && path == "/":
		reply(200, rootBody)
	case r.Method == http.MethodGet && strings.HasSuffix(path, "/_mapping"):
		f.mu.Lock()
		exists, mapping := f.exists, f.mapping
		f.mu.Unlock()
		if !exists {
			reply(404, notFound(strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/_mapping")))
			return
		}
		reply(200, map[string]any{"pressroom-v1": map[string]any{"mappings": map[string]any{"_meta": map[string]any{metaKey: mapping}}}})
	case r.Method == http.MethodPut && strings.HasPrefix(path, "/_index_template/"):
		reply(200, `{"acknowledged":true}`)
	case r.Method == http.MethodPut && strings.Count(path, "/") == 1:
		f.mu.Lock()
		f.exists = true
		f.mu.Unlock()
		reply(200, fmt.Sprintf(`{"acknowledged":true,"shards_acknowledged":true,"index":%q}`, path[1:]))
	case strings.HasSuffix(path, "/_bulk"):
		actions, err := parseBulk(body)
		if err != nil {
			reply(400, map[string]any{"error": map[string]any{"type": "illegal_argument_exception", "reason": err.Error()}, "status": 400})
			return
		}
		f.mu.Lock()
		n := f.bulks
		f.bulks++
		f.mu.Unlock()
		if f.Bulk == nil {
			reply(200, bulkOK(actions))
			return
		}
		reply(f.Bulk(n, actions))
	case strings.HasSuffix(path, "/_refresh"):
		reply(200, `{"_shards":{"total":1,"successful":1,"failed":0}}`)
	case strings.HasSuffix(path, "/_search"):
		if f.Search == nil {
			reply(200, `{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}`)
			return
		}
		reply(f.Search(body))
	case strings.HasSuffix(path, "/_count"):
		reply(200, `{"count":0,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}`)
	default:
		f.t.Errorf("fake Elasticsearch: unexpected %s %s", r.Method, path)
		reply(400, map[string]any{"error": map[string]any{"type": "illegal_argument_exception", "reason": "unexpected request"}, "status": 400})
	}
}

func notFound(index string) map[string]any {
	return map[string]any{
		"error": map[string]any{
			"root_cause": []any{map[string]any{"type": "index_not_found_exception", "reason": "no such index [" + index + "]"}},
			"type":       "index_not_found_exception", "reason": "no such index [" + index + "]", "index": index,
		},
		"status": 404,
	}
}

// requestsTo returns the recorded requests whose path ends with suffix.
func (f *fakeES) requestsTo(suffix string) []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []recorded
	for _, r := range f.requests {
		if strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

func parseBulk(body []byte) ([]bulkAction, error) {
	var out []bulkAction
	lines := bytes.Split(bytes.TrimRight(body, "\n"), []byte("\n"))
	for i := 0; i < len(lines); i++ {
		var meta map[string]map[string]any
		if err := json.Unmarshal(lines[i], &meta); err != nil || len(meta) != 1 {
			return nil, fmt.Errorf("line %d: not an action: %q", i+1, lines[i])
		}
		for op, m := range meta {
			a := bulkAction{Op: op, Meta: m}
			a.ID, _ = m["_id"].(string)
			if op != "delete" {
				i++
				if i >= len(lines) || !json.Valid(lines[i]) {
					return nil, fmt.Errorf("action %s %s without a JSON source", op, a.ID)
				}
				a.Source = lines[i]
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// Typed responses, built with go-elasticsearch's typedapi types so that
// their shape is Elasticsearch's.

func str(s string) *string { return &s }
func i64(n int64) *int64   { return &n }

func okItem(a bulkAction, seq int64) types.ResponseItem {
	result, status := "created", 201
	if a.Op == "delete" {
		result, status = "deleted", 200
	}
	return types.ResponseItem{
		Index_: "pressroom-v1", Id_: str(a.ID), Version_: i64(1), Result: str(result), Status: status,
		SeqNo_: i64(seq), PrimaryTerm_: i64(1),
		Shards_: &types.ShardStatistics{Total: 1, Successful: 1},
	}
}

func failItem(a bulkAction, status int, typ, reason string) types.ResponseItem {
	return types.ResponseItem{
		Index_: "pressroom-v1", Id_: str(a.ID), Status: status,
		Error: &types.ErrorCause{Type: typ, Reason: str(reason)},
	}
}

func opOf(a bulkAction) operationtype.OperationType {
	if a.Op == "delete" {
		return operationtype.Delete
	}
	return operationtype.Index
}

// bulkResponseOf answers each action with answer(i, a).
func bulkResponseOf(actions []bulkAction, answer func(i int, a bulkAction) types.ResponseItem) *bulk.Response {
	res := bulk.NewResponse()
	res.Took = 3
	for i, a := range actions {
		it := answer(i, a)
		if it.Error != nil {
			res.Errors = true
		}
		res.Items = append(res.Items, map[operationtype.OperationType]types.ResponseItem{opOf(a): it})
	}
	return res
}

func bulkOK(actions []bulkAction) *bulk.Response {
	return bulkResponseOf(actions, func(i int, a bulkAction) types.ResponseItem { return okItem(a, int64(i)) })
}

// testConfig is a Config for a fake: quick retries, tiny batches.
func testConfig(rt http.RoundTripper, log *slog.Logger) Config {
	return Config{
		Addresses: []string{"http://es.test:9200"}, Transport: rt, Logger: log,
		FlushInterval: 20 * time.Millisecond, MaxRetries: 3,
		RetryBackoff: func(int) time.Duration { return time.Millisecond },
	}
}

func openFake(t *testing.T, f *fakeES, tweak func(*Config)) *Store {
	t.Helper()
	cfg := testConfig(handlerTransport{f}, nil)
	if tweak != nil {
		tweak(&cfg)
	}
	st, err := Open(context.Background(), cfg, indextest.Analyzer(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return st
}

// synthetic is a small release with a given number.
func synthetic(i int) *extract.Release {
	day := fmt.Sprintf("20%02d-%02d-%02d", 10+i%15, 1+i%12, 1+i%28)
	return &extract.Release{
		ID: fmt.Sprintf("r%06d", i), URL: fmt.Sprintf("https://example.com/news/%d", i),
		Title: fmt.Sprintf("お知らせ第%d号", i), Published: &day, Publishers: []string{"桜ヶ丘市"},
		Body:          "桜ヶ丘市は連携協定を締結しました。",
		Organizations: []extract.Organization{}, Agreements: []extract.Agreement{}, People: []extract.Person{}, Dates: []extract.DateMention{},
	}
}

// ackLog records every ack by release id.
type ackLog struct {
	mu   sync.Mutex
	errs map[string][]error
}

func newAckLog() *ackLog { return &ackLog{errs: map[string][]error{}} }

func (l *ackLog) ack(id string) func(error) {
	return func(err error) {
		l.mu.Lock()
		l.errs[id] = append(l.errs[id], err)
		l.mu.Unlock()
	}
}

func (l *ackLog) get(id string) []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errs[id]
}

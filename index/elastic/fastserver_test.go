package elastic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fastServer is a stand-in for Elasticsearch's _bulk endpoint that is as
// fast as loopback allows: it drains each body, parses the NDJSON it got
// and answers every action with the _id it read, so what it acknowledges
// is exactly what it received. It also answers GET / like Elasticsearch so
// a Store can connect to it.
type fastServer struct {
	*httptest.Server
	// Shuffle answers items in a random order (Elasticsearch keeps the
	// order; a client matching by position instead of _id then fails).
	Shuffle bool
	// DropEvery leaves every Nth item out of the answer (0: none), as if
	// the response lost it: the client must not count it as indexed.
	DropEvery int

	mu       sync.Mutex
	items    int
	received map[string]int // _id → times received in a bulk body
	requests int
}

func newFastServer(t testing.TB) *fastServer {
	t.Helper()
	fs := &fastServer{received: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fastServer) reset() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.received = map[string]int{}
	fs.requests = 0
}

func (fs *fastServer) snapshot() map[string]int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make(map[string]int, len(fs.received))
	for k, v := range fs.received {
		out[k] = v
	}
	return out
}

func (fs *fastServer) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodGet && r.URL.Path == "/" {
		_, _ = io.WriteString(w, rootBody)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/_mapping") {
		fmt.Fprintf(w, `{"pressroom-v1":{"mappings":{"_meta":{%q:%q}}}}`, metaKey, MappingHash())
		return
	}
	if strings.HasSuffix(r.URL.Path, "/_refresh") {
		_, _ = io.WriteString(w, `{"_shards":{"total":1,"successful":1,"failed":0}}`)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ids, err := bulkIDs(body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"type":"parse_exception","reason":%q},"status":400}`, err.Error())
		return
	}
	fs.mu.Lock()
	fs.requests++
	kept := ids[:0:0]
	for _, id := range ids {
		fs.received[id]++
		fs.items++
		if fs.DropEvery == 0 || fs.items%fs.DropEvery != 0 {
			kept = append(kept, id)
		}
	}
	ids = kept
	fs.mu.Unlock()
	if fs.Shuffle {
		rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	}
	var out bytes.Buffer
	out.WriteString(`{"took":1,"errors":false,"items":[`)
	for i, id := range ids {
		if i > 0 {
			out.WriteByte(',')
		}
		q, _ := json.Marshal(id)
		fmt.Fprintf(&out, `{"index":{"_index":"pressroom-v1","_id":%s,"_version":1,"result":"created","status":201,"_seq_no":%d,"_primary_term":1,"_shards":{"total":1,"successful":1,"failed":0}}}`, q, i)
	}
	out.WriteString("]}")
	_, _ = w.Write(out.Bytes())
	// Send the answer now and end the chunked stream a moment later, as a
	// server streaming its response does: a client that stops reading at
	// the end of the JSON value never sees EOF.
	w.(http.Flusher).Flush()
}

// bulkIDs reads the _id of every action of an NDJSON bulk body. It is
// quick rather than general (the server must answer fast for the test to
// mean anything): action lines are scanned for their _id, falling back to
// encoding/json for escaped ids, and source lines are only checked to be
// one JSON object each.
func bulkIDs(body []byte) ([]string, error) {
	var ids []string
	for len(body) > 0 {
		line, rest, _ := bytes.Cut(body, []byte{'\n'})
		body = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		id, action, err := actionID(line)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
		if action == "delete" {
			continue
		}
		src, rest, ok := bytes.Cut(body, []byte{'\n'})
		body = rest
		if !ok && len(src) == 0 {
			return nil, fmt.Errorf("action %s of %s without a source line", action, id)
		}
		if len(src) < 2 || src[0] != '{' || src[len(src)-1] != '}' {
			return nil, fmt.Errorf("source line of %s is not a JSON object: %q", id, truncate(string(src), 80))
		}
	}
	return ids, nil
}

var idKey = []byte(`"_id":"`)

func actionID(line []byte) (id, action string, err error) {
	if bytes.HasPrefix(line, []byte(`{"`)) {
		if end := bytes.IndexByte(line[2:], '"'); end > 0 {
			action = string(line[2 : 2+end])
		}
	}
	if k := bytes.Index(line, idKey); k >= 0 {
		v := line[k+len(idKey):]
		if end := bytes.IndexByte(v, '"'); end >= 0 && !bytes.Contains(v[:end], []byte{'\\'}) {
			return string(v[:end]), action, nil
		}
	}
	var meta map[string]struct {
		ID string `json:"_id"`
	}
	if err := json.Unmarshal(line, &meta); err != nil || len(meta) != 1 {
		return "", "", fmt.Errorf("action line %q: not one action (%v)", truncate(string(line), 80), err)
	}
	for k, v := range meta {
		action, id = k, v.ID
	}
	return id, action, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// rootBody is what GET / answers on an Elasticsearch 8 node.
const rootBody = `{
  "name" : "es01",
  "cluster_name" : "pressroom-dev",
  "cluster_uuid" : "8T9MZx1_TTaWvGvVqn3Xhw",
  "version" : {
    "number" : "8.19.7",
    "build_flavor" : "default",
    "build_type" : "docker",
    "lucene_version" : "9.12.2",
    "minimum_wire_compatibility_version" : "7.17.0",
    "minimum_index_compatibility_version" : "7.0.0"
  },
  "tagline" : "You Know, for Search"
}
`

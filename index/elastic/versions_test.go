package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/pressroom-ja/pressroom/index/indextest"
)

// aliasES keeps indices, their mapping hashes and one alias, and applies
// _aliases actions as Elasticsearch does (all or nothing).
type aliasES struct {
	t       *testing.T
	mu      sync.Mutex
	indices map[string]string // name → mapping hash
	docs    map[string]int
	alias   map[string]bool // indices behind "pressroom"
	calls   []string        // _aliases bodies
}

func (f *aliasES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	p := r.URL.Path
	target := strings.Split(strings.TrimPrefix(p, "/"), "/")[0]
	resolve := func() []string {
		var out []string
		if target == "pressroom" {
			for n := range f.alias {
				out = append(out, n)
			}
			return out
		}
		for n := range f.indices {
			if ok, _ := path.Match(target, n); ok {
				out = append(out, n)
			}
		}
		return out
	}
	switch {
	case p == "/":
		io.WriteString(w, rootBody)
	case strings.HasSuffix(p, "/_mapping"):
		names := resolve()
		if len(names) == 0 && !strings.Contains(target, "*") {
			w.WriteHeader(404)
			json.NewEncoder(w).Encode(notFound(target))
			return
		}
		out := map[string]any{}
		for _, n := range names {
			out[n] = map[string]any{"mappings": map[string]any{"_meta": map[string]any{metaKey: f.indices[n]}, "dynamic": "strict"}}
		}
		json.NewEncoder(w).Encode(out)
	case strings.HasSuffix(p, "/_count"):
		names := resolve()
		if len(names) == 0 {
			w.WriteHeader(404)
			json.NewEncoder(w).Encode(notFound(target))
			return
		}
		fmt.Fprintf(w, `{"count":%d}`, f.docs[names[0]])
	case strings.HasPrefix(p, "/_index_template/"):
		io.WriteString(w, `{"acknowledged":true}`)
	case p == "/_aliases":
		f.calls = append(f.calls, string(body))
		var req struct {
			Actions []map[string]struct {
				Index string `json:"index"`
				Alias string `json:"alias"`
			} `json:"actions"`
		}
		json.Unmarshal(body, &req)
		next := map[string]bool{}
		for n := range f.alias {
			next[n] = true
		}
		for _, a := range req.Actions {
			for op, x := range a {
				if _, ok := f.indices[x.Index]; !ok {
					w.WriteHeader(404)
					json.NewEncoder(w).Encode(notFound(x.Index))
					return
				}
				next[x.Index] = op == "add"
			}
		}
		f.alias = map[string]bool{}
		for n, on := range next {
			if on {
				f.alias[n] = true
			}
		}
		io.WriteString(w, `{"acknowledged":true,"errors":false}`)
	case r.Method == http.MethodPut && strings.Count(p, "/") == 1:
		if _, ok := f.indices[target]; ok {
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"error":{"type":"resource_already_exists_exception","reason":"index [%s/abc] already exists"},"status":400}`, target)
			return
		}
		f.indices[target] = MappingHash()
		if strings.Contains(string(body), `"pressroom"`) {
			f.alias[target] = true
		}
		fmt.Fprintf(w, `{"acknowledged":true,"index":%q}`, target)
	case r.Method == http.MethodDelete:
		for _, n := range strings.Split(target, ",") {
			delete(f.indices, n)
			delete(f.alias, n)
		}
		io.WriteString(w, `{"acknowledged":true}`)
	default:
		f.t.Errorf("unexpected %s %s", r.Method, p)
		w.WriteHeader(400)
	}
}

func TestVersionsAndSwap(t *testing.T) {
	f := &aliasES{t: t, indices: map[string]string{}, docs: map[string]int{}, alias: map[string]bool{}}
	ctx := context.Background()
	st, err := Open(ctx, testConfig(handlerTransport{f}, nil), indextest.Analyzer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if !f.alias["pressroom-v1"] {
		t.Fatalf("Open did not create pressroom-v1 behind the alias: %v", f.alias)
	}
	f.docs["pressroom-v1"] = 9

	next, err := st.CreateVersion(ctx)
	if err != nil || next != "pressroom-v2" {
		t.Fatalf("CreateVersion = %q, %v", next, err)
	}
	if f.alias["pressroom-v2"] {
		t.Errorf("a new version must not be live before the swap")
	}
	v, err := st.OpenVersion(ctx, next)
	if err != nil || v.Target() != "pressroom-v2" {
		t.Fatalf("OpenVersion = %v, %v", v, err)
	}
	_ = v.Close(ctx)
	f.docs["pressroom-v2"] = 11
	if err := st.SwapAlias(ctx, next); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 {
		t.Fatalf("%d _aliases calls, want exactly one", len(f.calls))
	}
	golden(t, "swap-alias.json", []byte(f.calls[0]))
	if !f.alias["pressroom-v2"] || f.alias["pressroom-v1"] {
		t.Errorf("alias after swap = %v", f.alias)
	}
	s, err := st.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Index != "pressroom-v2" || s.Version != 2 || s.Docs != 11 || s.Mapping != MappingHash() || len(s.Versions) != 2 || s.Versions[0].Docs != 9 || !s.Versions[1].Live || s.StateRecords != -1 {
		t.Errorf("status = %+v", s)
	}
	if err := st.DeleteVersion(ctx, "pressroom-v2"); err == nil {
		t.Errorf("deleting the live version was allowed")
	}
	if err := st.DeleteVersion(ctx, "pressroom-v1"); err != nil {
		t.Errorf("DeleteVersion: %v", err)
	}

	// A version with another mapping cannot go live, and the alias
	// serving one refuses writers.
	f.indices["pressroom-v3"] = "0000000000000000"
	if err := st.SwapAlias(ctx, "pressroom-v3"); !errors.Is(err, ErrMappingChanged) {
		t.Errorf("swap to an old mapping: %v", err)
	}
	f.alias = map[string]bool{"pressroom-v3": true}
	if _, err := Open(ctx, testConfig(handlerTransport{f}, nil), indextest.Analyzer(t)); !errors.Is(err, ErrMappingChanged) || !strings.Contains(err.Error(), "reindex") {
		t.Errorf("Open on an old mapping: %v", err)
	}
	ro := testConfig(handlerTransport{f}, nil)
	ro.ReadOnly = true
	if r, err := Open(ctx, ro, indextest.Analyzer(t)); err != nil {
		t.Errorf("read-only Open on an old mapping should search: %v", err)
	} else {
		_ = r.Close(ctx)
	}
	f.alias = map[string]bool{}
	if _, err := Open(ctx, ro, indextest.Analyzer(t)); !errors.Is(err, ErrNoIndex) {
		t.Errorf("read-only Open without the alias: %v", err)
	}
}

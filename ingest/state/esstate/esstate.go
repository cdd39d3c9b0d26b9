// Package esstate keeps ingest's crawl state — per URL what was
// fetched, its hashes, and whether the index acknowledged its release — in
// an Elasticsearch index (pressroom-state) instead of the bbolt file of the
// data directory, so that a scheduled ingest into Elasticsearch can run on
// any machine. It implements ingest.StateStore.
//
// Consistency model. Each URL's record is one document whose _id is the
// hex SHA-256 of the URL (URLs can pass the 512-byte _id limit). Apply
// reads the records it edits (_mget, realtime), applies the edits of each
// URL in order, and writes every record back in one _bulk with
// if_seq_no/if_primary_term (or "create" for a new URL): a compare-and-set
// per record. A record another writer changed in between fails with 409
// and is read and edited again, so no edit is lost and each record moves
// from one whole state to the next. There is no atomicity across records
// (bbolt gives one transaction per Apply): after a crash, some records of
// a batch may be written and others not. That is safe for the run, because
// a record says "indexed" only after the index acknowledged the release,
// and a release not marked is simply sent again (ids make that
// idempotent). Writes are durable when acknowledged (the translog is
// fsynced per request by default); Get is realtime, so a run reads its own
// writes without a refresh.
//
//	es, err := elastic.Open(ctx, cfg, an)
//	st, err := esstate.Open(ctx, es)
//	run := &ingest.Runner{Index: es, State: st, …}
package esstate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/pressroom-ja/pressroom/index/elastic"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// Store is the crawl state in Elasticsearch. It is safe for concurrent use.
type Store struct {
	es    *elastic.Store
	index string
	// MaxRounds bounds the read-edit-write rounds of one Apply when other
	// writers keep changing the same records (default 10).
	MaxRounds int
}

// Open uses es's connection and creates the state index when missing.
func Open(ctx context.Context, es *elastic.Store) (*Store, error) {
	s := &Store{es: es, index: es.StateIndex(), MaxRounds: 10}
	body, err := json.Marshal(map[string]any{
		"settings": map[string]any{"index": map[string]any{"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
		"mappings": Mapping(),
	})
	if err != nil {
		return nil, err
	}
	status, resp, err := es.Do(ctx, "create "+s.index, false, func() esapi.Request {
		return esapi.IndicesCreateRequest{Index: s.index, Body: bytes.NewReader(body)}
	})
	if err != nil {
		return nil, err
	}
	if status >= 300 && !bytes.Contains(resp, []byte("resource_already_exists_exception")) {
		return nil, fmt.Errorf("create crawl state index %s: %d %s", s.index, status, resp)
	}
	return s, nil
}

// Mapping is the state index's mapping: the record as _source, a few
// fields indexed for looking records up in Kibana.
func Mapping() map[string]any {
	kw := map[string]any{"type": "keyword", "ignore_above": 2048}
	date := map[string]any{"type": "date"}
	return map[string]any{
		"dynamic": false,
		"_meta":   map[string]any{"pressroom": "crawl state, one document per URL"},
		"properties": map[string]any{
			"url": kw, "id": kw, "source": kw, "status": kw, "stage": kw,
			"first_seen": date, "last_seen": date, "indexed_at": date,
			"failures": map[string]any{"type": "integer"},
		},
	}
}

// DocID is the _id of url's record.
func DocID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:])
}

// Close releases nothing: the connection belongs to the elastic.Store.
func (s *Store) Close(ctx context.Context) error { return nil }

// Get returns the record of url.
func (s *Store) Get(ctx context.Context, url string) (state.Record, bool, error) {
	status, body, err := s.es.Do(ctx, "state get", true, func() esapi.Request {
		return esapi.GetRequest{Index: s.index, DocumentID: DocID(url)}
	})
	if err != nil {
		return state.Record{}, false, fmt.Errorf("state get %s: %w", url, err)
	}
	if status == http.StatusNotFound {
		if bytes.Contains(body, []byte("index_not_found_exception")) {
			return state.Record{}, false, fmt.Errorf("state get %s: no index %s", url, s.index)
		}
		return state.Record{}, false, nil
	}
	if status != http.StatusOK {
		return state.Record{}, false, fmt.Errorf("state get %s: %d %s", url, status, body)
	}
	var doc struct {
		Found  bool         `json:"found"`
		Source state.Record `json:"_source"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return state.Record{}, false, fmt.Errorf("state get %s: %w", url, err)
	}
	return doc.Source, doc.Found, nil
}

// current is a record as read, with its version for compare-and-set.
type current struct {
	rec         state.Record
	found       bool
	seqNo, term int64
}

// Apply runs the edits, each URL's in order; see the package comment.
func (s *Store) Apply(ctx context.Context, edits []state.Edit) error {
	if len(edits) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var urls []string
	byURL := map[string][]func(*state.Record){}
	for _, e := range edits {
		if _, ok := byURL[e.URL]; !ok {
			urls = append(urls, e.URL)
		}
		byURL[e.URL] = append(byURL[e.URL], e.Fn)
	}
	rounds := max(s.MaxRounds, 1)
	for round := 1; ; round++ {
		cur, err := s.read(ctx, urls)
		if err != nil {
			return err
		}
		again, err := s.write(ctx, urls, byURL, cur)
		if err != nil {
			return err
		}
		if len(again) == 0 {
			return nil
		}
		if round == rounds {
			return fmt.Errorf("state apply: %d records still changing under other writers after %d rounds (first %s)", len(again), rounds, again[0])
		}
		urls = again
		t := time.NewTimer(time.Duration(round*20) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (s *Store) read(ctx context.Context, urls []string) (map[string]current, error) {
	ids := make([]string, len(urls))
	for i, u := range urls {
		ids[i] = DocID(u)
	}
	body, err := json.Marshal(map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	status, resp, err := s.es.Do(ctx, "state read", true, func() esapi.Request {
		return esapi.MgetRequest{Index: s.index, Body: bytes.NewReader(body)}
	})
	if err != nil {
		return nil, fmt.Errorf("state read: %w", err)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("state read: %d %s", status, resp)
	}
	var v struct {
		Docs []struct {
			ID     string          `json:"_id"`
			Found  bool            `json:"found"`
			SeqNo  int64           `json:"_seq_no"`
			Term   int64           `json:"_primary_term"`
			Source json.RawMessage `json:"_source"`
			Error  json.RawMessage `json:"error"`
		} `json:"docs"`
	}
	if err := json.Unmarshal(resp, &v); err != nil {
		return nil, fmt.Errorf("state read: %w", err)
	}
	out := make(map[string]current, len(urls))
	for i, d := range v.Docs {
		if i >= len(urls) || d.ID != ids[i] {
			return nil, fmt.Errorf("state read: answer %d names %s, not the record asked for", i, d.ID)
		}
		if len(d.Error) > 0 {
			return nil, fmt.Errorf("state read %s: %s", urls[i], d.Error)
		}
		c := current{found: d.Found, seqNo: d.SeqNo, term: d.Term}
		if d.Found {
			if err := json.Unmarshal(d.Source, &c.rec); err != nil {
				return nil, fmt.Errorf("state read %s: %w", urls[i], err)
			}
		}
		out[urls[i]] = c
	}
	return out, nil
}

// write puts every edited record back with compare-and-set and returns the
// URLs to read and edit again (409, 429, 5xx).
func (s *Store) write(ctx context.Context, urls []string, byURL map[string][]func(*state.Record), cur map[string]current) ([]string, error) {
	var b bytes.Buffer
	for _, u := range urls {
		c := cur[u]
		rec := c.rec
		rec.URL = u
		for _, fn := range byURL[u] {
			fn(&rec)
		}
		meta := map[string]any{"_id": DocID(u)}
		action := "create"
		if c.found {
			action = "index"
			meta["if_seq_no"], meta["if_primary_term"] = c.seqNo, c.term
		}
		line, err := json.Marshal(map[string]any{action: meta})
		if err != nil {
			return nil, err
		}
		src, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		b.Write(line)
		b.WriteByte('\n')
		b.Write(src)
		b.WriteByte('\n')
	}
	body := b.Bytes()
	status, resp, err := s.es.Do(ctx, "state write", false, func() esapi.Request {
		return esapi.BulkRequest{Index: s.index, Body: bytes.NewReader(body)}
	})
	if err != nil {
		// Unknown outcome: reading again and re-applying is safe (the
		// compare-and-set rejects a double write).
		return urls, nil
	}
	if status == http.StatusTooManyRequests || status >= 500 {
		return urls, nil
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("state write: %d %s", status, resp)
	}
	var v struct {
		Items []map[string]struct {
			ID     string `json:"_id"`
			Status int    `json:"status"`
			Error  *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		} `json:"items"`
	}
	if err := json.Unmarshal(resp, &v); err != nil {
		return urls, nil
	}
	byID := make(map[string]string, len(urls))
	for _, u := range urls {
		byID[DocID(u)] = u
	}
	done := map[string]bool{}
	var again []string
	var errs []error
	for _, entry := range v.Items {
		for _, it := range entry {
			u, ok := byID[it.ID]
			if !ok || done[u] {
				continue
			}
			done[u] = true
			switch {
			case it.Status == http.StatusOK || it.Status == http.StatusCreated:
			case it.Status == http.StatusConflict || it.Status == http.StatusTooManyRequests || it.Status >= 500:
				again = append(again, u)
			default:
				reason := ""
				if it.Error != nil {
					reason = it.Error.Type + ": " + it.Error.Reason
				}
				errs = append(errs, fmt.Errorf("state write %s: %d %s", u, it.Status, reason))
			}
		}
	}
	for _, u := range urls {
		if !done[u] {
			again = append(again, u) // not named in the response
		}
	}
	return again, errors.Join(errs...)
}

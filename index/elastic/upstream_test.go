package elastic

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

// The measurement behind the choice of bulk writer (see doc.go and the
// README). It runs go-elasticsearch v8.19.7's esutil.BulkIndexer, as the
// library ships it and with the safest configuration we found, against
// the same fast local server as TestBulkNoSilentLoss, and reports what it
// lost. It is opt-in because the stock indexer is expected to lose
// documents (and to trip the race detector):
//
//	go test -run TestUpstreamBulkIndexer -upstream ./index/elastic
//	go test -race -run TestUpstreamBulkIndexer/stock -upstream -upstream-runs 2 ./index/elastic
var (
	upstream     = flag.Bool("upstream", false, "measure esutil.BulkIndexer's silent losses (slow; expected to report losses)")
	upstreamRuns = flag.Int("upstream-runs", 10, "runs per variant for -upstream")
	upstreamDocs = flag.Int("upstream-docs", 20000, "documents per run for -upstream")
	upstreamSize = flag.Int("upstream-size", 8<<10, "bytes per document for -upstream")
)

// copyBody is an esapi.Transport that hands net/http a private copy of the
// request body, so that the indexer's buffer is never read by net/http's
// writeLoop after Perform returns: the "safe configuration" variant.
type copyBody struct {
	next interface {
		Perform(*http.Request) (*http.Response, error)
	}
}

func (c copyBody) Perform(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
	}
	return c.next.Perform(req)
}

func TestUpstreamBulkIndexer(t *testing.T) {
	if !*upstream {
		t.Skip("measurement; run with -upstream")
	}
	srv := newFastServer(t)
	pad := strings.Repeat("あ", *upstreamSize/3)
	for _, variant := range []string{"stock", "copy-body"} {
		t.Run(variant, func(t *testing.T) {
			var lostRuns, lost, noCallback, wrongID, total int
			var elapsed time.Duration
			for run := 0; run < *upstreamRuns; run++ {
				srv.reset()
				es, err := elasticsearch.NewClient(elasticsearch.Config{Addresses: []string{srv.URL}, DisableRetry: true})
				if err != nil {
					t.Fatal(err)
				}
				var client interface {
					Perform(*http.Request) (*http.Response, error)
				} = es
				if variant == "copy-body" {
					client = copyBody{es}
				}
				bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{Client: client, Index: "pressroom-v1", NumWorkers: 2})
				if err != nil {
					t.Fatal(err)
				}
				var mu sync.Mutex
				acked := map[string]int{}
				var mismatched int
				start := time.Now()
				for i := 0; i < *upstreamDocs; i++ {
					id := fmt.Sprintf("r%06d", i)
					body := fmt.Sprintf(`{"id":%q,"body":%q}`, id, pad)
					err := bi.Add(context.Background(), esutil.BulkIndexerItem{
						Action: "index", DocumentID: id, Body: strings.NewReader(body),
						OnSuccess: func(_ context.Context, it esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem) {
							mu.Lock()
							acked[it.DocumentID]++
							if res.DocumentID != it.DocumentID {
								mismatched++
							}
							mu.Unlock()
						},
					})
					if err != nil {
						t.Fatal(err)
					}
				}
				if err := bi.Close(context.Background()); err != nil {
					t.Fatal(err)
				}
				elapsed += time.Since(start)
				got := srv.snapshot()
				runLost := 0
				for id := range acked {
					if got[id] == 0 {
						runLost++ // acknowledged, never received
					}
				}
				st := bi.Stats()
				runNoCallback := *upstreamDocs - len(acked)
				if runLost > 0 {
					lostRuns++
				}
				lost += runLost
				noCallback += runNoCallback
				wrongID += mismatched
				total += *upstreamDocs
				t.Logf("run %d: received %d of %d; acked-but-never-received %d; no callback %d; callbacks on the wrong item %d; NumFailed %d",
					run+1, len(got), *upstreamDocs, runLost, runNoCallback, mismatched, st.NumFailed)
			}
			t.Logf("%s: %d of %d runs lost documents; %d of %d acknowledged without being received, %d never called back, %d callbacks named another _id; %.0f docs/s",
				variant, lostRuns, *upstreamRuns, lost, total, noCallback, wrongID, float64(total)/elapsed.Seconds())
		})
	}
}

// The same measurement for this package's writer (a fresh body per
// request, acks by _id), for the numbers in doc.go.
func TestUpstreamCompareStore(t *testing.T) {
	if !*upstream {
		t.Skip("measurement; run with -upstream")
	}
	srv := newFastServer(t)
	pad := strings.Repeat("あ", *upstreamSize/3)
	an := indextest.Analyzer(t)
	docs := make([]index.Doc, *upstreamDocs)
	for i := range docs {
		r := synthetic(i)
		r.Body = pad
		docs[i] = index.Doc{Release: r}
	}
	var lostRuns, lost, total int
	var elapsed time.Duration
	for run := 0; run < *upstreamRuns; run++ {
		srv.reset()
		st, err := Open(context.Background(), Config{Addresses: []string{srv.URL}, NumWorkers: 2}, an)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		acked := map[string]bool{}
		start := time.Now()
		for _, d := range docs {
			id := d.Release.ID
			if err := st.Put(context.Background(), d, func(err error) {
				if err == nil {
					mu.Lock()
					acked[id] = true
					mu.Unlock()
				}
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		elapsed += time.Since(start)
		got := srv.snapshot()
		n := 0
		for id := range acked {
			if got[id] == 0 {
				n++
			}
		}
		if n > 0 {
			lostRuns++
		}
		lost += n
		total += len(docs)
		t.Logf("run %d: received %d, acked %d, acked-but-never-received %d, requests %d", run+1, len(got), len(acked), n, st.Stats().Requests)
	}
	t.Logf("store: %d of %d runs lost documents; %d of %d acknowledged without being received; %.0f docs/s", lostRuns, *upstreamRuns, lost, total, float64(total)/elapsed.Seconds())
}

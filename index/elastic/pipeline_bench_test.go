package elastic

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/benchutil"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// BenchmarkElasticClientShare measures what the Elasticsearch client side
// (the documents' JSON, the nested agreements, the bulk indexer and HTTP)
// costs in a pipeline that extracts generated releases and puts them into
// Elasticsearch. The stand-in server (fastServer) runs in a process of its
// own, so that its work is not counted. Each iteration extracts 500 pages,
// then puts them and flushes; each phase's CPU time is the process's (the
// bulk workers' included). The collector's work is shared between the
// phases by the bytes each allocated, since a cycle often runs in the phase
// after the one that filled the heap. client-% is the client's share of the
// whole; extract-cpu-ms and client-cpu-ms are per iteration.
//
//	go test -run '^$' -bench ElasticClientShare -benchtime 5x ./index/elastic
func BenchmarkElasticClientShare(b *testing.B) {
	if testing.Short() {
		b.Skip("extracts and sends hundreds of releases; run without -short")
	}
	url := fastServerProcess(b)
	an := indextest.Analyzer(b)
	x := extract.New(an)
	g := corpus.New(1)
	const n = 500
	pages := make([]corpus.Page, n)
	for i := range pages {
		pages[i] = g.Page(i)
	}
	ctx := context.Background()
	st, err := Open(ctx, Config{Addresses: []string{url}}, an)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close(ctx)
	var extracting, putting phase
	docs := make([]index.Doc, n)
	for b.Loop() {
		p0 := now()
		for i, p := range pages {
			res, err := x.Extract(extract.Input{URL: p.URL, Body: p.HTML})
			if err != nil {
				b.Fatal(err)
			}
			docs[i] = index.Doc{Release: res.Release, Terms: res.Terms}
		}
		p1 := now()
		for _, d := range docs {
			if err := st.Put(ctx, d, nil); err != nil {
				b.Fatal(err)
			}
		}
		if err := st.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		p2 := now()
		extracting.add(p0, p1)
		putting.add(p1, p2)
	}
	gc := extracting.gc + putting.gc
	alloc := extracting.alloc + putting.alloc
	ext := extracting.cpu - extracting.gc + gc*extracting.alloc/alloc
	cli := putting.cpu - putting.gc + gc*putting.alloc/alloc
	b.ReportMetric(ext*1000/float64(b.N), "extract-cpu-ms")
	b.ReportMetric(cli*1000/float64(b.N), "client-cpu-ms")
	b.ReportMetric(100*cli/(ext+cli), "client-%")
}

// phase sums a phase's process CPU time, the collector's part of it, and
// the bytes it allocated.
type phase struct{ cpu, gc, alloc float64 }

type point struct{ cpu, gc, alloc float64 }

func now() point {
	c, _ := benchutil.CPU()
	ms := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(ms)
	return point{c.Seconds(), ms[0].Value.Float64(), float64(ms[1].Value.Uint64())}
}

func (p *phase) add(from, to point) {
	p.cpu += to.cpu - from.cpu
	p.gc += to.gc - from.gc
	p.alloc += to.alloc - from.alloc
}

// fastServerProcess starts this test binary again as a fastServer and
// returns its URL; the process ends with the benchmark.
func fastServerProcess(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFastServerProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "PRESSROOM_FAST_ES_SERVER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = stdin.Close() // the server exits when its input closes
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if url, ok := strings.CutPrefix(sc.Text(), "fast server: "); ok {
			go func() {
				for sc.Scan() {
				}
			}()
			return url
		}
	}
	b.Fatalf("the fast server process did not start: %v", sc.Err())
	return ""
}

// TestFastServerProcess is the server of BenchmarkElasticClientShare: it
// runs only when that benchmark starts it.
func TestFastServerProcess(t *testing.T) {
	if os.Getenv("PRESSROOM_FAST_ES_SERVER") == "" {
		t.Skip("started by BenchmarkElasticClientShare")
	}
	srv := newFastServer(t)
	fmt.Printf("fast server: %s\n", srv.URL)
	_, _ = bufio.NewReader(os.Stdin).ReadString(0) // until the benchmark ends
}

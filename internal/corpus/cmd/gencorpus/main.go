// Command gencorpus writes a generated corpus (internal/corpus) to disk as
// HTML pages, one file per release, for benchmarks of the real ingest path:
//
//	go run ./internal/corpus/cmd/gencorpus -n 100000 -seed 1 -dir /tmp/corpus-100k
//	/usr/bin/time -v pressroom ingest --data /tmp/data-100k /tmp/corpus-100k
//
// Pages go into subdirectories of 1,000 (000/, 001/, …) so that no
// directory grows huge. Release i is the same page whatever n is, so a
// corpus of 20,000 is the first fifth of one of 100,000. It is a
// developer's tool, not shipped data.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/pressroom-ja/pressroom/internal/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of releases")
	seed := flag.Uint64("seed", 1, "corpus seed")
	first := flag.Int("first", 0, "number of the first release")
	dir := flag.String("dir", "", "output `directory` (created)")
	flag.Parse()
	if *dir == "" || *n <= 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N [-seed S] -dir DIR")
		os.Exit(2)
	}
	if err := run(*dir, *first, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(dir string, first, n int, seed uint64) error {
	g := corpus.New(seed)
	var bytes atomic.Int64
	err := corpus.ForEach(first, n, func(i int) error {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		p := g.Page(i)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%07d.html", i)), p.HTML, 0o644); err != nil {
			return err
		}
		bytes.Add(int64(len(p.HTML)))
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d pages, %.1f MB, in %s\n", n, float64(bytes.Load())/1e6, dir)
	return nil
}

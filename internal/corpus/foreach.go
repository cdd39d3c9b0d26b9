package corpus

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// ForEach calls fn for every i in [first, first+n) on GOMAXPROCS
// goroutines, the way generated corpora are written and indexed: pages are
// independent, so any order will do. It stops handing out numbers at the
// first error and returns it.
func ForEach(first, n int, fn func(i int) error) error {
	var (
		next     atomic.Int64
		failed   atomic.Bool
		once     sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	next.Store(int64(first))
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= first+n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { firstErr = err })
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

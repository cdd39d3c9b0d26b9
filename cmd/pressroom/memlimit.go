package main

import (
	"math"
	"runtime"
	"runtime/debug"
	rmetrics "runtime/metrics"
	"time"
)

// ingestHeadroom is the Go memory an ingest may use beyond the heap that is
// live once the dictionary is loaded (about 90 MiB, most of it the
// dictionary), before the collector works harder than GOGC asks.
const ingestHeadroom = 256 << 20

// limitMemory sets a soft memory limit (debug.SetMemoryLimit) for an
// ingest, the live heap after the dictionary's load plus ingestHeadroom,
// and returns the function that lifts it. The rest of an ingest's live heap
// (Bleve's batch, the pages in the workers) is 60-80 MiB; with GOGC=100
// alone the runtime held twice the live heap from the system, which with
// the mapped files put the peak of a 100,000-release ingest just over
// 700 MiB (docs/performance.md, Memory). Should the live heap grow near
// the limit, the limit moves out of the way (twice the live heap, as
// GOGC=100 would allow) rather than have the collector run back to back.
// A limit given with GOMEMLIMIT is left alone.
func limitMemory() (lift func()) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	runtime.GC()
	limit := int64(heapLive()) + ingestHeadroom
	debug.SetMemoryLimit(limit)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if live := int64(heapLive()); live*3/2 > limit {
				limit = 2 * live
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// heapLive is the heap found live by the last collection.
func heapLive() uint64 {
	s := []rmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	rmetrics.Read(s)
	if s[0].Value.Kind() != rmetrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

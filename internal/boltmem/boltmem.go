// Package boltmem keeps the resident memory of a long-running bbolt writer
// small. bbolt reads through a read-only shared mapping and writes with
// pwrite, so every page a transaction has read counts in the process's
// resident set until the file is mapped anew; each grouped commit reads
// the new pages the last one wrote, and over a 100,000-release ingest that
// was 85 MiB of the peak (docs/performance.md, Memory). The pages stay in
// the page cache, so dropping them costs a later read nothing measurable.
package boltmem

import (
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// Dropper drops a database's mapped pages every Every writes. The zero
// value with Every set is ready; it is safe for concurrent use.
type Dropper struct {
	Every int64

	n    atomic.Int64
	busy atomic.Bool
}

// Wrote counts n writes to db and, when the count passes a multiple of
// Every, drops db's mapped pages (unless another call is doing so).
// Errors are ignored: dropping is advice, and the data is on disk.
func (d *Dropper) Wrote(db *bolt.DB, n int64) {
	after := d.n.Add(n)
	if after/d.Every == (after-n)/d.Every || !d.busy.CompareAndSwap(false, true) {
		return
	}
	defer d.busy.Store(false)
	_ = Drop(db)
}

package archive

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped tells the kernel that the process no longer needs the pages
// of db's memory map it has read. bbolt reads through a read-only shared
// mapping and writes with pwrite, so the pages stay in the page cache and a
// later read maps them again; but every page a transaction has read counts
// in the process's resident set until the file is mapped anew, and over a
// long run that is tens of megabytes (docs/performance.md, Memory). The
// read transaction holds bbolt's mmap lock, so the mapping cannot move
// while the advice is given.
func dropMapped(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
		if errno != 0 {
			return errno
		}
		return nil
	})
}

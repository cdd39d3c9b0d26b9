package boltmem

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// Drop tells the kernel that the process no longer needs the pages of db's
// memory map it has read; a later read maps them again from the page
// cache. The read transaction holds bbolt's mmap lock, so the mapping
// cannot move while the advice is given.
func Drop(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
		if errno != 0 {
			return errno
		}
		return nil
	})
}

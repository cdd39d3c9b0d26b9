package boltmem

import (
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestDropKeepsData writes past several drop points and reads every value
// back: dropping mapped pages is advice to the kernel, never a loss.
func TestDropKeepsData(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "t.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := Dropper{Every: 10}
	for i := range 95 {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return b.Put(fmt.Appendf(nil, "k%03d", i), make([]byte, 4096))
		})
		if err != nil {
			t.Fatal(err)
		}
		d.Wrote(db, 1)
	}
	if err := Drop(db); err != nil {
		t.Fatalf("Drop: %v", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("b"))
		for i := range 95 {
			if v := b.Get(fmt.Appendf(nil, "k%03d", i)); len(v) != 4096 {
				return fmt.Errorf("k%03d: %d bytes", i, len(v))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

//go:build !linux

package boltmem

import bolt "go.etcd.io/bbolt"

// Drop does nothing here: the advice is Linux's (see drop_linux.go).
func Drop(*bolt.DB) error { return nil }

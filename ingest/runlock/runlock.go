// Package runlock keeps two ingest runs from working on one data directory
// at once. The lock is an OS file lock (flock) on DIR/lock, so it is
// released when the holding process exits, however it exits — a run killed
// with SIGKILL never leaves a stale lock behind. The file also records who
// holds it, so the run that is turned away can say which run holds it and
// since when.
//
//	l, err := runlock.Acquire(ctx, "data", runlock.Holder{Command: "pressroom ingest"})
//	var held *runlock.HeldError
//	if errors.As(err, &held) { … held.Holder.PID, held.Holder.Started … }
//	defer l.Release()
package runlock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// Holder says who holds the lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Command string    `json:"command"`
	Started time.Time `json:"started"`
}

func (h Holder) String() string {
	return fmt.Sprintf("pid %d on %s (%s) since %s", h.PID, h.Host, h.Command, h.Started.Format(time.RFC3339))
}

// ErrHeld is wrapped by HeldError.
var ErrHeld = errors.New("data directory is locked by another run")

// HeldError reports the run that holds the lock.
type HeldError struct {
	Path   string
	Holder Holder // zero when the holder did not record itself
}

func (e *HeldError) Error() string {
	if e.Holder.PID == 0 {
		return fmt.Sprintf("%s: %v", e.Path, ErrHeld)
	}
	return fmt.Sprintf("%v: %s holds %s", ErrHeld, e.Holder, e.Path)
}

func (e *HeldError) Unwrap() error { return ErrHeld }

// Lock is a held lock.
type Lock struct {
	fl   *flock.Flock
	path string
}

// Acquire takes the lock on dir without waiting; a held lock gives a
// *HeldError. PID, Host and Started are filled in when zero.
func Acquire(ctx context.Context, dir string, h Holder) (*Lock, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock: create %s: %w", dir, err)
	}
	return AcquireFile(ctx, filepath.Join(dir, "lock"), h)
}

// AcquireFile takes the lock kept in the file at path, as Acquire does
// for a data directory's run lock; other locks (the one `pressroom serve`
// holds on the embedded index while it runs) live in other files.
func AcquireFile(ctx context.Context, path string, h Holder) (*Lock, error) {
	return acquire(ctx, path, h, false)
}

// AcquireShared takes the lock in the file at path shared: other shared
// holders may hold it too (several read-only `pressroom serve`), an
// exclusive one may not, and Peek reports it held.
func AcquireShared(ctx context.Context, path string, h Holder) (*Lock, error) {
	return acquire(ctx, path, h, true)
}

func acquire(ctx context.Context, path string, h Holder, shared bool) (*Lock, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fl := flock.New(path)
	try := fl.TryLock
	if shared {
		try = fl.TryRLock
	}
	ok, err := try()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &HeldError{Path: path, Holder: readHolder(path)}
	}
	h = Fill(h)
	b, _ := json.Marshal(h)
	// flock does not stop writes: the file holds the holder's record for
	// anyone who is turned away.
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		_ = fl.Unlock()
		return nil, fmt.Errorf("lock %s: record holder: %w", path, err)
	}
	return &Lock{fl: fl, path: path}, nil
}

// Peek reports whether the lock in the file at path is held, and by whom,
// without taking it for longer than the look.
func Peek(path string) (Holder, bool, error) {
	fl := flock.New(path)
	ok, err := fl.TryLock()
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Holder{}, false, nil
		}
		return Holder{}, false, fmt.Errorf("lock %s: %w", path, err)
	}
	if ok {
		_ = fl.Unlock()
		return Holder{}, false, nil
	}
	return readHolder(path), true, nil
}

// Fill fills in a holder's PID, Host and Started when zero: this process,
// now.
func Fill(h Holder) Holder {
	if h.PID == 0 {
		h.PID = os.Getpid()
	}
	if h.Host == "" {
		h.Host, _ = os.Hostname()
	}
	if h.Started.IsZero() {
		h.Started = time.Now().UTC()
	}
	return h
}

func readHolder(path string) Holder {
	var h Holder
	b, err := os.ReadFile(path)
	if err == nil {
		_ = json.Unmarshal(b, &h)
	}
	return h
}

// Release gives the lock up. The file stays; its content is stale once
// unlocked and is overwritten by the next holder.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	return l.fl.Unlock()
}

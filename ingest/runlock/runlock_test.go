package runlock_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/runlock"
)

func TestSecondAcquireSaysWhoHoldsIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l, err := runlock.Acquire(ctx, dir, runlock.Holder{Command: "pressroom ingest --every 30m"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = runlock.Acquire(ctx, dir, runlock.Holder{Command: "pressroom ingest"})
	var held *runlock.HeldError
	if !errors.As(err, &held) || !errors.Is(err, runlock.ErrHeld) {
		t.Fatalf("second Acquire: %v, want HeldError", err)
	}
	if held.Holder.PID != os.Getpid() || held.Holder.Command != "pressroom ingest --every 30m" || held.Holder.Started.IsZero() {
		t.Errorf("holder = %+v", held.Holder)
	}
	if !strings.Contains(err.Error(), "since") {
		t.Errorf("message %q does not say since when", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := runlock.Acquire(ctx, dir, runlock.Holder{})
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	_ = l2.Release()
}

// TestHelperHolder is not a test: TestKilledHolderLeavesNoLock runs the
// test binary with it to hold the lock in another process.
func TestHelperHolder(t *testing.T) {
	dir := os.Getenv("RUNLOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	if _, err := runlock.Acquire(context.Background(), dir, runlock.Holder{Command: "helper"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Minute)
}

// TestKilledHolderLeavesNoLock: the OS drops the lock with the process, even
// on SIGKILL.
func TestKilledHolderLeavesNoLock(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHolder$")
	cmd.Env = append(os.Environ(), "RUNLOCK_HELPER_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	var held *runlock.HeldError
	for i := 0; ; i++ {
		l, err := runlock.Acquire(context.Background(), dir, runlock.Holder{})
		if errors.As(err, &held) && held.Holder.Command == "helper" {
			break
		}
		if err == nil {
			_ = l.Release() // the helper has not started yet
		}
		if i > 1000 {
			t.Fatalf("helper never took the lock: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if held.Holder.PID != cmd.Process.Pid {
		t.Errorf("holder pid %d, want the helper's %d", held.Holder.PID, cmd.Process.Pid)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	l, err := runlock.Acquire(context.Background(), dir, runlock.Holder{})
	if err != nil {
		t.Fatalf("lock still held after its holder was killed: %v", err)
	}
	_ = l.Release()
}

package schedule

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock advances only when a run works or the scheduler sleeps.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// TestFixedRateNoPileUp: runs start every interval from the first start;
// one that takes longer than the interval (here two and a half intervals)
// is followed by the next at once, and by one only, not by one per missed
// start; the rate then resumes from that run's start.
func TestFixedRateNoPileUp(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	every := 30 * time.Minute
	took := []time.Duration{10 * time.Minute, 75 * time.Minute, 5 * time.Minute, 40 * time.Minute, time.Minute}
	var starts []time.Time
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s, err := New(ctx, Config{Every: every, Now: clock.Now, Sleep: clock.Sleep}, func(ctx context.Context) {
		i := len(starts)
		starts = append(starts, clock.Now())
		clock.advance(took[i])
		if i == len(took)-1 {
			cancel()
			close(done)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	<-done
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	t0 := starts[0]
	var got []time.Duration
	for _, st := range starts {
		got = append(got, st.Sub(t0))
	}
	// 0: runs 10m, sleeps 20m → 30m: runs 75m (late) → 105m at once: runs
	// 5m, sleeps 25m → 135m: runs 40m (late) → 175m at once.
	want := []time.Duration{0, 30 * time.Minute, 105 * time.Minute, 135 * time.Minute, 175 * time.Minute}
	if len(got) != len(want) {
		t.Fatalf("starts %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("start %d at %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
	if st := s.Stats(); st.Runs != 5 || st.Late != 2 {
		t.Errorf("stats %+v, want 5 runs, 2 late", st)
	}
	if len(clock.sleeps) != 2 || clock.sleeps[0] != 20*time.Minute || clock.sleeps[1] != 25*time.Minute {
		t.Errorf("sleeps %v", clock.sleeps)
	}
}

// TestCloseWaitsForRun: Close cancels the run in flight and waits for it;
// no run starts after Close.
func TestCloseWaitsForRun(t *testing.T) {
	started := make(chan struct{}, 10)
	var finished sync.WaitGroup
	finished.Add(1)
	s, err := New(context.Background(), Config{Every: time.Hour}, func(ctx context.Context) {
		started <- struct{}{}
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond) // finishing gracefully
		finished.Done()
	})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	finished.Wait()
	select {
	case <-started:
		t.Error("a run started after Close")
	default:
	}
	if _, err := New(context.Background(), Config{}, func(context.Context) {}); err == nil {
		t.Error("zero interval accepted")
	}
}

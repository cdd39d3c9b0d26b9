// Package schedule runs a job at once and then every interval until
// stopped, never two at once: `pressroom ingest --every` and `pressroom
// serve --ingest-every` are built on it.
//
// Runs start on a fixed rate (every 30 minutes from the first start), not
// a fixed delay after each end. A run that takes longer than the interval
// is followed by the next at once, and only by one: missed starts do not
// pile up.
//
//	s := schedule.New(ctx, schedule.Config{Every: 30 * time.Minute}, job)
//	<-ctx.Done()
//	s.Close(ctx) // waits for the run in flight, which sees ctx cancelled
package schedule

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets a Scheduler up.
type Config struct {
	// Every is the interval between the starts of two runs; it must be
	// positive.
	Every time.Duration
	// Now and Sleep are the clock (default: the real one); Sleep returns
	// early with ctx's error when ctx ends.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Stats are the scheduler's counters so far.
type Stats struct {
	// Runs counts the runs started.
	Runs int64
	// Late counts the runs started at once because the run before took
	// longer than the interval.
	Late int64
	// Next is when the next run starts (zero while one runs).
	Next time.Time
}

// Scheduler owns the goroutine that runs the job.
type Scheduler struct {
	cfg    Config
	cancel context.CancelFunc
	wg     sync.WaitGroup
	done   chan struct{}

	runs, late atomic.Int64
	next       atomic.Pointer[time.Time]
}

// New starts running job: at once, then every cfg.Every, each run with a
// ctx that is cancelled when ctx is or Close is called.
func New(ctx context.Context, cfg Config, job func(ctx context.Context)) (*Scheduler, error) {
	if cfg.Every <= 0 {
		return nil, errors.New("schedule: the interval must be positive")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	rctx, cancel := context.WithCancel(ctx)
	s := &Scheduler{cfg: cfg, cancel: cancel, done: make(chan struct{})}
	s.wg.Add(1)
	go s.loop(rctx, job)
	return s, nil
}

func (s *Scheduler) loop(ctx context.Context, job func(ctx context.Context)) {
	defer s.wg.Done()
	defer close(s.done)
	for ctx.Err() == nil {
		start := s.cfg.Now()
		s.next.Store(nil)
		s.runs.Add(1)
		job(ctx)
		if ctx.Err() != nil {
			return
		}
		next := start.Add(s.cfg.Every)
		s.next.Store(&next)
		wait := next.Sub(s.cfg.Now())
		if wait <= 0 {
			s.late.Add(1)
			continue
		}
		if s.cfg.Sleep(ctx, wait) != nil {
			return
		}
	}
}

// Stats returns the counters so far.
func (s *Scheduler) Stats() Stats {
	st := Stats{Runs: s.runs.Load(), Late: s.late.Load()}
	if n := s.next.Load(); n != nil {
		st.Next = *n
	}
	return st
}

// Done is closed when the scheduler has stopped: its ctx ended, or Close.
func (s *Scheduler) Done() <-chan struct{} { return s.done }

// Close stops the scheduler: the run in flight, if any, sees its ctx
// cancelled, and Close waits for it to return, or for ctx to end.
func (s *Scheduler) Close(ctx context.Context) error {
	s.cancel()
	select {
	case <-s.done:
		s.wg.Wait()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Package benchutil holds what pressroom's benchmarks share: the process's
// CPU time, which on a shared two-core machine says more than wall time
// (garbage collection runs on the other core, and other people's jobs
// slow the clock), and the reporting of it as a benchmark metric.
package benchutil

import (
	"runtime"
	"testing"
	"time"
)

// CPU returns the CPU time, user and system, the process has used so
// far, with every thread (so the collector's work too), and false where
// the platform does not tell.
func CPU() (time.Duration, bool) { return cpu() }

// Meter measures the CPU time of a benchmark's loop.
type Meter struct {
	start time.Duration
	ok    bool
}

// Start begins measuring; call it just before the loop.
func Start() Meter {
	c, ok := CPU()
	return Meter{start: c, ok: ok}
}

// Report adds the CPU time per operation (cpu-ms/op) and, when units is
// positive, per unit of work (cpu-ms/<unit>, for example per release).
func (m Meter) Report(b *testing.B, units int, unit string) {
	b.Helper()
	if !m.ok || b.N == 0 {
		return
	}
	c, _ := CPU()
	used := float64(c-m.start) / float64(time.Millisecond)
	b.ReportMetric(used/float64(b.N), "cpu-ms/op")
	if units > 0 && unit != "" {
		b.ReportMetric(used/float64(b.N)/float64(units), "cpu-ms/"+unit)
	}
}

// Ratio times two pieces of work run alternately on one locked OS thread,
// in the thread's own CPU time, so that what the machine's other users
// and the collector's background workers do weighs on both alike. It is
// the steadiest way to compare two costs on a busy machine; the separate
// benchmarks' cpu-ms/op add the collector's background share.
type Ratio struct {
	a, b time.Duration
	ok   bool
}

// NewRatio locks the calling goroutine to its thread until Done.
func NewRatio() *Ratio {
	runtime.LockOSThread()
	_, ok := threadCPU()
	return &Ratio{ok: ok}
}

// A runs f and counts its time for the numerator.
func (r *Ratio) A(f func()) { r.a += r.time(f) }

// B runs f and counts its time for the denominator.
func (r *Ratio) B(f func()) { r.b += r.time(f) }

// Both runs a and b once each, b first on even turns and a first on odd
// ones, so that neither always runs in the caches the other leaves.
func (r *Ratio) Both(turn int, a, b func()) {
	if turn%2 == 0 {
		r.B(b)
		r.A(a)
		return
	}
	r.A(a)
	r.B(b)
}

func (r *Ratio) time(f func()) time.Duration {
	t0, _ := threadCPU()
	f()
	t1, _ := threadCPU()
	return t1 - t0
}

// Done unlocks the thread and reports A's time over B's as the metric
// named unit (for example "extract/kagome"), and each one's thread CPU time
// per operation (a-ms/op, b-ms/op): set beside a benchmark of B alone, they
// show what running in turn with A does to B (its caches, mostly).
func (r *Ratio) Done(b *testing.B, unit string) {
	b.Helper()
	runtime.UnlockOSThread()
	if r.ok && r.b > 0 {
		b.ReportMetric(float64(r.a)/float64(r.b), unit)
		b.ReportMetric(float64(r.a)/float64(time.Millisecond)/float64(b.N), "a-ms/op")
		b.ReportMetric(float64(r.b)/float64(time.Millisecond)/float64(b.N), "b-ms/op")
	}
}

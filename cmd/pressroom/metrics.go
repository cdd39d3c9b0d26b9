package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/web"
)

// metrics are the Prometheus metrics of `ingest --every` and `serve`. They
// implement ingest.Observer and fetch.Observer, so that neither package
// knows Prometheus. Each process has its own registry (no global state):
// tests run many in one process.
type metrics struct {
	reg *prometheus.Registry

	fetched     *prometheus.CounterVec
	releases    *prometheus.CounterVec
	fetch       *prometheus.HistogramVec
	stage       *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	lastRun     *prometheus.GaugeVec
	pending     *prometheus.GaugeVec
	failedItems *prometheus.GaugeVec
	runs        *prometheus.CounterVec
	runDuration prometheus.Histogram
	running     prometheus.Gauge
}

var (
	_ ingest.Observer = (*metrics)(nil)
	_ fetch.Observer  = (*metrics)(nil)
)

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	latency := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m.fetched = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pressroom_ingest_fetched_total",
		Help: "Release pages whose body was read (HTTP 200, or a file), per source.",
	}, []string{"source"})
	m.releases = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pressroom_ingest_releases_total",
		Help: "Pages by outcome, per source: new, updated, unchanged, not_modified, failed, disallowed, unsupported.",
	}, []string{"source", "outcome"})
	m.fetch = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "pressroom_fetch_duration_seconds",
		Help:    "HTTP requests of the crawler, from sending to the body's last byte (the politeness wait not included), by result: ok, not_modified, http_error, error.",
		Buckets: latency,
	}, []string{"result"})
	m.stage = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "pressroom_ingest_stage_duration_seconds",
		Help:    "Time one release spent in a stage: extract (the extractor), index (from the write to the index's acknowledgement).",
		Buckets: latency,
	}, []string{"stage"})
	m.lastSuccess = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "pressroom_ingest_last_success_timestamp_seconds",
		Help: "When a run last finished a source without a failure (Unix time), per source.",
	}, []string{"source"})
	m.lastRun = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "pressroom_ingest_last_run_timestamp_seconds",
		Help: "When the last run finished (Unix time), by its outcome.",
	}, []string{"outcome"})
	m.pending = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "pressroom_ingest_pending_items",
		Help: "Releases the next run reads again by itself (pending: sent and not acknowledged; or re-queued by pressroom retry), per source, after the last run.",
	}, []string{"source"})
	m.failedItems = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "pressroom_ingest_failed_items",
		Help: "Releases whose last attempt failed, per source, after the last run (pressroom status lists them).",
	}, []string{"source"})
	m.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pressroom_ingest_runs_total",
		Help: "Runs by outcome: ok, partial, failed, interrupted, locked (another run held the lock).",
	}, []string{"outcome"})
	m.runDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "pressroom_ingest_run_duration_seconds",
		Help:    "How long runs took.",
		Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600},
	})
	m.running = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "pressroom_ingest_running",
		Help: "1 while a run is in progress.",
	})
	m.reg.MustRegister(m.fetched, m.releases, m.fetch, m.stage, m.lastSuccess, m.lastRun, m.pending, m.failedItems,
		m.runs, m.runDuration, m.running,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []string{"ok", "partial", "failed", "interrupted", "locked"} {
		m.runs.WithLabelValues(o)
	}
	return m
}

// handler serves the exposition format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Page implements ingest.Observer.
func (m *metrics) Page(source string, o ingest.Outcome, fetched bool) {
	if fetched {
		m.fetched.WithLabelValues(source).Inc()
	}
	m.releases.WithLabelValues(source, o.String()).Inc()
}

// Stage implements ingest.Observer.
func (m *metrics) Stage(source, stage string, d time.Duration, err error) {
	m.stage.WithLabelValues(stage).Observe(d.Seconds())
}

// SourceDone implements ingest.Observer.
func (m *metrics) SourceDone(ss *ingest.SourceSummary) {
	m.fetched.WithLabelValues(ss.Name) // the series exists from the first run on
	if ss.Error == "" && ss.Failed == 0 && ss.Pending == 0 {
		m.lastSuccess.WithLabelValues(ss.Name).SetToCurrentTime()
	}
}

// Requested implements fetch.Observer.
func (m *metrics) Requested(d time.Duration, status int, err error) {
	result := "ok"
	switch {
	case err != nil && status == 0:
		result = "error"
	case status == http.StatusNotModified:
		result = "not_modified"
	case status >= 400 || err != nil:
		result = "http_error"
	}
	m.fetch.WithLabelValues(result).Observe(d.Seconds())
}

// runStarted and runDone bracket a run.
func (m *metrics) runStarted() { m.running.Set(1) }

func (m *metrics) runDone(outcome string, d time.Duration) {
	m.running.Set(0)
	m.runs.WithLabelValues(outcome).Inc()
	if outcome != "locked" {
		m.runDuration.Observe(d.Seconds())
		m.lastRun.WithLabelValues(outcome).SetToCurrentTime()
	}
}

// backlog sets the pending and failed gauges of every source named.
func (m *metrics) backlog(pending, failed map[string]int, sources []string) {
	for _, s := range sources {
		m.pending.WithLabelValues(s).Set(float64(pending[s]))
		m.failedItems.WithLabelValues(s).Set(float64(failed[s]))
	}
}

// serveMetrics serves /metrics on addr until ctx ends. ready, when set,
// gets the address listened on.
func serveMetrics(ctx context.Context, addr string, m *metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, withCode(exitFailure, fmt.Errorf("metrics: listen on %s: %w", addr, err))
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	log.Info("serving metrics", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/metrics")
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := web.Serve(sctx, ln, mux, log.WithGroup("metrics")); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}, nil
}

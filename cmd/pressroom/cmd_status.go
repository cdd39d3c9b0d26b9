package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/runlock"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

func runStatus(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "status", "",
		`Shows what the scheduled ingest has done, from the crawl state in the data
directory: the recent runs (when, how long, outcome, counts), each source's
last run and last success, and the releases that failed (grouped by reason,
with counts, the newest in full) or wait to be read again (pending: sent to
the index and not acknowledged; or re-queued by pressroom retry).`)
	store := addStoreFlags(fs, env)
	nRuns := fs.Int("runs", 10, "recent runs to show")
	nItems := fs.Int("failed", 20, "failed and pending releases to show in full, newest first")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if rest, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		fs.Usage()
		return usageErrorf("status takes no arguments (got %q)", rest[0])
	}
	st, err := openStateForReading(ctx, store)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	rep, err := buildStatus(ctx, st, *nRuns, *nItems)
	if err != nil {
		return err
	}
	if h, held, _ := runlock.Peek(filepath.Join(store.Data, "lock")); held {
		rep.Running = &h
	}
	if store.elastic() && store.State != "local" {
		rep.Note = "the per-URL records of this index live in Elasticsearch (pressroom-state); failed and pending releases below are the data directory's only"
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.writeText(env.Stdout, time.Now())
	return nil
}

// openStateForReading opens the data directory's crawl state without
// creating one, and says which run holds it when it is busy.
func openStateForReading(ctx context.Context, store *storeOptions) (*state.Store, error) {
	if _, err := os.Stat(statePath(store.Data)); errors.Is(err, os.ErrNotExist) {
		return nil, withCode(exitFailure, fmt.Errorf("no crawl state in %s yet: nothing has been ingested there (pressroom ingest)", store.Data))
	}
	st, err := state.Open(ctx, statePath(store.Data))
	if errors.Is(err, state.ErrLocked) {
		if h, held, _ := runlock.Peek(filepath.Join(store.Data, "lock")); held {
			return nil, withCode(exitLocked, fmt.Errorf("a run is in progress (%s) and holds the crawl state; try again when it has finished (its metrics, with --metrics-addr, show it meanwhile)", h))
		}
		return nil, withCode(exitLocked, fmt.Errorf("%w: another pressroom command is using %s; try again when it has finished", err, store.Data))
	}
	return st, err
}

// statusReport is what `pressroom status` shows.
type statusReport struct {
	Running *runlock.Holder `json:"running,omitempty"`
	Note    string          `json:"note,omitempty"`
	Runs    []runEntry      `json:"runs"`
	Sources []sourceStatus  `json:"sources"`
	Failed  itemsStatus     `json:"failed"`
	Pending itemsStatus     `json:"pending"`
}

type runEntry struct {
	ID       string        `json:"id"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	Outcome  string        `json:"outcome"`
	Totals   ingest.Counts `json:"totals"`
	Error    string        `json:"error,omitempty"`
}

type sourceStatus struct {
	Name        string    `json:"name"`
	LastRun     time.Time `json:"last_run,omitzero"`
	LastOutcome string    `json:"last_outcome,omitempty"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	Pending     int       `json:"pending"`
	Failed      int       `json:"failed"`
}

type itemsStatus struct {
	Total  int           `json:"total"`
	Groups []reasonGroup `json:"groups,omitempty"`
	Newest []itemStatus  `json:"newest"`
}

type reasonGroup struct {
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

type itemStatus struct {
	URL      string    `json:"url"`
	Source   string    `json:"source"`
	Status   string    `json:"status"`
	Stage    string    `json:"stage,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Failures int       `json:"failures,omitempty"`
	LastSeen time.Time `json:"last_seen,omitzero"`
	Retry    bool      `json:"retry,omitempty"`
}

func buildStatus(ctx context.Context, st *state.Store, nRuns, nItems int) (*statusReport, error) {
	rep := &statusReport{Runs: []runEntry{}, Sources: []sourceStatus{}}
	runs, err := st.Runs(ctx, state.MaxRuns)
	if err != nil {
		return nil, fmt.Errorf("read runs: %w", err)
	}
	bySource := map[string]*sourceStatus{}
	for i, r := range runs { // newest first
		var sum ingest.Summary
		_ = json.Unmarshal(r.Summary, &sum)
		if i < nRuns {
			rep.Runs = append(rep.Runs, runEntry{ID: r.ID, Started: r.Started, Duration: r.Finished.Sub(r.Started), Outcome: r.Outcome, Totals: sum.Totals, Error: sum.Error})
		}
		for _, ss := range sum.Sources {
			s := bySource[ss.Name]
			if s == nil {
				s = &sourceStatus{Name: ss.Name, LastRun: r.Finished, LastOutcome: sourceOutcome(ss, r.Outcome)}
				bySource[ss.Name] = s
			}
			if s.LastSuccess.IsZero() && sourceOutcome(ss, r.Outcome) == outcomeOK {
				s.LastSuccess = r.Finished
			}
		}
	}
	backlog, err := st.Backlog(ctx)
	if err != nil {
		return nil, err
	}
	source := func(name string) *sourceStatus {
		s := bySource[name]
		if s == nil {
			s = &sourceStatus{Name: name}
			bySource[name] = s
		}
		return s
	}
	for name, n := range backlog.Queued {
		source(name).Pending = n
	}
	for name, n := range backlog.Failed {
		source(name).Failed = n
	}
	for _, s := range bySource {
		rep.Sources = append(rep.Sources, *s)
	}
	sort.Slice(rep.Sources, func(i, j int) bool { return rep.Sources[i].Name < rep.Sources[j].Name })

	var failed, pending []itemStatus
	groups := map[reasonGroup]int{}
	err = st.Outstanding(ctx, func(r state.Record) error {
		it := itemStatus{URL: r.URL, Source: r.Source, Status: r.Status.String(), Stage: r.Stage, Reason: r.Error, Failures: r.Failures, LastSeen: r.LastSeen, Retry: r.Retry}
		if r.Status == state.Failed {
			failed = append(failed, it)
			groups[reasonGroup{Stage: r.Stage, Reason: r.Error}]++
		}
		if r.Queued() {
			pending = append(pending, it)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for g, n := range groups {
		g.Count = n
		rep.Failed.Groups = append(rep.Failed.Groups, g)
	}
	sort.Slice(rep.Failed.Groups, func(i, j int) bool {
		a, b := rep.Failed.Groups[i], rep.Failed.Groups[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Stage+a.Reason < b.Stage+b.Reason
	})
	newest := func(items []itemStatus) []itemStatus {
		sort.SliceStable(items, func(i, j int) bool { return items[i].LastSeen.After(items[j].LastSeen) })
		if len(items) > nItems {
			items = items[:nItems]
		}
		if items == nil {
			items = []itemStatus{}
		}
		return items
	}
	rep.Failed.Total, rep.Failed.Newest = len(failed), newest(failed)
	rep.Pending.Total, rep.Pending.Newest = len(pending), newest(pending)
	return rep, nil
}

// sourceOutcome is how a source fared in a run.
func sourceOutcome(ss *ingest.SourceSummary, run string) string {
	switch {
	case ss.Error != "" || ss.Failed > 0 || ss.Pending > 0:
		return outcomePartial
	case run == outcomeInterrupted:
		return outcomeInterrupted
	}
	return outcomeOK
}

func (rep *statusReport) writeText(w io.Writer, now time.Time) {
	ago := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return fmt.Sprintf("%s (%s ago)", t.Local().Format("2006-01-02 15:04:05"), now.Sub(t).Round(time.Second))
	}
	if rep.Running != nil {
		fmt.Fprintf(w, "running now: %s\n\n", rep.Running)
	}
	if rep.Note != "" {
		fmt.Fprintf(w, "note: %s\n\n", rep.Note)
	}
	fmt.Fprintln(w, "Recent runs (newest first):")
	if len(rep.Runs) == 0 {
		fmt.Fprintln(w, "  none recorded yet")
	}
	for _, r := range rep.Runs {
		t := r.Totals
		fmt.Fprintf(w, "  %s  %8s  %-11s new %d, updated %d, unchanged %d, failed %d", r.Started.Local().Format("2006-01-02 15:04:05"),
			r.Duration.Round(100*time.Millisecond), r.Outcome, t.New, t.Updated, t.Unchanged+t.NotModified, t.Failed)
		if t.Pending > 0 {
			fmt.Fprintf(w, ", pending %d", t.Pending)
		}
		if r.Error != "" {
			fmt.Fprintf(w, " (%s)", r.Error)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nSources:")
	if len(rep.Sources) == 0 {
		fmt.Fprintln(w, "  none yet")
	}
	for _, s := range rep.Sources {
		fmt.Fprintf(w, "  %s: last success %s; last run %s", sourceName(s.Name), ago(s.LastSuccess), ago(s.LastRun))
		if s.LastOutcome != "" {
			fmt.Fprintf(w, " (%s)", s.LastOutcome)
		}
		fmt.Fprintf(w, "; pending %d, failed %d\n", s.Pending, s.Failed)
	}
	fmt.Fprintf(w, "\nFailed releases: %d\n", rep.Failed.Total)
	for _, g := range rep.Failed.Groups {
		fmt.Fprintf(w, "  %4d  %s: %s\n", g.Count, g.Stage, g.Reason)
	}
	if len(rep.Failed.Newest) > 0 {
		fmt.Fprintf(w, " newest %d:\n", len(rep.Failed.Newest))
	}
	for _, it := range rep.Failed.Newest {
		writeItem(w, it)
	}
	fmt.Fprintf(w, "\nPending releases (read again by the next run): %d\n", rep.Pending.Total)
	for _, it := range rep.Pending.Newest {
		writeItem(w, it)
	}
	if rep.Failed.Total > 0 {
		fmt.Fprintln(w, "\n`pressroom retry` re-queues the failed releases for the next run (--now runs it at once).")
	}
}

func writeItem(w io.Writer, it itemStatus) {
	fmt.Fprintf(w, "  %s\n    source %s, %s", displayURL(it.URL), sourceName(it.Source), it.Status)
	if it.Retry {
		fmt.Fprint(w, " (re-queued)")
	}
	if it.Stage != "" || it.Reason != "" {
		fmt.Fprintf(w, ", %s: %s", it.Stage, it.Reason)
	}
	if it.Failures > 1 {
		fmt.Fprintf(w, ", %d failures in a row", it.Failures)
	}
	if !it.LastSeen.IsZero() {
		fmt.Fprintf(w, ", last tried %s", it.LastSeen.Local().Format("2006-01-02 15:04:05"))
	}
	fmt.Fprintln(w)
}

func displayURL(u string) string { return strings.TrimPrefix(u, "file://") }

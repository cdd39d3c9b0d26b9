package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Summary is what a run did.
type Summary struct {
	Started  time.Time        `json:"started"`
	Duration time.Duration    `json:"duration_ns"`
	Sources  []*SourceSummary `json:"sources"`
	Totals   Counts           `json:"totals"`
	// Error is set when the run itself stopped early (ctx cancelled, index
	// unreachable).
	Error string `json:"error,omitempty"`
}

// Counts are a run's or a source's numbers.
type Counts struct {
	// Discovered counts the release URLs or files the source found.
	Discovered int `json:"discovered"`
	// Skipped counts discovered pages not requested (known and older than
	// the last crawl, read by another source this run, over a limit).
	Skipped int `json:"skipped"`
	// Read counts pages the source yielded (files read, pages fetched or
	// found not modified, failures).
	Read int `json:"read"`
	// Fetched counts pages whose body was read (HTTP 200, or a file).
	Fetched int `json:"fetched"`
	// NotModified counts pages a conditional request found unchanged.
	NotModified int `json:"not_modified"`
	New         int `json:"new"`
	Updated     int `json:"updated"`
	Unchanged   int `json:"unchanged"`
	Failed      int `json:"failed"`
	// Disallowed counts pages robots.txt forbids; they are not requested.
	Disallowed int `json:"disallowed"`
	// Unsupported counts pages of a type not read yet (PDF).
	Unsupported int `json:"unsupported"`
	// Pending counts releases sent to the index and not acknowledged.
	Pending int `json:"pending"`
}

func (c *Counts) add(o Counts) {
	c.Discovered += o.Discovered
	c.Skipped += o.Skipped
	c.Read += o.Read
	c.Fetched += o.Fetched
	c.NotModified += o.NotModified
	c.New += o.New
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Failed += o.Failed
	c.Disallowed += o.Disallowed
	c.Unsupported += o.Unsupported
	c.Pending += o.Pending
}

// SourceSummary is one source's part of a run.
type SourceSummary struct {
	Name     string `json:"name"`
	Counts   `json:"counts"`
	Failures []Failure `json:"failures,omitempty"`
	// Ignored are the pages not read on purpose (robots.txt, content
	// type), with the reason.
	Ignored []Failure `json:"ignored,omitempty"`
	// Error is set when the source stopped early.
	Error string `json:"error,omitempty"`
}

// Failure is one page that did not make it, and why.
type Failure struct {
	URL    string `json:"url"`
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
}

// OK reports whether nothing failed.
func (s *Summary) OK() bool {
	return s.Error == "" && s.Totals.Failed == 0 && s.Totals.Pending == 0 && !s.sourceErrors()
}

func (s *Summary) sourceErrors() bool {
	for _, src := range s.Sources {
		if src.Error != "" {
			return true
		}
	}
	return false
}

// Changed reports whether the run changed the index.
func (s *Summary) Changed() bool { return s.Totals.New+s.Totals.Updated > 0 }

// WriteText prints the summary for people.
func (s *Summary) WriteText(w io.Writer) {
	t := s.Totals
	for _, src := range s.Sources {
		name := src.Name
		if name == "" {
			name = "files"
		}
		c := src.Counts
		fmt.Fprintf(w, "%s: ", name)
		if c.Discovered != c.Read || c.Skipped > 0 {
			fmt.Fprintf(w, "discovered %d, ", c.Discovered)
			if c.Skipped > 0 {
				fmt.Fprintf(w, "skipped %d, ", c.Skipped)
			}
		}
		fmt.Fprintf(w, "read %d", c.Read)
		if c.Fetched != c.Read {
			fmt.Fprintf(w, ", fetched %d", c.Fetched)
		}
		if c.NotModified > 0 {
			fmt.Fprintf(w, ", not modified %d", c.NotModified)
		}
		fmt.Fprintf(w, "; new %d, updated %d, unchanged %d, failed %d", c.New, c.Updated, c.Unchanged, c.Failed)
		if c.Disallowed > 0 {
			fmt.Fprintf(w, ", disallowed by robots.txt %d", c.Disallowed)
		}
		if c.Unsupported > 0 {
			fmt.Fprintf(w, ", unsupported %d", c.Unsupported)
		}
		if c.Pending > 0 {
			fmt.Fprintf(w, ", pending %d", c.Pending)
		}
		fmt.Fprintln(w)
		if src.Error != "" {
			fmt.Fprintf(w, "  source stopped: %s\n", src.Error)
		}
		fails := append([]Failure(nil), src.Failures...)
		sort.Slice(fails, func(i, j int) bool { return fails[i].URL < fails[j].URL })
		for _, f := range fails {
			fmt.Fprintf(w, "  failed %s (%s): %s\n", displayURL(f.URL), f.Stage, f.Reason)
		}
	}
	switch {
	case s.Error != "":
		fmt.Fprintf(w, "run stopped: %s\n", s.Error)
	case t.New+t.Updated == 0 && t.Failed == 0 && t.Pending == 0:
		// Skipped pages were not requested because the list showed them as
		// known; they are up to date as far as this run can tell.
		upToDate := t.Unchanged + t.NotModified + t.Skipped
		if t.Skipped > 0 {
			fmt.Fprintf(w, "nothing changed: %d releases already up to date, %d of them known from the list and not requested (%.1fs)\n", upToDate, t.Skipped, s.Duration.Seconds())
		} else {
			fmt.Fprintf(w, "nothing changed: %d releases already up to date (%.1fs)\n", upToDate, s.Duration.Seconds())
		}
	default:
		fmt.Fprintf(w, "indexed %d new and %d updated releases; %d unchanged, %d failed (%.1fs)\n", t.New, t.Updated, t.Unchanged+t.NotModified, t.Failed, s.Duration.Seconds())
	}
}

func displayURL(u string) string {
	return strings.TrimPrefix(u, "file://")
}

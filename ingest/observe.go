package ingest

import "time"

// Outcome is what became of one page in a run.
type Outcome int

const (
	// OutcomeNew: a release the index did not have was indexed.
	OutcomeNew Outcome = iota + 1
	// OutcomeUpdated: a changed release replaced the indexed one.
	OutcomeUpdated
	// OutcomeUnchanged: read, and the same release is indexed already.
	OutcomeUnchanged
	// OutcomeNotModified: a conditional request found the page unchanged.
	OutcomeNotModified
	// OutcomeFailed: reading, extracting or indexing failed.
	OutcomeFailed
	// OutcomeDisallowed: robots.txt forbids the page; it was not requested.
	OutcomeDisallowed
	// OutcomeUnsupported: a type pressroom does not read (a PDF).
	OutcomeUnsupported
)

var outcomeNames = [...]string{"", "new", "updated", "unchanged", "not_modified", "failed", "disallowed", "unsupported"}

func (o Outcome) String() string {
	if o < OutcomeNew || int(o) >= len(outcomeNames) {
		return "unknown"
	}
	return outcomeNames[o]
}

// Observer watches a run, for metrics. Runner.Observer is nil by default.
// Its methods are called from the run's goroutines, concurrently: they
// must be safe for concurrent use and quick (they must not block the run).
type Observer interface {
	// Page is called once per page when its outcome is known. fetched
	// says whether its body was read (HTTP 200, a file), as Counts.Fetched.
	Page(source string, o Outcome, fetched bool)
	// Stage reports how long one page spent in a stage: "extract" (the
	// extractor's work) or "index" (from Put to the index's
	// acknowledgement, err its outcome).
	Stage(source, stage string, d time.Duration, err error)
	// SourceDone is called when a source's part of a run ends, with its
	// summary; ss.Error, failures and pending releases say how it went.
	SourceDone(ss *SourceSummary)
}

// Hook is a debug hook called at fixed points of a run, so that a test
// can stop a run at a chosen instant. Runner.Hook is nil by default.
type Hook interface {
	// At is called with the point and the page's URL: "extract" before a
	// page is extracted, "put" before its release is handed to the index,
	// "ack" after the index acknowledged the release and before the crawl
	// state records it. It may block; the run waits.
	At(point, url string)
}

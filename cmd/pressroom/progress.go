package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/pressroom-ja/pressroom/ingest"
)

// progressBars draws one bar per source on a terminal while a run goes:
// pages read of the pages to read so far (a crawl finds more as it walks
// its listings, so the total grows), and the counts. It is the run's
// Progress callback and an ingest.Observer (to complete a source's bar).
//
// github.com/vbauerster/mpb/v8 draws several bars at once, redrawn in
// place, with totals that may change while they run, and prints log lines
// above them (Progress.Write), which is what a crawl of sources side by
// side needs; single-bar libraries (schollz/progressbar, cheggaaa/pb) do
// not stack concurrent bars.
type progressBars struct {
	p       *mpb.Progress
	mu      sync.Mutex
	bars    map[string]*mpb.Bar
	counts  map[string]ingest.Counts
	sources map[string]ingest.Source
}

func newProgressBars(w io.Writer, sources []ingest.Source) *progressBars {
	b := &progressBars{
		p:       mpb.New(mpb.WithOutput(w), mpb.WithWidth(32), mpb.WithRefreshRate(150*time.Millisecond)),
		bars:    map[string]*mpb.Bar{},
		counts:  map[string]ingest.Counts{},
		sources: map[string]ingest.Source{},
	}
	width := 5
	for _, s := range sources {
		width = max(width, len(sourceName(s.Name())))
	}
	for _, s := range sources {
		name := s.Name()
		b.sources[name] = s
		b.bars[name] = b.p.AddBar(0,
			mpb.PrependDecorators(
				decor.Name(sourceName(name), decor.WC{W: width + 1, C: decor.DindentRight}),
				decor.CountersNoUnit("%d/%d", decor.WC{W: 9}),
			),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
				b.mu.Lock()
				c := b.counts[name]
				b.mu.Unlock()
				return fmt.Sprintf("new %d  updated %d  unchanged %d  failed %d", c.New, c.Updated, c.Unchanged+c.NotModified, c.Failed)
			})),
		)
	}
	return b
}

func sourceName(n string) string {
	if n == "" {
		return "files"
	}
	return n
}

// total is what a source knows it will read, so far.
func total(s ingest.Source, c ingest.Counts) int64 {
	switch s := s.(type) {
	case ingest.StatsSource:
		st := s.Stats()
		return int64(max(st.Discovered-st.Skipped, c.Read))
	case interface{ Pages() int }:
		return int64(max(s.Pages(), c.Read))
	}
	return int64(c.Read)
}

// progress is the run's Progress callback.
func (b *progressBars) progress(source string, c ingest.Counts) {
	b.mu.Lock()
	b.counts[source] = c
	bar, src := b.bars[source], b.sources[source]
	b.mu.Unlock()
	if bar == nil {
		return
	}
	n := total(src, c)
	if n <= int64(c.Read) {
		n = int64(c.Read) + 1 // more may come: not complete before SourceDone
	}
	bar.SetTotal(n, false)
	bar.SetCurrent(int64(c.Read))
}

func (b *progressBars) Page(string, ingest.Outcome, bool)          {}
func (b *progressBars) Stage(string, string, time.Duration, error) {}
func (b *progressBars) SourceDone(ss *ingest.SourceSummary) {
	b.mu.Lock()
	b.counts[ss.Name] = ss.Counts
	bar := b.bars[ss.Name]
	b.mu.Unlock()
	if bar != nil {
		bar.SetCurrent(int64(ss.Read))
		bar.SetTotal(int64(ss.Read), true)
	}
}

// wait completes the bars still open (sources not started) and stops
// drawing.
func (b *progressBars) wait() {
	b.mu.Lock()
	for _, bar := range b.bars {
		if !bar.Completed() {
			bar.Abort(false)
		}
	}
	b.mu.Unlock()
	b.p.Wait()
}

// observers sends each event to several observers.
type observers []ingest.Observer

func (o observers) Page(source string, out ingest.Outcome, fetched bool) {
	for _, x := range o {
		x.Page(source, out, fetched)
	}
}

func (o observers) Stage(source, stage string, d time.Duration, err error) {
	for _, x := range o {
		x.Stage(source, stage, d, err)
	}
}

func (o observers) SourceDone(ss *ingest.SourceSummary) {
	for _, x := range o {
		x.SourceDone(ss)
	}
}

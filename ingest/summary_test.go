package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestSummaryWriteText(t *testing.T) {
	tests := []struct {
		name   string
		counts Counts
		last   string
	}{
		{"unchanged files", Counts{Discovered: 3, Read: 3, Fetched: 3, Unchanged: 3},
			"nothing changed: 3 releases already up to date (1.5s)"},
		{"not modified and skipped", Counts{Discovered: 12, Skipped: 2, Read: 10, Fetched: 10, NotModified: 10},
			"nothing changed: 12 releases already up to date, 2 of them known from the list and not requested (1.5s)"},
		{"new and failed", Counts{Discovered: 4, Read: 4, Fetched: 4, New: 2, Unchanged: 1, Failed: 1},
			"indexed 2 new and 0 updated releases; 1 unchanged, 1 failed (1.5s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Summary{Duration: 1500 * time.Millisecond, Totals: tt.counts,
				Sources: []*SourceSummary{{Name: "news", Counts: tt.counts}}}
			var b strings.Builder
			s.WriteText(&b)
			lines := strings.Split(strings.TrimSpace(b.String()), "\n")
			if got := lines[len(lines)-1]; got != tt.last {
				t.Errorf("last line\n got %q\nwant %q", got, tt.last)
			}
		})
	}
}

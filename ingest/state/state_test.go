package state_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

func TestCrawlRecords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := state.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	l := state.Listing{URL: "https://example.co.jp/news/", ETag: `"a"`, FetchedAt: at,
		Links: []state.Link{{URL: "https://example.co.jp/news/1.html", Date: "2024-03-01"}}, Next: []string{"https://example.co.jp/news/?page=2"}}
	if err := st.PutListing(ctx, l); err != nil {
		t.Fatal(err)
	}
	if err := st.PutMark(ctx, state.Mark{Source: "corp", Date: "2024-03-01", UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutAlias(ctx, "http://example.co.jp/a", "https://example.co.jp/a"); err != nil {
		t.Fatal(err)
	}
	if err := st.PutRobots(ctx, state.Robots{Origin: "https://example.co.jp:443", Status: 200, Body: []byte("User-agent: *\n"), FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, []string{"https://example.co.jp/x.pdf"}, func(r *state.Record) { r.Status = state.Unsupported }); err != nil {
		t.Fatal(err)
	}
	// Everything survives a reopen.
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err = state.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if got, ok, err := st.Listing(ctx, l.URL); err != nil || !ok || got.ETag != `"a"` || len(got.Links) != 1 || got.Links[0].Date != "2024-03-01" || got.Next[0] != l.Next[0] {
		t.Errorf("Listing = %+v, %v, %v", got, ok, err)
	}
	if m, ok, _ := st.Mark(ctx, "corp"); !ok || m.Date != "2024-03-01" {
		t.Errorf("Mark = %+v", m)
	}
	if _, ok, _ := st.Mark(ctx, "other"); ok {
		t.Error("Mark of an unknown source found")
	}
	if to, ok, _ := st.Alias(ctx, "http://example.co.jp/a"); !ok || to != "https://example.co.jp/a" {
		t.Errorf("Alias = %q", to)
	}
	if err := st.PutAlias(ctx, "http://example.co.jp/a", "http://example.co.jp/a"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Alias(ctx, "http://example.co.jp/a"); ok {
		t.Error("an alias to itself should remove the alias")
	}
	if r, ok, _ := st.Robots(ctx, "https://example.co.jp:443"); !ok || string(r.Body) != "User-agent: *\n" {
		t.Errorf("Robots = %+v", r)
	}
	if rec, _, _ := st.Get(ctx, "https://example.co.jp/x.pdf"); rec.Status != state.Unsupported || rec.Status.String() != "unsupported" {
		t.Errorf("status = %v", rec.Status)
	}
	for s := state.Pending; s <= state.Disallowed; s++ {
		b, _ := s.MarshalText()
		var back state.Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("status %d round trip: %q, %v", s, b, err)
		}
	}
}

// TestApplyMany applies enough edits for the store to drop its mapped pages
// (boltmem.Dropper) on the way, and reads the records back.
func TestApplyMany(t *testing.T) {
	ctx := context.Background()
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	const n = 9000
	url := func(i int) string { return fmt.Sprintf("https://example.co.jp/news/%05d.html", i) }
	for start := 0; start < n; start += 500 {
		var edits []state.Edit
		for i := start; i < min(start+500, n); i++ {
			edits = append(edits, state.Edit{URL: url(i), Fn: func(r *state.Record) { r.Status, r.ID = state.Indexed, fmt.Sprint(i) }})
		}
		if err := st.Apply(ctx, edits); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		rec, ok, err := st.Get(ctx, url(i))
		if err != nil || !ok || rec.Status != state.Indexed || rec.ID != fmt.Sprint(i) {
			t.Fatalf("Get %s = %+v, %v, %v", url(i), rec, ok, err)
		}
	}
}

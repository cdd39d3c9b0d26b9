package archive_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/archive"
)

func open(t *testing.T) (*archive.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	a, err := archive.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	return a, path
}

func TestPutGetEach(t *testing.T) {
	a, path := open(t)
	ctx := context.Background()
	page := bytes.Repeat([]byte("<p>本日、株式会社みなと技研は覚書を締結しました。</p>\n"), 200)
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	e := archive.Entry{URL: "https://example.co.jp/news/1.html", Source: "corp", ContentType: "text/html; charset=Shift_JIS", FetchedAt: at, Body: page}
	changed, err := a.Put(ctx, e)
	if err != nil || !changed {
		t.Fatalf("Put: %v %v", changed, err)
	}
	if changed, err := a.Put(ctx, e); err != nil || changed {
		t.Errorf("same bytes again: changed %v, %v", changed, err)
	}
	got, ok, err := a.Get(ctx, e.URL)
	if err != nil || !ok || !bytes.Equal(got.Body, page) || got.ContentType != e.ContentType || got.Source != "corp" || !got.FetchedAt.Equal(at) {
		t.Fatalf("Get = %+v, %v, %v", got.ContentType, ok, err)
	}
	if _, ok, _ := a.Get(ctx, "https://example.co.jp/none"); ok {
		t.Error("Get of a missing URL found it")
	}
	e.Body = append(page, []byte("<p>追記</p>")...)
	if changed, _ := a.Put(ctx, e); !changed {
		t.Error("new bytes not archived")
	}
	var metas []archive.Entry
	if err := a.Each(ctx, func(m archive.Entry) error { metas = append(metas, m); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(metas) != 1 || metas[0].Body != nil || metas[0].Size != len(e.Body) {
		t.Errorf("Each = %+v", metas)
	}
	st, _ := os.Stat(path)
	t.Logf("archive file %d bytes for a %d byte page", st.Size(), len(e.Body))
}

func TestConcurrentPuts(t *testing.T) {
	a, _ := open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.Put(ctx, archive.Entry{URL: fmt.Sprintf("https://example.com/%d", i), Body: []byte(fmt.Sprint(i))}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n, _ := a.Len(ctx); n != 50 {
		t.Errorf("Len = %d", n)
	}
}

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "archive")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	a, err := archive.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close(ctx)
	_, _ = a.Put(ctx, archive.Entry{URL: "https://example.co.jp/news/1.html", ContentType: "text/html", Body: []byte("<html>…</html>")})
	e, _, _ := a.Get(ctx, "https://example.co.jp/news/1.html")
	fmt.Println(e.ContentType, string(e.Body))
	// Output: text/html <html>…</html>
}

// TestManyPuts writes enough pages for the archive to drop its mapped pages
// (boltmem.Dropper) twice on the way, and reads them all back.
func TestManyPuts(t *testing.T) {
	a, _ := open(t)
	ctx := context.Background()
	const n = 2100
	body := func(i int) []byte { return []byte(fmt.Sprintf("<p>お知らせ %d</p>", i)) }
	url := func(i int) string { return fmt.Sprintf("https://example.co.jp/news/%05d.html", i) }
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 64 {
				if _, err := a.Put(ctx, archive.Entry{URL: url(i), Body: body(i)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range n {
		got, ok, err := a.Get(ctx, url(i))
		if err != nil || !ok || !bytes.Equal(got.Body, body(i)) {
			t.Fatalf("Get %s = %q, %v, %v", url(i), got.Body, ok, err)
		}
	}
	if l, err := a.Len(ctx); err != nil || l != n {
		t.Errorf("Len = %d, %v", l, err)
	}
}

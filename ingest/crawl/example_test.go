package crawl_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"

	"github.com/pressroom-ja/pressroom/fixtures"
	"github.com/pressroom-ja/pressroom/ingest"
	"github.com/pressroom-ja/pressroom/ingest/crawl"
	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

// ExampleNew reads the fixture newsroom's feed; a Runner would extract and
// index the pages (see ingest.Runner).
func ExampleNew() {
	site, _ := fs.Sub(fixtures.FS, "site")
	srv := httptest.NewServer(http.FileServerFS(site))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "crawl")
	defer os.RemoveAll(dir)

	ctx := context.Background()
	st, err := state.Open(ctx, filepath.Join(dir, "state.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close(ctx)
	f, _ := fetch.New(fetch.Config{Robots: st})
	defer f.Close(ctx)
	src, err := crawl.New(crawl.Config{
		Name: "minato", Kind: crawl.Feed, URLs: []string{srv.URL + "/feed.xml"},
		AllowPrivate: true, // the test server is on 127.0.0.1
		Interval:     1,    // our own server: no need to wait
	}, f, st, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer src.Close(ctx)
	var paths []string
	for {
		page, ack, err := src.Next(ctx)
		if errors.Is(err, ingest.ErrEndOfInput) {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		u, _ := url.Parse(page.URL)
		paths = append(paths, u.Path)
		ack(nil)
	}
	sort.Strings(paths)
	fmt.Println(len(paths), paths[0], src.Stats().Discovered)
	// Output: 10 /news/2023/1220-nishikaze-sports.html 10
}

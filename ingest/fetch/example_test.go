package fetch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/fetch"
)

func ExampleNew() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<html><body>覚書を締結しました</body></html>")
	}))
	defer srv.Close()

	ctx := context.Background()
	f, err := fetch.New(fetch.Config{
		UserAgent: fetch.DefaultUserAgent("1.0"),
		Interval:  10 * time.Millisecond, // our own test server; the default is 1s
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close(ctx)
	// The test server is on 127.0.0.1: a private address needs the opt-in.
	resp, err := f.Fetch(ctx, fetch.Request{URL: srv.URL + "/news/1.html", AllowPrivate: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, resp.ETag, string(resp.Body))
	again, _ := f.Fetch(ctx, fetch.Request{URL: srv.URL + "/news/1.html", ETag: resp.ETag, AllowPrivate: true})
	fmt.Println(again.Status, again.NotModified)
	_, err = f.Fetch(ctx, fetch.Request{URL: srv.URL + "/private/a.html", AllowPrivate: true})
	fmt.Println(err)
	// Output:
	// 200 "v1" <html><body>覚書を締結しました</body></html>
	// 304 true
	// disallowed by robots.txt: /private/a.html
}

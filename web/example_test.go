package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/web"
)

// oneRelease is a Backend holding a single release.
type oneRelease struct{}

func (oneRelease) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	if _, err := q.Normalized(); err != nil {
		return nil, err
	}
	return &index.Results{Total: 1, Hits: []index.Hit{}}, nil
}

func (oneRelease) Get(ctx context.Context, id string) (*extract.Release, error) {
	return nil, index.ErrNotFound
}

func ExampleNew() {
	// Any index.Index will do; cmd passes the configured one.
	h, err := web.New(oneRelease{}, web.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, target := range []string{"/healthz", "/api/search?from=2018-13"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 200 {"status":"ok","releases":1}
	// 400 {"error":"bad query: from: \"2018-13\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD","param":"from"}
}

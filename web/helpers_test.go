package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/blevestore"
	"github.com/pressroom-ja/pressroom/web"
)

const (
	releasesDir = "../fixtures/releases"
	hostileDir  = "../fixtures/hostile"
	// The LINK-J release: its id is the hash of its fixture URL.
	linkJFile = "link-j-kawasaki-2018-08-31.html"
	linkJKey  = "ライフサイエンス・イノベーション・ネットワーク・ジャパン"
)

// deskFixtures are the releases the desk's tests index: the first nine
// fixtures, which the expected counts, facets and network below were
// written against. fixtures/releases grows with the extractor's work; the
// desk's behaviour does not depend on how many pages there are.
var deskFixtures = []string{
	"akebono-robotics-2021-06-14.html", "aoba-dic-2021-09-07.html", "harukaze-foods-2024-02-20.html",
	"kamome-foundation-2019-07-02.html", "kazenomichi-2023-05-10.html", linkJFile,
	"sakuragaoka-city-2018-01-16.html", "shinonome-univ-2021-04-15.html", "shirayuki-pharma-2022-03-01.html",
}

// pages lists the pages of a fixture directory the tests index: every page,
// except in fixtures/releases where only deskFixtures.
func pages(dir string) ([]string, error) {
	if dir != releasesDir {
		files, err := filepath.Glob(filepath.Join(dir, "*.html"))
		if err == nil && len(files) == 0 {
			err = fmt.Errorf("no fixtures in %s", dir)
		}
		return files, err
	}
	files := make([]string, len(deskFixtures))
	for i, name := range deskFixtures {
		files[i] = filepath.Join(dir, name)
		if _, err := os.Stat(files[i]); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// analyzer loads the IPA dictionary once for the test binary.
var analyzer = sync.OnceValues(func() (*ja.Analyzer, error) {
	return ja.New(ipa.Dict())
})

func testAnalyzer(t testing.TB) *ja.Analyzer {
	t.Helper()
	an, err := analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// fixtureURL is the URL a fixture is indexed under, as the golden files
// name it.
func fixtureURL(dir, name string) string {
	return "file:///fixtures/" + filepath.Base(dir) + "/" + name
}

func fixtureID(dir, name string) string { return extract.ID(fixtureURL(dir, name)) }

// buildIndex extracts every page in dirs into a new embedded index that is
// closed when the test ends.
func buildIndex(t testing.TB, dirs ...string) *blevestore.Store {
	t.Helper()
	ctx := context.Background()
	an := testAnalyzer(t)
	x := extract.New(an)
	st, err := blevestore.Open(ctx, filepath.Join(t.TempDir(), "index.bleve"), an, blevestore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	for _, dir := range dirs {
		files, err := pages(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := x.Extract(extract.Input{URL: fixtureURL(dir, filepath.Base(f)), Body: b})
			if err != nil {
				t.Fatalf("extract %s: %v", f, err)
			}
			if err := st.Put(ctx, index.Doc{Release: res.Release, Terms: res.Terms}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// shared is the index of the nine fixture releases, built once and shared
// read-only by the tests that only search.
type shared struct {
	st  *blevestore.Store
	dir string
}

var (
	sharedOnce sync.Once
	sharedIdx  *shared
	sharedErr  error
)

func fixtureIndex() (*shared, error) {
	sharedOnce.Do(func() { sharedIdx, sharedErr = buildShared() })
	return sharedIdx, sharedErr
}

func buildShared() (*shared, error) {
	an, err := analyzer()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pressroom-web-test-")
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	st, err := blevestore.Open(ctx, filepath.Join(dir, "index.bleve"), an, blevestore.Config{})
	if err != nil {
		return nil, err
	}
	sh := &shared{st: st, dir: dir}
	x := extract.New(an)
	files, err := pages(releasesDir)
	if err != nil {
		return sh, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return sh, err
		}
		res, err := x.Extract(extract.Input{URL: fixtureURL(releasesDir, filepath.Base(f)), Body: b})
		if err != nil {
			return sh, fmt.Errorf("extract %s: %w", f, err)
		}
		if err := st.Put(ctx, index.Doc{Release: res.Release, Terms: res.Terms}, nil); err != nil {
			return sh, err
		}
	}
	return sh, st.Flush(ctx)
}

// TestMain closes and removes the shared index after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if sh := sharedIdx; sh != nil {
		_ = sh.st.Close(context.Background())
		_ = os.RemoveAll(sh.dir)
	}
	os.Exit(code)
}

func sharedIndex(t testing.TB) *blevestore.Store {
	t.Helper()
	sh, err := fixtureIndex()
	if err != nil {
		t.Fatal(err)
	}
	return sh.st
}

// newHandler is the desk over b with a logger that writes into the
// returned buffer.
func newHandler(t testing.TB, b web.Backend, cfg web.Config) (*web.Server, *syncBuffer) {
	t.Helper()
	var logs syncBuffer
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	h, err := web.New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// get serves one request through a recorder.
func get(t testing.TB, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

// decode reads a JSON body into v, failing the test on bad JSON.
func decode(t testing.TB, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q, want JSON; body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
}

func query(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

// fakeBackend serves n numbered releases, at most pageMax a page, paging
// by a cursor holding the offset: enough to drive the handlers' paging and
// error paths without an index.
type fakeBackend struct {
	n, pageMax int
	err        error
	// entered, when set, receives a value as each Search starts, and block,
	// when set, is waited on by every Search.
	entered chan struct{}
	block   chan struct{}
}

func (f *fakeBackend) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	if f.entered != nil {
		f.entered <- struct{}{}
	}
	if f.block != nil {
		select {
		case <-f.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	q, err := q.Normalized()
	if err != nil {
		return nil, err
	}
	off := q.Offset
	if q.After != "" {
		vals, err := index.DecodeCursor(q.After)
		if err != nil {
			return nil, err
		}
		off, _ = strconv.Atoi(vals[0])
	}
	size := q.Size
	if f.pageMax > 0 {
		size = min(size, f.pageMax)
	}
	res := &index.Results{Total: f.n, Hits: []index.Hit{}}
	for i := off; i < min(off+size, f.n); i++ {
		res.Hits = append(res.Hits, index.Hit{ID: fakeID(i), Release: fakeRelease(i)})
	}
	if end := off + len(res.Hits); end < f.n {
		res.Next = index.EncodeCursor([]string{strconv.Itoa(end)})
	}
	return res, nil
}

func (f *fakeBackend) Get(ctx context.Context, id string) (*extract.Release, error) {
	if f.err != nil {
		return nil, f.err
	}
	for i := range f.n {
		if fakeID(i) == id {
			return fakeRelease(i), nil
		}
	}
	return nil, fmt.Errorf("get %s: %w", id, index.ErrNotFound)
}

func fakeID(i int) string { return fmt.Sprintf("fake%04d", i) }

func fakeRelease(i int) *extract.Release {
	day := fmt.Sprintf("2020-01-%02d", i%28+1)
	signed := day
	return &extract.Release{
		ID: fakeID(i), URL: fmt.Sprintf("https://example.com/news/%d", i), Title: fmt.Sprintf("リリース%d", i),
		Published: &day, Publishers: []string{"発表社"}, Body: "本文",
		Organizations: []extract.Organization{{Name: "株式会社発表社", Normalized: "発表社", Kind: "company"}, {Name: "提携市", Normalized: "提携市", Kind: "government"}},
		Agreements:    []extract.Agreement{{Kind: "mou", Label: "覚書", Parties: []string{"発表社", "提携市"}, Partner: "提携市", Signed: &signed, Items: []string{"連携に関すること"}}},
		People:        []extract.Person{}, Dates: []extract.DateMention{},
	}
}

package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
	"github.com/pressroom-ja/pressroom/internal/corpus"
)

// jsonPieces are what the strings of these tests are made of: what JSON
// escapes, what encoding/json escapes besides (<, >, &, U+2028, U+2029),
// invalid UTF-8 (cut sequences, bad bytes) and ordinary text.
var jsonPieces = []string{"", "a", "川崎市", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&",
	"\u2028", "\u2029", "\u2027", "\u202a", "\xe2\x80", "\xe2", "\xe2\x80\xa8", "\xff", "\xc3\x28", "é", "𝄞", "ｱ", "/", "'",
	" ", "包括連携協定", "u2028", "\\u0026", "\ufffd", "\xed\xa0\x80", "\xf4\x90\x80\x80"}

func randomString(rng *rand.Rand) string {
	var sb strings.Builder
	for range rng.IntN(8) {
		sb.WriteString(jsonPieces[rng.IntN(len(jsonPieces))])
	}
	return sb.String()
}

// randomStrings returns nil, an empty list or a few strings.
func randomStrings(rng *rand.Rand) []string {
	switch rng.IntN(4) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	out := make([]string, 1+rng.IntN(4))
	for i := range out {
		out[i] = randomString(rng)
	}
	return out
}

func randomPtr(rng *rand.Rand) *string {
	switch rng.IntN(3) {
	case 0:
		return nil
	case 1:
		s := []string{"2018", "2018-08", "2018-08-31", "20xx-01", ""}[rng.IntN(5)]
		return &s
	}
	s := randomString(rng)
	return &s
}

// randomSlice returns nil, an empty slice or a few elements made by f.
func randomSlice[T any](rng *rand.Rand, f func() T) []T {
	switch rng.IntN(4) {
	case 0:
		return nil
	case 1:
		return []T{}
	}
	out := make([]T, 1+rng.IntN(3))
	for i := range out {
		out[i] = f()
	}
	return out
}

// randomRelease fills every field of a release with odd strings, nil and
// empty slices and nil pointers.
func randomRelease(rng *rand.Rand, i int) *extract.Release {
	s := func() string { return randomString(rng) }
	return &extract.Release{
		ID: "r" + string(rune('a'+i%26)) + s(), URL: s(), Source: s(), FetchedAt: s(), ContentSHA256: s(),
		Title: s(), Subtitle: s(), Published: randomPtr(rng), Publishers: randomStrings(rng),
		Categories: randomStrings(rng), Body: s(),
		Organizations: randomSlice(rng, func() extract.Organization {
			return extract.Organization{Name: s(), Normalized: s(), Aliases: randomStrings(rng), Kind: s(), Country: s()}
		}),
		Agreements: randomSlice(rng, func() extract.Agreement {
			return extract.Agreement{Kind: s(), Label: s(), Parties: randomStrings(rng), Partner: s(),
				Signed: randomPtr(rng), Purpose: s(), Items: randomStrings(rng), From: s()}
		}),
		People: randomSlice(rng, func() extract.Person {
			return extract.Person{Name: s(), Title: s(), Organization: s()}
		}),
		Dates: randomSlice(rng, func() extract.DateMention {
			return extract.DateMention{Text: s(), Value: s(), Role: s()}
		}),
	}
}

// The string writers must write what encoding/json writes: with HTML
// escaping off (jsonBody), with it on (json.Marshal), and json.Marshal's
// bytes written again as a JSON string; from a scan (scanString) too.
func TestJSONStringMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		s := randomString(rng)
		want, err := jsonBody(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if got := appendJSONString(nil, []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("%q as bytes: got %s, want %s", s, got, want)
		}
		marshalled, _ := json.Marshal(s)
		if got := appendString(nil, s, withHTML); !bytes.Equal(got, marshalled) {
			t.Fatalf("%q with HTML: got %s, want %s", s, got, marshalled)
		}
		want, _ = jsonBody(string(marshalled))
		if got := appendString([]byte{}, s, nested); !bytes.Equal(append(append([]byte{'"'}, got...), '"'), want) {
			t.Fatalf("%q nested: got %s, want %s", s, got, want)
		}
		sc, _ := scanString(s, nil)
		for _, m := range []jsonMode{noHTML, withHTML, nested} {
			if got, want := appendScanned(nil, s, m, sc), appendString(nil, s, m); !bytes.Equal(got, want) {
				t.Fatalf("%q scanned, mode %d: got %s, want %s", s, m, got, want)
			}
		}
		terms := randomStrings(rng)
		want, _ = jsonBody(strings.Join(terms, " "))
		if got := appendJSONTerms(nil, terms); !bytes.Equal(got, want) {
			t.Fatalf("terms %q: got %s, want %s", terms, got, want)
		}
	}
}

// releaseDocs returns the documents the encoding tests write: the
// fixtures, generated releases, releases extracted from generated pages,
// and releases full of odd strings.
func releaseDocs(t *testing.T) []index.Doc {
	an := indextest.Analyzer(t)
	docs := []index.Doc{}
	for _, r := range indextest.Corpus() {
		docs = append(docs, indextest.Doc(an, r))
	}
	g := corpus.New(5)
	for i := range 50 {
		docs = append(docs, g.Doc(an, i))
	}
	x := extract.New(an)
	for i := range 30 {
		p := g.Page(1000 + i)
		res, err := x.Extract(extract.Input{URL: p.URL, Body: p.HTML})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, index.Doc{Release: res.Release, Terms: res.Terms})
	}
	odd := indextest.Doc(an, indextest.Corpus()[0])
	rel := *odd.Release
	rel.Title, rel.Body = "a\"b\\c\u2028<tag>&\x01", "\xff本文"
	odd.Release = &rel
	docs = append(docs, odd)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 300 {
		r := randomRelease(rng, i)
		d := index.Doc{Release: r, Terms: extract.Terms{
			Title: randomStrings(rng), Subtitle: randomStrings(rng), Body: randomStrings(rng)}}
		if i%2 == 0 {
			for range r.Agreements {
				d.Terms.Items = append(d.Terms.Items, randomStrings(rng))
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// appendRelease must write json.Marshal's bytes of a release, and those
// bytes as a JSON string for the stored release.
func TestReleaseEncodingMatches(t *testing.T) {
	if d := releaseLayoutDiff(); d != "" {
		t.Fatalf("the release types changed: %s (update appendRelease and releaseLayout)", d)
	}
	var rels []*extract.Release
	for _, d := range releaseDocs(t) {
		rels = append(rels, d.Release)
	}
	for seed := range uint64(3) {
		g := corpus.New(seed + 10)
		for i := range 1000 {
			rels = append(rels, g.Release(i))
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 5000 {
		rels = append(rels, randomRelease(rng, i))
	}
	rels = append(rels, &extract.Release{}, &extract.Release{ID: "x", Publishers: []string{}, Categories: []string{},
		Organizations: []extract.Organization{{}}, Agreements: []extract.Agreement{{Parties: []string{}}},
		People: []extract.Person{}, Dates: []extract.DateMention{}})
	for _, r := range rels {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := appendRelease(nil, r, withHTML, scans{})
		if !ok {
			t.Fatal("appendRelease refused the release")
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("release %q:\n got %s\nwant %s\nat %s", r.ID, got, want, firstDiff(got, want))
		}
		stored, _ := jsonBody(string(want))
		if got, _ = appendRelease([]byte("x"), r, nested, scans{}); !bytes.Equal(got[1:], stored) {
			t.Fatalf("stored release %q:\n got %s\nwant %s\nat %s", r.ID, got[1:], stored, firstDiff(got[1:], stored))
		}
		if got, _ = appendRelease([]byte("x"), r, nested, scansOf(r, nil)); !bytes.Equal(got[1:], stored) {
			t.Fatalf("stored release %q:\n got %s\nwant %s\nat %s", r.ID, got[1:], stored, firstDiff(got[1:], stored))
		}
		if s := mustUnquote(t, got[1:]); s != string(want) {
			t.Fatalf("stored release %q is not json.Marshal's as a string", r.ID)
		}
	}
}

func mustUnquote(t *testing.T, b []byte) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return s
}

// The document written field by field must be what encoding/json writes
// of index.Flatten's map and the nested agreements.
func TestJSONEncodingMatches(t *testing.T) {
	an := indextest.Analyzer(t)
	for _, d := range releaseDocs(t) {
		got, err := source(an, d)
		if err != nil {
			t.Fatal(err)
		}
		m, err := index.Flatten(d)
		if err != nil {
			t.Fatal(err)
		}
		m[index.FieldAgreements] = agreements(an, d)
		want, err := jsonBody(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("document %q:\n got %s\nwant %s\nat %s", d.Release.ID, got, want, firstDiff(got, want))
		}
	}
}

// The bulk body's action lines carry the id as json.Marshal writes it.
func TestBulkBodyIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 2000 {
		items := []*item{{id: randomString(rng), src: []byte(`{"a":1}`)}, {id: randomString(rng), delete: true}}
		var want bytes.Buffer
		for _, it := range items {
			id, _ := json.Marshal(it.id)
			want.WriteString(`{"` + it.action() + `":{"_id":` + string(id) + "}}\n")
			if !it.delete {
				want.Write(it.src)
				want.WriteByte('\n')
			}
		}
		if got := bodyOf(items, &bufPools{}); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("got %s\nwant %s", got, want.Bytes())
		}
	}
}

// A document waits in a recycled buffer until its first bulk body, and is
// read from that body afterwards: every body sent, retries included, must
// carry each document as source writes it, while later documents reuse
// the buffers.
func TestBulkSourcesIntact(t *testing.T) {
	an := indextest.Analyzer(t)
	g := corpus.New(7)
	docs := make([]index.Doc, 120)
	want := map[string][]byte{}
	for i := range docs {
		docs[i] = g.Doc(an, i)
		if i%3 == 0 { // some documents bigger than the rest
			r := *docs[i].Release
			r.Body = strings.Repeat(r.Body, 1+i%7)
			docs[i].Release = &r
		}
		src, err := source(an, docs[i])
		if err != nil {
			t.Fatal(err)
		}
		want[docs[i].Release.ID] = src
	}
	fake := newFakeES(t)
	var mu sync.Mutex
	sent := map[string]int{}
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		mu.Lock()
		for _, a := range actions {
			sent[a.ID]++
			if !bytes.Equal(a.Source, want[a.ID]) {
				t.Errorf("request %d: document %s differs from its source:\n got %s\nwant %s", n, a.ID, a.Source, want[a.ID])
			}
		}
		mu.Unlock()
		if n < 3 {
			time.Sleep(20 * time.Millisecond) // while Put reuses the buffers
			return 503, map[string]any{"error": map[string]any{"type": "unavailable_shards_exception", "reason": "not yet"}, "status": 503}
		}
		return 200, bulkOK(actions)
	}
	st := openFake(t, fake, func(c *Config) { c.FlushDocs = 20 })
	ctx := context.Background()
	acks := newAckLog()
	for _, d := range docs {
		if err := st.Put(ctx, d, acks.ack(d.Release.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	retried := 0
	for _, d := range docs {
		id := d.Release.ID
		if got := acks.get(id); len(got) != 1 || got[0] != nil {
			t.Errorf("%s: acks %v, want one nil", id, got)
		}
		if sent[id] > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Error("no document was sent twice")
	}
}

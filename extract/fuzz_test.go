package extract_test

import (
	"os"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
)

// FuzzExtract feeds arbitrary bytes as HTML and as text: extraction may
// refuse them with an error but must not panic, and what it returns must
// hold the contract's invariants.
func FuzzExtract(f *testing.F) {
	for _, p := range []string{"link-j-kawasaki-2018-08-31.html", "sakuragaoka-city-2018-01-16.html", "aoba-dic-2021-09-07.html"} {
		b, err := os.ReadFile("../fixtures/releases/" + p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b[:len(b)/2], true)
	}
	f.Add([]byte("<h1>株式会社Aと株式会社Bが業務提携</h1><p>2021年4月1日</p><p>株式会社A(以下「A」)は、株式会社Bと4月1日、業務提携契約を締結しました。</p><ul><li>共同開発</li></ul>"), false)
	f.Add([]byte("タイトル\n\n2018年8月31日\n株式会社X\n\n株式会社Xは、Y市と覚書を締結しました。"), true)
	x := extractor(f)
	f.Fuzz(func(t *testing.T, body []byte, text bool) {
		type out struct {
			res *extract.Result
			err error
		}
		done := make(chan out, 1)
		go func() {
			res, err := x.Extract(extract.Input{URL: "file:///fuzz", Body: body, Text: text})
			done <- out{res, err}
		}()
		var o out
		select {
		case o = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("extraction of %d bytes (text=%v) took over 5s: %q", len(body), text, body)
		}
		res, err := o.res, o.err
		if err != nil {
			return
		}
		r := res.Release
		if r.Title == "" || r.ID == "" {
			t.Fatalf("release without title or id: %+v", r)
		}
		keys := map[string]bool{}
		for _, o := range r.Organizations {
			if o.Normalized == "" {
				t.Fatalf("organization without key: %+v", o)
			}
			keys[o.Normalized] = true
		}
		for _, a := range r.Agreements {
			if !keys[a.Partner] {
				t.Fatalf("agreement partner %q is not an organization of the release", a.Partner)
			}
			if a.Items == nil {
				t.Fatalf("agreement items nil")
			}
		}
		for _, p := range r.Publishers {
			if !keys[p] {
				t.Fatalf("publisher %q is not an organization of the release", p)
			}
		}
	})
}

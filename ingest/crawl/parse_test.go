package crawl

import (
	"bytes"
	"compress/gzip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/ingest/fetch"
	"github.com/pressroom-ja/pressroom/ingest/state"
)

var base, _ = url.Parse("https://www.example.co.jp/news/index.html")

func listSource(t *testing.T, links, date string) *Source {
	t.Helper()
	s, err := New(Config{Name: "t", Kind: List, URLs: []string{base.String()}, Links: links, Next: "a.next", Date: date}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseListDates(t *testing.T) {
	tests := []struct {
		name, links, date, html string
		want                    []state.Link
	}{
		{"li with time", "ul.news a", "time", `<ul class="news">
<li><time datetime="2024-03-01">3月1日</time><a href="1.html?utm_source=top">一</a></li>
<li><time>2024年2月28日</time> <a href="/news/2.html#x">二</a></li></ul><a class="next" href="?page=2">次へ</a>`,
			[]state.Link{{URL: "https://www.example.co.jp/news/1.html", Date: "2024-03-01"}, {URL: "https://www.example.co.jp/news/2.html", Date: "2024-02-28"}}},
		{"dl with dt dates", "dl.news dd a", "dt", `<dl class="news"><dt>2024.03.01</dt><dd><a href="a.html">A</a></dd><dt>令和6年2月1日</dt><dd><a href="b.html">B</a></dd></dl>`,
			[]state.Link{{URL: "https://www.example.co.jp/news/a.html", Date: "2024-03-01"}, {URL: "https://www.example.co.jp/news/b.html", Date: "2024-02-01"}}},
		{"table rows", "table.list td a", "td.date", `<table class="list"><tr><td class="date">2024/03/05</td><td><a href="c.html">C</a></td></tr><tr><td class="date">２０２４／０３／０４</td><td><a href="d.html">D</a></td></tr></table>`,
			[]state.Link{{URL: "https://www.example.co.jp/news/c.html", Date: "2024-03-05"}, {URL: "https://www.example.co.jp/news/d.html", Date: "2024-03-04"}}},
		{"no date, bad hrefs skipped", "a", "", `<a href="mailto:pr@example.co.jp">m</a><a href="javascript:void(0)">j</a><a>none</a><a href="e.html">E</a><a href="e.html#top">E again</a>`,
			[]state.Link{{URL: "https://www.example.co.jp/news/e.html"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := listSource(t, tt.links, tt.date)
			links, _, err := s.parseList(base, []byte(tt.html), "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != len(tt.want) {
				t.Fatalf("links = %+v, want %+v", links, tt.want)
			}
			for i := range links {
				if links[i] != tt.want[i] {
					t.Errorf("link %d = %+v, want %+v", i, links[i], tt.want[i])
				}
			}
		})
	}
	s := listSource(t, "a", "")
	_, next, _ := s.parseList(base, []byte(`<a class="next" href="?page=2&utm_medium=x">次へ</a>`), "")
	if len(next) != 1 || next[0] != "https://www.example.co.jp/news/index.html?page=2" {
		t.Errorf("next = %v", next)
	}
}

func TestParseListShiftJIS(t *testing.T) {
	// 「次へ」 and a date in Shift_JIS, declared by the header only.
	html := []byte("<ul class=\"n\"><li><span class=\"d\">2024\x94N3\x8c\x8e1\x93\xfa</span><a href=\"1.html\">\x83\x6a\x83\x85\x81\x5b\x83\x58</a></li></ul>")
	s := listSource(t, "ul.n a", "span.d")
	links, _, err := s.parseList(base, html, "text/html; charset=Shift_JIS")
	if err != nil || len(links) != 1 || links[0].Date != "2024-03-01" {
		t.Errorf("links = %+v, %v", links, err)
	}
}

func TestParseFeedKinds(t *testing.T) {
	feeds := map[string]string{
		"rss2": `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>https://www.example.co.jp/news/a.html?utm_source=rss</link></item>
<item><title>b</title><link>b.html</link><guid>https://www.example.co.jp/news/b.html</guid></item></channel></rss>`,
		"rdf": `<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://www.example.co.jp/"><title>t</title><link>https://www.example.co.jp/</link></channel>
<item rdf:about="https://www.example.co.jp/news/a.html"><title>a</title><link>https://www.example.co.jp/news/a.html</link><dc:date>2024-03-01T10:00:00+09:00</dc:date></item>
<item rdf:about="https://www.example.co.jp/news/b.html"><title>b</title><link>https://www.example.co.jp/news/b.html</link></item></rdf:RDF>`,
		"atom": `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link href="https://www.example.co.jp/news/a.html"/><updated>2024-03-01T01:00:00Z</updated></entry>
<entry><title>b</title><link rel="alternate" href="/news/b.html"/><updated>2024-02-01T01:00:00Z</updated></entry></feed>`,
	}
	for kind, body := range feeds {
		links, _, err := parseFeed(base, []byte(body), "application/xml")
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		if len(links) != 2 || links[0].URL != "https://www.example.co.jp/news/a.html" || links[1].URL != "https://www.example.co.jp/news/b.html" {
			t.Errorf("%s: links = %+v", kind, links)
		}
		if kind != "rss2" && links[0].Date != "2024-03-01T01:00:00Z" {
			t.Errorf("%s: date = %q", kind, links[0].Date)
		}
	}
	if _, _, err := parseFeed(base, []byte("<html><body>not a feed</body></html>"), "text/html"); err == nil {
		t.Error("an HTML page parsed as a feed")
	}
}

func TestParseSitemap(t *testing.T) {
	idx := `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.example.co.jp/sitemap-1.xml</loc></sitemap><sitemap><loc>sitemap-2.xml.gz</loc></sitemap></sitemapindex>`
	links, next, err := parseSitemap(base, []byte(idx), "")
	if err != nil || len(links) != 0 || len(next) != 2 || next[1] != "https://www.example.co.jp/news/sitemap-2.xml.gz" {
		t.Errorf("index: %v %v %v", links, next, err)
	}
	set := `<?xml version="1.0" encoding="Shift_JIS"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://www.example.co.jp/news/a.html </loc><lastmod>2024-03-01</lastmod></url>
<url><loc>https://www.example.co.jp/news/b.html</loc><lastmod>2024-03-01T10:00:00+09:00</lastmod></url>
<url><lastmod>2024-03-01</lastmod></url></urlset>`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(set))
	_ = zw.Close()
	for name, body := range map[string][]byte{"plain": []byte(set), "gzip": gz.Bytes()} {
		links, next, err := parseSitemap(base, body, "")
		if err != nil || len(next) != 0 || len(links) != 2 || links[0].Date != "2024-03-01" || links[1].Date != "2024-03-01T01:00:00Z" {
			t.Errorf("%s: %+v %v %v", name, links, next, err)
		}
	}
	if _, _, err := parseSitemap(base, []byte(`<rss><channel/></rss>`), ""); err == nil {
		t.Error("an RSS feed parsed as a sitemap")
	}
}

func TestNewer(t *testing.T) {
	seen := state.Record{LastSeen: time.Date(2024, 3, 2, 12, 0, 0, 0, time.UTC)}
	for date, want := range map[string]bool{
		"": true, "2024-03-01": false, "2024-03-02": true, "2024-03-02T11:00:00Z": false, "2024-03-02T13:00:00Z": true, "junk": true,
	} {
		if got := newer(date, seen); got != want {
			t.Errorf("newer(%q) = %v", date, got)
		}
	}
}

func TestCanonicalOf(t *testing.T) {
	s, err := New(Config{Name: "t", Kind: Feed, URLs: []string{"https://example.co.jp/feed.xml"}, Hosts: []string{"ir.example.co.jp"}}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := func(canonical string) *fetch.Response {
		return &fetch.Response{URL: "https://www.example.co.jp/news/1.html?utm_source=x", Body: []byte(`<html><head><link rel="canonical" href="` + canonical + `"></head><body></body></html>`)}
	}
	tests := map[string]string{
		"":                               "https://www.example.co.jp/news/1.html",
		"/news/1.html":                   "https://www.example.co.jp/news/1.html",
		"https://ir.example.co.jp/r/1":   "https://ir.example.co.jp/r/1",          // an allowed host
		"https://other.example.com/1":    "https://www.example.co.jp/news/1.html", // off the source's hosts
		"/":                              "https://www.example.co.jp/news/1.html", // the home page: a broken CMS
		"https://example.co.jp/feed.xml": "https://www.example.co.jp/news/1.html",
	}
	for href, want := range tests {
		if got := s.canonicalOf(page(href)); got != want {
			t.Errorf("rel=canonical %q: %q, want %q", href, got, want)
		}
	}
	if got := relCanonical([]byte(`<link rel="canonical" href="a.html"><body><link rel="canonical" href="b.html">`)); got != "a.html" {
		t.Errorf("relCanonical = %q", got)
	}
	if got := relCanonical([]byte(`<body><link rel="canonical" href="b.html">`)); got != "" {
		t.Errorf("relCanonical in body = %q", got)
	}
}

func TestScope(t *testing.T) {
	s, _ := New(Config{Name: "t", Kind: Feed, URLs: []string{"https://www.example.co.jp/feed", "http://127.0.0.1:8000/x"}, Hosts: []string{"IR.example.co.jp"}}, nil, nil, nil)
	for raw, want := range map[string]bool{
		"https://www.example.co.jp/a": true, "https://example.co.jp/a": true, "https://ir.example.co.jp/a": true,
		"https://evil.example.com/a": false, "http://127.0.0.1:8000/a": true, "http://127.0.0.1:9000/a": false,
		"https://www.example.co.jp.evil.com/": false,
	} {
		u, _ := url.Parse(raw)
		if got := s.inScope(u); got != want {
			t.Errorf("inScope(%s) = %v", raw, got)
		}
	}
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>a.html</loc><lastmod>2024-03-01</lastmod></url></urlset>`))
	f.Add([]byte(`<?xml version="1.0" encoding="EUC-JP"?><sitemapindex><sitemap><loc>https://x/s.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Fuzz(func(t *testing.T, body []byte) {
		links, next, err := parseSitemap(base, body, "")
		if err != nil {
			return
		}
		for _, l := range append(links, stateLinks(next)...) {
			if !strings.HasPrefix(l.URL, "http") {
				t.Fatalf("link %q is not an absolute URL", l.URL)
			}
		}
	})
}

func stateLinks(urls []string) []state.Link {
	var out []state.Link
	for _, u := range urls {
		out = append(out, state.Link{URL: u})
	}
	return out
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><item><link>a.html</link></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/b"/><updated>2024-01-01T00:00:00Z</updated></entry></feed>`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><link>c</link></item></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		links, _, err := parseFeed(base, body, "")
		if err != nil {
			return
		}
		for _, l := range links {
			if !strings.HasPrefix(l.URL, "http") {
				t.Fatalf("link %q is not an absolute URL", l.URL)
			}
		}
	})
}

func FuzzListPage(f *testing.F) {
	f.Add([]byte(`<ul class="news"><li><time>2024年3月1日</time><a href="1.html">a</a></li></ul><a class="next" href="p2.html">次</a>`))
	f.Add([]byte(`<dl class="news"><dt>令和6年3月1日</dt><dd><a href="x">x</a></dd></dl>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := New(Config{Name: "t", Kind: List, URLs: []string{base.String()}, Links: "a", Next: "a.next", Date: "time, dt"}, nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _, _ = s.parseList(base, body, "text/html")
		_ = relCanonical(body)
	})
}

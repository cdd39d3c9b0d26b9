package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/extract/jpdate"
	"github.com/pressroom-ja/pressroom/ingest/state"
	"github.com/pressroom-ja/pressroom/ingest/urlcanon"
)

// maxLinks bounds the links read from one listing (a sitemap holds at
// most 50,000 by its protocol).
const maxLinks = 50000

// parseList reads a list page: its release links, each with the date shown
// beside it, and its next-page link.
func (s *Source) parseList(base *url.URL, body []byte, contentType string) ([]state.Link, []string, error) {
	dec, err := extract.Decode(body, contentType)
	if err != nil {
		return nil, nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(dec.Text))
	if err != nil {
		return nil, nil, err
	}
	base = docBase(doc, base)
	var links []state.Link
	seen := map[string]bool{}
	doc.FindMatcher(s.links).EachWithBreak(func(_ int, a *goquery.Selection) bool {
		href, ok := a.Attr("href")
		if !ok {
			if a = a.Find("a[href]").First(); a.Length() == 0 {
				return true
			}
			href, _ = a.Attr("href")
		}
		u, err := urlcanon.Resolve(base, href)
		if err != nil || seen[u] {
			return true
		}
		seen[u] = true
		links = append(links, state.Link{URL: u, Date: s.listDate(a)})
		return len(links) < maxLinks
	})
	var next []string
	if s.next != nil {
		n := doc.FindMatcher(s.next).First()
		href, ok := n.Attr("href")
		if !ok {
			href, ok = n.Find("a[href]").First().Attr("href")
		}
		if ok {
			if u, err := urlcanon.Resolve(base, href); err == nil {
				next = append(next, u)
			}
		}
	}
	return links, next, nil
}

// docBase honours <base href>.
func docBase(doc *goquery.Document, base *url.URL) *url.URL {
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			return b
		}
	}
	return base
}

// listDate finds the date shown with a release link: in the smallest
// element around the link that holds no other release link, else in the
// element just before that one (a <dt> before its <dd>).
func (s *Source) listDate(a *goquery.Selection) string {
	if s.date == nil {
		return ""
	}
	entry := a
	for depth := 0; depth < 6; depth++ {
		if d := s.dateIn(entry); d != "" {
			return d
		}
		parent := entry.Parent()
		if parent.Length() == 0 || goquery.NodeName(parent) == "body" || parent.FindMatcher(s.links).Length() > 1 {
			break
		}
		entry = parent
	}
	if prev := entry.Prev(); prev.Length() > 0 {
		return s.dateIn(prev)
	}
	return ""
}

func (s *Source) dateIn(sel *goquery.Selection) string {
	m := sel
	if !sel.IsMatcher(s.date) {
		m = sel.FindMatcher(s.date).First()
	}
	if m.Length() == 0 {
		return ""
	}
	if dt, ok := m.Attr("datetime"); ok {
		if d := isoDate(dt); d != "" {
			return d
		}
	}
	return isoDate(m.Text())
}

// isoDate reads a date as a list shows it (2024年3月1日, 2024.03.01,
// 令和6年3月1日, 2024-03-01T10:00:00+09:00) and writes it as 2024-03-01.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	for _, m := range jpdate.Find(ja.Normalize(s)) {
		if m.Date.Precision == jpdate.Day && m.Date.HasYear() {
			return m.Date.String()
		}
	}
	return ""
}

// parseFeed reads an RSS 2.0, RSS 1.0 or Atom feed: its item links (a
// relative link is read against the feed's URL) with their updated time.
func parseFeed(base *url.URL, body []byte, _ string) ([]state.Link, []string, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("not a feed: %w", err)
	}
	var links []state.Link
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		href := strings.TrimSpace(it.Link)
		if href == "" && len(it.Links) > 0 {
			href = strings.TrimSpace(it.Links[0])
		}
		if href == "" && isURL(it.GUID) {
			href = it.GUID
		}
		u, err := urlcanon.Resolve(base, href)
		if href == "" || err != nil || seen[u] {
			continue
		}
		seen[u] = true
		l := state.Link{URL: u}
		if it.UpdatedParsed != nil {
			l.Date = it.UpdatedParsed.UTC().Format(time.RFC3339)
		}
		links = append(links, l)
		if len(links) >= maxLinks {
			break
		}
	}
	return links, nil, nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// parseSitemap reads a sitemap (<urlset>: release links with <lastmod>)
// or a sitemap index (<sitemapindex>: the sitemaps to read next). A
// gzip-compressed sitemap (sitemap.xml.gz) is read too.
func parseSitemap(base *url.URL, body []byte, _ string) ([]state.Link, []string, error) {
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, fmt.Errorf("gzip sitemap: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, 50<<20))
		if err != nil {
			return nil, nil, fmt.Errorf("gzip sitemap: %w", err)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	var links []state.Link
	var next []string
	var root, loc, lastmod string
	var path []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("sitemap XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				if root != "urlset" && root != "sitemapindex" {
					return nil, nil, fmt.Errorf("not a sitemap: root element <%s>", t.Name.Local)
				}
			}
			path = append(path, name)
			text.Reset()
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			if len(path) == 0 {
				continue
			}
			parent := ""
			if len(path) >= 2 {
				parent = path[len(path)-2]
			}
			path = path[:len(path)-1]
			switch {
			case name == "loc" && (parent == "url" || parent == "sitemap"):
				loc = strings.TrimSpace(text.String())
			case name == "lastmod" && (parent == "url" || parent == "sitemap"):
				lastmod = strings.TrimSpace(text.String())
			case name == "url" || name == "sitemap":
				if loc != "" {
					if u, err := urlcanon.Resolve(base, loc); err == nil {
						if name == "url" && len(links) < maxLinks {
							links = append(links, state.Link{URL: u, Date: w3cDate(lastmod)})
						} else if name == "sitemap" && len(next) < maxLinks {
							next = append(next, u)
						}
					}
				}
				loc, lastmod = "", ""
			}
			text.Reset()
		}
	}
	if root == "" {
		return nil, nil, errors.New("not a sitemap: no XML elements")
	}
	return links, next, nil
}

// w3cDate normalizes a sitemap <lastmod>: a day stays "2024-03-01", a time
// becomes RFC 3339 in UTC; anything else is dropped.
func w3cDate(s string) string {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02" {
				return s
			}
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// relCanonical returns the href of a page's <link rel="canonical">, read
// from the raw bytes (tags are ASCII in every charset a Japanese site
// uses), stopping at <body>.
func relCanonical(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), 256<<10)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Link:
				var rel, href string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "rel":
						rel = strings.ToLower(string(v))
					case "href":
						href = strings.TrimSpace(string(v))
					}
				}
				for _, r := range strings.Fields(rel) {
					if r == "canonical" && href != "" {
						return href
					}
				}
			}
		}
	}
}

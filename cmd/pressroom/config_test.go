package main

import (
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	cfg, err := loadConfig("../../pressroom.example.yaml")
	if err != nil {
		t.Fatalf("pressroom.example.yaml: %v", err)
	}
	if len(cfg.Sources) != 4 || cfg.Crawl.Rate != 1 || cfg.Crawl.Parallel != 4 {
		t.Errorf("example config = %+v", cfg)
	}
	list := cfg.Sources[1]
	if list.Name != "local-list" || list.Kind != "list" || list.URLs[0] != "http://127.0.0.1:8000/index.html" || !list.AllowPrivate || list.Date != "time" || list.Rate != 20 {
		t.Errorf("local-list = %+v", list)
	}
	if !strings.HasSuffix(cfg.Sources[0].Paths[0], "fixtures/releases") {
		t.Errorf("dir path = %q, want it relative to the config file", cfg.Sources[0].Paths[0])
	}
	sel := `
sources:
  - name: corp
    kind: list
    url: https://www.example.co.jp/news/
    links: "ul.news a"
    selectors: {title: h1.title, body: div.body}
`
	c, err := parseConfig("p.yaml", []byte(sel))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.selectorsByName()("corp"); s == nil || s.Title != "h1.title" || s.Body != "div.body" {
		t.Errorf("selectors = %+v", s)
	}
	if s := c.selectorsByName()("other"); s != nil {
		t.Errorf("selectors of an unknown source = %+v", s)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown kind", `
sources:
  - name: a
    kind: rss
    url: https://example.com/feed
`, []string{"p.yaml:4: sources[0].kind: unknown kind \"rss\" (want dir, list, feed or sitemap)"}},
		{"typo in a key", `
sources:
  - name: a
    kind: list
    url: https://example.com/
    link: "a"
`, []string{`p.yaml:6: sources[0].link: unknown key (did you mean "links"?)`, "p.yaml:3: sources[0].links: missing"}},
		{"bad selector and regexp", `
sources:
  - name: a
    kind: list
    url: https://example.com/
    links: "ul >> a["
    pattern: "(news"
`, []string{"p.yaml:6: sources[0].links: not a CSS selector", "p.yaml:7: sources[0].pattern: not a regular expression"}},
		{"duplicate names and bad URL", `
sources:
  - name: a
    kind: feed
    url: ftp://example.com/feed
  - name: a
    kind: feed
    url: https://example.com/feed
`, []string{"p.yaml:5: sources[0].url: \"ftp://example.com/feed\" is not an http(s) URL", "p.yaml:6: sources[1].name: \"a\" is already the name of the source on line 3"}},
		{"crawl values", `
crawl:
  rate: fast
  timeout: 30
  retries: -1
  allow_private_networks: true
sources: []
`, []string{"p.yaml:3: crawl.rate: want requests per second", "p.yaml:4: crawl.timeout: want a duration such as 30s", "p.yaml:5: crawl.retries: want a whole number", "p.yaml:6: crawl.allow_private_networks: unknown key"}},
		{"missing parts", `
sources:
  - kind: sitemap
  - name: b
    kind: dir
    url: https://example.com/
`, []string{"p.yaml:3: sources[0].name: missing", "p.yaml:3: sources[0].url: missing", "p.yaml:4: sources[1].path: missing", "p.yaml:5: sources[1].url: a dir source has no url"}},
		{"wrong shapes", `
sources:
  name: a
`, []string{"p.yaml:3: sources: want a list of sources"}},
		{"bad bool", `
sources:
  - name: a
    kind: feed
    url: https://example.com/f
    allow_private_networks: maybe
`, []string{"p.yaml:6: sources[0].allow_private_networks: want true or false"}},
		{"options of another kind", `
sources:
  - name: a
    kind: feed
    url: https://example.com/f
    next: a.next
`, []string{"p.yaml:4: sources[0].next: only a list source has next"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("p.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	if _, err := parseConfig("p.yaml", []byte("sources: [")); err == nil || !strings.Contains(err.Error(), "p.yaml") {
		t.Errorf("YAML syntax error: %v", err)
	}
}

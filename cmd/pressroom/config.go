package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/ingest/urlcanon"
)

// defaultConfigFile is read when `pressroom ingest` gets no paths and no
// --config.
const defaultConfigFile = "pressroom.yaml"

// config is pressroom.yaml: how to crawl, and what.
type config struct {
	path    string
	Crawl   crawlConfig
	Sources []sourceConfig
}

// crawlConfig is the crawl: section. Zero values mean the fetcher's
// defaults.
type crawlConfig struct {
	UserAgent      string
	Rate           float64 // requests per second per host
	Concurrency    int
	Timeout        time.Duration
	ConnectTimeout time.Duration
	Retries        int
	MaxRedirects   int
	MaxBodyMB      int
	Parallel       int // sources at once
}

// sourceConfig is one entry of sources:.
type sourceConfig struct {
	Name         string
	Kind         string // dir, list, feed, sitemap
	Line         int
	URLs         []string
	Paths        []string // dir: resolved against the config file's folder
	Links        string
	Next         string
	Date         string
	MaxPages     int
	Hosts        []string
	Pattern      *regexp.Regexp
	MaxReleases  int
	AllowPrivate bool
	Rate         float64
	Selectors    *extract.Selectors
}

// configError lists every problem of a config file, each with its line.
type configError struct {
	Path     string
	Problems []configProblem
}

type configProblem struct {
	Line int
	Key  string
	Msg  string
}

func (e *configError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem", e.Path, len(e.Problems))
	if len(e.Problems) > 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s:%d: %s: %s", e.Path, p.Line, p.Key, p.Msg)
	}
	return b.String()
}

// loadConfig reads and checks a config file.
func loadConfig(path string) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseConfig(path, data)
}

// parseConfig checks data as YAML against the config's shape. Every
// problem found is reported at once, with the line and the key.
func parseConfig(path string, data []byte) (*config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	p := &configParser{cfg: &config{path: path}, dir: filepath.Dir(path), err: &configError{Path: path}}
	if len(doc.Content) == 0 {
		p.problem(1, "sources", "the file is empty: list your sources under sources: (see pressroom.example.yaml)")
		return nil, p.err
	}
	p.root(doc.Content[0])
	if len(p.err.Problems) > 0 {
		sort.SliceStable(p.err.Problems, func(i, j int) bool { return p.err.Problems[i].Line < p.err.Problems[j].Line })
		return nil, p.err
	}
	return p.cfg, nil
}

type configParser struct {
	cfg *config
	dir string
	err *configError
}

func (p *configParser) problem(line int, key, format string, a ...any) {
	p.err.Problems = append(p.err.Problems, configProblem{Line: line, Key: key, Msg: fmt.Sprintf(format, a...)})
}

// fields walks a mapping, calling fn with each known key's value and
// reporting unknown and repeated keys.
func (p *configParser) fields(n *yaml.Node, where string, known []string, fn func(key string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.problem(n.Line, where, "want a mapping of keys to values, got %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := join(where, k.Value)
		if seen[k.Value] {
			p.problem(k.Line, key, "given twice")
			continue
		}
		seen[k.Value] = true
		if !contains(known, k.Value) {
			msg := "unknown key"
			if s := closest(k.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (known: %s)", strings.Join(known, ", "))
			}
			p.problem(k.Line, key, "%s", msg)
			continue
		}
		fn(k.Value, v)
	}
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func (p *configParser) root(n *yaml.Node) {
	p.fields(n, "", []string{"crawl", "sources"}, func(key string, v *yaml.Node) {
		switch key {
		case "crawl":
			p.crawl(v)
		case "sources":
			p.sources(v)
		}
	})
}

func (p *configParser) crawl(n *yaml.Node) {
	c := &p.cfg.Crawl
	known := []string{"user_agent", "rate", "concurrency", "timeout", "connect_timeout", "retries", "max_redirects", "max_body_mb", "parallel_sources"}
	p.fields(n, "crawl", known, func(key string, v *yaml.Node) {
		where := "crawl." + key
		switch key {
		case "user_agent":
			c.UserAgent = p.str(v, where)
			if strings.ContainsAny(c.UserAgent, "\r\n") {
				p.problem(v.Line, where, "must be one line")
			}
		case "rate":
			c.Rate = p.positive(v, where)
		case "concurrency":
			c.Concurrency = p.count(v, where, 1)
		case "timeout":
			c.Timeout = p.duration(v, where)
		case "connect_timeout":
			c.ConnectTimeout = p.duration(v, where)
		case "retries":
			c.Retries = p.count(v, where, 0)
			if c.Retries == 0 {
				c.Retries = -1 // 0 given: no retries
			}
		case "max_redirects":
			c.MaxRedirects = p.count(v, where, 0)
			if c.MaxRedirects == 0 {
				c.MaxRedirects = -1
			}
		case "max_body_mb":
			c.MaxBodyMB = p.count(v, where, 1)
		case "parallel_sources":
			c.Parallel = p.count(v, where, 1)
		}
	})
}

var kinds = []string{"dir", "list", "feed", "sitemap"}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (p *configParser) sources(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.problem(n.Line, "sources", "want a list of sources (- name: …), got %s", kindName(n))
		return
	}
	names := map[string]int{}
	for i, sn := range n.Content {
		where := fmt.Sprintf("sources[%d]", i)
		s := sourceConfig{Line: sn.Line}
		var kindLine int
		common := []string{"name", "kind", "allow_private_networks", "selectors", "url", "urls", "path", "paths", "links", "next", "date", "max_pages", "hosts", "pattern", "max_releases", "rate"}
		p.fields(sn, where, common, func(key string, v *yaml.Node) {
			w := where + "." + key
			switch key {
			case "name":
				s.Name = p.str(v, w)
				if s.Name != "" && !nameRE.MatchString(s.Name) {
					p.problem(v.Line, w, "%q: use letters, digits, '.', '_' and '-' (it names the source on the command line)", s.Name)
				}
				if first, dup := names[s.Name]; dup {
					p.problem(v.Line, w, "%q is already the name of the source on line %d", s.Name, first)
				}
				names[s.Name] = v.Line
			case "kind":
				s.Kind, kindLine = p.str(v, w), v.Line
				if !contains(kinds, s.Kind) {
					p.problem(v.Line, w, "unknown kind %q (want dir, list, feed or sitemap)", s.Kind)
				}
			case "allow_private_networks":
				s.AllowPrivate = p.boolean(v, w)
			case "selectors":
				s.Selectors = p.selectors(v, w)
			case "url":
				s.URLs = append(s.URLs, p.url(v, w))
			case "urls":
				for k, e := range p.list(v, w) {
					s.URLs = append(s.URLs, p.url(e, fmt.Sprintf("%s[%d]", w, k)))
				}
			case "path":
				s.Paths = append(s.Paths, p.path(v, w))
			case "paths":
				for k, e := range p.list(v, w) {
					s.Paths = append(s.Paths, p.path(e, fmt.Sprintf("%s[%d]", w, k)))
				}
			case "links":
				s.Links = p.selector(v, w)
			case "next":
				s.Next = p.selector(v, w)
			case "date":
				s.Date = p.selector(v, w)
			case "max_pages":
				s.MaxPages = p.count(v, w, 1)
			case "hosts":
				for k, e := range p.list(v, w) {
					h := strings.ToLower(p.str(e, fmt.Sprintf("%s[%d]", w, k)))
					if h == "" || strings.ContainsAny(h, "/?# ") {
						p.problem(e.Line, fmt.Sprintf("%s[%d]", w, k), "%q is not a host (example.co.jp, or host:port)", h)
					}
					s.Hosts = append(s.Hosts, h)
				}
			case "pattern":
				re, err := regexp.Compile(p.str(v, w))
				if err != nil {
					p.problem(v.Line, w, "not a regular expression: %v", err)
				}
				s.Pattern = re
			case "max_releases":
				s.MaxReleases = p.count(v, w, 1)
			case "rate":
				s.Rate = p.positive(v, w)
			}
		})
		if sn.Kind != yaml.MappingNode {
			continue
		}
		if s.Name == "" {
			p.problem(sn.Line, where+".name", "missing: every source needs a name")
		}
		if s.Kind == "" {
			p.problem(sn.Line, where+".kind", "missing: dir, list, feed or sitemap")
		}
		switch s.Kind {
		case "dir":
			if len(s.Paths) == 0 {
				p.problem(sn.Line, where+".path", "missing: a dir source reads the files under path (or paths)")
			}
			for _, k := range []struct {
				set  bool
				name string
			}{{len(s.URLs) > 0, "url"}, {s.Links != "", "links"}, {s.Next != "", "next"}, {s.Date != "", "date"}, {s.Selectors != nil, "selectors"}} {
				if k.set {
					p.problem(kindLine, where+"."+k.name, "a dir source has no %s", k.name)
				}
			}
		case "list", "feed", "sitemap":
			if len(s.URLs) == 0 {
				p.problem(sn.Line, where+".url", "missing: a %s source starts at url (or urls)", s.Kind)
			}
			if len(s.Paths) > 0 {
				p.problem(kindLine, where+".path", "only a dir source reads paths; a %s source starts at url", s.Kind)
			}
			if s.Kind == "list" && s.Links == "" {
				p.problem(sn.Line, where+".links", "missing: the CSS selector of the release links on the list page (for example \"ul.news a\")")
			}
			if s.Kind != "list" {
				for _, k := range []struct {
					set  bool
					name string
				}{{s.Links != "", "links"}, {s.Next != "", "next"}, {s.Date != "", "date"}} {
					if k.set {
						p.problem(kindLine, where+"."+k.name, "only a list source has %s", k.name)
					}
				}
			}
		}
		p.cfg.Sources = append(p.cfg.Sources, s)
	}
}

func (p *configParser) scalar(v *yaml.Node, where string) bool {
	if v.Kind != yaml.ScalarNode {
		p.problem(v.Line, where, "want a single value, got %s", kindName(v))
		return false
	}
	return true
}

func (p *configParser) str(v *yaml.Node, where string) string {
	if !p.scalar(v, where) {
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (p *configParser) list(v *yaml.Node, where string) []*yaml.Node {
	if v.Kind != yaml.SequenceNode {
		p.problem(v.Line, where, "want a list, got %s", kindName(v))
		return nil
	}
	return v.Content
}

func (p *configParser) boolean(v *yaml.Node, where string) bool {
	if !p.scalar(v, where) {
		return false
	}
	switch v.Value {
	case "true", "yes", "on":
		return true
	case "false", "no", "off":
		return false
	}
	p.problem(v.Line, where, "want true or false, got %q", v.Value)
	return false
}

func (p *configParser) count(v *yaml.Node, where string, least int) int {
	if !p.scalar(v, where) {
		return 0
	}
	n, err := strconv.Atoi(v.Value)
	if err != nil || n < least {
		p.problem(v.Line, where, "want a whole number of at least %d, got %q", least, v.Value)
		return 0
	}
	return n
}

func (p *configParser) positive(v *yaml.Node, where string) float64 {
	if !p.scalar(v, where) {
		return 0
	}
	f, err := strconv.ParseFloat(v.Value, 64)
	if err != nil || f <= 0 || f > 100 {
		p.problem(v.Line, where, "want requests per second, more than 0 and at most 100 (0.2 is one request every 5 s), got %q", v.Value)
		return 0
	}
	return f
}

func (p *configParser) duration(v *yaml.Node, where string) time.Duration {
	if !p.scalar(v, where) {
		return 0
	}
	d, err := time.ParseDuration(v.Value)
	if err != nil || d <= 0 {
		p.problem(v.Line, where, "want a duration such as 30s or 2m, got %q", v.Value)
		return 0
	}
	return d
}

func (p *configParser) url(v *yaml.Node, where string) string {
	raw := p.str(v, where)
	c, err := urlcanon.Canonical(raw)
	if err != nil {
		p.problem(v.Line, where, "%q is not an http(s) URL", raw)
		return raw
	}
	return c
}

func (p *configParser) path(v *yaml.Node, where string) string {
	raw := p.str(v, where)
	if raw == "" {
		p.problem(v.Line, where, "empty path")
		return raw
	}
	if !filepath.IsAbs(raw) {
		raw = filepath.Join(p.dir, raw)
	}
	return raw
}

func (p *configParser) selector(v *yaml.Node, where string) string {
	sel := p.str(v, where)
	if sel == "" {
		p.problem(v.Line, where, "empty selector")
		return ""
	}
	if _, err := cascadia.Compile(sel); err != nil {
		p.problem(v.Line, where, "not a CSS selector: %q: %v", sel, err)
	}
	return sel
}

func (p *configParser) selectors(n *yaml.Node, where string) *extract.Selectors {
	s := &extract.Selectors{}
	p.fields(n, where, []string{"title", "date", "body"}, func(key string, v *yaml.Node) {
		sel := p.selector(v, where+"."+key)
		switch key {
		case "title":
			s.Title = sel
		case "date":
			s.Date = sel
		case "body":
			s.Body = sel
		}
	})
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closest suggests the known key a typo meant.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// pick returns the sources named, in the config's order, or all of them.
func (c *config) pick(names []string) ([]sourceConfig, error) {
	if len(names) == 0 {
		return c.Sources, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []sourceConfig
	for _, s := range c.Sources {
		if want[s.Name] {
			out = append(out, s)
			delete(want, s.Name)
		}
	}
	if len(want) > 0 {
		var missing, have []string
		for n := range want {
			missing = append(missing, n)
		}
		for _, s := range c.Sources {
			have = append(have, s.Name)
		}
		sort.Strings(missing)
		return nil, fmt.Errorf("no source named %s in %s (sources: %s)", strings.Join(missing, ", "), c.path, strings.Join(have, ", "))
	}
	return out, nil
}

// selectorsByName maps source names to their article selectors, for a
// reindex that applies today's configuration.
func (c *config) selectorsByName() func(string) *extract.Selectors {
	m := map[string]*extract.Selectors{}
	for _, s := range c.Sources {
		m[s.Name] = s.Selectors
	}
	return func(name string) *extract.Selectors { return m[name] }
}

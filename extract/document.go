package extract

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockKind is what a piece of the page is, as the extractors need it.
type blockKind int

const (
	blockPara blockKind = iota + 1
	blockHeading
	blockItem
	blockRow
	blockCaption
)

func (k blockKind) String() string {
	switch k {
	case blockPara:
		return "para"
	case blockHeading:
		return "heading"
	case blockItem:
		return "item"
	case blockRow:
		return "row"
	case blockCaption:
		return "caption"
	}
	return "unknown"
}

// zone tells the part of the article a block sits in. Contact blocks stay in
// the body for search but are not the announcement.
type zone int

const (
	zoneMain zone = iota + 1
	zoneAbout
	zoneContact
)

// block is one line-like unit of the article in reading order: a heading, a
// paragraph line, a list item or a table row. Both HTML and plain text become
// blocks, so the extractors see one shape whatever the input was.
type block struct {
	kind   blockKind
	text   string // as written, whitespace collapsed
	level  int    // heading level; 0 for pseudo-headings such as ■… or 【…】
	list   int    // items: the list they belong to; rows: their table
	marker string // items: the bullet or number taken off the front
	para   int    // lines split by <br> or single newlines share a paragraph
	zone   zone
	depth  int // items: how deeply their list is nested in another (0: not)
	// rows only
	cells     []string
	cellItems [][]string
	header    bool
}

// page is the parsed input before extraction.
type page struct {
	title      string // best title candidate outside the blocks (og:title, <title>)
	docTitle   string // <title>, which often names the site too
	metaDate   string // a machine-readable publication date from <meta> or <time>
	canonical  string
	categories []string
	blocks     []block
	// what a site's selectors picked ("" when none or no match)
	selTitle, selDate string
}

var (
	// Class or id words of page furniture, matched as whole words.
	boilerplateRE = newClassWords("nav", "navi", "navigation", "gnav", "globalnav", "global-nav", "lnavi", "rnavi", "menu", "megamenu",
		"breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "share", "sns", "social", "related", "recommend", "ranking",
		"sidebar", "side", "aside", "banner", "cookie", "consent", "pagetop", "page-top", "pager", "pagination", "widget",
		"ad", "ads", "advert", "footer", "site-footer", "site-header", "skip", "print", "tool", "tools", "utility")
	contentRE = newFoldWords("article", "entry", "post", "news", "release", "content", "main", "detail", "body", "text")
)

// Selectors compiled once: goquery compiles a selector string on every
// Find.
var (
	selClassOrID      = cascadia.MustCompile(`[class], [id]`)
	selSideFurniture  = cascadia.MustCompile(`aside, nav, footer, [class*=sidebar], [class*=widget], [id*=sidebar]`)
	selH1             = cascadia.MustCompile(`h1`)
	selLinkOrItem     = cascadia.MustCompile(`li, a`)
	selLi             = cascadia.MustCompile(`li`)
	selA              = cascadia.MustCompile(`a`)
	selSpan           = cascadia.MustCompile(`span`)
	selCategoryRel    = cascadia.MustCompile(`a[rel~="category"], a[rel~="tag"]`)
	selSideFurniture2 = cascadia.MustCompile(`aside, nav, footer, [class*=sidebar], [class*=widget]`)
	selBody           = cascadia.MustCompile(`body`)
	selFurniture      = cascadia.MustCompile(`nav, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"], .visually-hidden, .sr-only`)
	selHeaderFooter   = cascadia.MustCompile(`header, footer`)
	selArticleish     = cascadia.MustCompile(`article, main, [role=main]`)
	selArticle        = cascadia.MustCompile(`article, [itemprop="articleBody"]`)
	selMain           = cascadia.MustCompile(`main, [role="main"]`)
	selBlocks         = cascadia.MustCompile(`div, section, td`)
	selImg            = cascadia.MustCompile(`img`)
)

// collapse turns HTML whitespace runs into one space, as a browser shows it,
// and trims the ends (ideographic spaces included).
func collapse(s string) string {
	return strings.TrimFunc(collapseSpaces(s), unicode.IsSpace)
}

// collapseSpaces replaces each run of whitespace (HTML's, plus no-break
// and zero-width spaces) with one space. It is a hand-written loop rather
// than a regexp: it runs on every text node of every page.
func collapseSpaces(s string) string {
	// Most strings need no change: return them without copying.
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if htmlSpace(rune(c)) && (c != ' ' || i+1 < len(s) && isSpaceStart(s[i+1:])) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if htmlSpace(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	sb.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !htmlSpace(r) {
			sb.WriteString(s[i : i+n])
			i += n
			continue
		}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !htmlSpace(r) {
				break
			}
			i += n
		}
		sb.WriteByte(' ')
	}
	return sb.String()
}

// htmlSpace: the runes collapseSpaces folds.
func htmlSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u200b':
		return true
	}
	return false
}

func isSpaceStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return htmlSpace(r)
}

func parseHTML(text string, sel *Selectors) (*page, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	p := &page{}
	if sel == nil {
		sel = &Selectors{}
	}
	if sel.Title != "" {
		p.selTitle = collapse(doc.Find(sel.Title).First().Text())
	}
	if sel.Date != "" {
		if d := doc.Find(sel.Date).First(); d.Length() > 0 {
			p.selDate = collapse(d.Text())
			for _, attr := range []string{"datetime", "content"} {
				if v, ok := d.Attr(attr); ok && strings.TrimSpace(v) != "" {
					p.selDate = strings.TrimSpace(v)
					break
				}
			}
		}
	}
	// The head's facts, from one walk over the document.
	found := firstMatches(doc.Nodes[0], headSelectors)
	p.canonical, _ = attr(found[headCanonical], "href")
	p.title = metaContent(found[headMetaTitle:headMetaDate])
	if found[headTitle] != nil {
		p.docTitle = collapse(nodeText(found[headTitle]))
	}
	if p.title == "" {
		p.title = p.docTitle
	}
	p.metaDate = metaContent(found[headMetaDate:])
	if p.metaDate == "" {
		if dt, ok := attr(found[headTime], "datetime"); ok {
			p.metaDate = dt
		}
	}
	if p.metaDate == "" {
		// Structured data: schema.org's datePublished in JSON-LD, which
		// CMSs write when they write no meta tag.
		p.metaDate = jsonLDDate(collectTags(doc.Nodes[0], scriptTag))
	}
	var catNodes []*html.Node
	p.categories, catNodes = findCategories(doc)
	// The category list is page furniture once read: keep it out of the body.
	for _, n := range catNodes {
		if n.Parent != nil && !contains(n, findH1(doc)) {
			n.Parent.RemoveChild(n)
		}
	}

	removeAll(collectTags(doc.Nodes[0], nonTextTags))
	var root *html.Node
	if sel.Body != "" {
		if b := doc.Find(sel.Body).First(); b.Length() > 0 {
			root = b.Nodes[0]
		}
	}
	if root == nil {
		root = chooseRoot(doc)
	}
	w := &walker{}
	w.walk(root)
	w.flush(blockPara)
	p.blocks = classifyZones(numberLists(joinWrapped(w.blocks), w.lists))
	return p, nil
}

// joinWrapped joins the lines of a paragraph that a converter wrapped at a
// fixed width with <br> (a PDF or word-processor document as HTML): lines
// of about one length, broken mid-sentence, even inside names (公益財団法人
// <br>こまどり地域振興財団). A line that ends a sentence keeps its break.
func joinWrapped(blocks []block) []block {
	out := blocks[:0]
	for i := 0; i < len(blocks); {
		j := i + 1
		for blocks[i].kind == blockPara && j < len(blocks) && blocks[j].kind == blockPara && blocks[j].para == blocks[i].para {
			j++
		}
		run := blocks[i:j]
		if !wrappedLines(run) {
			out = append(out, run...)
			i = j
			continue
		}
		cur := run[0]
		for _, b := range run[1:] {
			if endsSentence(cur.text) {
				out = append(out, cur)
				cur = b
				continue
			}
			cur.text = joinLine(cur.text, b.text)
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// wrappedLines: three or more lines, all but the last within a fifth of
// the longest (or ending a sentence), the longest 25 runes or more, and
// one of them broken mid-sentence.
func wrappedLines(run []block) bool {
	if len(run) < 3 {
		return false
	}
	longest, broken := 0, false
	for _, b := range run[:len(run)-1] {
		longest = max(longest, utf8.RuneCountInString(b.text))
		if !endsSentence(b.text) {
			broken = true
		}
	}
	if longest < 25 || !broken {
		return false
	}
	for _, b := range run[:len(run)-1] {
		if n := utf8.RuneCountInString(b.text); n*5 < longest*4 && !endsSentence(b.text) {
			return false
		}
	}
	for _, b := range run[1:] {
		if fieldLineRE.MatchString(b.text) {
			return false // 研究期間：…<br>研究代表者：…: fields, a line each
		}
	}
	return true
}

var fieldLineRE = regexp.MustCompile(`^[^\s：:（(、。]{1,14}[：:]`)

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。．.!！?？", r)
}

// joinLine joins two pieces of a wrapped line: with a space between Latin
// letters or digits, as the break stood for one; directly otherwise.
func joinLine(a, b string) string {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if last < 0x80 && first < 0x80 && (unicode.IsLetter(last) || unicode.IsDigit(last)) && (unicode.IsLetter(first) || unicode.IsDigit(first)) {
		return a + " " + b
	}
	return a + b
}

var scriptTag = map[string]bool{"script": true}

// jsonLDDate returns the first datePublished of the JSON-LD scripts among
// nodes (at any depth: @graph and nested objects), or "".
func jsonLDDate(nodes []*html.Node) string {
	for _, n := range nodes {
		if t, _ := attr(n, "type"); !strings.EqualFold(strings.TrimSpace(t), "application/ld+json") {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(nodeText(n)), &v); err != nil {
			continue
		}
		if d := findJSONKey(v, "datePublished"); d != "" {
			return d
		}
	}
	return ""
}

func findJSONKey(v any, key string) string {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x[key].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
		for _, c := range x {
			if d := findJSONKey(c, key); d != "" {
				return d
			}
		}
	case []any:
		for _, c := range x {
			if d := findJSONKey(c, key); d != "" {
				return d
			}
		}
	}
	return ""
}

// headSelectors are what parseHTML reads before it changes the document,
// found in one walk: the canonical link, the <title>, a <time datetime>,
// then the meta tags of the title and of the publication date, each list
// in the order it is tried.
var headSelectors = compileAll(`link[rel="canonical"]`, `title`, `time[datetime]`,
	`meta[property="og:title"]`, `meta[name="twitter:title"]`,
	`meta[property="article:published_time"]`, `meta[name="pubdate"]`, `meta[name="date"]`,
	`meta[name="DC.date"]`, `meta[name="dc.date"]`, `meta[itemprop="datePublished"]`)

// Indexes into headSelectors.
const (
	headCanonical = iota
	headTitle
	headTime
	headMetaTitle
	headMetaDate = headMetaTitle + 2
)

func compileAll(selectors ...string) []cascadia.Selector {
	out := make([]cascadia.Selector, len(selectors))
	for i, s := range selectors {
		out[i] = cascadia.MustCompile(s)
	}
	return out
}

// firstMatches returns, for each selector, the first element below root in
// document order that matches it, or nil: what FindMatcher(sel).First()
// gives, for all of them in one walk.
func firstMatches(root *html.Node, sels []cascadia.Selector) []*html.Node {
	found := make([]*html.Node, len(sels))
	left := len(sels)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && left > 0; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			for i, sel := range sels {
				if found[i] == nil && sel.Match(c) {
					found[i] = c
					left--
				}
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

// attr is goquery's Attr for one node (nil: none).
func attr(n *html.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// metaContent returns the content of the first of the found meta tags that
// has one.
func metaContent(found []*html.Node) string {
	for _, n := range found {
		if v, ok := attr(n, "content"); ok && strings.TrimSpace(v) != "" {
			return collapse(v)
		}
	}
	return ""
}

// findCategories reads the article's category or tag list (a class word
// such as category, cat-links or tags, or rel="category tag" links). Lists
// in sidebars and menus name every category of the site, not this page's,
// and a breadcrumb trail is the site's structure, not the article's topics.
func findCategories(doc *goquery.Document) ([]string, []*html.Node) {
	var cats []string
	var nodes []*html.Node
	add := func(s string) {
		s = collapse(strings.TrimLeft(collapse(s), "#＃"))
		// プレスリリース is a step of a breadcrumb trail, but a label the
		// page gives itself when its category list says so.
		if s == "" || utf8.RuneCountInString(s) > 30 || homeCrumb(s) {
			return
		}
		for _, c := range cats {
			if c == s {
				return
			}
		}
		cats = append(cats, s)
	}
	doc.FindMatcher(selClassOrID).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if !classOrID(s, categoryClass) {
			return true
		}
		if s.ClosestMatcher(selSideFurniture).Length() > 0 {
			return true
		}
		if s.FindMatcher(selH1).Length() > 0 || textLen(s) > 200 || s.FindMatcher(selLinkOrItem).Length() > 15 {
			return true // a wrapper, or a list of every category of the site
		}
		items := s.FindMatcher(selLi)
		if items.Length() == 0 {
			items = s.FindMatcher(selA)
		}
		if items.Length() == 0 {
			items = s.FindMatcher(selSpan)
		}
		if items.Length() == 0 {
			add(fieldLabelRE.ReplaceAllString(collapse(s.Text()), ""))
		} else {
			items.Each(func(_ int, li *goquery.Selection) { add(li.Text()) })
		}
		nodes = append(nodes, s.Nodes...)
		return true
	})
	if len(cats) > 0 {
		return cats, nodes
	}
	doc.FindMatcher(selCategoryRel).Each(func(_ int, a *goquery.Selection) {
		if a.ClosestMatcher(selSideFurniture2).Length() == 0 {
			add(a.Text())
			nodes = append(nodes, a.Nodes...)
		}
	})
	if len(cats) > 0 {
		return cats, nodes
	}
	return cats, nodes
}

var (
	// (A CSS module's hash may close the word: NewsArticle_tags__e5.)
	categoryWordRE = guarded(`^(?:.*[-_])?(?:categor(?:y|ies)|cats?|tags?|taglist|labels?|genre)(?:[-_]+(?:list|links|area|box|wrap|label|labels|items?|icons?))?(?:__[a-z0-9]{2,8})?$`,
		"cat", "tag", "label", "genre")
	fieldLabelRE = regexp.MustCompile(`^(?:カテゴリー?|分類|タグ|ジャンル)\s*[:：]\s*`)
)

// categoryClass matches class words naming a category list. WordPress's
// per-post words (category-new-products) are not lists.
func categoryClass(classes string) bool {
	for _, w := range strings.Fields(strings.ToLower(classes)) {
		if categoryWordRE.MatchString(w) && !furnitureLabel(w) {
			return true
		}
	}
	return false
}

// furnitureLabel: the label of an ad or a share bar (pg-ad__label,
// sns-share__label), not of the article.
func furnitureLabel(w string) bool {
	for _, seg := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' }) {
		switch seg {
		case "ad", "ads", "advert", "pr", "share", "sns", "social", "banner", "btn", "button", "cookie", "nav", "menu":
			return true
		}
	}
	return false
}

// homeCrumb: the site's home, never a category.
func homeCrumb(s string) bool {
	switch strings.ToLower(s) {
	case "ホーム", "トップ", "トップページ", "top", "home":
		return true
	}
	return false
}

// chooseRoot removes page furniture and returns the element that holds the
// article, extended to include the page's title heading when that sits
// outside it.
func chooseRoot(doc *goquery.Document) *html.Node {
	body := firstMatch(doc.Selection, selBody)
	if body.Length() == 0 {
		return doc.Nodes[0]
	}
	removeAll(collect(doc.Nodes[0], furniture))
	// Site header and footer: those outside the article only.
	doc.FindMatcher(selHeaderFooter).Each(func(_ int, s *goquery.Selection) {
		if s.ClosestMatcher(selArticleish).Length() == 0 && s.FindMatcher(selH1).Length() == 0 {
			s.Remove()
		}
	})
	bc := &bodyCount{root: body.Nodes[0], stale: true}
	doc.FindMatcher(selClassOrID).Each(func(_ int, s *goquery.Selection) {
		if !classOrID(s, boilerplateRE.MatchString) {
			return
		}
		if s.FindMatcher(selH1).Length() > 0 {
			return
		}
		var c runeCounter
		for _, n := range s.Nodes {
			c.node(n)
		}
		if c.len() > bc.len()/2 {
			return // a wrapper that holds the article is not furniture
		}
		for _, n := range s.Nodes {
			bc.removing(n, c)
		}
		s.Remove()
	})

	var root *goquery.Selection
	best := 0
	doc.FindMatcher(selArticle).Each(func(_ int, s *goquery.Selection) {
		if n := textLen(s); n > best {
			root, best = s, n
		}
	})
	if root == nil {
		if m := firstMatch(doc.Selection, selMain); m.Length() > 0 {
			root = m
		}
	}
	if root == nil {
		best = 0
		doc.FindMatcher(selBlocks).Each(func(_ int, s *goquery.Selection) {
			if !classOrID(s, contentRE.MatchString) {
				return
			}
			if n := textLen(s) - linkTextLen(s); n > best {
				root, best = s, n
			}
		})
		if root != nil && best < textLen(body)/3 {
			root = nil // the named block holds too little: use the body
		}
	}
	if root == nil {
		return body.Nodes[0]
	}
	// A title heading outside the article: widen the root to hold it, unless
	// the <h1> is the site's logo.
	if h1 := firstMatch(body, selH1); h1.Length() > 0 && !contains(root.Nodes[0], h1.Nodes[0]) && textLen(h1) >= 8 && h1.FindMatcher(selImg).Length() == 0 {
		return commonAncestor(root.Nodes[0], h1.Nodes[0])
	}
	return root.Nodes[0]
}

// nonTextTags are the elements whose content is not text to read.
var nonTextTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true, "iframe": true, "canvas": true,
	"form": true, "button": true, "input": true, "select": true, "textarea": true, "object": true, "embed": true,
	"video": true, "audio": true, "map": true,
}

// collectTags returns the elements below root whose tag is in tags, in
// document order: what FindMatcher of the selector "a, b, …" finds, without
// matching every element against every tag.
func collectTags(root *html.Node, tags map[string]bool) []*html.Node {
	return collect(root, func(n *html.Node) bool { return tags[n.Data] })
}

// classOrID reports whether match holds for the element's class or its id.
// The matchers (word lists, class words) cannot match across the space
// that once joined the two, so each is read on its own, unjoined.
func classOrID(s *goquery.Selection, match func(string) bool) bool {
	cls, _ := s.Attr("class")
	id, _ := s.Attr("id")
	return match(cls) || match(id)
}

// collect returns the elements below root that match, in document order:
// goquery's FindMatcher for a hand-written matcher.
func collect(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && match(c) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

// furniture is selFurniture written out: one pass over an element's
// attributes where the selector makes seven, on every element of every
// page. TestFurnitureMatchesSelector holds it to the selector.
func furniture(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Data == "nav" || n.Data == "aside" {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "role":
			switch a.Val {
			case "navigation", "banner", "contentinfo", "complementary":
				return true
			}
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "class":
			if hasClassWord(a.Val, "visually-hidden") || hasClassWord(a.Val, "sr-only") {
				return true
			}
		}
	}
	return false
}

// hasClassWord is CSS's [class~=w]: w is one of the words of list, which
// HTML's whitespace separates.
func hasClassWord(list, w string) bool {
	for list != "" {
		i := strings.IndexAny(list, " \t\r\n\f")
		if i < 0 {
			return list == w
		}
		if list[:i] == w {
			return true
		}
		list = list[i+1:]
	}
	return false
}

// removeAll is goquery's Remove for nodes.
func removeAll(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// firstMatch is s.FindMatcher(m).First() without collecting every match
// first: the first element, in document order, below s that matches m.
func firstMatch(s *goquery.Selection, m cascadia.Selector) *goquery.Selection {
	for _, n := range s.Nodes {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if f := m.MatchFirst(c); f != nil {
				return s.FindNodes(f)
			}
		}
	}
	return s.FindNodes()
}

func findH1(doc *goquery.Document) *html.Node {
	if h := firstMatch(doc.Selection, selH1); h.Length() > 0 {
		return h.Nodes[0]
	}
	return nil
}

// textLen is utf8.RuneCountInString(strings.TrimSpace(s.Text())), counted
// over the text nodes without building the text: chooseRoot asks it of
// every candidate element.
func textLen(s *goquery.Selection) int {
	var c runeCounter
	for _, n := range s.Nodes {
		c.node(n)
	}
	return c.len()
}

// runeCounter counts the runes of a text as TrimSpace would leave it.
type runeCounter struct {
	total, leading, trailing int
	seen                     bool // a rune that is not a space
}

func (c *runeCounter) node(n *html.Node) {
	if n.Type == html.TextNode && n.Data != "" {
		c.text(n.Data)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.node(ch)
	}
}

// text adds s, looking at the spaces at its ends only, and reports
// whether s has a rune that is not a space.
func (c *runeCounter) text(s string) bool {
	n := validRuneCount(s)
	c.total += n
	if !c.seen {
		rest := strings.TrimLeftFunc(s, unicode.IsSpace)
		c.leading += utf8.RuneCountInString(s[:len(s)-len(rest)])
		if rest == "" {
			return false
		}
		c.seen = true
	}
	body := strings.TrimRightFunc(s, unicode.IsSpace)
	trail := utf8.RuneCountInString(s[len(body):])
	if trail == n {
		c.trailing += n // all spaces: the run goes on
		return false
	}
	c.trailing = trail
	return true
}

// validRuneCount is utf8.RuneCountInString for valid UTF-8, which is what
// Decode makes of every page: the bytes that start a rune. It counts a
// page's text several times over while chooseRoot weighs blocks.
func validRuneCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if utf8.RuneStart(s[i]) {
			n++
		}
	}
	return n
}

// bodyCount keeps textLen of the body while chooseRoot removes furniture
// from it, recounting only when a removal can change the trimmed ends.
type bodyCount struct {
	root        *html.Node
	c           runeCounter
	first, last *html.Node // the first and last text nodes with a non-space rune
	stale       bool
}

func (b *bodyCount) len() int {
	if b.stale {
		b.c, b.first, b.last = runeCounter{}, nil, nil
		b.walk(b.root)
		b.stale = false
	}
	return b.c.len()
}

func (b *bodyCount) walk(n *html.Node) {
	if n.Type == html.TextNode && n.Data != "" && b.c.text(n.Data) {
		if b.first == nil {
			b.first = n
		}
		b.last = n
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		b.walk(ch)
	}
}

// removing is told that n, whose text counts c, is about to be removed.
// When n holds text but neither the first nor the last non-space text of
// the body, there is text on both sides of it: the body's leading and
// trailing spaces stay as they are and only its total shrinks.
func (b *bodyCount) removing(n *html.Node, c runeCounter) {
	switch {
	case b.stale || !contains(b.root, n):
		// Nothing counted yet, or n went with an earlier removal.
	case !c.seen || contains(n, b.first) || contains(n, b.last):
		b.stale = true
	default:
		b.c.total -= c.total
	}
}

func (c *runeCounter) len() int {
	if !c.seen {
		return 0
	}
	return c.total - c.leading - c.trailing
}

func linkTextLen(s *goquery.Selection) int {
	n := 0
	s.FindMatcher(selA).Each(func(_ int, a *goquery.Selection) { n += textLen(a) })
	return n
}

func contains(anc, n *html.Node) bool {
	if n == nil {
		return false
	}
	for ; n != nil; n = n.Parent {
		if n == anc {
			return true
		}
	}
	return false
}

func commonAncestor(a, b *html.Node) *html.Node {
	for n := a; n != nil; n = n.Parent {
		if contains(n, b) {
			return n
		}
	}
	return a
}

// walker turns a DOM subtree into blocks.
type walker struct {
	blocks []block
	cur    strings.Builder
	para   int
	lists  int
	tables int
	list   int // current list id while inside <ul>/<ol>
	olNum  int // next number in an <ol>
	depth  int // how many lists enclose the current one
}

func (w *walker) flush(kind blockKind) {
	w.flushAs(block{kind: kind})
}

func (w *walker) flushAs(b block) {
	text := collapse(w.cur.String())
	w.cur.Reset()
	if text == "" {
		return
	}
	b.text = text
	b.para = w.para
	if b.kind == blockPara {
		b = lineBlock(b)
	}
	w.blocks = append(w.blocks, b)
}

// inPre reports whether n is inside a <pre>.
func inPre(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Pre {
			return true
		}
	}
	return false
}

// newPara ends the current line and starts a new paragraph.
func (w *walker) newPara() {
	w.flush(blockPara)
	w.para++
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Blockquote: true,
	atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Figure: true, atom.Address: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Pre: true, atom.Hr: true, atom.Center: true, atom.Details: true,
	atom.Summary: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Time: false,
}

func (w *walker) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *walker) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if inPre(n) && strings.Contains(n.Data, "\n") {
			// <pre>: its line breaks are lines, as <br> would be.
			for i, part := range strings.Split(n.Data, "\n") {
				if i > 0 {
					w.flush(blockPara)
				}
				w.cur.WriteString(part)
			}
			return
		}
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.flush(blockPara)
		return
	case atom.Img:
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.newPara()
		w.walk(n)
		w.flushAs(block{kind: blockHeading, level: int(n.Data[1] - '0')})
		w.para++
		return
	case atom.Figcaption, atom.Caption:
		w.newPara()
		w.walk(n)
		w.flushAs(block{kind: blockCaption})
		w.para++
		return
	case atom.Ul, atom.Ol:
		w.newPara()
		outer, outerNum := w.list, w.olNum
		if outer != 0 {
			w.depth++
		}
		w.lists++
		w.list, w.olNum = w.lists, 0
		if n.DataAtom == atom.Ol {
			w.olNum = 1
		}
		w.walk(n)
		w.newPara()
		if outer != 0 {
			w.depth--
		}
		w.list, w.olNum = outer, outerNum
		return
	case atom.Li:
		w.newPara()
		w.walkInline(n)
		marker := "・"
		if w.olNum > 0 {
			marker = itoa(w.olNum) + "."
			w.olNum++
		}
		text := collapse(w.cur.String())
		if m, rest := splitMarker(text); m != "" {
			marker, text = m, rest
		}
		w.cur.Reset()
		if text != "" {
			w.blocks = append(w.blocks, block{kind: blockItem, text: text, list: w.list, marker: marker, para: w.para, depth: w.depth})
		}
		w.para++
		// Nested lists are items of their own.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
				w.node(c)
			}
		}
		return
	case atom.Dl:
		w.newPara()
		if !w.defList(n) {
			w.walk(n)
		}
		w.newPara()
		return
	case atom.Table:
		w.newPara()
		if dataTable(n) {
			w.table(n)
		} else {
			w.walk(n)
		}
		w.newPara()
		return
	}
	if blockTags[n.DataAtom] {
		w.newPara()
		w.walk(n)
		w.newPara()
		return
	}
	w.walk(n)
}

// defList reads a <dl> whose terms are short: numbered terms (<dt>1</dt>,
// <dt>(1)</dt>) make their descriptions list items, the agreed items of
// many municipal pages; other terms make a row per term (発表日 | R5.4.1),
// as a two-column table would. It reports false, leaving the list to the
// generic walk, when a term or description is long, holds blocks or
// sentences.
func (w *walker) defList(dl *html.Node) bool {
	type entry struct {
		term  string
		descs []string
	}
	var entries []entry
	numbered := true
	for c := dl.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Dt:
			t := collapse(nodeText(c))
			if t == "" || utf8.RuneCountInString(t) > 20 {
				return false
			}
			if !listNumber(t) {
				numbered = false
			}
			entries = append(entries, entry{term: t})
		case atom.Dd:
			if len(entries) == 0 || hasBlockChild(c) {
				return false
			}
			d := collapse(nodeTextLines(c))
			if !runesAtMost(d, 120) || strings.Contains(d, "。") && !numbered {
				return false // sentences: running text, read as paragraphs
			}
			if d != "" {
				entries[len(entries)-1].descs = append(entries[len(entries)-1].descs, d)
			}
		default:
			return false
		}
	}
	if len(entries) == 0 {
		return false
	}
	if numbered {
		w.lists++
		for _, e := range entries {
			if len(e.descs) == 0 {
				continue
			}
			w.blocks = append(w.blocks, block{kind: blockItem, text: strings.Join(e.descs, " "), list: w.lists, marker: e.term, para: w.para})
			w.para++
		}
		return true
	}
	w.tables++
	for _, e := range entries {
		b := block{kind: blockRow, list: w.tables, para: w.para, cells: []string{e.term}, cellItems: [][]string{nil}}
		b.cells = append(b.cells, e.descs...)
		for range e.descs {
			b.cellItems = append(b.cellItems, nil)
		}
		b.text = strings.Join(b.cells, " ")
		w.blocks = append(w.blocks, b)
		w.para++
	}
	return true
}

// listNumber reports whether s is only a list number: 1, 1., (1), ①, 一.
func listNumber(s string) bool {
	if m, rest := splitMarker(s + " x"); m != "" && rest == "x" {
		return true
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return utf8.RuneCountInString(s) <= 2
}

// hasBlockChild reports whether n holds block elements (paragraphs, lists,
// tables) rather than inline text.
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (blockTags[c.DataAtom] || c.DataAtom == atom.Li) {
			return true
		}
	}
	return false
}

// walkInline collects n's text, leaving out nested lists and turning <br>
// into a space.
func (w *walker) walkInline(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			w.cur.WriteString(c.Data)
		case c.Type != html.ElementNode:
		case c.DataAtom == atom.Ul || c.DataAtom == atom.Ol:
		case c.DataAtom == atom.Br:
			w.cur.WriteString(" ")
		default:
			w.walkInline(c)
		}
	}
}

// dataTable tells a table of records (a history of agreements) from a table
// used for page layout.
func dataTable(t *html.Node) bool {
	rows, multi := 0, 0
	ok := true
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				ok = false
				return
			case atom.Tr:
				rows++
				cells := 0
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						cells++
						if utf8.RuneCountInString(nodeText(td)) > 400 {
							ok = false
						}
					}
				}
				if cells >= 2 {
					multi++
				}
			}
			visit(c, depth+1)
		}
	}
	visit(t, 0)
	return ok && rows >= 1 && multi*2 >= rows
}

func (w *walker) table(t *html.Node) {
	w.tables++
	id := w.tables
	var rows []*html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Tr {
				rows = append(rows, c)
				continue
			}
			if c.DataAtom == atom.Caption {
				w.node(c)
				continue
			}
			find(c)
		}
	}
	find(t)
	for _, tr := range rows {
		b := block{kind: blockRow, list: id, para: w.para, header: true}
		var texts []string
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			if td.DataAtom == atom.Td {
				b.header = false
			}
			items := cellItems(td)
			// <br> parts a cell's lines: 町長 堀江 修平<br>副町長 杉浦 康夫.
			text := collapse(nodeTextLines(td))
			b.cells = append(b.cells, text)
			b.cellItems = append(b.cellItems, items)
			if text != "" {
				texts = append(texts, text)
			}
		}
		b.text = strings.Join(texts, " ")
		if b.text != "" {
			w.blocks = append(w.blocks, b)
		}
		w.para++
	}
}

// cellItems returns the list items of a table cell: its <li>s, or its lines
// when they carry bullet marks.
func cellItems(td *html.Node) []string {
	var items []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Li {
				if _, rest := splitMarker(collapse(nodeText(c))); rest != "" {
					items = append(items, rest)
				}
				continue
			}
			visit(c)
		}
	}
	visit(td)
	if len(items) > 0 {
		return items
	}
	var lines []string
	for _, line := range strings.Split(nodeTextLines(td), "\n") {
		if line = collapse(line); line != "" {
			lines = append(lines, line)
		}
		if m, rest := splitMarker(line); m != "" && rest != "" {
			items = append(items, rest)
		}
	}
	if len(items) == 0 && len(lines) >= 2 {
		// Items parted by <br> alone; only a column or row headed 内容
		// or 事項 reads them as agreed items.
		return lines
	}
	return items
}

func nodeText(n *html.Node) string {
	var sb strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return sb.String()
}

// nodeTextLines is nodeText with <br> and block elements as line breaks.
func nodeTextLines(n *html.Node) string {
	var sb strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(collapseSpaces(n.Data))
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Br || blockTags[n.DataAtom] || n.DataAtom == atom.Li) {
			sb.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return sb.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// parseText reads a plain-text release: one block per line, blank lines
// between paragraphs, bullet lines as list items.
func parseText(text string) *page {
	p := &page{}
	w := &walker{}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			w.para++
			continue
		}
		w.cur.WriteString(line)
		w.flush(blockPara)
	}
	p.blocks = classifyZones(numberLists(w.blocks, w.lists))
	// Leading bullet lines before the title are the page's categories, as
	// a newsroom's breadcrumb or tag list reads when copied as text.
	i := 0
	for i < len(p.blocks) && p.blocks[i].kind == blockItem {
		p.categories = append(p.categories, p.blocks[i].text)
		i++
	}
	p.blocks = p.blocks[i:]
	return p
}

// lineBlock turns a paragraph line that starts with a bullet or number into a
// list item, and a short ■… or 【…】 line into a pseudo-heading.
func lineBlock(b block) block {
	if h, ok := pseudoHeading(b.text); ok {
		b.marker, _ = splitMarker(b.text)
		if b.marker == "" {
			b.marker = string([]rune(b.text)[:1])
		}
		b.kind, b.level, b.text = blockHeading, 0, h
		return b
	}
	if m, rest := splitMarker(b.text); m != "" && rest != "" {
		b.kind, b.marker, b.text = blockItem, m, rest
	}
	return b
}

var (
	headingMarkRE = &guardedRE{
		re:       regexp.MustCompile(`^(?:[■◆□◇▼▽▶▷◎]\s*(.+)|【\s*([^】]+?)\s*】|[<＜〈]\s*([^>＞〉]+?)\s*[>＞〉])\s*$`),
		possible: startsWithRune("■◆□◇▼▽▶▷◎【<＜〈", false),
	}
	// Bullets and numbering that start a list item.
	markerRE = &guardedRE{
		re:       regexp.MustCompile(`^\s*(?:([・•●○◦▪▫‣⁃\-\*※✔✓☑✅]|[①-⑳]|[(（]\s*[0-9０-９一二三四五六七八九十]{1,2}\s*[)）]|[(（][ア-ンｱ-ﾝ][)）]|[(（](?:i{1,3}|iv|vi{0,3}|ix|x)[)）]|[0-9０-９]{1,2}\s*[.．)）]|[一二三四五六七八九十]、|[一二三四五六七八九十]{1,2}[ 　]|[ア-オ]\s*[.．)）]|[アイウエオ]　)\s*)(\S.*)$`),
		possible: startsWithRune("・•●○◦▪▫‣⁃-*※✔✓☑✅①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳(（0123456789０１２３４５６７８９一二三四五六七八九十ァアィイゥウェエォオ", true),
	}
)

// pseudoHeading recognises a short line used as a section heading.
func pseudoHeading(s string) (string, bool) {
	if !runesAtMost(s, 50) || strings.HasSuffix(s, "。") {
		return "", false
	}
	return headingText(s)
}

// headingText returns s without the marks that make a line a heading
// (■…, 【…】, <…>), and whether it had them.
func headingText(s string) (string, bool) {
	m := headingMarkRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	for _, g := range m[1:] {
		if g != "" {
			return strings.TrimSpace(g), true
		}
	}
	return "", false
}

// splitMarker splits a leading bullet or number off s. ※ notes and a number
// that begins a date ("1. 2018年") are not markers.
func splitMarker(s string) (marker, rest string) {
	m := markerRE.FindStringSubmatchIndex(s)
	if m == nil {
		return "", s
	}
	marker = strings.TrimSpace(s[m[2]:m[3]])
	if marker == "" {
		// The numeric alternatives are not in group 1.
		marker = strings.TrimSpace(s[:m[4]])
	}
	rest = strings.TrimSpace(s[m[4]:])
	if r, _ := utf8.DecodeRuneInString(s[m[3]:]); startsWithDigit(marker) && (unicode.IsDigit(r) || r == '.' || r == '．') {
		// 1.5倍, 2024.02.20: a number, not a marker. (The marker's own
		// character must stay out of it: １．地域… is item 地域….)
		return "", s
	}
	if marker == "※" {
		return "", s
	}
	if marker == "-" || marker == "*" {
		// Hyphens start dates and ranges too; only a hyphen followed by a
		// space is a bullet.
		if !strings.HasPrefix(strings.TrimLeft(s, " \t"), marker+" ") {
			return "", s
		}
	}
	return marker, rest
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

var (
	contactRE  = regexp.MustCompile(`^(?:本件に関する|報道関係者(?:から)?の|報道機関の|取材に関する|本リリースに関する|リリースに関する)?(?:お問い?合わ?せ|問い?合わ?せ|問合せ|取材のお申込み|報道関係者(?:$|[^各]))`) // (not 報道関係者各位, the salutation that opens a release)
	aboutRE    = aboutMatcher{}
	aboutNotRE = newLiterals("協定", "提携", "契約", "覚書", "連携", "共同研究", "合意", "締結", "調印", "MOU", "ＭＯＵ", "Memorandum", "ライセンス")
)

// aboutMatcher matches `(?:について|.の概要|会社概要|法人概要|団体概要|企業概要|会社案内|プロフィール)$|^参考$|^会社概要`:
// headings of the "about the company" sections. It is written out because
// the regexp, open at its start, tried every position of every heading.
type aboutMatcher struct{}

func (aboutMatcher) MatchString(s string) bool {
	for _, w := range []string{"について", "会社概要", "法人概要", "団体概要", "企業概要", "会社案内", "プロフィール"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	if rest, ok := strings.CutSuffix(s, "の概要"); ok && rest != "" {
		if r, _ := utf8.DecodeLastRuneInString(rest); r != '\n' {
			return true // . is any character but a newline
		}
	}
	return s == "参考" || strings.HasPrefix(s, "会社概要")
}

// titleLike: a heading ending in について that is a release's title
// (「…」に関するお知らせについて), not 株式会社…について.
func titleLike(t string) bool {
	rest, ok := strings.CutSuffix(t, "について")
	return ok && (utf8.RuneCountInString(rest) > 30 || strings.Contains(rest, "に関する") || strings.Contains(rest, "「"))
}

// numberLists gives bullet lines that came from paragraphs (not <ul>) a list
// id: one per run of consecutive items.
func numberLists(blocks []block, next int) []block {
	// "■…" lines are headings alone but bullets in a run: two or more in one
	// paragraph with the same mark are a list.
	for i := 0; i < len(blocks); {
		j := i
		for j < len(blocks) && blocks[j].kind == blockHeading && blocks[j].level == 0 && blocks[j].para == blocks[i].para && blocks[j].marker == blocks[i].marker && blocks[i].marker != "" && !strings.HasPrefix(blocks[i].marker, "【") {
			j++
		}
		mark := blocks[i].marker
		if j > i {
			// A long line of the run was left a paragraph: ■「…」を活用した…
			// (only short ■ lines read as headings).
			para := blocks[i].para
			markedPara := func(k int) bool {
				return k >= 0 && k < len(blocks) && blocks[k].kind == blockPara && blocks[k].para == para && strings.HasPrefix(blocks[k].text, mark)
			}
			for markedPara(i - 1) {
				i--
			}
			for markedPara(j) {
				j++
			}
		}
		if j-i >= 2 {
			for k := i; k < j; k++ {
				if blocks[k].kind == blockPara {
					blocks[k].marker = mark
					blocks[k].text = strings.TrimLeft(strings.TrimPrefix(blocks[k].text, mark), " 　")
				}
				blocks[k].kind, blocks[k].level = blockItem, 0
			}
			i = j
			continue
		}
		i++
	}
	// A change of mark starts another list: 2．連携事項 (a section) then
	// ・観光振興… (its items); a mark seen before in the same run of items
	// resumes its list: (1) … ・… (2) ….
	var run map[string]int // list ids by marker kind in the current run
	for i := range blocks {
		b := &blocks[i]
		if b.kind != blockItem {
			run = nil
			continue
		}
		if b.list != 0 {
			continue
		}
		k := markerKind(b.marker)
		if run == nil {
			run = map[string]int{}
		}
		if id, ok := run[k]; ok {
			b.list = id
			continue
		}
		next++
		run[k] = next
		b.list = next
	}
	return blocks
}

var romanMarkerRE = regexp.MustCompile(`^[(（][ivx]+[)）]$`)

// markerKind is a marker's style: its numbers made one (（1）, （2） →
// （9）), its bullet as it is.
func markerKind(m string) string {
	if romanMarkerRE.MatchString(m) {
		return "(i)" // (i), (ii), (iv)
	}
	k := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			return '9'
		case r >= '①' && r <= '⑳':
			return '①'
		case strings.ContainsRune("一二三四五六七八九十", r):
			return '一'
		case r >= 'ア' && r <= 'ン', r >= 'ｱ' && r <= 'ﾝ':
			return 'ア'
		}
		return r
	}, m)
	for strings.Contains(k, "99") { // 10. is 9.
		k = strings.ReplaceAll(k, "99", "9")
	}
	return k
}

// classifyZones marks the blocks that follow an お問い合わせ heading as
// contact, and the "about the company" sections as about.
func classifyZones(blocks []block) []block {
	z := zoneMain
	for i := range blocks {
		b := &blocks[i]
		head := b.kind == blockHeading || (b.kind == blockPara && runesAtMost(b.text, 30))
		if head {
			t := strings.Trim(b.text, "■◆【】<>＜＞〈〉 　:：")
			switch {
			case contactRE.MatchString(t):
				z = zoneContact
			case b.kind == blockHeading && b.level != 1 && aboutRE.MatchString(t) && !aboutNotRE.MatchString(t) && !titleLike(t):
				// (An <h1> is the release's title: 「…の締結について」.)
				z = zoneAbout
			case b.kind == blockHeading && b.level > 0 && z != zoneContact:
				z = zoneMain
			}
		}
		b.zone = z
	}
	return blocks
}

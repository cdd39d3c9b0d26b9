package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/extract/jpdate"
)

// Version names the extraction rules. Crawl state records it with each
// release, so that a run after an extractor change re-extracts what the old
// rules produced instead of calling it unchanged.
const Version = "2026.11.28-21"

// Extractor turns press-release pages into Releases. It is safe for
// concurrent use; build one and share it.
type Extractor struct {
	an *ja.Analyzer
	// tokens keeps the token arrays of finished extractions (*[]ja.Token):
	// they are the biggest allocation of one, about a hundred bytes a token.
	tokens sync.Pool
}

// New returns an Extractor that analyses text with an.
func New(an *ja.Analyzer) *Extractor {
	return &Extractor{an: an}
}

// Analyzer returns the analyser the extractor tokenizes with, which is the
// one queries must use too.
func (x *Extractor) Analyzer() *ja.Analyzer { return x.an }

// Input is one page to extract.
type Input struct {
	// URL identifies the release: its id is the SHA-256 of this URL.
	// Files use their file:// URL.
	URL string
	// Body is the raw page, in any charset.
	Body []byte
	// ContentType is the HTTP Content-Type, or "" for files.
	ContentType string
	// Text says Body is plain text rather than HTML (a .txt file).
	Text bool
	// Source is the configured source's name, "" for ad-hoc files.
	Source    string
	FetchedAt time.Time
	// Selectors, when set, are the site's own selectors for parts of its
	// article pages; each one given overrides the generic guess.
	Selectors *Selectors
}

// Selectors are CSS selectors (as goquery reads them) for the parts of one
// site's article pages. Empty fields keep the generic extraction.
type Selectors struct {
	// Title selects the release's title: the first match's text.
	Title string `json:"title,omitempty"`
	// Date selects the publication date: the first match's datetime (or
	// content) attribute, else its text (2024年3月1日, 令和6年3月1日, …).
	Date string `json:"date,omitempty"`
	// Body selects the article: the first match is read instead of the
	// element the generic rules would choose.
	Body string `json:"body,omitempty"`
}

// Terms are the Kagome index terms of a release's text fields, computed
// from the same tokens the extractors read.
type Terms struct {
	Title, Subtitle, Body []string
	// Items holds, for each of the release's agreements (in the order of
	// Release.Agreements), the terms of its agreed items.
	Items [][]string
}

// Result is an extracted release with its index terms.
type Result struct {
	Release *Release
	Terms   Terms
	// Charset is what the page was read as.
	Charset string
}

// ID returns the release id for a canonical URL.
func ID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:])
}

// Extract reads one page. Errors wrap ErrEmpty, ErrBinary, ErrTruncated or
// ErrNoRelease and say what is wrong with the input.
func (x *Extractor) Extract(in Input) (*Result, error) {
	dec, err := Decode(in.Body, in.ContentType)
	if err != nil {
		return nil, err
	}
	var p *page
	if in.Text {
		p = parseText(dec.Text)
	} else {
		if err := checkTruncated(dec.Text); err != nil {
			return nil, err
		}
		if p, err = parseHTML(dec.Text, in.Selectors); err != nil {
			return nil, fmt.Errorf("parse HTML: %w", err)
		}
	}
	ex := &extraction{
		x:         x,
		page:      p,
		orgs:      newOrgSet(),
		personOrg: map[string]*orgEntry{},
		signedAt:  map[*line][][2]int{},
	}
	res, err := ex.run()
	x.putTokens(ex.toks) // the result holds none of them
	if err != nil {
		return nil, err
	}
	// The lines NFKC changed, as the analysis normalized them: the body's
	// lines are mostly these, and the hash need not normalize them again.
	normalized := map[string]string{}
	for _, l := range ex.lines {
		if l.text != l.b.text && !strings.Contains(l.b.text, "\n") {
			normalized[l.b.text] = l.text
		}
	}
	r := res.Release
	r.URL = in.URL
	r.ID = ID(in.URL)
	r.Source = in.Source
	if !in.FetchedAt.IsZero() {
		r.FetchedAt = in.FetchedAt.UTC().Format(time.RFC3339)
	}
	r.ContentSHA256 = contentHash(r.Title, r.Body, normalized)
	res.Charset = dec.Charset
	return res, nil
}

// contentHash is the SHA-256 of ja.Normalize(title + "\n" + body), the
// text normalized a line at a time: NFKC never joins anything across a
// newline, and most lines need no change. normalized holds lines already
// normalized (raw → normalized).
func contentHash(title, body string, normalized map[string]string) string {
	h := sha256.New()
	io.WriteString(h, ja.Normalize(title))
	io.WriteString(h, "\n")
	for line := range strings.Lines(body) {
		text, nl := strings.CutSuffix(line, "\n")
		if n, ok := normalized[text]; ok {
			io.WriteString(h, n)
		} else {
			io.WriteString(h, ja.Normalize(text))
		}
		if nl {
			io.WriteString(h, "\n")
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// checkTruncated rejects a page cut off before its end: it opens <html> but
// neither </body> nor </html> closes it. A partial release would be indexed
// as if it were whole.
func checkTruncated(text string) error {
	head := text[:min(len(text), 4096)]
	if !hasHTMLOpen(head) {
		return nil
	}
	tail := text[max(0, len(text)-8192):]
	if containsFold(tail, "</html") || containsFold(tail, "</body") {
		return nil
	}
	return fmt.Errorf("%w: the page opens <html> but ends without </body> or </html> (last bytes %q); re-fetch or re-save it", ErrTruncated, lastBytes(text, 40))
}

// hasHTMLOpen is the regexp (?i)<html[\s>] written out: it ran over the
// first 4 KiB of every page.
func hasHTMLOpen(s string) bool {
	for i := 0; i+6 <= len(s); i++ {
		if s[i] != '<' || !strings.EqualFold(s[i+1:i+5], "html") {
			continue
		}
		switch s[i+5] {
		case ' ', '\t', '\n', '\f', '\r', '>':
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word w in
// any case, as strings.Contains(strings.ToLower(s), w) does without the
// copy (no other rune lower-cases to an ASCII letter of w).
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i] == w[0] && strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

func lastBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[1:]
	}
	return "…" + s
}

// extraction is the state of one Extract call.
type extraction struct {
	x     *Extractor
	page  *page
	lines []line
	toks  []ja.Token // the array behind the lines' tokens
	orgs  *orgSet

	people    []Person
	personOrg map[string]*orgEntry
	// spans of lines whose dates were used as signing dates
	signedAt map[*line][][2]int

	title, subtitle     string
	titleLine, subLine  int // -1 when not a block
	headerEnd           int // first block of the body
	published           jpdate.Date
	publishedLine       int
	publishedSpan       [2]int
	publishers          []*orgEntry
	mentions            [][]mention
	agreements          []*draft
	headerBlocks        map[int]bool
	categoriesFromTable []string
}

func (ex *extraction) run() (*Result, error) {
	ex.lines, ex.toks = ex.x.analyzeLines(ex.page.blocks)
	ex.titleLine, ex.subLine, ex.publishedLine = -1, -1, -1
	ex.headerBlocks = map[int]bool{}
	ex.findTitle()
	if ex.page.selTitle != "" {
		ex.selectedTitle(ex.page.selTitle)
	}
	if ex.title == "" {
		return nil, fmt.Errorf("%w: no title (no <h1>, og:title or <title>, or no text at all)", ErrNoRelease)
	}
	ex.findHeader()
	if ex.page.selDate != "" {
		ex.selectedDate(ex.page.selDate)
	}

	// Organizations first, over every line, so that an alias defined in the
	// lead (以下「LINK-J」) is known when the title and captions are read.
	ex.mentions = make([][]mention, len(ex.lines))
	for pass := 0; pass < 2; pass++ {
		for i := range ex.lines {
			if ex.lines[i].b.zone == zoneContact {
				continue
			}
			ex.mentions[i] = ex.scanOrgs(&ex.lines[i])
		}
	}
	ex.findPublishers()
	for i := range ex.lines {
		if ex.lines[i].b.zone == zoneContact {
			continue
		}
		ex.scanPeople(&ex.lines[i], ex.mentions[i])
	}
	ex.findAgreements()

	body := ex.bodyText()
	if len(body) < 20*utf8.UTFMax && utf8.RuneCountInString(body) < 20 {
		return nil, fmt.Errorf("%w: only %d characters of text after the header", ErrNoRelease, utf8.RuneCountInString(body))
	}
	r := &Release{
		Title:      ex.title,
		Subtitle:   ex.subtitle,
		Publishers: []string{},
		Categories: ex.categories(),
		Body:       body,
	}
	if ex.published.Precision != 0 {
		s := ex.published.String()
		r.Published = &s
	}
	for _, e := range ex.publishers {
		r.Publishers = appendUnique(r.Publishers, e.root().key)
	}
	ex.orgs.dropPeople(ex.people)
	r.Organizations = ex.orgs.organizations()
	if r.Organizations == nil {
		r.Organizations = []Organization{}
	}
	var itemTerms [][]string
	r.Agreements, itemTerms = ex.finalAgreements()
	r.People = ex.finalPeople()
	r.Dates = ex.dateMentions()
	t := ex.terms()
	t.Items = itemTerms
	return &Result{Release: r, Terms: t}, nil
}

var (
	subtitleRE = regexp.MustCompile(`^\s*[~〜～―—－\-‐]+\s*(.+?)\s*[~〜～―—－\-‐]+\s*$`)
	// A sub-heading inside the title: 本文 〜副題〜.
	titleSubRE = regexp.MustCompile(`^(.+?)\s*([~〜～―—]\s*.+?\s*[~〜～―—])\s*$`)
	// The separators of a <title>'s parts: page | site, page - site.
	docTitleSepRE = regexp.MustCompile(`\s*[|｜]\s*|\s+[-–—]\s+`)
)

// findTitle takes the article heading: the first <h1> with text, else the
// first substantial heading, else og:title or <title> without its site name.
func (ex *extraction) findTitle() {
	pick := -1
	for i, b := range ex.page.blocks {
		if b.kind == blockHeading && b.level == 1 && utf8.RuneCountInString(b.text) >= 6 && !ex.isSiteName(b.text) {
			pick = i
			break
		}
	}
	if pick < 0 {
		for i, b := range ex.page.blocks {
			if b.kind == blockHeading && b.level >= 1 && b.level <= 3 && utf8.RuneCountInString(b.text) >= 10 {
				pick = i
				break
			}
			if i > 30 {
				break
			}
		}
	}
	if pick < 0 {
		// No heading: a short line just above the date line (本社事務所移転の
		// お知らせ / 掲載日:平成30年5月9日) is the title of old table layouts.
		for i, b := range ex.page.blocks {
			if i > 40 {
				break
			}
			if i == 0 || !dateLine(b.text) {
				continue
			}
			prev := ex.page.blocks[i-1]
			if n := utf8.RuneCountInString(prev.text); prev.kind == blockPara && n >= 6 && n <= 60 && !strings.Contains(prev.text, "。") && !dateLine(prev.text) && !strings.ContainsAny(prev.text, "|｜") {
				pick = i - 1
			}
			break
		}
	}
	if pick < 0 && ex.page.title == "" && len(ex.page.blocks) > 0 {
		// Plain text: the first line is the title.
		for i, b := range ex.page.blocks {
			if b.kind == blockPara || b.kind == blockHeading {
				pick = i
				break
			}
		}
	}
	if pick >= 0 {
		ex.titleLine = pick
		ex.title = ex.page.blocks[pick].text
		ex.headerBlocks[pick] = true
	} else {
		ex.title = cleanDocTitle(ex.page.title)
	}
	// A sub-heading inside the title or on the next line.
	if m := titleSubRE.FindStringSubmatch(ex.title); m != nil {
		ex.title = m[1]
		ex.subtitle = subtitleRE.FindStringSubmatch(m[2])[1]
	}
	start := 0
	if pick >= 0 {
		start = pick + 1
	}
	for i := start; i < len(ex.page.blocks) && i < start+3; i++ {
		b := ex.page.blocks[i]
		if m := subtitleRE.FindStringSubmatch(b.text); m != nil && ex.subtitle == "" && !dateLine(b.text) {
			ex.subtitle = m[1]
			ex.subLine = i
			ex.headerBlocks[i] = true
			break
		}
	}
}

// selectedTitle takes the title a site's selector picked, and its block
// when one reads the same.
func (ex *extraction) selectedTitle(t string) {
	if ex.titleLine >= 0 {
		delete(ex.headerBlocks, ex.titleLine)
	}
	ex.title, ex.subtitle, ex.titleLine, ex.subLine = t, "", -1, -1
	for i, b := range ex.page.blocks {
		if b.text == t {
			ex.titleLine = i
			ex.headerBlocks[i] = true
			break
		}
	}
	if m := titleSubRE.FindStringSubmatch(ex.title); m != nil {
		ex.title = m[1]
		ex.subtitle = subtitleRE.FindStringSubmatch(m[2])[1]
	}
}

// selectedDate takes the publication date a site's selector picked: an
// ISO date from a datetime attribute, or a Japanese date in its text.
func (ex *extraction) selectedDate(s string) {
	var d jpdate.Date
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		d = jpdate.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: jpdate.Day}
	} else if t, err := time.Parse("2006-01-02", s[:min(len(s), 10)]); err == nil {
		d = jpdate.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: jpdate.Day}
	} else {
		for _, m := range jpdate.Find(ja.Normalize(s)) {
			if m.Date.Precision == jpdate.Day && m.Date.HasYear() {
				d = m.Date
				break
			}
		}
	}
	if d.Precision == 0 {
		return // unreadable: keep what the generic rules found
	}
	ex.published, ex.publishedLine = d, -1
	for i := range ex.lines {
		for _, m := range jpdate.Find(ex.lines[i].text) {
			if m.Date == d {
				ex.publishedLine, ex.publishedSpan = i, [2]int{m.Start, m.End}
				ex.headerBlocks[i] = true
				return
			}
		}
	}
}

func (ex *extraction) isSiteName(s string) bool {
	t := ex.page.title
	return t != "" && (strings.HasSuffix(t, s) && !strings.HasPrefix(t, s)) && utf8.RuneCountInString(s) < 20
}

// cleanDocTitle drops the site and section names that <title> carries.
func cleanDocTitle(t string) string {
	parts := docTitleSepRE.Split(t, -1)
	best := ""
	for _, p := range parts {
		if utf8.RuneCountInString(p) > utf8.RuneCountInString(best) {
			best = p
		}
	}
	return trimSpace(best)
}

var (
	dateLabelRE      = regexp.MustCompile(`^(?:発表日|公開日|掲載日|更新日|日付|リリース日|配信日時?|発行日|公表日|報道発表日|投稿日|作成日|最終更新日)\s*[:：]?\s*`)
	fieldRE          = regexp.MustCompile(`^(発表日|公開日|掲載日|日付|リリース日|配信日|発行日|公表日|発表者|発信者|発信元|発表元|配信元|配信者|発行者|会社名|企業名|団体名|法人名|機関名|提供元|分類|カテゴリー?|ジャンル|担当課|担当部署|担当|所管課|資料提供)\s*[:：]?\s*(.*)$`)
	publisherFieldRE = regexp.MustCompile(`^(?:発表者|発信者|発信元|発表元|配信元|配信者|発行者|会社名|企業名|団体名|法人名|機関名|提供元|資料提供)$`)
)

// dateLine reports whether a short line is a date and little else.
func dateLine(s string) bool {
	s = dateLabelRE.ReplaceAllString(trimSpace(s), "")
	ms := jpdate.Find(ja.Normalize(s))
	if len(ms) == 0 || ms[0].Date.Precision != jpdate.Day || !ms[0].Date.HasYear() {
		return false
	}
	rest := strings.Replace(ja.Normalize(s), ms[0].Text, "", 1)
	return utf8.RuneCountInString(trimSpace(rest)) <= 16 && !strings.Contains(rest, "。")
}

// findHeader reads the blocks between the title and the lead: the date, and
// field rows (発表日 | …, 発表者 | …) of municipal and IR layouts. The header
// ends at the first paragraph that reads as running text.
func (ex *extraction) findHeader() {
	start := 0
	if ex.titleLine >= 0 {
		start = ex.titleLine + 1
	}
	// The date and issuers may stand just before the title too.
	from := max(0, start-4)
	if ex.titleLine < 0 {
		from = 0
	}
	end := len(ex.lines)
	for i := start; i < len(ex.lines); i++ {
		if runningText(ex.lines[i].b) {
			end = i
			break
		}
		// 藤見大学と包括連携協定を締結, then <h2>協定の概要</h2> and its table:
		// a short lead, then the body's first section.
		if i == start {
			continue
		}
		if b, p := ex.lines[i].b, ex.lines[i-1].b; b.kind == blockHeading && b.level >= 2 && p.kind == blockPara && p.para != b.para && leadLine(ex.lines[i-1].text) {
			end = i - 1
			break
		}
	}
	ex.headerEnd = end
	for i := from; i < end; i++ {
		l := &ex.lines[i]
		if i == ex.titleLine || i == ex.subLine {
			continue
		}
		text := l.text
		if l.b.kind == blockRow && len(l.b.cells) >= 2 {
			if m := fieldRE.FindStringSubmatch(ja.Normalize(l.b.cells[0])); m != nil {
				ex.headerField(i, m[1], ja.Normalize(strings.Join(l.b.cells[1:], " ")))
				continue
			}
		}
		if m := fieldRE.FindStringSubmatch(text); m != nil && m[2] != "" {
			ex.headerField(i, m[1], m[2])
			continue
		}
		if ex.publishedLine < 0 && dateLine(text) {
			ex.setPublished(i)
		}
	}
	if ex.publishedLine < 0 {
		ex.publishedFallback()
	}
}

func (ex *extraction) headerField(i int, name, value string) {
	ex.headerBlocks[i] = true
	switch {
	case strings.HasSuffix(name, "日") || strings.HasPrefix(name, "日付") || strings.HasPrefix(name, "配信"):
		if ex.publishedLine < 0 || strings.HasPrefix(name, "発表") || strings.HasPrefix(name, "公") {
			ex.setPublished(i)
		}
	case strings.HasPrefix(name, "分類") || strings.HasPrefix(name, "カテゴリ") || name == "ジャンル":
		ex.categoriesFromTable = append(ex.categoriesFromTable, splitCategories(value)...)
	}
}

func splitCategories(value string) []string {
	return strings.FieldsFunc(value, func(r rune) bool { return r == ' ' || r == '、' || r == ',' || r == '/' })
}

func (ex *extraction) setPublished(i int) {
	l := &ex.lines[i]
	for _, m := range jpdate.Find(l.text) {
		if m.Date.Precision == jpdate.Day && m.Date.HasYear() {
			ex.published = m.Date
			ex.publishedLine = i
			ex.publishedSpan = [2]int{m.Start, m.End}
			ex.headerBlocks[i] = true
			return
		}
	}
}

// publishedFallback uses <meta>/<time>, else the first full date near the
// top of the article.
func (ex *extraction) publishedFallback() {
	if md := ex.page.metaDate; md != "" {
		if t, err := time.Parse(time.RFC3339, md); err == nil {
			ex.published = jpdate.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: jpdate.Day}
			return
		}
		if len(md) >= 10 {
			if t, err := time.Parse("2006-01-02", md[:10]); err == nil {
				ex.published = jpdate.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: jpdate.Day}
				return
			}
		}
	}
	for i := range ex.lines {
		if i > ex.headerEnd+2 {
			break
		}
		for _, m := range jpdate.Find(ex.lines[i].text) {
			if m.Date.Precision == jpdate.Day && m.Date.HasYear() {
				ex.published = m.Date
				ex.publishedLine = i
				ex.publishedSpan = [2]int{m.Start, m.End}
				return
			}
		}
	}
}

// leadLine: a short lead that announces an agreement in a headline's words
// (藤見大学と包括連携協定を締結), with no date or field in it.
func leadLine(s string) bool {
	return labelRE.MatchString(s) && conclRE.MatchString(s) && !strings.ContainsAny(s, ":：") && len(jpdate.Find(s)) == 0
}

// runningText: a paragraph of sentences, where the header has ended.
func runningText(b *block) bool {
	if b.kind != blockPara {
		return false
	}
	n := utf8.RuneCountInString(b.text)
	return n > 60 || (n > 25 && (strings.Contains(b.text, "。") || strings.Contains(b.text, "は、")))
}

// findPublishers takes the organizations named alone on header lines (one a
// line, under the date), on byline lines that open with the date (2023年4月1日
// 株式会社… 広報チーム), and in 発表者 fields; failing those, the organization
// in charge (担当 川瀬台市 危機管理課), else the subject of the lead sentence.
func (ex *extraction) findPublishers() {
	from := 0
	if ex.titleLine >= 0 {
		from = max(0, ex.titleLine-4)
	}
	var inCharge []string
	for i := from; i < ex.headerEnd; i++ {
		l := &ex.lines[i]
		if i == ex.titleLine || i == ex.subLine || l.b.kind == blockHeading && l.b.level > 0 && l.b.level <= 1 {
			continue
		}
		text := l.text
		if l.b.kind == blockRow && len(l.b.cells) >= 2 {
			m := fieldRE.FindStringSubmatch(ja.Normalize(l.b.cells[0]))
			if m != nil && inChargeFieldRE.MatchString(m[1]) {
				inCharge = append(inCharge, ja.Normalize(strings.Join(l.b.cells[1:], " ")))
				continue
			}
			if m == nil || !publisherFieldRE.MatchString(m[1]) {
				// 日付 | 発行者名: a row that opens with the date is a byline.
				if dateLine(l.b.cells[0]) {
					ex.bylineOrgs(i)
				}
				continue
			}
			text = ja.Normalize(strings.Join(l.b.cells[1:], " "))
			ex.addPublishersFrom(text)
			continue
		}
		if !runesAtMost(text, 80) || strings.Contains(text, "。") {
			continue
		}
		// 2025年1月9日 発表元:株式会社… or 掲載日:… | 発表者:…: a field
		// after the date or after another field.
		for _, part := range splitTop(afterDate(text), " | ", "|", " / ") {
			if m := fieldRE.FindStringSubmatch(trimSpace(part)); m != nil && m[2] != "" {
				switch {
				case publisherFieldRE.MatchString(m[1]):
					ex.addPublishersFrom(m[2])
				case inChargeFieldRE.MatchString(m[1]):
					inCharge = append(inCharge, m[2])
				case part != text && (strings.HasPrefix(m[1], "分類") || strings.HasPrefix(m[1], "カテゴリ") || m[1] == "ジャンル"):
					// 掲載日:… | カテゴリー:創業支援
					ex.categoriesFromTable = append(ex.categoriesFromTable, splitCategories(m[2])...)
				}
			}
		}
		if ex.wholeLineOrgs(i) || ex.bylineOrgs(i) {
			ex.headerBlocks[i] = true
		}
	}
	if len(ex.publishers) == 0 {
		for _, v := range inCharge {
			ex.addFirstPublisher(v)
		}
	}
	if len(ex.publishers) == 0 {
		ex.leadSubject()
	}
	if len(ex.publishers) == 0 {
		// A municipality's own site (…／楡原町ホームページ) where no line
		// names the issuer: the municipality.
		if e := ex.siteOrg(); e != nil && municipalName(e.name) {
			ex.addPublisher(e)
		}
	}
}

var (
	// Fields that name the office in charge, whose organization issued the
	// release when no field names the issuer itself.
	inChargeFieldRE = regexp.MustCompile(`^(?:担当|担当課|担当部署|所管課)$`)
	// Department words after an issuer's name: 商工労働部 産業政策課,
	// 広報チーム, 中小企業相談所.
	departmentRE = regexp.MustCompile(`^[^\s]{0,20}(?:部|課|室|係|局|所|センター|チーム|グループ|本部|事務局|担当|広報|支店|支社)$`)
	// The time after a date: 11時00分, 10:00.
	clockRE = regexp.MustCompile(`^\s*(?:\(\S{1,3}\)\s*)?(?:[0-9]{1,2}時(?:[0-9]{1,2}分)?|[0-9]{1,2}:[0-9]{2})?\s*`)
)

// afterDate returns text without a leading date, its weekday and its time.
func afterDate(text string) string {
	ms := jpdate.Find(text)
	if len(ms) == 0 || ms[0].Start != 0 {
		if m := dateLabelRE.FindStringIndex(text); m != nil {
			if ms := jpdate.Find(text[m[1]:]); len(ms) > 0 && ms[0].Start == 0 {
				text = text[m[1]:]
				return text[ms[0].End+len(clockRE.FindString(text[ms[0].End:])):]
			}
		}
		return text
	}
	return text[ms[0].End+len(clockRE.FindString(text[ms[0].End:])):]
}

// bylineOrgs takes the organization that follows the date at the start of
// a header line: 2023年4月1日(土) 株式会社アグリノーツ 広報チーム.
func (ex *extraction) bylineOrgs(i int) bool {
	l := &ex.lines[i]
	rest := afterDate(l.text)
	if rest == l.text {
		return false
	}
	at := len(l.text) - len(rest)
	found := false
	for _, m := range ex.mentions[i] {
		if m.start < at {
			continue
		}
		// The first name right after the date, and names joined to it
		// (2024年3月1日 株式会社A / 株式会社B).
		if strings.Trim(l.text[at:m.start], " ・/,、&＆") != "" {
			break
		}
		ex.addPublisher(m.e)
		found = true
		at = m.end
	}
	return found
}

// addFirstPublisher adds the first organization of an office's name.
func (ex *extraction) addFirstPublisher(text string) {
	if _, ms := ex.scanText(text); len(ms) > 0 {
		ex.addPublisher(ms[0].e)
	}
}

// wholeLineOrgs adds the organizations of a header line made of nothing
// but organization names (and a representative's title and name, or the
// issuing department: 水城県 商工労働部 産業政策課). A corporation followed
// by the institution it runs (医療法人社団青嶺会 青嶺記念病院) is one issuer.
func (ex *extraction) wholeLineOrgs(i int) bool {
	l := &ex.lines[i]
	ms := ex.mentions[i]
	if len(ms) == 0 {
		return ex.municipalLine(l.text)
	}
	rest := l.text
	for k := len(ms) - 1; k >= 0; k-- {
		rest = rest[:ms[k].start] + " " + rest[ms[k].end:]
	}
	// (東証プライム:1234), (本社:…): remarks on the name.
	rest = trimSpace(dropParens(countryMarkRE.ReplaceAllString(rest, "")))
	// Allow "代表取締役社長 山田太郎" after the name and separators.
	if name, _, ok := titledName(rest); ok {
		rest = strings.Replace(rest[len(titleAt(rest, 0)):], name, "", 1)
	}
	rest = strings.Trim(rest, " ・/,、&と及びおよ()")
	dept := false
	if utf8.RuneCountInString(rest) > 2 {
		// The issuing office after the name: every remaining word is a
		// department (and a parenthesised phone number).
		words := strings.Fields(rest)
		if len(words) == 0 || !departments(words) {
			return false
		}
		dept = true
	}
	if dept && ms[0].start > 0 {
		return false // the office must follow the issuer's name
	}
	for k, m := range ms {
		if k > 0 && runsInstitution(ms[k-1].e, m.e) && trimSpace(l.text[ms[k-1].end:m.start]) == "" {
			ex.orgs.alias(ms[k-1].e, m.e.root().name)
			continue
		}
		if dept && k > 0 {
			break
		}
		ex.addPublisher(m.e)
	}
	return true
}

// municipalLine takes the issuer of a line such as 鶴見原市 企画政策課
// whose municipality the name rules did not recognise.
func (ex *extraction) municipalLine(text string) bool {
	words := strings.Fields(dropParens(text))
	if len(words) == 0 || !municipalName(words[0]) {
		return false
	}
	for _, w := range words[1:] {
		if !departmentRE.MatchString(w) {
			return false
		}
	}
	if e := ex.orgs.add(words[0]); e != nil {
		ex.addPublisher(e)
		return true
	}
	return false
}

// runsInstitution: a medical, school or welfare corporation followed by a
// hospital, school or facility it runs.
func runsInstitution(corp, inst *orgEntry) bool {
	c, n := corp.root().name, inst.root().name
	if corp.root() == inst.root() {
		return false
	}
	// 地方独立行政法人霧生市病院機構 霧生市民病院: a hospital agency too.
	if !(strings.Contains(c, "医療法人") || strings.Contains(c, "学校法人") || strings.Contains(c, "社会福祉法人") || strings.Contains(c, "独立行政法人")) {
		return false
	}
	for _, suf := range []string{"病院", "医院", "クリニック", "診療所", "大学", "学院", "学園", "学校", "園", "センター"} {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}

// departments reports whether every word names a department (広報部,
// 生活安全企画課).
func departments(words []string) bool {
	for _, w := range words {
		if !departmentRE.MatchString(w) {
			return false
		}
	}
	return true
}

func (ex *extraction) addPublishersFrom(text string) {
	words := strings.Fields(text)
	if len(words) > 0 && departments(words) && !strings.ContainsAny(words[0], "都道府県市区町村") {
		// 発表者 | 産業労働部 企業立地推進課: departments only, no place
		// or body named (not 霧峰県警察本部 …); their organization is the
		// site's (…／鴇田県).
		if e := ex.siteOrg(); e != nil {
			ex.addPublisher(e)
			return
		}
	}
	// 霧峰県警察本部 生活安全部 生活安全企画課: the organization, then its
	// departments, parted by spaces.
	if len(words) >= 2 && departments(words[1:]) {
		text = words[0]
	}
	_, ms := ex.scanText(text)
	for _, m := range ms {
		ex.addPublisher(m.e)
	}
	if len(ex.publishers) == 0 {
		if e := ex.orgs.add(text); e != nil && utf8.RuneCountInString(text) <= 40 {
			ex.addPublisher(e)
		}
	}
}

func (ex *extraction) addPublisher(e *orgEntry) {
	e = e.root()
	for _, p := range ex.publishers {
		if p.root() == e {
			return
		}
	}
	ex.publishers = append(ex.publishers, e)
}

func (ex *extraction) isPublisher(e *orgEntry) bool {
	e = e.root()
	for _, p := range ex.publishers {
		if p.root() == e {
			return true
		}
	}
	return false
}

// leadSubject takes the organizations before the first は of the lead.
func (ex *extraction) leadSubject() {
	for i := ex.headerEnd; i < len(ex.lines) && i < ex.headerEnd+3; i++ {
		l := &ex.lines[i]
		if l.b.kind != blockPara {
			continue
		}
		for _, s := range sentences(l) {
			topic := topicAt(l, s)
			if topic < 0 {
				continue
			}
			// 当センターでは、…: the writer speaks of itself; the site whose
			// page it is, named in <title>, is the issuer.
			if selfSubjectRE.MatchString(trimSpace(l.text[s.start:topic])) {
				if e := ex.siteOrg(); e != nil {
					ex.addPublisher(e)
					return
				}
			}
			// 「水城県と株式会社水城銀行は」: the issuer names itself first.
			for _, m := range ex.mentions[i] {
				if m.start >= s.start && m.end <= topic && !ex.insideParen(l, m.start) {
					ex.addPublisher(m.e)
					break
				}
			}
			// 鶴見原市は、…: a municipality the name rules did not take.
			if subj := trimSpace(l.text[s.start:topic]); len(ex.publishers) == 0 && municipalName(subj) {
				if e := ex.orgs.add(subj); e != nil {
					ex.addPublisher(e)
				}
			}
			if len(ex.publishers) > 0 {
				return
			}
		}
	}
}

// siteSepRE parts a <title>'s site name from the page's: docTitleSepRE's
// separators and slashes.
var siteSepRE = regexp.MustCompile(`\s*[|｜／]\s*|\s+[-–—/]\s+`)

// selfSubjectRE: the writer naming itself as a sentence's subject.
var selfSubjectRE = regexp.MustCompile(`^(?:当|本|弊)(?:社|センター|協会|会|学|法人|機構|財団|行|金庫|院|組合|研究所|館|団|グループ)(?:で|に?おいて)?$`)

// siteOrg returns the organization <title> names beside the release's
// title (…｜一般財団法人葦沢湖水環境センター), when that part is a name and
// nothing else.
func (ex *extraction) siteOrg() *orgEntry {
	parts := siteSepRE.Split(ex.page.docTitle, -1)
	if len(parts) < 2 {
		return nil
	}
	title := cleanDocTitle(ex.page.docTitle)
	for _, p := range parts {
		p = ja.Normalize(trimSpace(p))
		if p == "" || p == ja.Normalize(title) {
			continue
		}
		// 宵浜県ホームページ, …公式サイト: the site of the organization.
		for _, w := range []string{"公式ホームページ", "ホームページ", "公式ウェブサイト", "ウェブサイト", "公式サイト", "Webサイト", "WEBサイト", "サイト"} {
			if q, ok := strings.CutSuffix(p, w); ok && q != "" {
				p = trimSpace(q)
				break
			}
		}
		if _, ms := ex.scanText(p); len(ms) == 1 && ms[0].start == 0 && ms[0].end == len(p) {
			return ms[0].e
		}
		if municipalName(p) {
			return ex.orgs.add(p)
		}
	}
	return nil
}

// topicAt returns the offset of a sentence's first topic or subject
// particle (は, or が when there is no は) outside parentheses, or -1.
func topicAt(l *line, s sentence) int {
	ga := -1
	for _, t := range l.toks {
		if t.Start < s.start || t.End > s.end || t.POS != "助詞" {
			continue
		}
		if (t.Surface == "は" || t.Surface == "では") && !l.insideParenAt(t.Start) {
			return t.Start
		}
		if t.Surface == "が" && ga < 0 && !l.insideParenAt(t.Start) {
			ga = t.Start
		}
	}
	return ga
}

// insideParenAt is insideParenAt(l.text, off), from depths computed once
// per line.
func (l *line) insideParenAt(off int) bool {
	if !l.quotesOK {
		l.quotes, l.quotesOK = quoteDepths(l.text), true
	}
	return depthAt(l.quotes, off) > 0
}

// depthAt is the depth in force at off, given where it changes.
func depthAt(changes []parenDepth, off int) int {
	depth := 0
	for _, c := range changes {
		if c.at >= off {
			break
		}
		depth = c.depth
	}
	return depth
}

// quoteDepths lists where the depth of parentheses and quotes, as
// insideParenAt counts them, changes in text.
func quoteDepths(text string) []parenDepth {
	var out []parenDepth
	depth := 0
	for i, r := range text {
		switch r {
		case '(', '「', '『':
			depth++
		case ')', '」', '』':
			if depth == 0 {
				continue
			}
			depth--
		default:
			continue
		}
		out = append(out, parenDepth{i, depth})
	}
	return out
}

// insideParenAt reports whether byte off of text is inside parentheses or
// quotes: 「…」, 『…』, (…).
func insideParenAt(text string, off int) bool {
	depth := 0
	for i, r := range text {
		if i >= off {
			break
		}
		switch r {
		case '(', '「', '『':
			depth++
		case ')', '」', '』':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth > 0
}

func (ex *extraction) categories() []string {
	cats := ex.page.categories
	if len(cats) == 0 {
		cats = ex.categoriesFromTable
	}
	if len(cats) == 0 {
		cats = ex.categoryFields()
	}
	if cats == nil {
		return nil
	}
	out := make([]string, 0, len(cats))
	for _, c := range cats {
		out = appendUniqueString(out, trimSpace(c))
	}
	return out
}

// categoryFields reads a カテゴリ or 分類 row anywhere in the article, as
// PR wires list their facets under the body (カテゴリ | 物流・運輸 海外進出).
func (ex *extraction) categoryFields() []string {
	for i := range ex.lines {
		b := ex.lines[i].b
		if b.kind != blockRow || len(b.cells) < 2 {
			continue // (facets may follow the contact block)
		}
		if m := fieldRE.FindStringSubmatch(ja.Normalize(b.cells[0])); m != nil && m[2] == "" && (strings.HasPrefix(m[1], "分類") || strings.HasPrefix(m[1], "カテゴリ") || m[1] == "ジャンル") {
			return splitCategories(ja.Normalize(strings.Join(b.cells[1:], " ")))
		}
	}
	return nil
}

func appendUniqueString(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// bodyText is the article without its header: paragraphs separated by blank
// lines, list items marked, table rows with their cells.
func (ex *extraction) bodyText() string {
	var sb strings.Builder
	prevPara := -1
	for i, b := range ex.page.blocks {
		// The body starts with the lead: the header (title, date, issuers,
		// PDF links, issuer tables) has its own fields.
		if ex.headerBlocks[i] || i < ex.headerEnd {
			continue
		}
		if sb.Len() > 0 {
			if b.para == prevPara {
				sb.WriteByte('\n')
			} else {
				sb.WriteString("\n\n")
			}
		}
		prevPara = b.para
		switch b.kind {
		case blockItem:
			sb.WriteString(b.marker)
			if !strings.HasSuffix(b.marker, "・") {
				sb.WriteByte(' ')
			}
			sb.WriteString(b.text)
		case blockRow:
			for k, c := range b.cells {
				if k > 0 {
					sb.WriteString(" | ")
				}
				sb.WriteString(c)
			}
		default:
			sb.WriteString(b.text)
		}
	}
	return sb.String()
}

// terms derives the index terms from the tokens the extractors read.
func (ex *extraction) terms() Terms {
	var t Terms
	// Twice over the lines: first to count, so that each list is made once.
	for pass := range 2 {
		var n [3]int
		for i := range ex.lines {
			l := &ex.lines[i]
			k := 2
			switch {
			case i == ex.titleLine:
				k = 0
			case i == ex.subLine:
				k = 1
			case ex.headerBlocks[i]:
				continue
			}
			dst := [3]*[]string{&t.Title, &t.Subtitle, &t.Body}[k]
			for _, tok := range l.toks {
				if tok.Term == "" {
					continue
				}
				if pass == 0 {
					n[k]++
				} else {
					*dst = append(*dst, tok.Term)
				}
			}
		}
		if pass == 0 {
			for k, dst := range [3]*[]string{&t.Title, &t.Subtitle, &t.Body} {
				if n[k] > 0 {
					*dst = make([]string, 0, n[k])
				}
			}
		}
	}
	// Titles that are not blocks (og:title) and sub-headings inside the
	// title need their own, short, analysis.
	if ex.titleLine < 0 || ex.subtitle != "" && ex.subLine < 0 {
		t.Title = ex.x.an.Terms(ex.title)
		if ex.subtitle != "" && ex.subLine < 0 {
			t.Subtitle = ex.x.an.Terms(ex.subtitle)
		}
	}
	return t
}

// dateMentions lists every date of the article, resolved against the
// publication date, with its role.
func (ex *extraction) dateMentions() []DateMention {
	out := []DateMention{}
	for i := range ex.lines {
		l := &ex.lines[i]
		if l.b.zone == zoneContact {
			continue
		}
		for _, m := range jpdate.Find(l.text) {
			d := m.Date
			if ex.published.Precision != 0 {
				d = d.Resolve(ex.published)
			}
			if !d.HasYear() {
				continue
			}
			role := RoleOther
			switch {
			case i == ex.publishedLine && m.Start == ex.publishedSpan[0]:
				role = RolePublished
			case ex.usedAsSigned(l, m.Start, m.End):
				role = RoleSigned
			}
			out = append(out, DateMention{Text: m.Text, Value: d.String(), Role: role})
		}
	}
	return out
}

func (ex *extraction) usedAsSigned(l *line, start, end int) bool {
	for _, s := range ex.signedAt[l] {
		if s[0] == start && s[1] == end {
			return true
		}
	}
	return false
}

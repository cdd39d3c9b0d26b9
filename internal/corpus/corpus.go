// Package corpus generates synthetic Japanese press releases for benchmarks:
// companies, municipalities, universities, associations, institutes and
// hospitals announcing agreements with one another, with dates, agreement
// kinds, agreed items, people and vocabulary well beyond the fixtures.
//
// Release i of a Generator depends on the seed and i only, so any release can
// be made alone, in any order, on any goroutine, and the same seed gives the
// same corpus everywhere. Each release comes three ways: as the record an
// extractor should produce (Release), as the HTML page a crawler would fetch
// (Page: three site layouts, UTF-8, Shift_JIS and EUC-JP), and, to fill an
// index fast without extraction, as an index.Doc whose terms come from the
// same analyser queries use (Doc).
//
//	g := corpus.New(1)
//	for i := range 100_000 {
//		doc := g.Doc(an, i) // or g.Page(i).HTML for an ingest benchmark
//		...
//	}
//
// The organizations are drawn from a fixed population with a skew, so some
// are hubs with many partners, as in real newsrooms. Every name is fictional;
// URLs use the reserved .example domain.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

// Version changes whenever the same seed would give different releases or
// pages; caches of generated corpora key on it. Version 2: EUC-JP and
// Shift_JIS pages write ～ for 〜 instead of a control byte.
const Version = 2

// Generator makes release i of a corpus. It is safe for concurrent use.
type Generator struct {
	seed uint64
}

// New returns the generator of the corpus of seed.
func New(seed uint64) *Generator { return &Generator{seed: seed} }

// Page is one release as a web page.
type Page struct {
	URL string
	// HTML is the page in Charset (utf-8, shift_jis or euc-jp), declared in
	// a meta tag as real sites do.
	HTML    []byte
	Charset string
}

// Organization kinds a release can be issued by.
const (
	company     = extract.KindCompany
	government  = extract.KindGovernment
	university  = extract.KindUniversity
	association = extract.KindAssociation
	institute   = extract.KindResearchInstitute
	hospital    = extract.KindHospital
)

type org struct {
	name, key, kind string
	alias           string
	repTitle        string
	field           string
	pref, city      string
	domain          string
}

// spec is everything chosen for one release; Release and Page both render it.
type spec struct {
	i         int
	pub       org
	partners  []org
	kind      string
	label     string
	theme     theme
	items     []string
	published time.Time
	signed    *time.Time
	pubRep    person
	partReps  []person
	title     string
	subtitle  string
	layout    int
	charset   string
	heading   string
	bullet    int
	estYear   int
	url       string
	paras     []string // body paragraphs before the items
	after     []string // body paragraphs after the items
}

type person struct{ name, title, org string }

func (g *Generator) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(i)*0x9E3779B97F4A7C15+1))
}

// skewed picks an index in [0, n): low indices far more often, so a few
// organizations become hubs.
func skewed(r *rand.Rand, n int) int {
	return min(n-1, int(float64(n)*math.Pow(r.Float64(), 2.2)))
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// weighted picks a key by weight.
func weighted(r *rand.Rand, choices ...any) string {
	total := 0.0
	for i := 1; i < len(choices); i += 2 {
		total += choices[i].(float64)
	}
	x := r.Float64() * total
	for i := 0; i < len(choices); i += 2 {
		x -= choices[i+1].(float64)
		if x < 0 {
			return choices[i].(string)
		}
	}
	return choices[len(choices)-2].(string)
}

// orgOf is organization idx of a kind: the population is fixed, so the
// same organization comes back in many releases.
func orgOf(kind string, idx int) org {
	np := len(namePrefixes)
	prefix := namePrefixes[idx%np]
	pl := places[idx%len(places)]
	o := org{kind: kind, pref: pl.pref, city: pl.city}
	switch kind {
	case company:
		sec := companySectors[(idx/np)%len(companySectors)]
		base := prefix + sec.name
		if (idx/7)%2 == 0 {
			o.name = "株式会社" + base
		} else {
			o.name = base + "株式会社"
		}
		o.field, o.repTitle = sec.field, "代表取締役社長"
		o.domain = fmt.Sprintf("co%04d", idx)
	case government:
		town := townNames[idx%len(townNames)]
		suffix := []string{"市", "市", "町"}[(idx/len(townNames))%3]
		o.name = town + suffix
		o.repTitle = map[string]string{"市": "市長", "町": "町長"}[suffix]
		o.field = "市民サービスの向上"
		o.pref, o.city = pl.pref, o.name
		o.domain = fmt.Sprintf("city%03d", idx)
	case university:
		base := prefix + universityKinds[(idx/np)%len(universityKinds)]
		o.name = base
		if idx%3 == 0 {
			o.name = "国立大学法人" + base
		}
		if strings.HasSuffix(base, "大学") && len([]rune(base)) > 5 {
			o.alias = strings.TrimSuffix(base, "学")
		}
		o.field, o.repTitle = "教育と研究", "学長"
		o.domain = fmt.Sprintf("univ%03d", idx)
	case association:
		ak := associationKinds[(idx/np)%len(associationKinds)]
		base := prefix + ak.name
		legal := "一般社団法人"
		if strings.HasSuffix(ak.name, "財団") {
			legal = "公益財団法人"
		}
		if strings.HasSuffix(ak.name, "商工会議所") {
			legal = ""
		}
		o.name = legal + base
		o.field, o.repTitle = "会員企業の支援と地域産業の振興", ak.title
		o.domain = fmt.Sprintf("assoc%03d", idx)
	case institute:
		o.name = "国立研究開発法人" + prefix + instituteKinds[(idx/np)%len(instituteKinds)]
		o.field, o.repTitle = "基礎から応用までの研究", "理事長"
		o.domain = fmt.Sprintf("inst%03d", idx)
	case hospital:
		o.name = prefix + hospitalKinds[(idx/np)%len(hospitalKinds)]
		o.field, o.repTitle = "地域医療", "院長"
		o.domain = fmt.Sprintf("hosp%03d", idx)
	}
	o.key = extract.NormalizeOrg(o.name)
	return o
}

// population sizes per kind.
var population = map[string]int{
	company:     len(namePrefixes) * len(companySectors),
	government:  len(townNames) * 3,
	university:  len(namePrefixes) * len(universityKinds),
	association: len(namePrefixes) * len(associationKinds),
	institute:   len(namePrefixes) * len(instituteKinds),
	hospital:    len(namePrefixes) * len(hospitalKinds),
}

func pickOrg(r *rand.Rand, kind string, not ...org) org {
	for {
		o := orgOf(kind, skewed(r, population[kind]))
		clash := false
		for _, n := range not {
			clash = clash || n.key == o.key
		}
		if !clash {
			return o
		}
	}
}

func partnerKind(r *rand.Rand, pub string) string {
	switch pub {
	case government:
		return weighted(r, company, .6, university, .2, association, .15, hospital, .05)
	case university:
		return weighted(r, company, .6, government, .25, institute, .1, university, .05)
	case association:
		return weighted(r, government, .35, company, .35, university, .2, association, .1)
	case institute, hospital:
		return weighted(r, company, .5, university, .3, government, .2)
	}
	return weighted(r, company, .6, university, .15, government, .15, institute, .05, association, .05)
}

func agreementKind(r *rand.Rand, a, b string) string {
	has := func(k string) bool { return a == k || b == k }
	switch {
	case has(government):
		return weighted(r, "comprehensive_partnership", .7, "mou", .15, "other", .15)
	case has(institute) || has(hospital):
		return weighted(r, "joint_research", .5, "mou", .5)
	case has(university) && has(company):
		return weighted(r, "joint_research", .6, "license", .15, "mou", .25)
	case has(association):
		return weighted(r, "mou", .5, "comprehensive_partnership", .3, "business_alliance", .2)
	case a == company && b == company:
		return weighted(r, "business_alliance", .45, "capital_alliance", .15, "license", .15, "mou", .25)
	}
	return "mou"
}

var (
	firstDay = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

func (g *Generator) spec(i int) *spec {
	r := g.rng(i)
	s := &spec{i: i}
	pubKind := weighted(r, company, .45, government, .2, university, .15, association, .12, institute, .04, hospital, .04)
	s.pub = pickOrg(r, pubKind)
	s.partners = []org{pickOrg(r, partnerKind(r, pubKind), s.pub)}
	if r.Float64() < .1 {
		s.partners = append(s.partners, pickOrg(r, partnerKind(r, pubKind), s.pub, s.partners[0]))
	}
	s.kind = agreementKind(r, pubKind, s.partners[0].kind)
	s.label = pick(r, agreementLabels[s.kind])
	s.theme = pick(r, themes)
	if s.kind == "joint_research" || s.kind == "license" {
		// Research agreements are about research themes.
		name := pick(r, []string{"創薬", "医療データ", "電池材料", "半導体", "AI", "水素", "ロボット", "宇宙"})
		for _, t := range themes {
			if t.name == name {
				s.theme = t
			}
		}
	}
	items := append([]string(nil), s.theme.items...)
	r.Shuffle(len(items), func(a, b int) { items[a], items[b] = items[b], items[a] })
	s.items = items[:min(len(items), 2+r.IntN(3))]
	if r.Float64() < .35 {
		s.items = append(s.items, pick(r, genericItems))
	}
	days := int(lastDay.Sub(firstDay).Hours() / 24)
	s.published = firstDay.AddDate(0, 0, r.IntN(days+1))
	switch x := r.Float64(); {
	case x < .05:
		// The text gives no signing date.
	case x < .45:
		d := s.published
		s.signed = &d
	case x < .9:
		d := s.published.AddDate(0, 0, -1-r.IntN(14))
		s.signed = &d
	default:
		d := s.published.AddDate(0, 0, -15-r.IntN(45))
		s.signed = &d
	}
	s.pubRep = person{name: pick(r, surnames) + " " + pick(r, givenNames), title: s.pub.repTitle, org: s.pub.key}
	for _, p := range s.partners {
		s.partReps = append(s.partReps, person{name: pick(r, surnames) + " " + pick(r, givenNames), title: p.repTitle, org: p.key})
	}
	s.estYear = 1950 + r.IntN(70)
	s.heading = pick(r, itemHeadings)
	s.bullet = r.IntN(3)
	s.layout = r.IntN(3)
	if pubKind == government && r.Float64() < .6 {
		s.layout = layoutMunicipal
	}
	s.charset = "utf-8"
	switch {
	case s.layout == layoutMunicipal && r.Float64() < .7:
		s.charset = "shift_jis"
	case s.layout == layoutCorporate && r.Float64() < .15:
		s.charset = "euc-jp"
	}
	s.url = fmt.Sprintf("https://www.%s.example/news/%d/%02d%02d-%d.html", s.pub.domain, s.published.Year(), s.published.Month(), s.published.Day(), i)
	s.title = g.title(r, s)
	if r.Float64() < .4 {
		s.subtitle = s.theme.purpose + "に向けて"
	}
	s.paras, s.after = g.body(r, s)
	return s
}

func partnerNames(s *spec) string {
	names := make([]string, len(s.partners))
	for i, p := range s.partners {
		names[i] = p.name
	}
	return strings.Join(names, "及び")
}

func (g *Generator) title(r *rand.Rand, s *spec) string {
	pub := shortName(s.pub)
	switch r.IntN(4) {
	case 0:
		return partnerNames(s) + "と" + s.label + "を締結しました"
	case 1:
		return pub + "、" + partnerNames(s) + "と" + s.theme.name + "に関する" + s.label + "を締結"
	case 2:
		return "「" + s.theme.purpose + "」に関する" + s.label + "の締結について"
	}
	return partnerNames(s) + "との" + s.label + "締結のお知らせ"
}

// shortName is the name a release calls its own issuer by after the
// first mention.
func shortName(o org) string {
	if o.alias != "" {
		return o.alias
	}
	return o.key
}

var comments = []string{
	"本協定を契機に、地域の課題解決に向けた取り組みを一層加速してまいります。",
	"双方の強みを生かし、新たな価値を創出できることを大変うれしく思います。",
	"これまでの交流をさらに深め、具体的な成果につなげていきたいと考えています。",
	"地域の皆さまの期待に応えられるよう、全力で取り組んでまいります。",
	"技術と知見を持ち寄り、社会実装を早期に実現したいと考えています。",
}

func jaDay(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func monthDay(t time.Time) string {
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}

// wareki writes a date in the Japanese era calendar, as city halls do.
func wareki(t time.Time) string {
	era, y := "令和", t.Year()-2018
	if t.Before(time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)) {
		era, y = "平成", t.Year()-1988
	}
	year := fmt.Sprint(y)
	if y == 1 {
		year = "元"
	}
	return fmt.Sprintf("%s%s年%d月%d日", era, year, int(t.Month()), t.Day())
}

func (g *Generator) body(r *rand.Rand, s *spec) (before, after []string) {
	pub, partner := s.pub, s.partners[0]
	when := "このたび"
	if s.signed != nil {
		when = monthDay(*s.signed)
	}
	partnerIntro := partnerNames(s)
	if partner.kind == company {
		partnerIntro = fmt.Sprintf("%s（本社：%s%s、%s：%s）", partner.name, partner.pref, partner.city, s.partReps[0].title, s.partReps[0].name)
		if len(s.partners) > 1 {
			partnerIntro += "及び" + s.partners[1].name
		}
	}
	var lead string
	switch pub.kind {
	case company:
		lead = fmt.Sprintf("%s（本社：%s%s、%s：%s、以下「%s」）は、%sと%s、%sを目的とした%sを締結しました。",
			pub.name, pub.pref, pub.city, s.pubRep.title, s.pubRep.name, shortName(pub), partnerIntro, when, s.theme.purpose, s.label)
	case government:
		lead = fmt.Sprintf("%sは、%sと%s、%sを目的とした%sを締結しました。", pub.name, partnerIntro, when, s.theme.purpose, s.label)
	default:
		lead = fmt.Sprintf("%s（所在地：%s%s、%s：%s、以下「%s」）は、%sと%s、%sを目的とした%sを締結しました。",
			pub.name, pub.pref, pub.city, s.pubRep.title, s.pubRep.name, shortName(pub), partnerIntro, when, s.theme.purpose, s.label)
	}
	before = append(before, lead)
	bg := strings.Join(s.theme.background, "")
	bg += fmt.Sprintf("%sはこれまで、%sを通じて地域社会への貢献に取り組んできました。", shortName(pub), pub.field)
	bg += fmt.Sprintf("このたび、%sの分野で実績を持つ%sと連携することで、%sを一層推進できると考え、本%sの締結に至りました。", s.theme.name, shortName(partner), s.theme.purpose, s.label)
	before = append(before, bg)

	if s.signed != nil && r.Float64() < .5 {
		after = append(after, fmt.Sprintf("締結式は%s、%sで行われ、%s %sと%s %s 氏が出席しました。",
			jaDay(*s.signed), pub.city, s.pubRep.title, s.pubRep.name, s.partReps[0].title, s.partReps[0].name))
	}
	after = append(after, fmt.Sprintf("%sの%s %s 氏は、「%s」と述べています。", partner.name, s.partReps[0].title, s.partReps[0].name, pick(r, comments)))
	after = append(after, fmt.Sprintf("今後、両者は%sに向けて連携を深め、成果を広く発信してまいります。", s.theme.purpose))
	about := fmt.Sprintf("■%sについて\n%sは、%d年に設立され、%sに取り組んでいます。", pub.name, pub.name, s.estYear, pub.field)
	if pub.kind == government {
		about = fmt.Sprintf("■%sについて\n%sは、人口約%d万人の都市として、%sに取り組んでいます。", pub.name, pub.name, 3+r.IntN(60), pub.field)
	}
	after = append(after, about)
	after = append(after, fmt.Sprintf("【本件に関するお問い合わせ先】\n%s %s\nTEL：000-0000-0000", pub.name, pick(r, []string{"広報部", "経営企画室", "総務課", "企画政策課"})))
	return before, after
}

// bulletText is item n written with the release's bullet style.
func bulletText(style, n int, item string) string {
	switch style {
	case 0:
		return "・" + item
	case 1:
		return fmt.Sprintf("(%d) %s", n+1, item)
	}
	return string(rune('①'+n)) + item
}

// Release returns release i as the record an extractor should produce.
func (g *Generator) Release(i int) *extract.Release {
	return g.spec(i).release()
}

func (s *spec) release() *extract.Release {
	pub := s.published.Format("2006-01-02")
	r := &extract.Release{
		ID: extract.ID(s.url), URL: s.url, Source: "corpus",
		Title: s.title, Subtitle: s.subtitle, Published: &pub,
		Publishers: []string{s.pub.key}, Categories: s.theme.categories,
		Organizations: []extract.Organization{}, Agreements: []extract.Agreement{}, People: []extract.Person{}, Dates: []extract.DateMention{},
	}
	var body []string
	body = append(body, s.paras...)
	body = append(body, s.heading)
	for n, it := range s.items {
		body = append(body, bulletText(s.bullet, n, it))
	}
	body = append(body, s.after...)
	r.Body = strings.Join(body, "\n\n")
	for _, o := range append([]org{s.pub}, s.partners...) {
		eo := extract.Organization{Name: o.name, Normalized: o.key, Kind: o.kind, Country: "JP"}
		if o.alias != "" {
			eo.Aliases = []string{o.alias}
		}
		r.Organizations = append(r.Organizations, eo)
	}
	var signed *string
	if s.signed != nil {
		d := s.signed.Format("2006-01-02")
		signed = &d
	}
	for _, p := range s.partners {
		r.Agreements = append(r.Agreements, extract.Agreement{
			Kind: s.kind, Label: s.label, Parties: []string{s.pub.key, p.key}, Partner: p.key,
			Signed: signed, Purpose: s.theme.purpose, Items: append([]string(nil), s.items...), From: extract.FromBody,
		})
	}
	r.People = append(r.People, extract.Person{Name: s.pubRep.name, Title: s.pubRep.title, Organization: s.pubRep.org})
	for _, p := range s.partReps {
		r.People = append(r.People, extract.Person{Name: p.name, Title: p.title, Organization: p.org})
	}
	r.Dates = append(r.Dates, extract.DateMention{Text: jaDay(s.published), Value: pub, Role: extract.RolePublished})
	if s.signed != nil {
		r.Dates = append(r.Dates, extract.DateMention{Text: monthDay(*s.signed), Value: *signed, Role: extract.RoleSigned})
	}
	return r
}

// Doc returns release i ready for an index: the record and its Kagome terms
// from an, the analyser queries are parsed with.
func (g *Generator) Doc(an *ja.Analyzer, i int) index.Doc {
	r := g.Release(i)
	return index.Doc{Release: r, Terms: extract.Terms{
		Title:    an.Terms(r.Title),
		Subtitle: an.Terms(r.Subtitle),
		Body:     an.Terms(r.Body),
	}}
}

// Page returns release i as the page a newsroom would serve.
func (g *Generator) Page(i int) Page {
	s := g.spec(i)
	return Page{URL: s.url, HTML: s.html(), Charset: s.charset}
}

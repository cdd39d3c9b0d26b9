package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// orgEntry is one organization of a release while extraction runs. Entries
// found to be the same organization later (an alias links them) are merged
// by pointing one into the other.
type orgEntry struct {
	name    string
	key     string
	aliases []string
	kind    string
	country string
	into    *orgEntry
	order   int
}

func (e *orgEntry) root() *orgEntry {
	for e.into != nil {
		e = e.into
	}
	return e
}

// orgSet is the release's organizations, found by any of their forms.
type orgSet struct {
	list  []*orgEntry
	byKey map[string]*orgEntry
}

func newOrgSet() *orgSet { return &orgSet{byKey: map[string]*orgEntry{}} }

func (s *orgSet) lookup(name string) *orgEntry {
	if e := s.byKey[NormalizeOrg(name)]; e != nil {
		return e.root()
	}
	return nil
}

// plausibleName rejects strings that cannot be an organization's name on
// their own: too short, only digits, a bare legal word.
func plausibleName(key string) bool {
	n := utf8.RuneCountInString(key)
	if n == 0 || n > 60 {
		return false
	}
	if n == 1 {
		return false
	}
	digits := 0
	for _, r := range key {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits < n
}

// add registers name (a full form seen in the text) and returns its entry.
func (s *orgSet) add(name string) *orgEntry {
	name = trimSpace(name)
	country := ""
	if m := countryMarkRE.FindStringSubmatch(name); m != nil {
		country = countryMarks[m[1]]
		name = trimSpace(countryMarkRE.ReplaceAllString(name, ""))
	}
	// 米国シーダーホルム大学: the country word is not part of the name.
	for _, p := range []string{"米国", "英国", "仏国", "独国", "米", "英", "仏", "独"} {
		rest := strings.TrimPrefix(name, p)
		if rest == name || rest == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if isKatakana(r) || isLatin(r) {
			if country == "" {
				country = countryMarks[strings.TrimSuffix(p, "国")]
			}
			name = rest
			break
		}
	}
	key := NormalizeOrg(name)
	if !plausibleName(key) {
		return nil
	}
	if e := s.byKey[key]; e != nil {
		e = e.root()
		if fuller(name, e.name) && NormalizeOrg(e.name) == key {
			e.name = name
			if k := orgKind(name); k != KindOther {
				e.kind = k
			}
		}
		if e.country == "" {
			e.country = country
		}
		return e
	}
	e := &orgEntry{name: name, key: key, kind: orgKind(name), country: country, order: len(s.list)}
	if e.country == "" {
		e.country = orgCountry(name)
	}
	s.list = append(s.list, e)
	s.byKey[key] = e
	return e
}

// fuller reports whether a is the better display name: one with its
// legal-entity word beats one without, and otherwise the longer wins.
func fuller(a, b string) bool {
	la, lb := hasLegalWord(a), hasLegalWord(b)
	if la != lb {
		return la
	}
	return utf8.RuneCountInString(a) > utf8.RuneCountInString(b)
}

// alias records another name of e; when that name already belongs to a
// different entry, the two are one organization and merge.
func (s *orgSet) alias(e *orgEntry, alias string) {
	e = e.root()
	alias = trimSpace(strings.Trim(alias, "「」『』\"'"))
	key := NormalizeOrg(alias)
	if !plausibleName(key) || key == e.key || referenceWord(alias) {
		return
	}
	if other := s.byKey[key]; other != nil {
		other = other.root()
		if other != e {
			other.into = e
			e.aliases = appendUnique(e.aliases, other.name)
			for _, a := range other.aliases {
				e.aliases = appendUnique(e.aliases, a)
			}
			if e.country == "" {
				e.country = other.country
			}
		}
	} else {
		s.byKey[key] = e
	}
	e.aliases = appendUnique(e.aliases, alias)
}

// referenceWord: 以下「当社」 or 以下「本協定」 names the writer or the
// agreement, not another form of the organization's name.
func referenceWord(s string) bool {
	switch s {
	case "当社", "弊社", "同社", "当法人", "本法人", "本学", "当学", "本市", "当市", "本財団", "当財団", "本会", "当会", "当機構", "本機構", "当協会", "本協会", "両社", "当行", "同行":
		return true
	}
	return strings.HasPrefix(s, "本") && labelRE.MatchString(s) || labelRE.FindString(s) == s
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if NormalizeOrg(x) == NormalizeOrg(s) {
			return list
		}
	}
	return append(list, s)
}

// prefixMatch returns the entry whose name or alias the text starts with,
// preferring the longest form, and the byte length matched.
func (s *orgSet) prefixMatch(text string) (*orgEntry, int) {
	norm := text
	var best *orgEntry
	bestLen := 0
	for key, e := range s.byKey {
		if len(key) > bestLen && strings.HasPrefix(norm, key) {
			// A Latin form must end at a word boundary: "J" must not match "JST".
			if rest := norm[len(key):]; rest != "" && isLatin(lastRune(key)) && isLatin([]rune(rest)[0]) {
				continue
			}
			best, bestLen = e.root(), len(key)
		}
	}
	return best, bestLen
}

// organizations returns the release's organizations in order of first
// mention, merged entries folded in.
func (s *orgSet) organizations() []Organization {
	var out []Organization
	for _, e := range s.list {
		if e.into != nil {
			continue
		}
		o := Organization{Name: e.name, Normalized: e.key, Kind: e.kind, Country: e.country}
		for _, a := range e.aliases {
			if NormalizeOrg(a) != e.key {
				o.Aliases = append(o.Aliases, a)
			}
		}
		out = append(out, o)
	}
	return out
}

// mention is an organization named at text[start:end] of a line.
type mention struct {
	e          *orgEntry
	start, end int
}

// Words that end an organization's name: the name reaches up to and
// including the last of them in a run of nouns.
var orgHeads = map[string]bool{
	"大学": true, "大学院": true, "短期大学": true, "研究所": true, "研究機構": true, "機構": true, "財団": true,
	"協会": true, "連合会": true, "会議所": true, "組合": true, "病院": true, "銀行": true, "信用金庫": true,
	"省": true, "庁": true, "市": true, "県": true, "府": true, "町": true, "村": true, "学園": true,
	"研究院": true, "事業団": true, "公社": true, "学会": true, "協議会": true, "振興会": true, "ホールディングス": true,
	"センター": true, "校": true, "コンソーシアム": true, "研究センター": true,
	"学部": true, "研究科": true, "高等専門学校": true,
}

// Words that never stand first in a name: 同大学 and 本市 refer back.
var determiners = map[string]bool{
	"本": true, "同": true, "当": true, "各": true, "両": true, "全": true, "他": true, "貴": true, "弊": true,
	"我が": true, "自": true, "新": true, "旧": true, "前": true, "元": true, "現": true, "各種": true, "当該": true, "国内": true, "海外": true,
	"私立": true, "国立": true, "公立": true, "県立": true, "市立": true, "附置": true, "附属": true, "付属": true, "総合": true,
	"複数": true, "主要": true, "全国": true, "地元": true, "地域": true, "近隣": true, "周辺": true, "県内": true, "市内": true,
}

// Words after which a run of nouns is no longer the name: 川崎市担当者.
var afterName = map[string]bool{
	"担当": true, "担当者": true, "会員": true, "職員": true, "社員": true, "学生": true, "本社": true, "内": true, "主導": true,
	"傘下": true, "子会社": true, "様": true, "氏": true, "殿": true, "各位": true, "関係者": true, "役員": true,
	"代表": true, "拠点": true, "エリア": true, "地区": true, "周辺": true, "域": true, "全域": true, "近郊": true,
}

var (
	addressRE     = newAddressRE()
	addressCellRE = regexp.MustCompile(`^(?:本社|本店|所在地|住所|本部|本社所在地|本店所在地|所在)$`)
	aliasDefRE    = regexp.MustCompile(`^以下\s*[、,]?\s*(?:「([^」]+)」|『([^』]+)』|"([^"]+)"|(\S+?))\s*(?:と(?:いう|略す|称す|表記)\S*)?$`)
	formerRE      = regexp.MustCompile(`^(?:現|旧|旧称|現在の名称|略称|通称|英文名|英語名)\s*[、,:・]?\s*(.+)$`)
	acronymRE     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9&.\-]{1,15}$|^[\p{Katakana}ー・]{2,15}$`)
	latinNameRE   = regexp.MustCompile(`^[A-Z][A-Za-z0-9&.'\-]*(?:,? [A-Za-z0-9&.'\-]+){1,8}$`)
	descOrgRE     = regexp.MustCompile(`(?:団体|企業|会社|機関|組織|法人|大学|メーカー|スタートアップ|ベンチャー|研究所|協会|財団|病院|銀行|自治体|クラスター|ファンド)$`)
)

// addressPattern finds addresses, postal codes, URLs and mail addresses.
const addressPattern = `(?:本社|本店|所在地|住所|本部|所在|キャンパス)\s*(?:所在地)?\s*[:：]\s*[^、),。]*|〒\s*[0-9]{3}-?[0-9]{4}[^、),。]*|https?://\S+|[\w.+-]+@[\w.-]+`

// addressMatcher finds what addressPattern does, faster: without "@" its
// mail alternative cannot match, and every match of the others starts with
// a place word, 〒 or "http". So the regexp, anchored, runs only where
// those stand; leftmost-first, as the unanchored regexp would have found
// them. With "@" the whole regexp runs.
type addressMatcher struct {
	full, anchored *regexp.Regexp
	starts         *literals
}

func newAddressRE() *addressMatcher {
	return &addressMatcher{
		full:     regexp.MustCompile(addressPattern),
		anchored: regexp.MustCompile(`^(?:` + strings.TrimSuffix(addressPattern, `|[\w.+-]+@[\w.-]+`) + `)`),
		starts:   newLiterals("本社", "本店", "所在", "住所", "本部", "キャンパス", "〒", "http"),
	}
}

func (a *addressMatcher) MatchString(s string) bool {
	if strings.Contains(s, "@") {
		return a.full.MatchString(s)
	}
	for from := 0; ; {
		p, _ := a.starts.next(s, from)
		if p < 0 {
			return false
		}
		if a.anchored.MatchString(s[p:]) {
			return true
		}
		from = p + 1
	}
}

func (a *addressMatcher) FindAllStringIndex(s string, n int) [][]int {
	if strings.Contains(s, "@") {
		return a.full.FindAllStringIndex(s, n)
	}
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		p, _ := a.starts.next(s, from)
		if p < 0 {
			break
		}
		if m := a.anchored.FindStringIndex(s[p:]); m != nil {
			out = append(out, []int{p, p + m[1]})
			from = p + m[1]
			continue
		}
		from = p + 1
	}
	return out
}

// maskedRanges returns the spans of a line that name places and contacts,
// not organizations: addresses after 本社:, postal codes, URLs.
func maskedRanges(text string) [][2]int {
	var out [][2]int
	for _, m := range addressRE.FindAllStringIndex(text, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

func inRanges(rs [][2]int, start, end int) bool {
	for _, r := range rs {
		if start < r[1] && end > r[0] {
			return true
		}
	}
	return false
}

// nameRun is a maximal run of name-like tokens on a line: nouns, unknown
// words, and the symbols names contain (・ & - . ').
type nameRun struct {
	first, last int // token indexes, inclusive
	start, end  int // byte offsets
}

func nameToken(t ja.Token) bool {
	switch t.Class {
	case ja.Noun, ja.ProperNoun:
		if len(t.Sub) > 0 && (t.Sub[0] == "非自立" || t.Sub[0] == "代名詞" || t.Sub[0] == "副詞可能") {
			return false
		}
		return true
	case ja.Other:
		return t.POS == "接頭詞" || t.POS == ""
	}
	return false
}

func joinSymbol(t ja.Token) bool {
	switch t.Surface {
	case "・", "&", "-", "'", ".", "＆", "ー", "=":
		return true
	}
	return false
}

func latinToken(t ja.Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Surface)
	return isLatin(r)
}

// nameRuns returns the line's runs of name tokens. The result is shared:
// callers must not change it.
func nameRuns(l *line) []nameRun {
	if !l.runsOK {
		l.runs, l.runsOK = findNameRuns(l), true
	}
	return l.runs
}

func findNameRuns(l *line) []nameRun {
	var runs []nameRun
	toks := l.toks
	for i := 0; i < len(toks); {
		if !nameToken(toks[i]) {
			i++
			continue
		}
		j := i
		for j+1 < len(toks) {
			next := toks[j+1]
			if next.Start != toks[j].End && !(latinToken(toks[j]) && l.text[toks[j].End:next.Start] == " " && latinToken(next)) {
				break
			}
			if nameToken(next) {
				j++
				continue
			}
			if (joinSymbol(next) || strings.TrimSpace(next.Surface) == "" && latinToken(toks[j])) && j+2 < len(toks) && nameToken(toks[j+2]) && toks[j+2].Start == next.End {
				j += 2
				continue
			}
			// "One Nucleus": Kagome gives the space its own token.
			if strings.TrimSpace(next.Surface) == "" && latinToken(toks[j]) && j+2 < len(toks) && latinToken(toks[j+2]) {
				j += 2
				continue
			}
			break
		}
		runs = append(runs, nameRun{first: i, last: j, start: toks[i].Start, end: toks[j].End})
		i = j + 1
	}
	return runs
}

// orgSpan finds the organization a run of nouns names, by its legal-entity
// word or its head noun, and returns its byte span.
func orgSpan(l *line, r nameRun) (start, end int, ok bool) {
	toks := l.toks[r.first : r.last+1]
	// Drop leading determiners and numbers (同大学, 2018年), but not the
	// first word of a legal-entity word (国立 of 国立大学法人).
	for len(toks) > 0 && (determiners[toks[0].Surface] || toks[0].Is("数") || toks[0].Is("接尾", "助数詞")) && !startsLegal(l.text[toks[0].Start:]) {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return 0, 0, false
	}
	// Cut at the first word that follows a name rather than belongs to it,
	// and at a title (市長, 理事) that ends the organization part.
	for i := 1; i < len(toks); i++ {
		if afterName[toks[i].Surface] || isTitleWord(toks[i].Surface) {
			toks = toks[:i]
			break
		}
	}
	start = toks[0].Start
	text := l.text[start:toks[len(toks)-1].End]
	// Legal-entity word before the name: from it to the end of the run.
	for _, p := range legalPrefixes {
		if i := strings.Index(text, p); i >= 0 && len(text) > i+len(p) {
			return start + i, toks[len(toks)-1].End, true
		}
	}
	// Legal-entity word after the name.
	for _, p := range []string{"株式会社", "有限会社", "合同会社", "合資会社"} {
		if i := strings.LastIndex(text, p); i > 0 {
			return hiraganaLead(l.text, start), start + i + len(p), true
		}
	}
	// Head noun: the name ends with the last one.
	for k := len(toks) - 1; k >= 0; k-- {
		if !orgHeads[toks[k].Surface] {
			continue
		}
		if k == 0 {
			return 0, 0, false // 大学 alone
		}
		// シーダーホルム大学医学部, 東雲大学大学院工学研究科: a faculty after
		// the university is part of the name.
		if strings.HasSuffix(toks[k].Surface, "大学") || toks[k].Surface == "大学院" {
			for k+2 < len(toks) && strings.HasSuffix(toks[k+1].Surface, "学") && (toks[k+2].Surface == "部" || toks[k+2].Surface == "研究科") {
				k += 2
			}
			if k+1 < len(toks) && (strings.HasSuffix(toks[k+1].Surface, "学部") || strings.HasSuffix(toks[k+1].Surface, "研究科")) {
				k++
			}
		}
		first := 0
		if isMunicipalHead(toks[k].Surface) {
			// 川浜市港町 is an address: the city is the organization.
			for m := 1; m < k; m++ {
				if isMunicipalHead(toks[m].Surface) && toks[m].Surface != "県" && toks[m].Surface != "府" {
					k = m
					break
				}
			}
			// 神奈川県川崎市: the municipality is the last place name.
			for m := k - 1; m > 0; m-- {
				if s := toks[m].Surface; s == "県" || s == "都" || s == "府" || s == "道" {
					first = m + 1
					break
				}
			}
			if !placeName(toks[first:k]) {
				return 0, 0, false
			}
		}
		if k == first || determiners[toks[first].Surface] {
			return 0, 0, false
		}
		return toks[first].Start, toks[k].End, true
	}
	return 0, 0, false
}

// hiraganaLead extends a name's start back over a hiragana word that
// Kagome read as grammar (みずなら損害保険株式会社 → み/ず/なら): only when
// the hiragana stands at the start of the line or after punctuation, where no
// particle can be.
func hiraganaLead(text string, start int) int {
	i := start
	n := 0
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if !isHiragana(r) {
			break
		}
		i -= size
		n++
	}
	if n == 0 || n > 6 {
		return start
	}
	if i == 0 {
		return i
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	switch r {
	case '、', '。', '「', '(', ' ', '・', '」', ':', ',':
		return i
	}
	return start
}

func startsLegal(s string) bool {
	for _, p := range legalPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isMunicipalHead(s string) bool {
	switch s {
	case "市", "県", "町", "村", "府", "区":
		return true
	}
	return false
}

// placeName: the tokens before 市 or 県 must read as a place (Kagome's 地域
// or an unknown or proper word), so that 都市 or 同市 are not cities.
func placeName(toks []ja.Token) bool {
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if t.Is("数") || isMunicipalHead(t.Surface) {
			return false
		}
	}
	for _, t := range toks {
		if t.Class == ja.ProperNoun || t.Is("固有名詞") {
			return true
		}
	}
	// Kagome splits unknown place names into ordinary nouns (桜/ヶ/丘).
	return len(toks) >= 2 || utf8.RuneCountInString(toks[0].Surface) >= 2
}

// scanOrgs finds the organizations a line names, registering new ones, and
// reads the parenthesis after a name for aliases, former names, the country
// mark and people (理事長:岡野栄之).
func (x *extraction) scanOrgs(l *line) []mention {
	if l.b.kind == blockRow && len(l.b.cells) > 1 && addressCellRE.MatchString(trimSpace(l.b.cells[0])) {
		return nil // 所在地 | 川浜市港町…: a place, not an organization
	}
	var out []mention
	facts := x.runFacts(l)
	for k := range facts {
		f := &facts[k]
		if f.skip {
			continue
		}
		r := f.r
		var e *orgEntry
		var start, end int
		if pe, n := x.orgs.prefixMatch(l.text[r.start:r.end]); pe != nil {
			e, start, end = pe, r.start, r.start+n
			// A longer legal name around a known short form wins: 三井不動産株式会社.
			if s, en, ok := f.span[0], f.span[1], f.spanOK; ok && en-s > n {
				e, start, end = x.orgs.add(l.text[s:en]), s, en
			}
		} else if s, en, ok := f.span[0], f.span[1], f.spanOK; ok {
			e, start, end = x.orgs.add(l.text[s:en]), s, en
		}
		paren := f.paren
		if e == nil && paren != nil && paren.orgEvidence && f.isNameLike(l) {
			start, end = r.start, r.end
			// Drop leading words that are not the name: 南フランスの → none here,
			// but "2018年2月に" never reaches a run, so the run is the name.
			e = x.orgs.add(l.text[start:end])
		}
		if e == nil {
			continue
		}
		if paren != nil && end == r.end {
			x.applyParen(e, paren)
		}
		out = append(out, mention{e: e, start: start, end: end})
	}
	return out
}

// runFact is what scanOrgs learns of a run of name tokens that does not
// depend on the organizations known so far. run scans every line twice
// (the second time with the aliases the first found); the line keeps its
// facts for the second pass.
type runFact struct {
	r    nameRun
	skip bool // masked as an address, or inside a parenthesis
	// what orgSpan says of the run
	span   [2]int
	spanOK bool
	paren  *paren // parenAfter the run; read only
	// nameLike, computed when first asked
	nameLike, nameLikeOK bool
}

func (f *runFact) isNameLike(l *line) bool {
	if !f.nameLikeOK {
		f.nameLike, f.nameLikeOK = nameLike(l, f.r), true
	}
	return f.nameLike
}

func (x *extraction) runFacts(l *line) []runFact {
	if l.factsOK {
		return l.facts
	}
	masked := maskedRanges(l.text)
	runs := nameRuns(l)
	facts := make([]runFact, len(runs))
	for i, r := range runs {
		f := runFact{r: r}
		if inRanges(masked, r.start, r.end) || x.insideParen(l, r.start) {
			f.skip = true
		} else {
			f.span[0], f.span[1], f.spanOK = orgSpan(l, r)
			f.paren = x.parenAfter(l, r.end)
		}
		facts[i] = f
	}
	l.facts, l.factsOK = facts, true
	return facts
}

// nameLike: a run that could be a name without a legal word or head noun:
// it has a proper noun, Latin letters or katakana, not just common nouns
// such as 資本業務提携.
func nameLike(l *line, r nameRun) bool {
	if labelRE.MatchString(l.text[r.start:r.end]) {
		return false
	}
	for _, t := range l.toks[r.first : r.last+1] {
		first, _ := utf8.DecodeRuneInString(t.Surface)
		if t.Class == ja.ProperNoun || isLatin(first) || isKatakana(first) {
			return true
		}
	}
	first, _ := utf8.DecodeRuneInString(l.text[r.start:])
	return isLatin(first)
}

// insideParen reports whether off is inside a parenthesis that follows a
// name: its contents describe that name and are read by parenAfter.
func (x *extraction) insideParen(l *line, off int) bool {
	if !l.parensOK {
		l.parens, l.parensOK = parenDepths(l.text), true
	}
	depth := 0
	for _, p := range l.parens {
		if p.at >= off {
			break
		}
		depth = p.depth
	}
	return depth > 0
}

// parenDepth is the depth of "(" nesting after the parenthesis at byte at.
type parenDepth struct{ at, depth int }

// parenDepths lists where the depth of parentheses changes in text; an
// unmatched ")" changes nothing.
func parenDepths(text string) []parenDepth {
	var out []parenDepth
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
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

// paren is what a parenthesis after a name says about it.
type paren struct {
	aliases     []string
	country     string
	people      []Person // organization filled in by applyParen
	orgEvidence bool     // it says the name is an organization
}

func (x *extraction) parenAfter(l *line, end int) *paren {
	rest := l.text[end:]
	trimmed := strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(trimmed, "(") {
		return nil
	}
	open := end + len(rest) - len(trimmed)
	p := &paren{}
	for {
		close := matchParen(l.text, open)
		if close < 0 {
			return p
		}
		inner := trimSpace(l.text[open+1 : close-1])
		if c, ok := countryMarks[inner]; ok && utf8.RuneCountInString(inner) <= 2 {
			p.country = c
			p.orgEvidence = true
		} else {
			x.readParen(inner, p)
		}
		// "カリフォルニア大学サンディエゴ校(UCSD)(米)": read them all.
		next := strings.TrimLeft(l.text[close:], " ")
		if !strings.HasPrefix(next, "(") {
			return p
		}
		open = close + len(l.text[close:]) - len(next)
	}
}

func (x *extraction) readParen(inner string, p *paren) {
	// "現、神戸医療産業都市推進機構": the comma belongs to the former-name mark.
	if m := formerRE.FindStringSubmatch(inner); m != nil && !strings.ContainsAny(m[1], "、,") {
		p.aliases = append(p.aliases, trimSpace(m[1]))
		return
	}
	fields := splitTop(inner, "、", ";", "；")
	for _, field := range fields {
		field = trimSpace(field)
		// "Cascade Therapeutics, Inc.": an English name, commas and all.
		if latinNameRE.MatchString(field) {
			p.aliases = append(p.aliases, field)
			p.orgEvidence = p.orgEvidence || hasLegalWord(field)
			continue
		}
		if field == "" {
			continue
		}
		if m := aliasDefRE.FindStringSubmatch(field); m != nil {
			for _, g := range m[1:] {
				if g != "" {
					p.aliases = append(p.aliases, strings.TrimSuffix(g, "」"))
					p.orgEvidence = true
					break
				}
			}
			continue
		}
		if addressRE.MatchString(field) && strings.IndexAny(field, ":：") > 0 && !titleField(field) {
			p.orgEvidence = true
			continue
		}
		if name, title, ok := titledName(field); ok {
			p.people = append(p.people, Person{Name: name, Title: title})
			p.orgEvidence = true
			continue
		}
		if m := formerRE.FindStringSubmatch(field); m != nil {
			p.aliases = append(p.aliases, trimSpace(m[1]))
			continue
		}
		if acronymRE.MatchString(field) && !strings.ContainsAny(field, " ") {
			p.aliases = append(p.aliases, field)
			continue
		}
		if descOrgRE.MatchString(field) {
			p.orgEvidence = true
		}
	}
}

func titleField(field string) bool {
	i := strings.IndexAny(field, ":：")
	return i > 0 && isTitleWord(trimSpace(field[:i]))
}

func (x *extraction) applyParen(e *orgEntry, p *paren) {
	e = e.root()
	if p.country != "" && e.country == "" {
		e.country = p.country
	}
	for _, a := range p.aliases {
		x.orgs.alias(e, a)
	}
	for _, person := range p.people {
		person.Organization = ""
		x.addPerson(person, e)
	}
}

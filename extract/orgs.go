package extract

import (
	"regexp"
	"sort"
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
	// person: the release names someone by it (with a title, 氏, さん);
	// see dropPeople.
	person bool
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
	// byFirst lists byKey's keys by their first rune: prefix searches
	// (prefixMatch, abbrevOf) run for every name run of every line.
	byFirst map[rune][]string
	// terms are acronyms the release defines for things, not organizations:
	// 自律型海中ロボット(AUV).
	terms map[string]bool
}

func newOrgSet() *orgSet {
	return &orgSet{byKey: map[string]*orgEntry{}, byFirst: map[rune][]string{}, terms: map[string]bool{}}
}

// setKey makes key a form of e.
func (s *orgSet) setKey(key string, e *orgEntry) {
	if _, ok := s.byKey[key]; !ok {
		r, _ := utf8.DecodeRuneInString(key)
		s.byFirst[r] = append(s.byFirst[r], key)
	}
	s.byKey[key] = e
}

// keysFrom are the keys that start with text's first rune.
func (s *orgSet) keysFrom(text string) []string {
	r, _ := utf8.DecodeRuneInString(text)
	return s.byFirst[r]
}

// isTerm: e is only an acronym the release defines for a thing.
func (s *orgSet) isTerm(e *orgEntry) bool {
	return len(s.terms) > 0 && s.terms[e.name] && acronym(e.name)
}

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
	if !plausibleName(key) || genericOrgWords[name] {
		return nil // 中核病院, 市役所: a kind of organization, not one
	}
	if e := s.byKey[key]; e != nil {
		e = e.root()
		if fuller(name, e.name) && NormalizeOrg(e.name) == key {
			e.name = name
			if k := orgKind(name); k != KindOther {
				e.kind = k
			}
			if country == "" {
				country = orgCountry(name) // 株式会社 or a municipality: Japan
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
	s.setKey(key, e)
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
		s.setKey(key, e)
	}
	e.aliases = appendUnique(e.aliases, alias)
	// ヴェルナー社 (Werner Sondentechnik GmbH): the alias tells the kind.
	if e.kind == KindOther {
		e.kind = orgKind(alias)
	}
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
	for _, key := range s.keysFrom(norm) {
		if e := s.byKey[key]; len(key) > bestLen && strings.HasPrefix(norm, key) {
			// A Latin form must end at a word boundary: "J" must not match "JST".
			if rest := norm[len(key):]; rest != "" && isLatin(lastRune(key)) && isLatin([]rune(rest)[0]) {
				continue
			}
			best, bestLen = e.root(), len(key)
		}
	}
	return best, bestLen
}

// abbrevOf returns the organization whose name run shortens by dropping
// its last characters (三和理科大 for 三和理科大学, 潮見商工会 for
// 潮見商工会議所): the run is the start of exactly one known name, at
// least three characters and three quarters of it. The text from the
// run on (rest) must not go on with the whole name (日本亜鉛製/錬: Kagome
// cut the name).
func (s *orgSet) abbrevOf(run, rest string) *orgEntry {
	// The line is normalized already, and a run with a legal word or a
	// space is the start of no key: no NormalizeOrg, which would cost.
	n := utf8.RuneCountInString(run)
	if n < 3 || len(s.byKey) == 0 {
		return nil
	}
	var found *orgEntry
	for _, key := range s.keysFrom(run) {
		if len(key) <= len(run) || !strings.HasPrefix(key, run) || 4*n < 3*utf8.RuneCountInString(key) || strings.HasPrefix(rest, key) {
			continue
		}
		e := s.byKey[key].root()
		if found != nil && found != e {
			return nil
		}
		found = e
	}
	return found
}

// organizations returns the release's organizations in order of first
// mention, merged entries folded in.
func (s *orgSet) organizations() []Organization {
	var out []Organization
	for _, e := range s.list {
		if e.into != nil || s.isTerm(e) || e.person {
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
	"協会": true, "連合会": true, "会議所": true, "組合": true, "病院": true, "信用金庫": true,
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

// listDot: a ・ between t and u separates the items of a list (三越・あさひ
// 銀行, 制作会社・フジ) rather than joining the words of one name (ANA・
// ホテルズ, ピース・ウィンズ): t is a common word, or a word that ends a
// name, and not both are katakana (ノヴァ・アジア: a name Kagome knows
// half of).
func listDot(t, dot, u ja.Token) bool {
	if dot.Surface != "・" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t.Surface); isKatakana(r) {
		if r, _ := utf8.DecodeRuneInString(u.Surface); isKatakana(r) {
			return false
		}
	}
	return !nameWord(t) || endsName(t)
}

// endsName: t is an organization's name or ends one (東海銀行, 海軍, 大学).
func endsName(t ja.Token) bool {
	if orgHeads[t.Surface] || standaloneOrgs[t.Surface] || knownOrgWord(t) {
		return true
	}
	for _, h := range strongHeads {
		if strings.HasSuffix(t.Surface, h) {
			return true
		}
	}
	for _, h := range weakHeads {
		if strings.HasSuffix(t.Surface, h) {
			return true
		}
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
			// A space after a Latin word: "One Nucleus", where Kagome
			// gives the space its own token.
			latinSpace := latinToken(toks[j]) && strings.TrimSpace(next.Surface) == ""
			if (joinSymbol(next) || latinSpace) && j+2 < len(toks) && nameToken(toks[j+2]) && toks[j+2].Start == next.End && !listDot(toks[j], next, toks[j+2]) {
				j += 2
				continue
			}
			if latinSpace && j+2 < len(toks) && latinToken(toks[j+2]) {
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

// orgSpan finds the organization a run of nouns names and returns its byte
// span: by its legal-entity word (before or after, in the run or just
// outside it), its head noun (orgHeads, then headSpan: strong and weak
// heads, Kagome's organization words), an acronym in capitals, or a
// company cue after a foreign name.
func orgSpan(l *line, r nameRun) (start, end int, ok bool) {
	toks := l.toks[r.first : r.last+1]
	toks = trimLead(l.text, toks)
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
	// 市教育委員会, 県庁: an office of the city or prefecture of the
	// release, named by a bare 市 or 県 as 本市 would; not a name.
	if len(toks) > 1 && isMunicipalHead(toks[0].Surface) && toks[0].Start == l.toks[r.first].Start && officeOf(l.text[toks[1].Start:toks[len(toks)-1].End]) {
		return 0, 0, false
	}
	// Brightwater Learning, Inc.: a Latin name's legal word is after the
	// run (Kagome ends it at the comma).
	if last := toks[len(toks)-1]; latinToken(last) {
		if n := latinLegalAfter(l.text[last.End:]); n > 0 {
			return latinStart(toks), last.End + n, true
		}
		// Werner GmbH: or in it.
		for _, suf := range legalSuffixes {
			if suf[0] == ' ' && strings.HasSuffix(l.text[toks[0].Start:last.End], suf) && latinStart(toks) < last.End-len(suf) {
				return latinStart(toks), last.End, true
			}
		}
		// Sierra Fintech Pte. Ltd.(シエラ・フィンテック社、…): or begun in
		// it and ended after it (Kagome ends the run at the first full
		// stop), where the parenthesis introducing the name follows.
		ls := latinStart(toks)
		for _, suf := range legalSuffixes {
			if suf[0] != ' ' {
				continue
			}
			if k := strings.Index(l.text[ls:min(len(l.text), last.End+len(suf))], suf); k > 0 && ls+k < last.End && ls+k+len(suf) > last.End {
				if rest := l.text[ls+k+len(suf):]; strings.HasPrefix(rest, "(") && introducesName(rest[1:]) {
					return ls, ls + k + len(suf), true
				}
			}
		}
	}
	start = toks[0].Start
	text := l.text[start:toks[len(toks)-1].End]
	// (株)ミドリ薬品: the parenthesized legal word is not in the run.
	if p := legalBefore(l.text[:start]); p >= 0 {
		return p, toks[len(toks)-1].End, true
	}
	// Legal-entity word before the name: from it to the end of the run.
	for _, p := range legalPrefixesIn(text) {
		i := strings.Index(text, p)
		if i < 0 {
			continue
		}
		if len(text) > i+len(p) {
			// 公益財団法人千草の森づくり財団: the name runs on over の and
			// kana to its head.
			end := toks[len(toks)-1].End
			if m := legalNameTailRE.FindStringIndex(l.text[end:]); m != nil && !strings.ContainsAny(l.text[end:end+m[1]], "はがをにでともへや") {
				end += m[1]
			} else if e := introducedName(l.text, start+i+len(p)); e > end && cutInKana(l.text[end:e]) {
				// 株式会社いそしぎ銀行(頭取…): the name Kagome cut in its
				// kana, whole.
				end = e
			} else if rest, ok := strings.CutPrefix(l.text[end:], "の会"); ok {
				// 特定非営利活動法人ヨシゴイの会, but not …協議会の会員.
				if r, _ := utf8.DecodeRuneInString(rest); !isHan(r) && !isKatakana(r) {
					end += len("の会")
				}
			}
			return start + i, end, true
		}
		if i > 0 {
			break // 日本亜鉛製錬株式会社: a legal word after the name
		}
		// The run ends with the legal word: the name after it stands
		// apart (医療法人社団 青嶺会) or is hiragana Kagome read as grammar
		// (株式会社ひびき冷蔵物流: ひびき is a verb to it).
		if end := legalTail(l, start+i+len(p)); end > start+i+len(p) {
			return start + i, end, true
		}
		// Or the name is before it and Kagome read a word of it as a
		// verb (日本亜鉛製錬株式会社: 錬).
		if legalSuffix(p) {
			if s := legalHead(l, start); s < start {
				return s, start + i + len(p), true
			}
		}
		return 0, 0, false // a legal word alone names nothing
	}
	// Legal-entity word after the name (each has 会社 in it).
	if strings.Contains(text, "会社") {
		for _, p := range companySuffixes {
			if i := strings.LastIndex(text, p); i > 0 {
				return min(hiraganaLead(l.text, start), kanaLead(l, tokenIndex(l, start), false, true)), start + i + len(p), true
			}
		}
	}
	// Head noun: the name ends with the last one.
	for k := len(toks) - 1; k >= 0; k-- {
		if !orgHeads[toks[k].Surface] {
			if s, e, ok := headSpan(l, toks, k); ok {
				return leadBack(l, s), e, true
			}
			continue
		}
		// ほし/ぞ/ら/市, はや/ぶさ/大学: a head with only hiragana before
		// it in the run names what the hiragana does.
		if toks[0].Start == r.start {
			if s := bareHeadName(l, r.first, r.first+k); s >= 0 {
				return s, toks[k].End, true
			}
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
			if !placeName(toks[first:k]) || placeAfter(l.text[toks[k].End:]) {
				return 0, 0, false
			}
		}
		if k == first || determiners[toks[first].Surface] {
			return 0, 0, false
		}
		if first == 0 && k == 1 && toks[0].Start == r.start {
			if s := noLead(l, r.first); s < toks[0].Start {
				return s, toks[k].End, true // 杉の宮市
			}
		}
		return leadBack(l, toks[first].Start), toks[k].End, true
	}
	// An acronym in capitals standing alone (IBM, NHK, OECD), or before a
	// suffix (BMW車).
	if acronym(toks[0].Surface) && (len(toks) == 1 || toks[1].Is("接尾")) {
		return toks[0].Start, toks[0].End, true
	}
	// JR東海, NTT東日本: an acronym and a region.
	if len(toks) == 2 && acronym(toks[0].Surface) && toks[1].Is("固有名詞", "地域") && toks[1].Start == toks[0].End {
		return toks[0].Start, toks[1].End, true
	}
	// A foreign name the words around it make a company's: ナイアンティック
	// の子会社, IBMに入社.
	end = toks[len(toks)-1].End
	if foreignName(toks) && companyCue(l.text[end:]) {
		return toks[0].Start, end, true
	}
	return 0, 0, false
}

// companyCues after a name say it is a company's.
var companyCues = []string{
	"に入社", "に就職", "を退社", "に入団", "を設立", "を買収", "に買収", "と合併", "を吸収合併", "の子会社", "の完全子会社",
	"の傘下", "の親会社", "の創業者", "の代表取締役", "の社長", "の会長", "の取締役", "の本社", "の株式", "の経営権",
	"の商号", "の社名", "と資本提携", "と資本業務提携",
}

func companyCue(rest string) bool {
	for _, c := range companyCues {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	return false
}

// foreignName: a run of katakana or Latin words, none of them Kagome's
// person or place names (山田の社長, 米国の子会社).
func foreignName(toks []ja.Token) bool {
	for _, t := range toks {
		if t.Is("固有名詞", "人名") || t.Is("固有名詞", "地域") {
			return false
		}
		r, _ := utf8.DecodeRuneInString(t.Surface)
		if !isKatakana(r) && !isLatin(r) && !joinSymbol(t) && t.Surface != " " {
			return false
		}
	}
	return true
}

// notAcronyms are capitals that name no organization: business words and
// the furniture of web pages.
var notAcronyms = map[string]bool{
	"AI": true, "IT": true, "ICT": true, "DX": true, "GX": true, "MOU": true, "CEO": true, "CTO": true, "COO": true,
	"CFO": true, "CIO": true, "CMO": true, "CSO": true, "PDF": true, "URL": true, "PC": true, "SNS": true, "GPS": true,
	"LED": true, "EV": true, "HV": true, "PHV": true, "FCV": true, "ESG": true, "KPI": true, "API": true, "OS": true,
	"CPU": true, "GPU": true, "USB": true, "TV": true, "DVD": true, "CD": true, "HP": true, "FAQ": true, "PR": true,
	"HR": true, "AR": true, "VR": true, "MR": true, "XR": true, "QR": true, "RPA": true, "BPO": true, "EC": true,
	"M&A": true, "IPO": true, "TOB": true, "MBO": true, "ROE": true, "ROI": true, "GDP": true, "PCR": true, "DNA": true,
	"RNA": true, "MRI": true, "CT": true, "ICU": true, "BCP": true, "CSR": true, "OEM": true, "ODM": true, "R&D": true,
	"IR": true, "Q&A": true, "NPO": true, "NGO": true, "LLC": true, "INC": true, "LTD": true, "CO": true, "TEL": true,
	"FAX": true, "HOME": true, "MENU": true, "NEWS": true, "TOP": true, "PAGE": true, "NEW": true, "ALL": true,
	"MORE": true, "INFO": true, "OK": true, "NG": true, "FC": true, "JP": true, "EN": true, "US": true, "UK": true,
	"EU": true, "CO2": true, "SEO": true, "UI": true, "UX": true, "B2B": true, "B2C": true, "SaaS": true, "MaaS": true,
	"PoC": true, "AM": true, "PM": true, "NO": true, "VS": true, "ID": true, "IC": true, "IP": true,
	"ISO": true, "JIS": true, "GMP": true, "GHG": true, "UAV": true, "NFT": true, "VPP": true, "BEMS": true, "HEMS": true,
	"ZEB": true, "ZEH": true, "LCA": true, "PFAS": true, "PET": true, "LNG": true, "LPG": true, "BEV": true, "PHEV": true,
	"HEV": true, "FCEV": true, "ADAS": true, "GNSS": true, "OT": true, "BI": true, "CRM": true, "ERP": true, "SCM": true,
	"POS": true, "ATM": true, "SLA": true, "SDK": true, "CMS": true, "LMS": true, "VOD": true, "OTT": true, "CX": true,
	"EX": true, "SX": true, "WEB": true, "WWW": true, "HTML": true, "JSON": true, "XML": true, "CSV": true, "SMS": true,
	"LLM": true, "GPT": true, "NLP": true, "OCR": true, "RFID": true, "NFC": true, "BLE": true, "LAN": true, "WAN": true,
	"LTE": true, "SIM": true, "HDD": true, "SSD": true, "RAM": true, "CM": true, "HQ": true, "TTL": true, "DM": true,
	"UV": true, "OB": true, "OG": true, "QOL": true, "ADL": true,
}

// acronym: 2 to 6 capital letters (& inside), no digits, not a common
// abbreviation.
func acronym(s string) bool {
	n := len(s)
	if n < 2 || n > 6 || notAcronyms[s] {
		return false
	}
	for i := 0; i < n; i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c == '&' && i > 0 && i < n-1) {
			return false
		}
	}
	return true
}

// Words that say what the name after them is (子会社セガトイズ, 母体大阪産業
// 大学) and are not part of it.
var descriptors = map[string]bool{
	"会社": true, "子会社": true, "親会社": true, "関連会社": true, "持株会社": true, "企業": true, "母体": true,
	"所属": true, "新興": true, "大手": true, "中堅": true, "老舗": true, "系列": true, "提携先": true, "取引先": true,
	"相手": true, "傘下": true, "運営": true, "後": true, "メーカー": true,
}

// trimLead drops the words before a name in a run of nouns: determiners,
// numbers and dates (同大学, 2018年5月), counted ordinals (第27回衆議院) and
// descriptors before a name (子会社セガトイズ). It keeps the first word of
// a legal-entity word (国立 of 国立大学法人) and 第N of 第6師団.
func trimLead(text string, toks []ja.Token) []ja.Token {
	for len(toks) > 0 {
		t := toks[0]
		switch {
		case determiners[t.Surface] || t.Is("数") || t.Is("接尾", "助数詞"):
		case t.Surface == "年" || t.Surface == "月" || t.Surface == "日" || t.Surface == "年度":
			// 2015年5月7日: Kagome reads this 月 as a common noun.
		case t.Surface == "第" && len(toks) > 2 && toks[1].Is("数") && toks[2].Is("接尾", "助数詞"):
		case descriptors[t.Surface] && len(toks) > 1 && (nameWord(toks[1]) || knownOrgWord(toks[1])):
		default:
			// 関連会社電通映画社: a descriptor in the second word.
			if len(toks) > 2 && !nameWord(t) && descriptors[toks[1].Surface] && (nameWord(toks[2]) || knownOrgWord(toks[2])) && !startsLegal(text[t.Start:]) {
				return toks[2:]
			}
			return toks
		}
		if startsLegal(text[t.Start:]) {
			return toks
		}
		toks = toks[1:]
	}
	return toks
}

// officeOf: s ends with a word for a government office (庁, 委員会, 議会).
func officeOf(s string) bool {
	for _, w := range []string{"庁", "役所", "役場", "委員会", "議会", "局", "課", "部", "室"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// latinLegalAfter returns the length of the Latin legal-entity word rest
// starts with (", Inc.", " Co., Ltd.", " GmbH"), or 0.
func latinLegalAfter(rest string) int {
	best := 0
	for _, suf := range legalSuffixes {
		if suf[0] != ' ' && suf[0] != ',' || len(suf) <= best || !strings.HasPrefix(rest, suf) {
			continue
		}
		// " Co" must not match " Corporate": the word ends there.
		if after := rest[len(suf):]; after != "" && isLatin(rune(after[0])) {
			continue
		}
		best = len(suf)
	}
	return best
}

// latinStart returns where the Latin words that end toks begin
// (教育テクノロジー企業Brightwater Learning → Brightwater).
func latinStart(toks []ja.Token) int {
	i := len(toks) - 1
	for i > 0 && (latinToken(toks[i-1]) || toks[i-1].Surface == " " || joinSymbol(toks[i-1])) {
		i--
	}
	for i < len(toks)-1 && !latinToken(toks[i]) {
		i++
	}
	return toks[i].Start
}

// legalBefore returns where a parenthesized legal-entity word ((株), (一社))
// ending text begins, or -1.
func legalBefore(text string) int {
	if !strings.HasSuffix(text, ")") {
		return -1
	}
	for _, p := range legalPrefixes {
		if strings.HasPrefix(p, "(") && strings.HasSuffix(text, p) {
			return len(text) - len(p)
		}
	}
	return -1
}

func legalSuffix(p string) bool {
	switch p {
	case "株式会社", "有限会社", "合同会社", "合資会社", "合名会社":
		return true
	}
	return false
}

// legalHead returns where the name before a legal-entity word starting at
// off begins, when Kagome split it from the run: over the words before it
// up to a particle, a symbol or a space, one of them a noun. It returns off
// when there is none.
func legalHead(l *line, off int) int {
	k := tokenIndex(l, off)
	start, noun := off, false
	for ; k > 0; k-- {
		t := l.toks[k-1]
		if t.End != l.toks[k].Start || t.Class == ja.Particle || t.Class == ja.Symbol || joinSymbol(t) ||
			t.Is("数") || t.Is("接尾", "助数詞") || determiners[t.Surface] || descriptors[t.Surface] || afterName[t.Surface] {
			break // 2024年4月1日株式会社…: a date is no name
		}
		noun = noun || nameToken(t)
		start = t.Start
	}
	if !noun {
		return off
	}
	return start
}

// legalTail returns where the name after a legal-entity word ending at off
// ends, when it is not in the same run of nouns: after one space, hiragana
// words Kagome read as grammar (not particles) and the nouns after them.
// It returns off when no name follows.
func legalTail(l *line, off int) int {
	i := sort.Search(len(l.toks), func(i int) bool { return l.toks[i].Start >= off })
	end := off
	if i < len(l.toks) && l.toks[i].Start == off && l.toks[i].Surface == " " {
		end = l.toks[i].End
		i++
	}
	name := off
	for ; i < len(l.toks); i++ {
		t := l.toks[i]
		if t.Start != end {
			break
		}
		switch {
		case nameToken(t):
		case hiraganaWord(t) && t.Class != ja.Particle:
		case joinSymbol(t) && name > off && i+1 < len(l.toks) && nameToken(l.toks[i+1]):
		case name == off && t.Class == ja.Particle && hiraganaWord(t) && i+1 < len(l.toks) && l.toks[i+1].Start == t.End &&
			hiraganaWord(l.toks[i+1]) && (l.toks[i+1].POS == "動詞" || l.toks[i+1].POS == "接頭詞") && misread(l.toks[i+1]):
			// 株式会社はやぶさ…: は/やぶ/さ; a verb not in its dictionary
			// form cannot follow the topic は directly.
		case name > off && t.Class == ja.Particle && (t.Surface == "と" || t.Surface == "の") && i+1 < len(l.toks) &&
			l.toks[i+1].Start == t.End && orgHeads[l.toks[i+1].Surface] && allHiragana(l.text[off:name]):
			// 学校法人みさと学園: み/さ/と/学園; split at と, the name would
			// be two hiragana and the head would name nothing.
		default:
			return name
		}
		end, name = t.End, t.End
	}
	return name
}

// introducedName returns the end of a name that runs from off to the
// parenthesis introducing it (株式会社いそしぎ銀行(頭取 葛葉 英嗣、以下…),
// however Kagome cut it, or off: the name is letters only, at most twenty,
// and the parenthesis opens with a title or holds 以下 or a colon.
func introducedName(text string, off int) int {
	rest := text[off:]
	p := strings.IndexByte(rest, '(')
	if p <= 0 || !runesAtMost(rest[:p], 20) {
		return off
	}
	for _, r := range rest[:p] {
		if !isHan(r) && !isKatakana(r) && !isHiragana(r) && !isLatin(r) && r != 'ー' && r != '・' {
			return off
		}
	}
	if !introducesName(rest[p+1:]) {
		return off
	}
	return off + p
}

// introducesName: the parenthesis that begins s (its opening already read)
// introduces the name before it: 以下「…」, a field (本社:…), or a title.
func introducesName(s string) bool {
	if q := strings.IndexByte(s, ')'); q >= 0 {
		s = s[:q]
	}
	return strings.Contains(s, "以下") || strings.Contains(s, ":") || titleAt(s, 0) != ""
}

// cutInKana: what Kagome left of a name before its parenthesis is the
// rest of a word it cut in kana (しぎ銀行 of いそしぎ銀行), short, with no
// particle that would join another word (の, と, や).
func cutInKana(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return isHiragana(r) && runesAtMost(rest, 8) && !strings.ContainsAny(rest, "のとやがはをにで")
}

// misread: a hiragana token that can be a piece of a name Kagome did not
// know: a prefix, a filler, a noun, a verb not in its dictionary form (しお
// of しおみ; する or ある before a name is grammar), a 助詞類接続 adverb (さ).
// Particles, conjunctions and determiners (また, この) are grammar.
func misread(t ja.Token) bool {
	switch t.POS {
	case "接頭詞", "フィラー":
		return true
	case "名詞":
		return !t.Is("非自立") && !t.Is("代名詞") // こと, ため, これ: grammar
	case "動詞":
		return t.Term != t.Surface
	case "副詞":
		return t.Is("助詞類接続")
	}
	return false
}

func hiraganaWord(t ja.Token) bool {
	for _, r := range t.Surface {
		if !isHiragana(r) {
			return false
		}
	}
	return t.Surface != ""
}

// leadBack moves the start of a name back over the hiragana words before
// it that Kagome read as grammar (しお/み/信用金庫, ひい/ら/ぎ/町), at most six
// characters.
func leadBack(l *line, start int) int {
	return leadBackAt(l, tokenIndex(l, start), start)
}

// leadBackAt is leadBack for the token k of l, which starts at start.
func leadBackAt(l *line, k, start int) int {
	if k <= 0 || !hiraganaWord(l.toks[k-1]) {
		return start
	}
	return min(leadBackMisread(l, k, start), kanaLead(l, k, false, false))
}

// leadBackMisread is leadBack over the words misread reports.
func leadBackMisread(l *line, k, start int) int {
	n, first := 0, k
	for first > 0 {
		t := l.toks[first-1]
		if t.End != l.toks[first].Start || !hiraganaWord(t) || !misread(t) && !boundMisread(t) {
			break
		}
		n += utf8.RuneCountInString(t.Surface)
		if n > 6 {
			return start
		}
		first--
	}
	// ことね美術大学 (こと/ね): words that are grammar only in other
	// places (a bound noun, a sentence-final particle) count only where
	// the hiragana starts the line or follows punctuation; elsewhere the
	// name starts after the last of them.
	if b := l.toks[first].Start; b > 0 && !strings.ContainsRune("、。「(・ :,", lastRune(l.text[:b])) {
		for i := k - 1; i >= first; i-- {
			if !misread(l.toks[i]) {
				first = i + 1
				break
			}
		}
	}
	return l.toks[first].Start
}

// boundMisread: a bound noun (こと), a sentence-final particle (ね) or an
// adverb (はや of はやぶさ), which do not stand before a noun as grammar, is
// a misread piece of a name where the hiragana starts a phrase (see
// leadBack).
func boundMisread(t ja.Token) bool {
	return t.Is("非自立") && t.POS == "名詞" || t.POS == "助詞" && t.Is("終助詞") || t.POS == "副詞"
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

var companySuffixes = []string{"株式会社", "有限会社", "合同会社", "合資会社"}

func startsLegal(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !legalFirst.has(r) {
		return false // most text: a prefix test on each word would cost
	}
	for _, p := range legalPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// legalFirst holds the first runes of legalPrefixes.
var legalFirst = wordStarts(legalPrefixes)

func isMunicipalHead(s string) bool {
	switch s {
	case "市", "県", "町", "村", "府", "区":
		return true
	}
	return false
}

// placeWords after a municipality's name make it the place, not the
// government: 大阪市に本社を置く, 青森県出身, 湯平村間.
var placeWords = []string{
	"に本社", "に本店", "に本部", "に拠点", "に所在", "に位置", "に立地", "にある", "に住", "に生まれ", "に移転", "に進出",
	"に工場", "に事務所", "に店舗", "に設立", "に開業", "に開設", "に転居", "に移住", "にて", "出身", "在住", "生まれ", "内",
	"一帯", "周辺", "近郊", "郊外", "間", "沖", "駅", "で生まれ", "で開催", "で行", "に於",
}

// placeAfter: the text after a municipality's name reads it as a place.
func placeAfter(rest string) bool {
	for _, w := range placeWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	// 大垣市で開催, 安中町に設置: で and に mark the place, except where
	// the city acts or is acted on (市では, 市に対し, 市により).
	if r, ok := strings.CutPrefix(rest, "で"); ok {
		return !strings.HasPrefix(r, "は") && !strings.HasPrefix(r, "も")
	}
	if r, ok := strings.CutPrefix(rest, "に"); ok {
		for _, w := range []string{"よ", "対", "寄", "提", "協", "申", "要", "依", "贈", "納", "委", "働", "お願", "は", "も", "加", "参", "入"} {
			if strings.HasPrefix(r, w) {
				return false
			}
		}
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
// scanText finds the organizations of a text that is none of the page's
// lines (a table cell, a field's value, a part of <title>) as scanOrgs
// finds them in a line, and returns the line it made of the text.
func (x *extraction) scanText(s string) (*line, []mention) {
	l := &line{text: s, b: &block{kind: blockPara}}
	l.toks = x.x.an.Analyze(s).Tokens
	return l, x.scanOrgs(l)
}

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
		if len(out) > 0 && r.start < out[len(out)-1].end {
			continue // inside the name before (医療法人社団 青嶺会)
		}
		var e *orgEntry
		var start, end int
		if ae := x.orgs.abbrevOf(l.text[r.start:r.end], l.text[r.start:]); ae != nil && !(f.spanOK && f.span[1] == r.end) {
			e, start, end = ae, r.start, r.end // 三和理科大 for 三和理科大学
		} else if pe, n, from := x.knownAt(l, r); pe != nil {
			e, start, end = pe, from, from+n
			if end > r.end {
				// The first pass, not knowing the whole name yet, took the
				// run for one (生活協同組合コープ, JA): it was this one.
				if stale := x.orgs.lookup(l.text[from:r.end]); stale != nil && stale != pe.root() {
					stale.into = pe.root()
				}
			}
			// A longer legal name around a known short form wins: 三井不動産株式会社
			// (and one the same as the name found past the run is that name
			// in full: 一般社団法人はやぶさスポーツ協会).
			if s, en, ok := f.span[0], f.span[1], f.spanOK; ok && (en-s > n || end > r.end && s == start && en == end) {
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
		if e == nil && paren != nil && !paren.orgEvidence {
			for _, a := range paren.aliases {
				if acronym(a) {
					x.orgs.terms[a] = true
				}
			}
		}
		if e == nil || x.orgs.isTerm(e) {
			continue
		}
		if paren != nil && end == max(r.end, f.span[1]) {
			x.applyParen(e, paren)
		}
		out = append(out, mention{e: e, start: start, end: end})
	}
	return out
}

// knownAt returns the known organization a run starts with, the length
// matched and where: at the run's start, or before it where Kagome read
// the hiragana of a name as grammar (しおみ信金: し/お/み/信金).
func (x *extraction) knownAt(l *line, r nameRun) (*orgEntry, int, int) {
	for _, b := range [2]int{leadBackAt(l, r.first, r.start), placeLinkBack(l.text, r.start)} {
		if b < r.start {
			if e, n := x.orgs.prefixMatch(l.text[b:r.end]); e != nil && n > r.start-b {
				return e, n, b
			}
		}
	}
	e, n := x.orgs.prefixMatch(l.text[r.start:r.end])
	// 生活協同組合コープしおんと共同で: a known name that goes on past the
	// run in hiragana Kagome read as grammar.
	if c, _ := utf8.DecodeRuneInString(l.text[r.end:]); isHiragana(c) {
		// Keys have no legal words: look past one that opens the run.
		from := r.start
		for _, p := range legalPrefixesIn(l.text[r.start:r.end]) {
			if strings.HasPrefix(l.text[r.start:], p) {
				from += len(p)
				break
			}
		}
		if e2, n2 := x.orgs.prefixMatch(l.text[from:]); e2 != nil && from+n2 > r.end && tokenEndsAt(l, from+n2) {
			return e2, from + n2 - r.start, r.start
		}
	}
	return e, n, r.start
}

// placeLinkBack returns where a place name joined by ノ or ヶ starts when
// start is just after the join (鵜ノ|浦商議所, 鶴ヶ|浜市): one or two kanji
// before it, after a boundary; else start.
func placeLinkBack(text string, start int) int {
	j, size := utf8.DecodeLastRuneInString(text[:start])
	if !placeJoin(string(j)) {
		return start
	}
	b, n := start-size, 0
	for b > 0 && n < 3 {
		r, sz := utf8.DecodeLastRuneInString(text[:b])
		if !isHan(r) {
			break
		}
		b -= sz
		n++
	}
	if n == 0 || n > 2 {
		return start
	}
	return b
}

// placeJoin: kana that joins the kanji of a place's name (萩ノ浦, 鶴ヶ浜).
func placeJoin(s string) bool { return s == "ノ" || s == "ヶ" || s == "ケ" }

// tokenEndsAt reports whether a token of l ends at byte off.
func tokenEndsAt(l *line, off int) bool {
	i := sort.Search(len(l.toks), func(i int) bool { return l.toks[i].End >= off })
	return i < len(l.toks) && l.toks[i].End == off
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
			// The parenthesis follows the name, which may end after the
			// run (Brightwater Learning, Inc.(…)).
			f.paren = x.parenAfter(l, max(r.end, f.span[1]))
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
	// ハイ/デ/マン: katakana right before the run makes it the end of a
	// word Kagome split, not a name.
	if r.start > 0 {
		if p := lastRune(l.text[:r.start]); p != '・' && p != 'ー' && isKatakana(p) {
			if f, _ := utf8.DecodeRuneInString(l.text[r.start:]); isKatakana(f) {
				return false
			}
		}
	}
	// ダニエル・パーク氏(米): 氏, さん and 様 follow a person's name.
	for _, t := range l.toks[r.first : r.last+1] {
		if t.Is("接尾", "人名") {
			return false
		}
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
	return depthAt(l.parens, off) > 0
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
		if inner == "日" && weekdayAfter(l.text[:open]) {
			// 2月16日(日): Sunday, not Japan.
		} else if c, ok := countryMarks[inner]; ok {
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

// weekdayAfter: text ends with a date (16日), so a (日) after it is the
// day of the week.
func weekdayAfter(text string) bool {
	rest, ok := strings.CutSuffix(strings.TrimRight(text, " "), "日")
	if !ok || rest == "" {
		return false
	}
	r := lastRune(rest)
	return r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十〇", r)
}

func (x *extraction) readParen(inner string, p *paren) {
	// "現、神戸医療産業都市推進機構": the comma belongs to the former-name mark.
	if m := formerRE.FindStringSubmatch(inner); m != nil && !strings.ContainsAny(m[1], "、,") {
		p.aliases = append(p.aliases, trimSpace(m[1]))
		return
	}
	fields := splitTop(inner, "、", ";", "；")
	for i := 0; i < len(fields); i++ {
		field := trimSpace(fields[i])
		// 以下、「CMOA」という: the comma belongs to the definition.
		if (field == "以下" || field == "以下,") && i+1 < len(fields) {
			i++
			field = "以下" + trimSpace(fields[i])
		}
		// (独、Rodenberg Optik GmbH、…), (シンガポール、…): the country
		// comes first; it is no alias.
		if c, ok := countryMarks[field]; ok && i == 0 && len(fields) > 1 {
			p.country = c
			p.orgEvidence = true
			continue
		}
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
		// (ブライトウォーター・ラーニング社、…): the katakana name.
		if k := strings.TrimSuffix(field, "社"); k != field && acronymRE.MatchString(k) && isKatakana([]rune(k)[0]) {
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

// Head words beyond orgHeads, matched at the end of a token or of a run of
// tokens (Kagome keeps 龍谷大学 or 国防省 whole, or splits 欧州委員/会):
// strongHeads end a name whatever nouns stand before them (経済産業省,
// 欧州委員会); weakHeads are also common words (銀行, 鉄道, 軍, 社), so
// they end a name only after a word that reads as one (a proper noun,
// katakana, Latin letters): 東京新聞社 and ドイツ軍, not 投資銀行 or 3社.
var (
	strongHeads = []string{
		"大学", "大学院", "短期大学", "研究所", "機構", "財団", "協会", "連合会", "会議所", "組合", "信用金庫", "信用組合",
		"省", "庁", "学園", "研究院", "事業団", "公社", "公団", "学会", "協議会", "振興会", "ホールディングス",
		"政府", "議会", "裁判所", "幕府", "連盟", "同盟", "労組", "基金",
		"高等専門学校", "研究センター", "医療センター", "病院",
	}
	weakHeads = []string{
		"銀行", "証券", "生命", "保険", "火災", "信託", "鉄道", "電鉄", "電気", "電力", "電機", "航空", "交通", "バス", "汽車",
		"自動車", "製紙", "工業", "重工業", "重工", "興業", "建設", "商事", "物産", "商店", "商会", "新聞", "放送",
		"テレビ", "出版", "製作所", "製薬", "化学", "石油", "酒造", "鉄鋼", "グループ", "集団", "プロダクション",
		"プロ", "レコード", "社", "軍", "陸軍", "海軍", "空軍", "隊", "部隊", "艦隊", "師団", "軍団", "連隊", "政権", "党",
		"局", "院", "派", "会", "連合", "センター", "委員会", "評議会", "理事会", "審議会", "財閥", "通信", "ツーリスト",
		"エアラインズ", "ホテルズ", "取引所",
	}
)

// standaloneOrgs are single words that name one organization on their own.
var standaloneOrgs = map[string]bool{
	"海軍": true, "陸軍": true, "空軍": true, "自衛隊": true, "上院": true, "下院": true, "国連": true, "連合国": true,
	"衆議院": true, "参議院": true, "国会": true,
}

// headSpan reads toks[k], of a run on line l, as the end of a name: a token
// or tokens ending in a head word with something before it, or a word
// Kagome's dictionary knows as an organization (名詞,固有名詞,組織: 日本航空,
// 東芝).
func headSpan(l *line, toks []ja.Token, k int) (start, end int, ok bool) {
	t := toks[k]
	if k == 0 && standaloneOrgs[t.Surface] {
		return t.Start, t.End, true
	}
	if k == 0 && (notOrgWords[t.Surface] || genericOrgWords[t.Surface]) {
		return 0, 0, false // 県庁, 自社: a head in a common word
	}
	if knownOrgWord(t) {
		// 南陽マテリアル, 東邦食品: an organization word before a name's
		// word or a trade starts a longer name, unknown to Kagome. (Other
		// words after it are not the name's: 名古屋大学工学部, 東芝製.)
		if k+1 < len(toks) && (nameWord(toks[k+1]) || tradeWord(toks[k+1].Surface)) {
			return 0, 0, false
		}
		// The name does not reach back over a space (Managing Director
		// クラウス・ハイデマン).
		first := 0
		for i := k - 1; i > 0; i-- {
			if toks[i].Surface == " " {
				first = i + 1
				break
			}
		}
		// 岩倉 由佳: a surname Kagome also knows as a company; ディレクター
		// ユリアン・ヴェルナー, Director クラウス・ハイデマン: a person
		// after a title (Kagome's unknown katakana words can get the tag).
		prev, next := prevWord(l, toks[first]), nextWord(l, t)
		if next.Is("固有名詞", "人名") || prev.Surface != "" && (latinToken(prev) || isTitleWord(prev.Surface) || titleAt(prev.Surface, 0) != "") {
			return 0, 0, false
		}
		return toks[first].Start, t.End, true
	}
	if !headLast.has(lastRune(t.Surface)) {
		return 0, 0, false
	}
	if onlyGeneric(toks[:k+1]) {
		return 0, 0, false // 市役所本庁(舎): words for offices, no name
	}
	// The run's text: its tokens, and the spaces between Latin words.
	whole := l.text[toks[0].Start:t.End]
	for _, strong := range []bool{true, false} {
		heads := weakHeads
		if strong {
			heads = strongHeads
		}
		for _, h := range heads {
			if !strings.HasSuffix(whole, h) || len(whole) == len(h) {
				continue // not this head, or the head alone (大学)
			}
			// The head ends token k and starts at a token boundary or
			// inside token k itself (龍谷大学).
			hs := k // the token the head starts in
			inToken := len(t.Surface) > len(h)
			if !inToken {
				if hs = tokenStarting(toks[:k+1], t.End-len(h)); hs <= 0 {
					continue
				}
			}
			if !strong && !weakHeadOK(toks, hs, h, inToken) {
				continue
			}
			return toks[0].Start, t.End, true
		}
	}
	return 0, 0, false
}

// headLast holds the last runes of the head words, to skip most tokens at
// once.
var headLast = wordEnds(strongHeads, weakHeads)

// tradeWord: a word for a line of business, which ends many company names
// (東邦食品, 南陽物産).
func tradeWord(s string) bool {
	switch s {
	case "食品", "産業", "物産", "物流", "運輸", "不動産", "薬品", "製薬", "印刷", "精機", "工機", "電子", "技研", "開発",
		"製作所", "商事", "工業", "建設", "電機", "電気", "化学", "通信", "交通", "銀行", "証券", "保険", "生命", "興業",
		"鉄道", "航空", "製紙", "繊維", "商会", "商店", "農産", "水産", "販売", "設計", "技術", "研究所":
		return true
	}
	return false
}

// nextWord returns the token after t on the line, past one space, or a zero
// Token.
func nextWord(l *line, t ja.Token) ja.Token {
	n := tokenIndex(l, t.Start) + 1
	if n > 0 && n < len(l.toks) && l.toks[n].Surface == " " {
		n++
	}
	if n <= 0 || n >= len(l.toks) {
		return ja.Token{}
	}
	return l.toks[n]
}

// deptHeads also end the names of departments (広報グループ, 研修センター):
// the word before them must be a name's or another head.
var deptHeads = map[string]bool{"グループ": true, "センター": true, "会": true}

// prevWord returns the token before t on the line, past one space, or a
// zero Token.
func prevWord(l *line, t ja.Token) ja.Token {
	n := tokenIndex(l, t.Start) - 1
	if n >= 0 && l.toks[n].Surface == " " {
		n--
	}
	if n < 0 {
		return ja.Token{}
	}
	return l.toks[n]
}

// serviceHeads also end the names of services (デマンド交通, 路線バス): the
// word before them must be a proper noun (奈良交通, 会津バス).
var serviceHeads = map[string]bool{"交通": true, "バス": true}

// weakHeadOK: a weak head h (銀行, 社, 軍) that starts in toks[hs] ends a
// name only where the words before it read as one. Inside a word it is that word's (会社, 神社, 大会)
// unless the word is a name itself (東海銀行). As a word of its own, it
// must not count (5社; 第5軍団 is a name), and the words before must hold a name (投資銀行
// holds none); see deptHeads for more.
func weakHeadOK(toks []ja.Token, hs int, h string, inToken bool) bool {
	if inToken {
		return toks[hs].Class == ja.ProperNoun
	}
	prev := toks[hs-1]
	if prev.Is("数") && (hs < 2 || toks[hs-2].Surface != "第") || deptHeads[h] && !nameWord(prev) && !knownOrgWord(prev) && !endsName(prev) {
		return false
	}
	if serviceHeads[h] {
		return prev.Class == ja.ProperNoun
	}
	for _, u := range toks[:hs] {
		if nameWord(u) || knownOrgWord(u) {
			return true
		}
	}
	return false
}

// tokenStarting returns the index of the token that starts at byte offset
// off, or -1.
func tokenStarting(toks []ja.Token, off int) int {
	for i, t := range toks {
		if t.Start == off {
			return i
		}
	}
	return -1
}

// notOrgWords are words the dictionary tags as organizations that refer to
// one instead of naming it.
var notOrgWords = map[string]bool{
	"自社": true, "他社": true, "当社": true, "弊社": true, "同社": true, "御社": true, "貴社": true, "各社": true, "本社": true,
}

// genericOrgWords are single words that end in a head but name a kind of
// organization, not one.
var genericOrgWords = map[string]bool{
	"県庁": true, "都庁": true, "府庁": true, "道庁": true, "官庁": true, "省庁": true, "本庁": true, "短期大学": true,
	"女子大学": true, "市役所": true, "区役所": true, "町役場": true, "村役場": true, "私立大学": true, "国立大学": true,
	"公立大学": true, "大学病院": true, "総合病院": true, "中核病院": true, "基幹病院": true, "拠点病院": true, "協力病院": true, "連携病院": true, "子会社": true, "親会社": true, "商社": true, "新聞社": true,
}

// legalNameTailRE: the rest of a name after a legal prefix that Kagome's
// run left behind (の森づくり財団), up to a strong head.
var legalNameTailRE = regexp.MustCompile(`^の[\p{Han}\p{Katakana}\p{Hiragana}ー・]{1,12}?(?:財団|協会|機構|研究所|学園|組合|連合会|協議会|会議所|振興会|基金|センター)`)

// onlyGeneric reports whether every token is a generic organization word.
func onlyGeneric(toks []ja.Token) bool {
	for _, t := range toks {
		if !genericOrgWords[t.Surface] {
			return false
		}
	}
	return len(toks) > 0
}

// knownOrgWord: a word of two or more characters that Kagome's dictionary
// lists as an organization, not Latin letters (all unknown Latin words
// get that tag).
func knownOrgWord(t ja.Token) bool {
	if !t.Is("固有名詞", "組織") || utf8.RuneCountInString(t.Surface) < 2 || notOrgWords[t.Surface] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.Surface)
	return !isLatin(r)
}

// nameWord: a token that reads as (part of) a name: a proper noun, a word
// in katakana or Latin letters.
func nameWord(t ja.Token) bool {
	if t.Class == ja.ProperNoun {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.Surface)
	return isLatin(r) || isKatakana(r) && r != '・' && r != 'ー'
}

// tokenIndex returns the index of the token of l starting at byte off, or
// -1: a binary search, as the organization rules ask it for every run.
func tokenIndex(l *line, off int) int {
	i := sort.Search(len(l.toks), func(i int) bool { return l.toks[i].Start >= off })
	if i < len(l.toks) && l.toks[i].Start == off {
		return i
	}
	return -1
}

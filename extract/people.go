package extract

import (
	"regexp"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Titles of the people press releases name, longest first at match time.
var titleWords = []string{
	"代表取締役社長執行役員", "代表取締役社長兼CEO", "代表取締役会長兼CEO", "代表取締役社長CEO", "代表取締役会長兼社長",
	"代表取締役社長", "代表取締役会長", "代表取締役副社長", "代表取締役専務", "代表取締役CEO", "代表取締役",
	"取締役副社長", "取締役会長", "専務取締役", "常務取締役", "社外取締役", "取締役", "代表執行役社長", "代表執行役",
	"社長執行役員", "執行役員社長", "専務執行役員", "常務執行役員", "上席執行役員", "執行役員", "副社長", "社長", "副会長", "名誉会長", "会長",
	"代表理事組合長", "代表理事長", "代表理事", "副理事長", "専務理事", "常務理事", "理事長", "理事", "会頭", "副会頭", "頭取",
	"副市長", "市長", "副町長", "町長", "副村長", "村長", "副区長", "区長", "副知事", "県知事", "都知事", "府知事", "知事", "大臣",
	"副学長", "学長", "総長", "学部長", "研究科長", "研究所長", "副所長", "所長", "センター長", "機構長",
	"病院長", "院長", "特任教授", "名誉教授", "准教授", "教授", "講師", "助教", "上席研究員", "主席研究員", "主任研究員", "研究員",
	"本部長", "部門長", "部長", "室長", "課長", "支店長", "局長", "校長", "園長", "議長", "委員長", "研究院長", "組合長", "施設長", "危機管理監", "消防長",
	"最高経営責任者", "CEO", "COO", "CTO", "CFO", "代表者", "代表",
	"マネージングディレクター", "マネジングディレクター", "チーフ・エグゼクティブ", "チーフエグゼクティブ", "Managing Director", "General Manager", "President", "プレジデント", "ヴァイスチャンセラー", "バイスチャンセラー",
	"研究開発ディレクター", "ディレクター", "領域長", "教育長", "選手", "董事長", "代表社員", "職務執行者",
}

// titleSet and titlesByRune index titleWords: titleAt runs at every rune of
// every line.
var titleSet, titlesByRune, titleFirst = indexTitles(titleWords)

func indexTitles(words []string) (map[string]bool, map[rune][]string, *runeSet) {
	set := map[string]bool{}
	byRune := map[rune][]string{}
	first := &runeSet{}
	for _, t := range words {
		set[t] = true
		r, _ := utf8.DecodeRuneInString(t)
		byRune[r] = append(byRune[r], t) // in list order, as titleAt picks
		first.add(r)
	}
	return set, byRune, first
}

func isTitleWord(s string) bool { return titleSet[s] }

// titleAt returns the longest title starting at text[i:] (the first of the
// list among equally long ones).
func titleAt(text string, i int) string {
	if i >= len(text) {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if !titleFirst.has(r) {
		return ""
	}
	best := ""
	for _, t := range titlesByRune[r] {
		if len(t) > len(best) && strings.HasPrefix(text[i:], t) {
			best = t
		}
	}
	return best
}

// runeSet is a bitmap of runes of the Basic Multilingual Plane.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r/64] |= 1 << (r % 64)
	}
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r/64]&(1<<(r%64)) != 0
}

var (
	// A name after a title: kanji family and given names with at most one
	// space between, or katakana with ・, or Latin words.
	personNameRE = regexp.MustCompile(`^(?:[\p{Han}々ヶ]{1,4}(?:[ 　]?[\p{Han}々ヶ]{1,4}|[ 　][\p{Hiragana}\p{Katakana}]{1,4})?|[\p{Katakana}ー]{2,}(?:[・=][\p{Katakana}ー]{2,})+|[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-zA-Z'-]+)+)`)
	spacedNameRE = regexp.MustCompile(`^[\p{Han}々]{1,4}[ 　][\p{Han}々\p{Hiragana}\p{Katakana}]{1,4}$`)
	// What may follow a name.
	afterPersonRE = regexp.MustCompile(`^(?:$|[ 　]*(?:氏|さん|様|殿|君|先生)|[はがのもにとを、。)」,.\s(:：])`)
)

// titledName reads "理事長:岡野栄之" or "代表取締役社長 山田太郎".
func titledName(s string) (name, title string, ok bool) {
	s = trimSpace(s)
	title = titleAt(s, 0)
	if title == "" {
		return "", "", false
	}
	rest := strings.TrimLeft(s[len(title):], " 　:：")
	m := personNameRE.FindString(rest)
	if m == "" || !afterPersonRE.MatchString(rest[len(m):]) {
		return "", "", false
	}
	return trimSpace(m), title, true
}

// addPerson records a person once, by name without spaces; the first
// title and organization seen stay.
func (x *extraction) addPerson(p Person, org *orgEntry) {
	if org != nil {
		x.personOrg[removeSpaces(p.Name)] = org.root()
	}
	key := removeSpaces(p.Name)
	for i := range x.people {
		if removeSpaces(x.people[i].Name) == key {
			if x.people[i].Title == "" {
				x.people[i].Title = p.Title
			}
			return
		}
		// 木下 陽菜, then 木下 alone with the same title: the same person.
		if full := x.people[i].Name; x.people[i].Title == p.Title && strings.HasPrefix(full, p.Name+" ") {
			return
		}
	}
	x.people = append(x.people, p)
}

// scanPeople finds "[組織]肩書[の] 氏名[ 氏]" on a line. The name must look
// like a person's to Kagome (a 人名 token) or be followed by 氏 or さん, so
// that 市長主導 is not read as a person called 主導.
func (x *extraction) scanPeople(l *line, mentions []mention) {
	if l.b.kind == blockRow && l.b.header {
		return // 名称 | 所在地 | 代表者: column names
	}
	if englishLine(l.text) {
		return // an English summary names again, in Latin letters, who the Japanese text names
	}
	text := l.text
	for i := 0; i < len(text); {
		title := titleAt(text, i)
		if title == "" {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		// Only the end of a title run counts: 代表取締役社長, not its 取締役.
		j := i + len(title)
		rest := text[j:]
		lead := len(rest) - len(strings.TrimLeft(rest, " 　:："))
		if strings.HasPrefix(rest[lead:], "の") {
			lead += len("の")
		} else if strings.HasPrefix(rest[lead:], "である") {
			lead += len("である")
		}
		lead += len(rest[lead:]) - len(strings.TrimLeft(rest[lead:], " 　"))
		// 副学長(研究・社会連携担当) 葉山 恭子, 代表取締役(CEO) …: what the
		// title covers, in parentheses before the name.
		if n := titleParen(rest[lead:]); n > 0 {
			lead += n
			lead += len(rest[lead:]) - len(strings.TrimLeft(rest[lead:], " 　"))
		}
		if r, ok := strings.CutPrefix(rest[lead:], "、"); ok {
			// プレジデント、ヘレナ・ストラスモア氏: a name in apposition,
			// taken only with its honorific.
			if n := personNameRE.FindString(r); n != "" && strings.HasPrefix(strings.TrimLeft(r[len(n):], " 　"), "氏") {
				lead += len("、")
			}
		}
		nameText := personNameRE.FindString(rest[lead:])
		if tn := tokenName(l, j+lead); len(tn) > len(nameText) || nameText == "" && tn != "" {
			// 野々村さくら: Kagome knows the family name; the given name in
			// kana follows up to the particle.
			nameText = tn
		}
		if nameText == "" {
			x.nameBeforeTitle(l, mentions, i, j)
			i = j
			continue
		}
		// A longer title may run into the "name": 代表 + 取締役社長.
		if t := titleAt(rest[lead:], 0); t != "" {
			x.nameBeforeTitle(l, mentions, i, j)
			i = j
			continue
		}
		after := rest[lead+len(nameText):]
		nameText = strings.TrimRight(nameText, " 　")
		if n, ok := trimNameTail(nameText, after); ok {
			// 久遠 ちなつと、…: the particle is not the name's; 獅子堂 剛氏に:
			// nor is the honorific.
			after = rest[lead+len(n):]
			nameText = n
		}
		if !afterPersonRE.MatchString(after) {
			// Greedy kanji may have eaten a following word: try shorter.
			nameText, after = shrinkName(rest[lead:], nameText)
			if nameText == "" {
				x.nameBeforeTitle(l, mentions, i, j)
				i = j
				continue
			}
		}
		start := j + lead
		if !x.looksLikePerson(l, start, start+len(nameText), after) {
			x.nameBeforeTitle(l, mentions, i, j)
			i = j
			continue
		}
		tstart := i
		switch {
		case extendableTitle(title):
			tstart = extendTitle(text, i, mentions)
			title = text[tstart:j]
		case strings.HasSuffix(title, "知事") && len(title) > len("知事") && i > 0:
			// 水城県知事: the prefecture is the organization, 知事 the title.
			if r, _ := utf8.DecodeLastRuneInString(text[:i]); isHan(r) {
				tstart = j - len("知事")
				title = "知事"
			}
		}
		// アジア太平洋地域担当副社長: the area in charge belongs to the title.
		if k := strings.LastIndexAny(text[:tstart], " 、,:("); strings.HasSuffix(text[:tstart], "担当") && tstart-(k+1) <= 45 {
			tstart = k + 1
			title = text[tstart:j]
		}
		org := x.orgBefore(l, mentions, tstart, title)
		if org == nil && l.b.kind == blockRow {
			org = x.tableOrg(l)
		}
		x.addPerson(Person{Name: nameText, Title: title}, org)
		i = start + len(nameText)
	}
}

var (
	// A family and a given name parted by a space, ending a text, after a
	// boundary: 「…学部の木暮 遼」教授.
	nameBeforeRE = regexp.MustCompile(`(?:^|[、,の「(\s:：])([\p{Han}々]{1,3} [\p{Han}々\p{Hiragana}]{1,3}) ?$`)
	// What may follow a title that follows a name.
	afterTitleRE = regexp.MustCompile(`^(?:$|[のはがともを、。)」,\s(:：]|氏)`)
)

// nameBeforeTitle reads 「木暮 遼教授」 and 「藤堂 亮介 代表取締役」: a full
// name just before the title text[i:j], when no name follows it.
func (x *extraction) nameBeforeTitle(l *line, mentions []mention, i, j int) {
	if !afterTitleRE.MatchString(l.text[j:]) {
		return
	}
	// The title as found first (宍戸達郎本部長: Kagome knows the name
	// glued to it), then with its own words before it where no name stood
	// there: 国際担当副学長, 理事・副学長, 海洋科学部長.
	starts := []int{i, titleLead(l.text, i)}
	// 御船 冬彦 鴇田県知事: the prefecture glued to 知事, when the release
	// knows it, is the organization, not part of the title or the name.
	if t := l.text[i:j]; t == "県知事" || t == "都知事" || t == "府知事" {
		k := i + len("県")
		if w := l.text[strings.LastIndexAny(l.text[:k], " 　")+1 : k]; w != "" && x.orgs.lookup(w) != nil {
			starts = []int{k}
		}
	}
	if extendableTitle(l.text[i:j]) {
		starts = append(starts, titleLead(l.text, extendTitle(l.text, i, mentions)))
	}
	for k, ti := range starts {
		if k > 0 && ti == starts[k-1] {
			continue
		}
		if start, end, ok := x.nameEndingAt(l, ti, j); ok {
			x.addPerson(Person{Name: l.text[start:end], Title: l.text[ti:j]}, x.orgBefore(l, mentions, start, l.text[ti:j]))
			return
		}
	}
}

// nameEndingAt finds the name standing before the title text[i:j]: a
// spaced kanji name, one Kagome knows, or a katakana one.
func (x *extraction) nameEndingAt(l *line, i, j int) (start, end int, ok bool) {
	text := l.text
	head := text[:i]
	if len(head) > 40 {
		head = head[len(head)-40:]
		for len(head) > 0 && !utf8.RuneStart(head[0]) {
			head = head[1:]
		}
	}
	off := i - len(head)
	// 日置 晴彦 楓浜市長: the word glued to 市長 is the city (楓浜市, known
	// here), the name stands before it.
	if unit, ok := municipalUnit[text[i:j]]; ok {
		if k := strings.LastIndexAny(head, " 　"); k >= 0 && k+1 < len(head) {
			if w := head[k+1:]; x.orgs.lookup(w+unit) != nil {
				head = strings.TrimRight(head[:k], " 　")
			}
		}
	}
	// 渚 泰明(夕凪市長), 芦原 克己(夕凪市教育委員会教育長): the title, after
	// its organization, in parentheses after the name.
	if p := strings.LastIndexByte(head, '('); p >= 0 && strings.HasPrefix(text[j:], ")") && runesAtMost(head[p+1:], 20) && !strings.ContainsAny(head[p+1:], "、。()") {
		head = strings.TrimRight(head[:p], " 　")
	}
	if m := nameBeforeRE.FindStringSubmatchIndex(head); m != nil {
		start, end = off+m[2], off+m[3]
	} else if s, e, ok := tokenFullName(l, i); ok {
		// 柏木俊介会頭: Kagome knows the family and the given name.
		start, end = s, e
	} else if m := kanaNameBeforeRE.FindStringSubmatchIndex(head); m != nil {
		// マリア・ホセ・ウルティア学長: a foreign name in katakana.
		start, end = off+m[2], off+m[3]
	} else {
		return 0, 0, false
	}
	name := text[start:end]
	if titleAt(name, 0) != "" || !x.looksLikePerson(l, start, end, text[end:]) {
		return 0, 0, false
	}
	// 柚木原市長: the word glued to 市長 is the city when the release knows
	// it (柚木原市), even where Kagome reads it as a family and a given name.
	if unit := municipalUnit[text[i:j]]; unit != "" && end == i && x.orgs.lookup(name+unit) != nil {
		return 0, 0, false
	}
	// The name must not hold a title's end (代表取締役 社長).
	for k := 0; k < len(name); k++ {
		if t := titleAt(name, k); t != "" && k+len(t) >= len(name)-1 {
			return 0, 0, false
		}
	}
	return start, end, true
}

// englishLine: a line of English prose (more Latin letters than Japanese
// characters, and a few words), not a Japanese line with a Latin name.
func englishLine(s string) bool {
	ascii := 0
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			ascii++
		}
	}
	if ascii <= 40 {
		return false // most lines: no need to read their runes
	}
	latin, ja := 0, 0
	for _, r := range s {
		switch {
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		case isHan(r) || isKatakana(r) || isHiragana(r):
			ja++
		}
	}
	return latin > 40 && latin > 2*ja
}

// kanaNameBeforeRE: a name in katakana, its parts joined by ・ or =,
// ending a text after a boundary (ホアキン・ペレス=ビダル).
var kanaNameBeforeRE = regexp.MustCompile(`(?:^|[、,の「(\s:：])([\p{Katakana}ー]+(?:[・=][\p{Katakana}ー]+)+) ?$`)

// titleLead moves the start i of a title back over what belongs to it:
// the area in charge (国際担当副学長) and a title joined by ・ (理事・副学長).
func titleLead(text string, i int) int {
	if strings.HasSuffix(text[:i], "担当") {
		k, n := i-len("担当"), 0
		for ; k > 0 && n < 10; n++ {
			r, size := utf8.DecodeLastRuneInString(text[:k])
			if !isHan(r) {
				break
			}
			k -= size
		}
		if n > 0 {
			i = k
		}
	}
	if k := i - len("・"); strings.HasSuffix(text[:i], "・") {
		for _, t := range titleWords { // longest first where it matters: 代表理事 before 理事
			if strings.HasSuffix(text[:k], t) {
				return k - len(t)
			}
		}
	}
	return i
}

// municipalUnit maps the titles of municipal heads to the unit whose
// name they follow (楓浜 + 市 + 長).
var municipalUnit = map[string]string{"市長": "市", "町長": "町", "村長": "村", "区長": "区", "知事": ""}

// tokenFullName finds a family name and a given name (人名,姓 + 人名,名)
// ending at byte end, with at most one space before it.
func tokenFullName(l *line, end int) (int, int, bool) {
	end = len(strings.TrimRight(l.text[:end], " "))
	for k := 1; k < len(l.toks); k++ {
		g, f := l.toks[k], l.toks[k-1]
		if g.End != end {
			continue
		}
		if g.Is("固有名詞", "人名", "名") && f.Is("固有名詞", "人名", "姓") && f.End == g.Start {
			return f.Start, g.End, true
		}
		return 0, 0, false
	}
	return 0, 0, false
}

// extendableTitle: titles that take their department in front: 商品開発部長,
// 医学部長.
func extendableTitle(t string) bool {
	switch t {
	case "部長", "学部長", "研究科長", "所長", "センター長", "室長", "課長", "局長", "本部長", "支店長", "部門長", "領域長":
		return true
	}
	return false
}

// extendTitle moves a title's start back over the kanji (and katakana and
// capitals) of its department, up to sixteen (kana within the first eight),
// stopping before an organization word (大学医学部長 → 医学部長) or the end
// of a name mentioned (CMOA観測技術研究部門長). 法人 opening the run is a
// department's word (法人営業部長), not a legal-entity word.
func extendTitle(text string, i int, mentions []mention) int {
	start := i
	kanaEnd := -1 // the right edge of the katakana run being read
	for n := 0; n < 16 && start > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if r == '・' || r == '=' {
			// ロドリゴ・カンポス海洋科学部長: katakana after ・ end a
			// person's name, not a department's.
			if kanaEnd >= 0 {
				start = kanaEnd
			}
			break
		}
		if isKatakana(r) {
			if kanaEnd < 0 {
				kanaEnd = start
			}
		} else {
			kanaEnd = -1
		}
		// アライアンス推進部長, 広報IR室長: katakana and Latin capitals
		// name departments too.
		if !isHan(r) && !isKatakana(r) && !(isLatin(r) && unicode.IsUpper(r)) || endsMention(mentions, start) {
			break
		}
		if !isHan(r) && n >= 8 {
			break
		}
		cand := text[start-size : i]
		if strings.Contains(cand, "大学") || strings.Contains(cand, "社") || strings.Contains(cand, "市") || strings.Contains(cand, "県") {
			break
		}
		if strings.Contains(cand, "法人") {
			// 法人営業部長 keeps its 法人 only where the run starts.
			// (cand has just grown to start with 法人.)
			if b, _ := utf8.DecodeLastRuneInString(text[:start-size]); !isHan(b) {
				start -= size
			} else {
				start += len("人")
			}
			break
		}
		start -= size
	}
	// Stopped inside a katakana word (the budget ran out): none of it.
	if kanaEnd >= 0 && start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); isKatakana(r) && r != '・' {
			start = kanaEnd
		}
	}
	return start
}

func endsMention(ms []mention, off int) bool {
	for _, m := range ms {
		if m.end == off {
			return true
		}
	}
	return false
}

// tableOrg finds the organization a table of facts is about: the one named
// in its 名称 or 会社名 row.
func (x *extraction) tableOrg(l *line) *orgEntry {
	for i := range x.lines {
		o := &x.lines[i]
		if o.b.kind != blockRow || o.b.list != l.b.list || len(o.b.cells) < 2 {
			continue
		}
		if nameFieldRE.MatchString(trimSpace(o.b.cells[0])) {
			if ms := x.mentions[i]; len(ms) > 0 {
				return ms[0].e
			}
		}
	}
	return nil
}

var nameFieldRE = regexp.MustCompile(`^(?:名称|会社名|商号|法人名|団体名|社名|企業名|機関名)$`)

// tokenName reads a name from Kagome's tokens at byte offset off: a family
// name (人名,姓) and the words after it up to a particle, at most two more.
func tokenName(l *line, off int) string {
	k := l.tokenAt(off)
	if k < 0 || !l.toks[k].Is("固有名詞", "人名") {
		return ""
	}
	end := l.toks[k].End
	for n, m := 0, k+1; m < len(l.toks) && n < 2; m++ {
		t := l.toks[m]
		if t.Start != end || t.POS == "助詞" || t.POS == "助動詞" || t.Class == ja.Symbol || titleAt(l.text, t.Start) != "" {
			break
		}
		if r, _ := utf8.DecodeRuneInString(t.Surface); !isHan(r) && !isHiragana(r) && !isKatakana(r) || utf8.RuneCountInString(t.Surface) > 4 {
			break
		}
		end = t.End
		n++
	}
	return l.text[off:end]
}

// trimNameTail takes a particle (と, や) or the honorific 氏 off the end of
// a spaced name read greedily, when what is left is still a spaced name.
func trimNameTail(name, after string) (string, bool) {
	family, given, ok := strings.Cut(name, " ")
	if !ok || family == "" {
		return "", false
	}
	last, n := utf8.DecodeLastRuneInString(given)
	rest := given[:len(given)-n]
	switch {
	case last == '氏' && rest != "":
		return family + " " + rest, true
	case strings.ContainsRune("とや", last) && utf8.RuneCountInString(rest) >= 2 && isHiragana(lastRune(rest)) && (strings.HasPrefix(after, "、") || strings.HasPrefix(after, ",")):
		return family + " " + rest, true
	}
	return "", false
}

func shrinkName(s, name string) (string, string) {
	runes := []rune(name)
	for n := len(runes) - 1; n >= 2; n-- {
		cand := strings.TrimRight(string(runes[:n]), " 　")
		if afterPersonRE.MatchString(s[len(cand):]) {
			return cand, s[len(cand):]
		}
	}
	return "", ""
}

func (x *extraction) looksLikePerson(l *line, start, end int, after string) bool {
	if notPersonNames[l.text[start:end]] {
		return false // 代表者の皆さん: everyone, with さん
	}
	for _, w := range strings.Fields(l.text[start:end]) {
		if w == "同" || w == "ほか" || w == "他" {
			return false // 会長 鬼頭 剛三 / 同 副会長: ditto marks the organization, not a name
		}
	}
	// "代表取締役CEO 浅見 ゆう": a family and a given name parted by a space
	// after a title is how formal Japanese writes a name.
	if spacedNameRE.MatchString(l.text[start:end]) {
		return true
	}
	if strings.HasPrefix(strings.TrimLeft(after, " 　"), "氏") || strings.HasPrefix(strings.TrimLeft(after, " 　"), "さん") {
		return true
	}
	for _, t := range l.toks {
		if t.End <= start || t.Start >= end {
			continue
		}
		if t.Is("固有名詞", "人名") {
			return true
		}
	}
	name := l.text[start:end]
	// Katakana and Latin names Kagome does not know: the shape must do; a
	// company's (Wayfarrow Travel Inc) is not a person's.
	r, _ := utf8.DecodeRuneInString(name)
	return isKatakana(r) && strings.ContainsAny(name, "・=") || isLatin(r) && strings.Contains(name, " ") && latinLegalAfter(" "+lastWord(name)) == 0
}

func lastWord(s string) string {
	return s[strings.LastIndexByte(s, ' ')+1:]
}

// titleParen returns the length of a parenthesis at the start of s that
// qualifies a title (an area in charge, 担当, another title, a note such
// as 出向), or 0.
func titleParen(s string) int {
	if !strings.HasPrefix(s, "(") {
		return 0
	}
	end := strings.IndexByte(s, ')')
	if end < 0 || !runesAtMost(s[1:end], 20) || strings.ContainsAny(s[1:end], "、。()") {
		return 0
	}
	if in := s[1:end]; strings.HasSuffix(in, "担当") || titleAt(in, 0) == in || titleNotes[in] {
		return end + 1
	}
	return 0
}

// titleNotes are what personnel notices put in parentheses after a title.
var titleNotes = map[string]bool{"出向": true, "兼務": true, "兼任": true, "新任": true, "再任": true, "昇任": true, "常勤": true, "非常勤": true}

// notPersonNames are words that take a person's honorific without naming
// one (皆さん, 皆様: everyone).
var notPersonNames = map[string]bool{"皆": true, "皆様": true, "皆さま": true, "みな": true, "みんな": true, "各位": true}

// orgBefore finds the organization a title belongs to: a name ending right
// before it (LINK-J理事), the municipality of 市長 (川崎 + 市長), or the
// parenthesis owner handled by applyParen.
func (x *extraction) orgBefore(l *line, mentions []mention, titleStart int, title string) *orgEntry {
	for _, m := range mentions {
		if m.end > titleStart {
			continue
		}
		if gap := strings.TrimSpace(l.text[m.end:titleStart]); gap == "" || gap == "の" {
			return m.e
		}
	}
	head := ""
	switch {
	case strings.HasPrefix(title, "市"), strings.HasPrefix(title, "町"), strings.HasPrefix(title, "村"), strings.HasPrefix(title, "区"):
		head = title[:len("市")]
	case title == "知事":
		// 水城県知事: the prefecture ends right before the title.
		for _, h := range []string{"県", "都", "府", "道"} {
			if !strings.HasSuffix(l.text[:titleStart], h) {
				continue
			}
			for _, r := range nameRuns(l) {
				if r.start < titleStart && r.end >= titleStart && titleStart-r.start > len(h) {
					place := l.text[r.start:titleStart]
					if e := x.orgs.lookup(place); e != nil {
						return e
					}
					return x.orgs.add(place)
				}
			}
		}
	}
	if head != "" {
		// The place name is the run ending at the title.
		for _, r := range nameRuns(l) {
			if r.start < titleStart && r.end >= titleStart {
				if e := x.orgs.lookup(l.text[r.start:titleStart] + head); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

// people returns the people found, each with the key of their organization.
func (x *extraction) finalPeople() []Person {
	out := make([]Person, 0, len(x.people))
	for _, p := range x.people {
		if e := x.personOrg[removeSpaces(p.Name)]; e != nil {
			p.Organization = e.root().key
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return false })
	return out
}

package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/extract/jpdate"
)

// draft is an agreement while extraction gathers and merges its parts.
type draft struct {
	partner   *orgEntry
	subject   *orgEntry
	label     string
	kind      string
	signed    jpdate.Date
	purpose   string
	items     []string
	itemTerms []string // the Kagome terms of items, from their lines' tokens
	announced bool     // the agreement the release announces, not an earlier one
	fromTable bool
	anaphoric bool // named as 本協定, 同契約: the agreement named before
	order     int
}

var (
	// Agreement words, longest first so 資本業務提携契約 wins over 提携.
	labelRE = newLiterals(
		"資本業務提携契約", "資本業務提携", "業務資本提携", "資本提携契約", "資本提携", "業務提携契約", "業務提携", "販売提携", "技術提携", "包括的連携協定", "包括連携協定",
		"包括連携に関する協定", "包括的な連携に関する協定", "包括的連携に関する協定", "包括連携に係る協定", "包括的連携に係る協定", "包括協定",
		"連携に関する協定", "連携に係る協定", "連携・協力に関する協定", "連携及び協力に関する協定", "連携協力に関する協定", "産学連携に関する協定", "産学連携協定", "業務委託契約", "連携協力協定", "連携協定", "協力協定", "パートナーシップ協定", "パートナー協定", "共同研究開発契約",
		"共同研究契約", "共同開発契約", "学術交流協定", "大学間交流協定", "学生交流協定", "交流協定", "ライセンス導入契約", "ライセンス契約", "実施許諾契約", "販売代理店契約", "秘密保持契約", "基本合意書", "基本合意", "合意書", "覚書", "MOU",
		"Memorandum of Understanding", "協定書", "協定", "契約", "提携",
		// 共同研究を開始: a joint research starts, the contract named later
		// or not at all.
		"共同研究",
	)
	// Verbs of concluding; a label without one ("9例目の提携") is no news.
	verbRE = regexp.MustCompile(`締結|調印|合意(?:し|いた|する|に至)|結び|結ん|結ぶ|交わ|取り交わ|提携(?:し|いた|する|を開始)|開始(?:し|いた|する)|決議|決定(?:し|いた)`)
	// Signs that a sentence lists agreements made before this release.
	earlierRE = newLiterals("これまで", "既に", "すでに", "過去に", "以前", "締結しており", "締結しています", "締結してまいりました", "締結してきました", "締結済", "に続き", "に続く", "提携しており", "提携しています", "提携している")
	// Adverbs and phrases that open a partner slot without being a name.
	slotLeadRE  = regexp.MustCompile(`^(?:[、,\s]|また|さらに|なお|これまで|このたび|この度|今般|今回|本日|同日付?で?|新たに|正式に|共同で|ともに|[0-9]+日付で?)+`)
	purposeRE   = guarded(`([^、。]{4,80}?)(?:を目的と(?:した|して|する)|に向け(?:た|て))`, "を目的と", "に向け")
	dateAfterRE = regexp.MustCompile(`^\s*(?:[春夏秋冬]|頃|ごろ|上旬|中旬|下旬|初旬|初め|末)?(?:から|より|まで|以降|以前|～|~|-|－)`)
	// Headings and lead-ins of an agreement's items.
	itemCueRE    = regexp.MustCompile(`(?:提携|連携|協定|覚書|契約|合意|協力|共同研究|研究|業務提携|協業)の?(?:主な)?(?:内容|事項|項目|概要|分野)|主な(?:内容|連携内容|連携事項|取り組み内容)|(?:以下|次)の(?:とおり|通り|事項|内容|分野|項目)|連携事項|協力事項|協定の内容|協定内容|提携内容|連携内容|合意内容|覚書の内容|共同研究の(?:主な)?内容|^(?:共同)?研究(?:の)?(?:テーマ|課題)$|(?:提携|連携|協定|覚書|契約|協業|共同研究)(?:で|により|を通じて|において)(?:取り組む|取組む|実施する|行う)(?:こと|内容|事項)|(?:覚書|協定|契約)で(?:新たに)?(?:連携|協力)する(?:事項|内容|分野)|委託する(?:主な)?(?:業務|内容)|^(?:主な)?委託業務(?:の(?:主な)?内容)?$`)
	historyCueRE = newLiterals("沿革", "実績", "これまでの", "締結状況", "締結先", "提携先", "連携先", "一覧", "履歴", "経緯", "年表")
)

// labelKind maps the text's word for the instrument to the schema's kind;
// generic words (協定, 契約) take their kind from the words around them.
func labelKind(label, context string) string {
	switch {
	case strings.Contains(label, "資本"):
		return AgreementCapitalAlliance
	case strings.Contains(label, "包括"):
		return AgreementComprehensivePartnership
	case strings.Contains(label, "共同研究") || strings.Contains(label, "共同開発"):
		return AgreementJointResearch
	case strings.Contains(label, "ライセンス") || strings.Contains(label, "実施許諾"):
		return AgreementLicense
	case strings.Contains(label, "秘密保持") || strings.Contains(label, "代理店") || strings.HasSuffix(label, "交流協定") || strings.HasPrefix(label, "パートナー"):
		return AgreementOther
	case label == "覚書" || label == "MOU" || strings.Contains(label, "合意") || strings.HasPrefix(label, "Memorandum"):
		return AgreementMOU
	case strings.Contains(label, "提携"):
		if strings.Contains(context, "資本") {
			return AgreementCapitalAlliance
		}
		return AgreementBusinessAlliance
	case label == "協定" || label == "協定書":
		// A bare 協定 (災害時における…に関する協定) is a partnership only
		// when the words just before it say so (連携に関する協定).
		if strings.Contains(lastRunes(context, 14), "連携") {
			return AgreementComprehensivePartnership
		}
		return AgreementOther
	case strings.Contains(label, "協定"):
		return AgreementComprehensivePartnership
	}
	switch {
	case strings.Contains(context, "資本業務提携"), strings.Contains(context, "資本提携"):
		return AgreementCapitalAlliance
	case strings.Contains(context, "共同研究"):
		return AgreementJointResearch
	case strings.Contains(context, "ライセンス"):
		return AgreementLicense
	case strings.Contains(context, "業務提携"):
		return AgreementBusinessAlliance
	case strings.Contains(context, "包括"), strings.Contains(context, "連携"):
		return AgreementComprehensivePartnership
	}
	return AgreementOther
}

// shortLabel gives the label in its standard short form: 業務提携契約 →
// 業務提携, 包括連携に関する協定 → 包括連携協定.
func shortLabel(label string) string {
	switch label {
	case "包括連携に関する協定", "包括的な連携に関する協定", "包括的連携協定", "包括的連携に関する協定", "包括連携に係る協定", "包括的連携に係る協定":
		return "包括連携協定"
	case "連携に関する協定", "連携に係る協定", "連携・協力に関する協定", "連携及び協力に関する協定", "連携協力に関する協定":
		return "連携協定"
	case "産学連携に関する協定":
		return "産学連携協定"
	case "協定書":
		return "協定"
	case "Memorandum of Understanding":
		return "MOU"
	}
	for _, suf := range []string{"提携契約"} {
		if strings.HasSuffix(label, suf) {
			return strings.TrimSuffix(label, "契約")
		}
	}
	return label
}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// clip returns at most n bytes of s, cut at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// findAgreements reads the announcement and any earlier agreements from the
// body's sentences, history tables and item lists.
func (ex *extraction) findAgreements() {
	lastDate := jpdate.Date{}
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone != zoneMain || l.b.kind == blockRow || l.b.kind == blockHeading {
			continue
		}
		ss := sentences(l)
		for k, s := range ss {
			var next sentence
			if k+1 < len(ss) {
				next = ss[k+1]
			}
			ex.agreementSentence(i, s, next, &lastDate)
		}
	}
	if !ex.anyAnnounced() && ex.titleLine >= 0 && ex.titleLine < len(ex.lines) {
		// The body words it in a way the rules miss: the title's own
		// sentence (…と連携協定を締結しました) still names the partner.
		var none jpdate.Date
		for _, s := range sentences(&ex.lines[ex.titleLine]) {
			ex.agreementSentence(ex.titleLine, s, sentence{}, &none)
		}
	}
	ex.historyRows()
	ex.outlineDates()
	ex.ceremonyDates()
	ex.itemLists()
	ex.sentenceItems()
}

func (ex *extraction) hasDraft(e *orgEntry) bool {
	for _, d := range ex.agreements {
		if d.partner.root() == e.root() {
			return true
		}
	}
	return false
}

func (ex *extraction) anyAnnounced() bool {
	for _, d := range ex.agreements {
		if d.announced {
			return true
		}
	}
	return false
}

// ceremonyFieldRE: the field of a signing ceremony's outline that holds
// its date (1．締結式 / 日時：2024年6月3日（月）14時00分～).
var ceremonyFieldRE = regexp.MustCompile(`^(?:日時|日程|期日|開催日|実施日)$`)

var outlineNumberRE = regexp.MustCompile(`^[0-9]+\s+`)

// plannedRE: what follows a verb of concluding that makes it a plan.
var plannedRE = regexp.MustCompile(`^(?:する|される|すること)?(?:予定|見込み|見通し|方針|計画)`)

// parenDate reads a parenthesis at the start of s that holds only a date
// (and 締結): 包括連携協定（平成30年4月）.
func parenDate(s string) (jpdate.Date, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if r != '（' && r != '(' {
		return jpdate.Date{}, false
	}
	end := strings.IndexAny(s[n:], ")）")
	if end < 0 || end > 60 {
		return jpdate.Date{}, false
	}
	in := s[n : n+end]
	ds := jpdate.Find(in)
	if len(ds) != 1 || ds[0].Start != 0 {
		return jpdate.Date{}, false
	}
	if rest := strings.TrimSpace(in[ds[0].End:]); rest != "" && rest != "締結" && rest != "締結済み" && rest != "付" {
		return jpdate.Date{}, false
	}
	return ds[0].Date, true
}

// countedPartiesRE: partners given by their number (事業者5社と, 3団体と).
var countedPartiesRE = regexp.MustCompile(`([0-9０-９]+|[二三四五六七八九十]+)(?:社|団体|事業者|法人|機関)と`)

// partyNameHeadRE: the head of a table column of the parties' names.
var partyNameHeadRE = regexp.MustCompile(`^(?:協定締結)?(?:事業者|企業|会社|団体|法人|機関)?(?:名|名称)$|^締結先$`)

// countOf reads a count as countedPartiesRE found it: digits or a kanji
// numeral (十二); anything else gives 0, which no table matches.
func countOf(s string) int {
	s = ja.Normalize(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	n, _ := jpdate.Number(s)
	return n
}

// countedParties returns the parties an agreement announced on line li
// gives by their number before its label (市内の事業者5社と…協定を締結),
// when the table or list below names that many (partyTable), else none.
func (ex *extraction) countedParties(li int, beforeLabel string) []*orgEntry {
	m := countedPartiesRE.FindStringSubmatch(beforeLabel)
	if m == nil {
		return nil
	}
	return ex.partyTable(li, countOf(m[1]))
}

// partyTable reads the parties of an agreement announced on line li by
// their number from the first table within the next lines whose header
// names them (事業者名): the organizations of its first column, when there
// are n of them.
func (ex *extraction) partyTable(li, n int) []*orgEntry {
	// 以下の5社と…締結しました。 then the five names as a list.
	if i := li + 1; i < len(ex.lines) && ex.lines[i].b.kind == blockItem {
		var out []*orgEntry
		for k := i; k < len(ex.lines) && ex.lines[k].b.kind == blockItem && ex.lines[k].b.list == ex.lines[i].b.list; k++ {
			// 株式会社シギノ配送（宵浜市）: the name, then where it is. The
			// lead counted them: each item is one name, whole.
			text := ex.lines[k].text
			name := trimSpace(text)
			if p := strings.IndexByte(text, '('); p > 0 {
				if trimSpace(dropParens(text[p:])) != "" {
					return nil
				}
				name = trimSpace(text[:p])
			}
			if !runesAtMost(name, 40) {
				return nil
			}
			var e *orgEntry
			if ms := ex.mentions[k]; len(ms) > 0 && ms[0].start == 0 && ms[0].end == len(name) {
				e = ms[0].e
			} else if e = ex.orgs.add(name); e == nil {
				return nil
			}
			out = append(out, e.root())
		}
		if len(out) == n {
			return out
		}
		return nil
	}
	for i := li + 1; i < len(ex.lines) && i <= li+30; i++ {
		b := ex.lines[i].b
		if b.kind != blockRow || len(b.cells) < 2 || !partyNameHeadRE.MatchString(removeSpaces(ja.Normalize(b.cells[0]))) {
			continue
		}
		var out []*orgEntry
		for k := i + 1; k < len(ex.lines) && ex.lines[k].b.kind == blockRow && ex.lines[k].b.list == b.list; k++ {
			e := ex.orgs.add(ex.lines[k].b.cells[0])
			if e == nil {
				return nil
			}
			out = append(out, e.root())
		}
		if len(out) == n {
			return out
		}
		return nil
	}
	return nil
}

// selfAndRE: a topic that opens with the issuer's word for itself and と
// or a comma (当社と…は, 本学と…は, 本県、…市及び…の三者は).
var selfAndRE = regexp.MustCompile(`^(?:当社|弊社|当協会|本会|当会|本学|当法人|当機構|当財団|本市|本町|本村|本県|当行|当金庫|当院|当組合)(?:と|、)`)

// partyCountRE: the count after a list of parties (の4者, の3社, の両者).
var partyCountRE = regexp.MustCompile(`の(?:[0-9０-９]+|[二三四五六七八九十]+|両)(?:者|社|団体|機関|法人)$`)

// connectiveRE: a sentence's opening connective (なお、当行と…は).
var connectiveRE = regexp.MustCompile(`^(?:なお|また|さらに|併せて|あわせて|加えて|このほか)、?`)

// coIssuerRE: a party named as acting together with the issuer.
var coIssuerRE = regexp.MustCompile(`と(?:共同で|共同して|連名で|ともに|共に)$`)

// anyPublisher reports whether one of es issued the release.
func (ex *extraction) anyPublisher(es []*orgEntry) bool {
	for _, e := range es {
		if ex.isPublisher(e) {
			return true
		}
	}
	return false
}

// relClauseRE: a verb of concluding in a clause that qualifies the word
// after it (締結した覚書, 結んだ協定).
var relClauseRE = regexp.MustCompile(`(?:締結した|締結している|締結済みの|結んだ|結んでいる|交わした)`)

// signedFieldRE names the signing date in an outline table or a
// schedule: 締結日, 協定締結日, (2) 契約締結日.
var signedFieldRE = regexp.MustCompile(`^(?:協定|契約|覚書|提携)?(?:の)?(?:締結|調印)(?:日|年月日|日時)$`)

// ceremony reports whether s names the signing ceremony, whose date is
// the signing date.
func ceremony(s string) bool { return containsAny(s, "締結式", "調印式", "署名式") }

// ceremonyDates gives the announced agreements still undated the date of
// their signing ceremony: 「締結式は2016年2月23日、浜松市で行われ」, or the
// 日時 row of a 調印式の概要 table.
func (ex *extraction) ceremonyDates() {
	undated := false
	for _, d := range ex.agreements {
		undated = undated || d.announced && d.signed.Precision == 0
	}
	if !undated {
		return
	}
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone == zoneContact || l.b.kind == blockHeading {
			continue
		}
		text := l.text
		if l.b.kind == blockRow {
			if len(l.b.cells) < 2 || !ceremony(ex.precedingHeading(i)) || !strings.HasPrefix(ja.Normalize(l.b.cells[0]), "日") {
				continue
			}
		} else if !ceremony(text) {
			continue
		}
		for _, m := range jpdate.Find(text) {
			if m.Date.Precision != jpdate.Day {
				continue
			}
			for _, d := range ex.agreements {
				if d.announced && d.signed.Precision == 0 {
					d.signed = m.Date
				}
			}
			ex.signedAt[l] = append(ex.signedAt[l], [2]int{m.Start, m.End})
			return
		}
	}
}

// outlineDates gives the announced agreements that the text leaves
// undated the date of an outline table's 締結日 row.
func (ex *extraction) outlineDates() {
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone == zoneContact {
			continue
		}
		var head, value string
		switch {
		case l.b.kind == blockRow && len(l.b.cells) >= 2:
			head, value = ja.Normalize(l.b.cells[0]), ja.Normalize(l.b.cells[1])
		case l.b.kind == blockHeading && i+1 < len(ex.lines):
			// <h3>協定締結日</h3><p>令和5年3月24日(金曜日)</p>
			head, value = l.text, ex.lines[i+1].text
		default:
			// 締結日:2024年2月20日
			h, v, ok := strings.Cut(l.text, ":")
			if !ok || utf8.RuneCountInString(h) > 12 {
				continue
			}
			head, value = h, v
		}
		if _, rest := splitMarker(head); rest != "" {
			head = rest
		}
		// 1 締結日: an outline's number before a space.
		head = outlineNumberRE.ReplaceAllString(head, "")
		if !signedFieldRE.MatchString(removeSpaces(head)) && !(ceremonyFieldRE.MatchString(removeSpaces(head)) && ceremony(ex.precedingHeading(i))) {
			continue
		}
		ds := jpdate.Find(value)
		if len(ds) == 0 {
			continue
		}
		for _, d := range ex.agreements {
			if d.announced && d.signed.Precision == 0 {
				d.signed = ds[0].Date
			}
		}
	}
}

// agreementSentence reads one sentence that concludes an agreement:
// its subject, partners, date, label and purpose. next is the sentence
// after it on the line, which may hold the verb: 「Bとの覚書です。同日に
// 締結しました。」
func (ex *extraction) agreementSentence(li int, s sentence, nextS sentence, lastDate *jpdate.Date) {
	next := ""
	if nextS.l != nil {
		next = nextS.text()
	}
	l := &ex.lines[li]
	text := s.text()
	var dates []jpdate.Mention
	if strings.ContainsAny(text, "月/.-年") {
		dates = jpdate.Find(text) // (most sentences hold no date: every date form has one of these)
	}
	defer func() {
		for _, d := range dates {
			if d.Date.Precision == jpdate.Day {
				*lastDate = d.Date
			}
		}
	}()
	locs := labelRE.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return
	}
	// The label is the last agreement word followed by a verb of concluding.
	label, labelAt := "", -1
	for _, loc := range locs {
		if concludedAt(text, loc[0], loc[1]) && !sponsorship(text[:loc[0]]) && !transaction(text[:loc[0]]) {
			label, labelAt = text[loc[0]:loc[1]], loc[0]
		}
	}
	// 「…との覚書です。こちらも同日に締結しました。」: the noun phrase names
	// the agreement, the next sentence concludes it.
	verbText := text
	var nextDate jpdate.Date
	if labelAt < 0 && conclRE.MatchString(next) && !labelRE.MatchString(next) {
		for _, loc := range locs {
			if rest := text[loc[1]:]; !insideParenAt(text, loc[0]) && (strings.HasPrefix(rest, "です") || strings.HasPrefix(rest, "でございます")) {
				label, labelAt = text[loc[0]:loc[1]], loc[0]
			}
		}
		verbText = text + next
		if labelAt >= 0 {
			// こちらも2月28日に締結しました: the date is the next sentence's.
			for _, d := range jpdate.Find(next) {
				if !dateAfterRE.MatchString(next[d.End:]) {
					nextDate = d.Date
					ex.signedAt[l] = append(ex.signedAt[l], [2]int{nextS.start + d.Start, nextS.start + d.End})
					break
				}
			}
		}
	}
	if labelAt < 0 {
		return
	}
	ex.precedent(li, s, label, labelAt)
	earlier := earlierRE.MatchString(text)
	topic := topicAt(l, s)
	var subjects []*orgEntry
	prevEnd := -1
	for _, m := range ex.mentions[li] {
		if m.start >= s.start && topic >= 0 && m.end <= topic && !l.insideParenAt(m.start) && !containsOrg(subjects, m.e) {
			// 東雲大学の先端材料研究所: a unit of the party before it, not a
			// second party.
			if prevEnd >= 0 && strings.TrimSpace(dropParens(l.text[prevEnd:m.start])) == "の" {
				continue
			}
			subjects = append(subjects, m.e.root())
			prevEnd = m.end
		}
	}
	if len(subjects) >= 1 && topic >= 0 && len(ex.publishers) > 0 && !ex.anyPublisher(subjects) && selfAndRE.MatchString(connectiveRE.ReplaceAllString(trimSpace(l.text[s.start:topic]), "")) {
		// 当協会とハヤテツーリストは, 本県、朽葉市及び嶺岡工業株式会社の三者
		// は: the issuer, by its own word, and the partners.
		subjects = append([]*orgEntry{ex.publishers[0].root()}, subjects...)
	}
	type slotPartner struct {
		e    *orgEntry
		date jpdate.Date
		span [2]int
	}
	var partners []slotPartner
	var subject *orgEntry
	purposeFrom := s.start
	if topic >= 0 {
		purposeFrom = topic
	}
	if len(subjects) >= 2 {
		// "AとBは…締結": the parties are the subject; the partners are the
		// parties that did not issue the release.
		issuerAmong := false
		for _, e := range subjects {
			if ex.isPublisher(e) {
				issuerAmong = true
			}
		}
		for k, e := range subjects {
			if issuerAmong && ex.isPublisher(e) || !issuerAmong && k == 0 {
				if subject == nil {
					subject = e
				}
				continue
			}
			partners = append(partners, slotPartner{e: e})
		}
	} else {
		if len(subjects) == 1 {
			subject = subjects[0]
		}
		slotStart := s.start
		if topic >= 0 {
			slotStart = topic + len("は")
			if strings.HasPrefix(l.text[topic:], "では") {
				slotStart = topic + len("では")
			}
		}
		slotEnd := ex.partnerParticle(l, slotStart, s.start+labelAt)
		if slotEnd < 0 {
			// 「…包括連携協定を、株式会社みなと物産と締結しました」: the partner
			// stands between the label and the verb.
			after := s.start + labelAt + len(label)
			if strings.HasPrefix(l.text[after:], "を") {
				after += len("を")
				if v := conclRE.FindStringIndex(l.text[after:s.end]); v != nil {
					if e := ex.partnerParticle(l, after, after+v[0]); e >= 0 {
						slotStart, slotEnd = after, e
					}
				}
			}
		}
		if slotEnd < 0 && !earlier {
			// 市内の事業者12社と…締結: no name before と.
			for _, e := range ex.countedParties(li, text[:labelAt]) {
				partners = append(partners, slotPartner{e: e})
			}
			if len(partners) > 0 {
				slotEnd = slotStart
			}
		}
		if slotEnd < 0 {
			// 「両者は10月28日に共同研究契約を締結しており」: the parties are
			// those of the agreement just announced.
			if topic < 0 || len(subjects) > 0 || !pairTopicRE.MatchString(trimSpace(l.text[s.start:topic])) {
				return
			}
			var seen []*orgEntry
			for _, d := range ex.agreements {
				if d.announced && !containsOrg(seen, d.partner) {
					seen = append(seen, d.partner)
					partners = append(partners, slotPartner{e: d.partner})
				}
			}
			if len(partners) == 0 {
				return
			}
			earlier = false
			slotEnd = slotStart
		}
		purposeFrom = slotEnd + len("と")
		slot := l.text[slotStart:slotEnd]
		lead := slotLeadRE.FindString(slot)
		base := slotStart + len(lead)
		slot = slot[len(lead):]
		var cur jpdate.Date
		pos := 0
		for _, el := range splitTop(slot, "、", "および", "及び", "並びに", "ならびに", ",") {
			elStart := base + pos
			pos += len(el) + sepLen(slot[min(len(slot), pos+len(el)):])
			trimmed := strings.TrimLeft(el, " ")
			elStart += len(el) - len(trimmed)
			el = trimmed
			// "2016年5月に…": the element's own date.
			if ds := jpdate.Find(el); len(ds) > 0 && ds[0].Start == 0 {
				rest := el[ds[0].End:]
				// 令和4年6月の株式会社カンテラ会計(…): the date of the
				// agreement with the name right after it.
				nameAfter := false
				if r, ok := strings.CutPrefix(rest, "の"); ok {
					nameAfter = r != "" && !strings.ContainsAny(dropParens(r), "でにはがを、")
				}
				if strings.HasPrefix(rest, "に") || strings.HasPrefix(rest, "付") || nameAfter || strings.TrimSpace(rest) == "" {
					cur = ds[0].Date
					ex.signedAt[l] = append(ex.signedAt[l], [2]int{elStart + ds[0].Start, elStart + ds[0].End})
				}
				if strings.TrimSpace(rest) == "" {
					continue // the element is only the date: "2019年7月1日、"
				}
			}
			if m := coIssuerRE.FindStringIndex(el); m != nil && subject != nil && ex.isPublisher(subject) && !earlier {
				// JAしおん中央は、コープしおんと共同で、…大学と協定を締結: the
				// issuer's fellow party, which issues the release with it.
				if e := ex.trailingOrg(l, li, elStart, elStart+m[0]); e != nil {
					ex.addPublisher(e)
				}
				continue
			}
			// …及び一般社団法人浅茅県農業法人協会の4者と: the count closes
			// the list, after the last name.
			if m := partyCountRE.FindStringIndex(el); m != nil {
				el = el[:m[0]]
			}
			e := ex.trailingOrg(l, li, elStart, elStart+len(el))
			if e == nil || ex.isPublisher(e) && !earlier {
				continue
			}
			partners = append(partners, slotPartner{e: e, date: cur, span: [2]int{elStart, elStart + len(el)}})
		}
	}
	if len(partners) == 0 && !earlier {
		for _, e := range ex.countedParties(li, text[:labelAt]) {
			partners = append(partners, slotPartner{e: e})
		}
	}
	if len(partners) == 0 {
		return
	}
	if subject == nil && len(ex.publishers) > 0 {
		subject = ex.publishers[0]
	}
	// A sentence-level date: "川崎市と8月30日、…締結" or "本日" or "同日".
	// Dates after the verb are what comes next (契約を締結し、5月に…開設).
	verbEnd := len(text)
	if labelAt >= 0 {
		if m := conclRE.FindStringIndex(text[labelAt+len(label):]); m != nil {
			verbEnd = labelAt + len(label) + m[1]
		}
	}
	var sentDate jpdate.Date
	var sentDates []jpdate.Date
	for _, d := range dates {
		if d.Start >= verbEnd {
			break
		}
		abs := [2]int{s.start + d.Start, s.start + d.End}
		if inSpans(partnersSpans(partners, func(p slotPartner) [2]int { return p.span }), abs) || dateAfterRE.MatchString(text[d.End:]) || insideParenAt(text, d.Start) {
			continue
		}
		if d.Start > labelAt+len(label)+30 {
			break
		}
		if strings.HasPrefix(text[d.End:], "指定") || strings.HasPrefix(text[d.End:], "設立") || strings.HasPrefix(text[d.End:], "創業") {
			continue
		}
		sentDate = d.Date
		sentDates = append(sentDates, d.Date)
		ex.signedAt[l] = append(ex.signedAt[l], abs)
	}
	// AおよびBとはそれぞれ10月1日及び10月8日に…締結: a date for each
	// partner, in their order.
	if len(sentDates) > 1 && len(sentDates) == len(partners) && strings.Contains(text[:verbEnd], "それぞれ") {
		for k := range partners {
			if partners[k].date.Precision == 0 {
				partners[k].date = sentDates[k]
			}
		}
	}
	if sentDate.Precision == 0 {
		sentDate = nextDate
	}
	if d, ok := parenDate(text[labelAt+len(label):]); ok && sentDate.Precision == 0 {
		sentDate = d
	}
	if sentDate.Precision == 0 && !earlier {
		switch {
		case strings.Contains(verbText, "本日"):
			sentDate = ex.published
		case strings.Contains(verbText, "同日"):
			sentDate = *lastDate
			if sentDate.Precision == 0 {
				sentDate = ex.published
			}
		}
	}
	purpose := ""
	if purposeFrom > s.start+labelAt {
		purposeFrom = s.start // 「…協定が締結されました」: the subject follows the label
	}
	if m := purposeRE.FindStringSubmatch(l.text[purposeFrom : s.start+labelAt]); m != nil {
		purpose = strings.TrimLeft(m[1], "、 ")
		if k := strings.LastIndex(purpose, "、"); k >= 0 {
			purpose = purpose[k+len("、"):]
		}
	}
	kind := labelKind(label, text[:labelAt+len(label)])
	// 本協定の締結に至りました, 本業務委託契約の締結: the agreement already
	// named, not another.
	anaphoric := false
	compound := compoundBefore(text[:labelAt])
	phrase := text[:labelAt] // 本連携に関する覚書: the phrase since the last comma
	if k := strings.LastIndexAny(phrase, "、,「"); k >= 0 {
		_, n := utf8.DecodeRuneInString(phrase[k:])
		phrase = phrase[k+n:]
	}
	phrase = trimSpace(phrase)
	for _, p := range []string{"本", "同", "当", "この", "その"} {
		if strings.HasSuffix(text[:labelAt], p) || strings.HasPrefix(compound, p) || strings.HasPrefix(phrase, p) && utf8.RuneCountInString(phrase) <= 15 {
			anaphoric = true
		}
	}
	label = standardLabel(compound, label)
	if anaphoric {
		// 業務提携契約を締結することを決議し、本日、同契約を締結: 同契約 is
		// the 業務提携契約 just named.
		for _, m := range labelRE.FindAllStringIndex(text[:labelAt], -1) {
			if w := text[m[0]:m[1]]; sameFamily(label, shortLabel(w)) {
				label, kind = w, labelKind(w, text[:m[1]])
			}
		}
	}
	if specific := relatedLabel(text[:labelAt], label); specific != "" {
		// 資本業務提携に関する契約: the generic word names the specific one.
		label = specific
	}
	for _, p := range partners {
		if anaphoric && ex.anyAnnounced() && !ex.hasDraft(p.e) {
			// 「…ノヴァ工科大と連携することで、本共同研究契約の締結に至り
			// ました」: the agreement announced, under a shorter name of
			// its partner.
			continue
		}
		d := &draft{
			partner:   p.e.root(),
			subject:   subject,
			label:     shortLabel(label),
			kind:      kind,
			signed:    p.date,
			purpose:   purpose,
			announced: !earlier,
			anaphoric: anaphoric,
			order:     len(ex.agreements),
		}
		if d.signed.Precision == 0 {
			d.signed = sentDate
		}
		if d.announced && ex.longBefore(d.signed) {
			// 「両社は2022年7月に秘密保持契約を締結し」: what was signed long
			// before the release is its background, not its news.
			d.announced = false
		}
		ex.mergeDraft(d)
	}
}

var (
	// The verbs of concluding that may stand in a sentence of their own
	// after the one naming the agreement.
	conclRE = newLiterals("締結", "調印", "結び", "結ん", "交わ")
	// Verbs that conclude an agreement whatever stands between: 締結, 合意.
	strongVerbRE = regexp.MustCompile(`締結|調印|合意(?:し|いた|する|に至)`)
	// Topics that stand for the parties of the agreement just announced:
	// 両者, 両社, 3者.
	pairTopicRE = regexp.MustCompile(`(?:両者|両社|両機関|両大学|両法人|両団体|双方|[0-9０-９二三四五六]者)(?:間)?$`)
)

// precedent reads the earlier agreement a sentence compares the new one
// with: 「…包括連携協定を締結するのは、令和5年2月のひまわり生命保険株式会社に
// 続き、2例目となります」 → the same kind of agreement with that
// organization, signed at that date.
func (ex *extraction) precedent(li int, s sentence, label string, labelAt int) {
	l := &ex.lines[li]
	for _, m := range ex.mentions[li] {
		if m.start < s.start || m.end > s.end || l.insideParenAt(m.start) {
			continue
		}
		after := l.text[m.end:s.end]
		if !strings.HasPrefix(after, "に続") && !strings.HasPrefix(after, "に次") {
			continue
		}
		before, ok := strings.CutSuffix(l.text[s.start:m.start], "の")
		if !ok {
			continue
		}
		ds := jpdate.Find(before)
		if len(ds) == 0 || ds[len(ds)-1].End != len(before) || ex.isPublisher(m.e) {
			continue
		}
		d := ds[len(ds)-1]
		ex.signedAt[l] = append(ex.signedAt[l], [2]int{s.start + d.Start, s.start + d.End})
		text := s.text()
		ex.mergeDraft(&draft{
			partner: m.e.root(),
			label:   shortLabel(label),
			kind:    labelKind(label, text[:labelAt+len(label)]),
			signed:  d.Date,
			items:   []string{},
			order:   len(ex.agreements),
		})
	}
}

// compoundBefore returns the run of kanji and katakana that ends before,
// the words an agreement word closes (業務委託 of 業務委託契約).
func compoundBefore(before string) string {
	i := len(before)
	for n := 0; i > 0 && n < 10; n++ {
		r, size := utf8.DecodeLastRuneInString(before[:i])
		if !isHan(r) && !isKatakana(r) {
			break
		}
		i -= size
	}
	return before[i:]
}

// standardLabel gives the short standard form of a label that its
// sentence spells out: 包括的連携に関する協定 → 包括連携協定, 連携に関する
// 協定 → 連携協定, 業務委託契約 → itself.
func standardLabel(compound, label string) string {
	switch {
	case label != "協定" && label != "契約":
		return label
	case label == "契約" && strings.HasSuffix(compound, "委託"):
		return "業務委託契約"
	case label == "契約" && strings.HasSuffix(compound, "パートナーシップ"):
		return "パートナーシップ契約"
	}
	return label
}

// relatedLabel returns the specific agreement word a generic one (契約,
// 協定) is about, 「資本業務提携に関する契約」 → 資本業務提携, or "".
func relatedLabel(before, label string) string {
	switch label {
	case "契約", "契約書", "協定", "協定書":
	default:
		return ""
	}
	for _, link := range []string{"に関する", "に係る", "についての", "の"} {
		rest, ok := strings.CutSuffix(before, link)
		if !ok {
			continue
		}
		for _, w := range []string{"資本業務提携", "業務資本提携", "資本提携", "業務提携", "共同研究開発", "共同研究", "共同開発", "ライセンス", "包括連携", "包括的連携"} {
			if strings.HasSuffix(rest, w) {
				switch w {
				case "共同研究開発", "共同研究", "共同開発", "ライセンス":
					return w + "契約"
				case "包括連携", "包括的連携":
					return "包括連携協定"
				}
				return w
			}
		}
	}
	return ""
}

// sponsorship reports whether the words before an agreement word make it
// a sponsorship or patronage (協賛契約, スポンサー契約, 後援), which is not
// a partnership between the parties.
// transaction: a contract of sale, lease or works (土地売買の仮契約,
// 賃貸借契約, 工事請負契約), or a provisional one: a deal, not a partnership.
func transaction(before string) bool {
	for _, w := range []string{"仮", "売買", "売買の", "賃貸借", "請負", "工事", "購入", "譲渡"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

func sponsorship(before string) bool {
	for _, w := range []string{"協賛", "後援", "スポンサー", "スポンサーシップ", "主催"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// concludedAt reports whether the agreement word text[start:end] is
// followed by a verb of concluding: 覚書を締結, 協定を結びました. A word
// inside parentheses only counts at the end of a quoted name (「…に関する
// 連携協定」を締結), not as an alias (以下「本協定」) or an abbreviation
// (基本合意書(MOU)).
func concludedAt(text string, start, end int) bool {
	rest := text[end:]
	if insideParenAt(text, start) {
		open := openQuote(text, start)
		if open < 0 {
			return false
		}
		r, n := utf8.DecodeRuneInString(rest)
		if r != '」' && r != '』' {
			return false
		}
		_, qn := utf8.DecodeRuneInString(text[open:])
		if strings.HasPrefix(text[open+qn:], "本") || strings.HasSuffix(strings.TrimRight(text[:open], "、 "), "以下") {
			return false
		}
		rest = rest[n:]
	}
	after := clip(dropParens(clip(rest, 180)), 30)
	if v := verbRE.FindStringIndex(after); v != nil && !strings.Contains(after[:v[0]], "、") {
		// 2025年4月を目途に正式契約を締結する予定: a plan, not an agreement.
		return !plannedRE.MatchString(after[v[1]:])
	}
	// 包括連携協定（平成30年4月）に基づき: an agreement in force, dated.
	if _, ok := parenDate(rest); ok {
		return true
	}
	// 2019年3月に締結した観光振興に関する覚書に基づき: concluded in a
	// clause before the word.
	before := lastRunes(text[:start], 24)
	if m := relClauseRE.FindStringIndex(before); m != nil && !strings.ContainsAny(before[m[1]:], "、。「」") {
		return true
	}
	// 令和4年6月の株式会社カンテラ会計との業務提携に続き: a dated agreement
	// the new one follows.
	if strings.HasPrefix(rest, "に続") {
		before := dropParens(lastRunes(text[:start], 60))
		if strings.HasSuffix(before, "との") && len(jpdate.Find(before)) > 0 {
			return true
		}
	}
	// 業務提携いたしました: the word is the verb's own stem.
	if strings.HasSuffix(text[start:end], "提携") && (strings.HasPrefix(rest, "し") || strings.HasPrefix(rest, "いた") || strings.HasPrefix(rest, "する")) {
		return true
	}
	// 協定を、株式会社みなと物産と締結しました: the partner between.
	if strings.HasPrefix(rest, "を") {
		a := clip(dropParens(clip(rest, 240)), 120)
		if v := conclRE.FindStringIndex(a); v != nil && strings.HasSuffix(strings.TrimRight(a[:v[0]], " "), "と") && !strings.Contains(a[:v[0]], "。") {
			return true
		}
	}
	// 資本業務提携を行うことについて合意しました: the strong verbs may stand
	// a little farther.
	after = clip(dropParens(clip(rest, 180)), 54)
	v := strongVerbRE.FindStringIndex(after)
	return v != nil && !strings.ContainsAny(after[:v[0]], "、。")
}

// openQuote returns the offset of the 「 or 『 that encloses byte off of
// text, or -1 when the innermost enclosing mark is a parenthesis or none.
func openQuote(text string, off int) int {
	var stack []int
	for i, r := range text {
		if i >= off {
			break
		}
		switch r {
		case '(', '「', '『':
			stack = append(stack, i)
		case ')', '」', '』':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 || text[stack[len(stack)-1]] == '(' {
		return -1
	}
	return stack[len(stack)-1]
}

// longBefore reports whether d lies more than half a year before the
// release's date.
func (ex *extraction) longBefore(d jpdate.Date) bool {
	p := ex.published
	if d.Precision == 0 || p.Precision == 0 {
		return false
	}
	d = d.Resolve(p)
	if !d.HasYear() {
		return false
	}
	return (p.Year*12+p.Month)-(d.Year*12+d.Month) > 6
}

// dropParens removes parenthesised parts, which say things about a name and
// never carry a sentence's structure.
func dropParens(s string) string {
	var sb strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
			continue
		case ')':
			if depth > 0 {
				depth--
				continue
			}
		}
		if depth == 0 {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func sepLen(s string) int {
	for _, sep := range []string{"、", "および", "及び", "並びに", "ならびに", ","} {
		if strings.HasPrefix(s, sep) {
			return len(sep)
		}
	}
	return 0
}

func partnersSpans[T any](ps []T, f func(T) [2]int) [][2]int {
	out := make([][2]int, 0, len(ps))
	for _, p := range ps {
		out = append(out, f(p))
	}
	return out
}

func inSpans(spans [][2]int, s [2]int) bool {
	for _, sp := range spans {
		if s[0] >= sp[0] && s[1] <= sp[1] {
			return true
		}
	}
	return false
}

func containsOrg(list []*orgEntry, e *orgEntry) bool {
	for _, x := range list {
		if x.root() == e.root() {
			return true
		}
	}
	return false
}

// partnerParticle finds the と (との, と共同で, との間で) that closes the
// partner slot before the label: the last one whose preceding words name an
// organization. It returns the slot's end or -1.
func (ex *extraction) partnerParticle(l *line, from, to int) int {
	best := -1
	for _, t := range l.toks {
		if t.Start < from || t.End > to {
			continue
		}
		if t.Surface != "と" && t.Surface != "とも" && t.Surface != "との" || t.POS != "助詞" || l.insideParenAt(t.Start) || ex.inMention(l, t.Start) {
			continue
		}
		// The words before it must end in a name (or a parenthesis after one),
		// with an honorific maybe (つばさ信用金庫さんと).
		raw := strings.TrimRight(l.text[from:t.Start], " ")
		before := cutHonorific(raw)
		if before == "" {
			continue
		}
		if before != raw && foreignWord(before) != "" {
			best = t.Start // ハコブネさんと: the honorific marks a name
			continue
		}
		if strings.HasSuffix(before, ")") {
			best = t.Start
			continue
		}
		if ex.endsWithName(l, from, from+len(before)) {
			best = t.Start
		}
	}
	return best
}

// inMention reports whether byte off of l lies inside an organization's
// name (the と of みなと電機).
func (ex *extraction) inMention(l *line, off int) bool {
	if l.idx >= len(ex.mentions) || l.idx >= len(ex.lines) || &ex.lines[l.idx] != l {
		return false
	}
	for _, m := range ex.mentions[l.idx] {
		if m.start < off && off < m.end {
			return true
		}
	}
	return false
}

// endsWithName reports whether l.text[from:end] ends in an organization
// name: a known one, or a run that orgSpan or the name's shape accepts.
func (ex *extraction) endsWithName(l *line, from, end int) bool {
	if l.idx < len(ex.mentions) && l.idx < len(ex.lines) && &ex.lines[l.idx] == l {
		for _, m := range ex.mentions[l.idx] {
			if m.end == end && m.start >= from {
				return true
			}
		}
	}
	for _, r := range nameRuns(l) {
		if r.end != end || r.start < from {
			continue
		}
		if s, e, ok := orgSpan(l, r); ok && e == end {
			_ = s
			return true
		}
		for k := r.start; k < r.end; k++ {
			if pe, n := ex.orgs.prefixMatch(l.text[k:r.end]); pe != nil && k+n == r.end {
				return true
			}
		}
		// 鶴見原市: a municipality the name rules did not take.
		if municipalName(l.text[r.start:r.end]) {
			return true
		}
		// Latin or katakana names (Eurobiomed, ナギサ) without a head word.
		first, _ := utf8.DecodeRuneInString(l.text[r.start:])
		return isLatin(first) || isKatakana(first) && l.toks[r.last].Class != 0 && l.toks[r.first].Is("固有名詞")
	}
	return false
}

// trailingOrg returns the organization a slot element ends with: "新産業創出
// を進める川崎市" → 川崎市, "2016年5月にBIOCOM(…)" → BIOCOM.
func (ex *extraction) trailingOrg(l *line, li, start, end int) *orgEntry {
	// Drop a trailing parenthesis (it was read by scanOrgs) and honorific.
	seg := cutHonorific(strings.TrimRight(l.text[start:end], " "))
	for strings.HasSuffix(strings.TrimRight(seg, " "), ")") {
		t := strings.TrimRight(seg, " ")
		depth, open := 0, -1
		for i := len(t) - 1; i >= 0; i-- {
			switch t[i] {
			case ')':
				depth++
			case '(':
				depth--
				if depth == 0 {
					open = i
				}
			}
			if open >= 0 {
				break
			}
		}
		if open <= 0 {
			break
		}
		seg = t[:open]
	}
	segEnd := start + len(strings.TrimRight(seg, " "))
	// The last mention ending at the segment's end.
	var best *mention
	for k := range ex.mentions[li] {
		m := &ex.mentions[li][k]
		if m.end == segEnd && m.start >= start {
			best = m
		}
	}
	if best != nil {
		return best.e.root()
	}
	// An unknown name in a partner slot is a partner all the same: take
	// the run of name tokens that ends the element.
	for _, r := range nameRuns(l) {
		if r.end != segEnd || r.start < start {
			continue
		}
		first := r.first
		for first < r.last && (determiners[l.toks[first].Surface] || l.toks[first].Is("数")) {
			first++
		}
		name := l.text[l.toks[first].Start:r.end]
		// 教育テクノロジー企業Brightwater Learning, Inc.: a description
		// before a Latin name is not part of it.
		if k := latinTail(name); k > 0 {
			name = name[k:]
		}
		if utf8.RuneCountInString(name) < 2 || genericNoun(name) || len(jpdate.Find(name)) > 0 || l.toks[first].Is("接尾") {
			return nil
		}
		e := ex.orgs.add(name)
		if p := ex.parenAfter(l, segEnd); p != nil && e != nil {
			ex.applyParen(e, p)
		}
		return e
	}
	// ハコブネさん: a katakana or Latin word with an honorific.
	if raw := strings.TrimRight(l.text[start:end], " "); cutHonorific(raw) != raw {
		if w := foreignWord(seg); utf8.RuneCountInString(w) >= 2 && !genericNoun(w) {
			return ex.orgs.add(w)
		}
	}
	return nil
}

// foreignWord returns the katakana or Latin word that ends s, or "".
func foreignWord(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !isKatakana(r) && !isLatin(r) {
			break
		}
		i -= n
	}
	return strings.TrimLeft(s[i:], "・")
}

// genericNoun rejects slot words that are not names: 自治体, 企業, 同社,
// and descriptions such as 物流スタートアップ or 地元の金融機関.
func genericNoun(s string) bool {
	switch s {
	case "自治体", "企業", "同社", "当社", "弊社", "両社", "各社", "大学", "団体", "法人", "機関", "相手", "先方", "パートナー", "事業者":
		return true
	}
	for _, suf := range []string{"目的", "領域", "分野", "スタートアップ", "ベンチャー", "企業", "事業者", "金融機関", "メーカー", "業者"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// municipalName reports whether s is a municipality's name: kanji ending in
// 市, 町, 村, 区, 県, 都 or 府, not a common word (都市, 市町村) or a
// reference (本市, 同町).
func municipalName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		// 萩ノ浦町, 鶴ヶ浜市: kana that joins a place's name.
		if !isHan(r) && !(placeJoin(string(r)) && isHan(first)) {
			return false
		}
	}
	if !strings.ContainsRune("市町村区県都府", last) || strings.ContainsRune("本当同各全両他", first) {
		return false
	}
	switch s {
	case "都市", "市町村", "市区町村", "都道府県", "自治体", "県内市町村":
		return false
	}
	return true
}

// cutHonorific drops the honorific after a name: ハコブネさん, 御中.
func cutHonorific(s string) string {
	for _, h := range []string{"さん", "さま", "様", "御中"} {
		if rest, ok := strings.CutSuffix(s, h); ok && rest != "" {
			return strings.TrimRight(rest, " ")
		}
	}
	return s
}

// latinTail returns the offset where a name's trailing Latin part begins
// when Japanese words precede it, else 0.
func latinTail(name string) int {
	at := 0
	for i, r := range name {
		if !isLatin(r) && r != ' ' && r != ',' && r != '.' && r != '&' && r != '-' && r != '\'' {
			at = -1
			continue
		}
		if at < 0 && isLatin(r) {
			at = i
		}
	}
	if at < 0 {
		return 0
	}
	return at
}

// mergeDraft adds d, or merges it into the draft for the same partner:
// the more precise date wins, and at equal precision the announcement's or
// else the table's; items come from whichever has them.
func (ex *extraction) mergeDraft(d *draft) {
	for _, o := range ex.agreements {
		if o.partner.root() != d.partner.root() {
			continue
		}
		if otherInstrument(o, d) {
			continue
		}
		if strings.HasPrefix(d.label, o.label) && !d.fromTable {
			// 共同研究 (を開始), then 共同研究契約 (を締結): the fuller word.
			o.label = d.label
		}
		switch {
		case d.signed.Precision > o.signed.Precision && compatible(d.signed, o.signed):
			o.signed = d.signed
		case d.signed.Precision > o.signed.Precision && o.signed.Precision == 0:
			o.signed = d.signed
		case d.signed.Precision == o.signed.Precision && d.signed != o.signed && d.fromTable && !o.announced:
			o.signed = d.signed
		}
		if len(o.items) == 0 {
			o.items, o.itemTerms = d.items, d.itemTerms
		}
		if o.label == "" || o.fromTable && !d.fromTable || sameFamily(o.label, d.label) && len(o.label) < len(d.label) {
			o.label, o.kind = d.label, d.kind
		}
		if o.purpose == "" {
			o.purpose = d.purpose
		}
		o.announced = o.announced || d.announced
		o.fromTable = o.fromTable || d.fromTable
		if o.subject == nil {
			o.subject = d.subject
		}
		return
	}
	ex.agreements = append(ex.agreements, d)
}

// otherInstrument reports whether two drafts with the same partner are two
// agreements: both read from the text, of different kinds (a 資本業務提携
// now, a 秘密保持契約 two years before).
func otherInstrument(o, d *draft) bool {
	if o.announced != d.announced && o.signed.Precision > 0 && d.signed.Precision > 0 && !compatible(o.signed, d.signed) && !o.fromTable && !d.fromTable {
		// The 覚書 signed today and the one of 2019 it renews.
		return true
	}
	if sameFamily(o.label, d.label) {
		return false // 連携協定, then 協定締結式 … 協定書に署名: the same one
	}
	return o.label != "" && d.label != "" && o.kind != d.kind && !o.fromTable && !d.fromTable && !d.anaphoric
}

// sameFamily reports whether one label is the bare word (協定, 契約) or the
// tail (業務提携) of the other's instrument (連携協定, 資本業務提携).
func sameFamily(a, b string) bool {
	bare := func(x, y string) bool {
		switch x {
		case "", y:
			return false
		case "協定書":
			return strings.HasSuffix(y, "協定")
		case "契約", "契約書":
			return strings.HasSuffix(y, "契約") || strings.HasSuffix(y, "提携")
		}
		// 業務提携 of a 資本業務提携, 協定 of a 連携協定.
		return strings.HasSuffix(y, x)
	}
	return bare(a, b) || bare(b, a)
}

// compatible: one date refines the other (2018-08 and 2018-08-30).
func compatible(a, b jpdate.Date) bool {
	if a.Precision == 0 || b.Precision == 0 {
		return true
	}
	if a.Year != b.Year {
		return false
	}
	p := min(a.Precision, b.Precision)
	return p < jpdate.Month || a.Month == b.Month
}

// historyRows reads tables (and text lines) of earlier agreements: a date
// column, an organization column and the agreed items.
func (ex *extraction) historyRows() {
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone == zoneContact {
			continue
		}
		if l.b.kind == blockRow {
			i = ex.historyTable(i)
			continue
		}
		if l.b.kind == blockPara && ex.historyContext(i) {
			ex.historyTextRow(i)
		}
	}
}

// historyContext: the section heading or a column header says the rows
// that follow list agreements.
func (ex *extraction) historyContext(i int) bool {
	for k := i - 1; k >= 0 && k >= i-40; k-- {
		b := ex.lines[k].b
		if b.kind == blockHeading {
			return historyCueRE.MatchString(ex.lines[k].text)
		}
		if b.kind == blockPara && strings.Contains(ex.lines[k].text, "年月") && strings.Contains(ex.lines[k].text, "名") && runesAtMost(ex.lines[k].text, 29) {
			return true
		}
	}
	return false
}

var (
	dateColRE  = newLiterals("年月", "日付", "締結日", "締結年", "時期", "年度", "提携日", "開始")
	nameColRE  = newLiterals("団体", "組織", "名称", "相手", "企業", "提携先", "締結先", "パートナー", "機関", "会社", "連携先", "協定先", "共同研究先", "契約先")
	itemsColRE = newLiterals("内容", "概要", "項目", "事項", "研究テーマ", "研究課題")
	// Name columns that say their rows are partners, not just names.
	partnerColRE = newLiterals("提携先", "締結先", "パートナー", "連携先", "協定先", "契約先", "共同研究先")
	// The column naming each agreement: 協定の名称, 協定名, 契約名.
	labelColRE = regexp.MustCompile(`^(?:協定|契約|覚書|提携)(?:の)?名(?:称)?$`)
)

// historyTable reads the data table starting at line i and returns the index
// of its last row.
func (ex *extraction) historyTable(i int) int {
	table := ex.lines[i].b.list
	last := i
	for last+1 < len(ex.lines) && ex.lines[last+1].b.kind == blockRow && ex.lines[last+1].b.list == table {
		last++
	}
	if !ex.historyContext(i) && !ex.lines[i].b.header {
		return last
	}
	dateCol, nameCol, itemsCol, labelCol := -1, -1, -1, -1
	undated := false
	if h := ex.lines[i].b; h.header {
		for c, cell := range h.cells {
			switch {
			case labelCol < 0 && labelColRE.MatchString(cell):
				labelCol = c
			case dateCol < 0 && dateColRE.MatchString(cell):
				dateCol = c
			case nameCol < 0 && nameColRE.MatchString(cell) && !itemsColRE.MatchString(cell):
				nameCol = c
			case itemsCol < 0 && itemsColRE.MatchString(cell):
				itemsCol = c
			}
		}
		if dateCol < 0 && nameCol >= 0 && partnerColRE.MatchString(h.cells[nameCol]) {
			// 施設名 | 愛称 | ネーミングライツ・パートナー | 契約期間: the
			// partners of earlier agreements, with their terms but no
			// signing dates.
			for _, cell := range h.cells {
				if strings.HasSuffix(cell, "期間") {
					undated = true
				}
			}
		}
		if dateCol < 0 && !undated || nameCol < 0 {
			return last
		}
		if !ex.historyContext(i) && !labelRE.MatchString(strings.Join(h.cells, " ")+ex.precedingHeading(i)) {
			return last
		}
	}
	for r := i; r <= last; r++ {
		b := ex.lines[r].b
		if b.header {
			continue
		}
		dc, nc, ic := dateCol, nameCol, itemsCol
		if dc < 0 && !undated {
			// No header: the first cell that is a date, then the name.
			for c, cell := range b.cells {
				if d, err := jpdate.Parse(cell); err == nil && d.HasYear() {
					dc, nc = c, c+1
					break
				}
			}
			if nc >= len(b.cells) || dc < 0 {
				continue
			}
			if len(b.cells) > nc+1 {
				ic = len(b.cells) - 1
			}
		}
		if dc >= len(b.cells) || nc >= len(b.cells) {
			continue
		}
		var d jpdate.Date
		if dc >= 0 {
			var err error
			if d, err = jpdate.Parse(normalizeCell(b.cells[dc])); err != nil || !d.HasYear() {
				continue
			}
		}
		var items, terms []string
		if ic >= 0 && ic < len(b.cells) && itemsColRE.MatchString(ex.headerCell(i, ic)) {
			for _, it := range b.cellItems[ic] {
				items = append(items, cleanItem(it))
				terms = ex.appendItemTerms(terms, &ex.lines[r], items[len(items)-1])
			}
		}
		label := ""
		if labelCol >= 0 && labelCol < len(b.cells) {
			// 地方創生に関する包括連携協定: the row's own agreement word.
			if locs := labelRE.FindAllStringIndex(b.cells[labelCol], -1); len(locs) > 0 {
				label = b.cells[labelCol][locs[len(locs)-1][0]:locs[len(locs)-1][1]]
			}
		}
		ex.tableAgreement(r, normalizeCell(b.cells[nc]), d, items, terms, label)
	}
	return last
}

func (ex *extraction) headerCell(i, c int) string {
	if h := ex.lines[i].b; h.header && c < len(h.cells) {
		return h.cells[c]
	}
	return "内容"
}

func (ex *extraction) precedingHeading(i int) string {
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if ex.lines[k].b.kind == blockHeading {
			return ex.lines[k].text
		}
	}
	return ""
}

func normalizeCell(s string) string {
	return trimSpace(strings.ReplaceAll(normalizeWidth(s), "\n", " "))
}

var historyLineRE = regexp.MustCompile(`^(\S+?年\S*?月)\s+(.+)$`)

// historyTextRow reads "2016年5月 カリフォルニア大学サンディエゴ校(UCSD)(米)"
// followed by bullet lines, the plain-text form of a history table.
func (ex *extraction) historyTextRow(i int) {
	l := &ex.lines[i]
	m := historyLineRE.FindStringSubmatch(l.text)
	if m == nil || strings.Contains(m[2], "。") || !ex.nameOnly(m[2]) {
		return
	}
	d, err := jpdate.Parse(m[1])
	if err != nil || !d.HasYear() {
		return
	}
	var items, terms []string
	for k := i + 1; k < len(ex.lines) && ex.lines[k].b.kind == blockItem; k++ {
		items = append(items, cleanItem(ex.lines[k].b.text))
		terms = ex.appendItemTerms(terms, &ex.lines[k], items[len(items)-1])
	}
	ex.tableAgreement(i, m[2], d, items, terms, "")
}

// nameOnly reports whether s is an organization's name and nothing else
// but its parentheses: a line of a list of partners, not of a history of
// events (昭和52年4月 財団法人…として設立, 昭和61年10月 水質分析棟 完成).
func (ex *extraction) nameOnly(s string) bool {
	_, ms := ex.scanText(s)
	if len(ms) == 0 || ms[0].start != 0 {
		return false
	}
	rest := trimSpace(s[ms[0].end:])
	return rest == "" || strings.HasPrefix(rest, "(")
}

func (ex *extraction) tableAgreement(li int, nameCell string, d jpdate.Date, items, itemTerms []string, rowLabel string) {
	l, ms := ex.scanText(nameCell)
	var e *orgEntry
	if len(ms) > 0 && ms[0].start == 0 {
		e = ms[0].e
	} else {
		// A cell holds one name: take it whole, with its marks.
		name := nameCell
		if k := strings.Index(name, "("); k > 0 {
			if p := ex.parenAfter(l, k); p != nil {
				e = ex.orgs.add(name[:k])
				if e != nil {
					ex.applyParen(e, p)
				}
			}
		} else {
			e = ex.orgs.add(name)
		}
	}
	if e == nil {
		return
	}
	if c := countryMarkRE.FindStringSubmatch(nameCell); c != nil && e.root().country == "" {
		e.root().country = countryMarks[c[1]]
	}
	label := ""
	heading := ex.precedingHeading(li)
	if m := labelRE.FindString(heading); m != "" {
		label = shortLabel(m)
	}
	if rowLabel != "" {
		label, heading = shortLabel(rowLabel), rowLabel
	}
	var subject *orgEntry
	if len(ex.publishers) > 0 {
		subject = ex.publishers[0]
	}
	if items == nil {
		items = []string{}
	}
	ex.mergeDraft(&draft{
		partner:   e.root(),
		subject:   subject,
		label:     label,
		kind:      labelKind(label, heading),
		signed:    d,
		items:     items,
		itemTerms: itemTerms,
		fromTable: true,
		order:     len(ex.agreements),
	})
}

// itemLists gives the announced agreements the items listed under an item
// heading or lead-in (連携事項, 次の事項について…), in a table row headed
// so (業務提携の内容 | ・…), or as the first list of a section whose heading
// announces the agreement (つばさ信用金庫さんと業務提携). A list whose cue
// names a partner (ナギサ検査センターとの覚書の主な内容) goes to that
// partner's agreement; the others go to every announced agreement still
// without items.
func (ex *extraction) itemLists() {
	var announced []*draft
	for _, d := range ex.agreements {
		if d.announced {
			announced = append(announced, d)
		}
	}
	if len(announced) == 0 {
		return
	}
	filled := map[*draft]bool{}
	give := func(cue int, items, terms []string) {
		var targets []*draft
		for _, m := range ex.mentions[cue] {
			for _, d := range announced {
				if d.partner.root() == m.e.root() && !containsDraft(targets, d) {
					targets = append(targets, d)
				}
			}
		}
		if len(targets) == 0 {
			// ウツギ設備社との提携内容: the partner named in the cue, in a
			// form the organization scan did not take.
			cueText := ex.lines[cue].text
			for _, d := range announced {
				if k := d.partner.root().key; k != "" && strings.Contains(cueText, k) && !containsDraft(targets, d) {
					targets = append(targets, d)
				}
			}
		}
		if len(targets) == 0 {
			// 販売代理店契約の主な内容: the agreement of that word, when
			// the release announces several.
			if w := labelRE.FindString(ex.lines[cue].text); w != "" {
				for _, d := range announced {
					if !filled[d] && (d.label == shortLabel(w) || d.kind == labelKind(w, "")) {
						targets = append(targets, d)
					}
				}
			}
		}
		if len(targets) == 0 {
			for _, d := range announced {
				if !filled[d] {
					targets = append(targets, d)
				}
			}
		}
		for _, d := range targets {
			if !filled[d] {
				d.items, d.itemTerms = items, terms
				filled[d] = true
			}
		}
	}
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone != zoneMain {
			continue
		}
		if l.b.kind == blockHeading && l.b.level > 0 && itemHeadRE.MatchString(l.text) {
			// 2．提携の内容 / <h3>…の共同開発</h3><p>…</p> / <h3>…</h3>:
			// each item a sub-heading with its explanation under it.
			if items, terms, k := ex.headedItems(i); len(items) >= 2 {
				give(i, items, terms)
				i = k - 1
			}
			continue
		}
		if l.b.kind == blockRow {
			// 業務提携の内容 | ・…・…: a row of an outline table.
			if len(l.b.cells) >= 2 && itemHeadRE.MatchString(ja.Normalize(l.b.cells[0])) && len(l.b.cellItems[1]) > 0 {
				var items, terms []string
				for _, it := range l.b.cellItems[1] {
					items = append(items, cleanItem(it))
					terms = ex.appendItemTerms(terms, l, items[len(items)-1])
				}
				give(i, items, terms)
				continue
			}
			// 1 | 観光振興に関すること: a numbered table under an item cue;
			// 観光振興 | 観光資源の…に関すること under a 項目 | 内容 header.
			k := ex.numberedRows(i)
			if k == i {
				k = ex.labelledRows(i)
			}
			if k > i {
				if cue := ex.itemCue(i); cue >= 0 {
					var items, terms []string
					for r := i; r < k; r++ {
						items = append(items, cleanItem(ex.lines[r].b.cells[1]))
						terms = ex.appendItemTerms(terms, &ex.lines[r], items[len(items)-1])
					}
					give(cue, items, terms)
				}
				i = k - 1
			}
			continue
		}
		if l.b.kind == blockPara && i > 0 && ex.lines[i-1].b.kind == blockHeading && itemHeadRE.MatchString(ex.lines[i-1].text) {
			// 連携事項 / 観光振興に関すること<br>防災に関すること: lines of one
			// paragraph without marks under the heading.
			if k := ex.paraLines(i); k-i >= 2 {
				var items, terms []string
				for r := i; r < k; r++ {
					items = append(items, cleanItem(ex.lines[r].b.text))
					terms = ex.appendItemTerms(terms, &ex.lines[r], items[len(items)-1])
				}
				if !fieldList(items) {
					give(i-1, items, terms)
				}
				i = k - 1
			}
			continue
		}
		if l.b.kind != blockItem || (i > 0 && ex.lines[i-1].b.kind == blockItem && ex.lines[i-1].b.list == l.b.list) {
			continue
		}
		cue := ex.itemCue(i)
		if cue < 0 || ex.scheduleList(i) {
			continue
		}
		// The list's items, leaving out the lists nested in it.
		var items, terms []string
		list, depth := l.b.list, l.b.depth
		k := i
		for ; k < len(ex.lines) && ex.lines[k].b.kind == blockItem; k++ {
			b := ex.lines[k].b
			if b.list != list {
				if b.depth > depth || ex.listResumes(k, list) {
					continue // a list nested in this one: (1) … / ・… / (2) …
				}
				break
			}
			items = append(items, cleanItem(b.text))
			terms = ex.appendItemTerms(terms, &ex.lines[k], items[len(items)-1])
		}
		// One numbered line is a document's section (1．提携の目的), unless
		// it reads as a matter agreed.
		single := len(items) == 1 && !strings.HasSuffix(items[0], "こと") && !strings.HasSuffix(items[0], "事項")
		if !fieldList(items) && !single {
			give(cue, items, terms)
		}
		i = k - 1
	}
}

var (
	// The head of a table row or heading whose items are agreed: 業務提携の
	// 内容, 協定の内容, 連携事項.
	itemHeadRE = regexp.MustCompile(`^(?:[0-9]+[.)]?\s*)?(?:(?:業務|資本)?(?:提携|連携|協定|覚書|契約|合意|協力|共同研究|協業)(?:の主な|の)?(?:内容|事項|項目)|主な内容|連携事項|協力事項|合意事項)$`)
	// Lead-ins of lists that are not the agreed items: schedules, plans,
	// product features.
	notItemsRE = newLiterals("予定", "スケジュール", "日程", "今後の", "取組", "取り組み", "特長", "特徴", "概要", "出席", "参加者", "プロフィール", "経緯", "沿革")
	// Words of a lead-in that introduces something else than the agreed
	// items with a cue word: 今後のスケジュールは次のとおり.
	cueNotRE = newLiterals("予定", "スケジュール", "日程", "今後の", "当面の", "特長", "特徴", "出席", "経緯", "沿革", "お知らせ")
	// Lead-ins that count the items to follow: 次の3点, 以下の4項目.
	countCueRE = regexp.MustCompile(`(?:以下|次|下記)の(?:[0-9]+|[一二三四五六七八九十]+)(?:点|項目|つ|分野)`)
)

func containsDraft(list []*draft, d *draft) bool {
	for _, x := range list {
		if x == d {
			return true
		}
	}
	return false
}

// itemCue looks back from the first item of a list to the heading or the
// paragraph that introduces it, and returns that line or -1. Failing a cue
// word, the heading of the section counts when it announces an agreement
// (ハコブネさんと物流の覚書を締結) and the list is the section's first.
func (ex *extraction) itemCue(i int) int {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		b := ex.lines[k].b
		t := ex.lines[k].text
		if b.kind == blockItem {
			// (1) 業務提携の内容: a numbered section heading written as a
			// line of its own.
			alone := (k == 0 || ex.lines[k-1].b.list != b.list || ex.lines[k-1].b.kind != blockItem) && ex.lines[k+1].b.list != b.list
			if alone && itemHeadRE.MatchString(t) {
				return k
			}
			return -1
		}
		if itemCueRE.MatchString(t) || countCueRE.MatchString(t) || labelItemsCue(t) {
			if cueNotRE.MatchString(t) {
				return -1 // 今後のスケジュールは次のとおりです
			}
			return k
		}
		if b.kind == blockHeading {
			break
		}
	}
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		b := ex.lines[k].b
		t := ex.lines[k].text
		if b.kind == blockItem || b.kind == blockRow || notItemsRE.MatchString(t) {
			return -1
		}
		if b.kind == blockHeading {
			if labelRE.MatchString(t) && ex.announcesIn(k, i) {
				return k
			}
			return -1
		}
	}
	return -1
}

// paraLines returns the end of the lines of line i's paragraph when they
// read as a list (short, no sentences), else i.
func (ex *extraction) paraLines(i int) int {
	para := ex.lines[i].b.para
	k := i
	for k < len(ex.lines) {
		b := ex.lines[k].b
		if b.kind != blockPara || b.para != para || strings.Contains(b.text, "。") || !runesAtMost(b.text, 80) {
			break
		}
		k++
	}
	if k < len(ex.lines) && ex.lines[k].b.para == para {
		return i // the paragraph goes on with a sentence
	}
	return k
}

// listResumes reports whether an item of list follows line k within the
// run of items it belongs to.
func (ex *extraction) listResumes(k, list int) bool {
	for ; k < len(ex.lines) && ex.lines[k].b.kind == blockItem; k++ {
		if ex.lines[k].b.list == list {
			return true
		}
	}
	return false
}

// fieldList reports whether most items are fields (締結日:令和6年…,
// 名称:…) rather than matters agreed: an outline, not the content.
func fieldList(items []string) bool {
	n := 0
	for _, it := range items {
		head, _, ok := strings.Cut(ja.Normalize(it), ":")
		if ok && utf8.RuneCountInString(head) <= 8 {
			n++
		}
	}
	return n*2 > len(items)
}

// numberedRows returns the end of the run of rows from line i, the first
// row of its table, whose first cell is a list number and second the text
// (1 | 観光振興に関すること), or i when there is none.
func (ex *extraction) numberedRows(i int) int {
	b := ex.lines[i].b
	if i > 0 && ex.lines[i-1].b.kind == blockRow && ex.lines[i-1].b.list == b.list {
		return i
	}
	k := i
	for k < len(ex.lines) {
		r := ex.lines[k].b
		if r.kind != blockRow || r.list != b.list || len(r.cells) != 2 || !listNumber(ja.Normalize(r.cells[0])) || r.cells[1] == "" {
			break
		}
		k++
	}
	if k-i < 2 {
		return i
	}
	return k
}

// headedItems reads the items of the section under heading line h: two or
// more sub-headings, each followed only by paragraphs that explain it. It
// returns them and the line after the section, or nothing.
func (ex *extraction) headedItems(h int) (items, terms []string, end int) {
	level := ex.lines[h].b.level
	var heads []int   // the sub-headings' lines
	var matters []int // the one paragraph under each, while each has one that reads as a matter
	under := 0        // paragraphs under the current sub-heading, numbers aside
	k := h + 1
	for ; k < len(ex.lines); k++ {
		b := ex.lines[k].b
		if b.zone != zoneMain {
			break
		}
		if b.kind == blockHeading {
			if b.level == 0 || b.level <= level {
				break
			}
			heads, under = append(heads, k), 0
			continue
		}
		if b.kind != blockPara {
			return nil, nil, h // lists or tables: the other rules read them
		}
		if len(heads) == 0 || listNumber(ex.lines[k].text) {
			continue // 01 | <h3>…: a card's number
		}
		if under++; under == 1 && len(matters) == len(heads)-1 && matterLike(ex.lines[k].text) {
			matters = append(matters, k)
		} else if under > 1 {
			matters = nil // explanations, not one matter each
		}
	}
	// <h3>スポーツで健康に</h3><p>市民のスポーツ活動の推進…に関すること</p>:
	// a label over the matter, as 項目 | 内容 in a table.
	lines := heads
	if len(matters) == len(heads) {
		lines = matters
	}
	for _, k := range lines {
		items = append(items, cleanItem(ex.lines[k].b.text))
		terms = ex.appendItemTerms(terms, &ex.lines[k], items[len(items)-1])
	}
	if len(items) < 2 || fieldList(items) {
		return nil, nil, h
	}
	return items, terms, k
}

// matterLike: text written as an agreed matter (…に関すること, …事項).
func matterLike(s string) bool {
	s = strings.TrimRight(s, "。 ")
	return strings.HasSuffix(s, "こと") || strings.HasSuffix(s, "事項")
}

// labelledRows returns the end of the run of rows from line i, the first
// row under a header row such as 項目 | 内容, whose first cell is a short
// label and second the matter (観光振興 | 観光資源の…に関すること), or i.
func (ex *extraction) labelledRows(i int) int {
	b := ex.lines[i].b
	if i == 0 {
		return i
	}
	h := ex.lines[i-1].b
	// Columns after the second (開始時期, 担当) say when or who, not what.
	if h.kind != blockRow || h.list != b.list || len(h.cells) < 2 || !labelHeadRE.MatchString(ja.Normalize(h.cells[0])) || !contentHeadRE.MatchString(ja.Normalize(h.cells[1])) {
		return i
	}
	k := i
	for k < len(ex.lines) {
		r := ex.lines[k].b
		if r.kind != blockRow || r.list != b.list || len(r.cells) != len(h.cells) || r.cells[1] == "" || utf8.RuneCountInString(r.cells[0]) > 12 {
			break
		}
		k++
	}
	if k-i < 2 {
		return i
	}
	return k
}

var (
	// Header cells of a table of agreed matters: 項目 | 内容.
	labelHeadRE   = regexp.MustCompile(`^(?:項目|分野|区分|事項|番号|No\.?)$`)
	contentHeadRE = regexp.MustCompile(`^(?:連携|協力|取組|取り組み|主な)?(?:内容|事項|項目)$`)
)

// scheduleList reports whether the list starting at line i is a schedule:
// every item opens with a date (4月 観光マップの作成).
func (ex *extraction) scheduleList(i int) bool {
	list := ex.lines[i].b.list
	n := 0
	for k := i; k < len(ex.lines) && ex.lines[k].b.kind == blockItem && ex.lines[k].b.list == list; k++ {
		ds := jpdate.Find(ex.lines[k].text)
		if len(ds) == 0 || ds[0].Start != 0 {
			return false
		}
		n++
	}
	return n > 0
}

// sentenceItems gives an announced agreement still without items the
// matters a sentence enumerates about it: 「本協定に基づき、両者は観光振興に
// 関すること、防災に関することについて連携します」. A sentence about what
// the parties did before (これまでも…) lists no agreed items.
func (ex *extraction) sentenceItems() {
	var empty []*draft
	for _, d := range ex.agreements {
		if d.announced && len(d.items) == 0 {
			empty = append(empty, d)
		}
	}
	if len(empty) == 0 {
		return
	}
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.zone != zoneMain || l.b.kind != blockPara || strings.Count(l.text, "に関する") < 2 {
			continue
		}
		for _, s := range sentences(l) {
			text := s.text()
			if strings.Count(text, "に関する") < 2 || !agreementRefRE.MatchString(text) || earlierRE.MatchString(text) || strings.Contains(text, "これまで") {
				continue
			}
			items := enumeratedItems(text)
			if len(items) < 2 {
				continue
			}
			var terms []string
			for _, it := range items {
				terms = ex.appendItemTerms(terms, l, it)
			}
			for _, d := range empty {
				d.items, d.itemTerms = items, terms
			}
			return
		}
	}
}

// agreementRefRE: a sentence speaking of the agreement's content.
var agreementRefRE = regexp.MustCompile(`本(?:協定|覚書|契約|合意)|(?:協定|覚書|契約)(?:に基づ|では|において)|連携事項|協力事項|について(?:連携|協力|相互に)`)

// enumeratedItems splits the run of 「…に関すること」 (or 「…に関する事項」)
// parts a sentence lists, parted by 、.
func enumeratedItems(text string) []string {
	parts := splitTop(text, "、")
	var items []string
	for _, p := range parts {
		end, tail := strings.Index(p, "に関すること"), "に関すること"
		if e := strings.Index(p, "に関する事項"); e >= 0 && (end < 0 || e < end) {
			end, tail = e, "に関する事項"
		}
		if end < 0 {
			if len(items) > 0 {
				break
			}
			continue
		}
		item := p[:end+len(tail)]
		if len(items) == 0 {
			// The first part carries the sentence's head: 両者は観光….
			if k := strings.LastIndex(item[:end], "は"); k >= 0 {
				item = item[k+len("は"):]
			}
		}
		items = append(items, cleanItem(item))
		if rest := strings.TrimLeft(p[end+len(tail):], " 等"); rest != "" {
			break // 「…に関することについて連携」: the run ends here
		}
	}
	return items
}

// labelItemsCue: an agreement word followed by its contents: MOUの主な内容,
// 販売代理店契約の主な内容.
func labelItemsCue(t string) bool {
	for _, loc := range labelRE.FindAllStringIndex(t, -1) {
		rest := strings.TrimPrefix(t[loc[1]:], "の")
		rest = strings.TrimPrefix(rest, "主な")
		if strings.HasPrefix(rest, "内容") || strings.HasPrefix(rest, "事項") || strings.HasPrefix(rest, "項目") {
			return true
		}
	}
	return false
}

// announcesIn reports whether a sentence concluding an agreement lies on
// the lines from (a heading) to to.
func (ex *extraction) announcesIn(from, to int) bool {
	for k := from + 1; k < to; k++ {
		if ex.lines[k].b.kind != blockPara {
			continue
		}
		t := ex.lines[k].text
		if labelRE.MatchString(t) && conclRE.MatchString(t) {
			return true
		}
	}
	return false
}

// appendItemTerms appends the terms of item, read on line l, to terms:
// those of the line's tokens that lie within the item (its normalized text
// is found in the line's). An item the line does not hold as it is (rare)
// is analysed alone.
func (ex *extraction) appendItemTerms(terms []string, l *line, item string) []string {
	n := ja.Normalize(item)
	at := strings.Index(l.text, n)
	if at < 0 || n == "" {
		return append(terms, ex.x.an.Terms(item)...)
	}
	for _, t := range l.toks {
		if t.Start >= at && t.End <= at+len(n) && t.Term != "" {
			terms = append(terms, t.Term)
		}
	}
	return terms
}

// finalAgreements turns the drafts into the schema's agreements: the
// announced ones first, then the earlier ones in the order found, and the
// terms of each one's items in the same order.
func (ex *extraction) finalAgreements() ([]Agreement, [][]string) {
	out := []Agreement{}
	var terms [][]string
	emit := func(d *draft) {
		terms = append(terms, d.itemTerms)
		a := Agreement{
			Kind:    d.kind,
			Label:   d.label,
			Partner: d.partner.root().key,
			Purpose: d.purpose,
			Items:   d.items,
			From:    FromBody,
		}
		if a.Items == nil {
			a.Items = []string{}
		}
		if d.fromTable {
			a.From = FromTable
		}
		if d.announced {
			a.From = FromBody
		}
		if d.subject != nil && d.subject.root() != d.partner.root() {
			a.Parties = []string{d.subject.root().key, a.Partner}
		}
		if d.signed.Precision != 0 {
			sd := d.signed
			if ex.published.Precision != 0 {
				sd = sd.Resolve(ex.published)
			}
			if sd.HasYear() {
				s := sd.String()
				a.Signed = &s
			}
		}
		out = append(out, a)
	}
	for _, d := range ex.agreements {
		if d.announced {
			emit(d)
		}
	}
	for _, d := range ex.agreements {
		if !d.announced {
			emit(d)
		}
	}
	return out, terms
}

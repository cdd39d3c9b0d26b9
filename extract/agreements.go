package extract

import (
	"regexp"
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
	order     int
}

var (
	// Agreement words, longest first so 資本業務提携契約 wins over 提携.
	labelRE = newLiterals(
		"資本業務提携契約", "資本業務提携", "業務資本提携", "資本提携契約", "資本提携", "業務提携契約", "業務提携", "販売提携", "技術提携", "包括的連携協定", "包括連携協定",
		"包括連携に関する協定", "包括的な連携に関する協定", "包括協定", "連携協力協定", "連携協定", "協力協定", "パートナーシップ協定", "パートナー協定", "共同研究開発契約",
		"共同研究契約", "共同開発契約", "ライセンス導入契約", "ライセンス契約", "実施許諾契約", "販売代理店契約", "基本合意書", "基本合意", "合意書", "覚書", "MOU",
		"協定書", "協定", "契約", "提携",
	)
	// Verbs of concluding; a label without one ("9例目の提携") is no news.
	verbRE = regexp.MustCompile(`締結|調印|合意(?:し|いた|する|に至)|結び|結ん|結ぶ|交わ|取り交わ|提携(?:し|いた|する|を開始)|開始(?:し|いた|する)|決議|決定(?:し|いた)`)
	// Signs that a sentence lists agreements made before this release.
	earlierRE = newLiterals("これまで", "既に", "すでに", "過去に", "以前", "締結しており", "締結しています", "締結してまいりました", "締結してきました", "締結済", "に続き", "に続く")
	// Adverbs and phrases that open a partner slot without being a name.
	slotLeadRE  = regexp.MustCompile(`^(?:[、,\s]|また|さらに|なお|これまで|このたび|この度|今般|今回|本日|同日付?で?|新たに|正式に|共同で|ともに|[0-9]+日付で?)+`)
	purposeRE   = guarded(`([^、。]{4,80}?)を目的と(?:した|して|する)`, "を目的と")
	dateAfterRE = regexp.MustCompile(`^\s*(?:から|より|まで|以降|以前|まで|～|~|-|－)`)
	// Headings and lead-ins of an agreement's items.
	itemCueRE    = regexp.MustCompile(`(?:提携|連携|協定|覚書|契約|合意|協力|共同研究|研究|業務提携|協業)の?(?:主な)?(?:内容|事項|項目|概要|分野)|主な(?:内容|連携内容|連携事項|取り組み内容)|(?:以下|次)の(?:とおり|通り|事項|内容|分野|項目)|連携事項|協力事項|協定の内容|協定内容|提携内容|連携内容|合意内容|覚書の内容|共同研究の(?:主な)?内容`)
	historyCueRE = regexp.MustCompile(`沿革|実績|これまでの|締結状況|締結先|提携先|連携先|一覧|履歴|経緯|年表`)
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
	case label == "覚書" || label == "MOU" || strings.Contains(label, "合意"):
		return AgreementMOU
	case strings.Contains(label, "提携"):
		if strings.Contains(context, "資本") {
			return AgreementCapitalAlliance
		}
		return AgreementBusinessAlliance
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
	case "包括連携に関する協定", "包括的な連携に関する協定", "包括的連携協定":
		return "包括連携協定"
	case "協定書":
		return "協定"
	}
	for _, suf := range []string{"提携契約"} {
		if strings.HasSuffix(label, suf) {
			return strings.TrimSuffix(label, "契約")
		}
	}
	return label
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
		for _, s := range sentences(l) {
			ex.agreementSentence(i, s, &lastDate)
		}
	}
	ex.historyRows()
	ex.itemLists()
}

// agreementSentence reads one sentence that concludes an agreement:
// its subject, partners, date, label and purpose.
func (ex *extraction) agreementSentence(li int, s sentence, lastDate *jpdate.Date) {
	l := &ex.lines[li]
	text := s.text()
	dates := jpdate.Find(text)
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
		if insideParenAt(text, loc[0]) {
			continue // 基本合意書(MOU): the word before the parenthesis is the label
		}
		after := text[loc[1]:min(len(text), loc[1]+30)]
		if v := verbRE.FindStringIndex(after); v != nil && !strings.Contains(dropParens(after[:v[0]]), "、") {
			label, labelAt = text[loc[0]:loc[1]], loc[0]
		}
	}
	if labelAt < 0 {
		return
	}
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
			return
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
				if strings.HasPrefix(rest, "に") || strings.HasPrefix(rest, "付") || strings.TrimSpace(rest) == "" {
					cur = ds[0].Date
					ex.signedAt[l] = append(ex.signedAt[l], [2]int{elStart + ds[0].Start, elStart + ds[0].End})
				}
				if strings.TrimSpace(rest) == "" {
					continue // the element is only the date: "2019年7月1日、"
				}
			}
			e := ex.trailingOrg(l, li, elStart, elStart+len(el))
			if e == nil || ex.isPublisher(e) && !earlier {
				continue
			}
			partners = append(partners, slotPartner{e: e, date: cur, span: [2]int{elStart, elStart + len(el)}})
		}
	}
	if len(partners) == 0 {
		return
	}
	if subject == nil && len(ex.publishers) > 0 {
		subject = ex.publishers[0]
	}
	// A sentence-level date: "川崎市と8月30日、…締結" or "本日" or "同日".
	var sentDate jpdate.Date
	for _, d := range dates {
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
		ex.signedAt[l] = append(ex.signedAt[l], abs)
	}
	if sentDate.Precision == 0 && !earlier {
		switch {
		case strings.Contains(text, "本日"):
			sentDate = ex.published
		case strings.Contains(text, "同日"):
			sentDate = *lastDate
			if sentDate.Precision == 0 {
				sentDate = ex.published
			}
		}
	}
	purpose := ""
	if m := purposeRE.FindStringSubmatch(l.text[purposeFrom : s.start+labelAt]); m != nil {
		purpose = strings.TrimLeft(m[1], "、 ")
		if k := strings.LastIndex(purpose, "、"); k >= 0 {
			purpose = purpose[k+len("、"):]
		}
	}
	kind := labelKind(label, text[:labelAt+len(label)])
	for _, p := range partners {
		d := &draft{
			partner:   p.e.root(),
			subject:   subject,
			label:     shortLabel(label),
			kind:      kind,
			signed:    p.date,
			purpose:   purpose,
			announced: !earlier,
			order:     len(ex.agreements),
		}
		if d.signed.Precision == 0 {
			d.signed = sentDate
		}
		ex.mergeDraft(d)
	}
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
		if t.Surface != "と" && t.Surface != "とも" && t.Surface != "との" || t.POS != "助詞" || l.insideParenAt(t.Start) {
			continue
		}
		// The words before it must end in a name (or a parenthesis after one).
		before := strings.TrimRight(l.text[from:t.Start], " ")
		if before == "" {
			continue
		}
		if strings.HasSuffix(before, ")") {
			best = t.Start
			continue
		}
		if ex.endsWithName(l, from, t.Start) {
			best = t.Start
		}
	}
	return best
}

// endsWithName reports whether l.text[from:end] ends in an organization
// name: a known one, or a run that orgSpan or the name's shape accepts.
func (ex *extraction) endsWithName(l *line, from, end int) bool {
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
		// Latin or katakana names (Eurobiomed, ナギサ) without a head word.
		first, _ := utf8.DecodeRuneInString(l.text[r.start:])
		return isLatin(first) || isKatakana(first) && l.toks[r.last].Class != 0 && l.toks[r.first].Is("固有名詞")
	}
	return false
}

// trailingOrg returns the organization a slot element ends with: "新産業創出
// を進める川崎市" → 川崎市, "2016年5月にBIOCOM(…)" → BIOCOM.
func (ex *extraction) trailingOrg(l *line, li, start, end int) *orgEntry {
	// Drop a trailing parenthesis (it was read by scanOrgs).
	seg := l.text[start:end]
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
		if utf8.RuneCountInString(name) < 2 || genericNoun(name) || len(jpdate.Find(name)) > 0 || l.toks[first].Is("接尾") {
			return nil
		}
		return ex.orgs.add(name)
	}
	return nil
}

// genericNoun rejects slot words that are not names: 自治体, 企業, 同社.
func genericNoun(s string) bool {
	switch s {
	case "自治体", "企業", "同社", "当社", "弊社", "両社", "各社", "大学", "団体", "法人", "機関", "相手", "先方", "パートナー", "事業者":
		return true
	}
	return strings.HasSuffix(s, "目的") || strings.HasSuffix(s, "領域") || strings.HasSuffix(s, "分野")
}

// mergeDraft adds d, or merges it into the draft for the same partner:
// the more precise date wins, and at equal precision the announcement's or
// else the table's; items come from whichever has them.
func (ex *extraction) mergeDraft(d *draft) {
	for _, o := range ex.agreements {
		if o.partner.root() != d.partner.root() {
			continue
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
		if o.label == "" || o.fromTable && !d.fromTable {
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
			return historyCueRE.MatchString(ex.lines[k].text) && labelRE.MatchString(ex.lines[k].text+"提携")
		}
		if b.kind == blockPara && strings.Contains(ex.lines[k].text, "年月") && strings.Contains(ex.lines[k].text, "名") && utf8.RuneCountInString(ex.lines[k].text) < 30 {
			return true
		}
	}
	return false
}

var (
	dateColRE  = regexp.MustCompile(`年月|日付|締結日|締結年|時期|年度|提携日|開始`)
	nameColRE  = regexp.MustCompile(`団体|組織|名称|相手|企業|提携先|締結先|パートナー|機関|会社|連携先|協定先`)
	itemsColRE = regexp.MustCompile(`内容|概要|項目|事項`)
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
	dateCol, nameCol, itemsCol := -1, -1, -1
	if h := ex.lines[i].b; h.header {
		for c, cell := range h.cells {
			switch {
			case dateCol < 0 && dateColRE.MatchString(cell):
				dateCol = c
			case nameCol < 0 && nameColRE.MatchString(cell) && !itemsColRE.MatchString(cell):
				nameCol = c
			case itemsCol < 0 && itemsColRE.MatchString(cell):
				itemsCol = c
			}
		}
		if dateCol < 0 || nameCol < 0 {
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
		if dc < 0 {
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
		d, err := jpdate.Parse(normalizeCell(b.cells[dc]))
		if err != nil || !d.HasYear() {
			continue
		}
		var items, terms []string
		if ic >= 0 && ic < len(b.cells) && itemsColRE.MatchString(ex.headerCell(i, ic)) {
			for _, it := range b.cellItems[ic] {
				items = append(items, cleanItem(it))
				terms = ex.appendItemTerms(terms, &ex.lines[r], items[len(items)-1])
			}
		}
		ex.tableAgreement(r, normalizeCell(b.cells[nc]), d, items, terms)
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
	if m == nil || strings.Contains(m[2], "。") {
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
	ex.tableAgreement(i, m[2], d, items, terms)
}

func (ex *extraction) tableAgreement(li int, nameCell string, d jpdate.Date, items, itemTerms []string) {
	l := &line{text: nameCell, b: &block{kind: blockPara}}
	l.toks = ex.x.an.Analyze(nameCell).Tokens
	var e *orgEntry
	if ms := ex.scanOrgs(l); len(ms) > 0 && ms[0].start == 0 {
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
// heading or lead-in (連携事項, 次の事項について…). A list whose heading
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
	for i := ex.headerEnd; i < len(ex.lines); i++ {
		l := &ex.lines[i]
		if l.b.kind != blockItem || l.b.zone != zoneMain || (i > 0 && ex.lines[i-1].b.kind == blockItem && ex.lines[i-1].b.list == l.b.list) {
			continue
		}
		cue := ex.itemCue(i)
		if cue < 0 {
			continue
		}
		var items, terms []string
		list := l.b.list
		for k := i; k < len(ex.lines) && ex.lines[k].b.kind == blockItem && ex.lines[k].b.list == list; k++ {
			items = append(items, cleanItem(ex.lines[k].b.text))
			terms = ex.appendItemTerms(terms, &ex.lines[k], items[len(items)-1])
		}
		var targets []*draft
		for _, m := range ex.mentions[cue] {
			for _, d := range announced {
				if d.partner.root() == m.e.root() && !containsDraft(targets, d) {
					targets = append(targets, d)
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
}

func containsDraft(list []*draft, d *draft) bool {
	for _, x := range list {
		if x == d {
			return true
		}
	}
	return false
}

// itemCue looks back from the first item of a list to the heading or the
// paragraph that introduces it, and returns that line or -1.
func (ex *extraction) itemCue(i int) int {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		b := ex.lines[k].b
		if b.kind == blockItem {
			return -1
		}
		if itemCueRE.MatchString(ex.lines[k].text) {
			return k
		}
		if b.kind == blockHeading {
			return -1
		}
	}
	return -1
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

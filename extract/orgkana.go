package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// Names in hiragana (ほしぞら市, はやぶさ大学, みさと学園) are words Kagome
// does not know: it reads them as verbs, adverbs and particles (ほし/ぞ/ら,
// はや/ぶさ, み/さ/と). kanaLead finds such a name before a head word from
// what bounds it: hiragana between a boundary (the start of the line,
// punctuation, a legal-entity word, 及び or 並びに, a particle after a word
// that is not hiragana) and a head word can only be the head's name.

// kanaLeadMax is the most hiragana characters kanaLead takes.
const kanaLeadMax = 6

// kanaLead returns where the name whose first noun is token k of l starts
// when hiragana Kagome read as grammar stands before it, bounded as above;
// the token's start when none does. bare says the name's head stands alone
// after the hiragana (み/さ/と/学園): then a last と or の belongs to the
// name too, since the split would leave a head with no name. legal says a
// legal-entity word ends the name (つゆくさ食品株式会社): what a particle
// after a word bounds is then as sure a name as what punctuation bounds
// (小鷺町とつゆくさ食品株式会社, where Kagome reads つゆ as an adverb).
func kanaLead(l *line, k int, bare, legal bool) int {
	if k <= 0 || k >= len(l.toks) {
		return l.toks[max(k, 0)].Start
	}
	start := l.toks[k].Start
	best, n := start, 0
	for j := k - 1; j >= 0; j-- {
		t := l.toks[j]
		if t.End != l.toks[j+1].Start || !hiraganaWord(t) {
			break
		}
		if n += utf8.RuneCountInString(t.Surface); n > kanaLeadMax {
			break
		}
		strong, ok := kanaBoundary(l, j)
		if ok && kanaSegment(l.toks[j:k], strong || legal, bare) {
			best = t.Start
		}
	}
	return best
}

// kanaBoundary reports whether a name can start at token j of l: the line
// starts there, or punctuation, a space, a legal-entity word or a
// conjunction (及び) stands before it (strong), or a particle after a word
// that is not hiragana (当社は, 青海市と: weak, as the hiragana after a
// particle may still be grammar).
func kanaBoundary(l *line, j int) (strong, ok bool) {
	if j == 0 {
		return true, true
	}
	p := l.toks[j-1]
	if p.End != l.toks[j].Start || p.Class == ja.Symbol || p.POS == "接続詞" || joinSymbol(p) {
		return true, true
	}
	if r := lastRune(p.Surface); strings.ContainsRune("、。「」『』()[]・:,", r) {
		return true, true
	}
	if before := l.text[:l.toks[j].Start]; mayEndLegalPrefix(before) {
		for _, w := range legalPrefixes {
			if strings.HasSuffix(before, w) {
				return true, true
			}
		}
	}
	if p.POS == "助詞" && hiraganaWord(p) && (j < 2 || !hiraganaWord(l.toks[j-2]) || l.toks[j-2].Class == ja.Particle) {
		return false, true
	}
	return false, false
}

// kanaSegment: the hiragana tokens seg can be a name Kagome misread. Its
// first word is no particle (but for the topic は misread before a verb
// not in its dictionary form, as は/やぶ/さ), conjunction, determiner or
// pronoun; it must be a misread word (see misread), or after a strong
// boundary or before a made-up verb stem a boundMisread one (はや/ぶさ);
// an adjective must be inflected (ほし of ほしぞら). One word alone must be
// a noun, a prefix or an inflected verb or adjective, not an adverb
// (さらに) or a whole verb. Grammar particles (に, を, で, が) do not stand
// inside, nor a verb in its dictionary form last, and a particle ends it
// only when the head is bare (see kanaLead).
func kanaSegment(seg []ja.Token, strong, bare bool) bool {
	n := 0
	for _, t := range seg {
		n += utf8.RuneCountInString(t.Surface)
	}
	if n < 2 {
		return false
	}
	first := seg[0]
	// いさ/り/浜市, と/が/わ/農業協同組合: at the start of a clause, kana
	// that end in an auxiliary or a sentence-final particle cannot stand
	// before a noun as grammar; they are the name's.
	if last := seg[len(seg)-1]; strong && len(seg) >= 2 && n >= 3 && n <= 4 && (last.POS == "助動詞" || last.Is("終助詞")) {
		return true
	}
	switch {
	case first.POS == "助詞":
		if first.Surface != "は" || len(seg) < 2 || !(seg[1].POS == "動詞" || seg[1].POS == "接頭詞") || !misread(seg[1]) {
			return false
		}
	case first.POS == "接続詞" || first.POS == "連体詞" || first.POS == "助動詞" || first.POS == "感動詞" || first.Is("代名詞"):
		return false
	case first.POS == "形容詞":
		if first.Term == first.Surface {
			return false // an adjective in its dictionary form is grammar
		}
	case !misread(first) && !(strong && boundMisread(first)) &&
		!(boundMisread(first) && len(seg) > 1 && seg[1].POS == "動詞" && seg[1].Term != seg[1].Surface):
		return false
	}
	if len(seg) == 1 {
		switch first.POS {
		case "名詞", "接頭詞":
			return !first.Is("非自立") || strong
		case "動詞", "形容詞":
			return first.Term != first.Surface
		}
		return false
	}
	// をはじめとする…: a verb in its dictionary form (or an adjective)
	// before a noun is grammar.
	if last := seg[len(seg)-1]; (last.POS == "動詞" || last.POS == "形容詞") && last.Term == last.Surface {
		return false
	}
	for i, t := range seg[1:] {
		if t.POS == "助動詞" || t.POS == "連体詞" {
			return false
		}
		if t.POS != "助詞" {
			continue
		}
		switch t.Surface {
		case "に", "を", "で", "が", "へ", "も", "て", "ば", "から", "まで", "より", "は":
			return false
		}
		// み/さ/と/学園, but not きのこ/の/大学: what stands before the
		// particle must be no word of its own.
		if i == len(seg)-2 && (!bare || t.Surface != "と" && t.Surface != "の" || len(seg) == 2 && seg[0].POS == "名詞") {
			return false
		}
	}
	return true
}

// bareHeadName reads a run whose head word, token k of the line, has only
// hiragana before it in the run (ら/市 of ほし/ぞ/ら/市, or nothing: はや/
// ぶさ/大学) as a name in hiragana: it returns the name's start, or -1.
func bareHeadName(l *line, first, k int) int {
	for i := first; i < k; i++ {
		if !hiraganaWord(l.toks[i]) {
			return -1
		}
	}
	s := kanaLead(l, k, true, false)
	if s >= l.toks[first].Start {
		return -1
	}
	if isMunicipalHead(l.toks[k].Surface) && placeAfter(l.text[l.toks[k].End:]) {
		return -1
	}
	return s
}

// noLead extends a place name split at the particle の (杉/の/宮/市) back
// over the word before it: the name before the head is one character,
// so that the split leaves an implausible place, and the word before の is
// a common noun of one or two characters standing at a boundary, so it is
// no name the place could belong to (三重県の津市, 地域の…). k is the index
// on the line of the place's first token; it returns the name's start, or
// the token's.
func noLead(l *line, k int) int {
	start := l.toks[k].Start
	if k < 2 || utf8.RuneCountInString(l.toks[k].Surface) != 1 {
		return start
	}
	no := l.toks[k-1]
	// 杉の宮市, and 萩ノ浦町, 鶴ヶ浜市: kana that joins a place's name.
	joins := no.Surface == "の" && no.POS == "助詞" || placeJoin(no.Surface)
	if !joins || no.End != start {
		return start
	}
	j, n := k-1, 0
	for j > 0 {
		t := l.toks[j-1]
		if t.End != l.toks[j].Start || !nameToken(t) || t.Class != ja.Noun || !t.Is("一般") ||
			determiners[t.Surface] || endsName(t) || t.Is("数") {
			break
		}
		n += utf8.RuneCountInString(t.Surface)
		j--
	}
	if j == k-1 || n > 2 {
		return start
	}
	if r, _ := utf8.DecodeRuneInString(l.toks[j].Surface); isHiragana(r) || isKatakana(r) || isLatin(r) {
		return start
	}
	if _, ok := kanaBoundary(l, j); !ok {
		return start
	}
	return l.toks[j].Start
}

// allHiragana: s, past a leading space, is hiragana only.
func allHiragana(s string) bool {
	s = strings.TrimLeft(s, " ")
	for _, r := range s {
		if !isHiragana(r) {
			return false
		}
	}
	return s != ""
}

// dropPeople marks the organizations whose name is that of a person the
// release names (クラウス・ハイデマン氏, Managing Director クラウス・
// ハイデマン): a name used for a person is no organization's, unless a
// legal-entity word or a head word says it is one.
func (s *orgSet) dropPeople(people []Person) {
	if len(people) == 0 {
		return
	}
	names := make(map[string]bool, len(people))
	for _, p := range people {
		names[NormalizeOrg(p.Name)] = true
	}
	for _, e := range s.list {
		if e = e.root(); e.kind == KindOther && !hasLegalWord(e.name) && names[e.key] {
			e.person = true
		}
	}
}

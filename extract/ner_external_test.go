package extract_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/internal/external"
)

// nerSentence is one line of ner-wikipedia-orgs*.jsonl
// (stockmarkteam/ner-wikipedia-dataset, CC BY-SA 3.0; see
// ../shared/external/README.md). Spans are code-point offsets, end
// exclusive.
type nerSentence struct {
	Text   string      `json:"text"`
	Orgs   []nerEntity `json:"orgs"`
	Others []nerEntity `json:"other_entities"`
}

type nerEntity struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Span [2]int `json:"span"`
}

// nerScore counts span matches; exact and overlap are scored separately.
type nerScore struct {
	gold, pred       int
	tp               int // exact: predicted span == gold span
	goldHit, predHit int // overlap: a gold span overlapped by a prediction, and the reverse
	places           int // false positives that are exactly a 地名 entity
}

func (s *nerScore) add(o nerScore) {
	s.gold += o.gold
	s.pred += o.pred
	s.tp += o.tp
	s.goldHit += o.goldHit
	s.predHit += o.predHit
	s.places += o.places
}

func prf(tp, pred, predTP, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(predTP) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s nerScore) exact() (p, r, f float64)   { return prf(s.tp, s.pred, s.tp, s.gold) }
func (s nerScore) overlap() (p, r, f float64) { return prf(s.goldHit, s.pred, s.predHit, s.gold) }

func (s nerScore) String() string {
	p, r, f := s.exact()
	op, or, of := s.overlap()
	return fmt.Sprintf("exact P %.3f R %.3f F1 %.3f | overlap P %.3f R %.3f F1 %.3f (gold %d, predicted %d, %d of them places)",
		p, r, f, op, or, of, s.gold, s.pred, s.places)
}

// nerTypes are the dataset's entity types scored: companies and other
// corporations (法人名) and governments, ministries, parties and armies
// (政治的組織名).
var nerTypes = map[string]bool{"法人名": true, "政治的組織名": true}

// scoreSentence compares the organizations Organizations finds in s with
// the gold spans, all in code points.
//
// What counts, following the dataset's conventions (README section B):
//   - a mention is the name as written: with its company-form word when
//     the text has one (レッドフォックス株式会社), bare when it has none
//     (日本航空, IBM); a bare name counts like any other. The dataset
//     leaves the legal form of associations and foundations out of the
//     name (公益財団法人[九州文化協会]), so the test drops such a leading
//     word (nonCompanyLegalWords) from predictions before comparing;
//   - the types scored are 法人名 and 政治的組織名. A prediction that
//     overlaps only a その他の組織名 entity (clubs, teams, faculties:
//     organizations the dataset types otherwise) is neither right nor
//     wrong and is left out of the counts;
//   - a prediction that overlaps no scored entity is a false positive,
//     places included: the dataset tags a municipality (大阪市) as a place
//     (地名) nearly everywhere, while in a press release the city is a
//     party. The recognizer reads a municipality before に本社, で, 出身 …
//     as the place; the rest stay false positives here, and the log says
//     how many (“of them places”);
//   - exact: the predicted span equals the gold span. Overlap (reported
//     for information): a prediction is right when it overlaps a gold
//     span, a gold span recalled when a prediction overlaps it.
func scoreSentence(x *extract.Extractor, s nerSentence) (nerScore, []string) {
	var sc nerScore
	var gold, other [][2]int
	for _, o := range s.Orgs {
		if nerTypes[o.Type] {
			gold = append(gold, o.Span)
		} else {
			other = append(other, o.Span)
		}
	}
	var pred [][2]int
	for _, m := range x.Organizations(s.Text) {
		start := m.Start
		if w := nonCompanyLegalWord(s.Text[start:m.End]); w != "" {
			start += len(w)
		}
		sp := [2]int{utf8.RuneCountInString(s.Text[:start]), utf8.RuneCountInString(s.Text[:m.End])}
		if !overlapsAny(sp, gold) && overlapsAny(sp, other) {
			continue
		}
		pred = append(pred, sp)
	}
	sc.gold, sc.pred = len(gold), len(pred)
	var notes []string
	rs := []rune(s.Text)
	for _, g := range gold {
		if containsSpan(pred, g) {
			sc.tp++
		} else {
			notes = append(notes, "miss "+string(rs[g[0]:g[1]]))
		}
		if overlapsAny(g, pred) {
			sc.goldHit++
		}
	}
	var places [][2]int
	for _, o := range s.Others {
		if o.Type == "地名" {
			places = append(places, o.Span)
		}
	}
	for _, p := range pred {
		if overlapsAny(p, gold) {
			sc.predHit++
		}
		if !containsSpan(gold, p) {
			notes = append(notes, "extra "+string(rs[p[0]:p[1]]))
			if containsSpan(places, p) {
				sc.places++
			}
		}
	}
	return sc, notes
}

// nonCompanyLegalWords are the legal-entity words the dataset leaves out of
// a name (公益財団法人[九州文化協会], 社団法人[日本レコード協会]) while it
// keeps 株式会社 and 有限会社 in (株式会社マルゴ, 参天製薬有限会社).
var nonCompanyLegalWords = []string{
	"国立研究開発法人", "地方独立行政法人", "独立行政法人", "認定特定非営利活動法人", "特定非営利活動法人", "国立大学法人",
	"公立大学法人", "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人", "社団法人", "財団法人", "社会福祉法人",
	"社会医療法人", "医療法人社団", "医療法人財団", "医療法人", "学校法人", "宗教法人", "NPO法人",
}

// nonCompanyLegalWord returns the word of nonCompanyLegalWords name starts
// with (and a space after it), or "".
func nonCompanyLegalWord(name string) string {
	for _, w := range nonCompanyLegalWords {
		if rest, ok := strings.CutPrefix(name, w); ok && rest != "" {
			if strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\u3000") {
				_, n := utf8.DecodeRuneInString(rest)
				return w + rest[:n]
			}
			return w
		}
	}
	return ""
}

func containsSpan(list [][2]int, s [2]int) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func overlapsAny(s [2]int, list [][2]int) bool {
	for _, x := range list {
		if s[0] < x[1] && x[0] < s[1] {
			return true
		}
	}
	return false
}

func readNER(t *testing.T, name string) []nerSentence {
	t.Helper()
	f, err := os.Open(external.File(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []nerSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var s nerSentence
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNERWikipediaOrgs measures organization recognition (Extractor.
// Organizations, the recognizer Extract runs on a release's lines) on
// the first 1,000 sentences with a company or political organization of
// stockmarkteam/ner-wikipedia-dataset, read in place from
// ../shared/external (CC BY-SA 3.0; never copied into this repository).
// The sentences are encyclopedic prose, not press releases, so the score
// measures how the rules carry over; see scoreSentence for what counts.
//
// The rules were tuned looking at misses of the sample's first half only;
// both halves are reported so that a gap between them shows overfitting.
// PRESSROOM_NER_MISSES=1 logs the first half's misses and extras.
func TestNERWikipediaOrgs(t *testing.T) {
	sents := readNER(t, "ner-wikipedia-orgs-sample.jsonl")
	x := extractor(t)
	half := len(sents) / 2
	var first, second nerScore
	dump := os.Getenv("PRESSROOM_NER_MISSES") != ""
	for i, s := range sents {
		sc, notes := scoreSentence(x, s)
		if i < half {
			first.add(sc)
			if dump && len(notes) > 0 {
				t.Logf("%d %s\n\t%s", i, s.Text, strings.Join(notes, "\n\t"))
			}
		} else {
			second.add(sc)
		}
	}
	var all nerScore
	all.add(first)
	all.add(second)
	t.Logf("first half (tuned on):  %v", first)
	t.Logf("second half (held out): %v", second)
	t.Logf("whole sample:           %v", all)
	if _, _, f := all.exact(); f < 0.60 {
		t.Errorf("exact-match F1 %.3f, want ≥ 0.60", f)
	}
}

// TestNERWikipediaOrgsRest scores the rest of the dataset, the sentences of
// ner-wikipedia-orgs.jsonl that are not in the sample, for information
// only: no rule was written looking at them. It reports the sentences
// with a 法人名 or 政治的組織名 (chosen as the sample's were) and all of
// them: sentences with only other entities give false positives only.
func TestNERWikipediaOrgsRest(t *testing.T) {
	if testing.Short() {
		t.Skip("long: 4,859 sentences")
	}
	sample := map[string]bool{}
	for _, s := range readNER(t, "ner-wikipedia-orgs-sample.jsonl") {
		sample[s.Text] = true
	}
	x := extractor(t)
	var like, rest nerScore // like: sentences chosen as the sample's were
	n, nLike := 0, 0
	for _, s := range readNER(t, "ner-wikipedia-orgs.jsonl") {
		if sample[s.Text] {
			continue
		}
		sc, _ := scoreSentence(x, s)
		rest.add(sc)
		n++
		if sc.gold > 0 {
			like.add(sc)
			nLike++
		}
	}
	t.Logf("rest, sentences with a scored entity (%d): %v", nLike, like)
	t.Logf("rest, all sentences (%d):                %v", n, rest)
}

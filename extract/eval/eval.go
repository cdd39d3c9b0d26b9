// Package eval scores extracted releases against hand-written gold
// annotations (X.gold.json beside X.html), field by field, with precision,
// recall and F1. `pressroom eval` and the extraction tests use it, so the
// numbers quoted for the extractor always come from annotations written
// before the extractor was tuned, never from its own output.
//
// Gold files follow fixtures/releases/README.md: each organization is a list
// of the forms the text uses, and any form matches after NFKC, whitespace
// removal and legal-entity-word removal.
package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/pressroom-ja/pressroom/extract"
)

// Gold is one release's hand annotation.
type Gold struct {
	Published  *string         `json:"published"`
	Title      string          `json:"title,omitempty"`
	Categories []string        `json:"categories,omitempty"`
	Publishers [][]string      `json:"publishers"`
	Partners   [][]string      `json:"partners"`
	Agreements []GoldAgreement `json:"agreements"`
	People     []GoldPerson    `json:"people"`
}

// GoldAgreement is one (agreement, partner) of the gold.
type GoldAgreement struct {
	Partner []string `json:"partner"`
	Kind    string   `json:"kind,omitempty"`
	Label   string   `json:"label,omitempty"`
	Signed  *string  `json:"signed"`
	Items   []string `json:"items"`
	From    string   `json:"from,omitempty"`
}

// GoldPerson is a person of the gold.
type GoldPerson struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	Organization []string `json:"organization,omitempty"`
}

// LoadGold reads a gold file.
func LoadGold(path string) (Gold, error) {
	var g Gold
	b, err := os.ReadFile(path)
	if err != nil {
		return g, err
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return g, fmt.Errorf("gold %s: %w", path, err)
	}
	return g, nil
}

// Fields scored, in report order. The first six make the overall score;
// the rest are reported beside it.
var (
	CoreFields  = []string{"published", "publishers", "partners", "signed", "items", "people"}
	ExtraFields = []string{"title", "categories", "kind", "label"}
)

// Score counts matches of one field.
type Score struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Add returns the sum of two scores.
func (s Score) Add(o Score) Score { return Score{s.TP + o.TP, s.FP + o.FP, s.FN + o.FN} }

// Precision is TP/(TP+FP), 1 when nothing was extracted and nothing was due.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		if s.FN == 0 {
			return 1
		}
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN), 1 when the gold has nothing.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		if s.FP == 0 {
			return 1
		}
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// MarshalJSON adds the ratios for machines.
func (s Score) MarshalJSON() ([]byte, error) {
	type plain Score
	return json.Marshal(struct {
		plain
		P  float64 `json:"precision"`
		R  float64 `json:"recall"`
		F1 float64 `json:"f1"`
	}{plain(s), round(s.Precision()), round(s.Recall()), round(s.F1())})
}

func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// FileReport is the comparison of one release with its gold.
type FileReport struct {
	File   string           `json:"file"`
	Fields map[string]Score `json:"fields"`
	// Misses lists what was missed (-) or extra (+), for reading by people.
	Misses []string `json:"misses,omitempty"`
	Error  string   `json:"error,omitempty"`
}

// Report sums file reports.
type Report struct {
	Files   []FileReport     `json:"files"`
	Fields  map[string]Score `json:"fields"`
	Overall Score            `json:"overall"`
}

// Summarize adds up file reports: micro-averaged per field, and overall
// over the core fields.
func Summarize(files []FileReport) Report {
	r := Report{Files: files, Fields: map[string]Score{}}
	for _, f := range files {
		for name, s := range f.Fields {
			r.Fields[name] = r.Fields[name].Add(s)
		}
	}
	for _, name := range CoreFields {
		r.Overall = r.Overall.Add(r.Fields[name])
	}
	return r
}

// norm is the comparison form of any text: NFKC, no whitespace.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, extract.NormalizeOrg(s))
}

func normText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, jaNormalize(s))
}

// orgForms returns the comparison forms of an extracted organization key.
func orgForms(r *extract.Release, key string) []string {
	forms := []string{norm(key)}
	if o, ok := r.Org(key); ok {
		forms = append(forms, norm(o.Name))
		for _, a := range o.Aliases {
			forms = append(forms, norm(a))
		}
	}
	return forms
}

func sameOrg(gold []string, forms []string) bool {
	for _, g := range gold {
		ng := norm(g)
		for _, f := range forms {
			if ng != "" && ng == f {
				return true
			}
		}
	}
	return false
}

// Compare scores one release against its gold.
func Compare(file string, r *extract.Release, g Gold) FileReport {
	fr := FileReport{File: file, Fields: map[string]Score{}}
	miss := func(format string, a ...any) { fr.Misses = append(fr.Misses, fmt.Sprintf(format, a...)) }

	// published
	var ps Score
	got := ""
	if r.Published != nil {
		got = *r.Published
	}
	switch {
	case g.Published != nil && got == *g.Published:
		ps.TP = 1
	default:
		if g.Published != nil {
			ps.FN = 1
			miss("published: want %s", *g.Published)
		}
		if got != "" {
			ps.FP = 1
			miss("published: got %s", got)
		}
	}
	fr.Fields["published"] = ps

	fr.Fields["publishers"] = matchOrgs("publishers", r, g.Publishers, r.Publishers, miss)
	fr.Fields["partners"] = matchOrgs("partners", r, g.Partners, r.Partners(), miss)

	// signed: (partner, date) pairs where a date is given.
	type pair struct {
		org  []string // gold forms, or extracted forms
		val  string
		used bool
	}
	var goldSigned, gotSigned, goldItems, gotItems []*pair
	for _, a := range g.Agreements {
		if a.Signed != nil {
			goldSigned = append(goldSigned, &pair{org: a.Partner, val: *a.Signed})
		}
		for _, it := range a.Items {
			goldItems = append(goldItems, &pair{org: a.Partner, val: normText(it)})
		}
	}
	for _, a := range r.Agreements {
		forms := orgForms(r, a.Partner)
		if a.Signed != nil {
			gotSigned = append(gotSigned, &pair{org: forms, val: *a.Signed})
		}
		for _, it := range a.Items {
			gotItems = append(gotItems, &pair{org: forms, val: normText(it)})
		}
	}
	pairScore := func(field string, gold, got []*pair) Score {
		var s Score
		for _, gp := range gold {
			found := false
			for _, xp := range got {
				if !xp.used && xp.val == gp.val && sameOrg(gp.org, xp.org) {
					xp.used, found = true, true
					break
				}
			}
			if found {
				s.TP++
			} else {
				s.FN++
				miss("%s: want %s %q", field, gp.org[0], gp.val)
			}
		}
		for _, xp := range got {
			if !xp.used {
				s.FP++
				miss("%s: got %s %q", field, xp.org[0], xp.val)
			}
		}
		return s
	}
	fr.Fields["signed"] = pairScore("signed", goldSigned, gotSigned)
	fr.Fields["items"] = pairScore("items", goldItems, gotItems)

	// people: name and title.
	var pe Score
	used := make([]bool, len(r.People))
	for _, gp := range g.People {
		found := false
		for i, xp := range r.People {
			if !used[i] && normText(xp.Name) == normText(gp.Name) && normText(xp.Title) == normText(gp.Title) {
				used[i], found = true, true
				break
			}
		}
		if found {
			pe.TP++
		} else {
			pe.FN++
			miss("people: want %s (%s)", gp.Name, gp.Title)
		}
	}
	for i, xp := range r.People {
		if !used[i] {
			pe.FP++
			miss("people: got %s (%s)", xp.Name, xp.Title)
		}
	}
	fr.Fields["people"] = pe

	// Extras: title, categories, agreement kind and label per partner.
	fr.Fields["title"] = exact(g.Title, r.Title, g.Title != "")
	fr.Fields["categories"] = setScore(g.Categories, r.Categories)
	var kinds, labels Score
	taken := make([]bool, len(r.Agreements))
	for _, ga := range g.Agreements {
		// The extracted agreement with the partner, each used once: the
		// one with the gold's label first, for a partner with two
		// agreements (a 資本業務提携 now, a 秘密保持契約 before).
		xi := -1
		for i := range r.Agreements {
			if taken[i] || !sameOrg(ga.Partner, orgForms(r, r.Agreements[i].Partner)) {
				continue
			}
			if xi < 0 || normText(r.Agreements[i].Label) == normText(ga.Label) && normText(r.Agreements[xi].Label) != normText(ga.Label) {
				xi = i
			}
		}
		var xa *extract.Agreement
		if xi >= 0 {
			xa, taken[xi] = &r.Agreements[xi], true
		}
		if xa == nil {
			if ga.Kind != "" {
				kinds.FN++
			}
			if ga.Label != "" {
				labels.FN++
			}
			continue
		}
		kinds = kinds.Add(exact(ga.Kind, xa.Kind, ga.Kind != ""))
		labels = labels.Add(exact(normText(ga.Label), normText(xa.Label), ga.Label != ""))
	}
	fr.Fields["kind"] = kinds
	fr.Fields["label"] = labels
	sort.Strings(fr.Misses)
	return fr
}

func exact(want, got string, due bool) Score {
	switch {
	case !due && got == "":
		return Score{}
	case due && want == got:
		return Score{TP: 1}
	case !due:
		return Score{FP: 1}
	case got == "":
		return Score{FN: 1}
	}
	return Score{FP: 1, FN: 1}
}

func setScore(want, got []string) Score {
	var s Score
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, x := range got {
			if !used[i] && normText(x) == normText(w) {
				used[i], found = true, true
				break
			}
		}
		if found {
			s.TP++
		} else {
			s.FN++
		}
	}
	for _, u := range used {
		if !u {
			s.FP++
		}
	}
	return s
}

func matchOrgs(field string, r *extract.Release, gold [][]string, keys []string, miss func(string, ...any)) Score {
	var s Score
	used := make([]bool, len(keys))
	for _, g := range gold {
		found := false
		for i, k := range keys {
			if !used[i] && sameOrg(g, orgForms(r, k)) {
				used[i], found = true, true
				break
			}
		}
		if found {
			s.TP++
		} else {
			s.FN++
			miss("%s: want %s", field, g[0])
		}
	}
	for i, u := range used {
		if !u {
			s.FP++
			miss("%s: got %s", field, keys[i])
		}
	}
	return s
}

package index

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
)

// FieldType is how a backend indexes a field.
type FieldType int

const (
	// Text is Japanese text as written, analysed by the engine's CJK bigram
	// analyser: recall inside compounds, phrases, highlighting.
	Text FieldType = iota + 1
	// Terms is Kagome's terms, space-separated, split on whitespace only.
	Terms
	// Keyword is an exact value (organization keys, kinds, categories).
	Keyword
	// Date is a calendar date (YYYY-MM-DD; shorter dates take the first day).
	Date
	// Stored is kept for retrieval, not searched.
	Stored
)

func (t FieldType) String() string {
	switch t {
	case Text:
		return "text"
	case Terms:
		return "terms"
	case Keyword:
		return "keyword"
	case Date:
		return "date"
	case Stored:
		return "stored"
	}
	return "unknown"
}

// Field is one field of the indexed document.
type Field struct {
	Name string
	Type FieldType
	// Boost weighs matches in this field when ranking by relevance.
	Boost float64
}

// Field names, shared by both backends, the query builders and the API.
const (
	FieldID            = "id"
	FieldURL           = "url"
	FieldSource        = "source"
	FieldTitle         = "title"
	FieldTitleTerms    = "title_terms"
	FieldSubtitle      = "subtitle"
	FieldSubtitleTerms = "subtitle_terms"
	FieldBody          = "body"
	FieldBodyTerms     = "body_terms"
	FieldPublishers    = "publishers"
	FieldPartners      = "partners"
	FieldOrganizations = "organizations"
	FieldKinds         = "kinds"
	FieldCategories    = "categories"
	FieldPublished     = "published"
	// FieldDay is the publication day as a keyword (YYYY-MM-DD): it sorts
	// as the date does and pages by plain string cursors.
	FieldDay     = "day"
	FieldYear    = "year"
	FieldRelease = "release"
)

// Fields returns the indexed document's fields. Both backends build their
// mapping from this one list, so names and types cannot drift apart.
func Fields() []Field {
	return []Field{
		{FieldID, Keyword, 0},
		{FieldURL, Keyword, 0},
		{FieldSource, Keyword, 0},
		{FieldTitle, Text, 3},
		{FieldTitleTerms, Terms, 3},
		{FieldSubtitle, Text, 2},
		{FieldSubtitleTerms, Terms, 2},
		{FieldBody, Text, 1},
		{FieldBodyTerms, Terms, 1},
		{FieldPublishers, Keyword, 0},
		{FieldPartners, Keyword, 0},
		{FieldOrganizations, Keyword, 0},
		{FieldKinds, Keyword, 0},
		{FieldCategories, Keyword, 0},
		{FieldPublished, Date, 0},
		{FieldDay, Keyword, 0},
		{FieldYear, Keyword, 0},
		{FieldRelease, Stored, 0},
	}
}

// FieldAgreements holds each agreement of a release as one nested object
// with the AgreementFields, for backends that keep nested documents
// (Elasticsearch), so that "partner X with item Y" matches within one
// agreement rather than anywhere in the release. It is not in Fields: the
// embedded index does not map it.
const FieldAgreements = "agreements"

// Sub-fields of FieldAgreements.
const (
	AgreementPartner    = "partner"
	AgreementKind       = "kind"
	AgreementLabel      = "label"
	AgreementSigned     = "signed"
	AgreementItems      = "items"
	AgreementItemsTerms = "items_terms"
)

// AgreementFields returns the fields of one nested agreement: the partner's
// key, the kind and label as keywords, the signing date, and the agreed
// items as text and as Kagome terms.
func AgreementFields() []Field {
	return []Field{
		{AgreementPartner, Keyword, 0},
		{AgreementKind, Keyword, 0},
		{AgreementLabel, Keyword, 0},
		{AgreementSigned, Date, 0},
		{AgreementItems, Text, 1},
		{AgreementItemsTerms, Terms, 1},
	}
}

// TextFields pairs each text field with its terms field, for query builders.
func TextFields() [][2]Field {
	var out [][2]Field
	fs := Fields()
	for i, f := range fs {
		if f.Type == Text && i+1 < len(fs) && fs[i+1].Type == Terms {
			out = append(out, [2]Field{f, fs[i+1]})
		}
	}
	return out
}

// Facets are the keyword fields results can be counted by, with the name
// the API uses for each.
func Facets() []Facet {
	return []Facet{
		{"publisher", FieldPublishers},
		{"partner", FieldPartners},
		{"kind", FieldKinds},
		{"category", FieldCategories},
		{"year", FieldYear},
	}
}

// Facet names a facet and its field.
type Facet struct {
	Name  string
	Field string
}

// Flatten turns a Doc into the indexed document: one value (or list of
// values) per field of Fields. Both backends index exactly this.
func Flatten(d Doc) (map[string]any, error) {
	r := d.Release
	if r == nil || r.ID == "" {
		return nil, fmt.Errorf("flatten: release without id")
	}
	src, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("flatten %s: %w", r.ID, err)
	}
	orgs := make([]string, 0, len(r.Organizations))
	for _, o := range r.Organizations {
		orgs = append(orgs, o.Normalized)
	}
	m := map[string]any{
		FieldID:            r.ID,
		FieldURL:           r.URL,
		FieldSource:        r.Source,
		FieldTitle:         r.Title,
		FieldTitleTerms:    strings.Join(d.Terms.Title, " "),
		FieldSubtitle:      r.Subtitle,
		FieldSubtitleTerms: strings.Join(d.Terms.Subtitle, " "),
		FieldBody:          r.Body,
		FieldBodyTerms:     strings.Join(d.Terms.Body, " "),
		FieldPublishers:    nonNil(r.Publishers),
		FieldPartners:      nonNil(r.Partners()),
		FieldOrganizations: orgs,
		FieldKinds:         nonNil(r.AgreementKinds()),
		FieldCategories:    nonNil(r.Categories),
		FieldRelease:       string(src),
	}
	if r.Published != nil {
		if day, ok := DayOf(*r.Published); ok {
			m[FieldPublished] = day
			m[FieldDay] = day
			m[FieldYear] = day[:4]
		}
	}
	return m, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// DayOf expands an ISO date of any precision to its first day:
// "2018" → "2018-01-01", "2018-08" → "2018-08-01".
func DayOf(s string) (string, bool) {
	switch len(s) {
	case 4:
		s += "-01-01"
	case 7:
		s += "-01"
	case 10:
	default:
		return "", false
	}
	if _, err := strconv.Atoi(s[:4]); err != nil {
		return "", false
	}
	return s, true
}

// DecodeRelease reads the stored release JSON back.
func DecodeRelease(src []byte) (*extract.Release, error) {
	var r extract.Release
	if err := json.Unmarshal(src, &r); err != nil {
		return nil, fmt.Errorf("decode stored release: %w", err)
	}
	return &r, nil
}

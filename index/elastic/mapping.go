package elastic

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
)

// Analyzers of the mapping. Both are built into Elasticsearch, so a stock
// image serves (no plugin): cjk is standard tokenizer + cjk_width +
// lowercase + cjk_bigram (+ English stop words), the counterpart of Bleve's
// cjk analyzer; whitespace splits the Kagome terms computed in Go.
const (
	textAnalyzer  = "cjk"
	termsAnalyzer = "whitespace"
	dateFormat    = "strict_date"
	// metaKey holds the mapping hash in the index's _meta.
	metaKey = "pressroom_mapping"
)

// Mappings returns the explicit mapping of a pressroom index, built from
// index.Fields and index.AgreementFields. "dynamic": "strict" rejects a
// document with a field the mapping lacks, instead of guessing its type.
func Mappings() map[string]any {
	props := properties(index.Fields())
	props[index.FieldAgreements] = map[string]any{
		"type":       "nested",
		"properties": properties(index.AgreementFields()),
	}
	m := map[string]any{
		"dynamic":    "strict",
		"properties": props,
	}
	m["_meta"] = map[string]any{metaKey: hashOf(m)}
	return m
}

func properties(fields []index.Field) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		var p map[string]any
		switch f.Type {
		case index.Text:
			p = map[string]any{"type": "text", "analyzer": textAnalyzer}
		case index.Terms:
			p = map[string]any{"type": "text", "analyzer": termsAnalyzer}
		case index.Keyword:
			p = map[string]any{"type": "keyword"}
		case index.Date:
			p = map[string]any{"type": "date", "format": dateFormat}
		case index.Stored:
			// Kept in _source for retrieval; not searched, no doc values.
			p = map[string]any{"type": "keyword", "index": false, "doc_values": false}
		default:
			panic(fmt.Sprintf("elastic: field %s has no mapping for type %s", f.Name, f.Type))
		}
		props[f.Name] = p
	}
	return props
}

// MappingHash is the hash of this pressroom's mapping; an index built with
// another mapping needs a new version.
func MappingHash() string {
	meta := Mappings()["_meta"].(map[string]any)
	return meta[metaKey].(string)
}

func hashOf(v any) string {
	b, err := jsonBody(v)
	if err != nil {
		panic(err) // only maps of strings
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Template returns the body of the index template for alias: every
// versioned index alias-vN gets these settings and this mapping.
func Template(alias string, shards int, replicas string) map[string]any {
	return map[string]any{
		"index_patterns": []string{alias + "-v*"},
		"priority":       200,
		"template": map[string]any{
			"settings": map[string]any{
				"index": map[string]any{
					"number_of_shards":     shards,
					"auto_expand_replicas": replicas,
				},
			},
			"mappings": Mappings(),
		},
		"_meta": map[string]any{
			"description": "pressroom: Japanese press releases (https://github.com/pressroom-ja/pressroom)",
			metaKey:       MappingHash(),
		},
	}
}

// source makes the JSON document indexed for d: the fields of index.Flatten
// plus the nested agreements with their items' Kagome terms, written by
// writeSource (the bytes encoding/json makes of Flatten's map, as
// TestJSONEncodingMatches checks), else by encoding/json.
func source(an *ja.Analyzer, d index.Doc) ([]byte, error) {
	if b, ok, err := writeSource(an, d); ok || err != nil {
		return b, err
	}
	m, err := index.Flatten(d)
	if err != nil {
		return nil, err
	}
	m[index.FieldAgreements] = agreements(an, d)
	return jsonBody(m)
}

// writeSource writes the document of d field by field, in the order
// encoding/json writes a map's keys. It reports false when index.Fields has
// fields it does not know (then source falls back to the map).
func writeSource(an *ja.Analyzer, d index.Doc) ([]byte, bool, error) {
	if !knownFields() {
		return nil, false, nil
	}
	r := d.Release
	if r == nil || r.ID == "" {
		return nil, false, fmt.Errorf("flatten: release without id")
	}
	src, err := json.Marshal(r)
	if err != nil {
		return nil, false, fmt.Errorf("flatten %s: %w", r.ID, err)
	}
	day, dated := "", false
	if r.Published != nil {
		day, dated = index.DayOf(*r.Published)
	}
	b := make([]byte, 0, len(src)*9/8+len(r.Body)*5/4+len(r.Title)+len(r.Subtitle)+8*len(d.Terms.Body)+1024)
	b = append(b, `{"agreements":[`...)
	for i, a := range agreements(an, d) {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendFlatMap(b, a); !ok {
			return nil, false, nil
		}
	}
	b = append(b, ']')
	key := func(k string) {
		b = append(b, ',', '"')
		b = append(b, k...)
		b = append(b, '"', ':')
	}
	key(index.FieldBody)
	b = appendJSONString(b, r.Body)
	key(index.FieldBodyTerms)
	b = appendJSONTerms(b, d.Terms.Body)
	key(index.FieldCategories)
	b = appendJSONStrings(b, nonNil(r.Categories))
	if dated {
		key(index.FieldDay)
		b = appendJSONString(b, day)
	}
	key(index.FieldID)
	b = appendJSONString(b, r.ID)
	key(index.FieldKinds)
	b = appendJSONStrings(b, nonNil(r.AgreementKinds()))
	key(index.FieldOrganizations)
	b = append(b, '[')
	for i, o := range r.Organizations {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, o.Normalized)
	}
	b = append(b, ']')
	key(index.FieldPartners)
	b = appendJSONStrings(b, nonNil(r.Partners()))
	if dated {
		key(index.FieldPublished)
		b = appendJSONString(b, day)
	}
	key(index.FieldPublishers)
	b = appendJSONStrings(b, nonNil(r.Publishers))
	key(index.FieldRelease)
	b = appendJSONOfJSON(b, src)
	key(index.FieldSource)
	b = appendJSONString(b, r.Source)
	key(index.FieldSubtitle)
	b = appendJSONString(b, r.Subtitle)
	key(index.FieldSubtitleTerms)
	b = appendJSONTerms(b, d.Terms.Subtitle)
	key(index.FieldTitle)
	b = appendJSONString(b, r.Title)
	key(index.FieldTitleTerms)
	b = appendJSONTerms(b, d.Terms.Title)
	key(index.FieldURL)
	b = appendJSONString(b, r.URL)
	if dated {
		key(index.FieldYear)
		b = appendJSONString(b, day[:4])
	}
	return append(b, '}'), true, nil
}

// knownFields reports whether index.Fields is the list writeSource writes.
var knownFields = sync.OnceValue(func() bool {
	want := []string{index.FieldID, index.FieldURL, index.FieldSource, index.FieldTitle, index.FieldTitleTerms,
		index.FieldSubtitle, index.FieldSubtitleTerms, index.FieldBody, index.FieldBodyTerms, index.FieldPublishers,
		index.FieldPartners, index.FieldOrganizations, index.FieldKinds, index.FieldCategories, index.FieldPublished,
		index.FieldDay, index.FieldYear, index.FieldRelease}
	fs := index.Fields()
	if len(fs) != len(want) {
		return false
	}
	for i, f := range fs {
		if f.Name != want[i] {
			return false
		}
	}
	return true
})

// agreements makes the nested agreements. Their items' terms come from the
// extraction (d.Terms.Items, from the tokens it read); only a document
// without them (made by hand, or by an older extractor) has its items
// analysed here.
func agreements(an *ja.Analyzer, d index.Doc) []map[string]any {
	r := d.Release
	out := make([]map[string]any, 0, len(r.Agreements))
	for i, a := range r.Agreements {
		m := map[string]any{
			index.AgreementPartner: a.Partner,
			index.AgreementKind:    a.Kind,
			index.AgreementLabel:   a.Label,
			index.AgreementItems:   nonNil(a.Items),
		}
		if a.Signed != nil {
			if day, ok := index.DayOf(*a.Signed); ok {
				m[index.AgreementSigned] = day
			}
		}
		var terms []string
		switch {
		case len(d.Terms.Items) == len(r.Agreements):
			terms = d.Terms.Items[i]
		case an != nil && len(a.Items) > 0:
			terms = an.Terms(strings.Join(a.Items, "\n"))
		}
		m[index.AgreementItemsTerms] = strings.Join(terms, " ")
		out = append(out, m)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

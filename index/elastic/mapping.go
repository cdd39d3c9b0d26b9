package elastic

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
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
// plus the nested agreements with their items' Kagome terms.
func source(an *ja.Analyzer, d index.Doc) ([]byte, error) {
	m, err := index.Flatten(d)
	if err != nil {
		return nil, err
	}
	m[index.FieldAgreements] = agreements(an, d.Release)
	return jsonBody(m)
}

func agreements(an *ja.Analyzer, r *extract.Release) []map[string]any {
	out := make([]map[string]any, 0, len(r.Agreements))
	for _, a := range r.Agreements {
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
		if an != nil && len(a.Items) > 0 {
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

package elastic

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"

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

// bufPools recycles the buffers a Store writes documents in. Each Store
// has its own, so nothing is shared between Stores.
type bufPools struct {
	// scratch holds the buffers documents are written in, before they are
	// copied out at their size.
	scratch sync.Pool
	// docs recycles the buffers documents wait in between Put and the
	// first bulk body they are copied into, by size class: powers of two
	// from 4 KiB (docs[0]) to 1 MiB. A bigger document gets a buffer of its
	// own.
	docs [maxDocClass - minDocClass + 1]sync.Pool
}

const minDocClass, maxDocClass = 12, 20

// docBuf returns a recycled buffer of length n, or nil when n is over the
// largest class.
func (p *bufPools) docBuf(n int) *[]byte {
	c := max(bits.Len(uint(n-1)), minDocClass)
	if c > maxDocClass {
		return nil
	}
	if b, ok := p.docs[c-minDocClass].Get().(*[]byte); ok {
		*b = (*b)[:n]
		return b
	}
	b := make([]byte, n, 1<<c)
	return &b
}

// release gives back a buffer from docBuf; nothing may use it after.
func (p *bufPools) release(b *[]byte) {
	c := bits.Len(uint(cap(*b) - 1))
	if c >= minDocClass && c <= maxDocClass && cap(*b) == 1<<c {
		p.docs[c-minDocClass].Put(b)
	}
}

// source returns the JSON document indexed for d in a slice of its own.
func source(an *ja.Analyzer, d index.Doc) ([]byte, error) {
	var p bufPools
	src, buf, err := p.source(an, d)
	if buf != nil {
		src = bytes.Clone(src)
	}
	return src, err
}

// source makes the JSON document indexed for d: the fields of
// index.Flatten plus the nested agreements with their items' Kagome terms,
// written by writeSource (the bytes encoding/json makes of Flatten's map,
// as TestJSONEncodingMatches checks), else by encoding/json. When buf is
// not nil, src is in the recycled buffer *buf (from docBuf), to be given
// back with release once src is no longer used.
func (p *bufPools) source(an *ja.Analyzer, d index.Doc) (src []byte, buf *[]byte, err error) {
	sp, _ := p.scratch.Get().(*[]byte)
	if sp == nil {
		b := make([]byte, 0, 32<<10)
		sp = &b
	}
	b, ok, err := writeSource((*sp)[:0], an, d)
	if err != nil || !ok {
		p.scratch.Put(sp)
		if err != nil {
			return nil, nil, err
		}
		m, err := index.Flatten(d)
		if err != nil {
			return nil, nil, err
		}
		m[index.FieldAgreements] = agreements(an, d)
		src, err = jsonBody(m)
		return src, nil, err
	}
	if buf = p.docBuf(len(b)); buf != nil {
		src = *buf
		copy(src, b)
	} else {
		src = make([]byte, len(b))
		copy(src, b) // make and copy: not cleared first
	}
	if cap(b) <= 1<<20 { // a huge release's buffer is not kept
		*sp = b
		p.scratch.Put(sp)
	}
	return src, buf, nil
}

// writeSource appends the document of d to b field by field, in the order
// encoding/json writes a map's keys, and the stored release with
// appendRelease. It reports false when index.Fields has fields it does not
// know (then bufPools.source falls back to the map).
func writeSource(b []byte, an *ja.Analyzer, d index.Doc) ([]byte, bool, error) {
	if !knownFields() {
		return b, false, nil
	}
	r := d.Release
	if r == nil || r.ID == "" {
		return b, false, fmt.Errorf("flatten: release without id")
	}
	day, dated := "", false
	if r.Published != nil {
		day, dated = index.DayOf(*r.Published)
	}
	var at [256]int
	sc := scansOf(r, at[:0])
	b = append(b, '{')
	b = appendKey(b, index.FieldAgreements, noHTML)
	b = appendAgreements(b, an, d)
	b = appendKey(b, index.FieldBody, noHTML)
	b = appendScanned(b, r.Body, noHTML, sc.body)
	b = appendKey(b, index.FieldBodyTerms, noHTML)
	b = appendJSONTerms(b, d.Terms.Body)
	b = appendKey(b, index.FieldCategories, noHTML)
	b = appendStrings(b, nonNil(r.Categories), noHTML)
	if dated {
		b = appendKey(b, index.FieldDay, noHTML)
		b = appendJSONString(b, day)
	}
	b = appendKey(b, index.FieldID, noHTML)
	b = appendJSONString(b, r.ID)
	b = appendKey(b, index.FieldKinds, noHTML)
	b = appendDistinct(b, r.Agreements, func(a *extract.Agreement) string { return a.Kind })
	b = appendKey(b, index.FieldOrganizations, noHTML)
	b = append(b, '[')
	for i := range r.Organizations {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, r.Organizations[i].Normalized)
	}
	b = append(b, ']')
	b = appendKey(b, index.FieldPartners, noHTML)
	b = appendDistinct(b, r.Agreements, func(a *extract.Agreement) string { return a.Partner })
	if dated {
		b = appendKey(b, index.FieldPublished, noHTML)
		b = appendJSONString(b, day)
	}
	b = appendKey(b, index.FieldPublishers, noHTML)
	b = appendStrings(b, nonNil(r.Publishers), noHTML)
	b = appendKey(b, index.FieldRelease, noHTML)
	var ok bool
	if b, ok = appendRelease(b, r, nested, sc); !ok {
		src, err := json.Marshal(r)
		if err != nil {
			return b, false, fmt.Errorf("flatten %s: %w", r.ID, err)
		}
		b = appendJSONOfJSON(b, src)
	}
	b = appendKey(b, index.FieldSource, noHTML)
	b = appendJSONString(b, r.Source)
	b = appendKey(b, index.FieldSubtitle, noHTML)
	b = appendScanned(b, r.Subtitle, noHTML, sc.subtitle)
	b = appendKey(b, index.FieldSubtitleTerms, noHTML)
	b = appendJSONTerms(b, d.Terms.Subtitle)
	b = appendKey(b, index.FieldTitle, noHTML)
	b = appendScanned(b, r.Title, noHTML, sc.title)
	b = appendKey(b, index.FieldTitleTerms, noHTML)
	b = appendJSONTerms(b, d.Terms.Title)
	b = appendKey(b, index.FieldURL, noHTML)
	b = appendJSONString(b, r.URL)
	if dated {
		b = appendKey(b, index.FieldYear, noHTML)
		b = appendJSONString(b, day[:4])
	}
	return append(b, '}'), true, nil
}

// appendDistinct writes the non-empty values of the agreements' field f,
// each once, in order of first appearance: Release.Partners and
// Release.AgreementKinds, without their maps (a release has few
// agreements). An empty list is [], as nonNil makes it.
func appendDistinct(b []byte, as []extract.Agreement, f func(*extract.Agreement) string) []byte {
	b = append(b, '[')
	n := 0
	for i := range as {
		v := f(&as[i])
		if v == "" {
			continue
		}
		seen := false
		for j := range i {
			if f(&as[j]) == v {
				seen = true
				break
			}
		}
		if seen {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

// agreementKeys are the keys of a nested agreement in the order
// encoding/json writes a map's.
var agreementKeys = func() []string {
	k := []string{index.AgreementPartner, index.AgreementKind, index.AgreementLabel, index.AgreementSigned,
		index.AgreementItems, index.AgreementItemsTerms}
	slices.Sort(k)
	return k
}()

// appendAgreements writes the nested agreements as encoding/json writes
// the maps of agreements.
func appendAgreements(b []byte, an *ja.Analyzer, d index.Doc) []byte {
	r := d.Release
	b = append(b, '[')
	for i := range r.Agreements {
		a := &r.Agreements[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for _, k := range agreementKeys {
			switch k {
			case index.AgreementPartner:
				b = appendKey(b, k, noHTML)
				b = appendJSONString(b, a.Partner)
			case index.AgreementKind:
				b = appendKey(b, k, noHTML)
				b = appendJSONString(b, a.Kind)
			case index.AgreementLabel:
				b = appendKey(b, k, noHTML)
				b = appendJSONString(b, a.Label)
			case index.AgreementItems:
				b = appendKey(b, k, noHTML)
				b = appendStrings(b, nonNil(a.Items), noHTML)
			case index.AgreementSigned:
				if a.Signed != nil {
					if day, ok := index.DayOf(*a.Signed); ok {
						b = appendKey(b, k, noHTML)
						b = appendJSONString(b, day)
					}
				}
			case index.AgreementItemsTerms:
				b = appendKey(b, k, noHTML)
				b = appendJSONTerms(b, itemsTerms(an, d, i))
			}
		}
		b = append(b, '}')
	}
	return append(b, ']')
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
		m[index.AgreementItemsTerms] = strings.Join(itemsTerms(an, d, i), " ")
		out = append(out, m)
	}
	return out
}

// itemsTerms returns the terms of the items of d's agreement i.
func itemsTerms(an *ja.Analyzer, d index.Doc, i int) []string {
	r := d.Release
	switch {
	case len(d.Terms.Items) == len(r.Agreements):
		return d.Terms.Items[i]
	case an != nil && len(r.Agreements[i].Items) > 0:
		return an.Terms(strings.Join(r.Agreements[i].Items, "\n"))
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

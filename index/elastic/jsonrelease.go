package elastic

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/pressroom-ja/pressroom/extract"
)

// scans are the scans of a release's long strings, which a document holds
// twice (as fields and in the stored release): they are read once.
type scans struct{ title, subtitle, body scan }

// scansOf scans r's title, subtitle and body, with buf for their offsets.
func scansOf(r *extract.Release, buf []int) scans {
	var sc scans
	sc.title, buf = scanString(r.Title, buf)
	sc.subtitle, buf = scanString(r.Subtitle, buf)
	sc.body, _ = scanString(r.Body, buf)
	return sc
}

// appendRelease writes r as json.Marshal does (m withHTML), or those bytes
// as a JSON string (m nested: the document's stored release), field by
// field in the struct's order with its omitempty rules. sc is what is
// known of its strings (scansOf, or nothing). It reports false when
// extract.Release is not the struct it knows (see releaseLayout); then the
// caller uses json.Marshal.
func appendRelease(dst []byte, r *extract.Release, m jsonMode, sc scans) ([]byte, bool) {
	if !releaseLayoutKnown() {
		return dst, false
	}
	if m == nested {
		dst = append(dst, '"')
	}
	dst = append(dst, '{')
	dst = appendKey(dst, "id", m)
	dst = appendString(dst, r.ID, m)
	dst = appendKey(dst, "url", m)
	dst = appendString(dst, r.URL, m)
	dst = appendOptional(dst, "source", r.Source, m)
	dst = appendOptional(dst, "fetched_at", r.FetchedAt, m)
	dst = appendOptional(dst, "content_sha256", r.ContentSHA256, m)
	dst = appendKey(dst, "title", m)
	dst = appendScanned(dst, r.Title, m, sc.title)
	if r.Subtitle != "" {
		dst = appendKey(dst, "subtitle", m)
		dst = appendScanned(dst, r.Subtitle, m, sc.subtitle)
	}
	dst = appendKey(dst, "published", m)
	dst = appendStringPtr(dst, r.Published, m)
	dst = appendKey(dst, "publishers", m)
	dst = appendStrings(dst, r.Publishers, m)
	if len(r.Categories) > 0 {
		dst = appendKey(dst, "categories", m)
		dst = appendStrings(dst, r.Categories, m)
	}
	dst = appendKey(dst, "body", m)
	dst = appendScanned(dst, r.Body, m, sc.body)

	dst = appendKey(dst, "organizations", m)
	if r.Organizations == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Organizations {
			o := &r.Organizations[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			dst = appendKey(dst, "name", m)
			dst = appendString(dst, o.Name, m)
			dst = appendKey(dst, "normalized", m)
			dst = appendString(dst, o.Normalized, m)
			if len(o.Aliases) > 0 {
				dst = appendKey(dst, "aliases", m)
				dst = appendStrings(dst, o.Aliases, m)
			}
			dst = appendOptional(dst, "kind", o.Kind, m)
			dst = appendOptional(dst, "country", o.Country, m)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}

	dst = appendKey(dst, "agreements", m)
	if r.Agreements == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Agreements {
			a := &r.Agreements[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			dst = appendOptional(dst, "kind", a.Kind, m)
			dst = appendOptional(dst, "label", a.Label, m)
			if len(a.Parties) > 0 {
				dst = appendKey(dst, "parties", m)
				dst = appendStrings(dst, a.Parties, m)
			}
			dst = appendKey(dst, "partner", m)
			dst = appendString(dst, a.Partner, m)
			dst = appendKey(dst, "signed", m)
			dst = appendStringPtr(dst, a.Signed, m)
			dst = appendOptional(dst, "purpose", a.Purpose, m)
			dst = appendKey(dst, "items", m)
			dst = appendStrings(dst, a.Items, m)
			dst = appendOptional(dst, "from", a.From, m)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}

	dst = appendKey(dst, "people", m)
	if r.People == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.People {
			p := &r.People[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			dst = appendKey(dst, "name", m)
			dst = appendString(dst, p.Name, m)
			dst = appendOptional(dst, "title", p.Title, m)
			dst = appendOptional(dst, "organization", p.Organization, m)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}

	dst = appendKey(dst, "dates", m)
	if r.Dates == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Dates {
			d := &r.Dates[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			dst = appendKey(dst, "text", m)
			dst = appendString(dst, d.Text, m)
			dst = appendKey(dst, "value", m)
			dst = appendString(dst, d.Value, m)
			dst = appendOptional(dst, "role", d.Role, m)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, '}')
	if m == nested {
		dst = append(dst, '"')
	}
	return dst, true
}

// appendOptional writes a string field tagged omitempty.
func appendOptional(dst []byte, k, s string, m jsonMode) []byte {
	if s == "" {
		return dst
	}
	dst = appendKey(dst, k, m)
	return appendString(dst, s, m)
}

func appendStringPtr(dst []byte, s *string, m jsonMode) []byte {
	if s == nil {
		return append(dst, "null"...)
	}
	return appendString(dst, *s, m)
}

// releaseLayout is the Go layout of extract.Release and the types in it
// that appendRelease writes: each field's name, type and tag, in order.
var releaseLayout = map[reflect.Type][]string{
	reflect.TypeFor[extract.Release](): {
		`ID string json:"id"`,
		`URL string json:"url"`,
		`Source string json:"source,omitempty"`,
		`FetchedAt string json:"fetched_at,omitempty"`,
		`ContentSHA256 string json:"content_sha256,omitempty"`,
		`Title string json:"title"`,
		`Subtitle string json:"subtitle,omitempty"`,
		`Published *string json:"published"`,
		`Publishers []string json:"publishers"`,
		`Categories []string json:"categories,omitempty"`,
		`Body string json:"body"`,
		`Organizations []extract.Organization json:"organizations"`,
		`Agreements []extract.Agreement json:"agreements"`,
		`People []extract.Person json:"people"`,
		`Dates []extract.DateMention json:"dates"`,
	},
	reflect.TypeFor[extract.Organization](): {
		`Name string json:"name"`,
		`Normalized string json:"normalized"`,
		`Aliases []string json:"aliases,omitempty"`,
		`Kind string json:"kind,omitempty"`,
		`Country string json:"country,omitempty"`,
	},
	reflect.TypeFor[extract.Agreement](): {
		`Kind string json:"kind,omitempty"`,
		`Label string json:"label,omitempty"`,
		`Parties []string json:"parties,omitempty"`,
		`Partner string json:"partner"`,
		`Signed *string json:"signed"`,
		`Purpose string json:"purpose,omitempty"`,
		`Items []string json:"items"`,
		`From string json:"from,omitempty"`,
	},
	reflect.TypeFor[extract.Person](): {
		`Name string json:"name"`,
		`Title string json:"title,omitempty"`,
		`Organization string json:"organization,omitempty"`,
	},
	reflect.TypeFor[extract.DateMention](): {
		`Text string json:"text"`,
		`Value string json:"value"`,
		`Role string json:"role,omitempty"`,
	},
}

// releaseLayoutKnown reports whether the release types are still those of
// releaseLayout, without marshalling methods of their own: a field added to
// extract.Release sends source back to json.Marshal rather than leaving it
// out.
var releaseLayoutKnown = sync.OnceValue(func() bool { return releaseLayoutDiff() == "" })

// releaseLayoutDiff describes the first difference between the release
// types and releaseLayout, or returns "".
func releaseLayoutDiff() string {
	marshalers := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	for t, want := range releaseLayout {
		for _, mt := range marshalers {
			if t.Implements(mt) || reflect.PointerTo(t).Implements(mt) {
				return fmt.Sprintf("%s implements %s", t, mt)
			}
		}
		if t.NumField() != len(want) {
			return fmt.Sprintf("%s has %d fields, want %d", t, t.NumField(), len(want))
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if got := fmt.Sprintf("%s %s %s", f.Name, f.Type, f.Tag); got != want[i] {
				return fmt.Sprintf("%s field %d is `%s`, want `%s`", t, i, got, want[i])
			}
		}
	}
	return ""
}

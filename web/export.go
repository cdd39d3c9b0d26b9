package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

// ExportColumns are the CSV export's columns, one row per release.
var ExportColumns = []string{"id", "published", "title", "subtitle", "publishers", "partners", "agreement_kinds", "agreements", "items", "categories", "url"}

// AgreementColumns are the columns of the export with rows=agreements: one
// row per agreement, with the release it was announced in.
var AgreementColumns = []string{"release_id", "published", "publishers", "partner", "partner_key", "kind", "label", "signed", "purpose", "items", "from", "title", "url"}

// AgreementRow is one agreement as the export with rows=agreements writes
// it (a CSV row of AgreementColumns, or one JSON object a line).
type AgreementRow struct {
	ReleaseID  string   `json:"release_id"`
	Published  *string  `json:"published"`
	Publishers []string `json:"publishers"` // names
	Partner    string   `json:"partner"`    // name
	PartnerKey string   `json:"partner_key"`
	Kind       string   `json:"kind,omitempty"`
	Label      string   `json:"label,omitempty"`
	Signed     *string  `json:"signed"`
	Purpose    string   `json:"purpose,omitempty"`
	Items      []string `json:"items"`
	From       string   `json:"from,omitempty"`
	Title      string   `json:"title"`
	URL        string   `json:"url"`
}

// exportPageTimeout bounds the search of one page of an export, and
// exportWriteWindow the time the client gets to take each page.
const (
	exportPageTimeout = 30 * time.Second
	exportWriteWindow = 60 * time.Second
)

// handleExport streams every release matching the search parameters, page
// by page with the cursor, at most Config.ExportLimit: format=csv (the
// default; UTF-8 with a byte-order mark, so spreadsheet programs read the
// Japanese) or format=jsonl (one release.schema.json object a line). With
// rows=agreements it writes one row per agreement of those releases
// instead (AgreementColumns, or AgreementRow objects): the table of who
// agreed with whom, when, on what.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "jsonl" {
		writeError(w, http.StatusBadRequest, "format", fmt.Sprintf("unknown format %q (use csv or jsonl)", truncate(format, 20)))
		return
	}
	byAgreement := false
	switch rows := v.Get("rows"); rows {
	case "", "releases":
	case "agreements":
		byAgreement = true
	default:
		writeError(w, http.StatusBadRequest, "rows", fmt.Sprintf("unknown rows %q (use releases or agreements)", truncate(rows, 20)))
		return
	}
	p, err := parseSearch(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := p.Query
	q.Size, q.Offset, q.Facets = index.MaxSize, 0, false
	limit := s.cfg.ExportLimit
	q.Size = min(q.Size, limit)

	// The first page is fetched before any header is written, so that a bad
	// query still gets its 400.
	res, err := s.searchPage(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	switch format {
	case "csv":
		h.Set("Content-Type", "text/csv; charset=utf-8")
	case "jsonl":
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	}
	name := "pressroom-export"
	if byAgreement {
		name = "pressroom-agreements"
	}
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Total-Count", strconv.Itoa(res.Total))
	h.Set("X-Export-Limit", strconv.Itoa(limit))
	if res.Total > limit {
		h.Set("X-Export-Truncated", "true")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}

	rc := http.NewResponseController(w)
	bw := bufio.NewWriterSize(w, 64<<10)
	var cw *csv.Writer
	var enc *json.Encoder
	if format == "csv" {
		bw.WriteString("\ufeff")
		cw = csv.NewWriter(bw)
		if byAgreement {
			_ = cw.Write(AgreementColumns)
		} else {
			_ = cw.Write(ExportColumns)
		}
	} else {
		enc = json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
	}
	written := 0
	for {
		_ = rc.SetWriteDeadline(time.Now().Add(exportWriteWindow))
		for _, hit := range res.Hits {
			if written == limit {
				break
			}
			if hit.Release == nil {
				continue
			}
			switch {
			case byAgreement:
				for _, a := range agreementRows(hit.Release) {
					if cw != nil {
						err = cw.Write(a.csv())
					} else {
						err = enc.Encode(a)
					}
					if err != nil {
						break
					}
				}
			case cw != nil:
				err = cw.Write(exportRow(hit.Release))
			default:
				err = enc.Encode(hit.Release)
			}
			if err != nil {
				break
			}
			written++
		}
		if cw != nil {
			cw.Flush()
			err = cw.Error()
		}
		if err == nil {
			err = bw.Flush()
		}
		if err == nil {
			_ = rc.Flush()
		}
		if err != nil || written == limit || res.Next == "" {
			break
		}
		q.After = res.Next
		if res, err = s.searchPage(r.Context(), q); err != nil {
			break
		}
	}
	if err != nil {
		// Headers are gone: all that is left is to log and cut the stream
		// short, which the client sees as a truncated download.
		s.log.Warn("export stopped", "uri", r.URL.RequestURI(), "written", written, "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (s *Server) searchPage(ctx context.Context, q index.Query) (*index.Results, error) {
	ctx, cancel := context.WithTimeout(ctx, exportPageTimeout)
	defer cancel()
	return s.b.Search(ctx, q)
}

// exportRow is one release as a CSV row of ExportColumns.
func exportRow(r *extract.Release) []string {
	var agreements, items []string
	for _, a := range r.Agreements {
		desc := []string{kindOrLabel(a), orgName(r, a.Partner)}
		if a.Signed != nil {
			desc = append(desc, *a.Signed)
		}
		agreements = append(agreements, strings.Join(desc, " "))
		items = append(items, a.Items...)
	}
	row := []string{
		r.ID, orEmpty(r.Published), r.Title, r.Subtitle,
		orgNames(r, r.Publishers), orgNames(r, r.Partners()),
		strings.Join(r.AgreementKinds(), "; "), strings.Join(agreements, "; "), strings.Join(items, "; "),
		strings.Join(r.Categories, "; "), r.URL,
	}
	for i, c := range row {
		row[i] = neutralizeFormula(c)
	}
	return row
}

// agreementRows are the agreements of r as export rows.
func agreementRows(r *extract.Release) []AgreementRow {
	rows := make([]AgreementRow, 0, len(r.Agreements))
	pubs := make([]string, len(r.Publishers))
	for i, k := range r.Publishers {
		pubs[i] = orgName(r, k)
	}
	for _, a := range r.Agreements {
		items := a.Items
		if items == nil {
			items = []string{}
		}
		rows = append(rows, AgreementRow{
			ReleaseID: r.ID, Published: r.Published, Publishers: pubs,
			Partner: orgName(r, a.Partner), PartnerKey: a.Partner,
			Kind: a.Kind, Label: a.Label, Signed: a.Signed, Purpose: a.Purpose, Items: items, From: a.From,
			Title: r.Title, URL: r.URL,
		})
	}
	return rows
}

// csv is the row as cells of AgreementColumns.
func (a AgreementRow) csv() []string {
	row := []string{
		a.ReleaseID, orEmpty(a.Published), strings.Join(a.Publishers, "; "), a.Partner, a.PartnerKey,
		a.Kind, a.Label, orEmpty(a.Signed), a.Purpose, strings.Join(a.Items, "; "), a.From, a.Title, a.URL,
	}
	for i, c := range row {
		row[i] = neutralizeFormula(c)
	}
	return row
}

// orEmpty is *s, or "" for nil (a release's optional dates).
func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func kindOrLabel(a extract.Agreement) string {
	if a.Label != "" {
		return a.Label
	}
	return a.Kind
}

func orgName(r *extract.Release, key string) string {
	if o, ok := r.Org(key); ok && o.Name != "" {
		return o.Name
	}
	return key
}

func orgNames(r *extract.Release, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = orgName(r, k)
	}
	return strings.Join(names, "; ")
}

// neutralizeFormula keeps a spreadsheet from running a cell that starts
// like a formula (=, +, -, @, or a tab or carriage return before one): the
// text comes from web pages, and a title such as =HYPERLINK(…) must stay
// text.
func neutralizeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

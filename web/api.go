package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

// apiError is the body of every error response.
type apiError struct {
	Error string `json:"error"`
	// Param names the query parameter at fault, when one is.
	Param string `json:"param,omitempty"`
}

// badRequest is a user error found while reading the parameters.
type badRequest struct {
	param string
	err   error
}

func (e *badRequest) Error() string { return e.err.Error() }
func (e *badRequest) Unwrap() error { return e.err }

func badParam(param, format string, a ...any) error {
	return &badRequest{param: param, err: fmt.Errorf("%w: %s: %s", index.ErrBadQuery, param, fmt.Sprintf(format, a...))}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	// HTML-escaping stays on: <, > and & leave as \u003c…, so a response
	// can never be read as markup whatever a browser guesses.
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, param, msg string) {
	writeJSON(w, status, apiError{Error: msg, Param: param})
}

// fail answers an error from reading parameters or from the backend.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var br *badRequest
	switch {
	case errors.As(err, &br):
		writeError(w, http.StatusBadRequest, br.param, err.Error())
	case errors.Is(err, index.ErrBadQuery):
		writeError(w, http.StatusBadRequest, "", err.Error())
	case errors.Is(err, index.ErrNotFound):
		writeError(w, http.StatusNotFound, "", "no release with that id")
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request timed out", "uri", r.URL.RequestURI(), "err", err)
		writeError(w, http.StatusServiceUnavailable, "", "the search took too long; narrow it and try again")
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
		w.WriteHeader(499)
	default:
		s.log.Error("request failed", "uri", r.URL.RequestURI(), "err", err)
		writeError(w, http.StatusInternalServerError, "", "internal error")
	}
}

// searchParams is a search as the API reads it from the URL.
type searchParams struct {
	Query index.Query
	// Page is the 1-based page number.
	Page int
}

// Known agreement kinds, for checking the kind filter.
var agreementKinds = []string{
	extract.AgreementMOU, extract.AgreementBusinessAlliance, extract.AgreementComprehensivePartnership,
	extract.AgreementCapitalAlliance, extract.AgreementJointResearch, extract.AgreementLicense, extract.AgreementOther,
}

// parseSearch reads q, publisher, partner, kind, category (repeatable),
// from, to, sort, page, size, after and facets. It checks what the index
// would reject, so that the error names the parameter, and leaves the
// bounds (size, window, lengths) to index.Query.Normalized.
func parseSearch(v url.Values) (searchParams, error) {
	p := searchParams{Page: 1}
	q := &p.Query
	q.Text = strings.TrimSpace(v.Get("q"))
	if n := utf8.RuneCountInString(q.Text); n > index.MaxQueryRunes {
		return p, badParam("q", "%d characters, at most %d", n, index.MaxQueryRunes)
	}
	q.Publishers = v["publisher"]
	q.Partners = v["partner"]
	q.Categories = v["category"]
	for _, k := range v["kind"] {
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(agreementKinds, k) {
			return p, badParam("kind", "unknown agreement kind %q (use %s)", k, strings.Join(agreementKinds, ", "))
		}
		q.Kinds = append(q.Kinds, k)
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"from", &q.From}, {"to", &q.To}} {
		val := strings.TrimSpace(v.Get(d.name))
		if val == "" {
			continue
		}
		if _, err := (index.Query{From: val}).Normalized(); err != nil {
			return p, badParam(d.name, "%q is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", val)
		}
		*d.dst = val
	}
	if q.From != "" && q.To != "" {
		if _, err := (index.Query{From: q.From, To: q.To}).Normalized(); err != nil {
			return p, badParam("to", "%s is before from %s", q.To, q.From)
		}
	}
	if s := v.Get("sort"); s != "" {
		sort, err := index.ParseSort(s)
		if err != nil {
			return p, badParam("sort", "unknown order %q (use relevance, newest or oldest)", s)
		}
		q.Sort = sort
	}
	var err error
	if q.Size, err = intParam(v, "size", 0); err != nil {
		return p, err
	}
	if q.Size <= 0 {
		q.Size = index.DefaultSize
	}
	q.Size = min(q.Size, index.MaxSize)
	if p.Page, err = intParam(v, "page", 1); err != nil {
		return p, err
	}
	if p.Page < 1 {
		return p, badParam("page", "must be 1 or more")
	}
	if p.Page > index.MaxWindow/q.Size {
		return p, badParam("page", "page %d is past the first %d results; narrow the search (or page the export)", p.Page, index.MaxWindow)
	}
	q.Offset = (p.Page - 1) * q.Size
	if a := v.Get("after"); a != "" {
		if _, err := index.DecodeCursor(a); err != nil {
			return p, badParam("after", "not a cursor this server gave")
		}
		q.After, q.Offset, p.Page = a, 0, 0
	}
	q.Facets = true
	if f := v.Get("facets"); f != "" {
		if q.Facets, err = strconv.ParseBool(f); err != nil {
			return p, badParam("facets", "use true or false")
		}
	}
	return p, nil
}

func intParam(v url.Values, name string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && errors.Is(ne.Err, strconv.ErrRange) && !strings.HasPrefix(s, "-") {
			return int(^uint(0) >> 1), nil // huge: the caller clamps it
		}
		return 0, badParam(name, "%q is not a number", s)
	}
	return n, nil
}

// OrgLabel is how the page shows an organization key.
type OrgLabel struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Kind    string   `json:"kind,omitempty"`
}

// SearchResponse is the answer of /api/search: the index's results and the
// page they are.
type SearchResponse struct {
	*index.Results
	// Page is the 1-based page shown (0 when paging by cursor), Size its
	// size after clamping, Pages the number of pages reachable by number.
	Page  int `json:"page"`
	Size  int `json:"size"`
	Pages int `json:"pages"`
	// Orgs gives display names for the organization keys in the hits and
	// the publisher and partner facets, where a hit names them.
	Orgs map[string]OrgLabel `json:"orgs"`
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	p, err := parseSearch(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	res, err := s.b.Search(ctx, p.Query)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	size := p.Query.Size
	pages := (res.Total + size - 1) / size
	pages = min(pages, index.MaxWindow/size)
	writeJSON(w, http.StatusOK, SearchResponse{Results: res, Page: p.Page, Size: size, Pages: pages, Orgs: orgLabels(res)})
}

// orgLabels names every organization key the hits mention.
func orgLabels(res *index.Results) map[string]OrgLabel {
	out := map[string]OrgLabel{}
	for _, h := range res.Hits {
		if h.Release == nil {
			continue
		}
		for _, o := range h.Release.Organizations {
			if _, ok := out[o.Normalized]; !ok && o.Normalized != "" {
				out[o.Normalized] = OrgLabel{Name: o.Name, Aliases: o.Aliases, Kind: o.Kind}
			}
		}
	}
	return out
}

func (s *Server) handleRelease(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		writeError(w, http.StatusBadRequest, "id", fmt.Sprintf("%q is not a release id", truncate(id, 80)))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	rel, err := s.b.Get(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rel)
}

// validID accepts the ids pressroom makes (hex SHA-256) and other plain
// tokens a backend might use, nothing longer than 128 bytes.
func validID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Health is the answer of /healthz.
type Health struct {
	Status   string `json:"status"`
	Releases int    `json:"releases"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	res, err := s.b.Search(ctx, index.Query{Size: 1})
	if err != nil {
		s.log.Error("health check failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, Health{Status: "index unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, Health{Status: "ok", Releases: res.Total})
}

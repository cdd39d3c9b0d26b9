package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

// Network is the answer of /api/partners: who agreed with whom.
type Network struct {
	// Nodes are organizations that are party to at least one agreement
	// shown, the most connected first.
	Nodes []Node `json:"nodes"`
	// Edges are agreements between two parties; an agreement of three
	// parties is three edges. The same agreement listed by several releases
	// is one edge naming them all.
	Edges []Edge `json:"edges"`
	// Months counts agreements per month of signing (or of publication when
	// the signing date is unknown) over the releases read, whatever the
	// period: the timeline the period is chosen from. (With a period, the
	// releases read start at its first day.) Years does the same per year,
	// and also counts agreements dated to the year only.
	Months []Count `json:"months"`
	Years  []Count `json:"years"`
	// ReleaseYears counts the releases per year of publication in the whole
	// index (those matching q and the release filters), whatever was read:
	// the years there are to choose from. Matched is their total.
	ReleaseYears []index.FacetValue `json:"release_years"`
	Matched      int                `json:"matched"`
	// Releases is the number of releases read; Truncated is set when more
	// matched than Config.NetworkLimit allows reading, and NodesOmitted
	// counts the organizations left out beyond Config.NetworkNodes.
	Releases     int  `json:"releases"`
	Truncated    bool `json:"truncated,omitempty"`
	NodesOmitted int  `json:"nodes_omitted,omitempty"`
}

// Node is one organization.
type Node struct {
	ID   string `json:"id"` // the normalized key
	Name string `json:"name"`
	// Label is a short name for drawing: the name, or its shortest alias
	// when the name is long (LINK-J for 一般社団法人ライフサイエンス・…).
	Label   string   `json:"label"`
	Aliases []string `json:"aliases,omitempty"`
	Kind    string   `json:"kind,omitempty"`
	Country string   `json:"country,omitempty"`
	// Releases counts the releases naming it as a party, Agreements its
	// agreements shown.
	Releases   int `json:"releases"`
	Agreements int `json:"agreements"`
}

// Edge is one agreement between two organizations.
type Edge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	// Date is when it was signed, or the release's date when the text does
	// not say: YYYY, YYYY-MM or YYYY-MM-DD.
	Date    string       `json:"date,omitempty"`
	Kind    string       `json:"kind,omitempty"`
	Label   string       `json:"label,omitempty"`
	Purpose string       `json:"purpose,omitempty"`
	Items   []string     `json:"items"`
	Release string       `json:"release"` // the id of the newest release naming it
	Sources []EdgeSource `json:"releases"`
}

// EdgeSource is a release that names an agreement.
type EdgeSource struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published,omitempty"`
	From      string `json:"from,omitempty"` // body or table
}

// Count is a number of agreements in a period.
type Count struct {
	Period string         `json:"period"`
	Count  int            `json:"count"`
	Kinds  map[string]int `json:"kinds"`
}

// networkParams are the filters of /api/partners.
type networkParams struct {
	search   index.Query // text and publisher/partner/category filters
	from, to string      // first and last day of the period, inclusive
	org      string      // normalized key: its agreements only
	kinds    []string
}

func parseNetwork(v url.Values) (networkParams, error) {
	sp, err := parseSearch(v)
	if err != nil {
		return networkParams{}, err
	}
	q := sp.Query
	// The period filters agreements by their own date, not releases by
	// theirs: a 2018 release lists agreements of 2016.
	norm, err := (index.Query{From: q.From, To: q.To}).Normalized()
	if err != nil {
		return networkParams{}, err
	}
	p := networkParams{from: norm.From, to: norm.To, kinds: q.Kinds}
	if o := strings.TrimSpace(v.Get("org")); o != "" {
		if utf8.RuneCountInString(o) > 100 {
			return p, badParam("org", "longer than 100 characters")
		}
		p.org = extract.NormalizeOrg(o)
	}
	// Releases are read newest first or, from a period's start onward,
	// oldest first: a release published before the period cannot announce
	// its agreements, and those published during it come first. Later ones
	// may list the period's agreements in their history tables.
	q.From, q.To, q.Kinds = "", "", nil
	q.Sort, q.Size, q.Offset, q.After, q.Facets = index.Newest, index.MaxSize, 0, "", false
	if p.from != "" {
		q.Sort, q.From = index.Oldest, p.from
	}
	p.search = q
	return p, nil
}

func (s *Server) handlePartners(w http.ResponseWriter, r *http.Request) {
	p, err := parseNetwork(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	rels, truncated, err := s.networkReleases(ctx, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := BuildNetwork(rels, p.from, p.to, p.org, p.kinds, s.cfg.NetworkNodes)
	n.Truncated = truncated
	// The years on offer come from the index, not from what was read.
	yq := p.search
	yq.From, yq.To, yq.Sort, yq.Size, yq.Facets, yq.FacetSize = "", "", index.Newest, 1, true, 100
	if p.org != "" {
		yq.Publishers = append(slices.Clip(yq.Publishers), p.org)
	}
	years, err := s.b.Search(ctx, yq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n.Matched = years.Total
	n.ReleaseYears = slices.SortedFunc(slices.Values(years.Facets["year"]), func(a, b index.FacetValue) int { return cmp.Compare(a.Value, b.Value) })
	if n.ReleaseYears == nil {
		n.ReleaseYears = []index.FacetValue{}
	}
	writeJSON(w, http.StatusOK, n)
}

// networkReleases reads the releases the network is drawn from, at most
// Config.NetworkLimit. For one organization it reads the
// releases it published and those naming it as a partner.
func (s *Server) networkReleases(ctx context.Context, p networkParams) ([]*extract.Release, bool, error) {
	queries := []index.Query{p.search}
	if p.org != "" {
		byPub, byPartner := p.search, p.search
		byPub.Publishers = append(slices.Clip(byPub.Publishers), p.org)
		byPartner.Partners = append(slices.Clip(byPartner.Partners), p.org)
		queries = []index.Query{byPub, byPartner}
	}
	seen := map[string]bool{}
	var out []*extract.Release
	for qi, q := range queries {
		q.Size = min(q.Size, s.cfg.NetworkLimit)
		for {
			res, err := s.b.Search(ctx, q)
			if err != nil {
				return nil, false, err
			}
			for _, h := range res.Hits {
				if h.Release == nil || seen[h.ID] {
					continue
				}
				seen[h.ID] = true
				if len(h.Release.Agreements) > 0 {
					out = append(out, h.Release)
				}
			}
			if len(seen) >= s.cfg.NetworkLimit {
				return out, res.Next != "" || qi < len(queries)-1, nil
			}
			if res.Next == "" {
				break
			}
			q.After, q.Offset = res.Next, 0
		}
	}
	return out, false, nil
}

// BuildNetwork draws the partner network of rels: agreements dated within
// [from, to] (YYYY-MM-DD, either may be empty), of one of kinds (any when
// empty), and, when org is set, only those org is party to. At most
// maxNodes organizations are kept, the most connected first. The timeline
// (Months, Years) follows org and kinds but not the period.
func BuildNetwork(rels []*extract.Release, from, to, org string, kinds []string, maxNodes int) *Network {
	type orgInfo struct {
		names    map[string]int
		aliases  []string
		kinds    map[string]int
		country  string
		releases map[string]bool
		first    int
	}
	orgs := map[string]*orgInfo{}
	info := func(key string) *orgInfo {
		o := orgs[key]
		if o == nil {
			o = &orgInfo{names: map[string]int{}, kinds: map[string]int{}, releases: map[string]bool{}, first: len(orgs)}
			orgs[key] = o
		}
		return o
	}
	edges := map[string]*Edge{}
	var order []string
	months, years := map[string]*Count{}, map[string]*Count{}
	bump := func(m map[string]*Count, period, kind string) {
		c := m[period]
		if c == nil {
			c = &Count{Period: period, Kinds: map[string]int{}}
			m[period] = c
		}
		c.Count++
		if kind != "" {
			c.Kinds[kind]++
		}
	}
	counted := map[string]bool{}
	for _, r := range rels {
		for _, a := range r.Agreements {
			if len(kinds) > 0 && !slices.Contains(kinds, a.Kind) {
				continue
			}
			parties := agreementParties(r, a)
			if len(parties) < 2 {
				continue
			}
			if org != "" && !slices.Contains(parties, org) {
				continue
			}
			date := ""
			if a.Signed != nil {
				date = *a.Signed
			} else if r.Published != nil {
				date = *r.Published
			}
			sorted := slices.Sorted(slices.Values(parties))
			akey := strings.Join(sorted, "\x00") + "\x01" + date + "\x01" + a.Kind
			if !counted[akey] {
				counted[akey] = true
				if len(date) >= 4 {
					bump(years, date[:4], a.Kind)
				}
				if len(date) >= 7 {
					bump(months, date[:7], a.Kind)
				}
			}
			if !inPeriod(date, from, to) {
				continue
			}
			for _, key := range parties {
				o := info(key)
				o.releases[r.ID] = true
				if ro, ok := r.Org(key); ok {
					o.names[ro.Name]++
					for _, al := range ro.Aliases {
						if !slices.Contains(o.aliases, al) && len(o.aliases) < 10 {
							o.aliases = append(o.aliases, al)
						}
					}
					if ro.Kind != "" {
						o.kinds[ro.Kind]++
					}
					if o.country == "" {
						o.country = ro.Country
					}
				}
			}
			src := EdgeSource{ID: r.ID, Title: r.Title, From: a.From}
			if r.Published != nil {
				src.Published = *r.Published
			}
			for i := 0; i < len(parties); i++ {
				for j := i + 1; j < len(parties); j++ {
					s, t := parties[i], parties[j]
					ekey := min(s, t) + "\x00" + max(s, t) + "\x01" + date + "\x01" + a.Kind
					e := edges[ekey]
					if e == nil {
						e = &Edge{Source: s, Target: t, Date: date, Kind: a.Kind, Label: a.Label, Purpose: a.Purpose, Items: []string{}, Release: r.ID}
						edges[ekey] = e
						order = append(order, ekey)
					}
					if !slices.ContainsFunc(e.Sources, func(x EdgeSource) bool { return x.ID == r.ID }) {
						e.Sources = append(e.Sources, src)
					}
					for _, it := range a.Items {
						if !slices.Contains(e.Items, it) {
							e.Items = append(e.Items, it)
						}
					}
					if e.Purpose == "" {
						e.Purpose = a.Purpose
					}
				}
			}
		}
	}

	degree := map[string]int{}
	for _, k := range order {
		e := edges[k]
		degree[e.Source]++
		degree[e.Target]++
	}
	var nodes []Node
	for key, o := range orgs {
		n := Node{ID: key, Name: key, Aliases: o.aliases, Country: o.country, Releases: len(o.releases), Agreements: degree[key]}
		if name := mostCommon(o.names); name != "" {
			n.Name = name
		}
		n.Kind = mostCommon(o.kinds)
		n.Label = shortLabel(n.Name, n.Aliases)
		nodes = append(nodes, n)
	}
	slices.SortFunc(nodes, func(a, b Node) int {
		if a.ID == org {
			return -1
		}
		if b.ID == org {
			return 1
		}
		return cmp.Or(cmp.Compare(b.Agreements, a.Agreements), cmp.Compare(b.Releases, a.Releases), cmp.Compare(orgs[a.ID].first, orgs[b.ID].first))
	})
	net := &Network{Nodes: []Node{}, Edges: []Edge{}, Months: sortedCounts(months), Years: sortedCounts(years), Releases: len(rels)}
	kept := map[string]bool{}
	for i, n := range nodes {
		if i >= maxNodes {
			net.NodesOmitted = len(nodes) - maxNodes
			break
		}
		kept[n.ID] = true
		net.Nodes = append(net.Nodes, n)
	}
	for _, k := range order {
		if e := edges[k]; kept[e.Source] && kept[e.Target] {
			net.Edges = append(net.Edges, *e)
		}
	}
	slices.SortStableFunc(net.Edges, func(a, b Edge) int { return cmp.Compare(b.Date, a.Date) })
	return net
}

// agreementParties are the organizations bound by a: its parties and its
// partner, and, when the text names only the partner, the release's first
// publisher.
func agreementParties(r *extract.Release, a extract.Agreement) []string {
	var out []string
	add := func(k string) {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, p := range a.Parties {
		add(p)
	}
	if len(out) < 2 && len(r.Publishers) > 0 && r.Publishers[0] != a.Partner {
		add(r.Publishers[0])
	}
	add(a.Partner)
	return out
}

// inPeriod reports whether a date of any precision falls in [from, to].
// A date known to the month or year only counts by its first day.
func inPeriod(date, from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	day, ok := index.DayOf(date)
	if !ok {
		return false
	}
	return (from == "" || day >= from) && (to == "" || day <= to)
}

func mostCommon(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && (len(k) > len(best) || len(k) == len(best) && k < best) {
			best, n = k, c
		}
	}
	return best
}

// shortLabel picks what to write beside a node: the name when short, else
// its shortest alias of two characters or more.
func shortLabel(name string, aliases []string) string {
	if utf8.RuneCountInString(name) <= 14 {
		return name
	}
	best := ""
	for _, a := range aliases {
		n := utf8.RuneCountInString(a)
		if n >= 2 && (best == "" || n < utf8.RuneCountInString(best)) {
			best = a
		}
	}
	if best != "" {
		return best
	}
	return name
}

func sortedCounts(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Compare(a.Period, b.Period) })
	return out
}

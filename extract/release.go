package extract

// Release is one press release after extraction. Its JSON form is the
// contract of ../shared/schema/release.schema.json: what `pressroom extract
// --json` prints, what both index backends store and what the HTTP API
// returns. Change it only by adding fields.
type Release struct {
	ID            string         `json:"id"`
	URL           string         `json:"url"`
	Source        string         `json:"source,omitempty"`
	FetchedAt     string         `json:"fetched_at,omitempty"`
	ContentSHA256 string         `json:"content_sha256,omitempty"`
	Title         string         `json:"title"`
	Subtitle      string         `json:"subtitle,omitempty"`
	Published     *string        `json:"published"`
	Publishers    []string       `json:"publishers"`
	Categories    []string       `json:"categories,omitempty"`
	Body          string         `json:"body"`
	Organizations []Organization `json:"organizations"`
	Agreements    []Agreement    `json:"agreements"`
	People        []Person       `json:"people"`
	Dates         []DateMention  `json:"dates"`
}

// Organization is one real-world organization the release names, with its
// aliases merged.
type Organization struct {
	Name       string   `json:"name"`
	Normalized string   `json:"normalized"`
	Aliases    []string `json:"aliases,omitempty"`
	Kind       string   `json:"kind,omitempty"`
	Country    string   `json:"country,omitempty"`
}

// Agreement is the agreement a release announces, or an earlier one it lists.
type Agreement struct {
	Kind    string   `json:"kind,omitempty"`
	Label   string   `json:"label,omitempty"`
	Parties []string `json:"parties,omitempty"`
	Partner string   `json:"partner"`
	Signed  *string  `json:"signed"`
	Purpose string   `json:"purpose,omitempty"`
	Items   []string `json:"items"`
	From    string   `json:"from,omitempty"`
}

// Person is a person named with a title or role.
type Person struct {
	Name         string `json:"name"`
	Title        string `json:"title,omitempty"`
	Organization string `json:"organization,omitempty"`
}

// DateMention is a date as written in the release and its resolved value.
type DateMention struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Role  string `json:"role,omitempty"`
}

// Organization kinds, as the schema names them.
const (
	KindCompany           = "company"
	KindAssociation       = "association"
	KindUniversity        = "university"
	KindResearchInstitute = "research_institute"
	KindGovernment        = "government"
	KindHospital          = "hospital"
	KindOther             = "other"
)

// Agreement kinds, as the schema names them.
const (
	AgreementMOU                      = "mou"
	AgreementBusinessAlliance         = "business_alliance"
	AgreementComprehensivePartnership = "comprehensive_partnership"
	AgreementCapitalAlliance          = "capital_alliance"
	AgreementJointResearch            = "joint_research"
	AgreementLicense                  = "license"
	AgreementOther                    = "other"
)

// Where an agreement was found.
const (
	FromBody  = "body"
	FromTable = "table"
)

// Date roles.
const (
	RolePublished = "published"
	RoleSigned    = "signed"
	RoleOther     = "other"
)

// Org returns the organization with the given normalized key.
func (r *Release) Org(key string) (Organization, bool) {
	for _, o := range r.Organizations {
		if o.Normalized == key {
			return o, true
		}
	}
	return Organization{}, false
}

// Partners returns the normalized keys of every agreement partner, each once,
// in order of first appearance.
func (r *Release) Partners() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range r.Agreements {
		if a.Partner != "" && !seen[a.Partner] {
			seen[a.Partner] = true
			out = append(out, a.Partner)
		}
	}
	return out
}

// AgreementKinds returns the distinct agreement kinds, in order.
func (r *Release) AgreementKinds() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range r.Agreements {
		if a.Kind != "" && !seen[a.Kind] {
			seen[a.Kind] = true
			out = append(out, a.Kind)
		}
	}
	return out
}

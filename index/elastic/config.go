package elastic

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Config says where the cluster is, how to authenticate, and how to write.
// Zero values mean the defaults. Nothing here reads the environment: cmd
// does, and fills this in.
type Config struct {
	// Addresses are the URLs of one or more nodes, e.g.
	// https://localhost:9200. A URL may carry user:password@, which is
	// then used like Username and Password.
	Addresses []string
	// APIKey is the base64 "id:api_key" Elasticsearch prints when a key
	// is created ("encoded"). It wins over Username and Password.
	APIKey string
	// Username and Password authenticate with HTTP basic auth.
	Username, Password string
	// CACert is the PEM of the cluster's HTTP CA (http_ca.crt in the
	// Elasticsearch 8 image).
	CACert []byte
	// CertificateFingerprint is the hex SHA-256 fingerprint of the HTTP CA
	// or node certificate, as Elasticsearch prints it on first start. It
	// replaces CA verification (colons are allowed).
	CertificateFingerprint string

	// Alias is the name searched and written (default "pressroom"). Its
	// versions are Alias-v1, Alias-v2 …, the index template is named
	// Alias, and the crawl state lives in Alias-state.
	Alias string
	// ReadOnly opens an existing alias for searching: nothing is created,
	// and a missing alias is ErrNoIndex.
	ReadOnly bool
	// Shards is the number of primary shards of a new version (default 1:
	// relevance scores then match the embedded index's; press releases of
	// even a large newsroom set fit one shard).
	Shards int
	// Replicas of a new version; the default "0-1" auto-expands, so a
	// single node stays green and a cluster keeps a copy.
	Replicas string

	// NumWorkers is the number of bulk requests in flight (default 2).
	NumWorkers int
	// FlushBytes sends a worker's batch once its body reaches this size
	// (default 5 MiB).
	FlushBytes int
	// FlushDocs sends a batch once it holds this many documents (default 1000).
	FlushDocs int
	// FlushInterval sends a partial batch that has waited this long
	// (default 1s).
	FlushInterval time.Duration
	// QueueSize is how many documents Put queues before it blocks
	// (default 4 × FlushDocs).
	QueueSize int
	// MaxRetries is how many times a document failing with 429 or 5xx, or
	// missing from the response, or in a request that failed, is sent
	// again before its ack gets the error (default 5).
	MaxRetries int
	// RetryBackoff is the wait before retry n (1, 2 …); the default
	// doubles from 200ms up to 10s, with ±20% jitter.
	RetryBackoff func(attempt int) time.Duration
	// RequestTimeout bounds each request (default 60s).
	RequestTimeout time.Duration
	// NoRefresh stops Flush from refreshing the alias, so documents become
	// searchable at the cluster's refresh interval instead (bulk loads).
	NoRefresh bool

	// Transport carries the HTTP requests (tests inject a RoundTripper);
	// default: a clone of http.DefaultTransport with the TLS settings above.
	Transport http.RoundTripper
	// Logger receives warnings (retries, rejected documents) and, at debug
	// level, one line per bulk request. It never receives credentials.
	// Default: discard.
	Logger *slog.Logger
}

const (
	defaultAlias = "pressroom"
)

func (c Config) withDefaults() (Config, error) {
	if len(c.Addresses) == 0 {
		return c, fmt.Errorf("elasticsearch: no URL given")
	}
	for _, a := range c.Addresses {
		u, err := url.Parse(a)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("elasticsearch: %q is not an http:// or https:// URL", redactURL(a))
		}
	}
	if c.Alias == "" {
		c.Alias = defaultAlias
	}
	if c.Alias != strings.ToLower(c.Alias) || strings.ContainsAny(c.Alias, `\/*?"<>| ,#:`) || strings.HasPrefix(c.Alias, "_") {
		return c, fmt.Errorf("elasticsearch: %q cannot name an index (lower case, no \\/*?\"<>| ,#:)", c.Alias)
	}
	if c.Shards <= 0 {
		c.Shards = 1
	}
	if c.Replicas == "" {
		c.Replicas = "0-1"
	}
	if c.NumWorkers <= 0 {
		c.NumWorkers = 2
	}
	if c.FlushBytes <= 0 {
		c.FlushBytes = 5 << 20
	}
	if c.FlushDocs <= 0 {
		c.FlushDocs = 1000
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = time.Second
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 4 * c.FlushDocs
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = 5
	}
	if c.RetryBackoff == nil {
		c.RetryBackoff = DefaultBackoff
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 60 * time.Second
	}
	c.CertificateFingerprint = strings.ToLower(strings.ReplaceAll(c.CertificateFingerprint, ":", ""))
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// DefaultBackoff waits 200ms before the first retry and doubles up to 10s,
// with ±20% jitter so that workers do not retry in step.
func DefaultBackoff(attempt int) time.Duration {
	d := 200 * time.Millisecond
	for i := 1; i < attempt && d < 10*time.Second; i++ {
		d *= 2
	}
	d = min(d, 10*time.Second)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// String describes the configuration without its secrets, so that %v, %+v
// and logs of a Config are safe.
func (c Config) String() string {
	addrs := make([]string, len(c.Addresses))
	for i, a := range c.Addresses {
		addrs[i] = redactURL(a)
	}
	var auth string
	switch {
	case c.APIKey != "":
		auth = "api key"
	case c.Username != "" || c.Password != "":
		auth = "user " + c.Username
	case strings.Contains(strings.Join(addrs, ","), "@"):
		auth = "user in URL"
	default:
		auth = "none"
	}
	tls := "system roots"
	switch {
	case c.CertificateFingerprint != "":
		tls = "fingerprint"
	case len(c.CACert) > 0:
		tls = "CA file"
	}
	alias := c.Alias
	if alias == "" {
		alias = defaultAlias
	}
	return fmt.Sprintf("elasticsearch %s (auth: %s, tls: %s, alias: %s)", strings.Join(addrs, ","), auth, tls, alias)
}

// GoString keeps %#v as safe as %v.
func (c Config) GoString() string { return "elastic.Config{" + c.String() + "}" }

// LogValue keeps slog from printing the secrets.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// redactURL hides the password of a URL with user info.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.LastIndex(s, "@"); i >= 0 {
			return "…@" + s[i+1:]
		}
		return s
	}
	return u.Redacted()
}

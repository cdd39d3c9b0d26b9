package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// cluster is a connected client: what the Store, its versions and the
// crawl state share.
type cluster struct {
	es   *elasticsearch.Client
	cfg  Config
	log  *slog.Logger
	url  string // first address, redacted, for messages
	info nodeInfo
}

// nodeInfo is what GET / tells.
type nodeInfo struct {
	Name        string `json:"name"`
	ClusterName string `json:"cluster_name"`
	Version     struct {
		Number       string `json:"number"`
		Distribution string `json:"distribution"`
	} `json:"version"`
	Tagline string `json:"tagline"`
}

// connect builds the client and checks that the first address answers as
// Elasticsearch 8 and accepts the credentials.
func connect(ctx context.Context, cfg Config) (*cluster, error) {
	addrs := make([]string, len(cfg.Addresses))
	copy(addrs, cfg.Addresses)
	user, pass := cfg.Username, cfg.Password
	for i, a := range addrs {
		// Credentials in the URL are taken out of it, so that the URL can
		// be shown.
		u, _ := url.Parse(a)
		if u.User != nil {
			if user == "" && pass == "" {
				user = u.User.Username()
				pass, _ = u.User.Password()
			}
			u.User = nil
			addrs[i] = u.String()
		}
	}
	ecfg := elasticsearch.Config{
		Addresses:              addrs,
		APIKey:                 cfg.APIKey,
		CertificateFingerprint: cfg.CertificateFingerprint,
		CACert:                 cfg.CACert,
		Transport:              cfg.Transport,
		// Retries are ours: per document for bulk requests, with backoff
		// for the rest, so that one policy (MaxRetries, RetryBackoff)
		// holds and nothing is retried twice over.
		DisableRetry: true,
	}
	if cfg.APIKey == "" {
		ecfg.Username, ecfg.Password = user, pass
	}
	es, err := elasticsearch.NewClient(ecfg)
	if err != nil {
		return nil, fmt.Errorf("elasticsearch client for %s: %s", strings.Join(addrs, ","), scrub(err.Error(), cfg))
	}
	c := &cluster{es: es, cfg: cfg, log: cfg.Logger, url: addrs[0]}
	if err := c.ping(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// ping asks GET / through the bare transport (the client's own product
// check would hide what answered) and explains any failure.
func (c *cluster) ping(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, min(c.cfg.RequestTimeout, 30*time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, "/", nil)
	if err != nil {
		return err
	}
	res, err := c.es.Transport.Perform(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return c.unreachable(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	switch {
	case res.StatusCode == http.StatusUnauthorized:
		return c.refused(res.StatusCode, body)
	case res.StatusCode == http.StatusForbidden:
		// GET / needs the monitor privilege; say which are needed.
		return c.refused(res.StatusCode, body)
	}
	product := res.Header.Get("X-Elastic-Product")
	if product != "Elasticsearch" {
		detail := fmt.Sprintf("HTTP %d without the X-Elastic-Product: Elasticsearch header", res.StatusCode)
		if s := res.Header.Get("Server"); s != "" {
			detail += " (Server: " + s + ")"
		}
		var info nodeInfo
		if json.Unmarshal(body, &info) == nil && info.Version.Distribution == "opensearch" {
			detail = "it is OpenSearch " + info.Version.Number + ", which pressroom does not support"
		}
		return &ConnError{URL: c.url, Kind: ErrNotElasticsearch, Detail: detail,
			Hint: "check that the URL points at Elasticsearch's HTTP port (9200), not Kibana (5601), a proxy or another service"}
	}
	if res.StatusCode != http.StatusOK {
		return &ConnError{URL: c.url, Kind: ErrUnreachable, Detail: statusDetail(res.StatusCode, body),
			Hint: "the cluster answered but is not ready: check its health (GET /_cluster/health) and logs"}
	}
	if err := json.Unmarshal(body, &c.info); err != nil || c.info.Version.Number == "" {
		return &ConnError{URL: c.url, Kind: ErrNotElasticsearch, Detail: "GET / did not answer with a version number",
			Hint: "check that the URL points at an Elasticsearch node"}
	}
	if major, _, _ := strings.Cut(c.info.Version.Number, "."); major != "8" && major != "9" {
		return &ConnError{URL: c.url, Kind: ErrNotElasticsearch, Detail: "Elasticsearch " + c.info.Version.Number,
			Hint: "pressroom needs Elasticsearch 8 (docker compose up -d starts one)"}
	}
	c.log.Debug("connected", "url", c.url, "version", c.info.Version.Number, "cluster", c.info.ClusterName)
	return nil
}

func (c *cluster) unreachable(err error) error {
	u, _ := url.Parse(c.url)
	scheme := ""
	if u != nil {
		scheme = u.Scheme
	}
	return &ConnError{URL: c.url, Kind: ErrUnreachable, Detail: scrub(err.Error(), c.cfg), Hint: transportHint(err, scheme), Cause: err}
}

func (c *cluster) refused(status int, body []byte) error {
	hint := "check the API key, or the user name and password"
	if c.cfg.APIKey == "" && c.cfg.Username == "" && c.cfg.Password == "" && !strings.Contains(strings.Join(c.cfg.Addresses, ""), "@") {
		hint = "security is on but no credentials were given: give an API key, or a user name and password"
	}
	if status == http.StatusForbidden {
		hint = "the user or API key lacks privileges: pressroom needs cluster privileges monitor and manage_index_templates, and all on indices " + c.cfg.Alias + "*"
	}
	return &ConnError{URL: c.url, Kind: ErrUnauthorized, Detail: statusDetail(status, body), Hint: hint}
}

// statusDetail is "401 Unauthorized: security_exception: missing authentication credentials".
func statusDetail(status int, body []byte) string {
	s := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if e := parseError(body); e != nil {
		s += ": " + e.Type
		if e.Reason != "" {
			s += ": " + truncateReason(e.Reason)
		}
	}
	return s
}

// esError is the error object of an Elasticsearch response.
type esError struct {
	Type     string   `json:"type"`
	Reason   string   `json:"reason"`
	CausedBy *esError `json:"caused_by,omitempty"`
}

func (e *esError) String() string {
	s := e.Type + ": " + e.Reason
	if e.CausedBy != nil && e.CausedBy.Reason != "" {
		s += " (" + e.CausedBy.Type + ": " + e.CausedBy.Reason + ")"
	}
	return s
}

// parseError reads {"error":{…},"status":n} or {"error":"text"}.
func parseError(body []byte) *esError {
	var v struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Error) == 0 {
		return nil
	}
	var e esError
	if json.Unmarshal(v.Error, &e) == nil && e.Type != "" {
		return &e
	}
	var s string
	if json.Unmarshal(v.Error, &s) == nil {
		return &esError{Type: "error", Reason: s}
	}
	return nil
}

// scrub removes secrets from a message (transport errors quote URLs).
func scrub(msg string, cfg Config) string {
	for _, s := range []string{cfg.APIKey, cfg.Password} {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	for _, a := range cfg.Addresses {
		if r := redactURL(a); r != a {
			msg = strings.ReplaceAll(msg, a, r)
		}
	}
	return msg
}

// reply is a response read whole.
type reply struct {
	status int
	body   []byte
}

func (r *reply) ok() bool { return r.status >= 200 && r.status < 300 }

// err makes an error of a non-2xx reply: "what: 400 Bad Request:
// illegal_argument_exception: …".
func (r *reply) err(what string) error {
	return fmt.Errorf("%s: %s", what, statusDetail(r.status, r.body))
}

// call sends one request and reads the reply whole, so that the
// connection is reused and nothing of the body outlives the call. With
// retry set (idempotent requests), transport failures and 429/502/503/504
// are tried again with backoff. 401 and 403 become ConnErrors.
func (c *cluster) call(ctx context.Context, what string, retry bool, req func() esapi.Request) (*reply, error) {
	for attempt := 1; ; attempt++ {
		rep, err := c.callOnce(ctx, req())
		if err == nil && (rep.status == 401 || rep.status == 403) {
			return nil, fmt.Errorf("%s: %w", what, c.refused(rep.status, rep.body))
		}
		again := err != nil || rep.status == 429 || rep.status == 502 || rep.status == 503 || rep.status == 504
		if again && retry && attempt <= c.cfg.MaxRetries && ctx.Err() == nil {
			wait := c.cfg.RetryBackoff(attempt)
			c.log.Warn("retrying", "request", what, "attempt", attempt, "wait", wait, "err", errOrStatus(err, rep))
			if sleep(ctx, wait) != nil {
				return nil, ctx.Err()
			}
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%s: %w", what, ctx.Err())
			}
			return nil, fmt.Errorf("%s: %w", what, c.unreachable(err))
		}
		return rep, nil
	}
}

func (c *cluster) callOnce(ctx context.Context, req esapi.Request) (*reply, error) {
	rctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	res, err := req.Do(rctx, c.es)
	if err != nil {
		if strings.Contains(err.Error(), "not Elasticsearch") {
			return nil, &ConnError{URL: c.url, Kind: ErrNotElasticsearch, Detail: err.Error()}
		}
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return &reply{status: res.StatusCode, body: body}, nil
}

func errOrStatus(err error, rep *reply) any {
	if err != nil {
		return err
	}
	return statusDetail(rep.status, rep.body)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// jsonBody marshals v for a request body (maps marshal in key order, so
// the bytes are stable for golden files).
func jsonBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("marshal request: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Do sends one request over the Store's connection and returns the status
// and body read whole, for packages that keep their own documents in the
// cluster (the crawl state). With idempotent set, transport failures and
// 429/502/503/504 are retried with the Store's backoff; 401 and 403 are
// errors wrapping ErrUnauthorized.
func (s *Store) Do(ctx context.Context, what string, idempotent bool, req func() esapi.Request) (int, []byte, error) {
	rep, err := s.c.call(ctx, what, idempotent, req)
	if err != nil {
		return 0, nil, err
	}
	return rep.status, rep.body, nil
}

// URL is the cluster's first address, without credentials.
func (s *Store) URL() string { return s.c.url }

// StateIndex is the index the crawl state lives in: Alias-state.
func (s *Store) StateIndex() string { return stateIndex(s.cfg.Alias) }

func stateIndex(alias string) string { return alias + "-state" }

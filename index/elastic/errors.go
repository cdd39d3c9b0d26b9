package elastic

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// Sentinel errors, for callers that branch on the kind of failure. The
// errors returned wrap them in a *ConnError or an *ItemError that says more.
var (
	// ErrUnreachable: no HTTP answer from the URL (refused, timed out,
	// TLS handshake failed).
	ErrUnreachable = errors.New("cannot reach Elasticsearch")
	// ErrUnauthorized: Elasticsearch refused the credentials (401) or
	// they lack a privilege pressroom needs (403).
	ErrUnauthorized = errors.New("elasticsearch refused the credentials")
	// ErrNotElasticsearch: something answered, but not Elasticsearch 8.
	ErrNotElasticsearch = errors.New("not Elasticsearch")
	// ErrNoIndex: the alias does not exist yet (opening read-only).
	ErrNoIndex = errors.New("no pressroom index in Elasticsearch yet")
	// ErrMappingChanged: the index behind the alias was built with another
	// mapping than this pressroom's; build the next version and swap.
	ErrMappingChanged = errors.New("index mapping changed")
)

// ConnError is a failure to use the cluster at URL, with what to check.
type ConnError struct {
	// URL is the node's address, credentials removed.
	URL string
	// Kind is one of the sentinels above.
	Kind error
	// Detail is what happened (the transport error, the status line).
	Detail string
	// Hint says what to check.
	Hint string
	// Cause is the underlying error, if any.
	Cause error
}

func (e *ConnError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v at %s", e.Kind, e.URL)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

func (e *ConnError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Kind, e.Cause}
	}
	return []error{e.Kind}
}

// ItemError is one document Elasticsearch did not take, as its bulk
// response item said (or as the request that carried it failed).
type ItemError struct {
	ID string
	// Status is the item's HTTP status (429, 400 …); 0 when the whole
	// request failed before any item was answered.
	Status int
	// Type and Reason are Elasticsearch's error type and message
	// (es_rejected_execution_exception, mapper_parsing_exception …).
	Type, Reason string
	// Attempts is how many times the document was sent.
	Attempts int
	// Cause is the request-level error when there was no item answer.
	Cause error
}

func (e *ItemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "elasticsearch did not index %s", e.ID)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": %d", e.Status)
	}
	if e.Type != "" {
		fmt.Fprintf(&b, " %s", e.Type)
	}
	if e.Reason != "" {
		fmt.Fprintf(&b, ": %s", truncateReason(e.Reason))
	}
	if e.Cause != nil {
		fmt.Fprintf(&b, ": %v", e.Cause)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

func (e *ItemError) Unwrap() error { return e.Cause }

// Retriable reports whether sending the document again may succeed:
// Elasticsearch was overloaded (429) or failing (5xx).
func (e *ItemError) Retriable() bool { return retriableStatus(e.Status) }

func retriableStatus(code int) bool { return code == 429 || code >= 500 }

// truncateReason keeps error reasons readable in a run summary: a mapper
// exception can quote a whole document.
func truncateReason(s string) string {
	const max = 300
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// transportHint explains a failure to get any HTTP answer.
func transportHint(err error, scheme string) string {
	var uaErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var opErr *net.OpError
	switch {
	case errors.As(err, &uaErr), errors.As(err, &certErr) && errors.As(certErr.Err, &uaErr):
		return "the server's certificate is signed by an unknown authority: give the cluster's CA certificate file or its SHA-256 fingerprint"
	case errors.As(err, &hostErr):
		return "the server's certificate is for another host name: use the name in the certificate, or give the CA fingerprint"
	case errors.As(err, &recErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server speaks plain HTTP: use an http:// URL"
	case strings.Contains(err.Error(), "fingerprint mismatch"):
		return "the certificate fingerprint does not match the server's: copy it again from the cluster (\"HTTP CA certificate SHA-256 fingerprint\")"
	case strings.Contains(err.Error(), "malformed HTTP response"), strings.Contains(err.Error(), "EOF") && scheme == "http":
		return "the server may expect TLS: try an https:// URL"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "check that Elasticsearch is running (docker compose ps) and that the host and port are right (9200 by default)"
	}
	return "check that Elasticsearch is running and the URL is right"
}

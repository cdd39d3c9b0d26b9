package elastic

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/index/indextest"
)

func openURL(t *testing.T, cfg Config) (*Store, error) {
	t.Helper()
	cfg.RequestTimeout = 5 * time.Second
	cfg.MaxRetries = 1
	cfg.RetryBackoff = func(int) time.Duration { return time.Millisecond }
	st, err := Open(context.Background(), cfg, indextest.Analyzer(t))
	if err == nil {
		t.Cleanup(func() { _ = st.Close(context.Background()) })
	}
	return st, err
}

// Every way of not getting Elasticsearch fails with an error that names
// the URL and says what to check.
func TestConnectionErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String()
	ln.Close()

	server := func(h http.HandlerFunc) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL
	}
	esError := func(status int, typ, reason string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			w.Header().Set("Content-Type", "application/json")
			if status == 401 {
				w.Header().Set("WWW-Authenticate", `Basic realm="security" charset="UTF-8"`)
			}
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"root_cause":[{"type":%q,"reason":%q}],"type":%q,"reason":%q},"status":%d}`, typ, reason, typ, reason, status)
		}
	}
	tests := []struct {
		name string
		url  string
		kind error
		want []string
	}{
		{"refused", closedURL, ErrUnreachable, []string{"cannot reach Elasticsearch at " + closedURL, "connection refused", "check that Elasticsearch is running"}},
		{"unauthorized", server(esError(401, "security_exception", "unable to authenticate user [elastic] for REST request [/]")), ErrUnauthorized,
			[]string{"refused the credentials at http://127.0.0.1", "401 Unauthorized: security_exception", "check the API key, or the user name and password"}},
		{"forbidden", server(esError(403, "security_exception", "action [cluster:monitor/main] is unauthorized for user [reader]")), ErrUnauthorized,
			[]string{"403 Forbidden", "lacks privileges", "manage_index_templates", "pressroom*"}},
		{"kibana", server(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Server", "kibana")
			io.WriteString(w, "<!DOCTYPE html><html><title>Elastic</title></html>")
		}), ErrNotElasticsearch, []string{"not Elasticsearch at http://127.0.0.1", "without the X-Elastic-Product: Elasticsearch header (Server: kibana)", "port (9200)"}},
		{"opensearch", server(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"name":"os1","version":{"distribution":"opensearch","number":"2.11.0"},"tagline":"The OpenSearch Project: https://opensearch.org/"}`)
		}), ErrNotElasticsearch, []string{"OpenSearch 2.11.0", "does not support"}},
		{"header but no version", server(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			io.WriteString(w, `{"ok":true}`)
		}), ErrNotElasticsearch, []string{"did not answer with a version number"}},
		{"old version", server(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			io.WriteString(w, `{"version":{"number":"7.17.9"},"tagline":"You Know, for Search"}`)
		}), ErrNotElasticsearch, []string{"Elasticsearch 7.17.9", "needs Elasticsearch 8"}},
		{"https to plain http", strings.Replace(server(func(w http.ResponseWriter, r *http.Request) {}), "http://", "https://", 1), ErrUnreachable,
			[]string{"use an http:// URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openURL(t, Config{Addresses: []string{tt.url}, Username: "elastic", Password: "changeme"})
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			var ce *ConnError
			if !errors.As(err, &ce) || ce.URL == "" {
				t.Errorf("err %T is not a *ConnError with the URL", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TLS: a self-signed cluster is refused with advice, and accepted with
// its CA certificate or its fingerprint.
func TestTLS(t *testing.T) {
	fs := &fastServer{received: map[string]int{}}
	srv := httptest.NewTLSServer(http.HandlerFunc(fs.serve))
	t.Cleanup(srv.Close)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	sum := sha256.Sum256(srv.Certificate().Raw)
	fingerprint := hex.EncodeToString(sum[:])

	_, err := openURL(t, Config{Addresses: []string{srv.URL}})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "unknown authority") || !strings.Contains(err.Error(), "CA certificate file or its SHA-256 fingerprint") {
		t.Errorf("untrusted certificate: %v", err)
	}
	if _, err := openURL(t, Config{Addresses: []string{srv.URL}, CACert: caPEM}); err != nil {
		t.Errorf("with the CA: %v", err)
	}
	// Elasticsearch prints fingerprints in upper case with colons too.
	var colons []string
	for i := 0; i < len(fingerprint); i += 2 {
		colons = append(colons, strings.ToUpper(fingerprint[i:i+2]))
	}
	if _, err := openURL(t, Config{Addresses: []string{srv.URL}, CertificateFingerprint: strings.Join(colons, ":")}); err != nil {
		t.Errorf("with the fingerprint: %v", err)
	}
	wrong := strings.Repeat("ab", 32)
	if _, err := openURL(t, Config{Addresses: []string{srv.URL}, CertificateFingerprint: wrong}); !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "fingerprint does not match") {
		t.Errorf("wrong fingerprint: %v", err)
	}
}

// Credentials reach Elasticsearch and nothing else: not the logs (at
// debug level), not the errors, not a printed Config.
func TestSecretsNeverLogged(t *testing.T) {
	const apiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
	const password = "correct-horse-battery-staple"
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var auth []string
	fake := newFakeES(t)
	fake.Bulk = func(n int, actions []bulkAction) (int, any) {
		if n == 0 {
			return 503, `{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}`
		}
		return 200, bulkOK(actions)
	}
	rt := handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		fake.ServeHTTP(w, r)
	})}
	cfgs := []Config{
		{Addresses: []string{"http://es.test:9200"}, APIKey: apiKey},
		{Addresses: []string{"http://es.test:9200"}, Username: "elastic", Password: password},
		{Addresses: []string{"http://elastic:" + password + "@es.test:9200"}},
	}
	var printed []string
	for i, cfg := range cfgs {
		cfg.Transport, cfg.Logger = rt, log
		cfg.RetryBackoff = func(int) time.Duration { return time.Millisecond }
		printed = append(printed, fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg))
		log.Info("config", "cfg", cfg)
		st, err := Open(context.Background(), cfg, indextest.Analyzer(t))
		if err != nil {
			t.Fatalf("config %d: %v", i, err)
		}
		an := indextest.Analyzer(t)
		if err := st.Put(context.Background(), indextest.Doc(an, indextest.Corpus()[0]), nil); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// A refusal and an unreachable node put the URL in errors.
	refuse := handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		io.WriteString(w, `{"error":{"type":"security_exception","reason":"unable to authenticate user [elastic]"},"status":401}`)
	})}
	_, err1 := Open(context.Background(), Config{Addresses: []string{"http://elastic:" + password + "@es.test:9200"}, Transport: refuse, Logger: log}, nil)
	_, err2 := Open(context.Background(), Config{Addresses: []string{"http://elastic:" + password + "@127.0.0.1:1"}, APIKey: apiKey, Logger: log, RequestTimeout: time.Second}, nil)
	if err1 == nil || err2 == nil {
		t.Fatalf("errors expected: %v, %v", err1, err2)
	}

	if auth[0] != "APIKey "+apiKey {
		t.Errorf("API key not sent: %q", auth[0])
	}
	everything := logs.String() + strings.Join(printed, "\n") + err1.Error() + err2.Error()
	for _, secret := range []string{apiKey, password} {
		if strings.Contains(everything, secret) {
			t.Errorf("secret %.8s… appears in logs, errors or printed config:\n%s", secret, everything)
		}
	}
	if !strings.Contains(logs.String(), "bulk request failed") || !strings.Contains(err1.Error(), "es.test:9200") {
		t.Errorf("the test did not exercise logging and errors:\n%s\n%v", logs.String(), err1)
	}
}

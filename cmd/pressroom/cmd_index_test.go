package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIndexStatusEmbedded(t *testing.T) {
	data := t.TempDir()
	if r := run(t, nil, "ingest", "--data", data, filepath.Join(releases, "link-j-kawasaki-2018-08-31.html")); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	r := run(t, nil, "index", "status", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "embedded") || !strings.Contains(r.stdout, "releases:  1") {
		t.Errorf("index status: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, nil, "index"); r.code != exitUsage || !strings.Contains(r.stderr, "status") {
		t.Errorf("index without subcommand: %d %s", r.code, r.stderr)
	}
}

// Elasticsearch chosen by --index or ELASTICSEARCH_URL: failures name the
// URL and what to check, and never print the credentials.
func TestElasticsearchErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	r := run(t, nil, "search", "--index", closed, "川崎市")
	if r.code != exitFailure || !strings.Contains(r.stderr, "cannot reach Elasticsearch at "+closed) || !strings.Contains(r.stderr, "docker compose") {
		t.Errorf("unreachable: %d %s", r.code, r.stderr)
	}

	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.WriteHeader(401)
		io.WriteString(w, `{"error":{"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]"},"status":401}`)
	}))
	defer refuse.Close()
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("s3cret-from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ELASTICSEARCH_URL": refuse.URL, "ELASTICSEARCH_USERNAME": "elastic", "ELASTICSEARCH_PASSWORD_FILE": pwFile}
	r = run(t, env, "index", "status")
	if r.code != exitFailure || !strings.Contains(r.stderr, "refused the credentials at "+refuse.URL) || !strings.Contains(r.stderr, "ELASTICSEARCH_API_KEY") {
		t.Errorf("401: %d %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "s3cret") {
		t.Errorf("password printed: %s", r.stderr)
	}

	notES := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>hello</html>") }))
	defer notES.Close()
	r = run(t, nil, "ingest", "--data", t.TempDir(), "--index", notES.URL, releases)
	if r.code != exitFailure || !strings.Contains(r.stderr, "not Elasticsearch at "+notES.URL) || !strings.Contains(r.stderr, "9200") {
		t.Errorf("not Elasticsearch: %d %s", r.code, r.stderr)
	}

	if r := run(t, nil, "search", "--index", "localhost:9200", "x"); r.code != exitUsage || !strings.Contains(r.stderr, "https://localhost:9200") {
		t.Errorf("URL without scheme: %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "ingest", "--data", t.TempDir(), "--state", "elasticsearch", releases); r.code != exitUsage || !strings.Contains(r.stderr, "needs the index in Elasticsearch") {
		t.Errorf("--state elasticsearch with the embedded index: %d %s", r.code, r.stderr)
	}
	// "embedded" overrides ELASTICSEARCH_URL.
	data := t.TempDir()
	if r := run(t, map[string]string{"ELASTICSEARCH_URL": closed}, "ingest", "--data", data, "--index", "embedded", filepath.Join(releases, "link-j-kawasaki-2018-08-31.html")); r.code != 0 {
		t.Errorf("--index embedded: %d %s", r.code, r.stderr)
	}
}

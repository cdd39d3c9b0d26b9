package elastic_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pressroom-ja/pressroom/index/elastic"
)

// Open checks that the URL is Elasticsearch before anything else, and says
// what to check when it is not.
func ExampleOpen() {
	notES := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "kibana")
		io.WriteString(w, "<html></html>")
	}))
	defer notES.Close()
	_, err := elastic.Open(context.Background(), elastic.Config{Addresses: []string{notES.URL}}, nil)
	fmt.Println(strings.Replace(err.Error(), notES.URL, "URL", 1))
	// Output: not Elasticsearch at URL: HTTP 200 without the X-Elastic-Product: Elasticsearch header (Server: kibana); check that the URL points at Elasticsearch's HTTP port (9200), not Kibana (5601), a proxy or another service
}

// A Config prints without its secrets.
func ExampleConfig_String() {
	cfg := elastic.Config{Addresses: []string{"https://elastic:hunter2@es.example.com:9200"}, CertificateFingerprint: "4a:5b"}
	fmt.Println(cfg)
	// Output: elasticsearch https://elastic:xxxxx@es.example.com:9200 (auth: user in URL, tls: fingerprint, alias: pressroom)
}

package elastic

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/index"
	"github.com/pressroom-ja/pressroom/index/indextest"
)

// clusterConfig is the cluster of ELASTICSEARCH_URL with the credentials
// of the environment, as cmd reads them; ok is false when it is not set.
func clusterConfig(t *testing.T) (Config, bool) {
	url := os.Getenv("ELASTICSEARCH_URL")
	if url == "" {
		return Config{}, false
	}
	cfg := Config{
		Addresses: strings.Split(url, ","),
		APIKey:    os.Getenv("ELASTICSEARCH_API_KEY"),
		Username:  os.Getenv("ELASTICSEARCH_USERNAME"), Password: os.Getenv("ELASTICSEARCH_PASSWORD"),
		CertificateFingerprint: os.Getenv("ELASTICSEARCH_FINGERPRINT"),
	}
	if f := os.Getenv("ELASTICSEARCH_CA_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cfg.CACert = b
	}
	return cfg, true
}

// uniqueAlias names a fresh index per test so that runs never meet.
func uniqueAlias() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "pressroom-test-" + time.Now().UTC().Format("150405") + "-" + hex.EncodeToString(b)
}

// TestConformance runs the conformance suite against a real cluster when
// ELASTICSEARCH_URL is set (see the README: docker compose up -d). Each
// test gets its own alias, deleted after.
func TestConformance(t *testing.T) {
	cfg, ok := clusterConfig(t)
	if !ok {
		t.Skip("set ELASTICSEARCH_URL (and credentials) to run the conformance suite against Elasticsearch")
	}
	indextest.Run(t, func(t *testing.T, an *ja.Analyzer) index.Index {
		c := cfg
		c.Alias = uniqueAlias()
		ctx := context.Background()
		st, err := Open(ctx, c, an)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			// The suite closes st first; drop the indices over a new connection.
			c.ReadOnly = true
			admin, err := Open(ctx, c, an)
			if err != nil {
				t.Errorf("cleanup %s: %v", c.Alias, err)
				return
			}
			if err := admin.Drop(ctx); err != nil {
				t.Errorf("cleanup %s: %v", c.Alias, err)
			}
			_ = admin.Close(ctx)
		})
		return st
	})
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReindexSwitchesVersions(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"PRESSROOM_DATA": data}
	if r := run(t, env, "reindex"); r.code != exitFailure || !strings.Contains(r.stderr, "holds no pages") {
		t.Errorf("reindex before any ingest: %d %s", r.code, r.stderr)
	}
	if r := run(t, env, "ingest", releases); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	r := run(t, env, "reindex")
	if r.code != 0 || !strings.Contains(r.stdout, "switched the index: index.v1.bleve → index.v2.bleve") || !strings.Contains(r.stdout, fmt.Sprintf("updated %d,", releaseCount(t))) {
		t.Fatalf("reindex: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if target, err := os.Readlink(filepath.Join(data, "index.bleve")); err != nil || target != "index.v2.bleve" {
		t.Errorf("index.bleve -> %q, %v", target, err)
	}
	if first := firstResult(run(t, env, "search", "川崎市").stdout); !strings.Contains(first, "LINK-J") {
		t.Errorf("search after reindex: %q", first)
	}
	// The state learnt the new version: the next ingest has nothing to do.
	if r := run(t, env, "ingest", releases); !strings.Contains(r.stdout, "nothing changed") {
		t.Errorf("ingest after reindex:\n%s", r.stdout)
	}
	r = run(t, env, "reindex", "--keep", "0")
	if r.code != 0 || !strings.Contains(r.stdout, "index.v2.bleve → index.v3.bleve") {
		t.Fatalf("second reindex: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, v := range []string{"index.v1.bleve", "index.v2.bleve"} {
		if _, err := os.Stat(filepath.Join(data, v)); !os.IsNotExist(err) {
			t.Errorf("%s not pruned with --keep 0: %v", v, err)
		}
	}
}

func TestIngestTurnsAwaySecondRun(t *testing.T) {
	data := t.TempDir()
	l, err := lockData(t.Context(), &storeOptions{Data: data}, "pressroom ingest --every 30m")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	r := run(t, map[string]string{"PRESSROOM_DATA": data}, "ingest", releases)
	if r.code != exitLocked || !strings.Contains(r.stderr, "pressroom ingest --every 30m") || !strings.Contains(r.stderr, "since") {
		t.Errorf("second run: %d %s", r.code, r.stderr)
	}
}

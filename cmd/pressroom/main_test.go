package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const releases = "../../fixtures/releases"

// releaseCount is the number of pages in fixtures/releases, which grows as
// fixtures are added.
func releaseCount(t *testing.T) int {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(releases, "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures in %s: %v", releases, err)
	}
	return len(pages)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs one command line in process with the given environment.
func run(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return vars[k] },
	})
	if err != nil {
		errOut.WriteString("pressroom: " + err.Error() + "\n")
	}
	code := ExitCode(err)
	if code == exitUsageShown {
		code = exitUsage
	}
	return result{out.String(), errOut.String(), code}
}

func TestReadmeFlow(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"PRESSROOM_DATA": data}

	n := releaseCount(t)
	r := run(t, env, "ingest", releases)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("new %d,", n)) {
		t.Fatalf("first ingest: code %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "ingest", releases)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing changed") || !strings.Contains(r.stdout, fmt.Sprintf("unchanged %d,", n)) {
		t.Fatalf("second ingest should change nothing: code %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "ingest", "--json", releases)
	var sum struct {
		Totals map[string]int `json:"totals"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil || sum.Totals["unchanged"] != n || sum.Totals["new"] != 0 {
		t.Fatalf("--json summary = %s (%v)", r.stdout, err)
	}

	r = run(t, env, "search", "川崎市")
	first := firstResult(r.stdout)
	if r.code != 0 || !strings.Contains(first, "LINK-J") || !strings.Contains(first, "«川崎市»") {
		t.Fatalf("search 川崎市: first result %q\n%s%s", first, r.stdout, r.stderr)
	}
	for _, q := range []string{"川崎", "殿町", "キングスカイフロント"} {
		if first := firstResult(run(t, env, "search", q).stdout); !strings.Contains(first, "LINK-J") {
			t.Errorf("search %s: first result %q, want the LINK-J release", q, first)
		}
	}
	for _, q := range []string{"は", "の"} {
		r := run(t, env, "search", q)
		if r.code != 0 || !strings.Contains(r.stdout, "no searchable words") {
			t.Errorf("search %s: %q", q, r.stdout)
		}
	}
	if first := firstResult(run(t, env, "search", "川崎市の覚書").stdout); !strings.Contains(first, "LINK-J") {
		t.Errorf("search 川崎市の覚書: first result %q", first)
	}

	// --data beats the environment; flags go anywhere.
	r = run(t, map[string]string{"PRESSROOM_DATA": t.TempDir()}, "search", "川崎市", "--data", data, "--limit", "1", "--json")
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Score      float64             `json:"score"`
			Highlights map[string][]string `json:"highlights"`
			Release    struct {
				Title string `json:"title"`
			} `json:"release"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res.Hits) != 1 {
		t.Fatalf("search --json: %v\n%s%s", err, r.stdout, r.stderr)
	}
	if h := res.Hits[0]; h.Score <= 0 || !strings.Contains(strings.Join(h.Highlights["body"], ""), "<mark>川崎市</mark>") {
		t.Errorf("hit = %+v", h)
	}

	r = run(t, env, "search", "--partner", "川崎市", "--facets")
	if !strings.Contains(r.stdout, "1 releases found") || !strings.Contains(r.stdout, "partner:") {
		t.Errorf("search --partner 川崎市 --facets:\n%s%s", r.stdout, r.stderr)
	}
}

func firstResult(out string) string {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "1. ") {
			return sc.Text()
		}
	}
	return ""
}

// TestBrokenInputs: bad files among good ones are reported one by one with a
// reason and a non-zero status, and every good file is indexed.
func TestBrokenInputs(t *testing.T) {
	dir := t.TempDir()
	good := []string{"link-j-kawasaki-2018-08-31.html", "sakuragaoka-city-2018-01-16.html", "kazenomichi-2023-05-10.html"}
	for _, f := range good {
		copyFile(t, filepath.Join(releases, f), filepath.Join(dir, f))
	}
	seed, err := os.ReadFile(filepath.Join(releases, good[0]))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("binary.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	write("empty.html", nil)
	write("truncated.html", seed[:len(seed)/3])

	data := t.TempDir()
	r := run(t, nil, "ingest", "--data", data, dir)
	if r.code != exitPartial {
		t.Errorf("exit status %d, want %d (partial failure)\n%s%s", r.code, exitPartial, r.stdout, r.stderr)
	}
	for _, want := range []string{"new 3", "failed 3", "binary.html (extract): binary content", "empty.html (extract): empty input", "truncated.html (extract): truncated HTML"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, nil, "search", "--data", data, "--sort", "newest")
	if !strings.Contains(r.stdout, "3 releases found") {
		t.Errorf("good files not all indexed:\n%s%s", r.stdout, r.stderr)
	}
	// The failures stay failures on the next run; the good files are unchanged.
	r = run(t, nil, "ingest", "--data", data, dir)
	if r.code != exitPartial || !strings.Contains(r.stdout, "unchanged 3, failed 3") {
		t.Errorf("second run: %d\n%s", r.code, r.stdout)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExtractJSONMatchesSchema validates `extract --json` of every fixture
// against the output contract, read in place from ../shared/schema.
func TestExtractJSONMatchesSchema(t *testing.T) {
	schemaPath := "../../../shared/schema/release.schema.json"
	if _, err := os.Stat(schemaPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("schema missing: %v", err)
		}
		t.Skipf("schema not present: %v", err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(releases, "*.html"))
	r := run(t, nil, append([]string{"extract", "--json"}, files...)...)
	if r.code != 0 {
		t.Fatalf("extract: %d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d JSON lines for %d files", len(lines), len(files))
	}
	for i, line := range lines {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", files[i], err)
		}
	}
}

func TestExtractSeedJSON(t *testing.T) {
	r := run(t, nil, "extract", "--json", filepath.Join(releases, "link-j-kawasaki-2018-08-31.html"))
	var rel struct {
		Published  string   `json:"published"`
		Publishers []string `json:"publishers"`
		Agreements []struct {
			Partner string   `json:"partner"`
			Signed  string   `json:"signed"`
			Items   []string `json:"items"`
		} `json:"agreements"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rel); err != nil {
		t.Fatalf("%v\n%s", err, r.stderr)
	}
	if rel.Published != "2018-08-31" || len(rel.Publishers) != 2 || len(rel.Agreements) != 9 || rel.Agreements[0].Signed != "2018-08-30" {
		t.Errorf("seed release = %+v", rel)
	}
}

func TestExtractTextFromStdin(t *testing.T) {
	var out, errOut bytes.Buffer
	seed, err := os.ReadFile(filepath.Join(releases, "link-j-kawasaki-2018-08-31.html"))
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), []string{"extract", "-"}, Env{Stdin: bytes.NewReader(seed), Stdout: &out, Stderr: &errOut})
	if err != nil || !strings.Contains(out.String(), "agreement:  覚書 with 川崎市, 2018-08-30") {
		t.Errorf("extract -: %v\n%s%s", err, out.String(), errOut.String())
	}
}

func TestHelpAndUsage(t *testing.T) {
	for _, c := range commands() {
		r := run(t, nil, c.name, "--help")
		if r.code != 0 || !strings.Contains(r.stderr, "Usage: pressroom "+c.name) {
			t.Errorf("%s --help: code %d\n%s", c.name, r.code, r.stderr)
		}
	}
	if r := run(t, nil, "help"); r.code != 0 || !strings.Contains(r.stdout, "Exit status") {
		t.Errorf("help: %d %s", r.code, r.stdout)
	}
	if r := run(t, nil, "frobnicate"); r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "search", "--limit", "x"); r.code != exitUsage {
		t.Errorf("bad flag: %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "ingest"); r.code != exitUsage || !strings.Contains(r.stderr, "pressroom ingest fixtures/releases") {
		t.Errorf("ingest without paths: %d %s", r.code, r.stderr)
	}
}

func TestSearchErrors(t *testing.T) {
	empty := t.TempDir()
	r := run(t, nil, "search", "--data", empty, "川崎市")
	if r.code != exitFailure || !strings.Contains(r.stderr, "no index in "+empty+" yet: run `pressroom ingest") {
		t.Errorf("search without index: %d %s", r.code, r.stderr)
	}
	data := t.TempDir()
	run(t, nil, "ingest", "--data", data, filepath.Join(releases, "link-j-kawasaki-2018-08-31.html"))
	r = run(t, nil, "search", "--data", data, "--from", "2018/01/01", "川崎市")
	if r.code != exitUsage || !strings.Contains(r.stderr, "YYYY-MM-DD") {
		t.Errorf("bad date: %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "ingest", "--data", data, "no/such/path")
	if r.code != exitPartial || !strings.Contains(r.stdout, "no such file") {
		t.Errorf("missing path: %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestEval(t *testing.T) {
	r := run(t, nil, "eval", "--json", releases)
	var rep struct {
		Overall struct {
			F1 float64 `json:"f1"`
		} `json:"overall"`
		Files []any `json:"files"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) < 6 || rep.Overall.F1 <= 0 {
		t.Fatalf("eval --json: %v %s %s", err, r.stdout, r.stderr)
	}
	r = run(t, nil, "eval", releases)
	if !strings.Contains(r.stdout, "overall") || !strings.Contains(r.stdout, "precision") {
		t.Errorf("eval: %s", r.stdout)
	}
}

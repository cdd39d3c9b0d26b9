// Package external locates the third-party test data kept outside this
// repository (../shared/external next to the checkout) so that tests can read
// it in place without copying it into the project.
//
// The data is optional on a developer machine: a test that needs it is skipped
// when the folder is absent, except under CI=true, where its absence is an
// error because CI must exercise it.
package external

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// EnvDir names the environment variable that overrides the folder's location.
const EnvDir = "PRESSROOM_EXTERNAL_DIR"

// Dir returns the folder holding the external test data. It skips t when the
// folder cannot be found, or fails t when CI=true.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find()
	if err == nil {
		return dir
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("external test data: %v (CI=true requires it; set %s)", err, EnvDir)
	}
	t.Skipf("external test data: %v (set %s to run this test)", err, EnvDir)
	return ""
}

// File returns the path of name inside Dir, with the same skip rules.
func File(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Dir(t), name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("external test data: %v", err)
		}
		t.Skipf("external test data: %v", err)
	}
	return p
}

func find() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return "", errors.New(EnvDir + "=" + d + " is not a directory")
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	// Walk up to the module root (the folder with go.mod); the data sits in
	// ../shared/external beside the checkout.
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(dir, "..", "shared", "external")
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return filepath.Clean(cand), nil
			}
			return "", errors.New("no folder " + filepath.Clean(cand))
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("no go.mod above " + wd)
		}
	}
}

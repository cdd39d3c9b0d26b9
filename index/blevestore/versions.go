package blevestore

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Versions let `pressroom reindex` build a new index beside the live one
// and switch to it at once, as Elasticsearch's alias does: the live path
// (data/index.bleve) is a symbolic link to a version directory
// (data/index.v3.bleve), and a switch replaces the link with rename(2),
// which is atomic. A process that has the old version open keeps reading it
// until it reopens.

// NextVersion returns a fresh directory path for the next version of the
// index whose live path is live. Nothing is created.
func NextVersion(live string) (string, error) {
	vs, err := listVersions(live)
	if err != nil {
		return "", err
	}
	next := 1
	if len(vs) > 0 {
		next = vs[len(vs)-1].n + 1
	}
	if fi, err := os.Lstat(live); err == nil && fi.IsDir() && next == 1 {
		next = 2 // the real directory becomes version 1 when promoted away
	}
	return versionPath(live, next), nil
}

// Promote makes live point at dir and returns the version it pointed at
// before ("" if none). A live path that is still a plain directory (an
// index from before versions) is first renamed to version 1.
func Promote(live, dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return "", fmt.Errorf("promote %s: not an index: %w", dir, err)
	}
	prev := ""
	fi, err := os.Lstat(live)
	switch {
	case err == nil && fi.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink(live)
		if err != nil {
			return "", fmt.Errorf("promote: %w", err)
		}
		prev = resolve(live, target)
	case err == nil && fi.IsDir():
		prev = versionPath(live, 1)
		if err := os.Rename(live, prev); err != nil {
			return "", fmt.Errorf("promote: move the current index to %s: %w", prev, err)
		}
	case err != nil && !os.IsNotExist(err):
		return "", fmt.Errorf("promote: %w", err)
	}
	tmp := live + ".next"
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Base(dir), tmp); err != nil {
		return prev, fmt.Errorf("promote: %w", err)
	}
	if err := os.Rename(tmp, live); err != nil {
		return prev, fmt.Errorf("promote: switch %s to %s: %w", live, dir, err)
	}
	return prev, nil
}

// Prune removes every version of live except the one it points at and the
// keep most recent others.
func Prune(live string, keep int) ([]string, error) {
	vs, err := listVersions(live)
	if err != nil {
		return nil, err
	}
	current := ""
	if target, err := os.Readlink(live); err == nil {
		current = resolve(live, target)
	}
	var removed []string
	kept := 0
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].path == current {
			continue
		}
		if kept < keep {
			kept++
			continue
		}
		if err := os.RemoveAll(vs[i].path); err != nil {
			return removed, fmt.Errorf("prune %s: %w", vs[i].path, err)
		}
		removed = append(removed, vs[i].path)
	}
	return removed, nil
}

type version struct {
	n    int
	path string
}

func versionPath(live string, n int) string {
	ext := filepath.Ext(live)
	return strings.TrimSuffix(live, ext) + ".v" + strconv.Itoa(n) + ext
}

func listVersions(live string) ([]version, error) {
	ext := filepath.Ext(live)
	base := filepath.Base(strings.TrimSuffix(live, ext))
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `\.v([0-9]+)` + regexp.QuoteMeta(ext) + `$`)
	entries, err := os.ReadDir(filepath.Dir(live))
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var out []version
	for _, e := range entries {
		if m := re.FindStringSubmatch(e.Name()); m != nil && e.IsDir() {
			n, _ := strconv.Atoi(m[1])
			out = append(out, version{n, filepath.Join(filepath.Dir(live), e.Name())})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	return out, nil
}

func resolve(link, target string) string {
	if filepath.IsAbs(target) {
		return target
	}
	return filepath.Join(filepath.Dir(link), target)
}

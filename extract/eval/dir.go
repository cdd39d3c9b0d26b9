package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
)

// Dir extracts every DIR/*.html that has a DIR/*.gold.json beside it and
// compares the two. A page that fails to extract counts every gold fact as
// missed and carries the error.
func Dir(x *extract.Extractor, dir string) (Report, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "*.htm*"))
	if err != nil {
		return Report{}, err
	}
	sort.Strings(pages)
	var files []FileReport
	for _, page := range pages {
		goldPath := strings.TrimSuffix(strings.TrimSuffix(page, ".html"), ".htm") + ".gold.json"
		if _, err := os.Stat(goldPath); err != nil {
			continue
		}
		g, err := LoadGold(goldPath)
		if err != nil {
			return Report{}, err
		}
		raw, err := os.ReadFile(page)
		if err != nil {
			return Report{}, fmt.Errorf("read %s: %w", page, err)
		}
		abs, _ := filepath.Abs(page)
		res, err := x.Extract(extract.Input{URL: "file://" + filepath.ToSlash(abs), Body: raw})
		if err != nil {
			fr := Compare(filepath.Base(page), &extract.Release{}, g)
			fr.Error = err.Error()
			files = append(files, fr)
			continue
		}
		files = append(files, Compare(filepath.Base(page), res.Release, g))
	}
	if len(files) == 0 {
		return Report{}, fmt.Errorf("no *.html with a .gold.json beside it in %s", dir)
	}
	return Summarize(files), nil
}

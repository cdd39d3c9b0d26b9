// Package filesource is the ingest source for local files: HTML pages and
// plain-text releases named on the command line or found in directories.
// It lets the whole pipeline run offline, on fixtures or on a folder of
// saved pages.
//
//	src := filesource.New("", "fixtures/releases", "extra/page.html")
package filesource

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pressroom-ja/pressroom/ingest"
)

var _ ingest.Source = (*Source)(nil)

// MaxFileSize bounds what a file source reads; a bigger file is reported as
// a failure, not read into memory.
const MaxFileSize = 32 << 20

// Source yields the files under its paths in name order. Directories are
// walked for .html, .htm, .xhtml and .txt files (hidden ones skipped); a
// file named directly is read whatever its extension.
type Source struct {
	name   string
	paths  []string
	files  []string
	errs   map[string]error
	next   int
	walked bool
}

// New returns a source named name over paths.
func New(name string, paths ...string) *Source {
	return &Source{name: name, paths: paths, errs: map[string]error{}}
}

// Name returns the source's name.
func (s *Source) Name() string { return s.name }

// Pages returns how many files the source found (after the first Next).
func (s *Source) Pages() int { return len(s.files) }

func (s *Source) walk() {
	s.walked = true
	seen := map[string]bool{}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		if !seen[abs] {
			seen[abs] = true
			s.files = append(s.files, abs)
		}
	}
	for _, p := range s.paths {
		st, err := os.Stat(p)
		if err != nil {
			add(p)
			s.errs[mustAbs(p)] = fmt.Errorf("%w (check the path)", err)
			continue
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				s.errs[mustAbs(path)] = err
				found = append(found, path)
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && Supported(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			s.errs[mustAbs(p)] = err
			add(p)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
}

func mustAbs(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}

// Supported reports whether a directory walk picks up path.
func Supported(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml", ".txt":
		return true
	}
	return false
}

// Next returns the next file.
func (s *Source) Next(ctx context.Context) (ingest.Page, ingest.AckFunc, error) {
	if err := ctx.Err(); err != nil {
		return ingest.Page{}, nil, err
	}
	if !s.walked {
		s.walk()
	}
	if s.next >= len(s.files) {
		return ingest.Page{}, nil, ingest.ErrEndOfInput
	}
	path := s.files[s.next]
	s.next++
	p := ingest.Page{
		URL:       "file://" + filepath.ToSlash(path),
		Text:      strings.EqualFold(filepath.Ext(path), ".txt"),
		FetchedAt: time.Now(),
	}
	if err := s.errs[path]; err != nil {
		p.Err, p.Stage = err, "read"
		return p, nil, nil
	}
	body, err := readFile(path)
	if err != nil {
		p.Err, p.Stage = err, "read"
		return p, nil, nil
	}
	p.Body = body
	return p, nil, nil
}

func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d MiB, over the %d MiB limit for one release", st.Size()>>20, MaxFileSize>>20)
	}
	return os.ReadFile(path)
}

// Close does nothing: files are read whole.
func (s *Source) Close(ctx context.Context) error { return nil }

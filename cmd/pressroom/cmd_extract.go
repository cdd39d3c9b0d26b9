package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
)

func runExtract(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "extract", "FILE|-...",
		`Prints the release extracted from each file: HTML in whatever charset it
declares (UTF-8, Shift_JIS, EUC-JP, or undeclared), or plain text (.txt).
"-" reads standard input. Nothing is indexed.`)
	asJSON := fs.Bool("json", false, "print one JSON object per line, in the schema of release.schema.json")
	asText := fs.Bool("text", false, "read standard input as plain text rather than HTML")
	url := fs.String("url", "", "URL to record for standard input (default stdin://)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return usageErrorf("no files given")
	}
	x, err := newExtractor()
	if err != nil {
		return err
	}
	failed := 0
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		in := extract.Input{Text: strings.EqualFold(filepath.Ext(f), ".txt")}
		if f == "-" {
			in.Body, err = io.ReadAll(env.Stdin)
			in.URL, in.Text = "stdin://", *asText
			if *url != "" {
				in.URL = *url
			}
		} else {
			in.Body, err = os.ReadFile(f)
			abs, _ := filepath.Abs(f)
			in.URL = "file://" + filepath.ToSlash(abs)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "pressroom extract: %s: %v\n", f, err)
			failed++
			continue
		}
		res, err := x.Extract(in)
		if err != nil {
			fmt.Fprintf(env.Stderr, "pressroom extract: %s: %v\n", f, err)
			failed++
			continue
		}
		if *asJSON {
			if err := enc.Encode(res.Release); err != nil {
				return err
			}
			continue
		}
		printRelease(env.Stdout, res.Release, res.Charset)
	}
	if failed > 0 {
		code := exitPartial
		if failed == len(files) {
			code = exitFailure
		}
		return withCode(code, fmt.Errorf("%d of %d files could not be extracted", failed, len(files)))
	}
	return nil
}

// printRelease writes a release for people to read.
func printRelease(w io.Writer, r *extract.Release, charset string) {
	name := func(key string) string {
		if o, ok := r.Org(key); ok {
			return o.Name
		}
		return key
	}
	fmt.Fprintf(w, "%s\n", r.Title)
	if r.Subtitle != "" {
		fmt.Fprintf(w, "  〜%s〜\n", r.Subtitle)
	}
	fmt.Fprintf(w, "  url:        %s\n", r.URL)
	if charset != "" {
		fmt.Fprintf(w, "  charset:    %s\n", charset)
	}
	if r.Published != nil {
		fmt.Fprintf(w, "  published:  %s\n", *r.Published)
	}
	pubs := make([]string, 0, len(r.Publishers))
	for _, p := range r.Publishers {
		pubs = append(pubs, name(p))
	}
	fmt.Fprintf(w, "  publishers: %s\n", strings.Join(pubs, " / "))
	if len(r.Categories) > 0 {
		fmt.Fprintf(w, "  categories: %s\n", strings.Join(r.Categories, ", "))
	}
	for _, a := range r.Agreements {
		signed := "date not given"
		if a.Signed != nil {
			signed = *a.Signed
		}
		from := ""
		if a.From == extract.FromTable {
			from = " (earlier)"
		}
		fmt.Fprintf(w, "  agreement:  %s with %s, %s%s\n", a.Label, name(a.Partner), signed, from)
		for _, it := range a.Items {
			fmt.Fprintf(w, "              ・%s\n", it)
		}
	}
	for _, p := range r.People {
		org := ""
		if p.Organization != "" {
			org = name(p.Organization) + " "
		}
		fmt.Fprintf(w, "  person:     %s%s %s\n", org, p.Title, p.Name)
	}
	for _, o := range r.Organizations {
		extra := ""
		if len(o.Aliases) > 0 {
			extra = " (" + strings.Join(o.Aliases, ", ") + ")"
		}
		fmt.Fprintf(w, "  org:        %s%s [%s]\n", o.Name, extra, o.Kind)
	}
	fmt.Fprintf(w, "  body:       %d characters\n\n", len([]rune(r.Body)))
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

func runSearch(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "search", "QUERY...",
		`Searches the index. Every word must match; "quoted words" match as a phrase.
A word inside a longer compound is found (川崎 finds 川崎市), and particles
such as は or の are ignored.`)
	store := addStoreFlags(fs, env)
	limit := fs.Int("limit", 10, "number of results (at most 100)")
	page := fs.Int("page", 1, "result page")
	asJSON := fs.Bool("json", false, "print the hits as JSON: releases plus score and highlights")
	sortBy := fs.String("sort", "", "relevance (default with words), newest (default without), or oldest")
	from := fs.String("from", "", "published on or after `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	to := fs.String("to", "", "published on or before `DATE`")
	facets := fs.Bool("facets", false, "also count results by publisher, partner, kind, category and year")
	var publishers, partners, kinds, categories multiFlag
	fs.Var(&publishers, "publisher", "only releases issued by this `organization` (repeatable)")
	fs.Var(&partners, "partner", "only releases with an agreement with this `organization` (repeatable)")
	fs.Var(&kinds, "kind", "only releases with an agreement of this `kind`: mou, business_alliance, comprehensive_partnership, capital_alliance, joint_research, license, other")
	fs.Var(&categories, "category", "only releases in this `category` (repeatable)")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	s, err := index.ParseSort(*sortBy)
	if err != nil {
		return withCode(exitUsage, err)
	}
	if *sortBy == "" {
		s = 0
	}
	if *page < 1 {
		return usageErrorf("--page must be 1 or more")
	}
	q := index.Query{
		Text: strings.Join(words, " "), Publishers: publishers, Partners: partners, Kinds: kinds, Categories: categories,
		From: *from, To: *to, Sort: s, Size: *limit, Offset: (*page - 1) * *limit, Facets: *facets,
	}
	an, err := newAnalyzer()
	if err != nil {
		return err
	}
	idx, err := openIndex(ctx, store, an, true)
	if err != nil {
		return err
	}
	defer idx.Close(context.WithoutCancel(ctx))
	res, err := idx.Search(ctx, q)
	if errors.Is(err, index.ErrBadQuery) {
		return withCode(exitUsage, err)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printResults(env.Stdout, res, q, isTerminal(env.Stdout) && env.getenv("NO_COLOR") == "")
	return nil
}

func printResults(w io.Writer, res *index.Results, q index.Query, color bool) {
	if q.Text != "" && len(res.Terms) == 0 {
		fmt.Fprintf(w, "%q has no searchable words (only particles or symbols); try a noun such as 川崎市 or 覚書\n", q.Text)
		return
	}
	if res.Total == 0 {
		fmt.Fprintln(w, "no releases found")
		return
	}
	size := q.Size
	if size <= 0 {
		size = index.DefaultSize
	}
	first := q.Offset + 1
	fmt.Fprintf(w, "%d releases found; showing %d–%d\n\n", res.Total, first, q.Offset+len(res.Hits))
	for i, h := range res.Hits {
		r := h.Release
		title := r.Title
		if t := h.Highlights[index.FieldTitle]; len(t) > 0 {
			title = marked(t[0], color)
		}
		fmt.Fprintf(w, "%d. %s\n", first+i, title)
		var meta []string
		if r.Published != nil {
			meta = append(meta, *r.Published)
		}
		if len(r.Publishers) > 0 {
			meta = append(meta, orgNames(r, r.Publishers))
		}
		if ps := r.Partners(); len(ps) > 0 {
			meta = append(meta, "partners: "+orgNames(r, ps))
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		for _, frag := range h.Highlights[index.FieldBody] {
			fmt.Fprintf(w, "   %s\n", marked(frag, color))
		}
		fmt.Fprintf(w, "   %s\n\n", r.URL)
	}
	for _, f := range index.Facets() {
		vals := res.Facets[f.Name]
		if len(vals) == 0 {
			continue
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
		}
		fmt.Fprintf(w, "%-10s %s\n", f.Name+":", strings.Join(parts, ", "))
	}
	if res.Next != "" {
		fmt.Fprintf(w, "more: --page %d\n", q.Offset/size+2)
	}
}

// marked turns a highlight's <mark> into «» (or reverse video on a
// terminal) and unescapes the rest.
func marked(frag string, color bool) string {
	open, closing := "«", "»"
	if color {
		open, closing = "\x1b[1;7m", "\x1b[0m"
	}
	frag = strings.ReplaceAll(frag, "<mark>", "\x00")
	frag = strings.ReplaceAll(frag, "</mark>", "\x01")
	frag = html.UnescapeString(frag)
	frag = strings.ReplaceAll(frag, "\x00", open)
	return strings.ReplaceAll(frag, "\x01", closing)
}

func orgNames(r *extract.Release, keys []string) string {
	names := make([]string, 0, len(keys))
	for _, k := range keys {
		if o, ok := r.Org(k); ok {
			names = append(names, o.Name)
		} else {
			names = append(names, k)
		}
	}
	return strings.Join(names, ", ")
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pressroom-ja/pressroom/extract/eval"
)

func runEval(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "eval", "DIR",
		`Extracts DIR/*.html and compares each with the hand-written DIR/*.gold.json
beside it: precision, recall and F1 per field (published, publishers, partners,
signed dates, items, people) and overall.`)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	verbose := fs.Bool("v", false, "list every miss (-) and extra (+) per file")
	dirs, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		fs.Usage()
		return usageErrorf("give one directory, e.g. fixtures/releases")
	}
	x, err := newExtractor()
	if err != nil {
		return err
	}
	rep, err := eval.Dir(x, dirs[0])
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(env.Stdout, rep, *verbose)
	return nil
}

func printReport(w io.Writer, rep eval.Report, verbose bool) {
	fmt.Fprintf(w, "%d releases\n\n%-11s %9s %9s %9s %6s %6s %6s\n", len(rep.Files), "field", "precision", "recall", "F1", "tp", "fp", "fn")
	line := func(name string, s eval.Score) {
		fmt.Fprintf(w, "%-11s %9.3f %9.3f %9.3f %6d %6d %6d\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
	}
	for _, f := range eval.CoreFields {
		line(f, rep.Fields[f])
	}
	line("overall", rep.Overall)
	fmt.Fprintln(w)
	for _, f := range eval.ExtraFields {
		line(f, rep.Fields[f])
	}
	for _, f := range rep.Files {
		if f.Error != "" {
			fmt.Fprintf(w, "\n%s: extraction failed: %s\n", f.File, f.Error)
		}
		if verbose && len(f.Misses) > 0 {
			fmt.Fprintf(w, "\n%s\n", f.File)
			for _, m := range f.Misses {
				fmt.Fprintf(w, "  %s\n", m)
			}
		}
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

func runRetry(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "retry", "[URL|PATH...]",
		`Re-queues failed releases (and pending ones, left by a run that stopped half
way) so that the next run reads them again, fetching them anew, even when
no list page, feed or sitemap links them any more. Without arguments every
failed and pending release is re-queued (of --source NAME only, when
given); with URLs (as pressroom status prints them) or file paths, those.
--now runs the ingest at once instead of waiting for the next scheduled
run: the configured sources (pressroom.yaml, or --config) with their queues,
and the re-queued files of ad-hoc `+"`pressroom ingest PATH`"+` runs.`)
	store := addStoreFlags(fs, env)
	var only multiFlag
	fs.Var(&only, "source", "re-queue only the releases of source `NAME` (repeatable)")
	now := fs.Bool("now", false, "run the ingest now rather than leaving the releases to the next run")
	configPath := fs.String("config", "", "with --now: the sources `file` (default "+defaultConfigFile+")")
	asJSON := fs.Bool("json", false, "with --now: print the run summary as one JSON object")
	urls, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(urls) > 0 && len(only) > 0 {
		return usageErrorf("give either URLs or --source, not both")
	}
	for i, u := range urls {
		if !strings.Contains(u, "://") {
			abs, err := filepath.Abs(u)
			if err != nil {
				return usageErrorf("%s: %v", u, err)
			}
			urls[i] = "file://" + filepath.ToSlash(abs)
		}
	}
	requeued, err := requeue(ctx, store, only, urls)
	var unknownErr error
	if errors.Is(err, state.ErrUnknownURL) {
		unknownErr, err = err, nil
	}
	if err != nil {
		return err
	}
	counts := map[string]int{}
	var files []string
	for _, r := range requeued {
		counts[sourceName(r.Source)]++
		if r.Source == "" && strings.HasPrefix(r.URL, "file://") {
			files = append(files, strings.TrimPrefix(r.URL, "file://"))
		}
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %d", n, counts[n]))
	}
	switch {
	case len(requeued) == 0:
		fmt.Fprintln(env.Stdout, "nothing to retry: no failed or pending releases")
	case *now:
		fmt.Fprintf(env.Stdout, "re-queued %d releases (%s); running them now\n", len(requeued), strings.Join(parts, ", "))
	default:
		fmt.Fprintf(env.Stdout, "re-queued %d releases (%s); the next run reads them again (or: pressroom retry --now)\n", len(requeued), strings.Join(parts, ", "))
	}
	if unknownErr != nil {
		return withCode(exitUsage, fmt.Errorf("%w (pressroom status lists the failed and pending releases)", unknownErr))
	}
	if !*now || len(requeued) == 0 {
		return nil
	}

	x, err := newExtractor()
	if err != nil {
		return err
	}
	log, err := (&logOptions{format: "text", level: "warn"}).logger(env.Stderr)
	if err != nil {
		return err
	}
	var jobs []*ingestJob
	if len(files) > 0 {
		jobs = append(jobs, &ingestJob{env: env, store: store, paths: files})
	}
	if len(files) < len(requeued) {
		j, err := newIngestJob(env, store, *configPath, only, nil)
		if err != nil {
			return err
		}
		jobs = append(jobs, j)
	}
	var firstErr error
	for _, j := range jobs {
		j.x, j.log, j.asJSON = x, log, *asJSON
		j.command = commandLine("retry", args)
		if _, err := j.once(ctx, nil); err != nil && (firstErr == nil || ExitCode(firstErr) == exitPartial) {
			firstErr = err
		}
	}
	return firstErr
}

// requeue flags the releases in the crawl state, holding the data
// directory's lock meanwhile.
func requeue(ctx context.Context, store *storeOptions, only, urls []string) ([]state.Record, error) {
	if store.elastic() && store.State != "local" {
		return nil, usageErrorf("pressroom retry works on the crawl state in the data directory; with the state in Elasticsearch, run `pressroom ingest --full` to read every listed release again (or pass --state local if the state is local)")
	}
	lock, err := lockData(ctx, store, "pressroom retry")
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	st, err := openStateForReading(ctx, store)
	if err != nil {
		return nil, err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if len(urls) > 0 {
		return st.Requeue(ctx, "", urls)
	}
	if len(only) == 0 {
		return st.Requeue(ctx, "*", nil)
	}
	var out []state.Record
	for _, s := range only {
		recs, err := st.Requeue(ctx, s, nil)
		if err != nil {
			return out, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

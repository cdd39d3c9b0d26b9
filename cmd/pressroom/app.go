package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"
)

// Exit statuses, documented in the README and in `pressroom help`.
const (
	exitOK      = 0 // everything done
	exitFailure = 1 // the command failed; nothing (more) was done
	exitUsage   = 2 // bad flags, arguments or configuration
	exitPartial = 3 // some releases failed; the rest were processed
	exitLocked  = 4 // another run holds the data directory

	exitUsageShown = -2 // usage already printed: exit 2 without repeating it
)

// exitError carries an exit status with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

func usageErrorf(format string, a ...any) error {
	return withCode(exitUsage, fmt.Errorf(format, a...))
}

// ExitCode maps Run's error to the process's exit status.
func ExitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailure
}

// Env is the process's surroundings, injected so tests can run commands in
// process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// isTerminal reports whether w is a terminal, for colour and progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env) error
}

func commands() []command {
	return []command{
		{"ingest", "extract releases from files or configured sources into the index (--every 30m: on a schedule)", runIngest},
		{"status", "show recent ingest runs, each source's last success, failed and pending releases", runStatus},
		{"retry", "re-queue failed releases for the next run (--now: run them at once)", runRetry},
		{"extract", "print the release extracted from HTML or text files", runExtract},
		{"search", "search the index", runSearch},
		{"serve", "serve the search page, the read-only JSON API and /metrics (--ingest-every 30m: ingest too)", runServe},
		{"reindex", "re-extract every archived page into a new index version and switch to it", runReindex},
		{"eval", "score extraction against gold annotations", runEval},
		{"index", "show the index: backend, releases, Elasticsearch alias, versions and mapping", runIndex},
	}
}

// Run runs one pressroom command line.
func Run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		usage(env.Stderr)
		return withCode(exitUsageShown, errors.New("no command"))
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			return Run(ctx, []string{args[1], "--help"}, env)
		}
		usage(env.Stdout)
		return nil
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "pressroom", version())
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], env)
		}
	}
	usage(env.Stderr)
	return withCode(exitUsageShown, fmt.Errorf("unknown command %q", name))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `pressroom turns Japanese press releases into a searchable record of who agreed what with whom, and when.

Usage: pressroom <command> [flags] [arguments]

Commands:`)
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return false })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Run "pressroom <command> --help" for a command's flags.

Environment:
  PRESSROOM_DATA   data directory (default ./data), as --data
  PRESSROOM_STATE  where the crawl state lives (auto, local, elasticsearch), as --state
  ELASTICSEARCH_URL  the index in Elasticsearch instead of the embedded one, as --index

Scheduling: run "pressroom ingest" from cron or a Kubernetes CronJob
(docs/cron.md), or "pressroom ingest --every 30m" until stopped, or
"pressroom serve --ingest-every 30m" to serve and ingest in one process.
Two runs never overlap: each holds the data directory's lock (and, with
the crawl state in Elasticsearch, a lease there) while it runs.
SIGINT or SIGTERM stops gracefully (pages already read are indexed and
recorded, the summary printed and recorded); a second signal aborts at once.

Exit status:
  0    success (and --every or serve stopped by a signal)
  1    failure; also a single run interrupted by a signal (what was read
       is indexed; run again to finish)
  2    bad usage: flags, arguments or configuration
  3    partial failure: some releases failed, the rest were indexed
       (pressroom status lists them, pressroom retry re-queues them)
  4    another run holds the data directory's lock (or the Elasticsearch
       lease, or serve holds the embedded index); the message names it
  130, 143  aborted by a second SIGINT or SIGTERM`)
}

// newFlagSet makes a command's flag set with a usage that names the
// command and its arguments.
func newFlagSet(env Env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: pressroom %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags wherever they stand among the arguments, so that
// `pressroom search 川崎市 --limit 5` works as users type it.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, withCode(exitUsageShown, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// logger builds the command's logger: text on stderr, warnings and up
// unless -v.
func logger(env Env, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}

func version() string {
	return "dev"
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}

package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"sync"
)

// logOptions are the --log-format and --log-level flags of the commands
// that run unattended (ingest, serve).
type logOptions struct {
	format, level string
	verbose       bool
}

func addLogFlags(fs *flag.FlagSet, defLevel string) *logOptions {
	o := &logOptions{}
	fs.StringVar(&o.format, "log-format", "text", "log `format` on stderr: text, or json (one JSON object a line: time, level, msg and fields)")
	fs.StringVar(&o.level, "log-level", defLevel, "least `level` logged: debug, info, warn or error")
	fs.BoolVar(&o.verbose, "v", false, "log debug lines too (as --log-level debug)")
	return o
}

// logger builds the command's logger on w.
func (o *logOptions) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	switch strings.ToLower(o.level) {
	case "debug":
		level = slog.LevelDebug
	case "info", "":
		level = slog.LevelInfo
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		return nil, usageErrorf("--log-level is debug, info, warn or error, not %q", o.level)
	}
	if o.verbose {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	switch o.format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageErrorf("--log-format is text or json, not %q", o.format)
}

// switchWriter sends log lines above the progress bars while they are
// drawn (over), straight to stderr (w) otherwise, or when the bars are
// done.
type switchWriter struct {
	mu   sync.Mutex
	w    io.Writer
	over io.Writer
}

func (s *switchWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.over != nil {
		if _, err := s.over.Write(p); err == nil {
			return len(p), nil
		}
	}
	return s.w.Write(p)
}

// above sends writes to over (nil: to w again).
func (s *switchWriter) above(over io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.over = over
}

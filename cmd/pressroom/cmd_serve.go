package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/pressroom-ja/pressroom/web"
)

func runServe(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "serve", "",
		`Serves the analyst's desk over the index: the search page at / and a
read-only JSON API (/api/search, /api/releases/ID, /api/partners,
/api/export, /healthz). Stops gracefully on Ctrl-C.`)
	store := addStoreFlags(fs, env)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free one)")
	logFormat := fs.String("log", "text", "request log format on stderr: text or json")
	verbose := fs.Bool("v", false, "log debug lines too")
	exportLimit := fs.Int("export-limit", web.DefaultExportLimit, "most releases one export writes")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return usageErrorf("serve takes no arguments (got %q)", rest[0])
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	var log *slog.Logger
	switch *logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	case "json":
		log = slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	default:
		return usageErrorf("--log must be text or json, not %q", *logFormat)
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
	h, err := web.New(idx, web.Config{Logger: log.WithGroup("http"), ExportLimit: *exportLimit})
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return withCode(exitFailure, fmt.Errorf("listen on %s: %w", *addr, err))
	}
	fmt.Fprintf(env.Stdout, "pressroom: serving %s on http://%s/ (Ctrl-C to stop)\n", store.Data, ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "data", store.Data)
	if err := web.Serve(ctx, ln, h, log); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

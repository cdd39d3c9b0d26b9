package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/index"
)

// Backend is what the desk needs from an index: searching and fetching one
// release. Both index backends satisfy it. Implementations must be safe for
// concurrent use; the handler never closes them.
type Backend interface {
	// Search runs q; query errors the user can fix wrap index.ErrBadQuery.
	Search(ctx context.Context, q index.Query) (*index.Results, error)
	// Get returns the release with id, or an error wrapping index.ErrNotFound.
	Get(ctx context.Context, id string) (*extract.Release, error)
}

// Config tunes a Server; zero values mean the defaults.
type Config struct {
	// Logger receives one line per request and the errors (default: discard).
	Logger *slog.Logger
	// ExportLimit bounds the releases one export writes (default 10,000).
	ExportLimit int
	// NetworkLimit bounds the releases the partner network reads, newest
	// first (default 2,000).
	NetworkLimit int
	// NetworkNodes bounds the organizations the network returns, the most
	// connected first (default 150).
	NetworkNodes int
	// Timeout bounds the work of one API request other than an export
	// (default 15s).
	Timeout time.Duration
}

// Defaults.
const (
	DefaultExportLimit  = 10000
	DefaultNetworkLimit = 2000
	DefaultNetworkNodes = 150
	DefaultTimeout      = 15 * time.Second
)

// Server is the desk's http.Handler. It is safe for concurrent use.
type Server struct {
	b       Backend
	cfg     Config
	log     *slog.Logger
	handler http.Handler
	assets  map[string]asset
}

var _ http.Handler = (*Server)(nil)

// New returns the handler of the API and the page over b.
func New(b Backend, cfg Config) (*Server, error) {
	if b == nil {
		return nil, errors.New("web: no backend")
	}
	if cfg.ExportLimit <= 0 {
		cfg.ExportLimit = DefaultExportLimit
	}
	if cfg.NetworkLimit <= 0 {
		cfg.NetworkLimit = DefaultNetworkLimit
	}
	if cfg.NetworkNodes <= 0 {
		cfg.NetworkNodes = DefaultNetworkNodes
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	assets, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{b: b, cfg: cfg, log: log, assets: assets}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.handleSearch)
	mux.HandleFunc("GET /api/releases/{id}", s.handleRelease)
	mux.HandleFunc("GET /api/partners", s.handlePartners)
	mux.HandleFunc("GET /api/export", s.handleExport)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "", fmt.Sprintf("no API endpoint %s (try /api/search, /api/releases/ID, /api/partners, /api/export)", r.URL.Path))
	})
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /assets/{file}", s.handleAsset)
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("GET /releases/{id}", s.handlePage)
	mux.HandleFunc("GET /network", s.handlePage)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/assets/icon.svg", http.StatusMovedPermanently)
	})
	s.handler = s.recoverer(s.logRequests(secure(readOnly(mux))))
	return s, nil
}

// ServeHTTP serves the API and the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// ContentSecurityPolicy is sent with every response: scripts and styles from
// the server's own files only (no inline script, no eval), no plugins, no
// framing, and Trusted Types so that no string can become markup through
// innerHTML.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
	"require-trusted-types-for 'script'; trusted-types 'none'"

// secure sets the security headers every response carries.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// readOnly answers every method but GET and HEAD with 405: nothing here
// changes the index.
func readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "", fmt.Sprintf("method %s not allowed: the API is read-only (use GET)", r.Method))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// logRequests logs one line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		uri := r.URL.RequestURI()
		if len(uri) > 300 {
			uri = uri[:300] + "…"
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("uri", uri), slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes), slog.Duration("dur", time.Since(start)), slog.String("remote", r.RemoteAddr))
	})
}

// recoverer turns a panic in a handler into a 500 and a log line instead of a
// dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "uri", r.URL.RequestURI(), "panic", v, "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, "", "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size of a response. Unwrap lets
// http.ResponseController reach Flush and SetWriteDeadline underneath.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Server timeouts: a slow client cannot hold a connection for long, and an
// export extends its own write deadline as it streams.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 2 * time.Minute
	ShutdownTimeout   = 10 * time.Second
)

// Serve serves h on ln until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets requests in flight finish (for at most
// ShutdownTimeout) and returns nil. It returns the error that stopped it
// otherwise.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// Package server is the Cookie Playground's HTTP backend: the tutorial's
// routes, the cookie API, httpbin-compatible routes and go-app's
// pre-rendered pages.
package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"
)

// Config holds what the server depends on.
type Config struct {
	// Web holds the static files, app.wasm among them: the copy embedded
	// in the binary, or a folder. Nil means the folder WebDir.
	Web fs.FS
	// WebDir is the folder of static files when Web is nil.
	WebDir string
	// Logger receives one line per request; nil means slog.Default().
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// TrustProxy takes each request's scheme and host from the
	// X-Forwarded-Proto and X-Forwarded-Host headers of a TLS-terminating
	// proxy in front; without it they are ignored.
	TrustProxy bool
	// Hosts are the host names the server answers for ("*.example.com"
	// for one label below example.com); others get 421. Nil means any.
	Hosts []string
	// OtherSite is the origin the lab uses as its second site; "" means
	// the loopback swap (localhost and 127.0.0.1, each the other's).
	OtherSite string
	// PlainHTTPPort is the port where the same hosts are answered over
	// plain http (the -http-redirect listener, which serves the lab's
	// probe there: NewRedirectHandler), for the Secure experiment of an
	// https lab page; "" means none.
	PlainHTTPPort string
	// Peers are the base URLs of the other replicas, whose lab runs the
	// result route gathers: a run's requests may reach any replica.
	Peers []string
	// SessionKeys sign session cookies: the first signs, all verify. None
	// means a random key, and sessions that end with the process.
	SessionKeys [][]byte
}

type server struct {
	cfg      Config
	logger   *slog.Logger
	now      func() time.Time
	sessions *sessions
	static   *staticFiles
	pages    http.Handler
	// pageCache holds pages rendered once: string -> *renderedPage.
	pageCache sync.Map
	goApp     map[string]*asset // go-app's generated files, compressed
	lab       *labRuns          // the flags lab's cross-site runs
}

// NewServer returns the playground's handler.
func NewServer(cfg Config) http.Handler {
	s := &server{cfg: cfg, logger: cfg.Logger, now: cfg.Now}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	keys := cfg.SessionKeys
	if len(keys) == 0 {
		s.logger.Warn("no session key configured (-secret-file or COOKIEPLAY_SECRET): using a random one; sessions will not survive a restart")
		keys = [][]byte{randomKey()}
	}
	s.sessions = newSessions(keys, s.logger)
	s.lab = newLabRuns(s.now, keys)
	web := cfg.Web
	if web == nil {
		web = os.DirFS(cfg.WebDir)
	}
	s.static = loadStaticFiles(web)
	s.pages = newPages(s.static)
	s.goApp = compressGoAppAssets(s.pages)
	s.goApp["/manifest.webmanifest"] = newMemoryAsset("application/manifest+json", webManifest(s.static))
	mux := http.NewServeMux()
	s.routes(mux)

	h := apiErrors(mux)
	for _, m := range s.middleware() {
		h = m.wrap(h)
	}
	return h
}

// layer is one middleware of the handler chain.
type layer struct {
	name string // for the benchmark that adds them one at a time
	wrap func(http.Handler) http.Handler
}

// middleware returns the layers every request passes through before the
// routes, innermost first: the request log sees every answer, security
// headers go on every answer, Host is checked before anything is built
// from it.
func (s *server) middleware() []layer {
	cop := http.NewCrossOriginProtection()
	labCrossOriginBypass(cop) // the lab's one deliberate cross-site form POST (lab.go)
	cop.SetDenyHandler(denyCrossOrigin())
	return []layer{
		{"CrossOriginProtection", cop.Handler},
		{"allowHosts", s.allowHosts},
		{"trustForwarded", s.trustForwarded},
		{"securityHeaders", securityHeaders},
		{"logRequests", s.logRequests},
	}
}

// contentSecurityPolicy lets the app run and nothing else: wasm needs
// 'wasm-unsafe-eval', and no page needs 'unsafe-eval' or inline scripts.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// securityHeaderValues are the headers every response carries, keys in
// canonical form. Each value slice is shared by every response: its
// capacity is its length, so a later Add copies rather than writes into it,
// and Set replaces it.
var securityHeaderValues = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", headerValue(contentSecurityPolicy)},
	{"X-Content-Type-Options", headerValue("nosniff")},
	{"Referrer-Policy", headerValue("same-origin")},
}

// headerValue is v as a header value that responses can share (see
// securityHeaderValues).
func headerValue(v string) []string { return []string{v}[:1:1] }

// securityHeaders sets the headers every response carries. It assigns
// the shared values rather than calling Set, which would canonicalise each
// key and allocate each value per request.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, sh := range securityHeaderValues {
			h[sh.key] = sh.value
		}
		next.ServeHTTP(w, r)
	})
}

// logRequests logs each request's method, path, status and duration at
// info level. When that level is off it adds nothing to a request. The
// record goes to the logger's handler directly: Logger.LogAttrs would also
// look up its caller, which no line of this log shows.
func (s *server) logRequests(next http.Handler) http.Handler {
	log := s.logger.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !log.Enabled(ctx, slog.LevelInfo) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		end := time.Now()
		rec := slog.NewRecord(end, slog.LevelInfo, "request", 0)
		rec.AddAttrs(
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Duration("duration", end.Sub(start)))
		_ = log.Handle(ctx, rec)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

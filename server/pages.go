package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/ui"
)

// serviceWorkerJS replaces go-app's cache-first worker, which would answer
// pages that depend on cookies from a stale cache (see the file).
//
//go:embed app-worker.js
var serviceWorkerJS string

// newPages returns go-app's handler, which pre-renders the UI's pages and
// serves go-app's own scripts, manifest and worker.
func newPages(version string) *app.Handler {
	ui.Register()
	return &app.Handler{
		Name:            "Cookie Playground",
		ShortName:       "Cookies",
		Title:           "Cookie Playground",
		Description:     "Watch how browser cookies really behave: what scripts see, what the server receives, and why they differ.",
		BackgroundColor: "#fdf6ec",
		ThemeColor:      "#7a4a1e",
		LoadingLabel:    "Loading the playground… {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable-512.png",
		},
		Styles:                []string{"/web/app.css"},
		Resources:             webResolver{},
		Version:               version,
		ServiceWorkerTemplate: serviceWorkerJS,
	}
}

// webResolver leaves /web/ paths as they are: the server serves /web/
// itself (see handleStatic), so go-app must not.
type webResolver struct{}

func (webResolver) Resolve(location string) string {
	if location == "" {
		return "/"
	}
	return location
}

// wasmVersion returns the app version: a hash of app.wasm, so that an
// unchanged build never makes installed apps update.
func wasmVersion(webDir string) string {
	f, err := os.Open(filepath.Join(webDir, "app.wasm"))
	if err != nil {
		slog.Warn("app.wasm not found: pages will not start; run ./build.sh", "err", err)
		return "no-wasm"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		slog.Warn("reading app.wasm failed", "err", err)
		return "no-wasm"
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// handlePage handles the routes of pages pre-rendered by go-app that do not
// depend on who is logged in.
func (s *server) handlePage() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.servePage(w, r, nil)
	}
}

// handleHome handles the "GET /" route: the greeting, rendered on the
// server so it shows before the wasm starts, or a redirect to /login.
func (s *server) handleHome() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, ok := loggedInUser(r)
		if !ok {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		s.servePage(w, r, url.Values{ui.PrerenderUserParam: {name}})
	}
}

// servePage has go-app pre-render the page of r.URL.Path. go-app renders
// from the URL alone, so what the page needs from the request travels in
// query parameters the server sets (the client's own are dropped). Pages
// depend on cookies: go-app's version ETag must not let a browser reuse one.
func (s *server) servePage(w http.ResponseWriter, r *http.Request, prerender url.Values) {
	r2 := r.Clone(r.Context())
	r2.Header.Del("If-None-Match")
	q := r2.URL.Query()
	q.Del(ui.PrerenderUserParam)
	for k, v := range prerender {
		q[k] = v
	}
	r2.URL.RawQuery = q.Encode()
	s.pages.ServeHTTP(&pageWriter{ResponseWriter: w}, r2)
}

// pageWriter overrides go-app's caching headers for pages.
type pageWriter struct {
	http.ResponseWriter
	wroteHeader bool
}

func (w *pageWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		h := w.Header()
		h.Del("ETag")
		h.Set("Cache-Control", "no-store")
		if h.Get("Content-Type") == "text/html" {
			h.Set("Content-Type", "text/html; charset=utf-8")
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *pageWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// handleStatic handles the "GET /web/" route: the files of the web folder.
func (s *server) handleStatic() http.Handler {
	return http.StripPrefix("/web/", http.FileServer(http.Dir(s.cfg.WebDir)))
}

// handleRobots handles the "GET /robots.txt" route, which go-app would
// otherwise fetch from itself over the network.
func (s *server) handleRobots() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeText(w, http.StatusOK, "User-agent: *\nAllow: /\n")
	}
}

package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/ui"
)

// serviceWorkerJS replaces go-app's cache-first worker, which would answer
// pages that depend on cookies from a stale cache (see the file).
//
//go:embed app-worker.js
var serviceWorkerJS string

// The app's identity, shared by go-app's handler and the manifest.
const (
	appName        = ui.AppName
	appShortName   = "Cookies"
	appDescription = "Watch how browser cookies really behave: what scripts see, what the server receives, and why they differ."
	appBackground  = "#fdf6ec"
	appTheme       = "#7a4a1e"
)

// newPages returns go-app's handler, which pre-renders the UI's pages and
// generates go-app's own scripts, manifest and worker. The app's version is
// the content hash of the web folder, so an unchanged build never makes an
// installed app update, and every /web/ URL it writes is versioned.
func newPages(static *staticFiles) *app.Handler {
	ui.Register()
	v := static.versioned
	return &app.Handler{
		Name:            appName,
		ShortName:       appShortName,
		Title:           appName,
		Description:     appDescription,
		BackgroundColor: appBackground,
		ThemeColor:      appTheme,
		LoadingLabel:    "Loading the playground… {progress}%",
		Icon: app.Icon{
			Default:  v("/web/icon-192.png"),
			Large:    v("/web/icon-512.png"),
			SVG:      v("/web/icon.svg"),
			Maskable: v("/web/icon-maskable-512.png"),
		},
		Styles:                []string{v("/web/app.css")},
		Scripts:               []string{v("/web/boot.js") + " defer"},
		RawHeaders:            []string{wasmPreload(v("/web/app.wasm"))},
		CacheableResources:    []string{v("/web/icon.svg")}, // the header's logo
		Resources:             webResolver{static},
		Version:               static.version,
		WasmContentLength:     strconv.FormatInt(static.wasmSize(), 10),
		ServiceWorkerTemplate: serviceWorkerJS,
	}
}

// GoAppHandler returns go-app's own handler configured as NewServer
// configures it, alone: it renders a page on every request, where NewServer
// renders each page once and keeps it. It is the reference point of
// server/cmd/bench's page rows. It renders from the URL alone, so to render
// the page NewServer answers with, give it the query NewServer gives it
// (the ui.Prerender* parameters).
func GoAppHandler(cfg Config) http.Handler {
	web := cfg.Web
	if web == nil {
		web = os.DirFS(cfg.WebDir)
	}
	return newPages(loadStaticFiles(web))
}

// wasmPreload is the link that starts the wasm's download while the page
// is parsed, rather than once app.js runs. app.js fetches it with fetch()'s
// defaults (CORS mode, same-origin credentials), which "crossorigin"
// matches, so the browser hands the preloaded response to that fetch.
func wasmPreload(href string) string {
	return `<link rel="preload" href="` + html.EscapeString(href) + `" as="fetch" crossorigin="anonymous">`
}

// webResolver versions /web/ paths, which the server serves itself (see
// handleStatic). It is no http.Handler, so go-app serves none of them.
type webResolver struct{ static *staticFiles }

func (r webResolver) Resolve(location string) string {
	switch {
	case location == "":
		return "/"
	case strings.HasPrefix(location, "/web/") && !strings.Contains(location, "?"):
		return r.static.versioned(location)
	}
	return location
}

// handlePage handles the routes of pages pre-rendered by go-app that do not
// depend on who is logged in.
func (s *server) handlePage() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.servePage(w, r, nil)
	}
}

// handleUserPage handles the routes of pages that say who is logged in
// ("GET /login", "GET /logout"), pre-rendered with that user so nothing
// changes when the wasm starts.
func (s *server) handleUserPage() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if u, ok := s.currentUser(w, r); ok {
			s.servePage(w, r, &u)
			return
		}
		s.servePage(w, r, nil)
	}
}

// handleNotFound answers every path no route claims: the UI's not-found
// page, with navigation, and status 404. It is rendered per request and
// never cached, so unknown paths cannot fill the page cache.
func (s *server) handleNotFound() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page := s.renderPage(r, url.Values{})
		if strings.HasPrefix(page.contentType[0], "text/html") {
			page.status = http.StatusNotFound
		}
		writePage(w, r, page, nil)
	}
}

// handleHome handles the "GET /" route: the greeting, rendered on the
// server so it shows before the wasm starts, or a redirect to /login.
func (s *server) handleHome() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.currentUser(w, r)
		if !ok {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		s.servePage(w, r, &u)
	}
}

// userPlaceholder stands for the username in a page pre-rendered once for
// everyone; each answer puts the escaped name in its place.
const userPlaceholder = "cookieplayuser0placeholder"

// renderedPage is a page as go-app pre-rendered it, with what answering
// with it needs built once: it may be sent many times.
type renderedPage struct {
	status        int
	contentType   []string // header values (see headerValue)
	contentLength []string // of body
	body          []byte
	// parts is body split where userPlaceholder stands: a user's page is
	// the parts with the escaped username between each two.
	parts [][]byte
	// compressed holds a page the same for everyone (no username in it)
	// in every encoding: compressed, a page fits the first round trip of
	// a new connection (TCP's initial window is about 14 KB).
	compressed *asset
}

func newRenderedPage(status int, contentType string, body []byte) *renderedPage {
	return &renderedPage{
		status:        status,
		contentType:   headerValue(contentType),
		contentLength: headerValue(strconv.Itoa(len(body))),
		body:          body,
		parts:         bytes.Split(body, []byte(userPlaceholder)),
	}
}

// servePage answers with the page of r.URL.Path, pre-rendered by go-app.
// go-app renders from the URL alone, so what a page needs from the request
// travels in query parameters the server sets (the client's own are
// dropped). Rendering costs about half a millisecond, so a page whose URL
// carries nothing else is rendered once per login mode and kept; the
// username, the only per-user part, is put in per request. Pages depend on
// cookies, so no browser may keep them.
func (s *server) servePage(w http.ResponseWriter, r *http.Request, u *user) {
	s.servePageWith(w, r, u, nil)
}

// servePageWith is servePage with more query parameters for the
// pre-rendering (ui.Prerender* names), set by the server alone.
func (s *server) servePageWith(w http.ResponseWriter, r *http.Request, u *user, extra url.Values) {
	var q url.Values
	if r.URL.RawQuery != "" {
		q = r.URL.Query()
		for k := range q {
			if strings.HasPrefix(k, ui.PrerenderPrefix) {
				q.Del(k)
			}
		}
	}
	cacheable := len(q) == 0 && len(extra) == 0
	var key string
	if cacheable {
		key = r.URL.Path + "?" + userQuery(u)
		if v, ok := s.pageCache.Load(key); ok {
			writePage(w, r, v.(*renderedPage), u)
			return
		}
	}
	if q == nil {
		q = url.Values{}
	}
	for k, vs := range extra {
		q[k] = vs
	}
	if u != nil {
		q.Set(ui.PrerenderUserParam, userPlaceholder)
		q.Set(ui.PrerenderModeParam, u.mode)
	}
	page := s.renderPage(r, q)
	if cacheable && page.status == http.StatusOK {
		if u == nil {
			page.compressed = newMemoryAsset(page.contentType[0], page.body)
		}
		s.pageCache.Store(key, page)
	}
	writePage(w, r, page, u)
}

// userQuery returns the encoded query that hands u (nil for nobody) to the
// pre-rendering, as the page cache's keys hold it.
func userQuery(u *user) string {
	if u == nil {
		return ""
	}
	if q, ok := userQueries[u.mode]; ok {
		return q
	}
	return prerenderUserQuery(u.mode)
}

// userQueries are userQuery's answers for each login mode, encoded once.
var userQueries = map[string]string{
	api.ModeSecure:   prerenderUserQuery(api.ModeSecure),
	api.ModeTutorial: prerenderUserQuery(api.ModeTutorial),
}

func prerenderUserQuery(mode string) string {
	return url.Values{ui.PrerenderUserParam: {userPlaceholder}, ui.PrerenderModeParam: {mode}}.Encode()
}

// writePage writes a pre-rendered page: one the same for everyone in the
// best encoding r accepts (writeCompressedPage), any other with u's escaped
// name in place of the placeholder (none for nil). Pages depend on cookies,
// so no browser may keep them.
func writePage(w http.ResponseWriter, r *http.Request, page *renderedPage, u *user) {
	if page.compressed != nil {
		writeCompressedPage(w, r, page)
		return
	}
	h := w.Header()
	h["Content-Type"] = page.contentType
	h["Cache-Control"] = noStore
	if u == nil || len(page.parts) == 1 {
		h["Content-Length"] = page.contentLength
		w.WriteHeader(page.status)
		_, _ = w.Write(page.body)
		return
	}
	name := html.EscapeString(u.name)
	n := len(page.body) + (len(page.parts)-1)*(len(name)-len(userPlaceholder))
	h["Content-Length"] = []string{strconv.Itoa(n)}
	w.WriteHeader(page.status)
	for i, part := range page.parts {
		if i > 0 {
			_, _ = io.WriteString(w, name)
		}
		_, _ = w.Write(part)
	}
}

// writeCompressedPage writes a page the same for everyone in the best
// encoding r accepts; like every page, without ETag, never to be kept.
func writeCompressedPage(w http.ResponseWriter, r *http.Request, page *renderedPage) {
	e := page.compressed.pick(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h["Content-Type"] = page.contentType
	h["Cache-Control"] = noStore
	h.Set("Vary", "Accept-Encoding")
	if e.encoding != "" {
		h.Set("Content-Encoding", e.encoding)
	}
	h.Set("Content-Length", strconv.FormatInt(e.size, 10))
	w.WriteHeader(page.status)
	_, _ = w.Write(e.body)
}

// renderPage has go-app pre-render the page of r's path with query q.
func (s *server) renderPage(r *http.Request, q url.Values) *renderedPage {
	r2 := r.Clone(r.Context())
	r2.Header.Del("If-None-Match") // go-app's ETag is per version, not per page
	r2.URL.RawQuery = q.Encode()
	rec := httptest.NewRecorder()
	s.pages.ServeHTTP(rec, r2)
	ct := rec.Header().Get("Content-Type")
	body := rec.Body.Bytes()
	if ct == "text/html" {
		ct = "text/html; charset=utf-8"
		body = falseBooleanAttr.ReplaceAll(body, nil)
	}
	return newRenderedPage(rec.Code, ct, body)
}

// falseBooleanAttr matches a boolean attribute go-app v10.1.11 pre-renders
// as name="false" (Checked(false), Disabled(false)…). HTML reads any value
// of a boolean attribute as true, so without JavaScript an unchecked radio
// would be checked and an enabled button disabled; such attributes go. In
// the wasm go-app sets the properties, which is right. Attribute values
// are quoted with '"' only here: text is escaped to &#34;.
var falseBooleanAttr = regexp.MustCompile(` (?:async|autofocus|autoplay|checked|default|defer|disabled|hidden|inert|ismap|loop|multiple|muted|novalidate|open|readonly|required|reversed|selected)="false"`)

// handleRobots handles the "GET /robots.txt" route, which go-app would
// otherwise fetch from itself over the network.
func (s *server) handleRobots() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeText(w, http.StatusOK, "User-agent: *\nAllow: /\n")
	}
}

// webManifest returns the web app manifest. go-app's own lacks an id,
// icon purposes and screenshots, which Chromium's richer install UI uses.
func webManifest(static *staticFiles) []byte {
	type image struct {
		Src        string `json:"src"`
		Sizes      string `json:"sizes"`
		Type       string `json:"type"`
		Purpose    string `json:"purpose,omitempty"`
		FormFactor string `json:"form_factor,omitempty"`
		Label      string `json:"label,omitempty"`
	}
	v := static.versioned
	m := struct {
		ID              string  `json:"id"`
		Name            string  `json:"name"`
		ShortName       string  `json:"short_name"`
		Description     string  `json:"description"`
		StartURL        string  `json:"start_url"`
		Scope           string  `json:"scope"`
		Display         string  `json:"display"`
		BackgroundColor string  `json:"background_color"`
		ThemeColor      string  `json:"theme_color"`
		Icons           []image `json:"icons"`
		Screenshots     []image `json:"screenshots"`
	}{
		ID: "/", Name: appName, ShortName: appShortName, Description: appDescription,
		StartURL: "/", Scope: "/", Display: "standalone",
		BackgroundColor: appBackground, ThemeColor: appTheme,
		Icons: []image{
			{Src: v("/web/icon-192.png"), Sizes: "192x192", Type: "image/png", Purpose: "any"},
			{Src: v("/web/icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "any"},
			{Src: v("/web/icon-maskable-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
			{Src: v("/web/icon.svg"), Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
		},
		Screenshots: []image{
			{Src: v("/web/screenshots/wide.png"), Sizes: "1280x800", Type: "image/png", FormFactor: "wide", Label: "The cookie jar: what scripts see and what the server received, side by side"},
			{Src: v("/web/screenshots/narrow.png"), Sizes: "540x1200", Type: "image/png", FormFactor: "narrow", Label: "The cookie jar on a phone"},
		},
	}
	b, _ := json.Marshal(m)
	return b
}

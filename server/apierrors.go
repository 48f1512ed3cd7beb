package server

import (
	"net/http"
	"path"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Every answer under /api/ is JSON, errors included: the mux's own 404 and
// 405 are plain text, and a GET it cannot route falls through to go-app's
// 404 page, so /api/ requests without a route are answered here.

// probedMethods are the methods a 405's Allow header may list.
var probedMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// apiErrors answers a JSON 404 or 405 for an /api/ request that mux has no
// API route for, and passes every other request to mux.
func apiErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			mux.ServeHTTP(w, r)
			return
		}
		// The mux would redirect a path with "//", "." or ".." with an
		// HTML body; no client of the API writes one.
		if clean := path.Clean(r.URL.Path); clean != r.URL.Path && clean+"/" != r.URL.Path {
			writeError(w, r, http.StatusNotFound, api.BadField("path", api.RuleFound, "not a canonical path: no \"//\", \".\" or \"..\" segments"))
			return
		}
		if h, pattern := mux.Handler(r); isAPIPattern(pattern) {
			if strings.Contains(pattern, "{") {
				mux.ServeHTTP(w, r) // which fills in the path's wildcards
				return
			}
			// What mux.ServeHTTP would do, without finding the route a
			// second time.
			r.Pattern = pattern
			h.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range probedMethods {
			probe := *r
			probe.Method = m
			if hasAPIRoute(mux, &probe) {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			writeError(w, r, http.StatusNotFound, api.BadField("path", api.RuleFound, "no API route has this path"))
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, r, http.StatusMethodNotAllowed, api.BadField("method", api.RuleMethod, "this path takes %s", strings.Join(allow, ", ")))
	})
}

// hasAPIRoute reports whether one of mux's /api/ patterns routes r.
func hasAPIRoute(mux *http.ServeMux, r *http.Request) bool {
	_, pattern := mux.Handler(r)
	return isAPIPattern(pattern)
}

// isAPIPattern reports whether a mux pattern ("GET /api/me") is one of
// the API's.
func isAPIPattern(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	return strings.HasPrefix(path, "/api/")
}

// denyCrossOrigin answers a request http.CrossOriginProtection refuses, as
// JSON like every error of the API.
func denyCrossOrigin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusForbidden, api.BadField("origin", api.RuleSameOrigin,
			"a cross-origin %s is refused: only this site's own pages change state here (CSRF protection)", r.Method))
	})
}

package server

import (
	"maps"
	"net/http"
	"slices"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// httpbinCookies is the body of httpbin's GET /cookies.
type httpbinCookies struct {
	Cookies map[string]string `json:"cookies"`
}

// handleHTTPBinCookies handles the "GET /cookies" route as httpbin does:
// {"cookies": {"name": "value"}}; of two cookies with one name, the first
// sent (the most specific path) wins, as most server frameworks pick it.
func (s *server) handleHTTPBinCookies() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp := httpbinCookies{Cookies: map[string]string{}}
		for _, p := range requestPairs(r) {
			if _, seen := resp.Cookies[p.Name]; !seen {
				resp.Cookies[p.Name] = p.Value
			}
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// handleHTTPBinSet handles the "GET /cookies/set?name=value&..." route as
// httpbin does: it sets each cookie at Path=/ and redirects to /cookies.
// Every cookie is validated first, so either all are set or none is.
func (s *server) handleHTTPBinSet() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, now := requestURL(r), s.now()
		q := r.URL.Query()
		var lines []cookierules.Line
		for _, name := range slices.Sorted(maps.Keys(q)) {
			line, err := buildSetCookie(api.SetCookieRequest{Name: name, Value: q.Get(name)}, u, now)
			if err != nil {
				writeError(w, r, http.StatusBadRequest, err)
				return
			}
			lines = append(lines, line)
		}
		for _, line := range lines {
			addSetCookie(w, line)
		}
		http.Redirect(w, r, "/cookies", http.StatusFound)
	}
}

// handleHTTPBinDelete handles the "GET /cookies/delete?name&..." route as
// httpbin does: it expires each named cookie at Path=/ and redirects to
// /cookies.
func (s *server) handleHTTPBinDelete() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, now := requestURL(r), s.now()
		var lines []cookierules.Line
		for _, name := range slices.Sorted(maps.Keys(r.URL.Query())) {
			line, err := buildDeleteCookie(name, "", "", u, now)
			if err != nil {
				writeError(w, r, http.StatusBadRequest, err)
				return
			}
			lines = append(lines, line)
		}
		for _, line := range lines {
			addSetCookie(w, line)
		}
		http.Redirect(w, r, "/cookies", http.StatusFound)
	}
}

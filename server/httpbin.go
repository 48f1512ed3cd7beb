package server

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

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
func (s *server) handleHTTPBinSet() http.HandlerFunc {
	return s.httpbinEach(func(name, value string, u *url.URL, now time.Time) (cookierules.Line, error) {
		return buildSetCookie(api.SetCookieRequest{Name: name, Value: value}, u, now)
	})
}

// handleHTTPBinDelete handles the "GET /cookies/delete?name&..." route as
// httpbin does: it expires each named cookie at Path=/ and redirects to
// /cookies.
func (s *server) handleHTTPBinDelete() http.HandlerFunc {
	return s.httpbinEach(func(name, _ string, u *url.URL, now time.Time) (cookierules.Line, error) {
		return buildDeleteCookie(name, "", "", u, now)
	})
}

// httpbinEach answers httpbin's set and delete routes: one line per query
// parameter, built by line, then a redirect to /cookies. Every line is
// built first, so either all are sent or none is. A GET that any site can
// make must not log anyone in or out, so the login cookies are refused:
// only POST /login and POST /logout touch them.
func (s *server) httpbinEach(line func(name, value string, u *url.URL, now time.Time) (cookierules.Line, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, now := requestURL(r), s.now()
		q, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		var lines []cookierules.Line
		for _, name := range slices.Sorted(maps.Keys(q)) {
			if err := refuseLoginCookie(name); err != nil {
				writeError(w, r, http.StatusBadRequest, err)
				return
			}
			l, err := line(name, q[name], u, now)
			if err != nil {
				writeError(w, r, http.StatusBadRequest, err)
				return
			}
			lines = append(lines, l)
		}
		for _, l := range lines {
			addSetCookie(w, l)
		}
		http.Redirect(w, r, "/cookies", http.StatusFound)
	}
}

// refuseLoginCookie refuses a login cookie's name (in any case: a browser
// matches the __Host- prefix so) on the httpbin routes, which are GETs any
// site can make with a link: a planted session logs the visitor in as
// someone else, an expired one logs them out.
func refuseLoginCookie(name string) error {
	for _, login := range []string{loginCookie, sessionHostName, sessionPlainName} {
		if strings.EqualFold(name, login) {
			return api.BadField(paramField(name), api.RuleLoginOnly, "is a login cookie, which only POST /login and POST /logout change, so that no link from another site can log anyone in or out")
		}
	}
	return nil
}

package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labCORSCase is a case name of the cross-origin fetch experiment: it names
// the cookie the answer sets, so it stays a short token.
var labCORSCase = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// handleLabCORS handles the "GET /lab/cors" route, the cross-origin fetch
// experiment's target on the lab page's subdomain: it records the lab
// cookies the fetch carried under the run (?run=, ?case=), sets one cookie
// named after the case for the lab page's host (LabCORSCookie), and answers with the CORS headers asked for:
// ?allow=exact (the request's Origin, when of the same site and a host the
// server answers), star ("*") or none, and ?credentials=true for
// Access-Control-Allow-Credentials. Whether the page may read the answer is
// the browser's decision from those headers; that is the lesson.
func (s *server) handleLabCORS() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		run, c, allow := q.Get("run"), q.Get("case"), q.Get("allow")
		if !labCORSCase.MatchString(c) {
			writeError(w, r, http.StatusBadRequest, api.BadField("case", api.RuleToken, "must be 1 to 40 of a-z, 0-9 and -"))
			return
		}
		if allow != "exact" && allow != "star" && allow != "none" {
			writeError(w, r, http.StatusBadRequest, api.BadField("allow", api.RuleOneOf, "must be exact, star or none"))
			return
		}
		rec := api.LabRecord{
			Kind:         api.LabKindCORS,
			Case:         c,
			Method:       r.Method,
			Host:         r.Host,
			Cookie:       api.LabCookies(rawCookieHeader(r)),
			SecFetchSite: truncate(r.Header.Get("Sec-Fetch-Site"), 64),
			SecFetchMode: truncate(r.Header.Get("Sec-Fetch-Mode"), 64),
			SecFetchDest: truncate(r.Header.Get("Sec-Fetch-Dest"), 64),
		}
		if !s.lab.add(run, rec) {
			writeError(w, r, http.StatusNotFound, api.BadField("run", api.RuleFound, "unknown, expired or full"))
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := s.sameSiteOrigin(r)
		switch allow {
		case "star":
			h.Set("Access-Control-Allow-Origin", "*")
		case "exact":
			if origin != "" {
				h.Set("Access-Control-Allow-Origin", origin)
			}
		}
		if q.Get("credentials") == "true" {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		// Domain names the lab page's host, a parent of this one, so that
		// the page sees the cookie and cleans it up.
		line := cookierules.Line{Name: api.LabCORSCookie(c), Value: "1", Path: "/"}
		if origin != "" {
			u, _ := url.Parse(origin)
			line.Domain = u.Hostname()
		}
		addSetCookie(w, line)
		writeJSON(w, http.StatusOK, rec)
	}
}

// sameSiteOrigin returns the request's Origin when it is of the request's
// own site and a host the server answers, else "".
func (s *server) sameSiteOrigin(r *http.Request) string {
	o := r.Header.Get("Origin")
	u, err := url.Parse(o)
	if o == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || !s.hostAllowed(u.Host) ||
		registrableDomain(u.Hostname()) != registrableDomain(hostName(r.Host)) {
		return ""
	}
	return u.Scheme + "://" + strings.ToLower(u.Host)
}

package server

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Where a request comes from, as the browser saw it: the scheme and host
// decide secure contexts (Secure, __Host-session) and the lab's two sites.
// Behind a TLS-terminating proxy, and only with Config.TrustProxy, those are
// the proxy's X-Forwarded-Proto and X-Forwarded-Host.

type forwardedSchemeKey struct{}

// trustForwarded takes the scheme and host of each request from the proxy's
// X-Forwarded-Proto and X-Forwarded-Host headers, when it may (TrustProxy).
// Without the flag those headers are ignored: anyone could send them.
func (s *server) trustForwarded(next http.Handler) http.Handler {
	if !s.cfg.TrustProxy {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto := strings.ToLower(strings.TrimSpace(firstListValue(r.Header.Get("X-Forwarded-Proto"))))
		host := strings.TrimSpace(firstListValue(r.Header.Get("X-Forwarded-Host")))
		if proto != "http" && proto != "https" && host == "" {
			next.ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		if proto == "http" || proto == "https" {
			r2 = r2.WithContext(context.WithValue(r2.Context(), forwardedSchemeKey{}, proto))
		}
		if host != "" {
			r2.Host = host // checked by allowHosts like any Host header
		}
		next.ServeHTTP(w, r2)
	})
}

// firstListValue returns the first element of a comma-separated header: the
// one the proxy nearest the browser wrote, when proxies are chained.
func firstListValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return first
}

// requestScheme returns "https" when the browser reached us over TLS, here
// or at a trusted proxy, and "http" otherwise.
func requestScheme(r *http.Request) string {
	if p, ok := r.Context().Value(forwardedSchemeKey{}).(string); ok {
		return p
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// hostName returns the lower-case name of a Host header, without its port.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.Trim(host, "[]"))
}

// hostAllowed reports whether the server answers for the Host header host:
// its name is one of the configured ones, or, for an entry "*.example.com",
// one label below example.com (as a wildcard certificate covers). No list
// means any host.
func (s *server) hostAllowed(host string) bool {
	if s.cfg.Hosts == nil {
		return true
	}
	name := hostName(host)
	if name == "" {
		return false
	}
	for _, h := range s.cfg.Hosts {
		h = strings.ToLower(h)
		if wild, ok := strings.CutPrefix(h, "*."); ok {
			label, rest, found := strings.Cut(name, ".")
			if found && label != "" && rest == wild {
				return true
			}
			continue
		}
		if name == h {
			return true
		}
	}
	return false
}

// allowHosts answers 421 Misdirected Request to a request for a host name
// the server is not configured for: no page, cookie or redirect is ever
// built from a name someone else chose.
func (s *server) allowHosts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hostAllowed(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		const msg = "host: this server does not answer for that host name"
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeJSON(w, http.StatusMisdirectedRequest, api.ErrorResponse{Error: msg})
			return
		}
		writeText(w, http.StatusMisdirectedRequest, msg+"\n")
	})
}

// selfOrigin returns the request's own origin, scheme://host[:port].
func selfOrigin(r *http.Request) string {
	return requestScheme(r) + "://" + strings.ToLower(r.Host)
}

// otherSite returns the origin of the lab's other site for a request, or ""
// when there is none. With no Config.OtherSite it is the loopback swap
// (api.LabOtherSite). With one, a request on any other host has it as its
// other site, and a request on the other site itself has the lab page's
// origin, which it names in ?site=: one of the hosts the server answers.
func (s *server) otherSite(r *http.Request) string {
	scheme := requestScheme(r)
	if s.cfg.OtherSite == "" {
		return api.LabOtherSite(scheme, r.Host)
	}
	other, _ := url.Parse(s.cfg.OtherSite)
	// By name: the port a browser writes in Host is its own business.
	if hostName(other.Host) != hostName(r.Host) {
		return s.cfg.OtherSite
	}
	site, err := ParseOrigin(r.URL.Query().Get("site"))
	if err != nil {
		return ""
	}
	u, _ := url.Parse(site)
	if hostName(u.Host) == hostName(other.Host) || !s.hostAllowed(u.Host) {
		return ""
	}
	return site
}

// ParseOrigin returns s as a normalised http(s) origin, scheme://host[:port]
// in lower case, or an error saying what is wrong with it.
func ParseOrigin(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", api.BadField("origin", api.RuleURL, "%q is not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", api.BadField("origin", api.RuleURL, "%q is not an http or https origin", s)
	case u.Host == "" || u.Hostname() == "":
		return "", api.BadField("origin", api.RuleURL, "%q has no host", s)
	case u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return "", api.BadField("origin", api.RuleURL, "%q is more than an origin (scheme://host[:port])", s)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != p {
			return "", api.BadField("origin", api.RuleURL, "%q has a bad port", s)
		}
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// subSite returns the origin of sub.<host> for a request, the subdomain the
// Domain experiment requests, or "" when the host has no registrable domain
// (an IP address, localhost, a public suffix) or the server does not answer
// for that name (a deployment needs wildcard DNS and certificate for it).
func (s *server) subSite(r *http.Request) string {
	name := hostName(r.Host)
	if net.ParseIP(name) != nil || cookierules.IsLocalhost(name) {
		return ""
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(name); err != nil {
		return ""
	}
	sub := "sub." + strings.ToLower(r.Host)
	if !s.hostAllowed(sub) {
		return ""
	}
	return requestScheme(r) + "://" + sub
}

// plainSite returns the origin of an https request's host over plain http,
// where the server answers it too (Config.PlainHTTPPort), or "".
func (s *server) plainSite(r *http.Request) string {
	if s.cfg.PlainHTTPPort == "" || requestScheme(r) != "https" {
		return ""
	}
	host := hostName(r.Host)
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if s.cfg.PlainHTTPPort != "80" {
		host += ":" + s.cfg.PlainHTTPPort
	}
	return "http://" + host
}

// isPlainTwin reports whether r came over plain http to a server that
// also serves https (Config.PlainHTTPPort): the lab's window there is the
// plain-http half of an https lab page's Secure experiment.
func (s *server) isPlainTwin(r *http.Request) bool {
	return s.cfg.PlainHTTPPort != "" && requestScheme(r) == "http"
}

// handleLabSites handles the "GET /lab/sites" route: the lab page's origin,
// its other site and its subdomain ("" for none), which the lab reads
// before it runs.
func (s *server) handleLabSites() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, api.LabSitesResponse{Page: selfOrigin(r), Other: s.otherSite(r), Sub: s.subSite(r), Plain: s.plainSite(r)})
	}
}

// labSameSiteCORS lets a page of the same site (the lab page reaching its
// subdomain) read a lab answer with credentials: the exact origin and
// Allow-Credentials, for an Origin of a host the server answers.
func (s *server) labSameSiteCORS(w http.ResponseWriter, r *http.Request) {
	o := s.sameSiteOrigin(r)
	if o == "" {
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", o)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Add("Vary", "Origin")
}

// registrableDomain is the engine's registrable domain of a host name.
func registrableDomain(host string) string { return cookierules.RegistrableDomain(host) }

// labPlainRoutes are the routes the plain-http listener of an https
// deployment serves rather than redirects: the lab's probe, which shows an
// https lab page what plain http does to Secure cookies.
var labPlainRoutes = []string{
	"GET " + api.LabProbePath, "GET " + api.LabProbeScriptPath, "GET " + api.LabHitPath, "POST " + api.LabSetPath,
}

// NewRedirectHandler answers plain http with a permanent redirect to the
// same URL over https on httpsPort ("" or "443" for the default), for the
// host names in hosts only (nil: any); the lab's plain-http routes
// (labPlainRoutes) go to lab instead, when it is not nil: the server, made
// with Config.PlainHTTPPort.
func NewRedirectHandler(hosts []string, httpsPort string, lab http.Handler) http.Handler {
	s := &server{cfg: Config{Hosts: hosts}}
	mux := http.NewServeMux()
	if lab != nil {
		for _, p := range labPlainRoutes {
			mux.Handle(p, lab)
		}
	}
	mux.Handle("/", s.allowHosts(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := hostName(r.Host)
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		if httpsPort != "" && httpsPort != "443" {
			host += ":" + httpsPort
		}
		u := url.URL{Scheme: "https", Host: host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
	})))
	return mux
}

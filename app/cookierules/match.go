package cookierules

import (
	"net/netip"
	"net/url"
	"strings"
)

// isIP reports whether host (without brackets) is an IPv4 or IPv6 address.
func isIP(host string) bool {
	_, err := netip.ParseAddr(host)
	return err == nil
}

// DomainMatch reports whether the string s domain-matches the domain string d
// (§5.1.3): they are identical, or d is a suffix of s, the character of s
// just before it is '.', and s is a host name, not an IP address. Both are
// expected in lower case.
func DomainMatch(s, d string) bool {
	if s == d {
		return true
	}
	return d != "" && len(s) > len(d) && strings.HasSuffix(s, d) && s[len(s)-len(d)-1] == '.' && !isIP(s)
}

// PathMatch reports whether the request path reqPath path-matches the cookie
// path cookiePath (§5.1.4): identical, or cookiePath is a prefix of reqPath
// that ends in '/' or is followed in reqPath by '/'.
func PathMatch(reqPath, cookiePath string) bool {
	if reqPath == cookiePath {
		return true
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}

// DefaultPath returns the default-path of a request path (§5.1.4): "/" if the
// path is empty, does not start with '/' or has no other '/', else the path up
// to, not including, its right-most '/'.
func DefaultPath(uriPath string) string {
	if uriPath == "" || uriPath[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(uriPath, '/')
	if i == 0 {
		return "/"
	}
	return uriPath[:i]
}

// IsLocalhost reports whether host names the local machine the way Chromium's
// net::IsLocalhost does: "localhost", a name ending in ".localhost" (either
// with a trailing dot), 127.0.0.0/8 or ::1.
func IsLocalhost(host string) bool {
	h := strings.TrimSuffix(asciiLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if err != nil {
		return false
	}
	a = a.Unmap()
	return a.IsLoopback()
}

// IsSecureOrigin reports whether u is what §5.7 and §5.8.3 call a "secure"
// request: https or wss, or, as in Chromium, a potentially trustworthy
// http/ws origin on localhost (IsLocalhost).
func IsSecureOrigin(u *url.URL) bool {
	if u == nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		return true
	case "http", "ws":
		return IsLocalhost(u.Hostname())
	}
	return false
}

// request is what the rules need from a request URL.
type request struct {
	host   string // canonicalized host (§5.1.2): lower case, no brackets
	path   string // canonical path, "/" if empty
	ip     bool
	secure bool
}

func cookieableScheme(s string) bool {
	switch strings.ToLower(s) {
	case "http", "https", "ws", "wss":
		return true
	}
	return false
}

// newRequest returns the request of u, or a reason and explanation why u
// cannot carry cookies.
func newRequest(u *url.URL) (request, string, string) {
	if u == nil || !cookieableScheme(u.Scheme) {
		s := "<nil>"
		if u != nil {
			s = u.Scheme
		}
		return request{}, ReasonSchemeNotSupported, "Cookies are only set and sent for http, https, ws and wss URLs, not for the scheme " + quote(s) + "."
	}
	host := asciiLower(u.Hostname())
	if host == "" {
		return request{}, ReasonInvalidDomain, "The URL has no host, so there is no domain to store the cookie for."
	}
	return request{host: host, path: canonPath(u), ip: isIP(host), secure: IsSecureOrigin(u)}, "", ""
}

// canonPath returns the path of u as Chromium's URL canonicalizer leaves it:
// escaped as written ("/f%6Fo" stays "/f%6Fo": Chromium no longer decodes
// %-escapes of unreserved characters, and neither does RFC 6265bis); "/" when
// empty.
func canonPath(u *url.URL) string {
	if u.Opaque != "" {
		return "/"
	}
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

func quote(s string) string { return "\"" + s + "\"" }

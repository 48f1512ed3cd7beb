package server

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Limits a browser applies to a Set-Cookie line (RFC 6265bis §5.6).
const (
	maxNameValueBytes = 4096
	maxAttributeBytes = 1024
)

// expiredDate is the Expires value of a deletion, as most servers send it.
const expiredDate = "Thu, 01 Jan 1970 00:00:00 GMT"

// origin is what a Set-Cookie line's fate depends on besides the line itself:
// the host that sends it and whether the browser deems it a secure context.
type origin struct {
	host   string // without port, lower case
	secure bool
}

// requestOrigin returns the origin of a request as the browser saw it.
func requestOrigin(host string, tls bool) origin {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	return origin{host: host, secure: tls || isPotentiallyTrustworthy(host)}
}

// isPotentiallyTrustworthy reports whether Chromium treats plain http from
// host as a secure context: localhost and the loopback addresses (W3C Secure
// Contexts §3.1).
func isPotentiallyTrustworthy(host string) bool { return cookierules.IsLocalhost(host) }

// cookieLine is a validated Set-Cookie line and its parts.
type cookieLine struct {
	name, value string
	attrs       []string
}

// String returns the Set-Cookie header value.
func (c cookieLine) String() string {
	var b strings.Builder
	b.WriteString(c.name)
	b.WriteByte('=')
	b.WriteString(c.value)
	for _, a := range c.attrs {
		b.WriteString("; ")
		b.WriteString(a)
	}
	return b.String()
}

// fieldError is a bad-input error naming the field and the rule it broke.
type fieldError struct {
	field, rule string
}

func (e *fieldError) Error() string { return e.field + ": " + e.rule }

func badField(field, format string, args ...any) error {
	return &fieldError{field: field, rule: fmt.Sprintf(format, args...)}
}

// buildSetCookie validates req as a browser would judge the line it becomes
// when sent from o, and returns that line. Every rule that would make a
// browser drop or alter the cookie is an error here, so nothing is lost
// silently. An empty path means Path=/ (the default path of /api/cookies
// would be /api, which surprises everyone).
func buildSetCookie(req api.SetCookieRequest, o origin, now time.Time) (cookieLine, error) {
	if err := validateName(req.Name); err != nil {
		return cookieLine{}, err
	}
	if err := validateValue(req.Value); err != nil {
		return cookieLine{}, err
	}
	if n := len(req.Name) + len(req.Value); n > maxNameValueBytes {
		return cookieLine{}, badField("value", "name and value together are %d bytes, over the %d-byte limit (RFC 6265bis §5.6)", n, maxNameValueBytes)
	}
	line := cookieLine{name: req.Name, value: req.Value}

	path := req.Path
	if path == "" {
		path = "/"
	}
	if err := validateAttribute("path", path); err != nil {
		return cookieLine{}, err
	}
	if !strings.HasPrefix(path, "/") {
		return cookieLine{}, badField("path", "must start with \"/\"; browsers ignore any other path (RFC 6265bis §5.6.4)")
	}
	line.attrs = append(line.attrs, "Path="+path)

	if req.Domain != "" {
		if err := validateDomain(req.Domain, o.host); err != nil {
			return cookieLine{}, err
		}
		line.attrs = append(line.attrs, "Domain="+req.Domain)
	}
	if req.MaxAge != nil {
		line.attrs = append(line.attrs, "Max-Age="+strconv.Itoa(*req.MaxAge))
	}
	if req.Expires != "" {
		t, err := time.Parse(time.RFC3339, req.Expires)
		if err != nil {
			return cookieLine{}, badField("expires", "must be an RFC 3339 time such as %q", now.UTC().Add(time.Hour).Format(time.RFC3339))
		}
		if t.Year() < 1601 {
			return cookieLine{}, badField("expires", "year %d is before 1601, which browsers reject (RFC 6265bis §5.1.1)", t.Year())
		}
		line.attrs = append(line.attrs, "Expires="+t.UTC().Format(api.CookieDateFormat))
	}
	if req.Secure {
		if !o.secure {
			return cookieLine{}, badField("secure", "a Secure cookie from an insecure origin (http://%s) is ignored by browsers (RFC 6265bis §5.7 step 9); use https, localhost or 127.0.0.1", o.host)
		}
		line.attrs = append(line.attrs, "Secure")
	}
	if req.HttpOnly {
		line.attrs = append(line.attrs, "HttpOnly")
	}
	switch strings.ToLower(req.SameSite) {
	case "":
	case "strict":
		line.attrs = append(line.attrs, "SameSite=Strict")
	case "lax":
		line.attrs = append(line.attrs, "SameSite=Lax")
	case "none":
		if !req.Secure {
			return cookieLine{}, badField("same_site", "SameSite=None requires secure: browsers reject it otherwise (RFC 6265bis §5.7 step 16)")
		}
		line.attrs = append(line.attrs, "SameSite=None")
	default:
		return cookieLine{}, badField("same_site", "must be \"Strict\", \"Lax\", \"None\" or empty, not %q", req.SameSite)
	}
	if req.Partitioned {
		if !req.Secure {
			return cookieLine{}, badField("partitioned", "a Partitioned cookie requires secure: Chromium rejects it otherwise (CHIPS)")
		}
		line.attrs = append(line.attrs, "Partitioned")
	}
	if err := validatePrefix(req.Name, req.Secure, path, req.Domain); err != nil {
		return cookieLine{}, err
	}
	return line, nil
}

// buildDeleteCookie returns the line that expires the cookie name at path
// and domain. A prefixed cookie's deletion must itself satisfy the prefix,
// or the browser ignores it, so it carries Secure then.
func buildDeleteCookie(name, path, domain string, o origin) (cookieLine, error) {
	if err := validateName(name); err != nil {
		return cookieLine{}, err
	}
	secure := hasPrefix(name, "__Secure-") || hasPrefix(name, "__Host-")
	req := api.SetCookieRequest{Name: name, Path: path, Domain: domain, Secure: secure}
	line, err := buildSetCookie(req, o, time.Time{})
	if err != nil {
		return cookieLine{}, err
	}
	// An Expires in the past deletes in every browser; Max-Age=0 is the
	// modern spelling. Send both, as go-httpbin does.
	line.attrs = append(line.attrs, "Expires="+expiredDate, "Max-Age=0")
	return line, nil
}

// validateName checks a cookie name: a non-empty token (RFC 6265 §4.1.1,
// RFC 9110 §5.6.2).
func validateName(name string) error {
	if name == "" {
		return badField("name", "must not be empty")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return badField("name", "must be a token: %q is not allowed (RFC 6265 §4.1.1)", name[i])
		}
	}
	return nil
}

// validateValue checks a cookie value: no control character and no ";",
// which end the pair (RFC 6265bis §5.6 steps 1-2), and no leading or trailing
// white space, which browsers strip.
func validateValue(value string) error {
	for i := 0; i < len(value); i++ {
		switch b := value[i]; {
		case isCTL(b):
			return badField("value", "control character %q at byte %d is not allowed (RFC 6265bis §5.6)", b, i)
		case b == ';':
			return badField("value", "\";\" at byte %d would end the cookie (RFC 6265bis §5.6)", i)
		}
	}
	if strings.TrimSpace(value) != value {
		return badField("value", "leading or trailing white space is stripped by browsers (RFC 6265bis §5.6)")
	}
	return nil
}

// validateAttribute checks an attribute value: no control character or ";",
// and at most 1024 bytes, past which browsers ignore it (RFC 6265bis §5.6).
func validateAttribute(field, v string) error {
	if len(v) > maxAttributeBytes {
		return badField(field, "%d bytes is over the %d-byte attribute limit (RFC 6265bis §5.6)", len(v), maxAttributeBytes)
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; isCTL(b) || b == ';' {
			return badField(field, "%q at byte %d is not allowed (RFC 6265bis §5.6)", b, i)
		}
	}
	return nil
}

// validateDomain checks a Domain attribute against the host that sends it:
// it must domain-match the host and must not be a public suffix (RFC 6265bis
// §5.7 steps 5-7).
func validateDomain(domain, host string) error {
	if err := validateAttribute("domain", domain); err != nil {
		return err
	}
	d := strings.ToLower(strings.TrimPrefix(domain, "."))
	if d == "" {
		return badField("domain", "must name a host")
	}
	if _, err := netip.ParseAddr(host); err == nil || host == "" {
		if d != host {
			return badField("domain", "the server's host %s is an IP address, so the only Domain it may set is itself (RFC 6265bis §5.1.3)", host)
		}
		return nil
	}
	if d != host && !strings.HasSuffix(host, "."+d) {
		return badField("domain", "%s does not domain-match the server's host %s, so browsers reject it (RFC 6265bis §5.7 step 7)", d, host)
	}
	if suffix, _ := publicsuffix.PublicSuffix(d); suffix == d && d != host {
		return badField("domain", "%s is a public suffix, so browsers reject it (RFC 6265bis §5.7 step 6)", d)
	}
	return nil
}

// validatePrefix applies the cookie name prefixes, matched case-insensitively
// as Chromium does (RFC 6265bis §4.1.3).
func validatePrefix(name string, secure bool, path, domain string) error {
	switch {
	case hasPrefix(name, "__Secure-"):
		if !secure {
			return badField("secure", "a __Secure- cookie must be Secure (RFC 6265bis §4.1.3.1)")
		}
	case hasPrefix(name, "__Host-"):
		if !secure {
			return badField("secure", "a __Host- cookie must be Secure (RFC 6265bis §4.1.3.2)")
		}
		if domain != "" {
			return badField("domain", "a __Host- cookie must not have a Domain (RFC 6265bis §4.1.3.2)")
		}
		if path != "/" {
			return badField("path", "a __Host- cookie must have Path=/ (RFC 6265bis §4.1.3.2)")
		}
	}
	return nil
}

func hasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isCTL(b byte) bool { return b < 0x20 || b == 0x7f }

// isTokenByte reports whether b is a tchar (RFC 9110 §5.6.2).
func isTokenByte(b byte) bool {
	if b >= 0x80 || isCTL(b) {
		return false
	}
	return !strings.ContainsRune(" \"(),/:;<=>?@[\\]{}", rune(b))
}

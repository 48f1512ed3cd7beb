package cookierules

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// SiteContext says how a request relates to the site of the cookies (§5.2).
type SiteContext int

const (
	// ContextSameSite is a same-site request: every SameSite value is sent.
	ContextSameSite SiteContext = iota
	// ContextCrossSiteTopLevel is a cross-site top-level navigation with a
	// safe method: SameSite=Strict cookies are left out (§5.8.3 step 1).
	ContextCrossSiteTopLevel
	// ContextCrossSite is any other cross-site request: only SameSite=None
	// cookies are sent; Lax and default cookies are left out (Chromium treats
	// the default as Lax).
	ContextCrossSite
)

// RequestOptions qualify a request for CookieHeaderFor and CookiesFor.
type RequestOptions struct {
	// Script is a non-HTTP API read (document.cookie): HttpOnly cookies are
	// left out (§5.8.2, §5.8.3 step 1).
	Script  bool
	Context SiteContext
}

// CookiesFor returns the cookies a request to u at now would carry, in the
// order of §5.8.3 step 2: longer paths first, then earlier creation times.
// A cookie is included when its domain matches the host (exactly if
// host-only), its path path-matches, it is not Secure or the request is
// secure, it is not HttpOnly or the read is not by script, it has not expired
// and its SameSite value allows the context.
func (j *Jar) CookiesFor(u *url.URL, now time.Time, opt RequestOptions) []Cookie {
	req, reason, _ := newRequest(u)
	if reason != "" {
		return nil
	}
	j.mu.Lock()
	var out []Cookie
	for i := range j.cookies {
		c := &j.cookies[i]
		if c.HostOnly && c.Domain != req.host || !c.HostOnly && !DomainMatch(req.host, c.Domain) ||
			!PathMatch(req.path, c.Path) || c.Secure && !req.secure || c.HttpOnly && opt.Script || c.expired(now) {
			continue
		}
		switch opt.Context {
		case ContextCrossSiteTopLevel:
			if c.SameSite == SameSiteStrict {
				continue
			}
		case ContextCrossSite:
			if c.SameSite != SameSiteNone {
				continue
			}
		}
		out = append(out, *c)
	}
	j.mu.Unlock()
	// The jar is in creation order, so a stable sort by path length keeps
	// earlier-created cookies first among equals, even at equal times.
	slices.SortStableFunc(out, func(a, b Cookie) int {
		if d := len(b.Path) - len(a.Path); d != 0 {
			return d
		}
		return a.Created.Compare(b.Created)
	})
	return out
}

// CookieHeaderFor returns the Cookie header value (§5.8.3) a request to u at
// now would carry under opt: the cookies of CookiesFor serialised as
// "name=value" (just the value for a nameless cookie) and joined by "; ".
// It is "" when no cookie applies.
func (j *Jar) CookieHeaderFor(u *url.URL, now time.Time, opt RequestOptions) string {
	cs := j.CookiesFor(u, now, opt)
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// CookieHeader returns the Cookie header a same-site top-level HTTP request to
// u at now would carry (§5.8.3).
func (j *Jar) CookieHeader(u *url.URL, now time.Time) string {
	return j.CookieHeaderFor(u, now, RequestOptions{})
}

// DocumentCookie returns what document.cookie reads on a same-site page at u
// at now: the Cookie header without HttpOnly cookies (§5.8.2).
func (j *Jar) DocumentCookie(u *url.URL, now time.Time) string {
	return j.CookieHeaderFor(u, now, RequestOptions{Script: true})
}

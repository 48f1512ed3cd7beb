package cookierules

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"
)

// Kind is what made a request, as the request context of §5.2 needs it.
type Kind string

// Kinds of request.
const (
	// KindNavigation is a top-level navigation: a typed URL, a bookmark, a
	// link or a form in the top-level page. Its URL becomes the top-level URL.
	KindNavigation Kind = "navigation"
	// KindIframe is the navigation of a frame embedded in the top-level page.
	KindIframe Kind = "iframe"
	// KindFetch is a subresource request: fetch, XHR, img, script.
	KindFetch Kind = "fetch"
)

// Credentials is the credentials mode of a fetch (Fetch standard §2.2.5).
// Navigations and iframes always include credentials.
type Credentials string

// Credentials modes.
const (
	CredentialsOmit       Credentials = "omit"
	CredentialsSameOrigin Credentials = "same-origin" // fetch's default
	CredentialsInclude    Credentials = "include"
)

// RequestContext is everything about a request that decides which cookies
// it carries and which of its response's cookies are kept (§5.2, §5.7,
// §5.8.3), beyond the URL itself.
type RequestContext struct {
	URL *url.URL
	// TopLevelURL is the URL of the top-level page: its site is the "site for
	// cookies" and the partition key. Ignored for a navigation, whose own URL
	// becomes the top-level URL; required otherwise.
	TopLevelURL *url.URL
	// Initiator is the origin of the document that made the request (only its
	// scheme and host count); nil for a browser-initiated request (a typed URL,
	// a bookmark). An initiator cross-site with the top-level page is taken to
	// be a frame embedded in it: nothing it requests is first-party.
	Initiator *url.URL
	Kind      Kind   // "" is KindNavigation
	Method    string // "" is GET
	// Credentials applies to KindFetch only; "" is CredentialsSameOrigin.
	Credentials              Credentials
	ThirdPartyCookiesBlocked bool
}

// SameSiteContext is how same-site a request or a cookie write is, after
// Chromium's net::CookieOptions::SameSiteCookieContext::ContextType.
type SameSiteContext int

// Same-site contexts, weakest first.
const (
	// SameSiteContextCrossSite: only SameSite=None cookies go and are kept.
	SameSiteContextCrossSite SameSiteContext = iota
	// SameSiteContextLaxUnsafe is a cross-site top-level navigation with an
	// unsafe method (POST): Lax cookies stay home, except a cookie without
	// SameSite created at most LaxAllowUnsafeMaxAge ago (Chromium).
	SameSiteContextLaxUnsafe
	// SameSiteContextLax is a cross-site top-level navigation with a safe
	// method: Strict cookies stay home (§5.8.3 step 1).
	SameSiteContextLax
	// SameSiteContextStrict is a same-site request: every cookie goes.
	SameSiteContextStrict
)

var sameSiteContextNames = [...]string{"cross-site", "a cross-site top-level navigation by an unsafe method (such as a form POST)", "a cross-site top-level navigation", "same-site"}

// String names the context in plain words, to follow "this request is".
func (c SameSiteContext) String() string {
	if int(c) < len(sameSiteContextNames) {
		return sameSiteContextNames[c]
	}
	return "unknown"
}

// PartitionKey is the key of a Partitioned (CHIPS) cookie's jar, as in
// DevTools' CookiePartitionKey: the schemeful top-level site and whether the
// request was cross-site with it. The zero value is "not partitioned".
type PartitionKey struct {
	TopLevelSite      string // e.g. "https://a.test"
	CrossSiteAncestor bool
}

// String is "https://a.test" or "https://a.test (cross-site)"; "" for none.
func (k PartitionKey) String() string {
	if k.CrossSiteAncestor {
		return k.TopLevelSite + " (cross-site)"
	}
	return k.TopLevelSite
}

// Site is what a RequestContext works out about its request (§5.2).
type Site struct {
	// Request is the context for the cookies the request carries (§5.2.1);
	// RequestSchemeless the same computed ignoring schemes, so that a
	// difference is named a Schemeful reason as in Chromium.
	Request, RequestSchemeless SameSiteContext
	// Response is the context for its response's Set-Cookie lines (§5.2.2);
	// a top-level navigation's response may set Lax and Strict cookies.
	Response, ResponseSchemeless SameSiteContext
	// Script is the context for document.cookie writes by the page loaded at
	// URL (a navigation or an iframe).
	Script, ScriptSchemeless SameSiteContext
	// ThirdParty reports whether the request is cross-site with the site for
	// cookies: third-party cookie blocking applies.
	ThirdParty bool
	// PartitionKey is the key under which the request's Partitioned cookies
	// are read and written.
	PartitionKey PartitionKey
	// CredentialsOmitted reports whether the request carries no cookies and
	// its response sets none: a fetch with credentials "omit", or
	// "same-origin" to another origin.
	CredentialsOmitted bool
}

// LaxAllowUnsafeMaxAge is how old a cookie without SameSite may be and still
// go with a cross-site top-level navigation using an unsafe method (Chromium's
// "Lax-allowing-unsafe", kLaxAllowUnsafeMaxAge; not in RFC 6265bis).
const LaxAllowUnsafeMaxAge = 2 * time.Minute

// RegistrableDomain returns the registrable domain of host (§5.1.2: the
// public suffix plus one label, after the Public Suffix List, private
// domains included), or host itself when it has none (an IP address,
// "localhost", a public suffix).
func RegistrableDomain(host string) string {
	h := strings.TrimSuffix(asciiLower(strings.Trim(host, "[]")), ".")
	if h == "" || isIP(h) {
		return h
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h
	}
	return d
}

// SiteOf returns the schemeful site of u (§5.2, HTML's "site"): its scheme
// (ws as http, wss as https) and registrable domain, e.g. "https://a.test".
func SiteOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "ws":
		scheme = "http"
	case "wss":
		scheme = "https"
	}
	return scheme + "://" + RegistrableDomain(u.Hostname())
}

// SameSite reports whether a and b are same-site (§5.2): schemefully, the
// same scheme and registrable domain; otherwise the registrable domain alone.
func SameSite(a, b *url.URL, schemeful bool) bool {
	if a == nil || b == nil {
		return false
	}
	if schemeful {
		return SiteOf(a) == SiteOf(b)
	}
	return RegistrableDomain(a.Hostname()) == RegistrableDomain(b.Hostname())
}

// SameOrigin reports whether a and b have the same scheme, host and port.
func SameOrigin(a, b *url.URL) bool {
	if a == nil || b == nil {
		return false
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && asciiLower(a.Hostname()) == asciiLower(b.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		return "443"
	}
	return "80"
}

// IsSafeMethod reports whether method is safe (RFC 9110 §9.2.1): GET, HEAD,
// OPTIONS or TRACE. "" counts as GET.
func IsSafeMethod(method string) bool {
	switch strings.ToUpper(method) {
	case "", "GET", "HEAD", "OPTIONS", "TRACE":
		return true
	}
	return false
}

func (ctx RequestContext) kind() Kind {
	if ctx.Kind == "" {
		return KindNavigation
	}
	return ctx.Kind
}

// topLevel returns the URL of the top-level page: the request's own URL for a
// navigation.
func (ctx RequestContext) topLevel() *url.URL {
	if ctx.kind() == KindNavigation || ctx.TopLevelURL == nil {
		return ctx.URL
	}
	return ctx.TopLevelURL
}

// Site works out the same-site contexts of ctx (§5.2.1, §5.2.2), as Chromium's
// cookie_util::ComputeSameSiteContextForRequest, ForResponse and
// ForScriptSet do: same-site when the site for cookies (the top-level site,
// none if the initiator is a cross-site frame) and the initiator (if any) are
// both same-site with the URL; else a top-level navigation is Lax (Lax-unsafe
// for an unsafe method) and anything else cross-site.
func (ctx RequestContext) Site() Site {
	top := ctx.topLevel()
	nav := ctx.kind() == KindNavigation
	compute := func(schemeful bool) (req, resp, script SameSiteContext, firstParty bool) {
		// An initiator cross-site with the top-level page is an embedded
		// frame: the site for cookies is null for what it requests.
		sfcNull := !nav && ctx.Initiator != nil && !SameSite(ctx.Initiator, top, schemeful)
		firstParty = !sfcNull && SameSite(top, ctx.URL, schemeful)
		initiatorSameSite := ctx.Initiator == nil || SameSite(ctx.Initiator, ctx.URL, schemeful)
		switch {
		case firstParty && initiatorSameSite:
			req, resp = SameSiteContextStrict, SameSiteContextStrict
		case nav && IsSafeMethod(ctx.Method):
			req, resp = SameSiteContextLax, SameSiteContextLax
		case nav:
			req, resp = SameSiteContextLaxUnsafe, SameSiteContextLax
		}
		if firstParty {
			script = SameSiteContextStrict
		}
		return req, resp, script, firstParty
	}
	var s Site
	var firstParty bool
	s.Request, s.Response, s.Script, firstParty = compute(true)
	s.RequestSchemeless, s.ResponseSchemeless, s.ScriptSchemeless, _ = compute(false)
	// Third-party cookie blocking asks SiteForCookies::IsFirstParty, which
	// is schemeful with schemeful same-site: Chromium 156 blocks a cookie of
	// https://a.test set by a fetch from http://a.test (the scenario replay
	// shows it).
	s.ThirdParty = !firstParty
	s.PartitionKey = PartitionKey{TopLevelSite: SiteOf(top), CrossSiteAncestor: !firstParty}
	if ctx.kind() == KindFetch {
		switch ctx.Credentials {
		case CredentialsOmit:
			s.CredentialsOmitted = true
		case CredentialsInclude:
		default: // same-origin
			s.CredentialsOmitted = ctx.Initiator != nil && !SameOrigin(ctx.Initiator, ctx.URL)
		}
	}
	return s
}

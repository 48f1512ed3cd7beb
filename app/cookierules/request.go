package cookierules

import (
	"slices"
	"time"
)

// Reasons a cookie is withheld from a request. Where one exists the name is
// Chromium's DevTools CookieBlockedReason (the CDP Network domain); the
// invented ones say so.
const (
	ReasonNotOnPath                                = "NotOnPath"                                // CDP; the path does not path-match
	ReasonDomainMismatch                           = "DomainMismatch"                           // CDP; the host does not domain-match
	ReasonSameSiteStrict                           = "SameSiteStrict"                           // CDP; Strict cookie, context not same-site
	ReasonSameSiteLax                              = "SameSiteLax"                              // CDP; Lax cookie, cross-site and not a safe top-level navigation
	ReasonSameSiteUnspecifiedTreatedAsLax          = "SameSiteUnspecifiedTreatedAsLax"          // CDP; no SameSite: Lax by default
	ReasonSchemefulSameSiteStrict                  = "SchemefulSameSiteStrict"                  // CDP; as SameSiteStrict, only because the schemes differ
	ReasonSchemefulSameSiteLax                     = "SchemefulSameSiteLax"                     // CDP; as SameSiteLax, only because the schemes differ
	ReasonSchemefulSameSiteUnspecifiedTreatedAsLax = "SchemefulSameSiteUnspecifiedTreatedAsLax" // CDP; likewise
	// The engine names every SameSite exclusion, of a request or of a
	// Set-Cookie line, with its Schemeful name, as DevTools does in Chromium
	// 156 (its CookieInclusionStatus carries a schemeful-downgrade warning for
	// all of them, cross-site by registrable domain too; the scenario replay
	// checks it). The explanation says when the scheme alone made the
	// difference. The plain names stay for older Chromium.
	ReasonUserPreferences = "UserPreferences" // CDP; third-party cookies blocked
	// ReasonCredentialsOmitted is invented (Chromium never looks at the jar):
	// a fetch with credentials "omit", or "same-origin" to another origin,
	// carries no cookies and its response sets none.
	ReasonCredentialsOmitted = "CredentialsOmitted"
	// ReasonOtherPartition is invented (Chromium never looks at that jar): a
	// Partitioned cookie whose partition key is not the request's.
	ReasonOtherPartition = "OtherPartition"
)

// Rules cited for a withheld cookie.
const (
	ruleDomainMatch    = "§5.8.3 step 1 (domain-match, §5.1.3)"
	rulePathMatch      = "§5.8.3 step 1 (path-match, §5.1.4)"
	ruleSecureOnly     = "§5.8.3 step 1 (secure-only-flag)"
	ruleSameSite       = "§5.8.3 step 1 (SameSite, §5.2)"
	ruleLaxByDefault   = "§5.8.3 step 1 (SameSite, §5.2; Chromium: no SameSite is Lax)"
	ruleThirdParty     = "§7.1 (third-party cookies blocked by the user agent)"
	ruleCredentials    = "Fetch standard: credentials mode"
	rulePartitionKey   = "CHIPS (partition key)"
	ruleLaxAllowUnsafe = "Chromium Lax-allowing-unsafe (cookies without SameSite, under 2 minutes old)"
)

// Withheld is a cookie of the jar a request does not carry, and why.
type Withheld struct {
	Cookie Cookie
	// Reason is the first of Reasons: the one the explanation is about.
	Reason string
	// Reasons holds every reason that applies: Chromium's CookieBlockedReason
	// names (compare them as a set), and ReasonCredentialsOmitted or
	// ReasonOtherPartition when they apply.
	Reasons     []string
	Rule        string
	Explanation string
	// Reported reports whether Chromium's DevTools lists the cookie among the
	// request's associatedCookies: not for a cookie of another registrable
	// domain or partition, nor when credentials are omitted.
	Reported bool
}

// RequestVerdict is what a request carries: the Cookie header, the cookies
// sent in header order (§5.8.3 step 2), and every other unexpired cookie of
// the jar, withheld, in creation order.
type RequestVerdict struct {
	CookieHeader string
	Sent         []Cookie
	Withheld     []Withheld
	// LaxAllowUnsafe lists the sent cookies that went only by Chromium's
	// Lax-allowing-unsafe exception.
	LaxAllowUnsafe []Cookie
	Site           Site
}

// CookiesIn returns what a request in ctx at now carries (§5.8.3): for each
// unexpired cookie of the jar, sent or withheld with every reason.
func (j *Jar) CookiesIn(ctx RequestContext, now time.Time) RequestVerdict {
	site := ctx.Site()
	v := RequestVerdict{Site: site}
	req, reason, _ := newRequest(ctx.URL)
	j.mu.Lock()
	cookies := slices.Clone(j.cookies)
	j.mu.Unlock()
	for _, c := range cookies {
		if c.expired(now) {
			continue
		}
		if reason != "" {
			v.Withheld = append(v.Withheld, Withheld{Cookie: c, Reason: reason, Reasons: []string{reason}, Rule: "§5.8.3", Explanation: "Cookies are only sent to http, https, ws and wss URLs."})
			continue
		}
		w, lax := withhold(c, req, ctx, site, now)
		if len(w.Reasons) == 0 {
			v.Sent = append(v.Sent, c)
			if lax {
				v.LaxAllowUnsafe = append(v.LaxAllowUnsafe, c)
			}
			continue
		}
		v.Withheld = append(v.Withheld, w)
	}
	sortForHeader(v.Sent)
	v.CookieHeader = headerOf(v.Sent)
	return v
}

// withhold returns why c stays home from the request req in ctx; no Reasons
// means it is sent (lax says it goes by Lax-allowing-unsafe alone).
func withhold(c Cookie, req request, ctx RequestContext, site Site, now time.Time) (w Withheld, lax bool) {
	w = Withheld{Cookie: c, Reported: true}
	add := func(reason, rule, expl string) {
		if len(w.Reasons) == 0 {
			w.Reason, w.Rule, w.Explanation = reason, rule, expl
		}
		w.Reasons = append(w.Reasons, reason)
	}
	if RegistrableDomain(c.Domain) != RegistrableDomain(req.host) {
		w.Reported = false
		add(ReasonDomainMismatch, ruleDomainMatch, "The cookie belongs to "+c.Domain+", another site than "+req.host+".")
		return w, false
	}
	if c.Partitioned && c.PartitionKey != (PartitionKey{}) && c.PartitionKey != site.PartitionKey {
		w.Reported = false
		add(ReasonOtherPartition, rulePartitionKey, "The cookie is Partitioned and lives in the jar of top-level site "+c.PartitionKey.String()+"; this request reads the jar of "+site.PartitionKey.String()+".")
		return w, false
	}
	if c.HostOnly && c.Domain != req.host || !c.HostOnly && !DomainMatch(req.host, c.Domain) {
		expl := "The cookie is for " + c.Domain + " and its subdomains, and " + req.host + " is not one of them."
		if c.HostOnly {
			expl = "The cookie is host-only for " + c.Domain + " (it was set without a Domain attribute), so it is not sent to " + req.host + "."
		}
		add(ReasonDomainMismatch, ruleDomainMatch, expl)
	}
	if !PathMatch(req.path, c.Path) {
		add(ReasonNotOnPath, rulePathMatch, "The cookie's Path is "+c.Path+", and the request path "+req.path+" is not under it.")
	}
	if site.CredentialsOmitted {
		w.Reported = false
		expl := "The fetch has credentials: \"omit\", so it carries no cookies at all."
		if ctx.Credentials != CredentialsOmit {
			expl = "The fetch has credentials: \"same-origin\" (fetch's default) and goes to another origin, so it carries no cookies; use credentials: \"include\"."
		}
		add(ReasonCredentialsOmitted, ruleCredentials, expl)
	}
	if c.Secure && !req.secure {
		add(ReasonSecureOnly, ruleSecureOnly, "The cookie is Secure, and "+ctx.URL.Scheme+"://"+req.host+" is not a secure origin.")
	}
	switch c.SameSite {
	case SameSiteStrict:
		if site.Request < SameSiteContextStrict {
			add(ReasonSchemefulSameSiteStrict, ruleSameSite, "The cookie is SameSite=Strict, and this request is "+site.Request.String()+schemeNote(site.RequestSchemeless == SameSiteContextStrict)+".")
		}
	case SameSiteLax:
		if site.Request < SameSiteContextLax {
			add(ReasonSchemefulSameSiteLax, ruleSameSite, "The cookie is SameSite=Lax, which only goes cross-site with a top-level navigation by a safe method (GET), and this request is "+site.Request.String()+schemeNote(site.RequestSchemeless >= SameSiteContextLax)+".")
		}
	case SameSiteDefault:
		switch {
		case site.Request >= SameSiteContextLax:
		case site.Request == SameSiteContextLaxUnsafe && now.Sub(c.Created) <= LaxAllowUnsafeMaxAge:
			lax = true
		default:
			expl := "The cookie has no SameSite attribute, so the browser treats it as SameSite=Lax, and this request is " + site.Request.String() + schemeNote(site.RequestSchemeless >= SameSiteContextLax) + "."
			r := ReasonSchemefulSameSiteUnspecifiedTreatedAsLax
			if site.Request == SameSiteContextLaxUnsafe {
				expl += " (Chromium would still have sent it if it had been set less than 2 minutes before.)"
			}
			add(r, ruleLaxByDefault, expl)
		}
	}
	if ctx.ThirdPartyCookiesBlocked && site.ThirdParty && !c.Partitioned {
		add(ReasonUserPreferences, ruleThirdParty, "Third-party cookies are blocked, and this request is cross-site with the top-level page "+site.PartitionKey.TopLevelSite+"; only Partitioned cookies go.")
	}
	if lax && len(w.Reasons) > 0 {
		lax = false
	}
	return w, lax
}

// schemeNote adds to an explanation that the request would be same-site
// but for its scheme, when onlyScheme.
func schemeNote(onlyScheme bool) string {
	if onlyScheme {
		return " only because http and https count as different sites (schemeful same-site)"
	}
	return ""
}

// sortForHeader orders cookies as §5.8.3 step 2 says: longer paths first,
// then earlier creation times; cs is in creation order, so the sort is stable.
func sortForHeader(cs []Cookie) {
	slices.SortStableFunc(cs, func(a, b Cookie) int {
		if d := len(b.Path) - len(a.Path); d != 0 {
			return d
		}
		return a.Created.Compare(b.Created)
	})
}

func headerOf(cs []Cookie) string {
	var b []byte
	for i, c := range cs {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = append(b, c.String()...)
	}
	return string(b)
}

// DocumentCookieIn returns what document.cookie reads at now on the page
// loaded by ctx (a navigation or an iframe): the cookies its URL would
// carry in the script's context (same-site when the page is first-party
// with the top-level page, else cross-site, as Chromium's
// ComputeSameSiteContextForScriptGet), without HttpOnly ones (§5.8.2).
func (j *Jar) DocumentCookieIn(ctx RequestContext, now time.Time) string {
	site := ctx.Site()
	site.Request, site.RequestSchemeless = site.Script, site.ScriptSchemeless
	site.CredentialsOmitted = false
	req, reason, _ := newRequest(ctx.URL)
	if reason != "" {
		return ""
	}
	j.mu.Lock()
	cookies := slices.Clone(j.cookies)
	j.mu.Unlock()
	var read []Cookie
	for _, c := range cookies {
		if c.expired(now) || c.HttpOnly {
			continue
		}
		if w, _ := withhold(c, req, ctx, site, now); len(w.Reasons) == 0 {
			read = append(read, c)
		}
	}
	sortForHeader(read)
	return headerOf(read)
}

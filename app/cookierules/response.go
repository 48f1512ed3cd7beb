package cookierules

import "time"

// Rules cited for a line refused in its context. The reasons are shared with
// CookieBlockedReason (request.go): Chromium's SetCookieBlockedReason uses the
// same names for SameSite and third-party blocking.
const (
	ruleSetSameSite     = "§5.7 step 17 (SameSite, §5.2)"
	ruleSetLaxByDefault = "§5.7 step 17 (SameSite, §5.2; Chromium: no SameSite is Lax)"
)

// setContext is what a request context adds to the storage model (§5.7):
// the same-site context of the write, third-party blocking and the partition
// key.
type setContext struct {
	ctx                  RequestContext
	site                 Site
	same, sameSchemeless SameSiteContext
	src                  Source
}

// SetCookieIn applies one line in ctx at now and returns the verdict: a
// Set-Cookie line of the response to ctx's request (src FromHTTP), or a
// document.cookie write by the page loaded at ctx.URL (src FromScript; a
// navigation or an iframe). Beyond SetCookie's rules (§5.6, §5.7) it refuses
// every line when the fetch omits credentials (ReasonCredentialsOmitted, before
// any other rule, as Chromium ignores such lines unread), an unpartitioned
// cookie written third-party while third-party cookies are blocked
// (ReasonUserPreferences, named alone as Chromium does), and a SameSite=Strict,
// Lax or unset cookie written cross-site (§5.7 step 17; named
// SchemefulSameSite* as DevTools names them in Chromium 156, see
// sameSiteReasons). A Partitioned cookie is stored under the
// context's partition key (CHIPS), and replaces only a cookie of the same
// key.
func (j *Jar) SetCookieIn(ctx RequestContext, line string, src Source, now time.Time) Verdict {
	in := &setContext{ctx: ctx, site: ctx.Site(), src: src}
	in.same, in.sameSchemeless = in.site.Response, in.site.ResponseSchemeless
	if src == FromScript {
		in.same, in.sameSchemeless = in.site.Script, in.site.ScriptSchemeless
	}
	return j.setCookie(ctx.URL, line, src, now, in)
}

// check returns why c may not be stored in the context, or "" when it may,
// and gives a Partitioned cookie its partition key.
func (in *setContext) check(c *Cookie) (reason, rule, explanation string) {
	if in.same < SameSiteContextLax {
		what := "This response is to a request that is " + in.site.Request.String()
		if in.src == FromScript {
			what = "This page is a frame cross-site with the top-level page " + in.site.PartitionKey.TopLevelSite
		}
		note := schemeNote(in.sameSchemeless >= SameSiteContextLax)
		switch c.SameSite {
		case SameSiteStrict:
			return ReasonSchemefulSameSiteStrict, ruleSetSameSite, what + note + ", and a SameSite=Strict cookie may only be set same-site or by a top-level navigation."
		case SameSiteLax:
			return ReasonSchemefulSameSiteLax, ruleSetSameSite, what + note + ", and a SameSite=Lax cookie may only be set same-site or by a top-level navigation."
		case SameSiteDefault:
			return ReasonSchemefulSameSiteUnspecifiedTreatedAsLax, ruleSetLaxByDefault, what + note + ", and a cookie without SameSite is treated as SameSite=Lax; a cross-site cookie needs SameSite=None; Secure."
		}
	}
	if c.Partitioned {
		c.PartitionKey = in.site.PartitionKey
	}
	return "", "", ""
}

// thirdParty returns why c may not be stored because third-party cookies
// are blocked, or "". Chromium decides it before the rules of the cookie
// store (SameSite=None without Secure, SameSite in context, overwriting a
// Secure cookie), and names it alone.
func (in *setContext) thirdParty(c *Cookie) (reason, rule, explanation string) {
	if in.ctx.ThirdPartyCookiesBlocked && in.site.ThirdParty && !c.Partitioned {
		return ReasonUserPreferences, ruleThirdParty, "Third-party cookies are blocked, and this is cross-site with the top-level page " + in.site.PartitionKey.TopLevelSite + "; only a Partitioned cookie could be kept."
	}
	return "", "", ""
}

// credentialsOmitted is the verdict on every line of a response to a request
// that omitted credentials.
func (in *setContext) credentialsOmitted() (reason, rule, explanation string) {
	expl := "The fetch has credentials: \"omit\", so the browser ignores the Set-Cookie lines of its response."
	if in.ctx.Credentials != CredentialsOmit {
		expl = "The fetch has credentials: \"same-origin\" (fetch's default) and went to another origin, so the browser ignores the Set-Cookie lines of its response; use credentials: \"include\"."
	}
	return ReasonCredentialsOmitted, ruleCredentials, expl
}

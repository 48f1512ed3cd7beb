package harexplain

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Evidence is what an entry records about its request's context: the
// Sec-Fetch-Site, Sec-Fetch-Mode, Sec-Fetch-Dest and Origin request headers
// (Fetch Metadata; absent on plain-http URLs and in older browsers), and
// Chromium's _resourceType and _initiator.
type Evidence struct {
	SecFetchSite, SecFetchMode, SecFetchDest, Origin string
	ResourceType, InitiatorType, InitiatorURL        string
}

func evidenceOf(e *Entry) Evidence {
	return Evidence{
		SecFetchSite:  strings.ToLower(header(e.Request.Headers, "Sec-Fetch-Site")),
		SecFetchMode:  strings.ToLower(header(e.Request.Headers, "Sec-Fetch-Mode")),
		SecFetchDest:  strings.ToLower(header(e.Request.Headers, "Sec-Fetch-Dest")),
		Origin:        header(e.Request.Headers, "Origin"),
		ResourceType:  strings.ToLower(e.ResourceType),
		InitiatorType: e.InitiatorType,
		InitiatorURL:  e.InitiatorURL,
	}
}

// header returns the first value of the named header ("" if none).
func header(hs []NameValue, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// headerValues returns every value of the named header.
func headerValues(hs []NameValue, name string) []string {
	var out []string
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

// kindOf says what made the request: Sec-Fetch-Dest first ("document" is a
// top-level navigation, "iframe" or "frame" a frame's), then _resourceType
// ("document" is the page itself when its URL is the page's, else a frame),
// then the page: the first request of a page is its navigation.
func kindOf(ev Evidence, u *url.URL, pageURL *url.URL, firstOfPage bool) (kind cookierules.Kind, note string) {
	switch ev.SecFetchDest {
	case "document":
		return cookierules.KindNavigation, ""
	case "iframe", "frame", "fencedframe":
		return cookierules.KindIframe, ""
	case "":
	default:
		return cookierules.KindFetch, ""
	}
	isPage := pageURL != nil && sameURL(u, pageURL) || pageURL == nil && firstOfPage
	switch ev.ResourceType {
	case "document":
		if isPage {
			return cookierules.KindNavigation, "no Sec-Fetch-Dest: a document with the page's URL, taken as the top-level navigation"
		}
		return cookierules.KindIframe, "no Sec-Fetch-Dest: a document other than the page, taken as a frame"
	case "":
	default:
		return cookierules.KindFetch, ""
	}
	if isPage {
		return cookierules.KindNavigation, "no Sec-Fetch-Dest nor _resourceType: the page's own request, taken as its navigation"
	}
	return cookierules.KindFetch, "no Sec-Fetch-Dest nor _resourceType: taken as a subresource"
}

// sameURL compares two URLs without their fragments.
func sameURL(a, b *url.URL) bool {
	x, y := *a, *b
	x.Fragment, y.Fragment = "", ""
	x.RawFragment, y.RawFragment = "", ""
	return x.String() == y.String()
}

// originOf returns the origin of u, lower case, as a URL.
func originOf(u *url.URL) *url.URL {
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host)}
}

// parseOrigin parses an Origin header or an _initiator URL into an origin;
// nil for "null", "" or anything without a scheme and host.
func parseOrigin(s string) *url.URL {
	if s == "" || s == "null" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil
	}
	return originOf(u)
}

// Placeholder initiators, when Sec-Fetch-Site says how the initiator relates
// to the URL but nothing recorded names it. Only their sites count.
var (
	opaqueInitiator = &url.URL{Scheme: "https", Host: "opaque-origin.invalid"}
)

// fits reports whether initiator c relates to u as Sec-Fetch-Site says
// (schemeful same-site, as Fetch Metadata computes it).
func fits(site string, c, u *url.URL) bool {
	switch site {
	case "same-origin":
		return cookierules.SameOrigin(c, u)
	case "same-site":
		return !cookierules.SameOrigin(c, u) && cookierules.SameSite(c, u, true)
	case "cross-site":
		return !cookierules.SameSite(c, u, true)
	}
	return true
}

// initiatorOf works out the origin of the document that made a request from
// the Origin header, then the candidates (the page, the _initiator's URL) that
// fit Sec-Fetch-Site; failing those, an origin standing for the relation
// Sec-Fetch-Site states.
func initiatorOf(ev Evidence, u *url.URL, candidates []*url.URL) (ini *url.URL, note string) {
	if o := parseOrigin(ev.Origin); o != nil {
		return o, ""
	}
	if ev.Origin == "null" {
		return opaqueInitiator, "Origin: null: an opaque initiator (a sandboxed frame, or after a cross-origin redirect), cross-site with everything"
	}
	for _, c := range candidates {
		if c != nil && fits(ev.SecFetchSite, c, u) {
			return c, ""
		}
	}
	switch ev.SecFetchSite {
	case "same-origin":
		return originOf(u), ""
	case "same-site":
		return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: "another-origin." + cookierules.RegistrableDomain(u.Hostname())},
			"Sec-Fetch-Site: same-site, from an origin the recording does not name"
	case "cross-site":
		return opaqueInitiator, "Sec-Fetch-Site: cross-site, from an origin the recording does not name (a cross-site frame)"
	}
	return nil, ""
}

// isPreflight reports whether the entry is a CORS preflight, which never
// carries cookies (Fetch standard §4.8).
func isPreflight(e *Entry, ev Evidence) bool {
	return ev.ResourceType == "preflight" ||
		e.Request.Method == "OPTIONS" && header(e.Request.Headers, "Access-Control-Request-Method") != ""
}

// credentialsAmbiguous reports whether a fetch's credentials mode matters and
// is not recorded: a CORS request (fetch, XHR) may omit credentials, send
// them only same-origin (the default) or include them. Other modes (no-cors:
// img, script; websocket) always include them.
func credentialsAmbiguous(ev Evidence) bool {
	switch ev.SecFetchMode {
	case "cors", "same-origin":
		return true
	case "":
		return ev.ResourceType == "fetch" || ev.ResourceType == "xhr"
	}
	return false
}

// contextOf works out the request context of s, or why it cannot be.
func (r *replay) contextOf(s *step, page, lastTop *url.URL, firstOfPage bool) (cookierules.RequestContext, string) {
	ctx := cookierules.RequestContext{URL: s.u, Method: s.e.Request.Method, ThirdPartyCookiesBlocked: r.opts.ThirdPartyCookiesBlocked}
	if s.hopOf >= 0 {
		prev := r.steps[s.hopOf]
		ctx.Kind, ctx.TopLevelURL, ctx.Initiator, ctx.Credentials = prev.ctx.Kind, prev.ctx.TopLevelURL, prev.ctx.Initiator, prev.ctx.Credentials
		s.note("a redirect of entry " + strconv.Itoa(s.hopOf) + ": same kind, page and initiator")
		s.noContext = prev.noContext
		if s.noContext {
			return ctx, prev.out.NotJudged
		}
		return ctx, ""
	}
	kind, note := kindOf(s.ev, s.u, page, firstOfPage)
	if note != "" {
		s.note(note)
	}
	ctx.Kind = kind
	if kind == cookierules.KindNavigation {
		if s.ev.SecFetchSite == "none" {
			return ctx, "" // typed, bookmarked: browser-initiated
		}
		var cands []*url.URL
		if lastTop != nil {
			cands = append(cands, originOf(lastTop))
		}
		cands = append(cands, parseOrigin(s.ev.InitiatorURL))
		if s.ev.SecFetchSite == "" && s.ev.Origin == "" {
			switch {
			case s.ev.InitiatorType == "parser" || s.ev.InitiatorType == "script":
				if ini := parseOrigin(s.ev.InitiatorURL); ini != nil {
					ctx.Initiator = ini
					return ctx, ""
				}
			}
			s.note("no Sec-Fetch-Site: taken as browser-initiated (typed or bookmarked)")
			return ctx, ""
		}
		ini, note := initiatorOf(s.ev, s.u, cands)
		if note != "" {
			s.note(note)
		}
		ctx.Initiator = ini
		return ctx, ""
	}
	if page == nil {
		page = lastTop
	}
	if page == nil {
		s.noContext = true
		return ctx, "no top-level page is known: pages[].title is not a URL and no navigation comes before it"
	}
	ctx.TopLevelURL = page
	cands := []*url.URL{}
	if s.ev.InitiatorType == "parser" {
		cands = append(cands, parseOrigin(s.ev.InitiatorURL))
	}
	cands = append(cands, originOf(page), parseOrigin(s.ev.InitiatorURL))
	ini, note := initiatorOf(s.ev, s.u, cands)
	if note != "" {
		s.note(note)
	}
	if ini == nil {
		ini = originOf(page)
		s.note("no Sec-Fetch-Site nor Origin: taken as made by the page itself")
	}
	ctx.Initiator = ini
	if kind == cookierules.KindFetch {
		ctx.Credentials = cookierules.CredentialsInclude
		if isPreflight(s.e, s.ev) {
			ctx.Credentials = cookierules.CredentialsOmit
			s.note("a CORS preflight: never carries cookies")
		} else if credentialsAmbiguous(s.ev) {
			ctx.Credentials = cookierules.CredentialsSameOrigin // settled at the request (resolveCredentials)
		}
	}
	return ctx, ""
}

// describeContext fills the entry's context for the report.
func (r *replay) describeContext(s *step) {
	c := &s.out.Context
	c.Kind = string(s.ctx.Kind)
	if s.ctx.Kind == cookierules.KindNavigation {
		c.TopLevelURL = s.u.String()
	} else if s.ctx.TopLevelURL != nil {
		c.TopLevelURL = s.ctx.TopLevelURL.String()
	}
	if s.ctx.Initiator != nil {
		c.Initiator = s.ctx.Initiator.String()
	}
	c.SecFetchSite, c.SecFetchMode, c.SecFetchDest, c.Origin = s.ev.SecFetchSite, s.ev.SecFetchMode, s.ev.SecFetchDest, s.ev.Origin
	c.ResourceType, c.InitiatorType, c.InitiatorURL = s.e.ResourceType, s.ev.InitiatorType, s.ev.InitiatorURL
	c.Page = r.pages[s.e.Pageref].Title
}

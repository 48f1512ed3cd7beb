package harexplain

import (
	"net/url"
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

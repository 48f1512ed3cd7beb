package api

import (
	"strconv"
	"strings"
	"time"
)

// The flags lab (/lab): one experiment per cookie behaviour, run for real in
// the browser against the lab routes below, and compared with the rules
// engine's prediction. The server answers as two sites at once, localhost and
// 127.0.0.1, so the cross-site experiments run for real on one machine.

// Routes of the lab.
const (
	LabPath = "/lab"
	// LabSetPath (POST) sends the Set-Cookie lines of a LabSetRequest
	// exactly as written.
	LabSetPath = "/lab/set"
	// LabEchoPath and every path under LabDeepPrefix (GET) answer the lab
	// cookies of the request's Cookie header, as a LabEchoResponse.
	LabEchoPath     = "/lab/echo"
	LabDeepPrefix   = "/lab/deep/"
	LabDeepEchoPath = "/lab/deep/echo"
	// LabRunPath (POST) starts a cross-site run: a LabRunResponse.
	LabRunPath = "/lab/xsite/start"
	// LabProbePath (GET) is the page the other site shows, in a window or
	// an iframe, to make the cross-site requests; LabProbeScriptPath is
	// its script.
	LabProbePath       = "/lab/xsite/probe"
	LabProbeScriptPath = "/lab/xsite/probe.js"
	// LabHitPath (GET, and POST for the form) records the lab cookies a
	// request carried, under ?run= and ?kind=.
	LabHitPath = "/lab/xsite/hit"
	// LabResultPath (GET) answers what a run recorded: a LabResultResponse.
	LabResultPath = "/lab/xsite/result"
	// LabCORSPath (GET) is the cross-origin fetch experiment's target:
	// ?run=&case=&allow=exact|star|none&credentials=true|false.
	LabCORSPath = "/lab/cors"
	// LabSitesPath (GET) answers the lab page's origin and its other site:
	// a LabSitesResponse.
	LabSitesPath = "/lab/sites"
)

// LabSetRequest is the body of POST /lab/set: Set-Cookie lines, sent as
// they are (AsWrittenLines): breaking cookies is the point.
type LabSetRequest struct {
	Lines []string `json:"lines"`
}

// LabSetResponse is the answer of POST /lab/set: how many lines were sent.
type LabSetResponse struct {
	Sent int `json:"sent"`
}

// LabEchoResponse is the answer of the lab's echo routes: the request path
// and the lab cookies of its Cookie header, in header order ("" for none).
type LabEchoResponse struct {
	Path   string `json:"path"`
	Cookie string `json:"cookie"`
}

// LabSitesResponse is the answer of GET /lab/sites: the origin of the
// page that asks, the origin of the lab's other site for it, of its
// subdomain sub.<host>, and, for an https page, of the same host over plain
// http where the server answers it (-http-redirect): "" when there is none.
type LabSitesResponse struct {
	Page  string `json:"page"`
	Other string `json:"other"`
	Sub   string `json:"sub"`
	Plain string `json:"plain"`
}

// LabRunResponse is the answer of POST /lab/xsite/start: the id that the
// run's requests carry.
type LabRunResponse struct {
	Run string `json:"run"`
}

// Kinds of request a cross-site run records (LabRecord.Kind).
const (
	// The SameSite experiment: requests from the other site to this one.
	LabKindFetch  = "fetch"  // fetch() with credentials: "include"
	LabKindIframe = "iframe" // an iframe's document request
	LabKindForm   = "form"   // a top-level form POST
	LabKindNav    = "nav"    // a top-level GET navigation
	// The Partitioned experiment: requests of the other site to itself.
	LabKindChipsFrame = "chips-frame" // from its iframe in this page, after LabChipsSetLines
	LabKindChipsTop   = "chips-top"   // from its own top-level window
	LabKindChipsClear = "chips-clear" // from its iframe, after LabChipsClearLines
	// LabKindCORS is a fetch of the cross-origin fetch experiment, to the
	// lab page's subdomain (LabCORSPath); LabRecord.Case names its case.
	LabKindCORS = "cors"
	// LabKindAccess is the other site's iframe in the lab page saying
	// whether it has unpartitioned cookies (LabRecord.StorageAccess).
	LabKindAccess = "access"
	// The Storage Access experiment: requests of the other site to itself
	// from its iframe in this page, after LabStorageSetLines and after
	// LabStorageClearLines.
	LabKindStorageFrame = "sa-frame"
	LabKindStorageClear = "sa-clear"
)

// LabKinds lists every kind of LabRecord.
var LabKinds = []string{LabKindFetch, LabKindIframe, LabKindForm, LabKindNav, LabKindChipsFrame, LabKindChipsTop, LabKindChipsClear, LabKindAccess, LabKindStorageFrame, LabKindStorageClear,
	LabKindLimitCheck, LabKindLimitFill, LabKindLimitClear, LabKindSecureHTTP}

// The Secure experiment from an https page: the lab's window on the same
// host over plain http sends LabSecureHTTPLine from the server (POST
// /lab/set) and writes LabSecureHTTPScriptLine to document.cookie, then
// reports to itself (LabKindSecureHTTP, with the scheme it arrived by).
const (
	LabKindSecureHTTP       = "secure-http"
	LabTaskSecureHTTP       = "secure-http"
	LabSecureHTTPLine       = "lab-sec-plain-http=1; Path=/; Secure"
	LabSecureHTTPScriptLine = "lab-sec-plain-js=1; Path=/; Secure"
)

// Tasks of the probe page (?task=).
const (
	LabTaskSameSite     = "samesite"
	LabTaskChipsSet     = "chips-set"
	LabTaskChipsTop     = "chips-top"
	LabTaskChipsClear   = "chips-clear"
	LabTaskAccess       = "access"
	LabTaskStorageSet   = "sa-set"
	LabTaskStorageClear = "sa-clear"
)

// LabStorageSetLines are the lines the probe sets from its iframe in the
// lab page for the Storage Access experiment, before it asks for storage
// access: an unpartitioned third-party cookie and a Partitioned one.
var LabStorageSetLines = []string{
	"lab-sa-shared=1; Path=/; Secure; SameSite=None",
	"lab-sa-part=1; Path=/; Secure; SameSite=None; Partitioned",
}

// LabStorageClearLines expire LabStorageSetLines.
var LabStorageClearLines = []string{
	"lab-sa-shared=; Path=/; Max-Age=0; Secure; SameSite=None",
	"lab-sa-part=; Path=/; Max-Age=0; Secure; SameSite=None; Partitioned",
}

// LabChipsSetLines are the lines the probe sets from its iframe in the lab
// page: one Partitioned cookie and one unpartitioned third-party cookie.
// They are fixed, so the probe cannot be made to set anything else.
var LabChipsSetLines = []string{
	"lab-chips-part=1; Path=/; Secure; SameSite=None; Partitioned",
	"lab-chips-shared=1; Path=/; Secure; SameSite=None",
}

// LabChipsClearLines expire LabChipsSetLines: a partitioned cookie is
// deleted only by a Partitioned line, from the same partition.
var LabChipsClearLines = []string{
	"lab-chips-part=; Path=/; Max-Age=0; Secure; SameSite=None; Partitioned",
	"lab-chips-shared=; Path=/; Max-Age=0; Secure; SameSite=None",
}

// LabRecord is one request of a cross-site run as the server received it.
type LabRecord struct {
	Kind string `json:"kind"`
	// Case names the case of an experiment with many requests of a kind.
	Case   string `json:"case,omitempty"`
	Method string `json:"method"`
	Host   string `json:"host"`
	// Cookie holds the lab cookies of the Cookie header, in header order.
	Cookie string `json:"cookie"`
	// Scheme is the scheme the request arrived by, for the Secure
	// experiment's plain-http request (a browser may have upgraded it).
	Scheme string `json:"scheme,omitempty"`
	// Others is how many cookies that are not the lab's the request
	// carried: the limits experiment fills a site only where there are none.
	Others int `json:"others,omitempty"`
	// Doc holds the lab cookies document.cookie showed the page that made
	// the request, when it said (the Partitioned experiment).
	Doc string `json:"doc,omitempty"`
	// StorageAccess is what document.hasStorageAccess() answered the page
	// that made the request, when it said: "true" when, in an iframe of
	// another site, it may use its unpartitioned (third-party) cookies,
	// "false" when the browser blocks them.
	StorageAccess string `json:"storage_access,omitempty"`
	// AccessRequest is how document.requestStorageAccess(), called without
	// a user gesture, ended for the page that made the request, when it
	// said: "granted" or "rejected".
	AccessRequest string `json:"access_request,omitempty"`
	// The request's Fetch Metadata, which say how the browser saw it.
	SecFetchSite string `json:"sec_fetch_site,omitempty"`
	SecFetchMode string `json:"sec_fetch_mode,omitempty"`
	SecFetchDest string `json:"sec_fetch_dest,omitempty"`
	// At is when the server received the request, by its clock: replicas
	// each record the requests they receive, and the result puts them in
	// this order.
	At time.Time `json:"at"`
}

// LabCORSCookie is the name of the cookie the answer to a case of the
// cross-origin fetch experiment sets.
func LabCORSCookie(c string) string { return "lab-cors-set-" + c }

// LabResultResponse is the answer of GET /lab/xsite/result: the records of
// a run, in arrival order.
type LabResultResponse struct {
	Run     string      `json:"run"`
	Records []LabRecord `json:"records"`
}

// IsLabCookie reports whether a cookie name is one of the lab's: it starts
// with "lab-", after an optional prefix (__Host-, __Secure-, __Http-, __Host-Http-; in any case).
func IsLabCookie(name string) bool {
	return strings.HasPrefix(StripCookiePrefix(name), "lab-")
}

// StripCookiePrefix removes a leading __Host-Http-, __Http-, __Host- or __Secure- (in any case)
// from a cookie name.
func StripCookiePrefix(name string) string {
	for _, p := range []string{"__Host-Http-", "__Http-", "__Host-", "__Secure-"} {
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			return name[len(p):]
		}
	}
	return name
}

// LabCookies returns the lab cookies of a Cookie header or document.cookie
// string, in order, joined by "; ".
func LabCookies(s string) string {
	var out []string
	for _, p := range ParseCookieString(s) {
		if IsLabCookie(p.Name) {
			out = append(out, p.Name+"="+p.Value)
		}
	}
	return strings.Join(out, "; ")
}

// LabOtherSite returns the origin of the other site the lab uses from a page
// at scheme://host (host with an optional port): http://localhost:P for
// 127.0.0.1:P and the reverse. Both reach the same server, and they are
// different sites. It returns "" for any other host: there is no second site.
func LabOtherSite(scheme, host string) string {
	name, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		name, port = host[:i], host[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return ""
		}
	}
	switch strings.ToLower(scheme) {
	case "http", "https":
	default:
		return ""
	}
	var other string
	switch strings.ToLower(name) {
	case "127.0.0.1":
		other = "localhost"
	case "localhost":
		other = "127.0.0.1"
	default:
		return ""
	}
	if port != "" {
		other += ":" + port
	}
	return strings.ToLower(scheme) + "://" + other
}

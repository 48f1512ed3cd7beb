package ui

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labExperiment is one behaviour of the flags lab: a two-line explanation
// and the steps that show it. Run adds the experiment's checks to the env;
// an error ends it early. Every cookie it touches is named after one of its
// stems, so its observations leave other cookies out, and clean expires
// them all, before the experiment (leftovers of an interrupted run) and
// after it, unless the user keeps them.
type labExperiment struct {
	ID      string
	Title   string
	Why     [2]string
	Stems   []string
	Ordered bool // the order of cookies is part of what is checked
	// Window says the experiment needs the lab's window on the other site.
	Window bool
	// PlainWindow says it needs the lab's window on this https page's host
	// over plain http, where the server answers there.
	PlainWindow bool
	// Clean returns lines that expire every cookie the experiment may
	// have set on this page's site.
	Clean func(e *labEnv) []string
	// CleanOther cleans what the experiment set on the other site, if any.
	CleanOther func(e *labEnv) error
	Run        func(e *labEnv) error
}

// labExperiments are the lab's experiments, in the order "Run all" runs
// them; each has a file of its own.
var labExperiments = []*labExperiment{
	labHttpOnly, labHttpOnlyScript, labPath, labMaxAge, labSecure, labSameSite,
	labPrefixes, labSize, labDomain, labPartitioned, labOrder, labDelete,
	labCORS, labHTTPPrefixes, labCookieStore, labStorageAccess, labLimits,
}

// labDeletions returns, for each cookie of cs, the line that deletes it: its
// name, path and domain, with the flags a browser needs to accept the line
// (Secure for a prefixed name), an empty value and Max-Age=0.
func labDeletions(cs ...cookierules.Line) []string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		c.Value, c.HasMaxAge, c.MaxAge = "", true, 0
		lines[i] = c.String()
	}
	return lines
}

// labDeletionsAt returns the lines that delete the cookies names at path.
func labDeletionsAt(path string, names ...string) []string {
	cs := make([]cookierules.Line, len(names))
	for i, n := range names {
		cs[i] = cookierules.Line{Name: n, Path: path}
	}
	return labDeletions(cs...)
}

// cookiesIf returns the cookie list pairs if cond holds, else "" (none).
func cookiesIf(cond bool, pairs string) string {
	if cond {
		return pairs
	}
	return ""
}

// joinCookies joins the non-empty cookie lists of parts with "; ".
func joinCookies(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// pathOn returns the URL of path on the origin of u.
func pathOn(u *url.URL, path string) *url.URL {
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}
}

// cookiePair returns the "name=value" of a Set-Cookie line.
func cookiePair(line string) string {
	p, _ := cookierules.Parse(line)
	return p.Name + "=" + p.Value
}

// cookieListHas reports whether a cookie list holds pair.
func cookieListHas(list, pair string) bool {
	return slices.Contains(strings.Split(list, "; "), pair)
}

// storedWord says whether a line's cookie was stored.
func storedWord(b bool) string {
	if b {
		return "stored"
	}
	return "not stored"
}

// labHeader returns the engine's Cookie header for a request to u. The
// engine knows no third-party cookie blocking, a browser setting: when the
// browser blocks third-party cookies (blocked) and the request is in a
// third-party context, only partitioned cookies are left in, as Chromium
// does.
func labHeader(j *cookierules.Jar, u *url.URL, opt cookierules.RequestOptions, blocked bool) string {
	var out []string
	for _, c := range j.CookiesFor(u, time.Now(), opt) {
		if !blocked || c.Partitioned {
			out = append(out, c.String())
		}
	}
	return strings.Join(out, "; ")
}

// policyNote says what the browser's third-party cookie policy is, and
// how the lab learnt it.
func policyNote(blocked bool) string {
	if blocked {
		return "This browser blocks third-party cookies (document.hasStorageAccess() is false in the other site's iframe): none goes with a cross-site fetch or iframe, whatever its SameSite."
	}
	return "This browser allows third-party cookies (document.hasStorageAccess() is true in the other site's iframe)."
}

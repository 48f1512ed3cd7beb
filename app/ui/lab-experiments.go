package ui

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
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
	// Clean returns lines that expire every cookie the experiment may
	// have set on this page's site.
	Clean func(e *labEnv) []string
	// CleanOther cleans what the experiment set on the other site, if any.
	CleanOther func(e *labEnv) error
	Run        func(e *labEnv) error
}

// expire returns the line that deletes the cookie name with the given
// path; extra attributes follow (Secure, for the prefixes).
func expire(name, path string, extra ...string) string {
	return strings.Join(append([]string{name + "=", "Path=" + path, "Max-Age=0"}, extra...), "; ")
}

// when returns s if cond holds, else "".
func when(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// join joins the non-empty cookie lists of parts.
func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// Lines the size experiment sends.
var (
	labSize4096     = "lab-size-4096=" + strings.Repeat("a", 4096-len("lab-size-4096"))
	labSize4097     = "lab-size-4097=" + strings.Repeat("b", 4097-len("lab-size-4097"))
	labLongPath1025 = "/lab/" + strings.Repeat("p", 1025-len("/lab/"))
	labLongPath1024 = api.LabDeepPrefix + strings.Repeat("p", 1024-len(api.LabDeepPrefix))
)

// labExperiments are the lab's experiments, in the order "Run all" runs
// them.
var labExperiments = []*labExperiment{
	{
		ID:    "httponly",
		Title: "HttpOnly hides a cookie from scripts",
		Why: [2]string{
			"A cookie the server sets with HttpOnly is left out of document.cookie, so no script can read it.",
			"The browser still sends it with every request, so the server receives it.",
		},
		Stems: []string{"lab-ho-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-ho-hidden", "/"), expire("lab-ho-shown", "/")}
		},
		Run: func(e *labEnv) error {
			if _, err := e.serverSet("lab-ho-hidden=1; Path=/; HttpOnly", "lab-ho-shown=1; Path=/"); err != nil {
				return err
			}
			e.checkDoc("doc", "document.cookie on this page", "lab-ho-shown=1")
			e.checkEcho("server", "Cookie header of GET /lab/echo", api.LabEchoPath, "lab-ho-hidden=1; lab-ho-shown=1")
			return nil
		},
	},
	{
		ID:    "httponly-script",
		Title: "Script cannot create or overwrite an HttpOnly cookie",
		Why: [2]string{
			"document.cookie ignores a line with the HttpOnly attribute: a script cannot create an HttpOnly cookie.",
			"Nor can it overwrite one the server set: the server keeps receiving the server's value.",
		},
		Stems: []string{"lab-hs-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-hs-made", "/"), expire("lab-hs-owned", "/")}
		},
		Run: func(e *labEnv) error {
			v := e.scriptSet("lab-hs-made=script; Path=/; HttpOnly")
			e.checkDoc("create-doc", `document.cookie after document.cookie = "lab-hs-made=script; Path=/; HttpOnly"`, "")
			e.checkEcho("create-server", "Cookie header of GET /lab/echo after that write", api.LabEchoPath, "")
			e.checks[len(e.checks)-1].Note = verdictNote(v)
			if _, err := e.serverSet("lab-hs-owned=server; Path=/; HttpOnly"); err != nil {
				return err
			}
			v = e.scriptSet("lab-hs-owned=script; Path=/")
			e.checkEcho("overwrite-server", `Cookie header of GET /lab/echo after the server set lab-hs-owned=server (HttpOnly) and a script wrote "lab-hs-owned=script; Path=/"`, api.LabEchoPath, "lab-hs-owned=server")
			e.checks[len(e.checks)-1].Note = verdictNote(v)
			e.checkDoc("overwrite-doc", "document.cookie then", "")
			return nil
		},
	},
	{
		ID:    "path",
		Title: "Path limits where a cookie is sent",
		Why: [2]string{
			"A cookie with Path=/lab/deep goes only with requests for /lab/deep and the paths under it, not with one for /lab/echo.",
			"This page, /lab, is outside that path too, so its document.cookie does not show the cookie.",
		},
		Stems: []string{"lab-path-"},
		Clean: func(e *labEnv) []string { return []string{expire("lab-path-deep", "/lab/deep")} },
		Run: func(e *labEnv) error {
			if _, err := e.serverSet("lab-path-deep=1; Path=/lab/deep"); err != nil {
				return err
			}
			e.checkEcho("inside", "Cookie header of GET /lab/deep/echo", api.LabDeepEchoPath, "lab-path-deep=1")
			e.checkEcho("outside", "Cookie header of GET /lab/echo", api.LabEchoPath, "")
			e.checkDoc("doc", "document.cookie on /lab", "")
			return nil
		},
	},
	{
		ID:    "max-age",
		Title: "Max-Age: expiry in seconds, zero deletes, and it beats Expires",
		Why: [2]string{
			"Max-Age=3 makes a cookie vanish three seconds after it is set, and Max-Age=0 deletes a cookie at once.",
			"A line with both Max-Age and Expires follows Max-Age, whichever of the two is longer.",
		},
		Stems: []string{"lab-age-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-age-short", "/"), expire("lab-age-zero", "/"), expire("lab-age-wins", "/"), expire("lab-age-loses", "/")}
		},
		Run: func(e *labEnv) error {
			past := "Thu, 01 Jan 1970 00:00:00 GMT"
			future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
			if _, err := e.serverSet(
				"lab-age-short=1; Path=/; Max-Age=3",
				"lab-age-zero=1; Path=/",
				"lab-age-wins=1; Path=/; Expires="+past+"; Max-Age=60",
				"lab-age-loses=1; Path=/; Expires="+future+"; Max-Age=0",
			); err != nil {
				return err
			}
			set := time.Now()
			e.checkDoc("set", "document.cookie right after Max-Age=3, a plain cookie, Expires in the past with Max-Age=60, and Expires in an hour with Max-Age=0", "lab-age-short=1; lab-age-wins=1; lab-age-zero=1")
			if _, err := e.serverSet("lab-age-zero=; Path=/; Max-Age=0"); err != nil {
				return err
			}
			e.checkEcho("zero", "Cookie header of GET /lab/echo after lab-age-zero=; Max-Age=0", api.LabEchoPath, "lab-age-short=1; lab-age-wins=1")
			// Chromium's clock started when the answer arrived, a little
			// before set: half a second more is enough for both.
			e.countdown(time.Until(set.Add(3500*time.Millisecond)), func(left time.Duration) string {
				if left > 500*time.Millisecond {
					return fmt.Sprintf("lab-age-short expires in %.1f s…", (left - 500*time.Millisecond).Seconds())
				}
				return "lab-age-short has expired; looking again…"
			})
			e.checkDoc("expired-doc", "document.cookie 3.5 s after it was set", "lab-age-wins=1")
			e.checkEcho("expired-server", "Cookie header of GET /lab/echo 3.5 s after", api.LabEchoPath, "lab-age-wins=1")
			e.say("")
			return nil
		},
	},
	{
		ID:    "secure",
		Title: "Secure cookies need a secure origin",
		Why: [2]string{
			"A Secure cookie is accepted only from a secure origin: https, or plain http on localhost and 127.0.0.1, which Chromium counts as secure.",
			"On any other plain-http origin the browser ignores the line, whether the server or a script sends it.",
		},
		Stems: []string{"lab-sec-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-sec-http", "/", "Secure"), expire("lab-sec-js", "/", "Secure")}
		},
		Run: func(e *labEnv) error {
			const serverLine, scriptLine = "lab-sec-http=1; Path=/; Secure", "lab-sec-js=1; Path=/; Secure"
			if _, err := e.serverSet(serverLine); err != nil {
				return err
			}
			e.scriptSet(scriptLine)
			here := "Secure cookies are accepted on " + e.page.Scheme + "://" + e.page.Host + ": " + yesNo(e.secure)
			want := when(e.secure, "lab-sec-http=1; lab-sec-js=1")
			e.checkDoc("here-doc", "document.cookie on this page ("+here+")", want)
			e.checkEcho("here-server", "Cookie header of GET /lab/echo", api.LabEchoPath, want)

			// The other kind of origin, which this page is not on.
			elsewhere, why := "http://playground.example", "This page is on a secure origin, and the browser offers no plain-http one to try, so the engine shows it."
			if !e.secure {
				elsewhere, why = "https://"+e.page.Host, "This page is on a plain-http origin, so the engine shows what a secure one does."
			}
			j := cookierules.NewJar()
			now := time.Now()
			u, _ := url.Parse(elsewhere)
			v := j.SetCookie(at(u, api.LabSetPath), serverLine, cookierules.FromHTTP, now)
			j.SetCookie(at(u, api.LabPath), scriptLine, cookierules.FromScript, now)
			e.predict("elsewhere", "Cookie header of GET "+elsewhere+"/lab/echo after the same two lines there",
				when(!e.secure, "lab-sec-http=1; lab-sec-js=1"), j.CookieHeader(at(u, api.LabEchoPath), now), why+" "+verdictNote(v))
			return nil
		},
	},
	{
		ID:    "samesite",
		Title: "SameSite across sites",
		Why: [2]string{
			"A SameSite=Strict cookie goes only with requests from its own site; a Lax one also with top-level GET navigations from another site.",
			"A SameSite=None cookie (it must be Secure) goes with every cross-site request, fetches, iframes and form POSTs too, unless the browser blocks third-party cookies, which keeps it from fetches and iframes.",
		},
		Stems:  []string{"lab-ss-"},
		Window: true,
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-ss-strict", "/"), expire("lab-ss-lax", "/"), expire("lab-ss-none", "/", "Secure")}
		},
		Run: runSameSite,
	},
	{
		ID:    "prefixes",
		Title: "Cookie name prefixes: __Secure- and __Host-",
		Why: [2]string{
			"A __Secure- cookie must be Secure and come from a secure origin; a __Host- cookie must also have Path=/ and no Domain (Chromium lets an IP address name itself).",
			"A line that breaks its prefix's rules is ignored, and the prefixes count in any letter case.",
		},
		Stems: []string{"lab-pre-"},
		Clean: func(e *labEnv) []string {
			return []string{
				expire("__Host-lab-pre-ok", "/", "Secure"), expire("__Secure-lab-pre-ok", "/", "Secure"),
				// In case a browser took one it should not have.
				expire("__Host-lab-pre-domain", "/", "Secure"), expire("__Host-lab-pre-insecure", "/"),
				expire("__Secure-lab-pre-insecure", "/"), expire("__secure-lab-pre-case", "/"),
			}
		},
		Run: func(e *labEnv) error {
			host := e.page.Hostname()
			lines := []struct {
				id, line, why string
				ok            bool
			}{
				{"host-ok", "__Host-lab-pre-ok=1; Path=/; Secure", "Secure, Path=/, no Domain", e.secure},
				{"host-path", "__Host-lab-pre-path=1; Path=/lab; Secure", "Path is not /", false},
				{"host-domain", "__Host-lab-pre-domain=1; Path=/; Secure; Domain=" + host, "a Domain naming this host", e.secure && net.ParseIP(host) != nil},
				{"host-insecure", "__Host-lab-pre-insecure=1; Path=/", "not Secure", false},
				{"secure-ok", "__Secure-lab-pre-ok=1; Path=/; Secure", "Secure", e.secure},
				{"secure-insecure", "__Secure-lab-pre-insecure=1; Path=/", "not Secure", false},
				{"secure-case", "__secure-lab-pre-case=1; Path=/", "not Secure, prefix in lower case", false},
			}
			var all []string
			for _, l := range lines {
				all = append(all, l.line)
			}
			vs, err := e.serverSet(all...)
			if err != nil {
				return err
			}
			// Every line's path covers /lab/echo: a cookie stored is a
			// cookie sent there.
			browser, err := e.echo(api.LabEchoPath, "lines")
			engine := e.cookies(e.jar.CookieHeaderFor(e.at(api.LabEchoPath), time.Now(), cookierules.RequestOptions{}))
			for i, l := range lines {
				pair := cookiePair(l.line)
				b := storedWord(contains(browser, pair))
				if err != nil {
					b = labErrorPrefix + err.Error()
				}
				e.checks = append(e.checks, labCheck{
					ID: l.id, Label: "Set-Cookie: " + l.line + " (" + l.why + "). Stored? GET /lab/echo tells.",
					Mode: labReal, Expected: storedWord(l.ok), Browser: b, Engine: storedWord(contains(engine, pair)),
					Note: verdictNote(vs[i]), Pair: pair,
				})
			}
			return nil
		},
	},
	{
		ID:    "size",
		Title: "Size limits: 4096 bytes of name and value, 1024 per attribute",
		Why: [2]string{
			"A cookie's name and value may hold 4096 bytes together, the '=' between them not counted; one byte more and the whole line is ignored.",
			"An attribute value over 1024 bytes is ignored on its own: a 1025-byte Path gives way to the default path, here /lab.",
		},
		Stems: []string{"lab-size-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-size-4096", "/"), expire("lab-size-4097", "/"), expire("lab-size-path", "/lab"),
				expire("lab-size-path", "/"), expire("lab-size-p1024", labLongPath1024)}
		},
		Run: func(e *labEnv) error {
			if _, err := e.serverSet(labSize4096+"; Path=/", labSize4097+"; Path=/",
				"lab-size-path=1; Path="+labLongPath1025, "lab-size-p1024=1; Path="+labLongPath1024); err != nil {
				return err
			}
			e.checkEcho("lab", "Cookie header of GET /lab/echo: the 4096-byte cookie, not the 4097-byte one, and the one whose 1025-byte Path was ignored", api.LabEchoPath, labSize4096+"; lab-size-path=1")
			e.checkEcho("outside", "Cookie header of GET /api/cookies, outside /lab: the default path was /lab, not /", api.CookiesPath, labSize4096)
			e.checkEcho("long-path", "Cookie header of GET "+labLongPath1024[:20]+"…, the 1024-byte Path, which was kept (/lab covers it too)", labLongPath1024, labSize4096+"; lab-size-p1024=1; lab-size-path=1")
			return nil
		},
	},
	{
		ID:    "domain",
		Title: "Domain: host-only or shared with subdomains",
		Why: [2]string{
			"Without a Domain attribute a cookie is host-only: it returns to exactly the host that set it. With Domain=example.com it also goes to every subdomain, such as shop.example.com.",
			"A host may name only itself or a parent domain that is not a public suffix; a Domain naming another site makes the browser ignore the line.",
		},
		Stems: []string{"lab-dom-"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-dom-host", "/"), expire("lab-dom-self", "/", "Domain="+e.page.Hostname()), expire("lab-dom-self", "/"),
				expire("lab-dom-foreign", "/", "Domain=example.com")}
		},
		Run: func(e *labEnv) error {
			host := e.page.Hostname()
			if _, err := e.serverSet("lab-dom-host=1; Path=/", "lab-dom-self=1; Path=/; Domain="+host, "lab-dom-foreign=1; Path=/; Domain=example.com"); err != nil {
				return err
			}
			e.checkEcho("here", "Cookie header of GET /lab/echo after a host-only cookie, Domain="+host+" and Domain=example.com", api.LabEchoPath, "lab-dom-host=1; lab-dom-self=1")
			if e.sub != "" {
				e.checkSubdomainEcho("subdomain", "lab-dom-self=1")
				return nil
			}

			why := "The lab cannot request another host of this page's domain, so the engine shows what a subdomain receives."
			switch {
			case net.ParseIP(strings.Trim(host, "[]")) != nil:
				why = host + " is an IP address: it has no subdomains, and Domain=" + host + " gives a host-only cookie. The engine shows what a subdomain of a real domain receives."
			case cookierules.IsLocalhost(host):
				why = host + " is not a registrable domain: a Domain attribute can only name it exactly, which gives a host-only cookie. The engine shows what a subdomain of a real domain receives."
			}
			j := cookierules.NewJar()
			now := time.Now()
			www, _ := url.Parse("https://www.example.com/")
			j.SetCookie(www, "lab-dom-host=1; Path=/", cookierules.FromHTTP, now)
			j.SetCookie(www, "lab-dom-wide=1; Path=/; Domain=example.com", cookierules.FromHTTP, now)
			shop, _ := url.Parse("https://shop.example.com/")
			e.predict("subdomain", "Cookie header of GET https://shop.example.com/ after www.example.com set lab-dom-host=1 and lab-dom-wide=1; Domain=example.com",
				"lab-dom-wide=1", j.CookieHeader(shop, now), why)
			return nil
		},
	},
	{
		ID:    "partitioned",
		Title: "Partitioned (CHIPS) cookies in a cross-site iframe",
		Why: [2]string{
			"A cookie that another site's iframe sets with Partitioned goes into a jar kept for this top-level site only, even where third-party cookies are blocked.",
			"The other site reads it in its iframe here but not as a top-level page, where only its unpartitioned cookie shows (if third-party cookies are allowed).",
		},
		Stems:      []string{"lab-chips-"},
		Window:     true,
		Clean:      func(e *labEnv) []string { return nil },
		CleanOther: cleanPartitioned,
		Run:        runPartitioned,
	},
	{
		ID:      "order",
		Title:   "Order in the Cookie header: longer paths first",
		Ordered: true,
		Why: [2]string{
			"When several cookies match a request, the browser lists those with longer paths first in the Cookie header.",
			"Among equal paths the older cookie comes first: the order is neither the order of the lines nor alphabetical.",
		},
		Stems: []string{"lab-ord"},
		Clean: func(e *labEnv) []string {
			return []string{expire("lab-ord", "/"), expire("lab-ord", "/lab"), expire("lab-ord", "/lab/deep"), expire("lab-ord-a", "/"), expire("lab-ord-b", "/")}
		},
		Run: func(e *labEnv) error {
			if _, err := e.serverSet("lab-ord=root; Path=/", "lab-ord=lab; Path=/lab", "lab-ord=deep; Path=/lab/deep"); err != nil {
				return err
			}
			if _, err := e.serverSet("lab-ord-b=1; Path=/"); err != nil {
				return err
			}
			if _, err := e.serverSet("lab-ord-a=1; Path=/"); err != nil {
				return err
			}
			e.checkEcho("deep", "Cookie header of GET /lab/deep/echo (lab-ord set with Path=/, /lab and /lab/deep, then lab-ord-b, then lab-ord-a)", api.LabDeepEchoPath,
				"lab-ord=deep; lab-ord=lab; lab-ord=root; lab-ord-b=1; lab-ord-a=1")
			e.checkDoc("doc", "document.cookie on /lab", "lab-ord=lab; lab-ord=root; lab-ord-b=1; lab-ord-a=1")
			return nil
		},
	},
	{
		ID:    "delete",
		Title: "Deleting needs the same name, path and domain",
		Why: [2]string{
			"A cookie is deleted by setting it again already expired, with the same name, path and domain.",
			"Expired with another path nothing happens: document.cookie on /lab writes Path=/ by default, so it cannot delete a Path=/lab cookie.",
		},
		Stems: []string{"lab-del"},
		Clean: func(e *labEnv) []string { return []string{expire("lab-del", "/lab"), expire("lab-del", "/")} },
		Run: func(e *labEnv) error {
			if _, err := e.serverSet("lab-del=1; Path=/lab"); err != nil {
				return err
			}
			e.checkDoc("set", "document.cookie after the server set lab-del=1; Path=/lab", "lab-del=1")
			v := e.scriptSet("lab-del=; Max-Age=0")
			e.checkDoc("script-wrong-path", `document.cookie after document.cookie = "lab-del=; Max-Age=0" (default path /)`, "lab-del=1")
			e.checks[len(e.checks)-1].Note = verdictNote(v)
			if _, err := e.serverSet("lab-del=; Path=/; Max-Age=0"); err != nil {
				return err
			}
			e.checkEcho("server-wrong-path", "Cookie header of GET /lab/echo after Set-Cookie: lab-del=; Path=/; Max-Age=0", api.LabEchoPath, "lab-del=1")
			if _, err := e.serverSet("lab-del=; Path=/lab; Max-Age=0"); err != nil {
				return err
			}
			e.checkEcho("right-path", "Cookie header of GET /lab/echo after Set-Cookie: lab-del=; Path=/lab; Max-Age=0", api.LabEchoPath, "")
			e.checkDoc("right-path-doc", "document.cookie then", "")
			return nil
		},
	},
	labCORS, labHTTPPrefixes, labCookieStore,
}

// at returns the URL of path on the origin of u.
func at(u *url.URL, path string) *url.URL {
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}
}

// cookiePair returns the "name=value" of a Set-Cookie line.
func cookiePair(line string) string {
	p, _ := cookierules.Parse(line)
	return p.Name + "=" + p.Value
}

// contains reports whether a cookie list holds pair.
func contains(list, pair string) bool {
	for p := range strings.SplitSeq(list, "; ") {
		if p == pair {
			return true
		}
	}
	return false
}

// storedWord says whether a line's cookie was stored.
func storedWord(b bool) string {
	if b {
		return "stored"
	}
	return "not stored"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Lines of the SameSite experiment.
var labSameSiteLines = []string{
	"lab-ss-strict=1; Path=/; SameSite=Strict",
	"lab-ss-lax=1; Path=/; SameSite=Lax",
	"lab-ss-none=1; Path=/; SameSite=None; Secure",
}

// labCrossSite describes the requests of the SameSite experiment: which
// engine context each is, which cookies the explanation sends, and whether
// it is a third-party context (an embedded request, which a browser that
// blocks third-party cookies sends without them).
var labCrossSite = []struct {
	kind, label string
	context     cookierules.SiteContext
	lax         bool // Lax cookies go too
	thirdParty  bool
}{
	{api.LabKindFetch, "fetch() with credentials", cookierules.ContextCrossSite, false, true},
	{api.LabKindIframe, "an iframe", cookierules.ContextCrossSite, false, true},
	{api.LabKindForm, "a top-level form POST", cookierules.ContextCrossSite, false, false},
	{api.LabKindNav, "a top-level GET navigation", cookierules.ContextCrossSiteTopLevel, true, false},
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

// thirdPartyBlocked asks the other site's iframe in this page whether the
// browser lets it use its unpartitioned cookies.
func (e *labEnv) thirdPartyBlocked(run string) (bool, error) {
	e.inFrame(run, api.LabTaskAccess)
	recs, err := e.waitFor(run, api.LabKindAccess)
	if err != nil {
		return false, err
	}
	return recs[api.LabKindAccess].StorageAccess == "false", nil
}

// runSameSite sets the three SameSite cookies here, then has the probe on
// the other site make the four kinds of cross-site request back to this
// one, and reads what the server recorded of each.
func runSameSite(e *labEnv) error {
	if _, err := e.serverSet(labSameSiteLines...); err != nil {
		return err
	}
	none := when(e.secure, "lab-ss-none=1")
	e.checkEcho("same-site", "Cookie header of GET /lab/echo from this page (same site)", api.LabEchoPath, join("lab-ss-strict=1", "lab-ss-lax=1", none))
	hit := e.at(api.LabHitPath)
	expect := func(lax, thirdParty, blocked bool) string {
		return join(when(lax, "lab-ss-lax=1"), when(!(thirdParty && blocked), none))
	}

	why := ""
	switch {
	case e.other == "":
		why = "This page is on " + e.page.Host + ", and the lab has a second site only for localhost and 127.0.0.1 (open the lab on one of them to run it), so the engine shows it, for a browser that allows third-party cookies."
	case !labWindowOpen(e.window):
		why = "The browser blocked the lab's window on " + e.other + ": allow pop-ups for this site to run it for real. The engine shows it, for a browser that allows third-party cookies."
	}
	if why != "" {
		for _, x := range labCrossSite {
			e.predict(x.kind, "Cookie header of "+x.label+" from another site to this one", expect(x.lax, x.thirdParty, false),
				labHeader(e.jar, hit, cookierules.RequestOptions{Context: x.context}, false), why)
		}
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.say("Asking the other site's iframe whether this browser allows third-party cookies…")
	blocked, err := e.thirdPartyBlocked(run)
	if err != nil {
		return err
	}
	e.say("The other site, " + e.other + ", makes its requests in the lab's window…")
	if err := e.inWindow(run, api.LabTaskSameSite); err != nil {
		return err
	}
	recs, err := e.waitFor(run, api.LabKindFetch, api.LabKindIframe, api.LabKindForm, api.LabKindNav)
	e.say("")
	for _, x := range labCrossSite {
		c := labCheck{ID: x.kind, Label: "Cookie header of " + x.label + " from " + e.other + " to this site", Mode: labReal,
			Expected: expect(x.lax, x.thirdParty, blocked),
			Engine:   labHeader(e.jar, hit, cookierules.RequestOptions{Context: x.context}, blocked && x.thirdParty), Run: run}
		if r, ok := recs[x.kind]; ok {
			c.Browser, c.Note = r.Cookie, recordNote(r)
		} else {
			c.Browser = labErrorPrefix + err.Error()
		}
		if x.thirdParty {
			c.Note += " " + policyNote(blocked)
		}
		e.add(c)
	}
	return nil
}

// runPartitioned has the other site set a Partitioned and an unpartitioned
// cookie from its iframe in this page, read them there, then read them as
// a top-level page in the lab's window, and (unless kept) clear them from
// the iframe again. The engine has no partitions: the lab gives it one jar
// for the iframe, which holds both cookies, and one for the other site at
// the top level, which holds only the unpartitioned one. Where the browser
// blocks third-party cookies, the iframe may not set or send its
// unpartitioned cookie at all (labHeader).
func runPartitioned(e *labEnv) error {
	other := e.other
	why := ""
	switch {
	case e.other == "":
		other = "https://frame.example"
		why = "This page is on " + e.page.Host + ", and the lab has a second site only for localhost and 127.0.0.1, so the engine shows it for an iframe from " + other + ", in a browser that allows third-party cookies."
	case !labWindowOpen(e.window):
		why = "The browser blocked the lab's window on " + e.other + ": allow pop-ups for this site to run it for real. The engine shows it, for a browser that allows third-party cookies."
	}
	ou, _ := url.Parse(other)
	hit, probe, set := at(ou, api.LabHitPath), at(ou, api.LabProbePath), at(ou, api.LabSetPath)
	frameJar, topJar := cookierules.NewJar(), cookierules.NewJar()
	blocked := false
	var verdicts []cookierules.Verdict
	feed := func(lines []string) {
		now := time.Now()
		verdicts = verdicts[:0]
		for _, l := range lines {
			p, err := cookierules.Parse(l)
			if err == nil && !p.Partitioned && blocked {
				continue // a third-party cookie, refused
			}
			verdicts = append(verdicts, frameJar.SetCookie(set, l, cookierules.FromHTTP, now))
			if err == nil && !p.Partitioned {
				topJar.SetCookie(set, l, cookierules.FromHTTP, now)
			}
		}
	}
	inFrame := func() (header, doc string) {
		return labHeader(frameJar, hit, cookierules.RequestOptions{Context: cookierules.ContextCrossSite}, blocked),
			labHeader(frameJar, probe, cookierules.RequestOptions{Script: true, Context: cookierules.ContextCrossSite}, blocked)
	}
	atTop := func() (header, doc string) {
		now := time.Now()
		return topJar.CookieHeaderFor(hit, now, cookierules.RequestOptions{}), topJar.DocumentCookie(probe, now)
	}
	expectFrame := func() string { return join("lab-chips-part=1", when(!blocked, "lab-chips-shared=1")) }
	expectTop := func() string { return when(!blocked, "lab-chips-shared=1") }
	const (
		frameServer = "Cookie header the other site received from its iframe in this page"
		frameDoc    = "document.cookie in that iframe"
		topServer   = "Cookie header the other site received from its own top-level window"
		topDoc      = "document.cookie in that window"
		cleared     = "Cookie header the other site received from its iframe after expiring both (Partitioned again for the partitioned one)"
	)

	if why != "" {
		feed(api.LabChipsSetLines)
		h, d := inFrame()
		e.predict("frame-server", frameServer, expectFrame(), h, why)
		e.predict("frame-doc", frameDoc, expectFrame(), d, why)
		h, d = atTop()
		e.predict("top-server", topServer, expectTop(), h, why)
		e.predict("top-doc", topDoc, expectTop(), d, why)
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	record := func(kind string) (api.LabRecord, error) {
		recs, err := e.waitFor(run, kind)
		return recs[kind], err
	}
	e.say("The other site sets its cookies from an iframe in this page…")
	e.inFrame(run, api.LabTaskChipsSet)
	r, err := record(api.LabKindChipsFrame)
	if err != nil {
		return err
	}
	blocked = r.StorageAccess == "false"
	feed(api.LabChipsSetLines)
	note := verdictNote(verdicts[0]) + " " + recordNote(r) + " " + policyNote(blocked)
	h, d := inFrame()
	e.add(labCheck{ID: "frame-server", Label: frameServer, Mode: labReal, Expected: expectFrame(), Browser: r.Cookie, Engine: h, Note: note, Run: run})
	e.add(labCheck{ID: "frame-doc", Label: frameDoc, Mode: labReal, Expected: expectFrame(), Browser: r.Doc, Engine: d, Run: run})

	e.say("The other site reads its cookies as a top-level page, in the lab's window…")
	if err := e.inWindow(run, api.LabTaskChipsTop); err != nil {
		return err
	}
	if r, err = record(api.LabKindChipsTop); err != nil {
		return err
	}
	h, d = atTop()
	e.add(labCheck{ID: "top-server", Label: topServer, Mode: labReal, Expected: expectTop(), Browser: r.Cookie, Engine: h, Note: recordNote(r), Run: run})
	e.add(labCheck{ID: "top-doc", Label: topDoc, Mode: labReal, Expected: expectTop(), Browser: r.Doc, Engine: d, Run: run})

	if !e.keep {
		e.say("The other site expires its cookies from the iframe…")
		e.inFrame(run, api.LabTaskChipsClear)
		if r, err = record(api.LabKindChipsClear); err != nil {
			return err
		}
		feed(api.LabChipsClearLines)
		h, _ = inFrame()
		e.add(labCheck{ID: "cleared", Label: cleared, Mode: labReal, Expected: "", Browser: r.Cookie, Engine: h, Note: recordNote(r), Run: run})
	}
	e.say("")
	return nil
}

// cleanPartitioned expires the Partitioned experiment's cookies on the
// other site, from an iframe in this page (the partitioned cookie's only
// way back), if the page has another site.
func cleanPartitioned(e *labEnv) error {
	if e.other == "" || !app.IsClient {
		return nil
	}
	defer e.removeFrames()
	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.inFrame(run, api.LabTaskChipsClear)
	_, err = e.waitFor(run, api.LabKindChipsClear)
	return err
}

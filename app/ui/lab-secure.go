package ui

import (
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labSecure shows that Secure cookies are accepted only from a secure
// origin, and sent only there. From an https page whose host the server
// also answers over plain http, the lab's window shows the plain-http half
// for real; elsewhere the engine shows the kind of origin this page is not
// on.
var labSecure = &labExperiment{
	ID:    "secure",
	Title: "Secure cookies need a secure origin",
	Why: [2]string{
		"A Secure cookie is accepted only from a secure origin: https, or plain http on localhost and 127.0.0.1, which Chromium counts as secure.",
		"On any other plain-http origin the browser ignores the line (SecureOnly), whether the server or a script sends it, and it sends no Secure cookie there.",
	},
	Stems:       []string{"lab-sec-"},
	PlainWindow: true,
	Clean: func(e *labEnv) []string {
		return labDeletions(cookierules.Line{Name: "lab-sec-http", Path: "/", Secure: true}, cookierules.Line{Name: "lab-sec-js", Path: "/", Secure: true},
			cookierules.Line{Name: cookiePairName(api.LabSecureHTTPLine), Path: "/"}, cookierules.Line{Name: cookiePairName(api.LabSecureHTTPScriptLine), Path: "/"})
	},
	Run: runSecure,
}

func runSecure(e *labEnv) error {
	const serverLine, scriptLine = "lab-sec-http=1; Path=/; Secure", "lab-sec-js=1; Path=/; Secure"
	if _, err := e.serverSet(serverLine); err != nil {
		return err
	}
	e.scriptSet(scriptLine)
	accepted := "no"
	if e.secure {
		accepted = "yes"
	}
	here := "Secure cookies are accepted on " + e.page.Scheme + "://" + e.page.Host + ": " + accepted
	want := cookiesIf(e.secure, "lab-sec-http=1; lab-sec-js=1")
	e.checkDoc("here-doc", "document.cookie on this page ("+here+")", want)
	e.checkEcho("here-server", "Cookie header of GET /lab/echo", api.LabEchoPath, want)

	// The other kind of origin, which this page is not on.
	switch {
	case !e.secure:
		predictSecureElsewhere(e, "https://"+e.page.Host, "This page is on a plain-http origin, so the engine shows what a secure one does.")
		return nil
	case e.page.Scheme != "https" || e.plain == "":
		predictSecureElsewhere(e, "http://playground.example", "This page is on a secure origin, and the server answers no plain-http one for it to try (see -http-redirect), so the engine shows it.")
		return nil
	case !labWindowOpen(e.window):
		predictSecureElsewhere(e, e.plain, "The browser blocked the lab's window on "+e.plain+": allow pop-ups for this site to run it for real. The engine shows it.")
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.say("The lab's window on " + e.plain + " tries both Secure lines over plain http…")
	if err := e.inWindowAt(e.plain, run, api.LabTaskSecureHTTP); err != nil {
		return err
	}
	recs, err := e.waitFor(run, api.LabKindSecureHTTP)
	if err != nil {
		return err
	}
	r := recs[api.LabKindSecureHTTP]
	if r.Scheme != "http" {
		predictSecureElsewhere(e, e.plain, "The browser took the lab's window on "+e.plain+" to "+orNone(r.Scheme)+" (HTTPS-Upgrades or HSTS), so the engine shows plain http.")
		return nil
	}
	pu, _ := url.Parse(e.plain)
	top, fetch := windowContexts(pu)
	now := time.Now()
	setCtx := fetch
	setCtx.URL = pathOn(pu, api.LabSetPath)
	vHTTP := e.jar.SetCookieIn(setCtx, api.LabSecureHTTPLine, cookierules.FromHTTP, now)
	vJS := e.jar.SetCookieIn(top, api.LabSecureHTTPScriptLine, cookierules.FromScript, now)
	e.add(labCheck{ID: "elsewhere", Label: "Cookie header of GET " + e.plain + api.LabHitPath + " from the lab's window, after " + e.plain + " sent " + api.LabSecureHTTPLine + " and wrote " + api.LabSecureHTTPScriptLine,
		Mode: labReal, Expected: "", Browser: r.Cookie, Engine: e.jar.CookiesIn(fetch, now).CookieHeader,
		Note: "The Secure cookies this page set are not sent over plain http, and the two lines there were refused. " + verdictNote(vHTTP) + " " + recordNote(r), Run: run})
	e.add(labCheck{ID: "elsewhere-doc", Label: "document.cookie in that window", Mode: labReal, Expected: "", Browser: r.Doc,
		Engine: e.jar.DocumentCookieIn(top, now), Note: verdictNote(vJS), Run: run})
	e.say("")
	return nil
}

// windowContexts returns the engine's contexts of the lab's window as a
// top-level page on origin u, and of its fetches to the hit route.
func windowContexts(u *url.URL) (top, fetch cookierules.RequestContext) {
	probe := pathOn(u, api.LabProbePath)
	top = cookierules.RequestContext{URL: probe, Kind: cookierules.KindNavigation}
	fetch = cookierules.RequestContext{URL: pathOn(u, api.LabHitPath), TopLevelURL: probe, Initiator: u, Kind: cookierules.KindFetch}
	return top, fetch
}

// predictSecureElsewhere has the engine show the two Secure lines set on
// the kind of origin this page is not on, elsewhere, and why.
func predictSecureElsewhere(e *labEnv, elsewhere, why string) {
	const serverLine, scriptLine = "lab-sec-http=1; Path=/; Secure", "lab-sec-js=1; Path=/; Secure"
	j := cookierules.NewJar()
	now := time.Now()
	u, _ := url.Parse(elsewhere)
	v := j.SetCookie(pathOn(u, api.LabSetPath), serverLine, cookierules.FromHTTP, now)
	j.SetCookie(pathOn(u, api.LabPath), scriptLine, cookierules.FromScript, now)
	e.predict("elsewhere", "Cookie header of GET "+elsewhere+"/lab/echo after the same two lines there",
		cookiesIf(!e.secure, "lab-sec-http=1; lab-sec-js=1"), j.CookieHeader(pathOn(u, api.LabEchoPath), now), why+" "+verdictNote(v))
}

// cookiePairName returns the name of a Set-Cookie line's cookie.
func cookiePairName(line string) string {
	p, _ := cookierules.Parse(line)
	return p.Name
}

package ui

import (
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labSecure shows that Secure cookies are accepted only from a secure
// origin; the engine shows the kind of origin this page is not on.
var labSecure = &labExperiment{
	ID:    "secure",
	Title: "Secure cookies need a secure origin",
	Why: [2]string{
		"A Secure cookie is accepted only from a secure origin: https, or plain http on localhost and 127.0.0.1, which Chromium counts as secure.",
		"On any other plain-http origin the browser ignores the line, whether the server or a script sends it.",
	},
	Stems: []string{"lab-sec-"},
	Clean: func(e *labEnv) []string {
		return labDeletions(cookierules.Line{Name: "lab-sec-http", Path: "/", Secure: true}, cookierules.Line{Name: "lab-sec-js", Path: "/", Secure: true})
	},
	Run: func(e *labEnv) error {
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
		elsewhere, why := "http://playground.example", "This page is on a secure origin, and the browser offers no plain-http one to try, so the engine shows it."
		if !e.secure {
			elsewhere, why = "https://"+e.page.Host, "This page is on a plain-http origin, so the engine shows what a secure one does."
		}
		j := cookierules.NewJar()
		now := time.Now()
		u, _ := url.Parse(elsewhere)
		v := j.SetCookie(pathOn(u, api.LabSetPath), serverLine, cookierules.FromHTTP, now)
		j.SetCookie(pathOn(u, api.LabPath), scriptLine, cookierules.FromScript, now)
		e.predict("elsewhere", "Cookie header of GET "+elsewhere+"/lab/echo after the same two lines there",
			cookiesIf(!e.secure, "lab-sec-http=1; lab-sec-js=1"), j.CookieHeader(pathOn(u, api.LabEchoPath), now), why+" "+verdictNote(v))
		return nil
	},
}

package ui

import (
	"net"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labPrefixes shows the rules of the __Secure- and __Host- prefixes, one
// line each, read back from GET /lab/echo.
var labPrefixes = &labExperiment{
	ID:    "prefixes",
	Title: "Cookie name prefixes: __Secure- and __Host-",
	Why: [2]string{
		"A __Secure- cookie must be Secure and come from a secure origin; a __Host- cookie must also have Path=/ and no Domain (Chromium lets an IP address name itself).",
		"A line that breaks its prefix's rules is ignored, and the prefixes count in any letter case.",
	},
	Stems: []string{"lab-pre-"},
	Clean: func(e *labEnv) []string {
		return labDeletions(
			cookierules.Line{Name: "__Host-lab-pre-ok", Path: "/", Secure: true},
			cookierules.Line{Name: "__Secure-lab-pre-ok", Path: "/", Secure: true},
			// In case a browser took one it should not have.
			cookierules.Line{Name: "__Host-lab-pre-domain", Path: "/", Secure: true},
			cookierules.Line{Name: "__Host-lab-pre-insecure", Path: "/"},
			cookierules.Line{Name: "__Secure-lab-pre-insecure", Path: "/"},
			cookierules.Line{Name: "__secure-lab-pre-case", Path: "/"},
		)
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
		engine := e.cookies(e.jar.CookieHeaderFor(e.pageURL(api.LabEchoPath), time.Now(), cookierules.RequestOptions{}))
		for i, l := range lines {
			pair := cookiePair(l.line)
			b := storedWord(cookieListHas(browser, pair))
			if err != nil {
				b = labErrorPrefix + err.Error()
			}
			e.checks = append(e.checks, labCheck{
				ID: l.id, Label: "Set-Cookie: " + l.line + " (" + l.why + "). Stored? GET /lab/echo tells.",
				Mode: labReal, Expected: storedWord(l.ok), Browser: b, Engine: storedWord(cookieListHas(engine, pair)),
				Note: verdictNote(vs[i]), Pair: pair,
			})
		}
		return nil
	},
}

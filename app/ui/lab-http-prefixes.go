package ui

import (
	"net"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labHTTPPrefixes shows the __Http- and __Host-Http- prefixes of the
// layered-cookies draft, which this Chromium enforces: a cookie so named
// must be Secure and HttpOnly, so only a server can set it, and a
// __Host-Http- one also has no Domain.
var labHTTPPrefixes = &labExperiment{
	ID:    "http-prefixes",
	Title: "The __Http- and __Host-Http- prefixes: set by the server only",
	Why: [2]string{
		"A cookie named __Http-… must be Secure and HttpOnly; __Host-Http-… must also have Path=/ and no Domain. A line that breaks the rule is ignored.",
		"HttpOnly cannot be written from script, so document.cookie can never set such a cookie: a script that reads one knows the server set it.",
	},
	Stems: []string{"lab-hp-"},
	Clean: func(e *labEnv) []string {
		var cs []cookierules.Line
		for _, n := range []string{"__Http-lab-hp-ok", "__Http-lab-hp-visible", "__Host-Http-lab-hp-host", "__Host-Http-lab-hp-domain", "__Http-lab-hp-js"} {
			cs = append(cs, cookierules.Line{Name: n, Path: "/", Secure: true, HttpOnly: true})
		}
		return labDeletions(cs...)
	},
	Run: func(e *labEnv) error {
		host := e.page.Hostname()
		if _, err := e.serverSet(
			"__Http-lab-hp-ok=1; Path=/; Secure; HttpOnly",
			"__Http-lab-hp-visible=1; Path=/; Secure",
			"__Host-Http-lab-hp-host=1; Path=/; Secure; HttpOnly",
			"__Host-Http-lab-hp-domain=1; Path=/; Secure; HttpOnly; Domain="+host,
		); err != nil {
			return err
		}
		e.scriptSet("__Http-lab-hp-js=1; Path=/; Secure")
		// Chromium lets an IP address name itself in a __Host- cookie's
		// Domain, as the __Host- experiment shows.
		ip := net.ParseIP(strings.Trim(host, "[]")) != nil
		want := cookiesIf(e.secure, joinCookies("__Http-lab-hp-ok=1", "__Host-Http-lab-hp-host=1", cookiesIf(ip, "__Host-Http-lab-hp-domain=1")))
		e.checkEcho("server", "Cookie header of GET /lab/echo: only the Secure, HttpOnly lines the server sent", api.LabEchoPath, want)
		e.checkDoc("doc", "document.cookie: none of them, and not the one script tried to write", "")
		return nil
	},
}

package ui

import (
	"net"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
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
		return []string{
			expire("__Http-lab-hp-ok", "/", "Secure", "HttpOnly"), expire("__Http-lab-hp-visible", "/", "Secure", "HttpOnly"),
			expire("__Host-Http-lab-hp-host", "/", "Secure", "HttpOnly"), expire("__Host-Http-lab-hp-domain", "/", "Secure", "HttpOnly"),
			expire("__Http-lab-hp-js", "/", "Secure", "HttpOnly"),
		}
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
		want := when(e.secure, join("__Http-lab-hp-ok=1", "__Host-Http-lab-hp-host=1", when(ip, "__Host-Http-lab-hp-domain=1")))
		e.checkEcho("server", "Cookie header of GET /lab/echo: only the Secure, HttpOnly lines the server sent", api.LabEchoPath, want)
		e.checkDoc("doc", "document.cookie: none of them, and not the one script tried to write", "")
		return nil
	},
}

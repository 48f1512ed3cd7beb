package ui

import (
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labDomain shows a host-only cookie, a Domain naming this host and one
// naming another site; the engine shows what a subdomain receives.
var labDomain = &labExperiment{
	ID:    "domain",
	Title: "Domain: host-only or shared with subdomains",
	Why: [2]string{
		"Without a Domain attribute a cookie is host-only: it returns to exactly the host that set it. With Domain=example.com it also goes to every subdomain, such as shop.example.com.",
		"A host may name only itself or a parent domain that is not a public suffix; a Domain naming another site makes the browser ignore the line.",
	},
	Stems: []string{"lab-dom-"},
	Clean: func(e *labEnv) []string {
		return labDeletions(
			cookierules.Line{Name: "lab-dom-host", Path: "/"},
			cookierules.Line{Name: "lab-dom-self", Path: "/", Domain: e.page.Hostname()},
			cookierules.Line{Name: "lab-dom-self", Path: "/"},
			cookierules.Line{Name: "lab-dom-foreign", Path: "/", Domain: "example.com"},
		)
	},
	Run: func(e *labEnv) error {
		host := e.page.Hostname()
		if _, err := e.serverSet("lab-dom-host=1; Path=/", "lab-dom-self=1; Path=/; Domain="+host, "lab-dom-foreign=1; Path=/; Domain=example.com"); err != nil {
			return err
		}
		e.checkEcho("here", "Cookie header of GET /lab/echo after a host-only cookie, Domain="+host+" and Domain=example.com", api.LabEchoPath, "lab-dom-host=1; lab-dom-self=1")

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
}

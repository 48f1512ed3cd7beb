package cookieio

import (
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// headerUnknown is what a Cookie header does not say about its cookies.
var headerUnknown = []string{AttrDomain, AttrPath, AttrExpires, AttrSecure, AttrHttpOnly, AttrSameSite, AttrPartitioned}

// ParseHeader reads a Cookie header ("Cookie: a=1; b=2", the "Cookie:" is
// optional) or a "name=value; …" string, over one or more lines. A header
// carries names and values only, so every cookie becomes a host-only
// session cookie of host at Path "/", its other attributes unknown.
func ParseHeader(text, host string) ([]Entry, []Refusal) {
	var entries []Entry
	var refused []Refusal
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if len(line) >= 7 && strings.EqualFold(line[:7], "cookie:") {
			line = line[7:]
		}
		for _, p := range api.ParseCookieString(line) {
			if p.Name == "" {
				refused = append(refused, Refusal{Line: n, Text: shorten(p.Value), Reason: "name: empty (a piece without \"=\")"})
				continue
			}
			entries = append(entries, Entry{Line: n, Cookie: Cookie{Name: p.Name, Value: p.Value, Domain: host, HostOnly: true, Path: "/",
				Unknown: headerUnknown}})
		}
	}
	return entries, refused
}

// FormatHeader writes cookies as one Cookie header line, in the given order.
func FormatHeader(cookies []Cookie) string {
	pairs := make([]string, 0, len(cookies))
	for _, c := range cookies {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	return "Cookie: " + strings.Join(pairs, "; ") + "\n"
}

package ui

import (
	"time"

	"github.com/cookieplayground/cookieplay/app/cookieio"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// rowCookie returns what the page knows of a row's cookie, for export and
// for asking the rules engine about it. A cookie only the server received
// is marked HttpOnly (the likeliest reason scripts miss it) and assumed
// host-only at Path "/", a session cookie; those attributes are listed as
// unknown, as are all of them when the CookieStore API was not available.
func rowCookie(r cookieRow, host string) cookieio.Cookie {
	c := cookieio.Cookie{Name: r.Name, Value: r.value(), Domain: host, HostOnly: true, Path: "/"}
	switch {
	case r.Attrs:
		c.Domain, c.HostOnly, c.Path = r.Domain, r.HostOnly, r.Path
		c.Expires, c.Secure, c.SameSite, c.Partitioned = r.Expires, r.Secure, r.SameSite, r.Partitioned
	case r.InScript:
		c.Unknown = []string{cookieio.AttrDomain, cookieio.AttrPath, cookieio.AttrExpires, cookieio.AttrSecure, cookieio.AttrSameSite, cookieio.AttrPartitioned}
	default:
		c.HttpOnly = true
		c.Unknown = []string{cookieio.AttrDomain, cookieio.AttrPath, cookieio.AttrExpires, cookieio.AttrSecure, cookieio.AttrSameSite, cookieio.AttrPartitioned}
	}
	return c
}

// setCookieLine writes c as the Set-Cookie line a server would send to make
// it (cookierules.Line, the one way every line is written), which is what
// the rules engine judges. A host-only cookie of another host gets that
// host as its Domain, so the engine says why this page may not set it.
func setCookieLine(c cookieio.Cookie, host string) string {
	l := cookierules.Line{Name: c.Name, Value: c.Value, Path: c.Path, Expires: c.Expires,
		HttpOnly: c.HttpOnly, Secure: c.Secure, SameSite: c.SameSite, Partitioned: c.Partitioned}
	if !c.HostOnly || c.Domain != host {
		l.Domain = c.Domain
	}
	return l.String()
}

// editForm fills a form with a row's cookie: name, value and every
// attribute the page knows, so saving it changes only what is edited.
func editForm(r cookieRow) cookieForm {
	f := cookieForm{Name: r.Name, Value: r.value(), Path: "/"}
	if !r.Attrs {
		return f
	}
	f.Path, f.Secure, f.SameSite, f.Partitioned = r.Path, r.Secure, r.SameSite, r.Partitioned
	if !r.HostOnly {
		f.Domain = r.Domain
	}
	if !r.Expires.IsZero() {
		f.Expires = r.Expires.UTC().Format(time.RFC3339)
	}
	return f
}

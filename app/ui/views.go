package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// scriptCookie is one cookie scripts can see, with the attributes the
// CookieStore API reports (cookieStore.getAll()).
type scriptCookie struct {
	Name, Value string
	Domain      string // "" for a host-only cookie, as the CookieStore API says
	Path        string
	Expires     time.Time // zero for a session cookie
	Secure      bool
	SameSite    string // "Strict", "Lax", "None"
	Partitioned bool
}

// cookieRow is one cookie as the two views know it. A cookie is its name,
// domain, path and partition (RFC 6265bis §5.7 step 23); the attributes are
// known (Attrs) only for cookies the CookieStore API reported.
type cookieRow struct {
	Name        string
	ScriptValue string
	ServerValue string
	InScript    bool
	InServer    bool

	Attrs       bool
	Domain      string // the page's host for a host-only cookie
	HostOnly    bool
	Path        string
	Expires     time.Time
	Secure      bool
	SameSite    string
	Partitioned bool
}

// key identifies the row's cookie: name, domain, host-only flag, path and
// partition; a cookie only the server received is known by name and its
// place among cookies of that name.
func (r cookieRow) key(nth int) string {
	if !r.Attrs {
		return strings.Join([]string{r.Name, "?", strconv.Itoa(nth)}, "\x00")
	}
	return strings.Join([]string{r.Name, r.Domain, strconv.FormatBool(r.HostOnly), r.Path, strconv.FormatBool(r.Partitioned)}, "\x00")
}

// value is the row's value: what scripts see, else what the server got.
func (r cookieRow) value() string {
	if r.InScript {
		return r.ScriptValue
	}
	return r.ServerValue
}

// size is the bytes of name and value that count against the 4096-byte
// limit (cookierules.MaxNameValueSize).
func (r cookieRow) size() int { return len(r.Name) + len(r.value()) }

// sentToAPI reports whether the browser would send the row's cookie with a
// request to /api/cookies, as far as its Path tells (§5.8.3).
func (r cookieRow) sentToAPI() bool {
	return !r.Attrs || cookierules.PathMatch(api.CookiesPath, r.Path)
}

// mergeViews pairs what scripts see with what the server received. A
// server pair goes with a script cookie of its name that the request to
// /api/cookies carries (its Path covers it), the one of equal value first;
// what is left over only the server received. attrs says whether script's
// cookies came with their attributes. Rows are sorted by name, then path
// and domain.
func mergeViews(script []scriptCookie, attrs bool, server []api.Pair, host string) []cookieRow {
	var rows []cookieRow
	for _, c := range script {
		r := cookieRow{Name: c.Name, ScriptValue: c.Value, InScript: true}
		if attrs {
			r.Attrs, r.Domain, r.HostOnly, r.Path = true, c.Domain, c.Domain == "", c.Path
			if r.HostOnly {
				r.Domain = host
			}
			r.Expires, r.Secure, r.SameSite, r.Partitioned = c.Expires, c.Secure, c.SameSite, c.Partitioned
		}
		rows = append(rows, r)
	}
	for _, p := range server {
		best := -1
		for i := range rows {
			r := &rows[i]
			if r.InServer || !r.InScript || r.Name != p.Name || !r.sentToAPI() {
				continue
			}
			if best < 0 || (r.ScriptValue == p.Value && rows[best].ScriptValue != p.Value) {
				best = i
			}
		}
		if best >= 0 {
			rows[best].ServerValue, rows[best].InServer = p.Value, true
			continue
		}
		rows = append(rows, cookieRow{Name: p.Name, ServerValue: p.Value, InServer: true})
	}
	slices.SortStableFunc(rows, func(a, b cookieRow) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Path, b.Path), strings.Compare(a.Domain, b.Domain))
	})
	return rows
}

// explain says why the two views agree or differ on a row.
func (r cookieRow) explain() string {
	switch {
	case r.InScript && r.InServer && r.ScriptValue == r.ServerValue:
		return "Both see it."
	case r.InScript && r.InServer:
		return "Both see a cookie of this name, with different values: the views were read a moment apart, or two cookies share the name."
	case r.InServer:
		return "Only the server received it. It is most likely HttpOnly, which hides a cookie from scripts; or its Path covers /api/cookies but not this page. Either way this page cannot read its Domain, Path, Expires, Secure or SameSite."
	case r.Attrs && !r.sentToAPI():
		return "Only scripts see it: its Path " + r.Path + " does not cover /api/cookies, so the browser did not send it there."
	default:
		return "Only scripts see it: the browser did not send it with the request to /api/cookies. Its Path does not cover /api/cookies, or it changed after that request."
	}
}

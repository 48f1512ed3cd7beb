package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// cookieForm is what the set-cookie forms collect, as typed.
type cookieForm struct {
	Name, Value, Path, Domain, MaxAge, Expires, SameSite string
	Secure, HttpOnly, Partitioned                        bool
}

// scriptCookieLine returns the string to assign to document.cookie for f,
// written as every line is (cookierules.Line; HttpOnly left out, since
// scripts cannot set it). It refuses what cannot be written at all (a ";"
// would cut the line, a control character be refused whole); what the
// browser then keeps is the browser's verdict, which the jar shows.
func scriptCookieLine(f cookieForm) (string, error) {
	if f.Name == "" && f.Value == "" {
		return "", api.BadField("name", api.RuleRequired, "enter a name")
	}
	for _, c := range []struct{ field, v string }{{"name", f.Name}, {"value", f.Value}, {"path", f.Path}, {"domain", f.Domain}} {
		if i := strings.IndexFunc(c.v, func(r rune) bool { return r == ';' || r < 0x20 || r == 0x7f }); i >= 0 {
			return "", api.BadField(c.field, api.RuleHeaderSafe, "%q cannot be written through document.cookie: it ends the cookie or is a control character", c.v[i])
		}
	}
	if strings.Contains(f.Name, "=") {
		return "", api.BadField("name", api.RuleToken, "\"=\" would split the name from the value")
	}
	line := cookierules.Line{
		Name: f.Name, Value: f.Value, Path: f.Path, Domain: f.Domain,
		Secure: f.Secure, SameSite: f.SameSite, Partitioned: f.Partitioned,
	}
	if f.MaxAge != "" {
		n, err := strconv.Atoi(f.MaxAge)
		if err != nil {
			return "", api.BadField("max_age", api.RuleJSON, "must be a whole number of seconds")
		}
		line.HasMaxAge, line.MaxAge = true, int64(n)
	}
	if f.Expires != "" {
		t, err := time.Parse(time.RFC3339, f.Expires)
		if err != nil {
			return "", api.BadField("expires", api.RuleRFC3339, "must be an RFC 3339 time such as 2030-01-02T15:04:05Z")
		}
		line.Expires = t
	}
	return line.String(), nil
}

// deletes reports whether f, once written, expires the cookie at once.
func (f cookieForm) deletes(now time.Time) bool {
	if n, err := strconv.Atoi(f.MaxAge); err == nil {
		return n <= 0
	}
	t, err := time.Parse(time.RFC3339, f.Expires)
	return err == nil && !t.After(now)
}

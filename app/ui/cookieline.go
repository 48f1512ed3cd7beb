package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// cookieForm is what the set-cookie forms collect, as typed.
type cookieForm struct {
	Name, Value, Path, Domain, MaxAge, Expires, SameSite string
	Secure, HttpOnly, Partitioned                        bool
}

// scriptCookieLine returns the string to assign to document.cookie for f.
// It refuses what cannot be written at all (a ";" would cut the line); what
// the browser then keeps is the browser's verdict, which the jar shows.
func scriptCookieLine(f cookieForm) (string, error) {
	if f.Name == "" && f.Value == "" {
		return "", errors.New("name: enter a name")
	}
	for _, c := range []struct{ field, v string }{{"name", f.Name}, {"value", f.Value}, {"path", f.Path}, {"domain", f.Domain}} {
		if i := strings.IndexFunc(c.v, func(r rune) bool { return r == ';' || r < 0x20 || r == 0x7f }); i >= 0 {
			return "", fmt.Errorf("%s: %q cannot be written through document.cookie: it ends the cookie or is a control character", c.field, c.v[i])
		}
	}
	if strings.Contains(f.Name, "=") {
		return "", errors.New("name: \"=\" would split the name from the value")
	}
	var b strings.Builder
	b.WriteString(f.Name + "=" + f.Value)
	if f.Path != "" {
		b.WriteString("; path=" + f.Path)
	}
	if f.Domain != "" {
		b.WriteString("; domain=" + f.Domain)
	}
	if f.MaxAge != "" {
		n, err := strconv.Atoi(f.MaxAge)
		if err != nil {
			return "", errors.New("max_age: must be a whole number of seconds")
		}
		b.WriteString("; max-age=" + strconv.Itoa(n))
	}
	if f.Expires != "" {
		t, err := time.Parse(time.RFC3339, f.Expires)
		if err != nil {
			return "", errors.New("expires: must be an RFC 3339 time such as 2030-01-02T15:04:05Z")
		}
		b.WriteString("; expires=" + t.UTC().Format(api.CookieDateFormat))
	}
	if f.Secure {
		b.WriteString("; secure")
	}
	if f.SameSite != "" {
		b.WriteString("; samesite=" + f.SameSite)
	}
	if f.Partitioned {
		b.WriteString("; partitioned")
	}
	return b.String(), nil
}

// deletes reports whether f, once written, expires the cookie at once.
func (f cookieForm) deletes(now time.Time) bool {
	if n, err := strconv.Atoi(f.MaxAge); err == nil {
		return n <= 0
	}
	t, err := time.Parse(time.RFC3339, f.Expires)
	return err == nil && !t.After(now)
}

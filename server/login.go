package server

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cookieplayground/cookieplay/app/api"
)

// The tutorial's login cookie: username=NAME for 30 days.
const (
	loginCookie = "username"
	loginMaxAge = 30 * 24 * time.Hour
)

// handleLogin handles the "POST /login" route: it sets the username cookie
// and sends the browser home, or back to the form with the reason.
func (s *server) handleLogin() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, api.MaxBodyBytes)
		if err := r.ParseForm(); err != nil {
			http.Redirect(w, r, "/login?error="+api.LoginErrTooLong, http.StatusSeeOther)
			return
		}
		name := r.PostForm.Get("username")
		if code := checkUsername(name); code != "" {
			q := url.Values{"error": {code}}
			if len(name) <= 4*api.MaxUsernameBytes {
				q.Set("username", name)
			}
			http.Redirect(w, r, "/login?"+q.Encode(), http.StatusSeeOther)
			return
		}
		addSetCookie(w, persistentCookie(loginCookie, url.PathEscape(name), loginMaxAge, s.now()))
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// handleLogout handles the "POST /logout" route: it expires the username
// cookie. GET /logout only shows a button that posts here, so a link or an
// image elsewhere cannot log anyone out.
func (s *server) handleLogout() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		addSetCookie(w, expiredCookie(loginCookie))
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// checkUsername returns the api.LoginErr* code a username breaks, or "".
func checkUsername(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return api.LoginErrEmpty
	case len(name) > api.MaxUsernameBytes:
		return api.LoginErrTooLong
	case !utf8.ValidString(name):
		return api.LoginErrEncoding
	case strings.ContainsFunc(name, isControlRune):
		return api.LoginErrControl
	}
	return ""
}

func isControlRune(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// loggedInUser returns the username of the login cookie. The cookie holds
// the name percent-encoded, so any name fits in a cookie value.
func loggedInUser(r *http.Request) (string, bool) {
	raw, ok := requestCookie(r, loginCookie)
	if !ok || raw == "" {
		return "", false
	}
	name, err := url.PathUnescape(raw)
	if err != nil || checkUsername(name) != "" {
		return "", false
	}
	return name, true
}

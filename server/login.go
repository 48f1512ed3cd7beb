package server

import (
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/ui"
)

// The tutorial's login cookie: username=NAME for 30 days, plain text that
// any script can read and rewrite. Kept as a labelled experiment.
const (
	loginCookie = "username"
	loginMaxAge = 30 * 24 * time.Hour
)

// handleLogin handles the "POST /login" route: it starts a signed session
// (mode=secure, the default) or sets the tutorial's plain cookie
// (mode=tutorial), then sends the browser home; a bad username goes back
// to the form with the reason.
func (s *server) handleLogin() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form, code := readLoginForm(w, r)
		if code != "" {
			http.Redirect(w, r, "/login?"+url.Values{"error": {code}}.Encode(), http.StatusSeeOther)
			return
		}
		name, mode := form["username"], form["mode"]
		if code := checkUsername(name); code != "" {
			q := url.Values{"error": {code}}
			if len(name) <= 4*api.MaxUsernameBytes {
				q.Set("username", name)
			}
			if mode == api.ModeTutorial {
				q.Set("mode", mode)
			}
			http.Redirect(w, r, "/login?"+q.Encode(), http.StatusSeeOther)
			return
		}
		now := s.now()
		var line cookierules.Line
		if mode == api.ModeTutorial {
			line = persistentCookie(loginCookie, url.PathEscape(name), loginMaxAge, now)
		} else {
			var err error
			if line, err = s.sessions.issue(name, requestURL(r), now); err != nil {
				writeError(w, r, http.StatusInternalServerError, err)
				return
			}
		}
		// One login at a time: the other cookies go.
		clearLogins(w, r, line.Name, now)
		addSetCookie(w, line)
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
}

// readLoginForm reads the urlencoded form of POST /login strictly (see
// parseQuery), or returns the api.LoginErr* code that refuses it: a body
// over api.MaxBodyBytes, or a malformed field, named. Any other content type
// is an empty form.
func readLoginForm(w http.ResponseWriter, r *http.Request) (map[string]string, string) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return map[string]string{}, ""
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxBodyBytes))
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		return nil, api.LoginErrTooLong
	case err != nil:
		slog.Info("login form unreadable", "err", err)
		return nil, api.LoginErrMalformed("")
	}
	form, err := parseQuery(string(body))
	if fe, ok := errors.AsType[*api.FieldError](err); ok {
		return nil, api.LoginErrMalformed(fe.Field)
	}
	return form, ""
}

// handleLogout handles the "POST /logout" route: it expires every login
// cookie, then sends the browser to the start page, which says so. GET
// /logout only shows a button that posts here, so a link or an image
// elsewhere cannot log anyone out.
func (s *server) handleLogout() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		clearLogins(w, r, "", s.now())
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, "/login?"+ui.LoginStatusParam+"="+ui.LoginStatusLoggedOut, http.StatusSeeOther)
	}
}

// clearLogins expires the login cookies the request carries, but keep.
func clearLogins(w http.ResponseWriter, r *http.Request, keep string, now time.Time) {
	u := requestURL(r)
	for _, name := range []string{loginCookie, sessionHostName, sessionPlainName} {
		if _, ok := requestCookie(r, name); !ok || name == keep {
			continue
		}
		// A __Host- deletion from an insecure origin is refused; such a
		// cookie cannot have been stored from there anyway.
		if line, err := buildDeleteCookie(name, "/", "", u, now); err == nil {
			addSetCookie(w, line)
		}
	}
}

// user is who is logged in, and how.
type user struct {
	name string
	mode string // api.ModeSecure or api.ModeTutorial
}

// currentUser returns who is logged in: a valid signed session first, then
// the tutorial's plain cookie. Rejected session cookies are expired on w.
func (s *server) currentUser(w http.ResponseWriter, r *http.Request) (user, bool) {
	if sess, ok := s.sessions.read(w, r, s.now()); ok {
		return user{name: sess.Username, mode: api.ModeSecure}, true
	}
	if name, ok := tutorialLogin(r); ok {
		return user{name: name, mode: api.ModeTutorial}, true
	}
	return user{}, false
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

// tutorialLogin returns the username of the tutorial's login cookie. The
// cookie holds the name percent-encoded, so any name fits in a cookie value.
func tutorialLogin(r *http.Request) (string, bool) {
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

package server

import (
	"net/http"
	"time"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// The tutorial's cookie: user=Aditya for seven days.
const (
	tutorialCookie = "user"
	tutorialUser   = "Aditya"
	tutorialMaxAge = 7 * 24 * time.Hour
)

// handleSetCookie handles the "GET /setcookie" route of the tutorial: it sets
// user=Aditya for seven days. A GET that changes state is the tutorial's
// design, kept so its readers recognise it.
func (s *server) handleSetCookie() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		addSetCookie(w, persistentCookie(tutorialCookie, tutorialUser, tutorialMaxAge, s.now()))
		writeText(w, http.StatusOK, "Cookie is set!")
	}
}

// handleGetCookie handles the "GET /getcookie" route: it reads back the
// tutorial's cookie.
func (s *server) handleGetCookie() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		value, ok := requestCookie(r, tutorialCookie)
		if !ok {
			writeText(w, http.StatusOK, "No user cookie found!")
			return
		}
		writeText(w, http.StatusOK, "The user is "+value)
	}
}

// handleDeleteCookie handles the "GET /deletecookie" route: it expires the
// tutorial's cookie.
func (s *server) handleDeleteCookie() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		addSetCookie(w, deletionLine(tutorialCookie, "/", ""))
		writeText(w, http.StatusOK, "Cookie has been deleted!")
	}
}

// persistentCookie returns name=value; Path=/ with both Expires and Max-Age,
// as Flask's set_cookie(max_age=...) sends them. Callers pass a value that
// is already a valid cookie value.
func persistentCookie(name, value string, maxAge time.Duration, now time.Time) cookierules.Line {
	return cookierules.Line{Name: name, Value: value, Path: "/", Expires: now.Add(maxAge), HasMaxAge: true, MaxAge: int64(maxAge / time.Second)}
}

// requestCookie returns the value of the first cookie called name in the
// request, as a browser orders them: the most specific path first.
func requestCookie(r *http.Request, name string) (string, bool) {
	for _, p := range requestPairs(r) {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

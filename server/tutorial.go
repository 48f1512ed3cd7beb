package server

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/ui"
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
		line := persistentCookie(tutorialCookie, tutorialUser, tutorialMaxAge, s.now())
		addSetCookie(w, line)
		s.answerTutorial(w, r, "Cookie is set!", &line, headerWith(requestPairs(r), tutorialCookie, tutorialUser))
	}
}

// handleGetCookie handles the "GET /getcookie" route: it reads back the
// tutorial's cookie.
func (s *server) handleGetCookie() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		value, ok := requestCookie(r, tutorialCookie)
		if !ok {
			s.answerTutorial(w, r, "No user cookie found!", nil, rawCookieHeader(r))
			return
		}
		s.answerTutorial(w, r, "The user is "+value, nil, rawCookieHeader(r))
	}
}

// handleDeleteCookie handles the "GET /deletecookie" route: it expires the
// tutorial's cookie.
func (s *server) handleDeleteCookie() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		line := deletionLine(tutorialCookie, "/", "")
		addSetCookie(w, line)
		s.answerTutorial(w, r, "Cookie has been deleted!", &line, headerWith(requestPairs(r), tutorialCookie, ""))
	}
}

// answerTutorial writes a tutorial route's answer: the sentence alone, as
// plain text, for scripts and the tutorial's readers; for a browser, a
// page that also shows the Set-Cookie line sent (if any), the Cookie
// header received, what the browser sends from now on (holds), and the
// next step.
func (s *server) answerTutorial(w http.ResponseWriter, r *http.Request, sentence string, sent *cookierules.Line, holds string) {
	w.Header().Add("Vary", "Accept")
	if !wantsHTML(r.Header.Get("Accept")) {
		writeText(w, http.StatusOK, sentence)
		return
	}
	q := url.Values{
		ui.PrerenderSentenceParam: {sentence},
		ui.PrerenderReceivedParam: {rawCookieHeader(r)},
		ui.PrerenderHoldsParam:    {holds},
	}
	if sent != nil {
		q.Set(ui.PrerenderSentParam, sent.String())
	}
	s.servePageWith(w, r, nil, q)
}

// headerWith returns the Cookie header a browser that sent pairs sends
// once the tutorial route's answer is stored: name=value last (a new
// cookie goes after older ones of the same path), or no name at all when
// value is "" (deleted). The tutorial's cookie has Path=/, like the login
// cookies, so the prediction holds on every page.
func headerWith(pairs []api.Pair, name, value string) string {
	var out []string
	for _, p := range pairs {
		if p.Name != name {
			out = append(out, p.Name+"="+p.Value)
		}
	}
	if value != "" {
		out = append(out, name+"="+value)
	}
	return strings.Join(out, "; ")
}

// wantsHTML reports whether an Accept header asks for HTML before plain
// text, as a browser's navigation does. No header, */* (curl, fetch) or
// text/plain get the tutorial's plain text.
func wantsHTML(accept string) bool {
	htmlQ, plainQ := 0.0, 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch mt {
		case "text/html":
			htmlQ = max(htmlQ, q)
		case "text/plain":
			plainQ = max(plainQ, q)
		}
	}
	return htmlQ > 0 && htmlQ > plainQ
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

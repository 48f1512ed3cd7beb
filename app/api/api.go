// Package api is the JSON contract between the playground's server and its
// WebAssembly UI. It holds plain types and pure functions only, so it costs
// the wasm almost nothing.
package api

import "strings"

// Routes of the JSON API, shared so the UI never spells a URL twice.
const (
	CookiesPath = "/api/cookies"
	MePath      = "/api/me"
)

// MaxBodyBytes caps every API request body.
const MaxBodyBytes = 16 << 10

// Pair is one name=value pair as it appears in a Cookie header or in
// document.cookie.
type Pair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// CookiesResponse is the answer of GET /api/cookies: the pairs of the Cookie
// header the server received, in header order, and the raw header itself.
type CookiesResponse struct {
	Cookies []Pair `json:"cookies"`
	Header  string `json:"header"`
}

// SetCookieRequest is the body of POST /api/cookies. An empty Path means
// "/"; an empty SameSite sends no SameSite attribute.
type SetCookieRequest struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Path        string `json:"path,omitempty"`
	Domain      string `json:"domain,omitempty"`
	MaxAge      *int   `json:"max_age,omitempty"`
	Expires     string `json:"expires,omitempty"`
	Secure      bool   `json:"secure,omitempty"`
	HttpOnly    bool   `json:"http_only,omitempty"`
	SameSite    string `json:"same_site,omitempty"`
	Partitioned bool   `json:"partitioned,omitempty"`
}

// SetCookieResponse is the answer of POST and DELETE on /api/cookies: the
// exact Set-Cookie line the server sent. A POST of a cookie with max_age or
// expires also says when a browser will expire it: at most 400 days later
// (RFC 6265bis §5.5), which Note explains when it is sooner than asked.
type SetCookieResponse struct {
	SetCookie        string `json:"set_cookie"`
	EffectiveExpires string `json:"effective_expires,omitempty"` // RFC 3339, UTC
	Note             string `json:"note,omitempty"`
}

// MeResponse is the answer of GET /api/me. Username is nil when nobody is
// logged in; Mode says how they logged in.
type MeResponse struct {
	Username *string `json:"username"`
	Mode     string  `json:"mode,omitempty"`
}

// Login modes: a signed session cookie, or the tutorial's plain cookie.
const (
	ModeSecure   = "secure"
	ModeTutorial = "tutorial"
)

// ParseCookieString splits a Cookie header, or the string document.cookie
// returns, into its pairs in order. It keeps what a strict parser would
// drop, since the point is to show what was received: a piece without "="
// is a nameless cookie (RFC 6265bis §5.6 step 3), and values keep their
// quotes.
func ParseCookieString(s string) []Pair {
	var pairs []Pair
	for piece := range strings.SplitSeq(s, ";") {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		name, value, ok := strings.Cut(piece, "=")
		if !ok {
			name, value = "", name
		}
		if pairs == nil {
			pairs = make([]Pair, 0, strings.Count(s, ";")+1) // one allocation
		}
		pairs = append(pairs, Pair{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return pairs
}

// Login form errors. POST /login redirects to /login?error=<code> so that
// both the server's pre-rendering and the wasm show the same message.
const (
	LoginErrEmpty    = "empty"
	LoginErrTooLong  = "too-long"
	LoginErrControl  = "control"
	LoginErrEncoding = "encoding"
	// loginErrMalformed prefixes the field a malformed form broke (see
	// LoginErrMalformed).
	loginErrMalformed = "malformed-"
)

// LoginErrMalformed returns the login error code of a form whose field is
// not valid form encoding (a stray "%", a ";", the field given twice):
// "malformed-username", "malformed-mode", or "malformed-form" for any other
// field or none.
func LoginErrMalformed(field string) string {
	if field != "username" && field != "mode" {
		field = "form"
	}
	return loginErrMalformed + field
}

// MaxUsernameBytes is the longest username the login form takes.
const MaxUsernameBytes = 64

// LoginErrorMessage returns the message shown for a login error code, or ""
// for an unknown code.
func LoginErrorMessage(code string) string {
	switch code {
	case LoginErrEmpty:
		return "Please enter a username."
	case LoginErrTooLong:
		return "That username is too long: 64 bytes at most."
	case LoginErrControl:
		return "A username cannot contain control characters (such as a tab or a line break)."
	case LoginErrEncoding:
		return "A username must be valid UTF-8 text."
	case LoginErrMalformed("username"):
		return "The username field arrived malformed (a stray % or ;, or given twice): please type it again."
	case LoginErrMalformed("mode"):
		return "The mode field arrived malformed (a stray % or ;, or given twice): please choose the mode again."
	case LoginErrMalformed(""):
		return "The login form arrived malformed (a stray % or ;, or a field given twice): please send it again."
	}
	return ""
}

package server

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// The secure login's cookie: signed, HttpOnly, SameSite=Lax, Path=/, and
// Secure with the __Host- prefix wherever the browser accepts it.
const (
	sessionHostName  = "__Host-session"
	sessionPlainName = "session"
	sessionMaxAge    = 30 * 24 * time.Hour
)

// minKeyBytes is the shortest signing key accepted: HMAC-SHA256 wants at
// least its output size (RFC 2104 §3).
const minKeyBytes = 32

// session is what the signed cookie carries. securecookie adds its own
// timestamp and HMAC-SHA256 over the cookie's name and this value.
type session struct {
	Username string `json:"u"`
	Issued   int64  `json:"i"`
	Expires  int64  `json:"e"`
}

// sessions signs and checks session cookies. The first key signs; all
// verify, so keys can be rotated without logging everyone out. Sessions
// live only in the cookie, so replicas sharing the keys share sessions.
type sessions struct {
	codecs []securecookie.Codec
	logger *slog.Logger
}

func newSessions(keys [][]byte, logger *slog.Logger) *sessions {
	s := &sessions{logger: logger}
	for _, k := range keys {
		c := securecookie.New(k, nil) // HMAC-SHA256; the value is signed, not secret
		c.SetSerializer(securecookie.JSONEncoder{})
		c.MaxAge(0) // the payload's own expiry decides, with time passed in
		s.codecs = append(s.codecs, c)
	}
	return s
}

// sessionName returns the cookie name to use for a browser at u: browsers
// take the __Host- prefix only from a secure context (RFC 6265bis §4.1.3.2).
func sessionName(u *url.URL) string {
	if cookierules.IsSecureOrigin(u) {
		return sessionHostName
	}
	return sessionPlainName
}

// issue returns a fresh session cookie for username, sent to a browser at u
// at now.
func (s *sessions) issue(username string, u *url.URL, now time.Time) (cookierules.Line, error) {
	name := sessionName(u)
	value, err := securecookie.EncodeMulti(name, session{
		Username: username,
		Issued:   now.Unix(),
		Expires:  now.Add(sessionMaxAge).Unix(),
	}, s.codecs...)
	if err != nil {
		return cookierules.Line{}, err
	}
	return cookierules.Line{
		Name: name, Value: value, Path: "/",
		Expires: now.Add(sessionMaxAge), HasMaxAge: true, MaxAge: int64(sessionMaxAge / time.Second),
		HttpOnly: true, Secure: name == sessionHostName, SameSite: cookierules.SameSiteLax,
	}, nil
}

// errSessionExpired reports a correctly signed session past its expiry.
var errSessionExpired = errors.New("expired")

// decode checks one session cookie: its signature (which covers its name,
// so a renamed cookie fails), its shape and its expiry.
func (s *sessions) decode(name, value string, now time.Time) (session, error) {
	var sess session
	if err := securecookie.DecodeMulti(name, value, &sess, s.codecs...); err != nil {
		return session{}, err
	}
	if checkUsername(sess.Username) != "" {
		return session{}, errors.New("invalid username in a signed session")
	}
	if now.Unix() >= sess.Expires {
		return session{}, errSessionExpired
	}
	return sess, nil
}

// errSessionMisnamed reports a session cookie under the name this origin
// is not issued: a plain "session" where the server sets __Host-session was
// planted, by a link or another subdomain, since a browser sets the
// unprefixed name from anywhere.
var errSessionMisnamed = errors.New("misnamed")

// read returns the request's valid session, if any: only a cookie under the
// name the server issues for the request's origin counts. Each session
// cookie that fails is expired on w and its reason logged: the user is
// simply logged out, never shown an error.
func (s *sessions) read(w http.ResponseWriter, r *http.Request, now time.Time) (session, bool) {
	u := requestURL(r)
	for _, name := range []string{sessionHostName, sessionPlainName} {
		raw, ok := requestCookie(r, name)
		if !ok {
			continue
		}
		sess, err := session{}, errSessionMisnamed
		if name == sessionName(u) {
			sess, err = s.decode(name, raw, now)
		}
		if err == nil {
			return sess, true
		}
		s.logger.Info("session cookie rejected", "cookie", name, "reason", rejectionReason(err), "path", r.URL.Path)
		if line, err := buildDeleteCookie(name, "/", "", u, now); err == nil {
			addSetCookie(w, line)
		}
	}
	return session{}, false
}

// rejectionReason names why a session cookie failed, for the log.
func rejectionReason(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, errSessionExpired):
		return "expired"
	case errors.Is(err, errSessionMisnamed):
		return "not the name this origin is issued: planted"
	case strings.Contains(msg, "the value is not valid"):
		return "bad signature: tampered, renamed, or signed with another key"
	case strings.Contains(msg, "decoding"), strings.Contains(msg, "the value is too long"), strings.Contains(msg, "invalid value format"):
		return "malformed: truncated or not a session"
	}
	return msg
}

// ParseSessionKeys parses signing keys separated by commas, spaces or new
// lines, each hex or base64, each at least 32 bytes. The first signs.
func ParseSessionKeys(s string) ([][]byte, error) {
	var keys [][]byte
	for i, field := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		key, err := decodeKey(field)
		if err != nil {
			return nil, fmt.Errorf("key %d: %w", i+1, err)
		}
		if len(key) < minKeyBytes {
			return nil, fmt.Errorf("key %d: %d bytes; at least %d are needed", i+1, len(key), minKeyBytes)
		}
		keys = append(keys, key)
	}
	return keys, nil
}

func decodeKey(s string) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("neither hex nor base64")
}

// randomKey returns a fresh signing key for a server given none.
func randomKey() []byte {
	k := make([]byte, minKeyBytes)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return k
}

package server

import (
	"bytes"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var (
	testKeyA = bytes.Repeat([]byte{0xa1}, 32)
	testKeyB = bytes.Repeat([]byte{0xb2}, 32)
	sessNow  = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
)

func TestSessionCookieNameAndAttributes(t *testing.T) {
	s := newSessions([][]byte{testKeyA}, slog.Default())
	tests := []struct {
		name      string
		origin    string
		wantName  string
		wantAttrs string
	}{
		{"a secure context gets __Host- and Secure (RFC 6265bis §4.1.3.2)", "http://127.0.0.1:8000", "__Host-session",
			"Path=/; Expires=Tue, 31 Mar 2026 12:00:00 GMT; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax"},
		{"https gets __Host- and Secure", "https://example.com", "__Host-session",
			"Path=/; Expires=Tue, 31 Mar 2026 12:00:00 GMT; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax"},
		{"plain http from a non-local host falls back to a plain name without Secure", "http://a.test:8000", "session",
			"Path=/; Expires=Tue, 31 Mar 2026 12:00:00 GMT; Max-Age=2592000; HttpOnly; SameSite=Lax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := s.issue("Ada", browserURL(t, tt.origin, "/login"), sessNow)
			if err != nil {
				t.Fatal(err)
			}
			if _, attrs, _ := strings.Cut(line.String(), "; "); line.Name != tt.wantName || attrs != tt.wantAttrs {
				t.Errorf("issue = %s; want name %s with %s", line, tt.wantName, tt.wantAttrs)
			}
			sess, err := s.decode(line.Name, line.Value, sessNow)
			if err != nil || sess.Username != "Ada" || sess.Issued != sessNow.Unix() {
				t.Errorf("decode(issue) = %+v, %v; want Ada issued now", sess, err)
			}
		})
	}
}

func TestSessionRejections(t *testing.T) {
	s := newSessions([][]byte{testKeyA}, slog.Default())
	line, err := s.issue("Ada", browserURL(t, "http://127.0.0.1", "/login"), sessNow)
	if err != nil {
		t.Fatal(err)
	}
	good := line.Value
	flip := []byte(good)
	flip[len(flip)/2] ^= 1
	other, _ := newSessions([][]byte{testKeyB}, slog.Default()).issue("Ada", browserURL(t, "http://127.0.0.1", "/login"), sessNow)

	tests := []struct {
		name, cookie, value string
		now                 time.Time
		wantReason          string
	}{
		{"a tampered value fails its signature", sessionHostName, string(flip), sessNow, "bad signature"},
		{"a truncated value is malformed", sessionHostName, good[:len(good)/2], sessNow, ""},
		{"an empty value is malformed", sessionHostName, "", sessNow, ""},
		{"a renamed cookie fails: the signature covers the name", sessionPlainName, good, sessNow, "bad signature"},
		{"a cookie signed with another key fails", sessionHostName, other.Value, sessNow, "bad signature"},
		{"an expired session fails", sessionHostName, good, sessNow.Add(sessionMaxAge), "expired"},
		{"the username cookie's value is no session", sessionHostName, "Ada", sessNow, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.decode(tt.cookie, tt.value, tt.now)
			if err == nil {
				t.Fatalf("decode(%s, %.20q) accepted it", tt.cookie, tt.value)
			}
			if !strings.Contains(rejectionReason(err), tt.wantReason) {
				t.Errorf("rejectionReason = %q; want it to contain %q", rejectionReason(err), tt.wantReason)
			}
		})
	}
}

func TestSessionKeyRotation(t *testing.T) {
	old := newSessions([][]byte{testKeyA}, slog.Default())
	line, _ := old.issue("Ada", browserURL(t, "http://127.0.0.1", "/login"), sessNow)
	rotated := newSessions([][]byte{testKeyB, testKeyA}, slog.Default())
	if sess, err := rotated.decode(line.Name, line.Value, sessNow); err != nil || sess.Username != "Ada" {
		t.Fatalf("after rotation an old session is rejected: %v", err)
	}
	fresh, _ := rotated.issue("Ada", browserURL(t, "http://127.0.0.1", "/login"), sessNow)
	if _, err := old.decode(fresh.Name, fresh.Value, sessNow); err == nil {
		t.Error("the new key did not sign: the old key alone verified a fresh session")
	}
}

var parseSessionKeysTests = []struct {
	name, in string
	want     int // keys; -1 for an error
}{
	{"no keys", "", 0},
	{"one hex key of 32 bytes", strings.Repeat("ab", 32), 1},
	{"one base64 key", "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=", 1},
	{"raw URL base64", "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s", 1},
	{"keys separated by commas and new lines", strings.Repeat("ab", 32) + ",\n" + strings.Repeat("cd", 40), 2},
	{"a 31-byte key is too short for HMAC-SHA256", strings.Repeat("ab", 31), -1},
	{"neither hex nor base64", "not a key!", -1},
}

func TestParseSessionKeys(t *testing.T) {
	for _, tt := range parseSessionKeysTests {
		keys, err := ParseSessionKeys(tt.in)
		switch {
		case tt.want < 0 && err == nil:
			t.Errorf("%s: ParseSessionKeys(%q) accepted it", tt.name, tt.in)
		case tt.want >= 0 && (err != nil || len(keys) != tt.want):
			t.Errorf("%s: ParseSessionKeys(%q) = %d keys, %v; want %d", tt.name, tt.in, len(keys), err, tt.want)
		}
	}
}

// TestHandlerSessionLifecycle logs in securely, reads the session back,
// then tampers with it: the user is logged out, the cookie cleared, the
// reason logged at info level, and nothing fails with a 500.
func TestHandlerSessionLifecycle(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h := NewServer(Config{WebDir: "../web", Logger: logger, Now: func() time.Time { return sessNow }, SessionKeys: [][]byte{testKeyA}})

	login := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/login", strings.NewReader("username=Ada"))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	login.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, login)
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusSeeOther || len(cookies) != 1 || cookies[0].Name != sessionHostName || !cookies[0].HttpOnly || !cookies[0].Secure {
		t.Fatalf("POST /login = %d %v; want 303 and a __Host-session cookie, HttpOnly and Secure", rec.Code, rec.Header()["Set-Cookie"])
	}
	session := cookies[0].Value

	me := func(cookie string) (string, []string) {
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/api/me", nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /api/me = %d", rec.Code)
		}
		return strings.TrimSpace(rec.Body.String()), rec.Header()["Set-Cookie"]
	}
	if body, set := me(sessionHostName + "=" + session); body != `{"username":"Ada","mode":"secure"}` || set != nil {
		t.Errorf("GET /api/me with the session = %s %v", body, set)
	}
	if body, _ := me(sessionHostName + "=" + session + "; username=Mallory"); body != `{"username":"Ada","mode":"secure"}` {
		t.Errorf("a plain username cookie beside the session changed who is logged in: %s", body)
	}
	body, set := me(sessionHostName + "=" + session[:len(session)-4] + "AAAA")
	want := "__Host-session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure"
	if body != `{"username":null}` || len(set) != 1 || set[0] != want {
		t.Errorf("GET /api/me with a tampered session = %s %q; want nobody and %q", body, set, want)
	}
	if !strings.Contains(logs.String(), "level=INFO msg=\"session cookie rejected\" cookie=__Host-session reason=\"bad signature") {
		t.Errorf("the rejection was not logged at info level with its reason; log:\n%s", logs.String())
	}

	// Logging out clears the session.
	logout := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/logout", nil)
	logout.Header.Set("Sec-Fetch-Site", "same-origin")
	logout.Header.Set("Cookie", sessionHostName+"="+session)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, logout)
	if got := rec.Header()["Set-Cookie"]; len(got) != 1 || got[0] != want {
		t.Errorf("POST /logout Set-Cookie = %q; want %q", got, want)
	}
}

func FuzzSessionDecode(f *testing.F) {
	s := newSessions([][]byte{testKeyA}, slog.Default())
	line, _ := s.issue("Ada", browserURL(f, "http://127.0.0.1", "/login"), sessNow)
	f.Add(sessionHostName, line.Value)
	f.Add(sessionPlainName, line.Value)
	f.Add(sessionHostName, line.Value[:10])
	f.Add(sessionHostName, hex.EncodeToString([]byte(line.Value)))
	f.Add("", "")
	f.Fuzz(func(t *testing.T, name, value string) {
		sess, err := s.decode(name, value, sessNow)
		if err != nil {
			_ = rejectionReason(err)
			return
		}
		// Only the genuine session, under its own name, is accepted. Its
		// value may be spelled otherwise (base64 tolerates different
		// padding bits), but never carry anything that was not signed.
		want, _ := s.decode(sessionHostName, line.Value, sessNow)
		if name != sessionHostName || sess != want {
			t.Fatalf("decode(%q, %q) accepted a session it never issued: %+v", name, value, sess)
		}
	})
}

// TestHandlerSessionOnlyUnderItsOwnName plants a genuine session, signed by
// this server for a plain-http host, on 127.0.0.1, where the server issues
// __Host-session: it is refused and expired, since a browser lets any link
// or subdomain set the unprefixed name.
func TestHandlerSessionOnlyUnderItsOwnName(t *testing.T) {
	ts := newHandlerServer(t)
	resp, _ := handlerTest{
		method: http.MethodPost, target: "/login", host: "a.test",
		contentType: formType, body: form("username", "mallory"),
	}.do(t, ts)
	set := resp.Header.Values("Set-Cookie")
	if len(set) != 1 || !strings.HasPrefix(set[0], sessionPlainName+"=") {
		t.Fatalf("POST /login on http://a.test set %q; want one plain session cookie", set)
	}
	planted, _, _ := strings.Cut(set[0], ";")
	runHandlerTests(t, ts, []handlerTest{
		{
			name: "the session is good where it was issued", target: "/api/me", host: "a.test",
			header:     []string{"Cookie", planted},
			wantStatus: http.StatusOK, wantBody: `{"username":"mallory","mode":"secure"}` + "\n",
		},
		{
			name: "the same session planted as session on 127.0.0.1 logs nobody in and is expired", target: "/api/me",
			header:        []string{"Cookie", planted},
			wantStatus:    http.StatusOK,
			wantBody:      `{"username":null}` + "\n",
			wantSetCookie: []string{deleted(sessionPlainName)},
		},
		{
			name: "the same session planted on localhost logs nobody in", target: "/api/me", host: "localhost",
			header:        []string{"Cookie", planted},
			wantStatus:    http.StatusOK,
			wantBody:      `{"username":null}` + "\n",
			wantSetCookie: []string{deleted(sessionPlainName)},
		},
		{
			name: "the home page does not greet the planted user", target: "/",
			header:       []string{"Cookie", planted},
			wantStatus:   http.StatusFound,
			wantLocation: "/login", wantSetCookie: []string{deleted(sessionPlainName)},
		},
	})
}

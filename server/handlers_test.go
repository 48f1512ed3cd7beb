package server

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// fixedNow is the server's clock in every test, so that Expires attributes
// are exact.
var fixedNow = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

const (
	tutorialExpires = "Sun, 08 Mar 2026 12:00:00 GMT" // fixedNow + 7 days
	loginExpires    = "Tue, 31 Mar 2026 12:00:00 GMT" // fixedNow + 30 days
	epoch           = "Thu, 01 Jan 1970 00:00:00 GMT"

	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
	htmlType = "text/html; charset=utf-8"
	textType = "text/plain; charset=utf-8"
	apiType  = "application/json; charset=utf-8"
)

// deleted returns the Set-Cookie line that expires name at Path=/.
func deleted(name string) string {
	return name + "=; Path=/; Expires=" + epoch + "; Max-Age=0"
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func testConfig() Config {
	return Config{WebDir: "../web", Logger: discardLogger(), Now: func() time.Time { return fixedNow }}
}

// newHandlerServer serves the playground on a loopback port for one test.
func newHandlerServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(NewServer(testConfig()))
	t.Cleanup(ts.Close)
	return ts
}

// newHandlerTLSServer serves the playground over https for one test.
func newHandlerTLSServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewTLSServer(NewServer(testConfig()))
	t.Cleanup(ts.Close)
	return ts
}

// noRedirectClient returns ts's client, which does not follow redirects, so
// that a redirect's own headers can be checked.
func noRedirectClient(ts *httptest.Server) *http.Client {
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func serverPort(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// form returns an urlencoded form body of name, value pairs.
func form(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v.Encode()
}

// handlerTest is one request to the playground and what must come back.
type handlerTest struct {
	name        string
	method      string   // GET when empty
	target      string   // path and query, already escaped
	host        string   // if set, the Host header names it, with the server's port
	header      []string // name, value, ...; "$ORIGIN" stands for the server's origin
	contentType string
	body        string

	wantStatus      int
	wantLocation    string   // "" means no Location header
	wantSetCookie   []string // exact Set-Cookie lines in order; nil means none
	wantBody        string   // exact body, unless empty
	wantContains    []string // substrings of the body
	wantNotContains []string
	wantHeader      map[string]string // exact header values; "" means absent
	wantErrField    string            // the field of a JSON {"error","field","rule"} body
	wantErrRule     string            // and its rule, if set
	wantJSONCookie  bool              // the JSON set_cookie equals the one Set-Cookie line
}

func runHandlerTests(t *testing.T, ts *httptest.Server, tests []handlerTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.do(t, ts)
			tt.check(t, resp, body)
		})
	}
}

func (tt handlerTest) do(t *testing.T, ts *httptest.Server) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if tt.body != "" || tt.contentType != "" {
		body = strings.NewReader(tt.body)
	}
	req, err := http.NewRequest(cmp.Or(tt.method, http.MethodGet), ts.URL+tt.target, body)
	if err != nil {
		t.Fatal(err)
	}
	if tt.contentType != "" {
		req.Header.Set("Content-Type", tt.contentType)
	}
	for i := 0; i+1 < len(tt.header); i += 2 {
		req.Header.Add(tt.header[i], strings.ReplaceAll(tt.header[i+1], "$ORIGIN", ts.URL))
	}
	if tt.host != "" {
		req.Host = net.JoinHostPort(tt.host, serverPort(t, ts))
	}
	resp, err := noRedirectClient(ts).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func (tt handlerTest) check(t *testing.T, resp *http.Response, body string) {
	t.Helper()
	req := cmp.Or(tt.method, http.MethodGet) + " " + tt.target
	if resp.StatusCode != tt.wantStatus {
		t.Errorf("%s: status = %d; want %d (body %.300q)", req, resp.StatusCode, tt.wantStatus, body)
	}
	if got := resp.Header.Get("Location"); got != tt.wantLocation {
		t.Errorf("%s: Location = %q; want %q", req, got, tt.wantLocation)
	}
	if got := resp.Header.Values("Set-Cookie"); !slices.Equal(got, tt.wantSetCookie) {
		t.Errorf("%s: Set-Cookie = %q; want %q", req, got, tt.wantSetCookie)
	}
	if tt.wantBody != "" && body != tt.wantBody {
		t.Errorf("%s: body = %q; want %q", req, body, tt.wantBody)
	}
	for _, s := range tt.wantContains {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body does not contain %q:\n%s", req, s, body)
		}
	}
	for _, s := range tt.wantNotContains {
		if strings.Contains(body, s) {
			t.Errorf("%s: body contains %q; want it absent:\n%s", req, s, body)
		}
	}
	for name, want := range tt.wantHeader {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s: %s = %q; want %q", req, name, got, want)
		}
	}
	if tt.wantErrField != "" {
		checkErrorBody(t, req, resp, body, tt.wantErrField, tt.wantErrRule)
	}
	if tt.wantJSONCookie {
		checkJSONSetCookie(t, req, resp, body)
	}
	checkSecurityHeaders(t, req, resp)
	checkNoCRLF(t, req, resp)
}

// checkErrorBody checks an API error: JSON {"error":"<field>: <what is
// wrong>","field":"<field>","rule":"<rule>"}; wantRule, if set, is the rule.
func checkErrorBody(t *testing.T, req string, resp *http.Response, body, wantField, wantRule string) {
	t.Helper()
	if got := resp.Header.Get("Content-Type"); got != apiType {
		t.Errorf("%s: Content-Type = %q; want %q", req, got, apiType)
	}
	var e api.ErrorResponse
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Errorf("%s: body %q is not an ErrorResponse: %v", req, body, err)
		return
	}
	if e.Field != wantField {
		t.Errorf("%s: error %q names field %q; want %q", req, e.Error, e.Field, wantField)
	}
	if e.Rule == "" || wantRule != "" && e.Rule != wantRule {
		t.Errorf("%s: error %q names the rule %q; want %q", req, e.Error, e.Rule, cmp.Or(wantRule, "a rule"))
	}
	if msg, ok := strings.CutPrefix(e.Error, e.Field+": "); !ok || strings.TrimSpace(msg) == "" {
		t.Errorf("%s: error = %q; want \"%s: \" and what is wrong", req, e.Error, e.Field)
	}
}

// checkJSONSetCookie checks that {"set_cookie": ...} is the line sent.
func checkJSONSetCookie(t *testing.T, req string, resp *http.Response, body string) {
	t.Helper()
	if got := resp.Header.Get("Content-Type"); got != apiType {
		t.Errorf("%s: Content-Type = %q; want %q", req, got, apiType)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s: Cache-Control = %q; want %q", req, got, "no-store")
	}
	var r api.SetCookieResponse
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Errorf("%s: body %q is not a SetCookieResponse: %v", req, body, err)
		return
	}
	lines := resp.Header.Values("Set-Cookie")
	if len(lines) != 1 || r.SetCookie != lines[0] {
		t.Errorf("%s: JSON set_cookie = %q; want it to equal the Set-Cookie header %q", req, r.SetCookie, lines)
	}
}

// checkSecurityHeaders checks the headers every response carries.
func checkSecurityHeaders(t *testing.T, req string, resp *http.Response) {
	t.Helper()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "'wasm-unsafe-eval'") {
		t.Errorf("%s: Content-Security-Policy = %q; want it to allow 'wasm-unsafe-eval'", req, csp)
	}
	for _, bad := range []string{"'unsafe-eval'", "'unsafe-inline'", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("%s: Content-Security-Policy = %q; want no %s", req, csp, bad)
		}
	}
	for _, d := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("%s: Content-Security-Policy = %q; want it to contain %q", req, csp, d)
		}
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q; want %q", req, got, "nosniff")
	}
	if got := resp.Header.Get("Referrer-Policy"); got != "same-origin" {
		t.Errorf("%s: Referrer-Policy = %q; want %q", req, got, "same-origin")
	}
}

// checkNoCRLF checks that no header was injected: no value holds a CR or
// LF, and no header the playground never sends appears.
func checkNoCRLF(t *testing.T, req string, resp *http.Response) {
	t.Helper()
	for name, values := range resp.Header {
		if strings.HasPrefix(strings.ToLower(name), "x-evil") {
			t.Errorf("%s: injected header %s: %q", req, name, values)
		}
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n") {
				t.Errorf("%s: header %s = %q holds CR or LF", req, name, v)
			}
		}
	}
}

// TestHandlerTutorial covers the tutorial's three routes, which answer as
// its Flask views do.
func TestHandlerTutorial(t *testing.T) {
	ts := newHandlerServer(t)
	textHeaders := map[string]string{"Content-Type": textType, "Cache-Control": "no-store"}
	runHandlerTests(t, ts, []handlerTest{
		{
			name:          "GET /setcookie sets user=Aditya for seven days with Expires and Max-Age",
			target:        "/setcookie",
			wantStatus:    http.StatusOK,
			wantBody:      "Cookie is set!",
			wantSetCookie: []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"},
			wantHeader:    textHeaders,
		},
		{
			name:       "GET /getcookie reads the user cookie back",
			target:     "/getcookie",
			header:     []string{"Cookie", "user=Aditya"},
			wantStatus: http.StatusOK,
			wantBody:   "The user is Aditya",
			wantHeader: textHeaders,
		},
		{
			name:       "GET /getcookie without a Cookie header finds no user",
			target:     "/getcookie",
			wantStatus: http.StatusOK,
			wantBody:   "No user cookie found!",
			wantHeader: textHeaders,
		},
		{
			name:       "GET /getcookie ignores other cookies, even username",
			target:     "/getcookie",
			header:     []string{"Cookie", "username=Ada; other=1"},
			wantStatus: http.StatusOK,
			wantBody:   "No user cookie found!",
		},
		{
			name:       "GET /getcookie takes the first user cookie, the most specific path (RFC 6265bis §5.8.3)",
			target:     "/getcookie",
			header:     []string{"Cookie", "user=Ada; user=Aditya"},
			wantStatus: http.StatusOK,
			wantBody:   "The user is Ada",
		},
		{
			name:          "GET /deletecookie expires the user cookie at Path=/",
			target:        "/deletecookie",
			wantStatus:    http.StatusOK,
			wantBody:      "Cookie has been deleted!",
			wantSetCookie: []string{"user=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
			wantHeader:    textHeaders,
		},
		{
			name:          "GET /setcookie with Accept: text/plain answers the tutorial's text",
			target:        "/setcookie",
			header:        []string{"Accept", "text/plain"},
			wantStatus:    http.StatusOK,
			wantBody:      "Cookie is set!",
			wantSetCookie: []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"},
			wantHeader:    textHeaders,
		},
		{
			name:       "GET /getcookie with Accept: */* (curl, fetch) answers the tutorial's text",
			target:     "/getcookie",
			header:     []string{"Accept", "*/*", "Cookie", "user=Aditya"},
			wantStatus: http.StatusOK,
			wantBody:   "The user is Aditya",
			wantHeader: textHeaders,
		},
		{
			name:       "GET /getcookie preferring text/plain to text/html answers the text",
			target:     "/getcookie",
			header:     []string{"Accept", "text/html;q=0.5, text/plain"},
			wantStatus: http.StatusOK,
			wantBody:   "No user cookie found!",
			wantHeader: textHeaders,
		},
		{
			name:          "GET /setcookie from a browser is a page: the sentence, the line sent, what the browser sends next, the next step",
			target:        "/setcookie",
			header:        []string{"Accept", browserAccept, "Cookie", "user=Old; theme=dark"},
			wantStatus:    http.StatusOK,
			wantSetCookie: []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"},
			wantContains: []string{`id="tutorial-sentence">Cookie is set!<`,
				`id="tutorial-sent">user=Aditya; Path=/; Expires=` + tutorialExpires + `; Max-Age=604800<`,
				`id="tutorial-received">user=Old; theme=dark<`, `id="tutorial-holds">theme=dark; user=Aditya<`,
				`href="/getcookie"`},
			wantHeader: map[string]string{"Content-Type": htmlType, "Cache-Control": "no-store", "Vary": "Accept"},
		},
		{
			name:            "GET /getcookie from a browser shows the Cookie header received, as text",
			target:          "/getcookie",
			header:          []string{"Accept", browserAccept, "Cookie", "user=<b>x</b>"},
			wantStatus:      http.StatusOK,
			wantContains:    []string{`The user is &lt;b&gt;x&lt;/b&gt;`, `id="tutorial-received">user=&lt;b&gt;x&lt;/b&gt;<`, `href="/deletecookie"`},
			wantNotContains: []string{"<b>"},
			wantHeader:      map[string]string{"Content-Type": htmlType},
		},
		{
			name:          "GET /deletecookie from a browser shows the expired line and leads back to /getcookie",
			target:        "/deletecookie",
			header:        []string{"Accept", browserAccept, "Cookie", "user=Aditya"},
			wantStatus:    http.StatusOK,
			wantSetCookie: []string{deleted("user")},
			wantContains:  []string{`id="tutorial-sentence">Cookie has been deleted!<`, `id="tutorial-holds"></code>`, `href="/getcookie"`},
			wantHeader:    map[string]string{"Content-Type": htmlType},
		},
		{
			name:            "GET /setcookie ignores client-sent prerender- parameters",
			target:          "/setcookie?prerender-sentence=Hacked",
			header:          []string{"Accept", browserAccept},
			wantStatus:      http.StatusOK,
			wantSetCookie:   []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"},
			wantContains:    []string{"Cookie is set!"},
			wantNotContains: []string{"Hacked"},
		},
	})
}

// browserAccept is the Accept header of Chromium's navigations.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"

// loginPost returns a same-origin POST /login of the form username=name in
// the tutorial's mode.
func loginPost(name, username string, wantLocation string, wantSetCookie ...string) handlerTest {
	// A refused login goes back to the form in the mode it was sent in.
	if rest, ok := strings.CutPrefix(wantLocation, "/login?"); ok {
		q, _ := url.ParseQuery(rest)
		q.Set("mode", "tutorial")
		wantLocation = "/login?" + q.Encode()
	}
	return handlerTest{
		name:          name,
		method:        http.MethodPost,
		target:        "/login",
		header:        []string{"Origin", "$ORIGIN"},
		contentType:   formType,
		body:          form("username", username, "mode", "tutorial"),
		wantStatus:    http.StatusSeeOther,
		wantLocation:  wantLocation,
		wantSetCookie: wantSetCookie,
	}
}

func loginCookieLine(value string) string {
	return "username=" + value + "; Path=/; Expires=" + loginExpires + "; Max-Age=2592000"
}

// loginRaw returns a same-origin POST /login of the raw form body, which
// must redirect to wantLocation setting wantSetCookie.
func loginRaw(name, body, wantLocation string, wantSetCookie ...string) handlerTest {
	return handlerTest{
		name: name, method: http.MethodPost, target: "/login",
		header: []string{"Sec-Fetch-Site", "same-origin"}, contentType: formType, body: body,
		wantStatus: http.StatusSeeOther, wantLocation: wantLocation, wantSetCookie: wantSetCookie,
	}
}

func TestHandlerLogin(t *testing.T) {
	ts := newHandlerServer(t)
	long := strings.Repeat("a", api.MaxUsernameBytes)
	tests := []handlerTest{
		loginPost("a username is kept for 30 days and the browser is sent home", "Ada", "/", loginCookieLine("Ada")),
		loginPost("a space is stored percent-encoded", "Ann Lee", "/", loginCookieLine("Ann%20Lee")),
		loginPost("a semicolon is stored percent-encoded, so it cannot end the pair", "a;b", "/", loginCookieLine("a%3Bb")),
		loginPost("a comma and a double quote are stored percent-encoded", `a,"b"`, "/", loginCookieLine("a%2C%22b%22")),
		loginPost("a non-ASCII username is stored as percent-encoded UTF-8", "Zoë", "/", loginCookieLine("Zo%C3%AB")),
		loginPost("a username of 64 bytes is the longest allowed", long, "/", loginCookieLine(long)),
		loginPost("an empty username is refused", "", "/login?error=empty&username="),
		loginPost("a whitespace-only username is refused as empty", "   ", "/login?error=empty&username=+++"),
		loginPost("a username of tabs and line breaks only is refused as empty", "\t\n", "/login?error=empty&username=%09%0A"),
		loginPost("a username of 65 bytes is refused as too long", long+"a", "/login?error=too-long&username="+long+"a"),
		loginPost("a username over 256 bytes is refused and not echoed back", strings.Repeat("a", 300), "/login?error=too-long"),
		loginPost("a tab inside a username is a control character", "Ada\tLovelace", "/login?error=control&username=Ada%09Lovelace"),
		loginPost("a line break inside a username is a control character", "Ada\nLovelace", "/login?error=control&username=Ada%0ALovelace"),
		loginPost("a NUL is a control character", "Ada\x00", "/login?error=control&username=Ada%00"),
		loginPost("a C1 control character U+0085 is refused", "Ada\u0085x", "/login?error=control&username=Ada%C2%85x"),
		loginPost("invalid UTF-8 is refused as an encoding error", "Ada\xff", "/login?error=encoding&username=Ada%FF"),
		{
			name:         "Sec-Fetch-Site: same-origin is a same-origin POST",
			method:       http.MethodPost,
			target:       "/login",
			header:       []string{"Sec-Fetch-Site", "same-origin"},
			contentType:  formType,
			body:         form("username", "Ada", "mode", "tutorial"),
			wantStatus:   http.StatusSeeOther,
			wantLocation: "/",
			wantSetCookie: []string{
				loginCookieLine("Ada"),
			},
		},
		{
			name:         "a form without a username field is refused as empty",
			method:       http.MethodPost,
			target:       "/login",
			header:       []string{"Origin", "$ORIGIN"},
			contentType:  formType,
			body:         form("user", "Ada"),
			wantStatus:   http.StatusSeeOther,
			wantLocation: "/login?error=empty&username=",
		},
		loginRaw("a malformed percent-encoding in the username is named, not called too long",
			"username=a%zz", "/login?error=malformed-username"),
		loginRaw("a ; in the username is malformed form encoding (Go and old servers split at it)",
			"username=a;b", "/login?error=malformed-username"),
		loginRaw("a username given twice is refused: which one was meant is unknown",
			"username=a&username=b", "/login?error=malformed-username"),
		loginRaw("a malformed mode is named", "username=Ada&mode=%zz", "/login?error=malformed-mode"),
		loginRaw("a malformed field of another name is a malformed form", "username=Ada&x%zz=1", "/login?error=malformed-form"),
		loginRaw("an unknown field is left alone", "username=Ada&remember=1&mode=tutorial", "/", loginCookieLine("Ada")),
		{
			name:         "a form body over 16 KiB is refused as too long",
			method:       http.MethodPost,
			target:       "/login",
			header:       []string{"Origin", "$ORIGIN"},
			contentType:  formType,
			body:         form("username", strings.Repeat("a", api.MaxBodyBytes+1)),
			wantStatus:   http.StatusSeeOther,
			wantLocation: "/login?error=too-long",
		},
	}
	runHandlerTests(t, ts, tests)
}

func TestHandlerHome(t *testing.T) {
	ts := newHandlerServer(t)
	page := map[string]string{"Content-Type": htmlType, "Cache-Control": "no-store", "ETag": ""}
	runHandlerTests(t, ts, []handlerTest{
		{
			name:         "GET / greets the user of the username cookie in the pre-rendered page",
			target:       "/",
			header:       []string{"Cookie", "username=Ada"},
			wantStatus:   http.StatusOK,
			wantContains: []string{"Welcome back, Ada!"},
			wantHeader:   page,
		},
		{
			name:         "GET / decodes the percent-encoded username",
			target:       "/",
			header:       []string{"Cookie", "username=Ann%20Lee"},
			wantStatus:   http.StatusOK,
			wantContains: []string{"Welcome back, Ann Lee!"},
			wantHeader:   page,
		},
		{
			name:            "GET / escapes markup in the username",
			target:          "/",
			header:          []string{"Cookie", "username=%3Cscript%3Ealert(1)%3C%2Fscript%3E"},
			wantStatus:      http.StatusOK,
			wantContains:    []string{"Welcome back, &lt;script&gt;alert(1)&lt;/script&gt;!"},
			wantNotContains: []string{"<script>alert(1)"},
			wantHeader:      page,
		},
		{
			name:         "GET / without a username cookie redirects to /login",
			target:       "/",
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
		{
			name:         "GET / ignores a client-sent prerender-user without a cookie",
			target:       "/?prerender-user=Mallory",
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
		{
			name:            "GET / greets the cookie's user, not a client-sent prerender-user",
			target:          "/?prerender-user=Mallory",
			header:          []string{"Cookie", "username=Ada"},
			wantStatus:      http.StatusOK,
			wantContains:    []string{"Welcome back, Ada!"},
			wantNotContains: []string{"Mallory"},
			wantHeader:      page,
		},
		{
			name:         "GET / with an empty username cookie redirects to /login",
			target:       "/",
			header:       []string{"Cookie", "username="},
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
		{
			name:         "GET / with a malformed percent-encoding redirects to /login",
			target:       "/",
			header:       []string{"Cookie", "username=%ZZ"},
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
		{
			name:         "GET / with a username that decodes to a control character redirects to /login",
			target:       "/",
			header:       []string{"Cookie", "username=Ada%0A"},
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
		{
			name:         "GET / with only the tutorial's user cookie redirects to /login",
			target:       "/",
			header:       []string{"Cookie", "user=Aditya"},
			wantStatus:   http.StatusFound,
			wantLocation: "/login",
		},
	})
}

func TestHandlerPages(t *testing.T) {
	ts := newHandlerServer(t)
	page := map[string]string{"Content-Type": htmlType, "Cache-Control": "no-store", "ETag": ""}
	resp, _ := handlerTest{method: http.MethodPost, target: "/login", header: []string{"Origin", "$ORIGIN"},
		contentType: formType, body: form("username", "Ada")}.do(t, ts)
	session, _, _ := strings.Cut(resp.Header.Get("Set-Cookie"), ";")
	tests := []handlerTest{
		{
			name:            "GET /login shows the form and no error",
			target:          "/login",
			wantStatus:      http.StatusOK,
			wantContains:    []string{`action="/login"`, `name="username"`},
			wantNotContains: []string{`id="login-error"`},
			wantHeader:      page,
		},
		{
			name:            "GET /login with an unknown error code shows no error",
			target:          "/login?error=bogus",
			wantStatus:      http.StatusOK,
			wantNotContains: []string{`id="login-error"`, "bogus"},
			wantHeader:      page,
		},
		{
			name:            "GET /login does not pre-render the typed username: no request data in attributes",
			target:          "/login?error=empty&username=" + url.QueryEscape(`"><i id=injected>`),
			wantStatus:      http.StatusOK,
			wantNotContains: []string{`<i id=injected>`},
			wantHeader:      page,
		},
		{
			name:         "GET /jar is a pre-rendered page",
			target:       "/jar",
			wantStatus:   http.StatusOK,
			wantContains: []string{"<!doctype html>"},
			wantHeader:   page,
		},
		{
			name:         "GET /logout changes nothing and shows a form that posts to /logout",
			target:       "/logout",
			header:       []string{"Cookie", "username=Ada"},
			wantStatus:   http.StatusOK,
			wantContains: []string{`action="/logout"`, `method="post"`, `id="logout-button"`, "Log out Ada?", "the tutorial&#39;s username cookie"},
			wantHeader:   page,
		},
		{
			name:            "GET /logout in secure mode speaks of the session cookie, not the username cookie",
			target:          "/logout",
			header:          []string{"Cookie", session},
			wantStatus:      http.StatusOK,
			wantContains:    []string{`id="logout-button"`, "your signed session cookie"},
			wantNotContains: []string{"username cookie"},
			wantHeader:      page,
		},
		{
			name:            "GET /logout with nobody logged in offers to log in, not to log out",
			target:          "/logout",
			wantStatus:      http.StatusOK,
			wantContains:    []string{"Nobody is logged in", `href="/login#login"`},
			wantNotContains: []string{`id="logout-button"`},
			wantHeader:      page,
		},
		{
			name:         "GET /login after logging out says so",
			target:       "/login?status=logged-out",
			wantStatus:   http.StatusOK,
			wantContains: []string{`id="logged-out"`, "You are logged out"},
			wantHeader:   page,
		},
		{
			name:         "GET /login is the start page: the tutorial's steps and the doors to the jar, the explainer and the lab",
			target:       "/login",
			wantStatus:   http.StatusOK,
			wantContains: []string{`href="/setcookie"`, `href="/getcookie"`, `href="/deletecookie"`, `href="/jar"`, `href="/explain"`, `href="/lab"`, `<details class="tech">`},
			wantHeader:   page,
		},
		{
			name:         "GET /login with someone logged in says who",
			target:       "/login",
			header:       []string{"Cookie", "username=Ada"},
			wantStatus:   http.StatusOK,
			wantContains: []string{`id="logged-in-name">Ada<`},
			wantHeader:   page,
		},
		{
			name:            "GET /lab pre-renders its buttons enabled: no disabled=\"false\"",
			target:          "/lab",
			wantStatus:      http.StatusOK,
			wantNotContains: []string{`disabled="false"`},
			wantHeader:      page,
		},
		{
			name:         "GET of an unknown page answers 404 with the not-found page and its navigation",
			target:       "/no/such/page",
			wantStatus:   http.StatusNotFound,
			wantContains: []string{"Page not found", `href="/jar"`, `class="skip-link"`},
			wantHeader:   map[string]string{"Content-Type": htmlType},
		},
		{
			name:          "POST /logout expires the username cookie and sends the browser to the start page, which says so",
			method:        http.MethodPost,
			target:        "/logout",
			header:        []string{"Origin", "$ORIGIN", "Cookie", "username=Ada"},
			wantStatus:    http.StatusSeeOther,
			wantLocation:  "/login?status=logged-out",
			wantSetCookie: []string{"username=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
		},
	}
	for _, code := range []string{api.LoginErrEmpty, api.LoginErrTooLong, api.LoginErrControl, api.LoginErrEncoding,
		api.LoginErrMalformed("username"), api.LoginErrMalformed("mode"), api.LoginErrMalformed("")} {
		tests = append(tests, handlerTest{
			name:         "GET /login?error=" + code + " shows api.LoginErrorMessage",
			target:       "/login?error=" + code,
			wantStatus:   http.StatusOK,
			wantContains: []string{`id="login-error"`, api.LoginErrorMessage(code)},
			wantHeader:   page,
		})
	}
	runHandlerTests(t, ts, tests)
}

// TestHandlerLoginModesWithoutJavaScript checks the pre-rendered radio
// buttons: HTML reads checked="false" as checked, so the tutorial's
// insecure mode must carry no checked attribute at all.
func TestHandlerLoginModesWithoutJavaScript(t *testing.T) {
	ts := newHandlerServer(t)
	_, body := handlerTest{target: "/login"}.do(t, ts)
	radio := func(id string) string {
		m := regexp.MustCompile(`<input [^>]*id="` + id + `"[^>]*>`).FindString(body)
		if m == "" {
			t.Fatalf("GET /login has no #%s", id)
		}
		return m
	}
	checked := regexp.MustCompile(` checked[ =>]`)
	if got := radio("mode-secure"); !checked.MatchString(got) {
		t.Errorf("secure mode is not checked: %s", got)
	}
	if got := radio("mode-tutorial"); checked.MatchString(got) {
		t.Errorf("tutorial mode carries a checked attribute: %s", got)
	}
	if strings.Contains(body, `="false"`) {
		t.Errorf(`GET /login holds a ="false" boolean attribute`)
	}
}

// TestHandlerPagesIgnoreIfNoneMatch checks that go-app's version ETag never
// lets a browser reuse a page, since pages depend on cookies.
func TestHandlerPagesIgnoreIfNoneMatch(t *testing.T) {
	ts := newHandlerServer(t)
	resp, _ := handlerTest{target: "/app.js"}.do(t, ts)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /app.js: no ETag; want go-app's version ETag")
	}
	runHandlerTests(t, ts, []handlerTest{
		{
			name:         "GET / answers 200 despite a matching If-None-Match",
			target:       "/",
			header:       []string{"Cookie", "username=Ada", "If-None-Match", etag},
			wantStatus:   http.StatusOK,
			wantContains: []string{"Welcome back, Ada!"},
			wantHeader:   map[string]string{"ETag": "", "Cache-Control": "no-store"},
		},
		{
			name:         "GET /login answers 200 despite a matching If-None-Match",
			target:       "/login",
			header:       []string{"If-None-Match", etag},
			wantStatus:   http.StatusOK,
			wantContains: []string{`action="/login"`},
			wantHeader:   map[string]string{"ETag": "", "Cache-Control": "no-store"},
		},
	})
}

func TestHandlerStatic(t *testing.T) {
	ts := newHandlerServer(t)
	runHandlerTests(t, ts, []handlerTest{
		{
			name:         "GET /web/app.css serves the web folder",
			target:       "/web/app.css",
			wantStatus:   http.StatusOK,
			wantContains: []string{"Cookie Playground"},
			wantHeader:   map[string]string{"Content-Type": "text/css; charset=utf-8"},
		},
		{
			name:       "GET /web/ of a missing file is 404",
			target:     "/web/missing.css",
			wantStatus: http.StatusNotFound,
		},
		{
			name:       "GET /robots.txt is answered locally",
			target:     "/robots.txt",
			wantStatus: http.StatusOK,
			wantBody:   "User-agent: *\nAllow: /\n",
			wantHeader: map[string]string{"Content-Type": textType},
		},
		{
			name:         "GET /app-worker.js is the playground's network-first worker",
			target:       "/app-worker.js",
			wantStatus:   http.StatusOK,
			wantContains: []string{"Cookie Playground service worker"},
		},
		{
			name:         "GET /manifest.webmanifest names the playground",
			target:       "/manifest.webmanifest",
			wantStatus:   http.StatusOK,
			wantContains: []string{`"name":"Cookie Playground"`},
		},
		{name: "GET /app.js is go-app's script", target: "/app.js", wantStatus: http.StatusOK},
		{name: "GET /wasm_exec.js is Go's wasm support script", target: "/wasm_exec.js", wantStatus: http.StatusOK},
		{name: "GET of an unknown page is 404", target: "/nope", wantStatus: http.StatusNotFound},
		{
			name:       "GET /sitemap.xml is 404, not a fetch of go-app's proxy resource",
			target:     "/sitemap.xml",
			wantStatus: http.StatusNotFound,
		},
		{
			name:       "GET /ads.txt is 404, not a fetch of go-app's proxy resource",
			target:     "/ads.txt",
			wantStatus: http.StatusNotFound,
		},
	})
}

func TestHandlerCookiesList(t *testing.T) {
	ts := newHandlerServer(t)
	jsonHeaders := map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"}
	runHandlerTests(t, ts, []handlerTest{
		{
			name:       "GET /api/cookies keeps header order, duplicate names and a nameless piece (RFC 6265bis §5.6 step 3)",
			target:     "/api/cookies",
			header:     []string{"Cookie", "b=2; a=1; a=3; lonely"},
			wantStatus: http.StatusOK,
			wantBody: `{"cookies":[{"name":"b","value":"2"},{"name":"a","value":"1"},{"name":"a","value":"3"},` +
				`{"name":"","value":"lonely"}],"header":"b=2; a=1; a=3; lonely"}` + "\n",
			wantHeader: jsonHeaders,
		},
		{
			name:       "GET /api/cookies without a Cookie header is an empty list, not null",
			target:     "/api/cookies",
			wantStatus: http.StatusOK,
			wantBody:   `{"cookies":[],"header":""}` + "\n",
			wantHeader: jsonHeaders,
		},
		{
			name:       "GET /api/cookies joins two Cookie header lines with \"; \" (RFC 9113 §8.2.3)",
			target:     "/api/cookies",
			header:     []string{"Cookie", "a=1", "Cookie", "b=2"},
			wantStatus: http.StatusOK,
			wantBody:   `{"cookies":[{"name":"a","value":"1"},{"name":"b","value":"2"}],"header":"a=1; b=2"}` + "\n",
			wantHeader: jsonHeaders,
		},
		{
			name:       "GET /api/cookies keeps a value's double quotes and skips empty pieces",
			target:     "/api/cookies",
			header:     []string{"Cookie", `a="x y";; b=`},
			wantStatus: http.StatusOK,
			wantBody:   `{"cookies":[{"name":"a","value":"\"x y\""},{"name":"b","value":""}],"header":"a=\"x y\";; b="}` + "\n",
			wantHeader: jsonHeaders,
		},
	})
}

// cookieRequest returns a same-origin POST /api/cookies of body, as the
// UI's fetch sends it.
func cookieRequest(name, body string) handlerTest {
	return handlerTest{
		name:        name,
		method:      http.MethodPost,
		target:      "/api/cookies",
		header:      []string{"Sec-Fetch-Site", "same-origin"},
		contentType: jsonType,
		body:        body,
	}
}

// setOK returns a POST /api/cookies of body that must send the line want.
func setOK(name, body, want string) handlerTest {
	tt := cookieRequest(name, body)
	tt.wantStatus = http.StatusOK
	tt.wantSetCookie = []string{want}
	tt.wantJSONCookie = true
	return tt
}

// setBad returns a POST /api/cookies of body that must be refused with an
// error naming field, and send no cookie.
func setBad(name, body, field string) handlerTest {
	tt := cookieRequest(name, body)
	tt.wantStatus = http.StatusBadRequest
	tt.wantErrField = field
	return tt
}

// TestHandlerCookiesSetJSON checks how POST /api/cookies reads its body;
// the cookie rules are setCookieTests'.
func TestHandlerCookiesSetJSON(t *testing.T) {
	ts := newHandlerServer(t)
	pad := strings.Repeat(" ", api.MaxBodyBytes)
	tests := []handlerTest{
		setOK("a JSON null max_age sends no Max-Age", `{"name":"a","value":"1","max_age":null}`, "a=1; Path=/"),
		setOK("a surrogate pair escape is one character", `{"name":"a","value":"\ud83c\udf6a"}`, "a=🍪; Path=/"),
		setBad("a missing name is an empty one, not a token (RFC 6265bis §4.1.1)", `{"value":"1"}`, "name"),
		setBad("an unknown field is named in the error", `{"name":"a","value":"b","colour":"red"}`, "colour"),
		setBad("a string max_age", `{"name":"a","value":"1","max_age":"10"}`, "max_age"),
		setBad("a fractional max_age", `{"name":"a","value":"1","max_age":1.5}`, "max_age"),
		setBad("a string secure", `{"name":"a","value":"1","secure":"yes"}`, "secure"),
		setBad("a numeric name", `{"name":1,"value":"1"}`, "name"),
		setBad("malformed JSON", `{"name" "a"}`, "body"),
		setBad("truncated JSON", `{"name":"a",`, "body"),
		setBad("not JSON at all", `name=a&value=1`, "body"),
		setBad("an empty body", ``, "body"),
		setBad("two JSON objects", `{"name":"a","value":"1"} {"name":"b","value":"2"}`, "body"),
		setBad("a JSON object and trailing text", `{"name":"a","value":"1"} x`, "body"),
		setBad("a body over 16 KiB (api.MaxBodyBytes)", `{"name":"a","value":"`+strings.Repeat("v", api.MaxBodyBytes)+`"}`, "body"),
	}
	// Found by these tests once: decodeJSON let these through.
	regressions := []handlerTest{
		setBad("a JSON array instead of an object", `[]`, "body"),
		setBad("a JSON string instead of an object", `"a=1"`, "body"),
		setBad("a JSON object followed by ]", `{"name":"a","value":"1"}]`, "body"),
		setBad("a JSON object followed by }", `{"name":"a","value":"1"}}`, "body"),
		setBad("a body over 16 KiB of which the object is a small part", `{"name":"a","value":"1"}`+pad, "body"),
	}
	// Found by the adversarial pass of issue 16: these were matched, kept
	// or repaired silently.
	strict := []handlerTest{
		setBad("a key in another case is unknown: JSON names are case-sensitive", `{"NAME":"a","value":"1"}`, "NAME"),
		setBad("a name given twice, in two cases", `{"name":"a","NAME":"b"}`, "NAME"),
		setBad("a name given twice", `{"name":"a","name":"b"}`, "name"),
		setBad("invalid UTF-8 in a value is not replaced with U+FFFD (RFC 8259 §8.1)", "{\"name\":\"a\",\"value\":\"x\xffy\"}", "value"),
		setBad("a lone surrogate escape is not replaced with U+FFFD (RFC 8259 §8.2)", `{"name":"a","value":"x\ud800y"}`, "value"),
		setBad("a lone low surrogate escape", `{"name":"a\udc00","value":"1"}`, "name"),
		setBad("a max_age beyond 64 bits", `{"name":"a","value":"1","max_age":99999999999999999999}`, "max_age"),
	}
	tests = append(tests, strict...)
	runHandlerTests(t, ts, append(tests, regressions...))

	// The error for an oversized body is exact.
	tt := setBad("", `{"name":"a","value":"`+strings.Repeat("v", api.MaxBodyBytes)+`"}`, "body")
	_, body := tt.do(t, ts)
	if want := `{"error":"body: larger than 16384 bytes","field":"body","rule":"limit"}` + "\n"; body != want {
		t.Errorf("POST /api/cookies of %d bytes: body = %q; want %q", len(tt.body), body, want)
	}
}

// TestHandlerCookiesSetReportsEffectiveExpiry: an expiry beyond the 400
// days browsers keep a cookie is sent as asked, and the answer says when
// the cookie will really expire, as the engine decides (RFC 6265bis §5.5).
func TestHandlerCookiesSetReportsEffectiveExpiry(t *testing.T) {
	ts := newHandlerServer(t)
	in400Days := fixedNow.Add(cookierules.MaxAge).Format(time.RFC3339) // 2027-04-05T12:00:00Z
	answer := func(line, effective, note string) string {
		b, _ := json.Marshal(api.SetCookieResponse{SetCookie: line, EffectiveExpires: effective, Note: note})
		return string(b) + "\n"
	}
	withBody := func(tt handlerTest, body string) handlerTest {
		tt.wantBody = body
		return tt
	}
	runHandlerTests(t, ts, []handlerTest{
		withBody(setOK("a max_age of 2^63-1 is sent, and expires in 400 days",
			`{"name":"a","value":"1","max_age":9223372036854775807}`, "a=1; Path=/; Max-Age=9223372036854775807"),
			answer("a=1; Path=/; Max-Age=9223372036854775807", in400Days,
				"max_age is beyond the 400 days a browser keeps a cookie, so it expires at "+in400Days+" instead (RFC 6265bis §5.5)")),
		withBody(setOK("an expires in 9999 is sent, and expires in 400 days",
			`{"name":"a","value":"1","expires":"9999-12-31T23:59:59Z"}`, "a=1; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT"),
			answer("a=1; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT", in400Days,
				"expires is beyond the 400 days a browser keeps a cookie, so it expires at "+in400Days+" instead (RFC 6265bis §5.5)")),
		withBody(setOK("a max_age within 400 days is reported without a note",
			`{"name":"a","value":"1","max_age":3600}`, "a=1; Path=/; Max-Age=3600"),
			answer("a=1; Path=/; Max-Age=3600", "2026-03-01T13:00:00Z", "")),
		withBody(setOK("max_age=0 expires at the earliest time (RFC 6265bis §5.6.2)",
			`{"name":"a","value":"1","max_age":0}`, "a=1; Path=/; Max-Age=0"),
			answer("a=1; Path=/; Max-Age=0", "1970-01-01T00:00:00Z", "")),
		withBody(setOK("a session cookie has no expiry to report",
			`{"name":"a","value":"1"}`, "a=1; Path=/"),
			answer("a=1; Path=/", "", "")),
	})
}

// deleteRequest returns a same-origin DELETE of target.
func deleteRequest(name, target string) handlerTest {
	return handlerTest{
		name:   name,
		method: http.MethodDelete,
		target: target,
		header: []string{"Sec-Fetch-Site", "same-origin"},
	}
}

func deleteOK(name, target, want string) handlerTest {
	tt := deleteRequest(name, target)
	tt.wantStatus = http.StatusOK
	tt.wantSetCookie = []string{want}
	tt.wantJSONCookie = true
	return tt
}

func deleteBad(name, target, field string) handlerTest {
	tt := deleteRequest(name, target)
	tt.wantStatus = http.StatusBadRequest
	tt.wantErrField = field
	return tt
}

func TestHandlerMe(t *testing.T) {
	ts := newHandlerServer(t)
	jsonHeaders := map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"}
	me := func(name, cookie, want string) handlerTest {
		tt := handlerTest{name: name, target: "/api/me", wantStatus: http.StatusOK, wantBody: want + "\n", wantHeader: jsonHeaders}
		if cookie != "" {
			tt.header = []string{"Cookie", cookie}
		}
		return tt
	}
	runHandlerTests(t, ts, []handlerTest{
		me("nobody is logged in without a cookie", "", `{"username":null}`),
		me("the username cookie names the user", "username=Ada", `{"username":"Ada","mode":"tutorial"}`),
		me("the username is percent-decoded", "username=Ann%20Lee", `{"username":"Ann Lee","mode":"tutorial"}`),
		me("the first username cookie wins", "username=Ada; username=Bob", `{"username":"Ada","mode":"tutorial"}`),
		me("an empty username cookie is nobody", "username=", `{"username":null}`),
		me("a malformed percent-encoding is nobody", "username=%ZZ", `{"username":null}`),
		me("a username that decodes to a control character is nobody", "username=Ada%09", `{"username":null}`),
		me("a username that decodes to invalid UTF-8 is nobody", "username=Ada%FF", `{"username":null}`),
		me("the tutorial's user cookie is not a login", "user=Aditya", `{"username":null}`),
	})
}

func TestHandlerHTTPBin(t *testing.T) {
	ts := newHandlerServer(t)
	runHandlerTests(t, ts, []handlerTest{
		{
			name:       "GET /cookies without cookies is an empty object",
			target:     "/cookies",
			wantStatus: http.StatusOK,
			wantBody:   `{"cookies":{}}` + "\n",
			wantHeader: map[string]string{"Content-Type": apiType},
		},
		{
			name:       "GET /cookies maps names to values; the first of a name wins",
			target:     "/cookies",
			header:     []string{"Cookie", "b=2; a=1; a=3"},
			wantStatus: http.StatusOK,
			wantBody:   `{"cookies":{"a":"1","b":"2"}}` + "\n",
		},
		{
			name:          "GET /cookies/set sets each cookie at Path=/, sorted by name, and redirects to /cookies",
			target:        "/cookies/set?b=2&a=1",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{"a=1; Path=/", "b=2; Path=/"},
		},
		{
			name:          "GET /cookies/set with a name and no value sets an empty value",
			target:        "/cookies/set?a",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{"a=; Path=/"},
		},
		{
			name:         "GET /cookies/set with a name twice sets nothing: which value was meant is unknown",
			target:       "/cookies/set?a=1&a=2",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "a",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:         "GET /cookies/set with a malformed percent-encoding sets nothing",
			target:       "/cookies/set?a=%zz",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "a",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:         "GET /cookies/set is all or nothing: one malformed pair and the good one is not set either",
			target:       "/cookies/set?a=1&b=%zz",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "b",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:         "GET /cookies/set with a malformed name names the query",
			target:       "/cookies/set?a%zz=1",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "query",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:         "GET /cookies/set with ; between pairs sets nothing: ; is no separator",
			target:       "/cookies/set?a=1;b=2",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "a",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:          "GET /cookies/set decodes + and %20 as a space, inside the value",
			target:        "/cookies/set?a=x+y%20z",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{"a=x y z; Path=/"},
		},
		{
			name:         "GET /cookies/set refuses the secure login's session cookie: a link must not log anyone in",
			target:       "/cookies/set?session=forged",
			header:       []string{"Sec-Fetch-Site", "cross-site"},
			wantStatus:   http.StatusBadRequest,
			wantErrField: "session",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/set refuses __Host-session",
			target:       "/cookies/set?__Host-session=forged",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "__Host-session",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/set refuses the tutorial's login cookie, even beside other cookies",
			target:       "/cookies/set?a=1&username=mallory",
			header:       []string{"Sec-Fetch-Site", "cross-site"},
			wantStatus:   http.StatusBadRequest,
			wantErrField: "username",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/set refuses a login cookie's name in another case",
			target:       "/cookies/set?SESSION=forged",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "SESSION",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/set without a query sets nothing and redirects",
			target:       "/cookies/set",
			wantStatus:   http.StatusFound,
			wantLocation: "/cookies",
		},
		{
			name:         "GET /cookies/set with one invalid name sets no cookie at all",
			target:       "/cookies/set?ok=1&bad%20name=2",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "name",
		},
		{
			name:         "GET /cookies/set with ; in a value sets no cookie at all",
			target:       "/cookies/set?a=1&b=x%3By",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "value",
		},
		{
			name:         "GET /cookies/set of a __Secure- name cannot be Secure, so is refused (RFC 6265bis §4.1.3.1)",
			target:       "/cookies/set?__Secure-a=1",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "secure",
		},
		{
			name:          "GET /cookies/delete expires each named cookie and redirects to /cookies",
			target:        "/cookies/delete?a&b",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{deleted("a"), deleted("b")},
		},
		{
			name:          "GET /cookies/delete sorts by name",
			target:        "/cookies/delete?b=&a=",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{deleted("a"), deleted("b")},
		},
		{
			name:          "GET /cookies/delete of __Host-x carries Secure (RFC 6265bis §4.1.3.2)",
			target:        "/cookies/delete?__Host-x",
			wantStatus:    http.StatusFound,
			wantLocation:  "/cookies",
			wantSetCookie: []string{"__Host-x=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure"},
		},
		{
			name:         "GET /cookies/delete with one name no browser holds expires nothing",
			target:       "/cookies/delete?a&b%3Dc",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "name",
		},
		{
			name:         "GET /cookies/delete cannot log anyone out: the login cookies are refused",
			target:       "/cookies/delete?__Host-session&session&username",
			header:       []string{"Cookie", "username=Ada", "Sec-Fetch-Site", "cross-site"},
			wantStatus:   http.StatusBadRequest,
			wantErrField: "__Host-session",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/delete refuses the tutorial's login cookie alone",
			target:       "/cookies/delete?username",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "username",
			wantErrRule:  api.RuleLoginOnly,
		},
		{
			name:         "GET /cookies/delete with a malformed name expires nothing",
			target:       "/cookies/delete?a&b%zz",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "query",
			wantErrRule:  api.RuleQuery,
		},
		{
			name:         "GET /cookies/delete with a name twice expires nothing",
			target:       "/cookies/delete?a&a",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "a",
			wantErrRule:  api.RuleQuery,
		},
	})
}

// TestHandlerCrossOrigin checks http.CrossOriginProtection: a cross-site
// POST or DELETE is refused before it can set a cookie.
func TestHandlerCrossOrigin(t *testing.T) {
	ts := newHandlerServer(t)
	body := `{"name":"a","value":"1"}`
	apiPost := func(name string, status int, header ...string) handlerTest {
		tt := handlerTest{
			name: name, method: http.MethodPost, target: "/api/cookies", header: header,
			contentType: jsonType, body: body, wantStatus: status,
		}
		if status == http.StatusOK {
			tt.wantSetCookie = []string{"a=1; Path=/"}
			tt.wantJSONCookie = true
		}
		return tt
	}
	runHandlerTests(t, ts, []handlerTest{
		apiPost("POST /api/cookies from Origin http://evil.test is refused", http.StatusForbidden, "Origin", "http://evil.test"),
		apiPost("POST /api/cookies with Sec-Fetch-Site: cross-site is refused", http.StatusForbidden,
			"Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"),
		apiPost("POST /api/cookies with Sec-Fetch-Site: same-site is refused", http.StatusForbidden, "Sec-Fetch-Site", "same-site"),
		apiPost("POST /api/cookies from the server's own Origin passes", http.StatusOK, "Origin", "$ORIGIN"),
		apiPost("POST /api/cookies with Sec-Fetch-Site: same-origin passes", http.StatusOK, "Sec-Fetch-Site", "same-origin"),
		apiPost("POST /api/cookies with Sec-Fetch-Site: none (typed by the user) passes", http.StatusOK, "Sec-Fetch-Site", "none"),
		apiPost("POST /api/cookies without Origin or Sec-Fetch-Site (not a browser) passes", http.StatusOK),
		{
			name:        "POST /login from Origin http://evil.test is refused",
			method:      http.MethodPost,
			target:      "/login",
			header:      []string{"Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"},
			contentType: formType,
			body:        form("username", "Mallory"),
			wantStatus:  http.StatusForbidden,
		},
		{
			name:        "POST /login from an old browser's cross-site Origin is refused",
			method:      http.MethodPost,
			target:      "/login",
			header:      []string{"Origin", "http://evil.test"},
			contentType: formType,
			body:        form("username", "Mallory"),
			wantStatus:  http.StatusForbidden,
		},
		{
			name:       "POST /logout from Origin http://evil.test is refused",
			method:     http.MethodPost,
			target:     "/logout",
			header:     []string{"Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"},
			wantStatus: http.StatusForbidden,
		},
		{
			name:       "DELETE /api/cookies/a from Origin http://evil.test is refused",
			method:     http.MethodDelete,
			target:     "/api/cookies/a",
			header:     []string{"Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"},
			wantStatus: http.StatusForbidden,
		},
		{
			name:          "GET /setcookie is a safe method, so cross-site passes, as in the tutorial",
			target:        "/setcookie",
			header:        []string{"Sec-Fetch-Site", "cross-site"},
			wantStatus:    http.StatusOK,
			wantBody:      "Cookie is set!",
			wantSetCookie: []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"},
		},
	})
}

// TestHandlerSecurityHeaders checks that every kind of response carries
// the security headers; runHandlerTests checks them on each case.
func TestHandlerSecurityHeaders(t *testing.T) {
	ts := newHandlerServer(t)
	resp, _ := handlerTest{target: "/setcookie"}.do(t, ts)
	if got := resp.Header.Get("Content-Security-Policy"); got != contentSecurityPolicy {
		t.Errorf("Content-Security-Policy = %q; want %q", got, contentSecurityPolicy)
	}
	cookie := []string{"Cookie", "username=Ada"}
	route := func(method, target string, status int, header ...string) handlerTest {
		tt := handlerTest{name: method + " " + target, method: method, target: target, header: header, wantStatus: status}
		switch {
		case status == http.StatusFound || status == http.StatusSeeOther:
			tt.wantLocation = "/"
		case target == "/setcookie":
			tt.wantSetCookie = []string{"user=Aditya; Path=/; Expires=" + tutorialExpires + "; Max-Age=604800"}
		case target == "/deletecookie":
			tt.wantSetCookie = []string{deleted("user")}
		}
		return tt
	}
	tests := []handlerTest{
		route("GET", "/", http.StatusOK, cookie...),
		route("GET", "/api/cookies", http.StatusOK),
		route("GET", "/api/me", http.StatusOK),
		route("GET", "/cookies", http.StatusOK),
		route("GET", "/deletecookie", http.StatusOK),
		route("GET", "/getcookie", http.StatusOK),
		route("GET", "/jar", http.StatusOK),
		route("GET", "/login", http.StatusOK),
		route("GET", "/logout", http.StatusOK),
		route("GET", "/robots.txt", http.StatusOK),
		route("GET", "/setcookie", http.StatusOK),
		route("GET", "/web/app.css", http.StatusOK),
		route("GET", "/app.js", http.StatusOK),
		route("GET", "/app-worker.js", http.StatusOK),
		route("GET", "/manifest.webmanifest", http.StatusOK),
		route("GET", "/nope", http.StatusNotFound),
		route("PUT", "/api/cookies", http.StatusMethodNotAllowed),
		route("POST", "/api/cookies", http.StatusForbidden, "Origin", "http://evil.test"),
		route("POST", "/api/cookies", http.StatusBadRequest),
	}
	redirect := route("GET", "/", http.StatusFound)
	redirect.wantLocation = "/login"
	httpbin := route("GET", "/cookies/set?a=1", http.StatusFound)
	httpbin.wantLocation, httpbin.wantSetCookie = "/cookies", []string{"a=1; Path=/"}
	logout := route("POST", "/logout", http.StatusSeeOther, "Origin", "$ORIGIN", "Cookie", "username=Ada")
	logout.wantLocation, logout.wantSetCookie = "/login?status=logged-out", []string{deleted("username")}
	login := route("POST", "/login", http.StatusSeeOther, "Origin", "$ORIGIN")
	login.contentType, login.body = formType, form("username", "Ada", "mode", "tutorial")
	login.wantSetCookie = []string{loginCookieLine("Ada")}
	del := route("DELETE", "/api/cookies/a", http.StatusOK)
	del.wantSetCookie = []string{deleted("a")}
	runHandlerTests(t, ts, append(tests, redirect, httpbin, logout, login, del))
}

// TestHandlerHeaderInjection checks that no input reaches a header with a
// CR or LF in it: each attempt is refused, and nothing is injected. The
// API's own attempts are rows of setCookieTests and deleteCookieTests.
func TestHandlerHeaderInjection(t *testing.T) {
	ts := newHandlerServer(t)
	const crlf = "%0d%0aX-Evil:1"
	tests := []handlerTest{
		{
			name:         "a CRLF in a /cookies/set value",
			target:       "/cookies/set?a=" + crlf,
			wantStatus:   http.StatusBadRequest,
			wantErrField: "value",
		},
		{
			name:         "a CRLF in a /cookies/set name",
			target:       "/cookies/set?a" + crlf + "=1",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "name",
		},
		{
			name:         "a lone LF in a /cookies/set value",
			target:       "/cookies/set?a=x%0aX-Evil:1",
			wantStatus:   http.StatusBadRequest,
			wantErrField: "value",
		},
		{
			name:         "a CRLF in a /cookies/delete name",
			target:       "/cookies/delete?a" + crlf,
			wantStatus:   http.StatusBadRequest,
			wantErrField: "name",
		},
		loginPost("a CRLF in a login username is refused and escaped in Location", "a\r\nX-Evil: 1",
			"/login?error=control&username=a%0D%0AX-Evil%3A+1"),
	}
	runHandlerTests(t, ts, tests)
}

// TestHandlerPagesCompressed: a page the same for everyone goes out
// compressed in the encoding the client prefers, with the same content;
// a page naming the user goes out as it is.
func TestHandlerPagesCompressed(t *testing.T) {
	ts := newHandlerServer(t)
	get := func(path, acceptEncoding string, cookie string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", acceptEncoding) // set, so the client does not decompress
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(b)); got != want {
			t.Errorf("GET %s (Accept-Encoding %q): Content-Length %s for %s bytes", path, acceptEncoding, got, want)
		}
		return resp, b
	}
	var plain []byte
	for _, enc := range []string{"identity", "gzip", "br"} {
		resp, b := get("/jar", enc, "")
		got := resp.Header.Get("Content-Encoding")
		if enc == "identity" {
			plain = b
			enc = ""
		}
		if got != enc || resp.Header.Get("ETag") != "" || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET /jar (Accept-Encoding %q): Content-Encoding %q, ETag %q, Cache-Control %q, Vary %q; want %q, none, no-store, Accept-Encoding",
				enc, got, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"), enc)
		}
		if d := decode(t, enc, b); !bytes.Equal(d, plain) || !bytes.Contains(d, []byte("<h1>Cookie jar</h1>")) {
			t.Errorf("GET /jar (Accept-Encoding %q): decoded page differs from the identity one", enc)
		}
	}
	resp, b := get("/", "br", "username=Ada")
	if enc := resp.Header.Get("Content-Encoding"); enc != "" || !bytes.Contains(b, []byte("Welcome back, Ada!")) {
		t.Errorf("GET / logged in (Accept-Encoding br): Content-Encoding %q, greeting there %v; want the page as it is", enc, bytes.Contains(b, []byte("Welcome back, Ada!")))
	}
}

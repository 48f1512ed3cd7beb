package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// A pre-rendered page is sent in parts around the username, with the
// length worked out in advance: it must be the body's, whatever the name's
// length against the placeholder's, and every placeholder must be filled.
var pageUserNameTests = []struct {
	name, username, want string
}{
	{"a name shorter than the placeholder", "Ada", "Welcome back, Ada!"},
	{"a name as long as the placeholder", strings.Repeat("n", len(userPlaceholder)), "Welcome back, " + strings.Repeat("n", len(userPlaceholder)) + "!"},
	{"a name longer than the placeholder", strings.Repeat("L", 60), "Welcome back, " + strings.Repeat("L", 60) + "!"},
	{"a name that grows when escaped", `<a href="x">&</a>`, "Welcome back, &lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;!"},
}

func TestPageContentLengthIsTheBodysWithTheUsername(t *testing.T) {
	h := NewServer(testConfig())
	for _, tt := range pageUserNameTests {
		t.Run(tt.name, func(t *testing.T) {
			for range 2 { // rendered, then from the cache
				r := httptest.NewRequest(http.MethodGet, "/", nil)
				r.Header.Set("Cookie", "username="+url.PathEscape(tt.username))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				body := rec.Body.String()
				if rec.Code != http.StatusOK || !strings.Contains(body, tt.want) {
					t.Fatalf("GET / = %d, body without %q", rec.Code, tt.want)
				}
				if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
					t.Errorf("Content-Length %s; the body has %d bytes", cl, len(body))
				}
				if strings.Contains(body, userPlaceholder) {
					t.Error("the page still holds the username placeholder")
				}
			}
		})
	}
}

// Every page's pre-rendered title names the page first, then the
// playground, so that tabs, the history and screen readers tell pages
// apart (WCAG 2.2 §2.4.2).
var pageTitleTests = []struct {
	path, cookie, want string
}{
	{"/", "username=Ada", "Greeting · Cookie Playground"},
	{"/about", "", "About · Cookie Playground"},
	{"/explain", "", "Set-Cookie explainer · Cookie Playground"},
	{"/jar", "", "Cookie jar · Cookie Playground"},
	{"/lab", "", "Flags lab · Cookie Playground"},
	{"/login", "", "Log in · Cookie Playground"},
	{"/logout", "", "Log out · Cookie Playground"},
	{"/setcookie", "", "Tutorial, step 1: set a cookie · Cookie Playground"},
	{"/getcookie", "", "Tutorial, step 2: read the cookie · Cookie Playground"},
	{"/deletecookie", "", "Tutorial, step 3: delete the cookie · Cookie Playground"},
	{"/no/such/page", "", "Page not found · Cookie Playground"},
}

func TestPageTitlesNameThePage(t *testing.T) {
	h := NewServer(testConfig())
	for _, tt := range pageTitleTests {
		t.Run(tt.path, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tt.path, nil)
			r.Header.Set("Accept", "text/html")
			if tt.cookie != "" {
				r.Header.Set("Cookie", tt.cookie)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if want := "<title>" + tt.want + "</title>"; !strings.Contains(rec.Body.String(), want) {
				t.Errorf("GET %s = %d, without %s", tt.path, rec.Code, want)
			}
		})
	}
}

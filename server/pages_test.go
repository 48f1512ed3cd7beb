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

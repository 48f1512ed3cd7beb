package server

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Origins the table tests send from.
var (
	loopbackOrigin = origin{host: "127.0.0.1", secure: true}       // http://127.0.0.1
	insecureOrigin = origin{host: "a.test", secure: false}         // http://a.test
	exampleOrigin  = origin{host: "www.example.com", secure: true} // https://www.example.com
	coUKOrigin     = origin{host: "a.co.uk", secure: true}         // https://a.co.uk
	githubIOOrigin = origin{host: "a.github.io", secure: true}     // https://a.github.io
	localhost      = origin{host: "localhost", secure: true}       // http://localhost
)

func intPtr(n int) *int { return &n }

// reqString renders a request as the JSON the API receives, which reads
// better than %+v of a struct holding a pointer.
func reqString(req api.SetCookieRequest) string {
	b, err := json.Marshal(req)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

var buildSetCookieTests = []struct {
	name      string
	req       api.SetCookieRequest
	origin    origin
	want      string // the Set-Cookie line, when no error is wanted
	wantField string // the field the error names, when one is wanted
}{
	// The pair.
	{
		name:   "a bare pair gets Path=/ rather than the default path (RFC 6265bis §5.1.4)",
		req:    api.SetCookieRequest{Name: "a", Value: "1"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/",
	},
	{
		name:   "an empty value is a cookie (RFC 6265bis §4.1.1)",
		req:    api.SetCookieRequest{Name: "a"},
		origin: loopbackOrigin,
		want:   "a=; Path=/",
	},
	{
		name:   "a value may hold =, inner spaces and double quotes (RFC 6265bis §5.6 step 4)",
		req:    api.SetCookieRequest{Name: "a", Value: `x=y "z"`},
		origin: loopbackOrigin,
		want:   `a=x=y "z"; Path=/`,
	},
	{
		name:   "a UTF-8 value is kept as its bytes (RFC 6265bis §5.6)",
		req:    api.SetCookieRequest{Name: "a", Value: "é"},
		origin: loopbackOrigin,
		want:   "a=é; Path=/",
	},
	{
		name:   "name and value of 4096 bytes together are within the limit (RFC 6265bis §5.6)",
		req:    api.SetCookieRequest{Name: "a", Value: strings.Repeat("v", 4095)},
		origin: loopbackOrigin,
		want:   "a=" + strings.Repeat("v", 4095) + "; Path=/",
	},
	{
		name:      "name and value of 4097 bytes together are dropped by browsers (RFC 6265bis §5.6)",
		req:       api.SetCookieRequest{Name: "a", Value: strings.Repeat("v", 4096)},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a long name counts toward the 4096-byte limit (RFC 6265bis §5.6)",
		req:       api.SetCookieRequest{Name: strings.Repeat("n", 4000), Value: strings.Repeat("v", 97)},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "an empty name is refused (RFC 6265 §4.1.1)",
		req:       api.SetCookieRequest{Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with a space is not a token (RFC 9110 §5.6.2)",
		req:       api.SetCookieRequest{Name: "a b", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with = would move the name-value split (RFC 6265bis §5.6 step 4)",
		req:       api.SetCookieRequest{Name: "a=b", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with ; would end the pair (RFC 6265bis §5.6 step 2)",
		req:       api.SetCookieRequest{Name: "a;b", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with a separator ( is not a token (RFC 9110 §5.6.2)",
		req:       api.SetCookieRequest{Name: "a(b", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with a double quote is not a token (RFC 9110 §5.6.2)",
		req:       api.SetCookieRequest{Name: `a"b`, Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a non-ASCII name is not a token (RFC 9110 §5.6.2)",
		req:       api.SetCookieRequest{Name: "é", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a name with a CTL is not a token (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a\x7f", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "name",
	},
	{
		name:      "a NUL in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "x\x00y"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a tab in the value is refused",
		req:       api.SetCookieRequest{Name: "a", Value: "x\ty"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a LF in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "x\ny"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a CR in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "x\ry"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a US (0x1f) in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "x\x1fy"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a DEL in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "x\x7fy"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a ; in the value would end the pair (RFC 6265bis §5.6 step 2)",
		req:       api.SetCookieRequest{Name: "a", Value: "x; Domain=evil.test"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a leading space in the value is stripped by browsers (RFC 6265bis §5.6 step 5)",
		req:       api.SetCookieRequest{Name: "a", Value: " x"},
		origin:    loopbackOrigin,
		wantField: "value",
	},
	{
		name:      "a trailing space in the value is stripped by browsers (RFC 6265bis §5.6 step 5)",
		req:       api.SetCookieRequest{Name: "a", Value: "x "},
		origin:    loopbackOrigin,
		wantField: "value",
	},

	// Path (RFC 6265bis §5.6.4).
	{
		name:   "Path is sent as given (RFC 6265bis §5.6.4)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Path: "/api"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/api",
	},
	{
		name:   "a Path of 1024 bytes is within the attribute limit (RFC 6265bis §5.6)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", 1023)},
		origin: loopbackOrigin,
		want:   "a=1; Path=/" + strings.Repeat("p", 1023),
	},
	{
		name:      "a Path of 1025 bytes is ignored by browsers (RFC 6265bis §5.6)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", 1024)},
		origin:    loopbackOrigin,
		wantField: "path",
	},
	{
		name:      "a Path not starting with / is ignored by browsers (RFC 6265bis §5.6.4)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Path: "api"},
		origin:    loopbackOrigin,
		wantField: "path",
	},
	{
		name:      "a Path with ; would start another attribute (RFC 6265bis §5.6)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Path: "/a;b"},
		origin:    loopbackOrigin,
		wantField: "path",
	},
	{
		name:      "a Path with a CTL makes browsers drop the line (RFC 6265bis §5.6 step 1)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Path: "/\r\nX-Evil: 1"},
		origin:    loopbackOrigin,
		wantField: "path",
	},

	// Domain (RFC 6265bis §5.6.3, §5.7 steps 5-7).
	{
		name:   "Domain equal to the IP host is allowed (RFC 6265bis §5.1.3)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Domain: "127.0.0.1"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Domain=127.0.0.1",
	},
	{
		name:      "Domain other than the IP host is rejected (RFC 6265bis §5.1.3)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com"},
		origin:    loopbackOrigin,
		wantField: "domain",
	},
	{
		name:   "Domain=example.com from www.example.com domain-matches (RFC 6265bis §5.1.3)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com"},
		origin: exampleOrigin,
		want:   "a=1; Path=/; Domain=example.com",
	},
	{
		name:   "a leading dot in Domain is ignored by browsers and kept as sent (RFC 6265bis §5.6.3)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Domain: ".example.com"},
		origin: exampleOrigin,
		want:   "a=1; Path=/; Domain=.example.com",
	},
	{
		name:   "Domain matches case-insensitively (RFC 6265bis §5.1.3)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Domain: "EXAMPLE.com"},
		origin: exampleOrigin,
		want:   "a=1; Path=/; Domain=EXAMPLE.com",
	},
	{
		name:      "Domain=ample.com from www.example.com: domain-match needs a dot boundary (RFC 6265bis §5.1.3)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "ample.com"},
		origin:    exampleOrigin,
		wantField: "domain",
	},
	{
		name:      "Domain=sub.www.example.com from www.example.com does not domain-match (RFC 6265bis §5.7 step 7)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "sub.www.example.com"},
		origin:    exampleOrigin,
		wantField: "domain",
	},
	{
		name:      "Domain=co.uk from a.co.uk is a public suffix (RFC 6265bis §5.7 step 6)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "co.uk"},
		origin:    coUKOrigin,
		wantField: "domain",
	},
	{
		name:      "Domain=github.io from a.github.io is a private public suffix (RFC 6265bis §5.7 step 6)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "github.io"},
		origin:    githubIOOrigin,
		wantField: "domain",
	},
	{
		name:      "Domain of a lone dot names no host (RFC 6265bis §5.6.3)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Domain: "."},
		origin:    exampleOrigin,
		wantField: "domain",
	},

	// Max-Age and Expires (RFC 6265bis §5.6.1, §5.6.2).
	{
		name:   "Max-Age is sent as given (RFC 6265bis §5.6.2)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(3600)},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Max-Age=3600",
	},
	{
		name:   "Max-Age=0 expires the cookie at once (RFC 6265bis §5.6.2)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(0)},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Max-Age=0",
	},
	{
		name:   "a negative Max-Age expires the cookie at once (RFC 6265bis §5.6.2)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(-1)},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Max-Age=-1",
	},
	{
		name:   "Expires is an RFC 3339 time sent as a GMT sane-cookie-date (RFC 6265bis §4.1.1)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Expires: "2026-04-01T10:00:00+02:00"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Expires=Wed, 01 Apr 2026 08:00:00 GMT",
	},
	{
		name:   "Expires in 1601 is the earliest browsers take (RFC 6265bis §5.1.1)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Expires: "1601-01-01T00:00:00Z"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Expires=Mon, 01 Jan 1601 00:00:00 GMT",
	},
	{
		name:      "Expires before 1601 is rejected by browsers (RFC 6265bis §5.1.1)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Expires: "1600-12-31T23:59:59Z"},
		origin:    loopbackOrigin,
		wantField: "expires",
	},
	{
		name:      "Expires that is not RFC 3339 is refused",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Expires: "Wed, 01 Apr 2026 08:00:00 GMT"},
		origin:    loopbackOrigin,
		wantField: "expires",
	},

	// Secure and HttpOnly (RFC 6265bis §5.6.5, §5.6.6, §5.7 step 9).
	{
		name:   "Secure from a loopback origin, a secure context (RFC 6265bis §5.7 step 9)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Secure: true},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Secure",
	},
	{
		name:      "Secure from an insecure origin is ignored by browsers (RFC 6265bis §5.7 step 9)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Secure: true},
		origin:    insecureOrigin,
		wantField: "secure",
	},
	{
		name:   "HttpOnly (RFC 6265bis §5.6.6)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", HttpOnly: true},
		origin: insecureOrigin,
		want:   "a=1; Path=/; HttpOnly",
	},

	// SameSite (RFC 6265bis §5.6.7) and Partitioned (CHIPS).
	{
		name:   "SameSite=Strict (RFC 6265bis §5.6.7)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Strict"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; SameSite=Strict",
	},
	{
		name:   "SameSite=Lax (RFC 6265bis §5.6.7)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Lax"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; SameSite=Lax",
	},
	{
		name:   "SameSite matches case-insensitively and is sent canonical (RFC 6265bis §5.6.7)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", SameSite: "STRICT"},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; SameSite=Strict",
	},
	{
		name:   "SameSite=None with Secure (RFC 6265bis §5.7 step 16)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", SameSite: "none", Secure: true},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Secure; SameSite=None",
	},
	{
		name:      "SameSite=None without Secure is rejected by browsers (RFC 6265bis §5.7 step 16)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", SameSite: "None"},
		origin:    loopbackOrigin,
		wantField: "same_site",
	},
	{
		name:      "an unknown SameSite is refused rather than silently ignored (RFC 6265bis §5.6.7)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Bogus"},
		origin:    loopbackOrigin,
		wantField: "same_site",
	},
	{
		name:   "Partitioned with Secure (CHIPS)",
		req:    api.SetCookieRequest{Name: "a", Value: "1", Secure: true, Partitioned: true},
		origin: loopbackOrigin,
		want:   "a=1; Path=/; Secure; Partitioned",
	},
	{
		name:      "Partitioned without Secure is rejected by Chromium (CHIPS)",
		req:       api.SetCookieRequest{Name: "a", Value: "1", Partitioned: true},
		origin:    loopbackOrigin,
		wantField: "partitioned",
	},
	{
		name: "every attribute at once comes in a fixed order",
		req: api.SetCookieRequest{
			Name: "a", Value: "1", Path: "/p", Domain: "127.0.0.1", MaxAge: intPtr(60),
			Expires: "2026-04-01T10:00:00Z", Secure: true, HttpOnly: true, SameSite: "Lax", Partitioned: true,
		},
		origin: loopbackOrigin,
		want:   "a=1; Path=/p; Domain=127.0.0.1; Max-Age=60; Expires=Wed, 01 Apr 2026 10:00:00 GMT; Secure; HttpOnly; SameSite=Lax; Partitioned",
	},

	// Cookie name prefixes (RFC 6265bis §4.1.3).
	{
		name:   "__Secure- with Secure (RFC 6265bis §4.1.3.1)",
		req:    api.SetCookieRequest{Name: "__Secure-a", Value: "1", Secure: true},
		origin: loopbackOrigin,
		want:   "__Secure-a=1; Path=/; Secure",
	},
	{
		name:   "__Secure- may have a Domain and a Path (RFC 6265bis §4.1.3.1)",
		req:    api.SetCookieRequest{Name: "__Secure-a", Value: "1", Secure: true, Domain: "example.com", Path: "/x"},
		origin: exampleOrigin,
		want:   "__Secure-a=1; Path=/x; Domain=example.com; Secure",
	},
	{
		name:      "__Secure- without Secure is rejected by browsers (RFC 6265bis §4.1.3.1)",
		req:       api.SetCookieRequest{Name: "__Secure-a", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "secure",
	},
	{
		name:      "__secure- is the same prefix: prefixes match case-insensitively (RFC 6265bis §4.1.3)",
		req:       api.SetCookieRequest{Name: "__secure-a", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "secure",
	},
	{
		name:   "__Secure without the dash is no prefix (RFC 6265bis §4.1.3.1)",
		req:    api.SetCookieRequest{Name: "__Secure", Value: "1"},
		origin: insecureOrigin,
		want:   "__Secure=1; Path=/",
	},
	{
		name:   "__Host- with Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2)",
		req:    api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true},
		origin: loopbackOrigin,
		want:   "__Host-a=1; Path=/; Secure",
	},
	{
		name:      "__Host- without Secure is rejected by browsers (RFC 6265bis §4.1.3.2)",
		req:       api.SetCookieRequest{Name: "__Host-a", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "secure",
	},
	{
		name:      "__Host- from an insecure origin cannot be Secure (RFC 6265bis §4.1.3.2)",
		req:       api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true},
		origin:    insecureOrigin,
		wantField: "secure",
	},
	{
		name:      "__Host- with a Domain is rejected by browsers (RFC 6265bis §4.1.3.2)",
		req:       api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, Domain: "127.0.0.1"},
		origin:    loopbackOrigin,
		wantField: "domain",
	},
	{
		name:      "__Host- with Path=/x is rejected by browsers (RFC 6265bis §4.1.3.2)",
		req:       api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, Path: "/x"},
		origin:    loopbackOrigin,
		wantField: "path",
	},
	{
		name:      "__host- without Secure: prefixes match case-insensitively (RFC 6265bis §4.1.3)",
		req:       api.SetCookieRequest{Name: "__host-a", Value: "1"},
		origin:    loopbackOrigin,
		wantField: "secure",
	},
	{
		name:      "__HOST- with a Domain: prefixes match case-insensitively (RFC 6265bis §4.1.3)",
		req:       api.SetCookieRequest{Name: "__HOST-a", Value: "1", Secure: true, Domain: "127.0.0.1"},
		origin:    loopbackOrigin,
		wantField: "domain",
	},
}

func TestBuildSetCookie(t *testing.T) {
	for _, tt := range buildSetCookieTests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := buildSetCookie(tt.req, tt.origin, fixedNow)
			checkLine(t, "buildSetCookie("+reqString(tt.req)+", "+originString(tt.origin)+")", line, err, tt.want, tt.wantField)
		})
	}
}

func originString(o origin) string {
	scheme := "http"
	if o.secure {
		scheme = "secure"
	}
	return scheme + "://" + o.host
}

// checkLine checks a built line against the line wanted, or its error
// against the field wanted.
func checkLine(t *testing.T, call string, line cookieLine, err error, want, wantField string) {
	t.Helper()
	if wantField != "" {
		var fe *fieldError
		switch {
		case err == nil:
			t.Errorf("%s = %q; want an error naming %q", call, line.String(), wantField)
		case !errors.As(err, &fe):
			t.Errorf("%s: error %v is a %T; want a *fieldError, or the API answers 500", call, err, err)
		case fe.field != wantField:
			t.Errorf("%s: error %q names %q; want %q", call, err, fe.field, wantField)
		case !strings.HasPrefix(err.Error(), wantField+": "):
			t.Errorf("%s: error %q; want it to start with %q", call, err, wantField+": ")
		}
		return
	}
	if err != nil {
		t.Errorf("%s: unexpected error %v; want %q", call, err, want)
		return
	}
	if got := line.String(); got != want {
		t.Errorf("%s = %q; want %q", call, got, want)
	}
}

var buildDeleteCookieTests = []struct {
	name               string
	cookie, path, host string // host: the domain query
	origin             origin
	want               string
	wantField          string
}{
	{
		name:   "a deletion expires the cookie with an Expires in the past and Max-Age=0 (RFC 6265bis §3.1)",
		cookie: "a", origin: loopbackOrigin,
		want: "a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion names the cookie's Path: path is part of its identity (RFC 6265bis §5.7 step 23)",
		cookie: "a", path: "/x", origin: loopbackOrigin,
		want: "a=; Path=/x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion names the cookie's Domain: domain is part of its identity (RFC 6265bis §5.7 step 23)",
		cookie: "a", host: "example.com", origin: exampleOrigin,
		want: "a=; Path=/; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion of __Host- carries Secure, or browsers ignore it (RFC 6265bis §4.1.3.2)",
		cookie: "__Host-x", origin: loopbackOrigin,
		want: "__Host-x=; Path=/; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion of __Secure- carries Secure, or browsers ignore it (RFC 6265bis §4.1.3.1)",
		cookie: "__Secure-x", path: "/x", origin: loopbackOrigin,
		want: "__Secure-x=; Path=/x; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion of __secure- carries Secure: prefixes match case-insensitively (RFC 6265bis §4.1.3)",
		cookie: "__secure-x", origin: loopbackOrigin,
		want: "__secure-x=; Path=/; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion of a plain cookie from an insecure origin",
		cookie: "a", origin: insecureOrigin,
		want: "a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
	},
	{
		name:   "a deletion of __Secure- from an insecure origin would be ignored (RFC 6265bis §5.7 step 9)",
		cookie: "__Secure-x", origin: insecureOrigin,
		wantField: "secure",
	},
	{
		name:   "a deletion of __Host- at Path=/x would be ignored (RFC 6265bis §4.1.3.2)",
		cookie: "__Host-x", path: "/x", origin: loopbackOrigin,
		wantField: "path",
	},
	{
		name:   "a deletion of __Host- with a Domain would be ignored (RFC 6265bis §4.1.3.2)",
		cookie: "__Host-x", host: "127.0.0.1", origin: loopbackOrigin,
		wantField: "domain",
	},
	{
		name:   "a deletion needs a name (RFC 6265 §4.1.1)",
		cookie: "", origin: loopbackOrigin,
		wantField: "name",
	},
	{
		name:   "a deletion's name must be a token (RFC 9110 §5.6.2)",
		cookie: "a b", origin: loopbackOrigin,
		wantField: "name",
	},
	{
		name:   "a deletion's path must start with / (RFC 6265bis §5.6.4)",
		cookie: "a", path: "x", origin: loopbackOrigin,
		wantField: "path",
	},
	{
		name:   "a deletion's domain must domain-match the host (RFC 6265bis §5.7 step 7)",
		cookie: "a", host: "example.com", origin: loopbackOrigin,
		wantField: "domain",
	},
	{
		name:   "a deletion's path must not hold CR or LF (RFC 6265bis §5.6 step 1)",
		cookie: "a", path: "/\r\nX-Evil: 1", origin: loopbackOrigin,
		wantField: "path",
	},
}

func TestBuildSetCookieDelete(t *testing.T) {
	for _, tt := range buildDeleteCookieTests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := buildDeleteCookie(tt.cookie, tt.path, tt.host, tt.origin)
			call := "buildDeleteCookie(" + strings.Join([]string{quote(tt.cookie), quote(tt.path), quote(tt.host), originString(tt.origin)}, ", ") + ")"
			checkLine(t, call, line, err, tt.want, tt.wantField)
		})
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var validateDomainTests = []struct {
	name         string
	domain, host string
	wantErr      bool
}{
	{"a domain equal to the host (RFC 6265bis §5.1.3)", "example.com", "example.com", false},
	{"a parent domain of the host (RFC 6265bis §5.1.3)", "example.com", "www.example.com", false},
	{"a grandparent domain of the host (RFC 6265bis §5.1.3)", "example.com", "a.b.example.com", false},
	{"a leading dot is ignored (RFC 6265bis §5.6.3)", ".example.com", "www.example.com", false},
	{"domains match case-insensitively (RFC 6265bis §5.1.3)", "Example.COM", "www.example.com", false},
	{"a sibling domain does not domain-match (RFC 6265bis §5.7 step 7)", "other.example.com", "www.example.com", true},
	{"a child domain does not domain-match (RFC 6265bis §5.7 step 7)", "a.www.example.com", "www.example.com", true},
	{"domain-match needs a dot boundary (RFC 6265bis §5.1.3)", "ample.com", "www.example.com", true},
	{"an unrelated domain (RFC 6265bis §5.7 step 7)", "evil.test", "www.example.com", true},
	{"co.uk from a.co.uk is a public suffix (RFC 6265bis §5.7 step 6)", "co.uk", "a.co.uk", true},
	{"com from example.com is a public suffix (RFC 6265bis §5.7 step 6)", "com", "example.com", true},
	{"github.io from a.github.io is a private public suffix (RFC 6265bis §5.7 step 6)", "github.io", "a.github.io", true},
	{"a registrable domain under co.uk (RFC 6265bis §5.7 step 6)", "a.co.uk", "www.a.co.uk", false},
	{"a public suffix equal to the host is a host-only cookie (RFC 6265bis §5.7 step 6)", "co.uk", "co.uk", false},
	{"localhost from localhost (RFC 6265bis §5.1.3)", "localhost", "localhost", false},
	{"localhost from sub.localhost is a public suffix (RFC 6265bis §5.7 step 6)", "localhost", "sub.localhost", true},
	{"sub.localhost from localhost does not domain-match (RFC 6265bis §5.7 step 7)", "sub.localhost", "localhost", true},
	{"an IP address host may set only itself (RFC 6265bis §5.1.3)", "127.0.0.1", "127.0.0.1", false},
	{"an IP address host cannot set a suffix of itself (RFC 6265bis §5.1.3)", "0.0.1", "127.0.0.1", true},
	{"an IP address host cannot set a name (RFC 6265bis §5.1.3)", "localhost", "127.0.0.1", true},
	{"an IPv6 host may set only itself (RFC 6265bis §5.1.3)", "::1", "::1", false},
	{"a lone dot names no host (RFC 6265bis §5.6.3)", ".", "example.com", true},
	{"an empty host matches no domain", "example.com", "", true},
	{"a domain with ; would start another attribute (RFC 6265bis §5.6)", "example.com;x", "www.example.com", true},
	{"a domain with a CTL makes browsers drop the line (RFC 6265bis §5.6 step 1)", "example.com\n", "www.example.com", true},
	{"a domain over 1024 bytes is ignored by browsers (RFC 6265bis §5.6)", strings.Repeat("a.", 512) + "example.com", strings.Repeat("a.", 512) + "example.com", true},
}

func TestValidateDomain(t *testing.T) {
	for _, tt := range validateDomainTests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateDomain(tt.domain, tt.host)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("validateDomain(%q, %q) = %v; want error: %v", tt.domain, tt.host, err, tt.wantErr)
			}
			var fe *fieldError
			if err != nil && (!errors.As(err, &fe) || fe.field != "domain") {
				t.Errorf("validateDomain(%q, %q) = %v; want a *fieldError naming \"domain\"", tt.domain, tt.host, err)
			}
		})
	}
}

var requestOriginTests = []struct {
	name string
	host string // the request's Host header
	tls  bool
	want origin
}{
	{"http://localhost is potentially trustworthy (W3C Secure Contexts §3.1)", "localhost:8000", false, origin{"localhost", true}},
	{"http://sub.localhost is potentially trustworthy (W3C Secure Contexts §3.1)", "sub.localhost:8000", false, origin{"sub.localhost", true}},
	{"http://127.0.0.1 is potentially trustworthy (W3C Secure Contexts §3.1)", "127.0.0.1:8000", false, origin{"127.0.0.1", true}},
	{"http://127.1.2.3, in 127.0.0.0/8, is potentially trustworthy (W3C Secure Contexts §3.1)", "127.1.2.3", false, origin{"127.1.2.3", true}},
	{"http://[::1] is potentially trustworthy (W3C Secure Contexts §3.1)", "[::1]:8000", false, origin{"::1", true}},
	{"http://[::1] without a port", "[::1]", false, origin{"::1", true}},
	{"http://a.test is not a secure context", "a.test:8000", false, origin{"a.test", false}},
	{"https://a.test is a secure context", "a.test:8443", true, origin{"a.test", true}},
	{"http://example.com is not a secure context", "example.com", false, origin{"example.com", false}},
	{"https://example.com is a secure context", "example.com", true, origin{"example.com", true}},
	{"the host is lower-cased (RFC 6265bis §5.1.2)", "WWW.Example.COM:80", false, origin{"www.example.com", false}},
	{"http://localhost.example.com is not localhost", "localhost.example.com", false, origin{"localhost.example.com", false}},
	{"http://0.0.0.0 is not loopback", "0.0.0.0:8000", false, origin{"0.0.0.0", false}},
	{"http://10.0.0.1, a private address, is not a secure context", "10.0.0.1", false, origin{"10.0.0.1", false}},
}

func TestRequestOrigin(t *testing.T) {
	for _, tt := range requestOriginTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := requestOrigin(tt.host, tt.tls); got != tt.want {
				t.Errorf("requestOrigin(%q, %v) = %+v; want %+v", tt.host, tt.tls, got, tt.want)
			}
		})
	}
}

var isPotentiallyTrustworthyTests = []struct {
	host string
	want bool
}{
	{"localhost", true},
	{"sub.localhost", true},
	{"a.b.localhost", true},
	{"127.0.0.1", true},
	{"127.255.255.254", true},
	{"::1", true},
	{"a.test", false},
	{"example.com", false},
	{"localhost.example.com", false},
	{"notlocalhost", false},
	{"0.0.0.0", false},
	{"::", false},
	{"10.0.0.1", false},
	{"", false},
}

func TestOriginIsPotentiallyTrustworthy(t *testing.T) {
	for _, tt := range isPotentiallyTrustworthyTests {
		t.Run(tt.host, func(t *testing.T) {
			if got := isPotentiallyTrustworthy(tt.host); got != tt.want {
				t.Errorf("isPotentiallyTrustworthy(%q) = %v; want %v (W3C Secure Contexts §3.1)", tt.host, got, tt.want)
			}
		})
	}
}

// FuzzBuildSetCookie checks that whatever buildSetCookie accepts is a line
// a browser stores as asked: one pair, no control byte, within the size
// limits, and true to the cookie name prefixes (RFC 6265bis §4.1.3, §5.6).
func FuzzBuildSetCookie(f *testing.F) {
	hosts := map[origin]string{
		loopbackOrigin: "127.0.0.1:8000",
		insecureOrigin: "a.test:8000",
		exampleOrigin:  "www.example.com",
		coUKOrigin:     "a.co.uk",
		githubIOOrigin: "a.github.io",
		localhost:      "localhost:8000",
	}
	for _, tt := range buildSetCookieTests {
		r := tt.req
		maxAge, hasMaxAge := 0, r.MaxAge != nil
		if hasMaxAge {
			maxAge = *r.MaxAge
		}
		host := hosts[tt.origin]
		tls := tt.origin.secure && !isPotentiallyTrustworthy(tt.origin.host)
		f.Add(r.Name, r.Value, r.Path, r.Domain, maxAge, hasMaxAge, r.Expires, r.Secure, r.HttpOnly, r.SameSite, r.Partitioned, host, tls)
	}
	f.Fuzz(func(t *testing.T, name, value, path, domain string, maxAge int, hasMaxAge bool, expires string,
		secure, httpOnly bool, sameSite string, partitioned bool, host string, tls bool) {
		req := api.SetCookieRequest{
			Name: name, Value: value, Path: path, Domain: domain, Expires: expires,
			Secure: secure, HttpOnly: httpOnly, SameSite: sameSite, Partitioned: partitioned,
		}
		if hasMaxAge {
			req.MaxAge = &maxAge
		}
		o := requestOrigin(host, tls)
		line, err := buildSetCookie(req, o, fixedNow)
		call := "buildSetCookie(" + reqString(req) + ", " + originString(o) + ")"
		if err != nil {
			var fe *fieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%s: error %v is a %T; want a *fieldError, or the API answers 500", call, err, err)
			}
			return
		}
		got := line.String()
		for i := 0; i < len(got); i++ {
			if isCTL(got[i]) {
				t.Fatalf("%s = %q; byte %d is the control character %q", call, got, i, got[i])
			}
		}
		if n := len(name) + len(value); n > maxNameValueBytes {
			t.Fatalf("%s = %q; name and value are %d bytes, over %d", call, got, n, maxNameValueBytes)
		}
		if name == "" || strings.ContainsAny(name, "=; ") || strings.Contains(value, ";") {
			t.Fatalf("%s = %q; want one name=value pair, not %q=%q", call, got, name, value)
		}
		pair, rest, _ := strings.Cut(got, "; ")
		if pair != name+"="+value {
			t.Fatalf("%s = %q; the pair is %q, want %q", call, got, pair, name+"="+value)
		}
		attrs := map[string][]string{}
		for a := range strings.SplitSeq(rest, "; ") {
			k, v, _ := strings.Cut(a, "=")
			attrs[k] = append(attrs[k], v)
		}
		if p := attrs["Path"]; len(p) != 1 || !strings.HasPrefix(p[0], "/") || len(p[0]) > maxAttributeBytes {
			t.Fatalf("%s = %q; want exactly one Path starting with / of at most %d bytes", call, got, maxAttributeBytes)
		}
		if d := attrs["Domain"]; len(d) > 1 || len(d) == 1 && len(d[0]) > maxAttributeBytes {
			t.Fatalf("%s = %q; want at most one Domain of at most %d bytes", call, got, maxAttributeBytes)
		}
		_, hasSecure := attrs["Secure"]
		if hasSecure != secure {
			t.Fatalf("%s = %q; Secure present: %v, want %v", call, got, hasSecure, secure)
		}
		if hasSecure && !o.secure {
			t.Fatalf("%s = %q; Secure from an insecure origin is ignored (RFC 6265bis §5.7 step 9)", call, got)
		}
		if hasPrefix(name, "__Secure-") && !hasSecure {
			t.Fatalf("%s = %q; a __Secure- cookie without Secure (RFC 6265bis §4.1.3.1)", call, got)
		}
		if hasPrefix(name, "__Host-") {
			if !hasSecure || len(attrs["Path"]) != 1 || attrs["Path"][0] != "/" || len(attrs["Domain"]) != 0 {
				t.Fatalf("%s = %q; a __Host- cookie needs Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2)", call, got)
			}
		}
		if ss := attrs["SameSite"]; len(ss) > 1 || len(ss) == 1 && ss[0] == "None" && !hasSecure {
			t.Fatalf("%s = %q; SameSite=None without Secure (RFC 6265bis §5.7 step 16)", call, got)
		}
		if _, ok := attrs["Partitioned"]; ok && !hasSecure {
			t.Fatalf("%s = %q; Partitioned without Secure (CHIPS)", call, got)
		}
	})
}

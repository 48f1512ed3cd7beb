package server

import (
	"cmp"
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Origins the API is asked from: where the browser sent the request.
const (
	loopback  = "http://127.0.0.1"        // a secure context over plain http
	insecure  = "http://a.test"           // not a secure context
	example   = "https://www.example.com" // a secure context with a parent domain
	localhost = "http://localhost"        // a secure context over plain http
)

func intPtr(n int) *int { return &n }

// setCookieTests is the API's one table of cookie rules: what POST
// /api/cookies sends for a request from an origin, or the field and rule
// its refusal names. Browser rules are named as the engine names them; the
// API's own (api.Rule...) come first.
var setCookieTests = []struct {
	name      string
	origin    string
	req       api.SetCookieRequest
	want      string // the Set-Cookie line, when the cookie is sent
	wantField string // when it is refused: the field named,
	wantRule  string // and the rule
}{
	// The pair.
	{name: "a bare pair gets Path=/ rather than the default path /api (RFC 6265bis §5.1.4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1"}, want: "a=1; Path=/"},
	{name: "an empty value is a cookie (RFC 6265bis §4.1.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a"}, want: "a=; Path=/"},
	{name: "a value may hold =, inner spaces and double quotes (RFC 6265bis §5.6 step 4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: `x=y "z"`}, want: `a=x=y "z"; Path=/`},
	{name: "a UTF-8 value is kept as its bytes (RFC 6265bis §5.6)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "é"}, want: "a=é; Path=/"},
	{name: "name and value of 4096 bytes together are within the limit (RFC 6265bis §5.6 step 5)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: strings.Repeat("v", 4095)}, want: "a=" + strings.Repeat("v", 4095) + "; Path=/"},
	{name: "name and value of 4097 bytes together are dropped by browsers (RFC 6265bis §5.6 step 5)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: strings.Repeat("v", 4096)}, wantField: "value", wantRule: "§5.6 step 5"},
	{name: "a long name counts toward the 4096-byte limit (RFC 6265bis §5.6 step 5)", origin: loopback,
		req: api.SetCookieRequest{Name: strings.Repeat("n", 4000), Value: strings.Repeat("v", 97)}, wantField: "value", wantRule: "§5.6 step 5"},
	{name: "an empty name is refused (RFC 6265bis §4.1.1)", origin: loopback,
		req: api.SetCookieRequest{Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with a space is not a token (RFC 9110 §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a b", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with = would move the name-value split (RFC 6265bis §5.6 step 4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a=b", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with ; would end the pair (RFC 6265bis §5.6 step 2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a;b", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with a separator ( is not a token (RFC 9110 §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a(b", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with a double quote is not a token (RFC 9110 §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: `a"b`, Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a non-ASCII name is not a token (RFC 9110 §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "é", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with a CTL is not a token (RFC 9110 §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a\x7f", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a name with CR LF is not a token, so it reaches no header", origin: loopback,
		req: api.SetCookieRequest{Name: "a\r\nX-Evil: 1", Value: "1"}, wantField: "name", wantRule: api.RuleToken},
	{name: "a NUL in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\x00y"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a LF in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\ny"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a CR in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\ry"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a CRLF in the value reaches no header (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\r\nX-Evil: 1"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a US (0x1f) in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\x1fy"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a DEL in the value makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\x7fy"}, wantField: "value", wantRule: "§5.6 step 1"},
	{name: "a tab in the value makes Chromium drop the line, though RFC 6265bis allows it", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x\ty"}, wantField: "value", wantRule: api.RuleWhiteSpace},
	{name: "a ; in the value would end the pair (RFC 6265bis §5.6 step 2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x;y"}, wantField: "value", wantRule: "§5.6"},
	{name: "a ; in the value cannot smuggle in an attribute (RFC 6265bis §5.6 step 2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x; Domain=evil.test"}, wantField: "value", wantRule: "§5.6"},
	{name: "a leading space in the value is stripped by browsers (RFC 6265bis §5.6 step 5)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: " x"}, wantField: "value", wantRule: api.RuleWhiteSpace},
	{name: "a trailing space in the value is stripped by browsers (RFC 6265bis §5.6 step 5)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "x "}, wantField: "value", wantRule: api.RuleWhiteSpace},

	// Path (RFC 6265bis §5.6.4).
	{name: "Path is sent as given (RFC 6265bis §5.6.4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/api"}, want: "a=1; Path=/api"},
	{name: "an explicit Path=/ (RFC 6265bis §5.6.4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/"}, want: "a=1; Path=/"},
	{name: "a Path of 1024 bytes is within the attribute limit (RFC 6265bis §5.6)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", 1023)}, want: "a=1; Path=/" + strings.Repeat("p", 1023)},
	{name: "a Path of 1025 bytes is ignored by browsers (RFC 6265bis §5.6)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/" + strings.Repeat("p", 1024)}, wantField: "path", wantRule: "§5.6"},
	{name: "a Path not starting with / gives way to the default path (RFC 6265bis §5.6.4)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "api"}, wantField: "path", wantRule: "§5.6.4"},
	{name: "a Path with ; would start another attribute (RFC 6265bis §5.6)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/a;b"}, wantField: "path", wantRule: "§5.6"},
	{name: "a Path with white space around it is trimmed by browsers (RFC 6265bis §5.6)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/a "}, wantField: "path", wantRule: "§5.6"},
	{name: "a Path with a CRLF makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Path: "/\r\nX-Evil: 1"}, wantField: "path", wantRule: "§5.6 step 1"},

	// Domain (RFC 6265bis §5.6.3, §5.7 steps 8-10).
	{name: "Domain equal to the IP host is allowed, and host-only (RFC 6265bis §5.7 step 10)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "127.0.0.1"}, want: "a=1; Path=/; Domain=127.0.0.1"},
	{name: "Domain other than the IP host is rejected (RFC 6265bis §5.7 step 10)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com"}, wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "an IP host cannot set a suffix of itself (RFC 6265bis §5.7 step 10)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "0.0.1"}, wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "an IPv6 host may name itself (RFC 6265bis §5.7 step 10)", origin: "http://[::1]",
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "::1"}, want: "a=1; Path=/; Domain=::1"},
	{name: "Domain=example.com from www.example.com domain-matches (RFC 6265bis §5.1.3)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com"}, want: "a=1; Path=/; Domain=example.com"},
	{name: "a grandparent domain of the host domain-matches (RFC 6265bis §5.1.3)", origin: "https://a.b.example.com",
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com"}, want: "a=1; Path=/; Domain=example.com"},
	{name: "a leading dot in Domain is ignored by browsers and kept as sent (RFC 6265bis §5.6.3)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: ".example.com"}, want: "a=1; Path=/; Domain=.example.com"},
	{name: "Domain matches case-insensitively (RFC 6265bis §5.1.3)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "EXAMPLE.com"}, want: "a=1; Path=/; Domain=EXAMPLE.com"},
	{name: "Domain=ample.com from www.example.com: domain-match needs a dot boundary (RFC 6265bis §5.1.3)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "ample.com"}, wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "Domain=sub.www.example.com from www.example.com does not domain-match (RFC 6265bis §5.7 step 10)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "sub.www.example.com"}, wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "Domain=com from www.example.com is a public suffix (RFC 6265bis §5.7 step 9)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "com"}, wantField: "domain", wantRule: "§5.7 step 9"},
	{name: "Domain=co.uk from a.co.uk is a public suffix (RFC 6265bis §5.7 step 9)", origin: "https://a.co.uk",
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "co.uk"}, wantField: "domain", wantRule: "§5.7 step 9"},
	{name: "Domain=github.io from a.github.io is a private public suffix (RFC 6265bis §5.7 step 9)", origin: "https://a.github.io",
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "github.io"}, wantField: "domain", wantRule: "§5.7 step 9"},
	{name: "Domain=localhost from sub.localhost is a public suffix (RFC 6265bis §5.7 step 9)", origin: "http://sub.localhost",
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "localhost"}, wantField: "domain", wantRule: "§5.7 step 9"},
	{name: "Domain of a lone dot names no domain (RFC 6265bis §5.7 step 10)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "."}, wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "a Domain with a CRLF makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "127.0.0.1\r\nX-Evil: 1"}, wantField: "domain", wantRule: "§5.6 step 1"},
	{name: "a Domain with ; would start another attribute (RFC 6265bis §5.6)", origin: example,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "example.com;x"}, wantField: "domain", wantRule: "§5.6"},
	{name: "Domain equal to the host a.test", origin: insecure,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "a.test"}, want: "a=1; Path=/; Domain=a.test"},
	{name: "Domain=127.0.0.1 from a.test does not domain-match (RFC 6265bis §5.7 step 10)", origin: insecure,
		req: api.SetCookieRequest{Name: "a", Value: "1", Domain: "127.0.0.1"}, wantField: "domain", wantRule: "§5.7 step 10"},

	// Max-Age and Expires (RFC 6265bis §5.6.1, §5.6.2).
	{name: "Max-Age is sent as given (RFC 6265bis §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(3600)}, want: "a=1; Path=/; Max-Age=3600"},
	{name: "Max-Age=0 expires the cookie at once (RFC 6265bis §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(0)}, want: "a=1; Path=/; Max-Age=0"},
	{name: "a negative Max-Age expires the cookie at once (RFC 6265bis §5.6.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", MaxAge: intPtr(-1)}, want: "a=1; Path=/; Max-Age=-1"},
	{name: "Expires is an RFC 3339 time sent as a GMT sane-cookie-date (RFC 6265bis §4.1.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "2026-04-01T10:00:00+02:00"}, want: "a=1; Path=/; Expires=Wed, 01 Apr 2026 08:00:00 GMT"},
	{name: "Expires in 1601 is the earliest browsers take (RFC 6265bis §5.1.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "1601-01-01T00:00:00Z"}, want: "a=1; Path=/; Expires=Mon, 01 Jan 1601 00:00:00 GMT"},
	{name: "Expires before 1601 is ignored by browsers (RFC 6265bis §5.1.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "1600-12-31T23:59:59Z"}, wantField: "expires", wantRule: "§5.1.1"},
	{name: "Expires in the year 50 is read as 2050 by browsers (RFC 6265bis §5.1.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "0050-01-01T00:00:00Z"}, wantField: "expires", wantRule: "§5.6.1"},
	{name: "Expires that is not RFC 3339 is refused", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "Wed, 01 Apr 2026 08:00:00 GMT"}, wantField: "expires", wantRule: api.RuleRFC3339},
	{name: "Expires that is no time at all is refused", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Expires: "tomorrow"}, wantField: "expires", wantRule: api.RuleRFC3339},

	// Secure and HttpOnly (RFC 6265bis §5.6.5, §5.6.6, §5.7 step 13).
	{name: "Secure from a loopback origin, a secure context (RFC 6265bis §5.7 step 13)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, want: "a=1; Path=/; Secure"},
	{name: "Secure from http://localhost, a secure context (W3C Secure Contexts §3.1)", origin: localhost,
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, want: "a=1; Path=/; Secure"},
	{name: "Secure from http://sub.localhost, a secure context (W3C Secure Contexts §3.1)", origin: "http://sub.localhost",
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, want: "a=1; Path=/; Secure"},
	{name: "Secure from http://[::1], a loopback address (W3C Secure Contexts §3.1)", origin: "http://[::1]",
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, want: "a=1; Path=/; Secure"},
	{name: "Secure from https://a.test", origin: "https://a.test",
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, want: "a=1; Path=/; Secure"},
	{name: "Secure from an insecure origin is ignored by browsers (RFC 6265bis §5.7 step 13)", origin: insecure,
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true}, wantField: "secure", wantRule: "§5.7 step 13"},
	{name: "a plain cookie from an insecure origin", origin: insecure,
		req: api.SetCookieRequest{Name: "a", Value: "1"}, want: "a=1; Path=/"},
	{name: "HttpOnly (RFC 6265bis §5.6.6)", origin: insecure,
		req: api.SetCookieRequest{Name: "a", Value: "1", HttpOnly: true}, want: "a=1; Path=/; HttpOnly"},

	// SameSite (RFC 6265bis §5.6.7) and Partitioned (CHIPS).
	{name: "SameSite=Strict (RFC 6265bis §5.6.7)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Strict"}, want: "a=1; Path=/; SameSite=Strict"},
	{name: "SameSite=Lax (RFC 6265bis §5.6.7)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Lax"}, want: "a=1; Path=/; SameSite=Lax"},
	{name: "SameSite matches case-insensitively and is sent canonical (RFC 6265bis §5.6.7)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "STRICT"}, want: "a=1; Path=/; SameSite=Strict"},
	{name: "SameSite=None with Secure (RFC 6265bis §5.7 step 19)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "none", Secure: true}, want: "a=1; Path=/; Secure; SameSite=None"},
	{name: "SameSite=None without Secure is rejected by browsers (RFC 6265bis §5.7 step 19)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "None"}, wantField: "same_site", wantRule: "§5.7 step 19"},
	{name: "an unknown SameSite is refused rather than silently ignored (RFC 6265bis §5.6.7)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Bogus"}, wantField: "same_site", wantRule: "§5.6.7"},
	{name: "a SameSite with a CRLF makes browsers drop the line (RFC 6265bis §5.6 step 1)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", SameSite: "Lax\r\nX-Evil: 1"}, wantField: "same_site", wantRule: "§5.6 step 1"},
	{name: "Partitioned with Secure (CHIPS)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Secure: true, Partitioned: true}, want: "a=1; Path=/; Secure; Partitioned"},
	{name: "Partitioned without Secure is rejected by Chromium (CHIPS)", origin: loopback,
		req: api.SetCookieRequest{Name: "a", Value: "1", Partitioned: true}, wantField: "partitioned", wantRule: "CHIPS (Partitioned requires Secure)"},
	{name: "every attribute at once comes in net/http's order", origin: loopback,
		req: api.SetCookieRequest{
			Name: "a", Value: "1", Path: "/p", Domain: "127.0.0.1", MaxAge: intPtr(60),
			Expires: "2026-04-01T10:00:00Z", Secure: true, HttpOnly: true, SameSite: "Lax", Partitioned: true,
		},
		want: "a=1; Path=/p; Domain=127.0.0.1; Expires=Wed, 01 Apr 2026 10:00:00 GMT; Max-Age=60; HttpOnly; Secure; SameSite=Lax; Partitioned"},

	// Cookie name prefixes (RFC 6265bis §4.1.3, §5.7 steps 20-22; the
	// layered-cookies draft).
	{name: "__Secure- with Secure (RFC 6265bis §4.1.3.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Secure-a", Value: "1", Secure: true}, want: "__Secure-a=1; Path=/; Secure"},
	{name: "__Secure- may have a Domain and a Path (RFC 6265bis §4.1.3.1)", origin: example,
		req: api.SetCookieRequest{Name: "__Secure-a", Value: "1", Secure: true, Domain: "example.com", Path: "/x"}, want: "__Secure-a=1; Path=/x; Domain=example.com; Secure"},
	{name: "__Secure- without Secure is rejected by browsers (RFC 6265bis §4.1.3.1)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Secure-a", Value: "1"}, wantField: "secure", wantRule: "§5.7 step 20"},
	{name: "__secure- is the same prefix: prefixes match case-insensitively (RFC 6265bis §4.1.3)", origin: loopback,
		req: api.SetCookieRequest{Name: "__secure-a", Value: "1"}, wantField: "secure", wantRule: "§5.7 step 20"},
	{name: "__SECURE- is the same prefix (RFC 6265bis §4.1.3)", origin: loopback,
		req: api.SetCookieRequest{Name: "__SECURE-a", Value: "1"}, wantField: "secure", wantRule: "§5.7 step 20"},
	{name: "__Secure without the dash is no prefix (RFC 6265bis §4.1.3.1)", origin: insecure,
		req: api.SetCookieRequest{Name: "__Secure", Value: "1"}, want: "__Secure=1; Path=/"},
	{name: "__Host- with Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true}, want: "__Host-a=1; Path=/; Secure"},
	{name: "__Host- with SameSite=None and Partitioned from https (RFC 6265bis §4.1.3.2)", origin: "https://example.com",
		req:  api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, SameSite: "None", Partitioned: true},
		want: "__Host-a=1; Path=/; Secure; SameSite=None; Partitioned"},
	{name: "__Host- without Secure is rejected by browsers (RFC 6265bis §4.1.3.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1"}, wantField: "secure", wantRule: "§5.7 step 21"},
	{name: "__Host- from an insecure origin is refused for its prefix first, as Chromium does (RFC 6265bis §5.7 step 21)", origin: insecure,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true}, wantField: "secure", wantRule: "§5.7 step 21"},
	{name: "__Host- with a Domain is rejected by browsers, even one naming the host (RFC 6265bis §4.1.3.2)", origin: localhost,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, Domain: "localhost"}, wantField: "domain", wantRule: "§5.7 step 21"},
	{name: "__Host- with a Domain naming its own IP address is kept, as Chromium does", origin: loopback,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, Domain: "127.0.0.1"}, want: "__Host-a=1; Path=/; Domain=127.0.0.1; Secure"},
	{name: "__Host- with Path=/x is rejected by browsers (RFC 6265bis §4.1.3.2)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Host-a", Value: "1", Secure: true, Path: "/x"}, wantField: "path", wantRule: "§5.7 step 21"},
	{name: "__host- without Secure: prefixes match case-insensitively (RFC 6265bis §4.1.3)", origin: loopback,
		req: api.SetCookieRequest{Name: "__host-a", Value: "1"}, wantField: "secure", wantRule: "§5.7 step 21"},
	{name: "__HOST- with a Domain: prefixes match case-insensitively (RFC 6265bis §4.1.3)", origin: example,
		req: api.SetCookieRequest{Name: "__HOST-a", Value: "1", Secure: true, Domain: "example.com"}, wantField: "domain", wantRule: "§5.7 step 21"},
	{name: "__Http- with Secure and HttpOnly (layered-cookies draft)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Http-x", Value: "v", Path: "/", Secure: true, HttpOnly: true}, want: "__Http-x=v; Path=/; HttpOnly; Secure"},
	{name: "__Http- without HttpOnly is dropped by browsers (layered-cookies draft)", origin: loopback,
		req: api.SetCookieRequest{Name: "__Http-x", Value: "v", Path: "/", Secure: true}, wantField: "http_only", wantRule: "layered-cookies draft (__Http- prefix)"},
	{name: "__Host-Http- without HttpOnly is dropped by browsers (layered-cookies draft)", origin: loopback,
		req:       api.SetCookieRequest{Name: "__Host-Http-u", Value: "a=b", Path: "/", Secure: true, Partitioned: true},
		wantField: "http_only", wantRule: "layered-cookies draft (__Http- prefix)"},
}

// browserURL returns the URL of path on origin, as a browser there sends
// a request.
func browserURL(t testing.TB, origin, path string) *url.URL {
	t.Helper()
	u, err := url.Parse(origin + path)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// runFromOrigins runs each test as a browser at origins[i] sends it: the
// Host header names the origin's host, and an https origin is served over
// TLS.
func runFromOrigins(t *testing.T, tests []handlerTest, origins []string) {
	t.Helper()
	plain, tls := newHandlerServer(t), newHandlerTLSServer(t)
	for i, tt := range tests {
		u := browserURL(t, origins[i], "")
		tt.host = u.Hostname()
		ts := plain
		if u.Scheme == "https" {
			ts = tls
		}
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.do(t, ts)
			tt.check(t, resp, body)
		})
	}
}

// TestHandlerCookiesSet runs the API's table over real HTTP: the exact
// line sent, or a JSON error naming the field and the rule, and no cookie.
func TestHandlerCookiesSet(t *testing.T) {
	var tests []handlerTest
	var origins []string
	for _, tt := range setCookieTests {
		body, err := json.Marshal(tt.req)
		if err != nil {
			t.Fatal(err)
		}
		ht := setOK(tt.name, string(body), tt.want)
		if tt.wantField != "" {
			ht = setBad(tt.name, string(body), tt.wantField)
			ht.wantErrRule = tt.wantRule
		}
		tests, origins = append(tests, ht), append(origins, tt.origin)
	}
	runFromOrigins(t, tests, origins)
}

// deleteCookieTests is the table of DELETE /api/cookies/{name}: the line
// that expires the cookie, or the field and rule of the refusal.
var deleteCookieTests = []struct {
	name      string
	origin    string
	target    string // path and query, escaped
	want      string
	wantField string
	wantRule  string
}{
	{name: "a deletion expires the cookie with an Expires in the past and Max-Age=0 (RFC 6265bis §3.1)", origin: loopback,
		target: "/api/cookies/a", want: "a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion names the cookie's Path: path is part of its identity (RFC 6265bis §5.7 step 23)", origin: loopback,
		target: "/api/cookies/a?path=/x", want: "a=; Path=/x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion names the cookie's Domain: domain is part of its identity (RFC 6265bis §5.7 step 23)", origin: loopback,
		target: "/api/cookies/a?domain=127.0.0.1", want: "a=; Path=/; Domain=127.0.0.1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion with path and domain together", origin: loopback,
		target: "/api/cookies/a?path=/x&domain=127.0.0.1", want: "a=; Path=/x; Domain=127.0.0.1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion of a parent-domain cookie (RFC 6265bis §5.7 step 23)", origin: example,
		target: "/api/cookies/a?domain=example.com", want: "a=; Path=/; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion of __Host- carries Secure, or browsers ignore it (RFC 6265bis §4.1.3.2)", origin: loopback,
		target: "/api/cookies/__Host-x", want: "__Host-x=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure"},
	{name: "a deletion of __Secure- carries Secure, or browsers ignore it (RFC 6265bis §4.1.3.1)", origin: loopback,
		target: "/api/cookies/__Secure-x?path=/x", want: "__Secure-x=; Path=/x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure"},
	{name: "a deletion of __secure- carries Secure: prefixes match case-insensitively (RFC 6265bis §4.1.3)", origin: loopback,
		target: "/api/cookies/__secure-x", want: "__secure-x=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure"},
	{name: "a deletion of __Http- carries HttpOnly and Secure (layered-cookies draft)", origin: loopback,
		target: "/api/cookies/__Http-x", want: "__Http-x=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure"},
	{name: "a deletion of a plain cookie from an insecure origin", origin: insecure,
		target: "/api/cookies/a", want: "a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion of __Secure- from an insecure origin would be ignored for its prefix, as Chromium does (RFC 6265bis §5.7 step 20)", origin: insecure,
		target: "/api/cookies/__Secure-x", wantField: "secure", wantRule: "§5.7 step 20"},
	{name: "a deletion of __Host- at Path=/x would be ignored (RFC 6265bis §4.1.3.2)", origin: loopback,
		target: "/api/cookies/__Host-x?path=/x", wantField: "path", wantRule: "§5.7 step 21"},
	{name: "a deletion of __Host- with a Domain would be ignored (RFC 6265bis §4.1.3.2)", origin: localhost,
		target: "/api/cookies/__Host-x?domain=localhost", wantField: "domain", wantRule: "§5.7 step 21"},
	{name: "a deletion may name a cookie a script set with a space in its name: browsers hold it (RFC 6265bis §5.6)", origin: loopback,
		target: "/api/cookies/my%20cookie", want: "my cookie=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion may name a cookie with an escaped / or # in its name", origin: loopback,
		target: "/api/cookies/a%2Fb%23c", want: "a/b#c=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"},
	{name: "a deletion's name may not hold a CRLF: it cannot travel in a header", origin: loopback,
		target: "/api/cookies/a%0d%0aX-Evil:1", wantField: "name", wantRule: api.RuleHeaderSafe},
	{name: "a deletion's name may not hold a ;, which would end it (RFC 6265bis §5.6)", origin: loopback,
		target: "/api/cookies/a%3Bb", wantField: "name", wantRule: api.RuleToken},
	{name: "a deletion's name may not hold a =, which would end it (RFC 6265bis §5.6)", origin: loopback,
		target: "/api/cookies/a%3Db", wantField: "name", wantRule: api.RuleToken},
	{name: "a deletion's name may not start with white space, which browsers drop (RFC 6265bis §5.6)", origin: loopback,
		target: "/api/cookies/%20a", wantField: "name", wantRule: api.RuleToken},
	{name: "a deletion's path must start with / (RFC 6265bis §5.6.4)", origin: loopback,
		target: "/api/cookies/a?path=x", wantField: "path", wantRule: "§5.6.4"},
	{name: "a deletion's domain must domain-match the host (RFC 6265bis §5.7 step 10)", origin: loopback,
		target: "/api/cookies/a?domain=example.com", wantField: "domain", wantRule: "§5.7 step 10"},
	{name: "a deletion's path must not hold CR or LF (RFC 6265bis §5.6 step 1)", origin: loopback,
		target: "/api/cookies/a?path=/%0d%0aX-Evil:1", wantField: "path", wantRule: "§5.6 step 1"},
	{name: "a deletion's domain must not hold CR or LF (RFC 6265bis §5.6 step 1)", origin: loopback,
		target: "/api/cookies/a?domain=127.0.0.1%0d%0aX-Evil:1", wantField: "domain", wantRule: "§5.6 step 1"},
	{name: "a malformed path query would expire the cookie at Path=/, the wrong one", origin: loopback,
		target: "/api/cookies/a?path=/x%zz", wantField: "path", wantRule: api.RuleQuery},
	{name: "a malformed domain query", origin: loopback,
		target: "/api/cookies/a?domain=%zz", wantField: "domain", wantRule: api.RuleQuery},
	{name: "a path given twice: which cookie was meant is unknown", origin: loopback,
		target: "/api/cookies/a?path=/x&path=/y", wantField: "path", wantRule: api.RuleQuery},
	{name: "an unknown query parameter", origin: loopback,
		target: "/api/cookies/a?paht=/x", wantField: "paht", wantRule: api.RuleKnownField},
}

func TestHandlerCookiesDelete(t *testing.T) {
	var tests []handlerTest
	var origins []string
	for _, tt := range deleteCookieTests {
		ht := deleteOK(tt.name, tt.target, tt.want)
		if tt.wantField != "" {
			ht = deleteBad(tt.name, tt.target, tt.wantField)
			ht.wantErrRule = tt.wantRule
		}
		tests, origins = append(tests, ht), append(origins, tt.origin)
	}
	runFromOrigins(t, tests, origins)
}

// TestServerLinesAreStored checks the lines the server builds from fixed
// parts: the engine stores each as written, from every origin it is sent
// to.
func TestServerLinesAreStored(t *testing.T) {
	s := newSessions([][]byte{testKeyA}, discardLogger())
	for _, origin := range []string{loopback, insecure, example, localhost} {
		u := browserURL(t, origin, "/login")
		session, err := s.issue("Ada", u, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range []cookierules.Line{
			session,
			persistentCookie(tutorialCookie, tutorialUser, tutorialMaxAge, fixedNow),
			persistentCookie(loginCookie, "Ann%20Lee", loginMaxAge, fixedNow),
		} {
			if _, err := checkStored(line, u, fixedNow); err != nil {
				t.Errorf("from %s, %q: %v; want the engine to store it as written", origin, line, err)
			}
		}
	}
}

// storedAsAsked reports whether the engine, given line from u at now,
// stores the cookie line asks for, with its name, value, path, expiry date
// and flags, and every attribute read as written; or, for a line already
// expired, deletes it.
func storedAsAsked(line cookierules.Line, u *url.URL) (bool, cookierules.Verdict) {
	v := cookierules.NewJar().SetCookie(u, line.String(), cookierules.FromHTTP, fixedNow)
	if !v.Stored && v.Reason != cookierules.ReasonExpired {
		return false, v
	}
	c := v.Cookie // as the engine built it, kept or, expired, deleting
	if p, _ := cookierules.Parse(line.String()); !p.Expires.Equal(line.Expires) && !line.Expires.IsZero() {
		return false, v
	}
	if c.Name != line.Name || c.Value != line.Value || c.Path != line.Path || c.Secure != line.Secure ||
		c.HttpOnly != line.HttpOnly || c.SameSite != line.SameSite || c.Partitioned != line.Partitioned ||
		line.Domain == "" && !c.HostOnly || len(v.Attributes) != len(line.Attributes()) {
		return false, v
	}
	for _, a := range v.Attributes {
		if a.Status == cookierules.StatusIgnored {
			return false, v
		}
	}
	return true, v
}

// isAPIRule reports whether rule is one of the API's own, not a rule a
// browser applies.
func isAPIRule(rule string) bool {
	return slices.Contains([]string{api.RuleJSON, api.RuleKnownField, api.RuleLimit, api.RuleRequired, api.RuleOneOf,
		api.RuleURL, api.RuleRFC3339, api.RuleToken, api.RuleWhiteSpace, api.RuleHeaderSafe}, rule)
}

// checkAPIAgreesWithEngine holds the API and the engine together: every
// line the API accepts, the engine stores as asked (or, already expired,
// deletes); every line the API refuses for a browser rule, the engine does
// not store as asked, under that same rule: it drops the line by that rule,
// or an attribute is ignored or read otherwise by it (§5.6 parsing, for a
// line that reads otherwise than written).
func checkAPIAgreesWithEngine(t *testing.T, req api.SetCookieRequest, origin string) {
	t.Helper()
	u := browserURL(t, origin, api.CookiesPath)
	call := "buildSetCookie(" + reqString(req) + ") from " + origin
	sent, err := buildSetCookie(req, u, fixedNow)
	if err == nil {
		if ok, v := storedAsAsked(sent, u); !ok {
			t.Fatalf("%s = %q, accepted; the engine does not store it as asked: %s %s %s", call, sent, v.Reason, v.Rule, v.Explanation)
		}
		return
	}
	fe, isField := err.(*api.FieldError)
	switch {
	case !isField:
		t.Fatalf("%s: error %v is a %T; want a *api.FieldError, or the API answers 500", call, err, err)
	case fe.Field == "" || fe.Rule == "" || !strings.HasPrefix(fe.Error(), fe.Field+": "):
		t.Fatalf("%s: error %+v; want a field, a rule and a message", call, fe)
	}
	line, err := requestLine(req, fixedNow)
	if isAPIRule(fe.Rule) {
		if err == nil {
			t.Fatalf("%s: refused under the API's rule %q, which requestLine does not apply", call, fe.Rule)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: refused under the browser rule %q, but requestLine refuses it: %v", call, fe.Rule, err)
	}
	ok, v := storedAsAsked(line, u)
	if ok {
		t.Fatalf("%s: refused under %q, but the engine stores %q as asked", call, fe.Rule, line)
	}
	rules := []string{"§5.6"} // the parse that reads a line otherwise than written
	if !v.Stored {
		rules = append(rules, v.Rule)
	}
	for _, a := range v.Attributes {
		rules = append(rules, a.Rule)
	}
	if !slices.Contains(rules, fe.Rule) {
		t.Fatalf("%s: refused under %q; the engine's verdict on %q names %q (%s: %s)", call, fe.Rule, line, rules, v.Reason, v.Explanation)
	}
}

func reqString(req api.SetCookieRequest) string {
	b, err := json.Marshal(req)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// Parts generated API bodies are made of: every rule's edges.
var (
	genOrigins = []string{loopback, insecure, example, localhost, "https://a.co.uk", "http://[::1]", "https://a.github.io", "http://sub.localhost"}
	genNames   = []string{"a", "__Secure-a", "__secure-a", "__Host-a", "__HOST-a", "__Http-x", "__Host-Http-u", "__Secure", "a b", "", "é", "a=b",
		strings.Repeat("n", 4000)}
	genValues = []string{"1", "", " x", "x ", "x;y", "x\ty", "x\ny", "x\r\nX-Evil: 1", `"q"`, "é", "a=b", "x; Domain=evil.test",
		strings.Repeat("v", 95), strings.Repeat("v", 96), strings.Repeat("v", 4095), strings.Repeat("v", 4096)}
	genPaths   = []string{"", "/", "/x", "x", "/a;b", "/a ", "/\r", "/a\tb", "/" + strings.Repeat("p", 1023), "/" + strings.Repeat("p", 1024)}
	genDomains = []string{"", "127.0.0.1", "::1", "a.test", "example.com", "www.example.com", ".example.com", "EXAMPLE.com", "co.uk", "a.co.uk",
		"github.io", "localhost", "sub.localhost", ".", "0.0.1", "example.com;x", "a\tb", "é.test", strings.Repeat("a.", 512) + "example.com"}
	genExpires = []string{"", "2030-01-02T15:04:05Z", "2026-03-01T12:00:00.5+01:00", "1601-01-01T00:00:00Z", "1600-12-31T23:59:59Z",
		"0050-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "tomorrow"}
	genSameSites = []string{"", "Strict", "lax", "NONE", "None", "Bogus", "Lax\r\n", "\tLax"}
	genMaxAges   = []*int{nil, intPtr(0), intPtr(-1), intPtr(60), intPtr(1 << 40)}
)

// genRequest returns an API body made of the parts above, each field the
// first, plain part half the time, so that bodies break one or two rules
// at once more often than all of them.
func genRequest(r *rand.Rand) (api.SetCookieRequest, string) {
	pick := func(xs []string) string {
		if r.IntN(2) == 0 {
			return xs[0]
		}
		return xs[r.IntN(len(xs))]
	}
	return api.SetCookieRequest{
		Name: pick(genNames), Value: pick(genValues), Path: pick(genPaths), Domain: pick(genDomains),
		MaxAge: genMaxAges[r.IntN(len(genMaxAges))], Expires: pick(genExpires),
		Secure: r.IntN(3) > 0, HttpOnly: r.IntN(2) == 0, SameSite: pick(genSameSites), Partitioned: r.IntN(3) == 0,
	}, genOrigins[r.IntN(len(genOrigins))]
}

// TestAPIAgreesWithEngine checks the invariant on the table and on 20,000
// generated bodies, each from a fixed seed so a failure repeats.
func TestAPIAgreesWithEngine(t *testing.T) {
	for _, tt := range setCookieTests {
		checkAPIAgreesWithEngine(t, tt.req, tt.origin)
	}
	r := rand.New(rand.NewPCG(13, 6265))
	accepted, refused := 0, 0
	for range 20000 {
		req, origin := genRequest(r)
		checkAPIAgreesWithEngine(t, req, origin)
		if _, err := buildSetCookie(req, browserURL(t, origin, api.CookiesPath), fixedNow); err == nil {
			accepted++
		} else {
			refused++
		}
	}
	t.Logf("generated bodies: %d accepted, %d refused", accepted, refused)
	// The generator must reach both ends, or the invariant holds vacuously.
	if accepted < 500 || refused < 500 {
		t.Errorf("generated bodies: %d accepted, %d refused; want both ends reached", accepted, refused)
	}
}

// FuzzAPIAgreesWithEngine is the invariant as a fuzz target, seeded with
// the table.
func FuzzAPIAgreesWithEngine(f *testing.F) {
	for _, tt := range setCookieTests {
		r := tt.req
		maxAge := -1 << 62 // no Max-Age
		if r.MaxAge != nil {
			maxAge = *r.MaxAge
		}
		f.Add(r.Name, r.Value, r.Path, r.Domain, maxAge, r.Expires, r.Secure, r.HttpOnly, r.SameSite, r.Partitioned, tt.origin)
	}
	f.Fuzz(func(t *testing.T, name, value, path, domain string, maxAge int, expires string,
		secure, httpOnly bool, sameSite string, partitioned bool, origin string) {
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return // not an origin a browser sends requests from
		}
		if _, _, err := net.SplitHostPort(u.Host); err == nil {
			return
		}
		req := api.SetCookieRequest{
			Name: name, Value: value, Path: path, Domain: domain, Expires: expires,
			Secure: secure, HttpOnly: httpOnly, SameSite: sameSite, Partitioned: partitioned,
		}
		if maxAge != -1<<62 {
			req.MaxAge = &maxAge
		}
		checkAPIAgreesWithEngine(t, req, cmp.Or(origin, loopback))
	})
}

package cookierules

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed "now" of the unit tests.
var testNow = time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", s, err)
	}
	return u
}

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

var cookieDateTests = []struct {
	name, in string
	want     time.Time // zero: must fail to parse
}{
	{"IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)},
	{"RFC 850 date", "Sunday, 06-Nov-94 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)},
	{"asctime date", "Sun Nov  6 08:49:37 1994", utc(1994, 11, 6, 8, 49, 37)},
	{"full month name in any case, one-digit time fields", "6 nOvEmBeR 1994 8:9:7", utc(1994, 11, 6, 8, 9, 7)},
	{"two-digit year 70 is 1970", "01 Jan 70 00:00:00", utc(1970, 1, 1, 0, 0, 0)},
	{"two-digit year 99 is 1999", "01 Jan 99 00:00:00", utc(1999, 1, 1, 0, 0, 0)},
	{"two-digit year 69 is 2069", "01 Jan 69 00:00:00", utc(2069, 1, 1, 0, 0, 0)},
	{"two-digit year 00 is 2000", "01 Jan 00 00:00:00", utc(2000, 1, 1, 0, 0, 0)},
	{"three-digit year 012 is 2012", "01 Jan 012 00:00:00", utc(2012, 1, 1, 0, 0, 0)},
	{"year 1601 is the earliest", "01 Jan 1601 00:00:00", utc(1601, 1, 1, 0, 0, 0)},
	{"year 1600 fails", "01 Jan 1600 00:00:00", time.Time{}},
	{"a five-digit year is no year", "01 Jan 20260 00:00:00", time.Time{}},
	{"a one-digit year is no year", "01 Jan 7 00:00:00", time.Time{}},
	{"hour 24 fails", "01 Jan 2030 24:00:00", time.Time{}},
	{"minute 60 fails", "01 Jan 2030 23:60:00", time.Time{}},
	{"second 60 fails", "01 Jan 2030 23:59:60", time.Time{}},
	{"day 0 fails", "00 Jan 2030 23:59:59", time.Time{}},
	{"day 32 fails", "32 Jan 2030 23:59:59", time.Time{}},
	{"31 Apr does not exist", "31 Apr 2030 00:00:00", time.Time{}},
	{"29 Feb 2028 exists", "29 Feb 2028 00:00:00", utc(2028, 2, 29, 0, 0, 0)},
	{"29 Feb 2027 does not", "29 Feb 2027 00:00:00", time.Time{}},
	{"missing time", "01 Jan 2030", time.Time{}},
	{"missing month", "01 2030 00:00:00", time.Time{}},
	{"missing year", "01 Jan 00:00:00", time.Time{}},
	{"a three-digit day is no day", "012 Jan 2030 00:00:00", time.Time{}},
	{"the first time token wins", "01 Jan 2030 01:02:03 04:05:06", utc(2030, 1, 1, 1, 2, 3)},
	{"a time with a three-digit field is not a time", "01 Jan 2030 12:30:456", time.Time{}},
	{"time followed by non-digits", "01 Jan 2030 12:30:45GMT", utc(2030, 1, 1, 12, 30, 45)},
	{"'=' and ',' are delimiters", "Fri 07 Aug 2030 08:04:19 GMT, baz=qux", utc(2030, 8, 7, 8, 4, 19)},
	{"empty string", "", time.Time{}},
	{"no date at all", "IAintNoDateFool", time.Time{}},
}

func TestParseCookieDate(t *testing.T) {
	for _, tt := range cookieDateTests {
		got, ok := ParseCookieDate(tt.in)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("%s: ParseCookieDate(%q) = %v; want failure", tt.name, tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) {
			t.Errorf("%s: ParseCookieDate(%q) = %v, %v; want %v", tt.name, tt.in, got, ok, tt.want)
		}
	}
}

var maxAgeTests = []struct {
	in   string
	want int64
	ok   bool
}{
	{"0", 0, true},
	{"10", 10, true},
	{"-1", -1, true},
	{"-0", 0, true},
	{"007", 7, true},
	{"99999999999999999999", 1<<63 - 1, true},
	{"-99999999999999999999", -(1<<63 - 1), true},
	{"", 0, false},
	{"-", 0, false},
	{"+1", 0, false},
	{"1.5", 0, false},
	{"50,399", 0, false},
	{"0x10", 0, false},
	{"1e3", 0, false},
	{" 1", 0, false},
	{"--1", 0, false},
}

func TestParseMaxAge(t *testing.T) {
	for _, tt := range maxAgeTests {
		got, ok := ParseMaxAge(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMaxAge(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

var domainMatchTests = []struct {
	s, d string
	want bool
}{
	{"example.org", "example.org", true},
	{"home.example.org", "example.org", true},
	{"a.b.example.org", "example.org", true},
	{"fooexample.org", "example.org", false},
	{"example.org", "home.example.org", false},
	{"example.org", "", false},
	{"example.org", "org", true},
	{"192.168.0.1", "192.168.0.1", true},
	{"192.168.0.1", "168.0.1", false},
	{"::1", "::1", true},
	{"home.example.org.", "example.org.", true},
	{"home.example.org", "example.org.", false},
}

func TestDomainMatch(t *testing.T) {
	for _, tt := range domainMatchTests {
		if got := DomainMatch(tt.s, tt.d); got != tt.want {
			t.Errorf("DomainMatch(%q, %q) = %v; want %v", tt.s, tt.d, got, tt.want)
		}
	}
}

var pathMatchTests = []struct {
	req, cookie string
	want        bool
}{
	{"/", "/", true},
	{"/anything", "/", true},
	{"/foo", "/foo", true},
	{"/foo/bar", "/foo", true},
	{"/foo/", "/foo", true},
	{"/foobar", "/foo", false},
	{"/foo/bar", "/foo/", true},
	{"/foo", "/foo/", false},
	{"/Foo", "/foo", false},
	{"/fo", "/foo", false},
	{"/foo//bar", "/foo/", true},
}

func TestPathMatch(t *testing.T) {
	for _, tt := range pathMatchTests {
		if got := PathMatch(tt.req, tt.cookie); got != tt.want {
			t.Errorf("PathMatch(%q, %q) = %v; want %v", tt.req, tt.cookie, got, tt.want)
		}
	}
}

var defaultPathTests = []struct{ in, want string }{
	{"", "/"},
	{"foo", "/"},
	{"/", "/"},
	{"/foo", "/"},
	{"/foo/", "/foo"},
	{"/foo/bar", "/foo"},
	{"/foo/bar/baz.html", "/foo/bar"},
	{"//x", "/"},
}

func TestDefaultPath(t *testing.T) {
	for _, tt := range defaultPathTests {
		if got := DefaultPath(tt.in); got != tt.want {
			t.Errorf("DefaultPath(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

var secureOriginTests = []struct {
	url  string
	want bool
}{
	{"https://example.com/", true},
	{"wss://example.com/", true},
	{"http://example.com/", false},
	{"ws://example.com/", false},
	{"http://localhost:8080/", true},
	{"http://LOCALHOST/", true},
	{"http://localhost./", true},
	{"http://app.localhost/", true},
	{"ws://localhost/", true},
	{"http://127.0.0.1/", true},
	{"http://127.1.2.3:8000/", true},
	{"http://[::1]:8080/", true},
	{"http://128.0.0.1/", false},
	{"http://a.b.localhost/", true},
	{"http://127.255.255.254/", true},
	{"http://0.0.0.0:8000/", false},
	{"http://[::]/", false},
	{"http://10.0.0.1/", false},
	{"http://a.test:8000/", false},
	{"https://a.test:8443/", true},
	{"http://localhost.example.com/", false},
	{"http://notlocalhost/", false},
	{"ftp://localhost/", false},
	{"file:///etc/passwd", false},
}

func TestIsSecureOrigin(t *testing.T) {
	for _, tt := range secureOriginTests {
		if got := IsSecureOrigin(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("IsSecureOrigin(%q) = %v; want %v", tt.url, got, tt.want)
		}
	}
}

// A step sets one line; the test checks the verdict of the last step and the
// Cookie header (or document.cookie, if script) read at readURL afterwards.
type step struct {
	url, line string
	src       Source
}

var setCookieTests = []struct {
	name       string
	steps      []step
	wantReason string // of the last step; "" = stored
	wantRule   string // of the last step, if not ""
	readURL    string
	want       string // CookieHeader at readURL
}{
	{
		name:    "a plain cookie is stored host-only under the default path",
		steps:   []step{{"http://example.com/a/b", "a=1", FromHTTP}},
		readURL: "http://example.com/a/x", want: "a=1",
	},
	{
		name:    "a host-only cookie is not sent to a subdomain",
		steps:   []step{{"http://example.com/", "a=1", FromHTTP}},
		readURL: "http://www.example.com/", want: "",
	},
	{
		name:    "a Domain cookie is sent to subdomains",
		steps:   []step{{"http://example.com/", "a=1; Domain=.EXAMPLE.com", FromHTTP}},
		readURL: "http://www.example.com/", want: "a=1",
	},
	{
		name:       "a control character aborts the line (§5.6 step 1)",
		steps:      []step{{"http://example.com/", "a=1\x01", FromHTTP}},
		wantReason: ReasonDisallowedCharacter, wantRule: "§5.6 step 1",
		readURL: "http://example.com/",
	},
	{
		name:    "HTAB is not a disallowed control character",
		steps:   []step{{"http://example.com/", "a=1\t2", FromHTTP}},
		readURL: "http://example.com/", want: "a=1\t2",
	},
	{
		name:       "empty name and value is no cookie (§5.7 step 2)",
		steps:      []step{{"http://example.com/", " = ; Path=/", FromHTTP}},
		wantReason: ReasonNoCookieContent, wantRule: "§5.7 step 2",
		readURL: "http://example.com/",
	},
	{
		name:    "a line without '=' is a nameless cookie, sent as its value",
		steps:   []step{{"http://example.com/", "  token  ; Path=/", FromHTTP}},
		readURL: "http://example.com/", want: "token",
	},
	{
		name:    "name and value of 4096 bytes are allowed; '=' is not counted (Chromium)",
		steps:   []step{{"http://example.com/", strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2048), FromHTTP}},
		readURL: "http://example.com/", want: strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2048),
	},
	{
		name:       "name and value of 4097 bytes are ignored (§5.6 step 5)",
		steps:      []step{{"http://example.com/", strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2049), FromHTTP}},
		wantReason: ReasonNameValuePairExceedsMaxSize, wantRule: "§5.6 step 5",
		readURL: "http://example.com/",
	},
	{
		name:       "Secure from http is ignored (§5.7 step 13)",
		steps:      []step{{"http://example.com/", "a=1; Secure", FromHTTP}},
		wantReason: ReasonSecureOnly, wantRule: "§5.7 step 13",
		readURL: "https://example.com/",
	},
	{
		name:    "Secure from http://localhost is stored (potentially trustworthy)",
		steps:   []step{{"http://localhost:8080/", "a=1; Secure", FromHTTP}},
		readURL: "http://localhost:8080/", want: "a=1",
	},
	{
		name:    "a Secure cookie is not sent over http",
		steps:   []step{{"https://example.com/", "a=1; Secure", FromHTTP}},
		readURL: "http://example.com/", want: "",
	},
	{
		name:       "script cannot set HttpOnly (§5.7 step 15)",
		steps:      []step{{"http://example.com/", "a=1; HttpOnly", FromScript}},
		wantReason: ReasonHttpOnly, wantRule: "§5.7 step 15",
		readURL: "http://example.com/",
	},
	{
		name: "script cannot overwrite an HttpOnly cookie (§5.7 step 23)",
		steps: []step{
			{"http://example.com/", "a=1; HttpOnly; Path=/", FromHTTP},
			{"http://example.com/", "a=2; Path=/", FromScript},
		},
		wantReason: ReasonOverwriteHttpOnly, wantRule: "§5.7 step 23",
		readURL: "http://example.com/", want: "a=1",
	},
	{
		name: "script can set a same-named cookie on another path than the HttpOnly one",
		steps: []step{
			{"http://example.com/", "a=1; HttpOnly; Path=/", FromHTTP},
			{"http://example.com/", "a=2; Path=/x", FromScript},
		},
		readURL: "http://example.com/x", want: "a=2; a=1",
	},
	{
		name: "http cannot overwrite a Secure cookie (§5.7 step 16)",
		steps: []step{
			{"https://example.com/", "a=1; Secure; Path=/", FromHTTP},
			{"http://example.com/", "a=2; Path=/", FromHTTP},
		},
		wantReason: ReasonOverwriteSecure, wantRule: "§5.7 step 16",
		readURL: "https://example.com/", want: "a=1",
	},
	{
		name: "http cannot shadow a Secure cookie from a sub-path or a parent domain",
		steps: []step{
			{"https://www.example.com/", "a=1; Secure; Path=/; Domain=example.com", FromHTTP},
			{"http://www.example.com/", "a=2; Path=/deeper", FromHTTP},
		},
		wantReason: ReasonOverwriteSecure,
		readURL:    "https://www.example.com/deeper", want: "a=1",
	},
	{
		name: "http cannot delete a Secure cookie either",
		steps: []step{
			{"https://example.com/", "a=1; Secure; Path=/", FromHTTP},
			{"http://example.com/", "a=; Max-Age=0; Path=/", FromHTTP},
		},
		wantReason: ReasonOverwriteSecure,
		readURL:    "https://example.com/", want: "a=1",
	},
	{
		name: "http may set a same-named cookie whose path does not path-match the Secure one",
		steps: []step{
			{"https://example.com/", "a=1; Secure; Path=/secure", FromHTTP},
			{"http://example.com/", "a=2; Path=/", FromHTTP},
		},
		readURL: "https://example.com/secure", want: "a=1; a=2",
	},
	{
		name: "https can overwrite a Secure cookie",
		steps: []step{
			{"https://example.com/", "a=1; Secure; Path=/", FromHTTP},
			{"https://example.com/", "a=2; Path=/", FromHTTP},
		},
		readURL: "http://example.com/", want: "a=2",
	},
	{
		name:       "SameSite=None needs Secure (§5.7 step 19)",
		steps:      []step{{"https://example.com/", "a=1; SameSite=None", FromHTTP}},
		wantReason: ReasonSameSiteNoneInsecure, wantRule: "§5.7 step 19",
		readURL: "https://example.com/",
	},
	{
		name:    "SameSite=None; Secure is stored",
		steps:   []step{{"https://example.com/", "a=1; SameSite=none; Secure", FromHTTP}},
		readURL: "https://example.com/", want: "a=1",
	},
	{
		name:       "Partitioned needs Secure (Chromium)",
		steps:      []step{{"https://example.com/", "a=1; Partitioned", FromHTTP}},
		wantReason: ReasonInvalidPartitioned,
		readURL:    "https://example.com/",
	},
	{
		name:       "a public suffix Domain is rejected (§5.7 step 9)",
		steps:      []step{{"https://example.co.uk/", "a=1; Domain=co.uk", FromHTTP}},
		wantReason: ReasonInvalidDomain, wantRule: "§5.7 step 9",
		readURL: "https://example.co.uk/",
	},
	{
		name:       "a private public suffix Domain is rejected too",
		steps:      []step{{"https://me.github.io/", "a=1; Domain=github.io", FromHTTP}},
		wantReason: ReasonInvalidDomain, wantRule: "§5.7 step 9",
		readURL: "https://me.github.io/",
	},
	{
		name:    "a public suffix Domain equal to the host makes a host-only cookie",
		steps:   []step{{"https://github.io/", "a=1; Domain=github.io", FromHTTP}},
		readURL: "https://github.io/", want: "a=1",
	},
	{
		name:    "... which is not sent to subdomains",
		steps:   []step{{"https://github.io/", "a=1; Domain=github.io", FromHTTP}},
		readURL: "https://me.github.io/", want: "",
	},
	{
		name:       "a Domain the host does not domain-match is rejected (§5.7 step 10)",
		steps:      []step{{"https://www.example.com/", "a=1; Domain=other.example.com", FromHTTP}},
		wantReason: ReasonInvalidDomain, wantRule: "§5.7 step 10",
		readURL: "https://www.example.com/",
	},
	{
		name:       "an IP host cannot set a suffix Domain",
		steps:      []step{{"http://192.168.0.1/", "a=1; Domain=168.0.1", FromHTTP}},
		wantReason: ReasonInvalidDomain,
		readURL:    "http://192.168.0.1/",
	},
	{
		name:    "an IP host may name itself as Domain",
		steps:   []step{{"http://192.168.0.1/", "a=1; Domain=192.168.0.1", FromHTTP}},
		readURL: "http://192.168.0.1/", want: "a=1",
	},
	{
		name:       "a non-ASCII Domain is rejected (§5.7 step 8)",
		steps:      []step{{"https://example.com/", "a=1; Domain=exämple.com", FromHTTP}},
		wantReason: ReasonInvalidDomain, wantRule: "§5.7 step 8",
		readURL: "https://example.com/",
	},
	{
		name:       "Domain=. names no domain (Chromium, WPT)",
		steps:      []step{{"https://example.com/", "a=1; Domain=.", FromHTTP}},
		wantReason: ReasonInvalidDomain,
		readURL:    "https://example.com/",
	},
	{
		name:    "an empty last Domain makes the cookie host-only",
		steps:   []step{{"https://www.example.com/", "a=1; Domain=example.com; Domain=", FromHTTP}},
		readURL: "https://sub.www.example.com/", want: "",
	},
	{
		name:       "__Secure- needs Secure (§5.7 step 20)",
		steps:      []step{{"https://example.com/", "__Secure-a=1", FromHTTP}},
		wantReason: ReasonInvalidPrefix, wantRule: "§5.7 step 20",
		readURL: "https://example.com/",
	},
	{
		name:       "prefixes match case-insensitively",
		steps:      []step{{"https://example.com/", "__SECURE-a=1", FromHTTP}},
		wantReason: ReasonInvalidPrefix,
		readURL:    "https://example.com/",
	},
	{
		name:    "__Secure- with Secure from https is stored",
		steps:   []step{{"https://example.com/", "__Secure-a=1; Secure", FromHTTP}},
		readURL: "https://example.com/", want: "__Secure-a=1",
	},
	{
		name:       "__Host- may not have a Domain (§5.7 step 21)",
		steps:      []step{{"https://example.com/", "__Host-a=1; Secure; Path=/; Domain=example.com", FromHTTP}},
		wantReason: ReasonInvalidPrefix, wantRule: "§5.7 step 21",
		readURL: "https://example.com/",
	},
	{
		name:       "__Host- needs an explicit Path=/",
		steps:      []step{{"https://example.com/", "__Host-a=1; Secure", FromHTTP}},
		wantReason: ReasonInvalidPrefix, wantRule: "§5.7 step 21",
		readURL: "https://example.com/",
	},
	{
		name:       "__Host- with Path= on a root document is still rejected (Chromium compares the attribute)",
		steps:      []step{{"https://example.com/", "__Host-a=1; Secure; Path=", FromHTTP}},
		wantReason: ReasonInvalidPrefix,
		readURL:    "https://example.com/",
	},
	{
		name:    "__Host- with Secure and Path=/ is stored",
		steps:   []step{{"https://example.com/x/y", "__Host-a=1; Secure; Path=/", FromHTTP}},
		readURL: "https://example.com/", want: "__Host-a=1",
	},
	{
		name:       "a nameless cookie may not look like __Host- (§5.7 step 22)",
		steps:      []step{{"https://example.com/", "=__Host-a=1; Secure; Path=/", FromHTTP}},
		wantReason: ReasonInvalidPrefix, wantRule: "§5.7 step 22",
		readURL: "https://example.com/",
	},
	{
		name:       "__Http- needs HttpOnly",
		steps:      []step{{"https://example.com/", "__Http-a=1; Secure", FromHTTP}},
		wantReason: ReasonInvalidPrefix,
		readURL:    "https://example.com/",
	},
	{
		name:       "Max-Age=0 deletes the cookie it replaces",
		steps:      []step{{"http://example.com/", "a=1; Path=/", FromHTTP}, {"http://example.com/", "a=2; Path=/; Max-Age=0", FromHTTP}},
		wantReason: ReasonExpired,
		readURL:    "http://example.com/", want: "",
	},
	{
		name:       "Max-Age takes precedence over Expires",
		steps:      []step{{"http://example.com/", "a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT", FromHTTP}},
		wantReason: ReasonExpired,
		readURL:    "http://example.com/",
	},
	{
		name:       "an Expires date in the past expires the cookie",
		steps:      []step{{"http://example.com/", "a=1; Expires=Thu, 10 Apr 1980 16:33:12 GMT", FromHTTP}},
		wantReason: ReasonExpired,
		readURL:    "http://example.com/",
	},
	{
		name:       "unsupported schemes do not take cookies",
		steps:      []step{{"ftp://example.com/", "a=1", FromHTTP}},
		wantReason: ReasonSchemeNotSupported,
		readURL:    "http://example.com/",
	},
}

func TestSetCookie(t *testing.T) {
	for _, tt := range setCookieTests {
		j := NewJar()
		var v Verdict
		for _, s := range tt.steps {
			v = j.SetCookie(mustURL(t, s.url), s.line, s.src, testNow)
		}
		if v.Reason != tt.wantReason || v.Stored != (tt.wantReason == "") {
			t.Errorf("%s: SetCookie(%q) = %q (stored %v, %s: %s); want %q", tt.name, short(v.Line), v.Reason, v.Stored, v.Rule, v.Explanation, tt.wantReason)
		}
		if tt.wantRule != "" && v.Rule != tt.wantRule {
			t.Errorf("%s: SetCookie(%q).Rule = %q; want %q", tt.name, short(v.Line), v.Rule, tt.wantRule)
		}
		if v.Explanation == "" {
			t.Errorf("%s: SetCookie(%q) has no explanation", tt.name, short(v.Line))
		}
		if got := j.CookieHeader(mustURL(t, tt.readURL), testNow); got != tt.want {
			t.Errorf("%s: CookieHeader(%q) = %q; want %q", tt.name, tt.readURL, short(got), short(tt.want))
		}
	}
}

func short(s string) string {
	if len(s) > 80 {
		return fmt.Sprintf("%s...(%d bytes)", s[:60], len(s))
	}
	return s
}

var expiryTests = []struct {
	name, line  string
	persistent  bool
	wantExpires time.Time
}{
	{"no Max-Age or Expires is a session cookie", "a=1", false, time.Time{}},
	{"Max-Age counts from now", "a=1; Max-Age=60", true, testNow.Add(time.Minute)},
	{"Max-Age is capped at 400 days (§5.5)", "a=1; Max-Age=999999999", true, testNow.Add(400 * 24 * time.Hour)},
	{"Expires is capped at 400 days (§5.5)", "a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", true, testNow.Add(400 * 24 * time.Hour)},
	{"Expires within 400 days is kept", "a=1; Expires=Sun, 01 Mar 2026 00:00:00 GMT", true, utc(2026, 3, 1, 0, 0, 0)},
	{"the last valid Max-Age wins", "a=1; Max-Age=10; Max-Age=oops", true, testNow.Add(10 * time.Second)},
	{"an invalid Expires is ignored", "a=1; Expires=tomorrow", false, time.Time{}},
}

func TestExpiry(t *testing.T) {
	for _, tt := range expiryTests {
		v := NewJar().SetCookie(mustURL(t, "http://example.com/"), tt.line, FromHTTP, testNow)
		if !v.Stored || v.Cookie.Persistent != tt.persistent || !v.Cookie.Expires.Equal(tt.wantExpires) {
			t.Errorf("%s: SetCookie(%q) = stored %v, persistent %v, expires %v; want persistent %v, expires %v",
				tt.name, tt.line, v.Stored, v.Cookie.Persistent, v.Cookie.Expires, tt.persistent, tt.wantExpires)
		}
	}
}

func TestCookieExpiresLater(t *testing.T) {
	j := NewJar()
	u := mustURL(t, "http://example.com/")
	j.SetCookie(u, "a=1; Max-Age=60", FromHTTP, testNow)
	if got := j.CookieHeader(u, testNow.Add(59*time.Second)); got != "a=1" {
		t.Errorf("CookieHeader after 59s = %q; want %q", got, "a=1")
	}
	if got := j.CookieHeader(u, testNow.Add(60*time.Second)); got != "" {
		t.Errorf("CookieHeader after 60s = %q; want %q", got, "")
	}
}

var orderingTests = []struct {
	name    string
	lines   []string
	readURL string
	want    string
}{
	{
		"longer paths first",
		[]string{"a=1; Path=/", "b=2; Path=/x/y", "c=3; Path=/x"},
		"http://example.com/x/y/z", "b=2; c=3; a=1",
	},
	{
		"equal paths in creation order",
		[]string{"z=1; Path=/", "a=2; Path=/", "m=3; Path=/"},
		"http://example.com/", "z=1; a=2; m=3",
	},
	{
		"a replaced cookie keeps its creation time and place",
		[]string{"a=1; Path=/", "b=2; Path=/", "a=3; Path=/"},
		"http://example.com/", "a=3; b=2",
	},
	{
		"host-only and domain cookies of one name are distinct",
		[]string{"a=host; Path=/", "a=domain; Path=/; Domain=example.com"},
		"http://example.com/", "a=host; a=domain",
	},
	{
		"nameless cookies are serialised as their value",
		[]string{"a=1; Path=/", "=v; Path=/", "w"},
		"http://example.com/", "a=1; v",
	},
}

func TestCookieHeaderOrder(t *testing.T) {
	for _, tt := range orderingTests {
		j := NewJar()
		for i, l := range tt.lines {
			// Later lines may come at the same instant: ties keep creation order.
			j.SetCookie(mustURL(t, "http://example.com/x/y/z"), l, FromHTTP, testNow.Add(time.Duration(i/2)*time.Second))
		}
		if got := j.CookieHeader(mustURL(t, tt.readURL), testNow.Add(time.Minute)); got != tt.want {
			t.Errorf("%s: CookieHeader(%q) = %q; want %q", tt.name, tt.readURL, got, tt.want)
		}
	}
}

var contextTests = []struct {
	opt  RequestOptions
	want string
}{
	{RequestOptions{}, "s=1; l=2; d=3; n=4; h=5"},
	{RequestOptions{Script: true}, "s=1; l=2; d=3; n=4"},
	{RequestOptions{Context: ContextCrossSiteTopLevel}, "l=2; d=3; n=4; h=5"},
	{RequestOptions{Context: ContextCrossSite}, "n=4"},
	{RequestOptions{Context: ContextCrossSite, Script: true}, "n=4"},
}

func TestCookieHeaderFor(t *testing.T) {
	j := NewJar()
	u := mustURL(t, "https://example.com/")
	for _, l := range []string{"s=1; SameSite=Strict", "l=2; SameSite=Lax", "d=3; SameSite=bogus", "n=4; SameSite=None; Secure", "h=5; HttpOnly"} {
		if v := j.SetCookie(u, l, FromHTTP, testNow); !v.Stored {
			t.Fatalf("SetCookie(%q) = %s: %s", l, v.Reason, v.Explanation)
		}
	}
	for _, tt := range contextTests {
		if got := j.CookieHeaderFor(u, testNow, tt.opt); got != tt.want {
			t.Errorf("CookieHeaderFor(%+v) = %q; want %q", tt.opt, got, tt.want)
		}
	}
}

type attrWant struct{ name, status, rule string }

var parseTests = []struct {
	line        string
	name, value string
	attrs       []attrWant
}{
	{
		"a=b; Path=/x; path=/y; Max-Age=abc; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=5; foo; Secure=yes",
		"a", "b",
		[]attrWant{
			{"Path", StatusOverridden, "§5.6.4"},
			{"path", StatusUsed, "§5.6.4"},
			{"Max-Age", StatusIgnored, "§5.6.2"},
			{"Expires", StatusOverridden, "§5.7 step 6"},
			{"Max-Age", StatusUsed, "§5.6.2"},
			{"foo", StatusIgnored, "§5.6"},
			{"Secure", StatusUsed, "§5.6.5"},
		},
	},
	{
		"  n  =  v w  ;;;  Domain=" + strings.Repeat("a", 1025) + "; Domain=.Example.COM; SameSite=lax; SameSite=whatever",
		"n", "v w",
		[]attrWant{
			{"Domain", StatusIgnored, "§5.6"},
			{"Domain", StatusUsed, "§5.6.3"},
			{"SameSite", StatusOverridden, "§5.6.7"},
			{"SameSite", StatusUsed, "§5.6.7"},
		},
	},
	{"=a=b", "", "a=b", nil},
	{"nameless", "", "nameless", nil},
	{"a=\"quoted; value\"", "a", "\"quoted", []attrWant{{"value\"", StatusIgnored, "§5.6"}}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		p, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", short(tt.line), err)
			continue
		}
		if p.Name != tt.name || p.Value != tt.value {
			t.Errorf("Parse(%q) = %q=%q; want %q=%q", short(tt.line), p.Name, p.Value, tt.name, tt.value)
		}
		var got []attrWant
		for _, a := range p.Attributes {
			got = append(got, attrWant{a.Name, a.Status, a.Rule})
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.attrs) {
			t.Errorf("Parse(%q).Attributes = %v; want %v", short(tt.line), got, tt.attrs)
		}
	}
	p, _ := Parse("a=b; Domain=.Example.COM; SameSite=whatever; Max-Age=-3")
	if p.Domain != "example.com" || p.DomainAttr != ".Example.COM" || p.SameSite != SameSiteDefault || !p.HasMaxAge || p.MaxAge != -3 {
		t.Errorf("Parse: Domain %q, DomainAttr %q, SameSite %q, MaxAge %v %d", p.Domain, p.DomainAttr, p.SameSite, p.HasMaxAge, p.MaxAge)
	}
}

var parseErrorTests = []struct{ line, reason string }{
	{"", ReasonNoCookieContent},
	{"=", ReasonNoCookieContent},
	{"  ;  Path=/", ReasonNoCookieContent},
	{"a=b\x00c", ReasonDisallowedCharacter},
	{"a=b; Path=/\r", ReasonDisallowedCharacter},
	{"a=b\x7f", ReasonDisallowedCharacter},
	{strings.Repeat("x", 4097), ReasonNameValuePairExceedsMaxSize},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		_, err := Parse(tt.line)
		pe, _ := err.(*ParseError)
		if pe == nil || pe.Reason != tt.reason {
			t.Errorf("Parse(%q) error = %v; want %s", short(tt.line), err, tt.reason)
		}
	}
}

var canonPathTests = []struct{ url, want string }{
	{"http://h", "/"},
	{"http://h/a/b?q", "/a/b"},
	{"http://h/f%6Fo/bar", "/foo/bar"},
	{"http://h/a%2Fb", "/a%2Fb"},
	{"http://h/a%20b", "/a%20b"},
	{"http://h/%7e%41", "/~A"},
}

func TestCanonPath(t *testing.T) {
	for _, tt := range canonPathTests {
		if got := canonPath(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("canonPath(%q) = %q; want %q", tt.url, got, tt.want)
		}
	}
}

func BenchmarkSetCookie(b *testing.B) {
	u := mustURL(b, "https://www.example.com/account/settings")
	line := "session=3f9a2c7e81d04b6f; Path=/; Domain=example.com; Max-Age=3600; Secure; HttpOnly; SameSite=Lax"
	j := NewJar()
	for b.Loop() {
		if v := j.SetCookie(u, line, FromHTTP, testNow); !v.Stored {
			b.Fatal(v.Explanation)
		}
	}
}

func BenchmarkCookieHeader(b *testing.B) {
	j := NewJar()
	set := mustURL(b, "https://www.example.com/a/b/c")
	for i := range 20 {
		j.SetCookie(set, fmt.Sprintf("c%d=value%d; Path=/%s; Domain=example.com", i, i, strings.Repeat("a/", i%4)), FromHTTP, testNow)
	}
	u := mustURL(b, "https://www.example.com/a/a/a/x")
	for b.Loop() {
		if j.CookieHeader(u, testNow) == "" {
			b.Fatal("empty header")
		}
	}
}

// A prefixCase is a cookie as prefixRule sees it, from a secure origin over
// HTTP with Secure, host-only and Path=/ unless it says otherwise.
type prefixCase struct {
	name, cname, value string
	insecure           bool // the request is not secure
	noSecure           bool // no Secure attribute
	domain             bool // a Domain attribute (not host-only)
	httpOnly           bool
	script             bool
	path               string // last Path attribute as written; "-" for none
	wantRule           string // "" = allowed
	wantAttr           string // the attribute at fault
}

var prefixTests = []prefixCase{
	{name: "no prefix, no rule", cname: "a", noSecure: true, insecure: true, domain: true, path: "-"},
	{name: "__Secure- with Secure from a secure origin", cname: "__Secure-a", path: "-"},
	{name: "__Secure- without Secure", cname: "__Secure-a", noSecure: true, wantRule: "§5.7 step 20", wantAttr: "Secure"},
	{name: "__Secure- from an insecure origin", cname: "__Secure-a", insecure: true, wantRule: "§5.7 step 20", wantAttr: "Secure"},
	{name: "__Secure- may have a Domain and any path", cname: "__Secure-a", domain: true, path: "/x"},
	{name: "__secure- matches case-insensitively", cname: "__secure-a", noSecure: true, wantRule: "§5.7 step 20", wantAttr: "Secure"},
	{name: "__Secure without the dash is no prefix", cname: "__Securea", noSecure: true},
	{name: "__Host- with Secure, host-only and Path=/", cname: "__Host-a"},
	{name: "__HOST- matches case-insensitively", cname: "__HOST-a", domain: true, wantRule: "§5.7 step 21", wantAttr: "Domain"},
	{name: "__Host- without Secure", cname: "__Host-a", noSecure: true, wantRule: "§5.7 step 21", wantAttr: "Secure"},
	{name: "__Host- with a Domain", cname: "__Host-a", domain: true, wantRule: "§5.7 step 21", wantAttr: "Domain"},
	{name: "__Host- without a Path attribute", cname: "__Host-a", path: "-", wantRule: "§5.7 step 21", wantAttr: "Path"},
	{name: "__Host- with Path=/x", cname: "__Host-a", path: "/x", wantRule: "§5.7 step 21", wantAttr: "Path"},
	{name: "__Host- with an empty Path", cname: "__Host-a", path: "", wantRule: "§5.7 step 21", wantAttr: "Path"},
	{name: "nameless with a __Secure- value", value: "__Secure-a=1", wantRule: "§5.7 step 22"},
	{name: "nameless with a __host- value", value: "__host-a=1", wantRule: "§5.7 step 22"},
	{name: "nameless with an ordinary value", value: "a=1"},
	{name: "__Http- with Secure and HttpOnly over HTTP", cname: "__Http-a", httpOnly: true, path: "/x"},
	{name: "__Http- without HttpOnly", cname: "__Http-a", wantRule: "layered-cookies draft (__Http- prefix)", wantAttr: "HttpOnly"},
	{name: "__Http- from script", cname: "__Http-a", httpOnly: true, script: true, wantRule: "layered-cookies draft (__Http- prefix)", wantAttr: "HttpOnly"},
	{name: "__Http- without Secure", cname: "__Http-a", httpOnly: true, noSecure: true, wantRule: "layered-cookies draft (__Http- prefix)", wantAttr: "Secure"},
	{name: "__Host-Http- with everything", cname: "__Host-Http-a", httpOnly: true},
	{name: "__Host-Http- is a __Host- cookie too", cname: "__Host-Http-a", httpOnly: true, path: "/x", wantRule: "§5.7 step 21", wantAttr: "Path"},
	{name: "__Host-Http- without HttpOnly", cname: "__Host-Http-a", wantRule: "layered-cookies draft (__Http- prefix)", wantAttr: "HttpOnly"},
}

func TestPrefixRule(t *testing.T) {
	for _, tt := range prefixTests {
		if tt.path == "" && !strings.Contains(tt.name, "empty Path") {
			tt.path = "/"
		}
		src := FromHTTP
		if tt.script {
			src = FromScript
		}
		ok, attr, rule, expl := prefixRule(tt.cname, tt.value, !tt.insecure, !tt.noSecure, !tt.domain, tt.httpOnly, src, tt.path != "-", tt.path)
		if ok != (tt.wantRule == "") || rule != tt.wantRule || ok != (expl == "") || attr != tt.wantAttr {
			t.Errorf("%s: prefixRule(%q, %q) = %v, %q, %q, %q; want attribute %q, rule %q", tt.name, tt.cname, tt.value, ok, attr, rule, expl, tt.wantAttr, tt.wantRule)
		}
	}
}

var expiryCapTests = []struct {
	name       string
	line       string
	want       time.Time
	persistent bool
	capped     bool
}{
	{"no Max-Age or Expires: a session cookie (§5.7 step 6)", "a=1", time.Time{}, false, false},
	{"Max-Age within 400 days is kept (§5.6.2)", "a=1; Max-Age=3600", testNow.Add(time.Hour), true, false},
	{"Max-Age of exactly 400 days is not capped (§5.5)", "a=1; Max-Age=34560000", testNow.Add(MaxAge), true, false},
	{"Max-Age of 400 days and a second is capped (§5.5)", "a=1; Max-Age=34560001", testNow.Add(MaxAge), true, true},
	{"Max-Age of 2^63-1 is capped at 400 days (§5.5)", "a=1; Max-Age=9223372036854775807", testNow.Add(MaxAge), true, true},
	{"Max-Age=0 expires at the earliest time (§5.6.2)", "a=1; Max-Age=0", EarliestTime, true, false},
	{"Expires in 9999 is capped at 400 days (§5.5)", "a=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", testNow.Add(MaxAge), true, true},
	{"Max-Age wins over Expires (§5.7 step 6)", "a=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT; Max-Age=60", testNow.Add(time.Minute), true, false},
}

func TestExpiryCap(t *testing.T) {
	for _, tt := range expiryCapTests {
		p, err := Parse(tt.line)
		if err != nil {
			t.Fatalf("%s: Parse(%q): %v", tt.name, tt.line, err)
		}
		got, persistent, capped := Expiry(p, testNow)
		if !got.Equal(tt.want) || persistent != tt.persistent || capped != tt.capped {
			t.Errorf("%s: Expiry(%q) = %v, %v, %v; want %v, %v, %v", tt.name, tt.line, got, persistent, capped, tt.want, tt.persistent, tt.capped)
		}
	}
}

package cookierules

import (
	"net/url"
	"testing"
	"time"
)

var lineStringTests = []struct {
	name string
	line Line
	want string
}{
	{"a bare pair", Line{Name: "a", Value: "1"}, "a=1"},
	{"a nameless cookie keeps its '=' (§5.6 step 3)", Line{Value: "v"}, "=v"},
	{"an empty value", Line{Name: "a", Path: "/"}, "a=; Path=/"},
	{"Expires in GMT, to the second (§4.1.1 sane-cookie-date)", Line{Name: "a", Expires: time.Date(2030, 1, 2, 17, 4, 5, 0, time.FixedZone("", 2*3600))},
		"a=; Expires=Wed, 02 Jan 2030 15:04:05 GMT"},
	{"Max-Age=0 is written when HasMaxAge", Line{Name: "a", HasMaxAge: true}, "a=; Max-Age=0"},
	{"every attribute in net/http's order",
		Line{Name: "a", Value: "1", Path: "/p", Domain: "example.com", Expires: EarliestTime, HasMaxAge: true, MaxAge: -1,
			HttpOnly: true, Secure: true, SameSite: SameSiteLax, Partitioned: true},
		"a=1; Path=/p; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=-1; HttpOnly; Secure; SameSite=Lax; Partitioned"},
}

func TestLineString(t *testing.T) {
	for _, tt := range lineStringTests {
		if got := tt.line.String(); got != tt.want {
			t.Errorf("%s: %+v.String() = %q; want %q", tt.name, tt.line, got, tt.want)
		}
	}
}

func TestLineAttributeAt(t *testing.T) {
	l := Line{Name: "a", Value: "1", Path: "/p", Domain: "d", Secure: true}
	s := l.String() // "a=1; Path=/p; Domain=d; Secure": the "; " before an attribute is its own
	for i, want := range map[int]string{0: "", 2: "", 3: "Path", 8: "Path", 11: "Path", 12: "Domain", 21: "Domain", 22: "Secure", len(s) - 1: "Secure"} {
		if got := l.AttributeAt(i); got != want {
			t.Errorf("AttributeAt(%d) of %q (byte %q) = %q; want %q", i, s, s[i], got, want)
		}
	}
}

// verdictAttributeTests name the attribute that decides each rejection,
// which lets a caller say which of its fields is at fault.
var verdictAttributeTests = []struct {
	url, line string
	want      string
}{
	{"http://a.test/", "a=1; Secure", "Secure"},
	{"https://a.test/", "a=1; Domain=b.test", "Domain"},
	{"https://a.test/", "a=1; SameSite=None", "SameSite"},
	{"https://a.test/", "a=1; Partitioned", "Partitioned"},
	{"https://a.test/", "__Secure-a=1", "Secure"},
	{"https://a.test/", "__Host-a=1; Secure; Path=/x", "Path"},
	{"https://a.test/", "__Host-a=1; Secure; Path=/; Domain=a.test", "Domain"},
	{"https://a.test/", "__Http-a=1; Secure; Path=/", "HttpOnly"},
	{"https://a.test/", "a=1; Max-Age=0", "Max-Age"},
	{"https://a.test/", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Expires"},
	{"https://a.test/", "a=1\x01", ""},
	{"https://a.test/", "=__Host-a=1", ""},
}

func TestVerdictAttribute(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range verdictAttributeTests {
		u, _ := url.Parse(tt.url)
		v := NewJar().SetCookie(u, tt.line, FromHTTP, now)
		if v.Stored || v.Attribute != tt.want {
			t.Errorf("SetCookie(%s, %q): stored %v, attribute %q (%s); want refused, attribute %q", tt.url, tt.line, v.Stored, v.Attribute, v.Reason, tt.want)
		}
	}
	if _, err := Parse("a=1; Path=/\x7f"); err.(*ParseError).Index != 11 {
		t.Errorf("Parse of a DEL at byte 11: Index = %d; want 11", err.(*ParseError).Index)
	}
}

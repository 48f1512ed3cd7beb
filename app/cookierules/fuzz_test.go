package cookierules

import (
	"strings"
	"testing"
)

var fuzzURLs = []string{
	"http://example.com/a/b",
	"https://www.example.com/",
	"http://localhost:8080/x/y",
	"http://192.168.0.1/",
	"https://github.io/",
	"ws://sub.example.com/deep/er/path",
}

var fuzzSeeds = []string{
	"a=1",
	"token",
	"=v=w",
	"a=1; Path=/x; Domain=.example.com; Max-Age=60; Secure; HttpOnly; SameSite=Lax",
	"a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=-1",
	"__Secure-a=1; Secure",
	"__host-a=1; Secure; Path=/; Domain=example.com",
	"__Host-Http-a=1; Secure; HttpOnly; Path=/",
	"=__Host-a=1; Secure; Path=/",
	"sec=x; Domain=example.com; Path=/",
	"ho=x; Domain=example.com; Path=/",
	"a=b\x00c; SameSite=None; Partitioned; Domain=github.io",
}

// FuzzSetCookie feeds any bytes as a line, from either source and several
// URLs, into a jar that holds a Secure and an HttpOnly cookie, and checks
// that nothing panics and that no stored cookie breaks a rule.
func FuzzSetCookie(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(i), i%3 == 0)
	}
	f.Fuzz(func(t *testing.T, line string, ui uint8, script bool) {
		u := mustURL(t, fuzzURLs[int(ui)%len(fuzzURLs)])
		src := FromHTTP
		if script {
			src = FromScript
		}
		j := NewJar()
		setup := mustURL(t, "https://www.example.com/")
		for _, l := range []string{"sec=s; Secure; Path=/; Domain=example.com", "ho=h; HttpOnly; Path=/; Domain=example.com"} {
			if v := j.SetCookie(setup, l, FromHTTP, testNow); !v.Stored {
				t.Fatalf("setup %q: %s", l, v.Explanation)
			}
		}
		v := j.SetCookie(u, line, src, testNow)
		_ = j.CookieHeader(u, testNow)
		_ = j.DocumentCookie(u, testNow)
		if _, err := Parse(line); (err != nil) && v.Stored {
			t.Fatalf("SetCookie(%q) stored a line Parse rejects: %v", line, err)
		}
		if v.Stored != (v.Reason == "") || v.Explanation == "" || v.Rule == "" {
			t.Fatalf("SetCookie(%q) = stored %v, reason %q, rule %q, explanation %q", line, v.Stored, v.Reason, v.Rule, v.Explanation)
		}
		if v.Stored {
			c := v.Cookie
			if c.Secure && !IsSecureOrigin(u) {
				t.Fatalf("SetCookie(%q) from %s stored a Secure cookie from an insecure origin", line, u)
			}
			if c.HttpOnly && script {
				t.Fatalf("SetCookie(%q) stored an HttpOnly cookie from script", line)
			}
		}
		var sawSec, sawHo bool
		for _, c := range j.Cookies() {
			checkCookie(t, line, c)
			if c.Name == "sec" && c.Domain == "example.com" && !c.HostOnly && c.Path == "/" && c.Secure && c.Value == "s" {
				sawSec = true
			}
			if c.Name == "ho" && c.Domain == "example.com" && !c.HostOnly && c.Path == "/" && c.HttpOnly && c.Value == "h" {
				sawHo = true
			}
		}
		if !sawSec && !IsSecureOrigin(u) {
			t.Fatalf("SetCookie(%q) from %s changed or removed the Secure cookie", line, u)
		}
		if !sawHo && script {
			t.Fatalf("SetCookie(%q) from script changed or removed the HttpOnly cookie", line)
		}
	})
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// checkCookie fails t if c, found in a jar, breaks a storage rule.
func checkCookie(t *testing.T, line string, c Cookie) {
	t.Helper()
	fail := func(why string) { t.Fatalf("after SetCookie(%q) the jar holds %+v: %s", line, c, why) }
	if len(c.Name)+len(c.Value) > MaxNameValueSize {
		fail("name and value longer than 4096 bytes")
	}
	if c.Name == "" && c.Value == "" {
		fail("empty name and value")
	}
	if ctlIndex(c.Name) >= 0 || ctlIndex(c.Value) >= 0 {
		fail("control character in name or value")
	}
	if c.Domain == "" || !strings.HasPrefix(c.Path, "/") {
		fail("no domain or a path not starting with /")
	}
	if (hasPrefixFold(c.Name, "__Secure-") || hasPrefixFold(c.Name, "__Host-") || hasPrefixFold(c.Name, "__Http-")) && !c.Secure {
		fail("prefixed name without Secure")
	}
	if hasPrefixFold(c.Name, "__Host-") && (!c.HostOnly || c.Path != "/") {
		fail("__Host- cookie that is not host-only with path /")
	}
	if (hasPrefixFold(c.Name, "__Http-") || hasPrefixFold(c.Name, "__Host-Http-")) && !c.HttpOnly {
		fail("__Http- cookie without HttpOnly")
	}
	if c.Name == "" && (hasPrefixFold(c.Value, "__Secure-") || hasPrefixFold(c.Value, "__Host-")) {
		fail("nameless cookie that looks prefixed")
	}
	if (c.SameSite == SameSiteNone || c.Partitioned) && !c.Secure {
		fail("SameSite=None or Partitioned without Secure")
	}
	if c.expired(testNow) {
		fail("expired cookie kept")
	}
}

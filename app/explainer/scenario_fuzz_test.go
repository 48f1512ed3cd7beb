package explainer

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

var fuzzScenarioURLs = []string{
	"https://a.test/", "https://www.a.test/x/y", "http://a.test/api", "https://b.test/api/login",
	"https://c.test/", "http://localhost:8080/p", "http://127.0.0.1/", "https://a.github.io/", "https://b.github.io/z",
}

var fuzzScenarioLines = []string{
	"a=1", "s=1; SameSite=Strict", "l=1; SameSite=Lax; Path=/api", "n=1; SameSite=None; Secure",
	"p=1; SameSite=None; Secure; Partitioned", "d=1; Domain=a.test; Path=/x", "__Host-h=1; Secure; Path=/",
	"h=1; HttpOnly", "e=1; Max-Age=0", "=v",
}

// FuzzScenario replays three-step scenarios built from the fuzzer's lines,
// URLs, kinds, methods and credentials modes, and checks that nothing
// panics and that no request is ever said to carry a cookie whose domain
// and path do not match its URL, whose Secure flag its scheme does not
// allow, or at all when credentials are omitted.
func FuzzScenario(f *testing.F) {
	for i, l := range fuzzScenarioLines {
		f.Add(l, fuzzScenarioLines[(i+3)%len(fuzzScenarioLines)], uint8(i), uint8(i*7), uint8(i*13))
	}
	f.Fuzz(func(t *testing.T, line1, line2 string, u1, u2, mode uint8) {
		pick := func(n uint8) string { return fuzzScenarioURLs[int(n)%len(fuzzScenarioURLs)] }
		kinds := []string{api.KindNavigation, api.KindIframe, api.KindFetch}
		creds := []string{"", api.CredentialsOmit, api.CredentialsSameOrigin, api.CredentialsInclude}
		kind := kinds[int(mode)%3]
		second := api.ScenarioStep{URL: pick(u2), Kind: kind, SetCookie: []string{line2, line1}}
		if kind == api.KindFetch {
			second.Credentials = creds[int(mode/3)%4]
		} else {
			second.ScriptCookie = []string{line1}
		}
		if mode&0x40 != 0 {
			second.Method = "POST"
		}
		if mode&0x20 != 0 {
			second.Initiator = pick(u2 + 1)
		}
		req := api.ScenarioRequest{Now: "2026-03-01T12:00:00Z", Steps: []api.ScenarioStep{
			{URL: pick(u1), Kind: api.KindNavigation, SetCookie: []string{line1, line2}, ScriptCookie: []string{line2}},
			second,
			{URL: pick(u1 + u2), Kind: api.KindNavigation, Initiator: pick(u2), Method: second.Method},
		}}
		if mode&0x80 != 0 {
			req.ThirdPartyCookies = api.ThirdPartyBlocked
		}
		checkScenario(t, req)
	})
}

// FuzzDecodeScenario feeds any bytes to DecodeScenario and RunScenario: an
// error or a run, never a panic, and the same invariants.
func FuzzDecodeScenario(f *testing.F) {
	for _, p := range Presets {
		b, err := json.Marshal(p.Scenario)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"steps":[{"url":"https://a.test/","kind":"navigation","set_cookie":["a=1"]},{"url":"https://a.test/x","kind":"fetch"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeScenario(data)
		if err != nil {
			return
		}
		checkScenario(t, req)
	})
}

func checkScenario(t *testing.T, req api.ScenarioRequest) {
	t.Helper()
	run, err := RunScenario(req, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		return
	}
	if len(run.Steps) != len(req.Steps) || len(run.Response.Steps) != len(req.Steps) {
		t.Fatalf("%d steps replayed, %d answered; want %d", len(run.Steps), len(run.Response.Steps), len(req.Steps))
	}
	for i, st := range run.Steps {
		u := st.Context.URL
		host, path := strings.ToLower(u.Hostname()), u.EscapedPath()
		if path == "" {
			path = "/"
		}
		// The engine matches the canonical path, with %-escapes of
		// unreserved characters decoded, as Chromium did.
		decoded, _ := url.PathUnescape(path)
		if len(st.Request.Sent) > 0 && st.Request.Site.CredentialsOmitted {
			t.Errorf("step %d: %d cookies sent with credentials omitted", i, len(st.Request.Sent))
		}
		for _, c := range st.Request.Sent {
			domainOK := c.Domain == host || !c.HostOnly && cookierules.DomainMatch(host, c.Domain)
			if !domainOK || !cookierules.PathMatch(path, c.Path) && !cookierules.PathMatch(decoded, c.Path) {
				t.Errorf("step %d: cookie %q (%s%s, host-only %v) sent to %s", i, c.Name, c.Domain, c.Path, c.HostOnly, u)
			}
			if c.Secure && !cookierules.IsSecureOrigin(u) {
				t.Errorf("step %d: Secure cookie %q sent to %s", i, c.Name, u)
			}
		}
		if got := len(st.Request.Sent) + len(st.Request.Withheld); i > 0 && got != len(run.Steps[i-1].Jar) {
			t.Errorf("step %d: %d sent + withheld; the jar held %d", i, got, len(run.Steps[i-1].Jar))
		}
		if len(st.Verdicts) != len(req.Steps[i].SetCookie)+len(req.Steps[i].ScriptCookie) {
			t.Errorf("step %d: %d verdicts for %d lines", i, len(st.Verdicts), len(req.Steps[i].SetCookie)+len(req.Steps[i].ScriptCookie))
		}
	}
}

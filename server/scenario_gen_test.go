package server_test

// Scenarios generated from a seed for the scenario replay: contexts (a typed
// navigation, a link, a form POST, an iframe, a fetch with each credentials
// mode, from the top-level page or from a frame of another site) × cookie
// attributes × sites (https a.test, sub.a.test, b.test, c.test and http
// a.test), with third-party cookies allowed or blocked. Every scenario is one
// that can be performed in a real browser: no POST typed in the address bar,
// no http subresource in an https page (mixed content).

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// genSite is a site of the generated scenarios.
type genSite struct {
	host   string
	secure bool
}

// genSites: a.test weighs most, so that cookies meet again.
var genSites = []genSite{
	{"a.test", true}, {"a.test", true}, {"sub.a.test", true},
	{"b.test", true}, {"b.test", true}, {"c.test", true},
	{"a.test", false},
}

// originFunc returns the origin of a site, with its port.
type originFunc func(host string, secure bool) string

// generatedScenario is a scenario and its name ("seed 7 #12").
type generatedScenario struct {
	id  string
	req api.ScenarioRequest
}

// generateScenarios returns n scenarios from seed.
func generateScenarios(seed uint64, n int, origin originFunc) []generatedScenario {
	r := rand.New(rand.NewPCG(seed, 0x5ce7a710))
	out := make([]generatedScenario, n)
	for i := range out {
		out[i] = generatedScenario{id: fmt.Sprintf("seed %d #%d", seed, i), req: genScenario(r, origin)}
	}
	return out
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func genScenario(r *rand.Rand, origin originFunc) api.ScenarioRequest {
	req := api.ScenarioRequest{ThirdPartyCookies: pick(r, api.ThirdPartyAllowed, api.ThirdPartyBlocked)}
	n := 2 + r.IntN(3)
	for i := range n {
		st := genStep(r, origin)
		if i == 0 || r.IntN(2) == 0 {
			for range 1 + r.IntN(3) {
				st.SetCookie = append(st.SetCookie, genLine(r, st.URL, false))
			}
		}
		if st.Kind != api.KindFetch && r.IntN(4) == 0 {
			st.ScriptCookie = append(st.ScriptCookie, genLine(r, st.URL, true))
		}
		req.Steps = append(req.Steps, st)
	}
	return req
}

var genPaths = []string{"/s", "/p/s", "/q/s"}

func genStep(r *rand.Rand, origin originFunc) api.ScenarioStep {
	site := pick(r, genSites...)
	var st api.ScenarioStep
	switch k := r.IntN(20); {
	case k < 8:
		st.Kind = api.KindNavigation
		st.URL = origin(site.host, site.secure) + pick(r, genPaths...)
		if r.IntN(2) == 0 {
			ini := pick(r, genSites...)
			st.Initiator = origin(ini.host, ini.secure)
			// A form from https to http stops at Chromium's "form is not
			// secure" warning.
			if r.IntN(3) == 0 && !(ini.secure && !site.secure) {
				st.Method = "POST"
			}
		}
		return st
	case k < 13:
		st.Kind = api.KindIframe
	default:
		st.Kind = api.KindFetch
		st.Credentials = pick(r, api.CredentialsOmit, api.CredentialsSameOrigin, api.CredentialsInclude)
		if r.IntN(4) == 0 {
			st.Method = "POST"
		}
	}
	top := pick(r, genSites...)
	st.TopLevelURL = origin(top.host, top.secure) + "/top"
	doc := top // the document that makes the request
	if r.IntN(4) == 0 {
		// A document of another origin, in a frame of the top-level page;
		// no http frame in an https page (mixed content).
		doc = pick(r, genSites...)
		for top.secure && !doc.secure {
			doc = pick(r, genSites...)
		}
		st.Initiator = origin(doc.host, doc.secure)
	}
	// No http subresource or frame in an https document.
	for doc.secure && !site.secure {
		site = pick(r, genSites...)
	}
	st.URL = origin(site.host, site.secure) + pick(r, genPaths...)
	return st
}

var genNames = []string{"a", "b", "c", "d"}

// genLine returns a Set-Cookie line (or a document.cookie string) for a
// response from (or a page at) u.
func genLine(r *rand.Rand, u string, script bool) string {
	name := pick(r, genNames...)
	switch r.IntN(10) {
	case 0:
		name = "__Host-" + name
	case 1:
		name = "__Secure-" + name
	}
	parts := []string{fmt.Sprintf("%s=v%d", name, r.IntN(100))}
	if r.IntN(5) < 3 {
		parts = append(parts, pick(r, "SameSite=Strict", "SameSite=Lax", "SameSite=None"))
	}
	if r.IntN(20) < 13 {
		parts = append(parts, "Secure")
	}
	if !script && r.IntN(7) == 0 {
		parts = append(parts, "HttpOnly")
	}
	if r.IntN(5) == 0 {
		parts = append(parts, "Partitioned")
	}
	switch r.IntN(5) {
	case 0, 1:
		parts = append(parts, "Path=/")
	case 2:
		parts = append(parts, "Path=/p")
	}
	if r.IntN(5) == 0 {
		host := strings.Split(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), ":")[0]
		parts = append(parts, "Domain="+strings.TrimPrefix(host, "sub."))
	}
	if r.IntN(20) == 0 {
		parts = append(parts, "Max-Age=0")
	}
	return strings.Join(parts, "; ")
}

// TestGeneratedScenariosAreValid checks that the engine accepts every
// generated scenario as POST /api/scenario would, and that a page can make
// every step's request.
func TestGeneratedScenariosAreValid(t *testing.T) {
	origin := func(host string, secure bool) string {
		if secure {
			return "https://" + host + ":8443"
		}
		return "http://" + host + ":8080"
	}
	for _, g := range generateScenarios(1, 500, origin) {
		run, err := explainer.RunScenario(g.req, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Errorf("%s: %v", g.id, err)
			continue
		}
		for i, st := range run.Steps {
			if err := performable(st.Context); err != nil {
				t.Errorf("%s step %d: %v", g.id, i, err)
			}
		}
	}
}

package explainer

import (
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Preset is a classic "why was my cookie not sent?" question as a scenario,
// which the /explain page offers and the Chromium replay checks.
type Preset struct {
	ID       string // the page's preset key, e.g. "fetch"
	Question string
	Scenario api.ScenarioRequest
}

// nav, iframe and fetch build the steps of the presets.
func nav(url string, lines ...string) api.ScenarioStep {
	return api.ScenarioStep{URL: url, Kind: api.KindNavigation, SetCookie: lines}
}

func link(from, url string) api.ScenarioStep {
	return api.ScenarioStep{URL: url, Kind: api.KindNavigation, Initiator: from}
}

func iframe(top, url string, lines ...string) api.ScenarioStep {
	return api.ScenarioStep{URL: url, Kind: api.KindIframe, TopLevelURL: top, SetCookie: lines}
}

func fetch(top, url, credentials string, lines ...string) api.ScenarioStep {
	return api.ScenarioStep{URL: url, Kind: api.KindFetch, TopLevelURL: top, Credentials: credentials, SetCookie: lines}
}

func steps(s ...api.ScenarioStep) api.ScenarioRequest { return api.ScenarioRequest{Steps: s} }

// Presets are the classic questions, in the order the page lists them.
var Presets = []Preset{
	{"fetch", "My cookie isn't sent by fetch", steps(
		nav("https://api.b.test/login", "session=1; Secure; HttpOnly"),
		nav("https://a.test/"),
		fetch("https://a.test/", "https://api.b.test/me", api.CredentialsSameOrigin),
		fetch("https://a.test/", "https://api.b.test/me", api.CredentialsInclude),
		nav("https://api.b.test/login", "session=2; Secure; HttpOnly; SameSite=None"),
		fetch("https://a.test/", "https://api.b.test/me", api.CredentialsInclude),
	)},
	{"samesite-none-insecure", "SameSite=None without Secure", steps(
		nav("https://b.test/", "widget=1; SameSite=None", "widget_ok=1; SameSite=None; Secure"),
		iframe("https://a.test/", "https://b.test/embed"),
	)},
	{"iframe-login", "My login cookie is gone inside an iframe", steps(
		nav("https://b.test/login", "session=1; Secure; HttpOnly; Path=/"),
		nav("https://b.test/dashboard"),
		iframe("https://a.test/", "https://b.test/dashboard"),
	)},
	{"domain-localhost", "Domain=localhost", steps(
		nav("http://app.localhost:8000/", "a=1; Domain=localhost"),
		nav("http://localhost:8000/", "b=1; Domain=localhost"),
		nav("http://app.localhost:8000/"),
		nav("http://127.0.0.1:8000/"),
	)},
	{"api-login-path", "Set by /api/login but not sent to /", steps(
		nav("https://a.test/"),
		fetch("https://a.test/", "https://a.test/api/login", api.CredentialsSameOrigin, "session=1; Secure; HttpOnly"),
		nav("https://a.test/"),
		fetch("https://a.test/", "https://a.test/api/me", api.CredentialsSameOrigin),
	)},
	{"httponly", "HttpOnly: set, but the script can't see it", steps(
		api.ScenarioStep{URL: "https://a.test/", Kind: api.KindNavigation,
			SetCookie: []string{"session=1; Secure; HttpOnly"}, ScriptCookie: []string{"session=2", "theme=dark"}},
		nav("https://a.test/"),
	)},
	{"third-party-blocked", "Third-party cookies blocked", api.ScenarioRequest{ThirdPartyCookies: api.ThirdPartyBlocked, Steps: []api.ScenarioStep{
		nav("https://b.test/", "id=1; Secure; SameSite=None"),
		iframe("https://a.test/", "https://b.test/widget", "id=2; Secure; SameSite=None"),
		link("https://a.test/", "https://b.test/"),
	}}},
	{"chips", "CHIPS: partitioned per top-level site", api.ScenarioRequest{ThirdPartyCookies: api.ThirdPartyBlocked, Steps: []api.ScenarioStep{
		nav("https://a.test/"),
		iframe("https://a.test/", "https://b.test/chat", "chat=a; Secure; SameSite=None; Partitioned"),
		nav("https://c.test/"),
		iframe("https://c.test/", "https://b.test/chat"),
		nav("https://a.test/"),
		iframe("https://a.test/", "https://b.test/chat"),
	}}},
	{"delete-wrong-path", "Delete didn't work (wrong Path)", steps(
		nav("https://a.test/account/login", "theme=dark"),
		nav("https://a.test/logout", "theme=; Max-Age=0"),
		nav("https://a.test/account/settings"),
		nav("https://a.test/account/logout", "theme=; Max-Age=0"),
		nav("https://a.test/account/settings"),
	)},
	{"too-big", "Cookie too big", steps(
		nav("https://a.test/", "big="+strings.Repeat("x", 4094), "fits="+strings.Repeat("x", 4092)),
		nav("https://a.test/"),
	)},
}

// PresetByID returns the preset with the given ID.
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}

package api

// The request explainer: POST /api/scenario replays an ordered list of
// requests, each in its context (top-level page, initiator, kind, method,
// credentials), on one empty cookie jar, and says for every request which
// cookies it carried and why the others stayed home. The /explain page runs
// the same scenarios in the wasm (app/explainer).

// ScenarioPath is the route of the scenario API.
const ScenarioPath = "/api/scenario"

// Limits of the scenario API.
const (
	// MaxScenarioSteps caps the steps of one scenario.
	MaxScenarioSteps = 100
	// MaxScenarioBodyBytes caps the body of POST /api/scenario, larger than
	// MaxBodyBytes so that 100 steps with their lines fit.
	MaxScenarioBodyBytes = 256 << 10
)

// Values of ScenarioStep.Kind.
const (
	KindNavigation = "navigation" // a top-level navigation: typed URL, link, form
	KindIframe     = "iframe"     // a frame's navigation, inside the top-level page
	KindFetch      = "fetch"      // a subresource: fetch, XHR, img, script
)

// Values of ScenarioStep.Credentials.
const (
	CredentialsOmit       = "omit"
	CredentialsSameOrigin = "same-origin"
	CredentialsInclude    = "include"
)

// Rules of the scenario API, named by ErrorResponse.Rule.
const (
	RuleNavigationTopLevel = "navigation-top-level" // a navigation's top-level URL is its own URL
	RuleFetchOnly          = "fetch-only"           // only a fetch has a credentials mode
	RulePageOnly           = "page-only"            // only a page (a navigation or an iframe) writes document.cookie
)

// Values of ScenarioRequest.ThirdPartyCookies.
const (
	ThirdPartyAllowed = "allowed"
	ThirdPartyBlocked = "blocked"
)

// ScenarioRequest is the body of POST /api/scenario. Now, in RFC 3339,
// defaults to the server's clock; ThirdPartyCookies to "allowed".
type ScenarioRequest struct {
	Now               string         `json:"now,omitempty"`
	ThirdPartyCookies string         `json:"third_party_cookies,omitempty"`
	Steps             []ScenarioStep `json:"steps"`
}

// ScenarioStep is one request and its response. TopLevelURL defaults to
// URL for a navigation (and must then be URL); Initiator (an origin) to
// none, a browser-initiated request, for a navigation, and to the top-level
// page's origin for an iframe or a fetch; Method to GET; Credentials to
// "same-origin" (a fetch's; navigations and iframes always send cookies).
// SetCookie holds the response's Set-Cookie lines, ScriptCookie the
// document.cookie writes of the page loaded at URL (a navigation or an
// iframe), applied after them.
type ScenarioStep struct {
	URL          string   `json:"url"`
	TopLevelURL  string   `json:"top_level_url,omitempty"`
	Initiator    string   `json:"initiator,omitempty"`
	Kind         string   `json:"kind"`
	Method       string   `json:"method,omitempty"`
	Credentials  string   `json:"credentials,omitempty"`
	SetCookie    []string `json:"set_cookie,omitempty"`
	ScriptCookie []string `json:"script_cookie,omitempty"`
}

// ScenarioResponse is the answer of POST /api/scenario: one result per step,
// in order.
type ScenarioResponse struct {
	Steps []ScenarioStepResult `json:"steps"`
}

// ScenarioStepResult is what one step's request carried, computed before
// its response's lines apply, and one result per set_cookie line then per
// script_cookie line.
type ScenarioStepResult struct {
	CookieHeader string             `json:"cookie_header"`
	Sent         []ScenarioCookie   `json:"sent"`
	Withheld     []ScenarioWithheld `json:"withheld"`
	Results      []ExplainResult    `json:"results"`
}

// ScenarioCookie names a cookie of the jar.
type ScenarioCookie struct {
	Name   string `json:"name"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
}

// ScenarioWithheld is a cookie of the jar the request did not carry: Reason
// is Chromium's DevTools CookieBlockedReason name (or one of ours, listed in
// README.md), Rule the RFC 6265bis section that decided.
type ScenarioWithheld struct {
	Name        string `json:"name"`
	Domain      string `json:"domain"`
	Path        string `json:"path"`
	Reason      string `json:"reason"`
	Rule        string `json:"rule"`
	Explanation string `json:"explanation"`
}

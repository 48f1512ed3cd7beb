package api

// The recorded-session explainer: a HAR file (HTTP Archive 1.2, as Chromium
// and Firefox export it) is replayed through the rules engine entry by entry,
// each request in the context recorded with it, and the Cookie header the
// rules predict is set beside the one the browser recorded. The /explain page
// does it in the wasm (the file never leaves the browser); `cookieplay har`
// does it on the command line, with HARReport as its -json output.

// MaxHARBytes caps the size of a HAR file, in the page and on the command
// line: 50 MB.
const MaxHARBytes = 50 << 20

// Values of HAREntry.Status.
const (
	HARAgrees    = "agrees"     // the recorded Cookie header is what the rules predict
	HARDiffers   = "differs"    // it is not: Differences says how and why
	HARNotJudged = "not-judged" // the recording does not say enough: NotJudged says why
)

// HARReport is every entry of a HAR explained, and a summary. It is what
// `cookieplay har -json` prints.
type HARReport struct {
	Entries []HAREntry `json:"entries"`
	Summary HARSummary `json:"summary"`
}

// HAREntry is one request of the recording. Agrees is true when the status
// is HARAgrees. PredictedCookieHeader holds the cookies the recording set
// (through Set-Cookie) that the rules send; RecordedCookieHeader is the Cookie
// header as recorded, and NotFromRecording names the cookies in it that no
// recorded Set-Cookie line made (set before the recording, or by a script),
// which are not compared. Withheld lists the cookies of the request's site
// the rules keep home; SetCookie holds the verdict on each Set-Cookie line of
// the response.
type HAREntry struct {
	Index                 int                `json:"index"`
	URL                   string             `json:"url"`
	Method                string             `json:"method"`
	Status                string             `json:"status"`
	Context               HARContext         `json:"context"`
	PredictedCookieHeader string             `json:"predicted_cookie_header"`
	RecordedCookieHeader  string             `json:"recorded_cookie_header"`
	Agrees                bool               `json:"agrees"`
	NotJudged             string             `json:"not_judged,omitempty"`
	Differences           []HARDifference    `json:"differences"`
	NotFromRecording      []string           `json:"not_from_recording"`
	Withheld              []ScenarioWithheld `json:"withheld"`
	SetCookie             []ExplainResult    `json:"set_cookie"`
	// Notes say what was inferred and from what, where the HAR is silent.
	Notes []string `json:"notes"`
}

// HARContext is the request context the rules used, and the evidence it was
// taken from: the Sec-Fetch-* and Origin request headers, Chromium's
// _resourceType and _initiator, and the page (pages[].title).
type HARContext struct {
	Kind        string `json:"kind"` // "navigation", "iframe" or "fetch"
	TopLevelURL string `json:"top_level_url"`
	Initiator   string `json:"initiator"` // an origin; "" for a browser-initiated navigation
	Credentials string `json:"credentials,omitempty"`
	SameSite    string `json:"same_site"` // the request's same-site context, in words
	ThirdParty  bool   `json:"third_party"`

	SecFetchSite  string `json:"sec_fetch_site"`
	SecFetchMode  string `json:"sec_fetch_mode"`
	SecFetchDest  string `json:"sec_fetch_dest"`
	Origin        string `json:"origin"`
	ResourceType  string `json:"resource_type"`
	InitiatorType string `json:"initiator_type"`
	InitiatorURL  string `json:"initiator_url"`
	Page          string `json:"page"` // pages[].title of the entry's page
}

// Kinds of HARDifference.
const (
	HARSentNotPredicted = "sent-not-predicted" // the browser sent a cookie the rules withhold or never kept
	HARPredictedNotSent = "predicted-not-sent" // the rules send a cookie the browser did not
	HARValueDiffers     = "value-differs"      // both sent it, with other values
	HAROrderDiffers     = "order-differs"      // the same cookies, in another order
)

// HARDifference is one way the recorded Cookie header departs from the
// prediction, and its likely cause.
type HARDifference struct {
	Kind   string `json:"kind"`
	Cookie string `json:"cookie"` // its name
	Reason string `json:"reason,omitempty"`
	Cause  string `json:"cause"`
}

// HARSummary counts the entries by status and the Set-Cookie lines refused.
type HARSummary struct {
	Entries           int      `json:"entries"`
	Agree             int      `json:"agree"`
	Differ            int      `json:"differ"`
	NotJudged         int      `json:"not_judged"`
	SetCookieLines    int      `json:"set_cookie_lines"`
	Refused           int      `json:"refused"`
	ThirdPartyCookies string   `json:"third_party_cookies"`
	Creator           string   `json:"creator"`
	Notes             []string `json:"notes"`
}

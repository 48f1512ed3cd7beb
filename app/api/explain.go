package api

// The Set-Cookie explainer: POST /api/explain runs the cookie rules engine
// (app/cookierules) over Set-Cookie lines and explains every verdict; the
// /explain page runs the same engine in the wasm. POST /api/explain/try
// sends the lines to the browser for real, so the page can compare.

// Routes of the explainer.
const (
	ExplainPath    = "/api/explain"
	ExplainTryPath = "/api/explain/try"
)

// MaxExplainLines caps the Set-Cookie lines of one explainer request,
// counted after a header block is split: as many as one try may send.
const MaxExplainLines = MaxAsWrittenLines

// Values of ExplainRequest.From.
const (
	FromHTTP   = "http"   // a Set-Cookie header of an HTTP response
	FromScript = "script" // a document.cookie write
)

// ExplainRequest is the body of POST /api/explain. SetCookie holds the
// lines, applied in order to one empty cookie jar; a single entry holding
// line breaks is a raw response header block, whose Set-Cookie header lines
// are used. RequestURL, the URL whose Cookie header is computed, defaults to
// SetURL; Now, in RFC 3339, to the server's clock.
type ExplainRequest struct {
	SetURL     string   `json:"set_url"`
	SetCookie  []string `json:"set_cookie"`
	From       string   `json:"from"`
	RequestURL string   `json:"request_url,omitempty"`
	Now        string   `json:"now,omitempty"`
}

// ExplainResponse is the answer of POST /api/explain: one result per line,
// in order, and the Cookie header a request to the request URL would then
// carry ("" when no cookie applies).
type ExplainResponse struct {
	Results      []ExplainResult `json:"results"`
	CookieHeader string          `json:"cookie_header"`
}

// ExplainResult is the engine's verdict on one line. Reason is the
// Chromium (DevTools) name of why the line was not stored, or "Expired" for
// a cookie accepted already expired, or "" when stored; Rule the RFC 6265bis
// section that decided. Cookie is the cookie stored, or as much of it as was
// built before the line was rejected.
type ExplainResult struct {
	Line        string             `json:"line"`
	Stored      bool               `json:"stored"`
	Reason      string             `json:"reason"`
	Rule        string             `json:"rule"`
	Explanation string             `json:"explanation"`
	Replaced    bool               `json:"replaced"` // it replaced an earlier cookie of the same name, domain and path
	Deleted     bool               `json:"deleted"`  // it was already expired and deleted the cookie it replaced
	Attributes  []ExplainAttribute `json:"attributes"`
	Cookie      ExplainCookie      `json:"cookie"`
}

// ExplainAttribute is what became of one attribute of a line: Status is
// "used", "ignored" or "overridden" (by a later one of the same name), and
// Reason says why or how.
type ExplainAttribute struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Status string `json:"status"`
	Reason string `json:"reason"`
	Rule   string `json:"rule"`
}

// ExplainCookie is a cookie as the engine keeps it. Domain is the host for
// a host-only cookie; Expires is RFC 3339 in UTC, or "" for a session
// cookie; SameSite is "Strict", "Lax", "None" or "" (not set: Lax in
// Chromium).
type ExplainCookie struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Domain      string `json:"domain"`
	HostOnly    bool   `json:"host_only"`
	Path        string `json:"path"`
	Expires     string `json:"expires"`
	Secure      bool   `json:"secure"`
	HttpOnly    bool   `json:"http_only"`
	SameSite    string `json:"same_site"`
	Partitioned bool   `json:"partitioned"`
}

// ExplainTryRequest is the body of POST /api/explain/try: the lines its
// answer sends as Set-Cookie headers, exactly as given.
type ExplainTryRequest struct {
	SetCookie []string `json:"set_cookie"`
}

// ExplainTryResponse is the answer of POST /api/explain/try: how many
// Set-Cookie headers it carries.
type ExplainTryResponse struct {
	Sent int `json:"sent"`
}

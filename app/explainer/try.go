package explainer

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Observation is what a browser shows of its cookies at one moment:
// document.cookie on the /explain page, and the Cookie header a request to
// /api/cookies carries.
type Observation struct {
	DocumentCookie string
	CookieHeader   string
}

// Try paths: where the lines come from, where document.cookie is read and
// where the Cookie header is sent.
const (
	TryPagePath = "/explain"
)

// Predict returns what the engine expects a browser with no cookies to
// show after a response of origin's /api/explain/try carries lines: an HTTP
// response, so the cookies' default path is /api/explain.
func Predict(lines []string, origin *url.URL, now time.Time) Observation {
	at := func(path string) *url.URL {
		return &url.URL{Scheme: origin.Scheme, Host: origin.Host, Path: path}
	}
	jar := cookierules.NewJar()
	for _, l := range lines {
		jar.SetCookie(at(api.ExplainTryPath), l, cookierules.FromHTTP, now)
	}
	return Observation{
		DocumentCookie: jar.DocumentCookie(at(TryPagePath), now),
		CookieHeader:   jar.CookieHeader(at(api.CookiesPath), now),
	}
}

// TryRow compares, for one cookie name of the lines, the engine's
// prediction with what the browser did. Predicted and Actual read
// "<document.cookie> | <Cookie header>", each the pairs of that name in
// order or "(none)".
type TryRow struct {
	Name      string
	Predicted string
	Actual    string
	Agrees    bool
	// Before says the browser already showed a cookie of this name before
	// the try: the prediction starts from an empty jar, so an old cookie can
	// explain a difference.
	Before bool
}

// CompareTry compares, name by name in the order the lines first name
// them, the prediction with what the browser showed after the try; before
// is what it showed just before.
func CompareTry(lines []string, predicted, before, after Observation) []TryRow {
	var names []string
	for _, l := range lines {
		if n := LineName(l); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	rows := make([]TryRow, 0, len(names))
	for _, n := range names {
		r := TryRow{Name: n, Predicted: pairsOf(n, predicted), Actual: pairsOf(n, after)}
		r.Agrees = r.Predicted == r.Actual
		r.Before = pairsOf(n, before) != none+" | "+none
		rows = append(rows, r)
	}
	return rows
}

// LineName returns the cookie name a Set-Cookie line sets, as §5.6 reads
// it: the text before the first '=' of the part before the first ';',
// trimmed; "" (a nameless cookie) when there is no '='.
func LineName(line string) string {
	nv, _, _ := strings.Cut(line, ";")
	name, _, ok := strings.Cut(nv, "=")
	if !ok {
		return ""
	}
	return strings.Trim(name, " \t")
}

const none = "(none)"

func pairsOf(name string, o Observation) string {
	return pairs(name, o.DocumentCookie) + " | " + pairs(name, o.CookieHeader)
}

func pairs(name, cookies string) string {
	var out []string
	for _, p := range api.ParseCookieString(cookies) {
		if p.Name != name {
			continue
		}
		if p.Name == "" {
			out = append(out, p.Value)
		} else {
			out = append(out, p.Name+"="+p.Value)
		}
	}
	if len(out) == 0 {
		return none
	}
	return strings.Join(out, "; ")
}

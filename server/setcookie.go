package server

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// requestURL returns the URL a browser sent r to, which is what the rules
// engine judges a Set-Cookie line against: https when the connection is TLS,
// the Host header, the path.
func requestURL(r *http.Request) *url.URL {
	return &url.URL{Scheme: requestScheme(r), Host: r.Host, Path: r.URL.Path}
}

// addSetCookie appends line to the response's Set-Cookie headers. It
// bypasses http.SetCookie, which drops a cookie it dislikes without a
// word: lines come from fixed parts (the tutorial, the login) or from
// buildSetCookie and buildDeleteCookie, which ask the engine.
func addSetCookie(w http.ResponseWriter, line cookierules.Line) {
	w.Header().Add("Set-Cookie", line.String())
}

// addAsWritten appends lines sent on purpose as written (the lab, the
// explainer's try) to the response's Set-Cookie headers.
func addAsWritten(w http.ResponseWriter, lines api.AsWrittenLines) {
	for _, l := range lines.Lines() {
		w.Header().Add("Set-Cookie", l)
	}
}

// buildSetCookie returns the line that sets the cookie req asks for, sent to
// a browser at u at now: requestLine, then checkStored. Every cookie rule is
// the engine's, so nothing the API accepts is dropped or altered silently.
// Its errors are *api.FieldError.
func buildSetCookie(req api.SetCookieRequest, u *url.URL, now time.Time) (cookierules.Line, error) {
	line, err := requestLine(req, now)
	if err != nil {
		return cookierules.Line{}, err
	}
	if _, err := checkStored(line, u, now); err != nil {
		return cookierules.Line{}, err
	}
	return line, nil
}

// requestLine applies the API's own rules to req and returns the line it
// asks for: a name is a token, a value has no white space around it, an
// empty path means "/" (the browser's default path for /api/cookies would
// be /api, which surprises everyone), expires is an RFC 3339 time (now
// only shows an example).
func requestLine(req api.SetCookieRequest, now time.Time) (cookierules.Line, error) {
	if err := checkName(req.Name); err != nil {
		return cookierules.Line{}, err
	}
	if err := checkWhiteSpace(req); err != nil {
		return cookierules.Line{}, err
	}
	line := cookierules.Line{
		Name: req.Name, Value: req.Value, Path: cmp.Or(req.Path, "/"), Domain: req.Domain,
		HttpOnly: req.HttpOnly, Secure: req.Secure, SameSite: canonicalSameSite(req.SameSite), Partitioned: req.Partitioned,
	}
	if req.MaxAge != nil {
		line.HasMaxAge, line.MaxAge = true, int64(*req.MaxAge)
	}
	if req.Expires != "" {
		t, err := time.Parse(time.RFC3339, req.Expires)
		if err != nil {
			return cookierules.Line{}, api.BadField("expires", api.RuleRFC3339, "must be an RFC 3339 time such as %q", now.UTC().Add(time.Hour).Format(time.RFC3339))
		}
		line.Expires = t.Truncate(time.Second) // a cookie-date has no fractions
	}
	return line, nil
}

// buildDeleteCookie returns the line that expires the cookie name at path
// ("" for "/") and domain, sent to a browser at u (deletionLine). A
// deletion must itself meet the rules of a name prefix, or the browser
// ignores it: where the engine says the prefix needs Secure or HttpOnly, the
// line carries it.
func buildDeleteCookie(name, path, domain string, u *url.URL, now time.Time) (cookierules.Line, error) {
	if err := checkDeletableName(name); err != nil {
		return cookierules.Line{}, err
	}
	if err := checkWhiteSpace(api.SetCookieRequest{Path: path, Domain: domain}); err != nil {
		return cookierules.Line{}, err
	}
	line := deletionLine(name, cmp.Or(path, "/"), domain)
	for {
		v, err := checkStored(line, u, now)
		switch {
		case err == nil:
			return line, nil
		case v.Reason == cookierules.ReasonInvalidPrefix && v.Attribute == "Secure" && !line.Secure:
			line.Secure = true
		case v.Reason == cookierules.ReasonInvalidPrefix && v.Attribute == "HttpOnly" && !line.HttpOnly:
			line.HttpOnly = true
		default:
			return cookierules.Line{}, err
		}
	}
}

// deletionLine returns the line that expires the cookie name at path and
// domain: its identity with an Expires in the past and Max-Age=0 (RFC
// 6265bis §3.1), as go-httpbin sends both.
func deletionLine(name, path, domain string) cookierules.Line {
	return cookierules.Line{Name: name, Path: path, Domain: domain, Expires: cookierules.EarliestTime, HasMaxAge: true}
}

// checkName applies the API's rule for a cookie name: a non-empty token
// (RFC 6265bis §4.1.1, RFC 9110 §5.6.2), so it can neither end the pair
// nor the header.
func checkName(name string) error {
	if name == "" {
		return api.BadField("name", api.RuleToken, "must not be empty: a cookie name is a token (RFC 6265bis §4.1.1)")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return api.BadField("name", api.RuleToken, "must be a token: %q is not allowed (RFC 9110 §5.6.2)", name[i])
		}
	}
	return nil
}

// checkDeletableName applies the API's rule for the name of a cookie to
// expire. A script may have set a name that is not a token ("my cookie",
// "a/b"): browsers keep any name a line can carry (RFC 6265bis §5.6), so the
// deletion takes any such name, and checkStored then asks the engine
// whether a browser reads the line back as that cookie. Control characters
// (CR, LF, NUL) cannot travel in a header at all.
func checkDeletableName(name string) error {
	if name == "" {
		return api.BadField("name", api.RuleToken, "must not be empty: a cookie name is a token (RFC 6265bis §4.1.1)")
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] == 0x7f {
			return api.BadField("name", api.RuleHeaderSafe, "must not hold the control character %q: it cannot travel in a header", name[i])
		}
	}
	if strings.ContainsAny(name, ";=") || strings.TrimSpace(name) != name {
		return api.BadField("name", api.RuleToken, "no browser holds a cookie named %q: \";\" and \"=\" end a name, and white space around it is dropped (RFC 6265bis §5.6)", name)
	}
	return nil
}

// isTokenByte reports whether b is a tchar (RFC 9110 §5.6.2).
func isTokenByte(b byte) bool {
	return b > 0x20 && b < 0x7f && !strings.ContainsRune("\"(),/:;<=>?@[\\]{}", rune(b))
}

// checkWhiteSpace applies the API's white-space rule: no white space around
// a value, which browsers strip, and no tab in any field. RFC 6265bis and the
// engine allow a tab inside a line, but Chromium drops such a line (a known
// difference; see the README), so the API refuses it rather than send a
// cookie that would vanish.
func checkWhiteSpace(req api.SetCookieRequest) error {
	if strings.TrimSpace(req.Value) != req.Value {
		return api.BadField("value", api.RuleWhiteSpace, "leading or trailing white space is stripped by browsers (RFC 6265bis §5.6)")
	}
	for _, f := range []struct{ name, value string }{
		{"value", req.Value}, {"path", req.Path}, {"domain", req.Domain}, {"same_site", req.SameSite},
	} {
		if i := strings.IndexByte(f.value, '\t'); i >= 0 {
			return api.BadField(f.name, api.RuleWhiteSpace, "a tab at byte %d makes Chromium drop the line, though RFC 6265bis allows it", i)
		}
	}
	return nil
}

// canonicalSameSite spells a SameSite value the engine knows as the RFC
// does; any other value is left for the engine to judge.
func canonicalSameSite(s string) string {
	for _, v := range []string{cookierules.SameSiteStrict, cookierules.SameSiteLax, cookierules.SameSiteNone} {
		if strings.EqualFold(s, v) {
			return v
		}
	}
	return s
}

// checkStored asks the rules engine what a browser at u does with line at
// now, and returns its verdict and, unless the browser stores the cookie as
// written (or, for a line already expired, deletes it), an error naming the
// field and the engine's rule: the line is dropped, or read otherwise than
// written, or one of its attributes is ignored.
func checkStored(line cookierules.Line, u *url.URL, now time.Time) (cookierules.Verdict, error) {
	text := line.String()
	p, err := cookierules.Parse(text)
	if pe, ok := errors.AsType[*cookierules.ParseError](err); ok {
		attr := ""
		if pe.Reason == cookierules.ReasonDisallowedCharacter {
			attr = line.AttributeAt(pe.Index)
		}
		v := cookierules.Verdict{Line: text, Reason: pe.Reason, Rule: pe.Rule, Explanation: pe.Explanation, Attribute: attr}
		return v, dropped(v)
	}
	if p.Name != line.Name || p.Value != line.Value {
		return cookierules.Verdict{}, api.BadField("value", "§5.6", "browsers read the pair as %q=%q (RFC 6265bis §5.6): a \";\" ends the value", p.Name, p.Value)
	}
	written := line.Attributes()
	for i, a := range p.Attributes {
		switch {
		case i >= len(written) || a.Name != written[i].Name || a.Value != written[i].Value:
			w := cookierules.Attribute{} // the pair's value, if no attribute is left
			if len(written) > 0 {
				w = written[min(i, len(written)-1)]
			}
			return cookierules.Verdict{}, api.BadField(attributeField(w.Name), "§5.6", "browsers read %s=%q as %s=%q (RFC 6265bis §5.6): a \";\" ends an attribute", w.Name, w.Value, a.Name, a.Value)
		case a.Status == cookierules.StatusIgnored:
			return cookierules.Verdict{}, ignored(a)
		}
	}
	switch {
	case !line.Expires.IsZero() && !p.Expires.Equal(line.Expires):
		a := p.Attributes[attributeIndex(p.Attributes, "Expires")]
		return cookierules.Verdict{}, api.BadField("expires", a.Rule, "browsers read Expires=%q as %s (%s, with §5.1.1)", a.Value, p.Expires.UTC().Format(time.RFC3339), cite(a.Rule))
	case p.SameSite != line.SameSite:
		return cookierules.Verdict{}, ignored(p.Attributes[attributeIndex(p.Attributes, "SameSite")])
	}
	v := cookierules.NewJar().SetCookie(u, text, cookierules.FromHTTP, now)
	switch {
	case !v.Stored && v.Reason != cookierules.ReasonExpired:
		return v, dropped(v)
	case line.Path != "" && v.Cookie.Path != line.Path: // stored, or deleting, at another path
		return v, ignored(v.Attributes[attributeIndex(v.Attributes, "Path")])
	}
	return v, nil
}

// dropped returns the error for a line a browser ignores entirely.
func dropped(v cookierules.Verdict) error {
	field := attributeField(v.Attribute)
	if v.Attribute == "" && v.Reason != cookierules.ReasonNameValuePairExceedsMaxSize && v.Reason != cookierules.ReasonDisallowedCharacter {
		field = "host" // the URL itself cannot carry cookies (§5.7 step 1)
	}
	return api.BadField(field, v.Rule, "browsers drop this cookie (%s, %s): %s", v.Reason, cite(v.Rule), v.Explanation)
}

// ignored returns the error for an attribute a browser ignores or reads
// otherwise than written.
func ignored(a cookierules.Attribute) error {
	return api.BadField(attributeField(a.Name), a.Rule, "browsers ignore %s=%q (%s): %s", a.Name, a.Value, cite(a.Rule), a.Reason)
}

// attributeIndex returns the index of the last attribute called name.
func attributeIndex(as []cookierules.Attribute, name string) int {
	for i := len(as) - 1; i >= 0; i-- {
		if strings.EqualFold(as[i].Name, name) {
			return i
		}
	}
	return -1
}

// attributeField returns the JSON field of api.SetCookieRequest that writes
// the attribute name; "value" for the name-value pair ("").
func attributeField(name string) string {
	switch name {
	case "":
		return "value"
	case "Max-Age":
		return "max_age"
	case "HttpOnly":
		return "http_only"
	case "SameSite":
		return "same_site"
	}
	return strings.ToLower(name)
}

// cite returns how an error message cites a rule of the engine: its RFC
// 6265bis section, or the draft it names.
func cite(rule string) string {
	if strings.HasPrefix(rule, "§") {
		return "RFC 6265bis " + rule
	}
	return rule
}

// Package explainer runs the cookie rules engine (app/cookierules) over the
// explainer's requests and describes every verdict in the JSON API's terms.
// The server's POST /api/explain and the wasm's /explain page both use it,
// so the page explains offline exactly what the API would answer.
package explainer

import (
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// setCookiePrefix is the header name that starts a Set-Cookie header line.
const setCookiePrefix = "set-cookie:"

// Entries turns the text of a form (one Set-Cookie line per line, or a
// pasted response header block) into the set_cookie entries of an
// api.ExplainRequest: the whole text as one entry, a header block, when any
// line is a "Set-Cookie:" header line (with a line break, so that Lines
// reads it as a block even when it is a single header line), else each
// non-empty line.
func Entries(text string) []string {
	lines := splitLines(text)
	for _, l := range lines {
		if isSetCookieHeader(l) {
			if !strings.Contains(text, "\n") {
				text += "\n"
			}
			return []string{text}
		}
	}
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitLines splits text at LF, dropping the CR of a CRLF.
func splitLines(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

func isSetCookieHeader(line string) bool {
	l := strings.TrimLeft(line, " \t")
	return len(l) >= len(setCookiePrefix) && strings.EqualFold(l[:len(setCookiePrefix)], setCookiePrefix)
}

// Lines returns the Set-Cookie lines of the set_cookie entries: the entries
// themselves or, when there is a single entry holding a line break, the
// values of the "Set-Cookie:" header lines (the name matched
// case-insensitively) of that raw header block, every other line skipped.
// There must be 1 to api.MaxExplainLines lines.
func Lines(entries []string) ([]string, error) {
	lines := entries
	if len(entries) == 1 && strings.ContainsAny(entries[0], "\n") {
		lines = nil
		for _, l := range splitLines(entries[0]) {
			if isSetCookieHeader(l) {
				l = strings.TrimLeft(l, " \t")[len(setCookiePrefix):]
				lines = append(lines, strings.Trim(l, " \t")) // the field value's OWS (RFC 9110 §5.5)
			}
		}
		if len(lines) == 0 {
			return nil, api.BadField("set_cookie", api.RuleRequired, "the header block holds no Set-Cookie header line")
		}
	}
	switch {
	case len(lines) == 0:
		return nil, api.BadField("set_cookie", api.RuleRequired, "must hold at least one line")
	case len(lines) > api.MaxExplainLines:
		return nil, api.BadField("set_cookie", api.RuleLimit, "%d lines is more than %d", len(lines), api.MaxExplainLines)
	}
	return lines, nil
}

// ParseURL parses the value of field as an absolute http or https URL with
// a host.
func ParseURL(field, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, api.BadField(field, api.RuleRequired, "must not be empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, api.BadField(field, api.RuleURL, "is not a URL: %v", unwrapURLError(err))
	}
	if s := strings.ToLower(u.Scheme); (s != "http" && s != "https") || u.Opaque != "" {
		return nil, api.BadField(field, api.RuleURL, "must be an absolute http or https URL, such as https://example.com/")
	}
	if u.Hostname() == "" {
		return nil, api.BadField(field, api.RuleURL, "must name a host")
	}
	return u, nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// Source returns the engine's source for an api.ExplainRequest From value.
func Source(from string) (cookierules.Source, error) {
	switch from {
	case api.FromHTTP:
		return cookierules.FromHTTP, nil
	case api.FromScript:
		return cookierules.FromScript, nil
	}
	return 0, api.BadField("from", api.RuleOneOf, "must be %q or %q", api.FromHTTP, api.FromScript)
}

// Explain applies the lines of req in order to one empty cookie jar, as
// received from req.SetURL at now (or req.Now), and returns every verdict
// and the Cookie header for req.RequestURL (or req.SetURL). Its errors are
// *api.FieldError.
func Explain(req api.ExplainRequest, now time.Time) (api.ExplainResponse, error) {
	setURL, err := ParseURL("set_url", req.SetURL)
	if err != nil {
		return api.ExplainResponse{}, err
	}
	lines, err := Lines(req.SetCookie)
	if err != nil {
		return api.ExplainResponse{}, err
	}
	src, err := Source(req.From)
	if err != nil {
		return api.ExplainResponse{}, err
	}
	reqURL := setURL
	if req.RequestURL != "" {
		if reqURL, err = ParseURL("request_url", req.RequestURL); err != nil {
			return api.ExplainResponse{}, err
		}
	}
	if req.Now != "" {
		if now, err = time.Parse(time.RFC3339, req.Now); err != nil {
			return api.ExplainResponse{}, api.BadField("now", api.RuleRFC3339, "must be an RFC 3339 time, such as 2026-01-02T15:04:05Z")
		}
	}
	jar := cookierules.NewJar()
	resp := api.ExplainResponse{Results: make([]api.ExplainResult, 0, len(lines))}
	for _, line := range lines {
		resp.Results = append(resp.Results, Result(jar.SetCookie(setURL, line, src, now)))
	}
	resp.CookieHeader = jar.CookieHeader(reqURL, now)
	return resp, nil
}

// Result describes a verdict of the engine in the API's terms.
func Result(v cookierules.Verdict) api.ExplainResult {
	attrs := make([]api.ExplainAttribute, 0, len(v.Attributes))
	for _, a := range v.Attributes {
		attrs = append(attrs, api.ExplainAttribute{Name: a.Name, Value: a.Value, Status: a.Status, Reason: a.Reason, Rule: a.Rule})
	}
	c := v.Cookie
	expires := ""
	if c.Persistent {
		expires = c.Expires.UTC().Format(time.RFC3339)
	}
	return api.ExplainResult{
		Line: v.Line, Stored: v.Stored, Reason: v.Reason, Rule: v.Rule, Explanation: v.Explanation,
		Replaced: v.Replaced, Deleted: v.Deleted, Attributes: attrs,
		Cookie: api.ExplainCookie{
			Name: c.Name, Value: c.Value, Domain: c.Domain, HostOnly: c.HostOnly, Path: c.Path,
			Expires: expires, Secure: c.Secure, HttpOnly: c.HttpOnly, SameSite: c.SameSite,
			Partitioned: c.Partitioned,
		},
	}
}

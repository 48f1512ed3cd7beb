package explainer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// ScenarioRun is a scenario replayed: the answer of POST /api/scenario, and
// for each step what the engine saw and the jar it left, which the /explain
// page shows.
type ScenarioRun struct {
	Response api.ScenarioResponse
	Steps    []RunStep
}

// RunStep is one step of a ScenarioRun.
type RunStep struct {
	Context  cookierules.RequestContext
	Request  cookierules.RequestVerdict // computed before the response's lines apply
	Verdicts []cookierules.Verdict      // the set_cookie lines, then the script_cookie lines
	Jar      []cookierules.Cookie       // the unexpired cookies after the step, in creation order
	// DocumentCookie is what the page's document.cookie reads after the
	// step (a navigation or an iframe; "" for a fetch).
	DocumentCookie string
}

// DecodeScenario reads a scenario from JSON as POST /api/scenario takes it:
// one object, no unknown field anywhere, at most api.MaxScenarioSteps steps.
// Its errors are *api.FieldError naming the field, e.g. "steps[2].kind".
func DecodeScenario(data []byte) (api.ScenarioRequest, error) {
	var top struct {
		Now               string            `json:"now"`
		ThirdPartyCookies string            `json:"third_party_cookies"`
		Steps             []json.RawMessage `json:"steps"`
	}
	if err := decodeStrict(data, &top, ""); err != nil {
		return api.ScenarioRequest{}, err
	}
	req := api.ScenarioRequest{Now: top.Now, ThirdPartyCookies: top.ThirdPartyCookies}
	if err := checkStepCount(len(top.Steps)); err != nil {
		return req, err
	}
	req.Steps = make([]api.ScenarioStep, len(top.Steps))
	for i, raw := range top.Steps {
		if err := decodeStrict(raw, &req.Steps[i], fmt.Sprintf("steps[%d]", i)); err != nil {
			return req, err
		}
	}
	return req, nil
}

// decodeStrict decodes exactly one JSON object from data into v, refusing
// unknown fields; prefix names the object in errors.
func decodeStrict(data []byte, v any, prefix string) error {
	field := func(name string) string {
		switch {
		case prefix == "":
			return name
		case name == "" || name == "body":
			return prefix
		}
		return prefix + "." + name
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return api.BadField(field("body"), api.RuleJSON, "must be a JSON object, not null")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return api.BadField(field("body"), api.RuleJSON, "must hold exactly one JSON object")
		}
		return nil
	}
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case errors.As(err, &typeErr):
		name := typeErr.Field
		if name == "" && prefix == "" {
			name = "body"
		}
		return api.BadField(field(name), api.RuleJSON, "must be a JSON %s, not %s", jsonType(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return api.BadField(field("body"), api.RuleJSON, "invalid JSON at byte %d", syntaxErr.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return api.BadField(field("body"), api.RuleJSON, "must be a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return api.BadField(field(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)), api.RuleKnownField, "unknown field")
	}
	return api.BadField(field("body"), api.RuleJSON, "%v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "slice":
		return "array"
	case "struct":
		return "object"
	case "bool":
		return "boolean"
	}
	return kind
}

func checkStepCount(n int) error {
	switch {
	case n == 0:
		return api.BadField("steps", api.RuleRequired, "must hold at least one step")
	case n > api.MaxScenarioSteps:
		return api.BadField("steps", api.RuleLimit, "%d steps is more than %d", n, api.MaxScenarioSteps)
	}
	return nil
}

// RunScenario replays req's steps in order on one empty jar at now (or
// req.Now): each step's request is answered from the jar, then its
// response's Set-Cookie lines and its page's document.cookie writes apply.
// Its errors are *api.FieldError, naming the field as "steps[2].kind".
func RunScenario(req api.ScenarioRequest, now time.Time) (ScenarioRun, error) {
	if err := checkStepCount(len(req.Steps)); err != nil {
		return ScenarioRun{}, err
	}
	if req.Now != "" {
		t, err := time.Parse(time.RFC3339, req.Now)
		if err != nil {
			return ScenarioRun{}, api.BadField("now", api.RuleRFC3339, "must be an RFC 3339 time, such as 2026-01-02T15:04:05Z")
		}
		now = t
	}
	blocked := false
	switch req.ThirdPartyCookies {
	case "", api.ThirdPartyAllowed:
	case api.ThirdPartyBlocked:
		blocked = true
	default:
		return ScenarioRun{}, api.BadField("third_party_cookies", api.RuleOneOf, "must be %q or %q", api.ThirdPartyAllowed, api.ThirdPartyBlocked)
	}
	ctxs := make([]cookierules.RequestContext, len(req.Steps))
	var lastTop *url.URL
	for i, st := range req.Steps {
		ctx, err := stepContext(fmt.Sprintf("steps[%d]", i), st, lastTop)
		if err != nil {
			return ScenarioRun{}, err
		}
		ctx.ThirdPartyCookiesBlocked = blocked
		if ctx.Kind == cookierules.KindNavigation {
			lastTop = ctx.URL
		}
		ctxs[i] = ctx
	}
	jar := cookierules.NewJar()
	run := ScenarioRun{
		Response: api.ScenarioResponse{Steps: make([]api.ScenarioStepResult, 0, len(req.Steps))},
		Steps:    make([]RunStep, 0, len(req.Steps)),
	}
	for i, st := range req.Steps {
		ctx := ctxs[i]
		step := RunStep{Context: ctx, Request: jar.CookiesIn(ctx, now)}
		for _, line := range st.SetCookie {
			step.Verdicts = append(step.Verdicts, jar.SetCookieIn(ctx, line, cookierules.FromHTTP, now))
		}
		for _, line := range st.ScriptCookie {
			step.Verdicts = append(step.Verdicts, jar.SetCookieIn(ctx, line, cookierules.FromScript, now))
		}
		step.Jar = liveCookies(jar, now)
		if ctx.Kind != cookierules.KindFetch {
			step.DocumentCookie = jar.DocumentCookieIn(ctx, now)
		}
		run.Steps = append(run.Steps, step)
		run.Response.Steps = append(run.Response.Steps, stepResult(step))
	}
	return run, nil
}

// stepContext validates one step and returns its request context; lastTop is
// the URL of the latest navigation, the default top-level page of an iframe
// or a fetch.
func stepContext(name string, st api.ScenarioStep, lastTop *url.URL) (cookierules.RequestContext, error) {
	var ctx cookierules.RequestContext
	u, err := ParseURL(name+".url", st.URL)
	if err != nil {
		return ctx, err
	}
	ctx.URL = u
	switch st.Kind {
	case api.KindNavigation, api.KindIframe, api.KindFetch:
		ctx.Kind = cookierules.Kind(st.Kind)
	case "":
		return ctx, api.BadField(name+".kind", api.RuleRequired, "is required: %q, %q or %q", api.KindNavigation, api.KindIframe, api.KindFetch)
	default:
		return ctx, api.BadField(name+".kind", api.RuleOneOf, "must be %q, %q or %q, not %q", api.KindNavigation, api.KindIframe, api.KindFetch, st.Kind)
	}
	if st.TopLevelURL != "" {
		top, err := ParseURL(name+".top_level_url", st.TopLevelURL)
		if err != nil {
			return ctx, err
		}
		if ctx.Kind == cookierules.KindNavigation && !sameURL(top, u) {
			return ctx, api.BadField(name+".top_level_url", api.RuleNavigationTopLevel, "a navigation's top-level URL is its own url; leave it out")
		}
		ctx.TopLevelURL = top
	}
	if ctx.TopLevelURL == nil {
		ctx.TopLevelURL = u
		if ctx.Kind != cookierules.KindNavigation {
			if lastTop == nil {
				return ctx, api.BadField(name+".top_level_url", api.RuleRequired, "an %s needs the top-level page's URL (no navigation comes before it)", st.Kind)
			}
			ctx.TopLevelURL = lastTop
		}
	}
	if st.Initiator != "" {
		ini, err := ParseURL(name+".initiator", st.Initiator)
		if err != nil {
			return ctx, err
		}
		ctx.Initiator = &url.URL{Scheme: strings.ToLower(ini.Scheme), Host: strings.ToLower(ini.Host)}
	} else if ctx.Kind != cookierules.KindNavigation {
		ctx.Initiator = &url.URL{Scheme: strings.ToLower(ctx.TopLevelURL.Scheme), Host: strings.ToLower(ctx.TopLevelURL.Host)}
	}
	ctx.Method = "GET"
	if st.Method != "" {
		if !isToken(st.Method) {
			return ctx, api.BadField(name+".method", api.RuleToken, "must be an HTTP method such as GET or POST")
		}
		ctx.Method = strings.ToUpper(st.Method)
	}
	switch st.Credentials {
	case "":
		if ctx.Kind == cookierules.KindFetch {
			ctx.Credentials = cookierules.CredentialsSameOrigin
		}
	case api.CredentialsOmit, api.CredentialsSameOrigin, api.CredentialsInclude:
		if ctx.Kind != cookierules.KindFetch {
			return ctx, api.BadField(name+".credentials", api.RuleFetchOnly, "only a fetch has a credentials mode; a %s always sends cookies", st.Kind)
		}
		ctx.Credentials = cookierules.Credentials(st.Credentials)
	default:
		return ctx, api.BadField(name+".credentials", api.RuleOneOf, "must be %q, %q or %q, not %q", api.CredentialsOmit, api.CredentialsSameOrigin, api.CredentialsInclude, st.Credentials)
	}
	if len(st.ScriptCookie) > 0 && ctx.Kind == cookierules.KindFetch {
		return ctx, api.BadField(name+".script_cookie", api.RulePageOnly, "a fetch loads no page, so nothing writes document.cookie; use a navigation or an iframe")
	}
	if n := len(st.SetCookie) + len(st.ScriptCookie); n > api.MaxExplainLines {
		return ctx, api.BadField(name+".set_cookie", api.RuleLimit, "%d lines is more than %d", n, api.MaxExplainLines)
	}
	return ctx, nil
}

// sameURL reports whether a and b are the same URL, an empty path being "/".
func sameURL(a, b *url.URL) bool {
	norm := func(u *url.URL) string {
		c := *u
		if c.Path == "" && c.RawPath == "" {
			c.Path = "/"
		}
		return c.String()
	}
	return norm(a) == norm(b)
}

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

func liveCookies(jar *cookierules.Jar, now time.Time) []cookierules.Cookie {
	var out []cookierules.Cookie
	for _, c := range jar.Cookies() {
		if !c.Persistent || now.Before(c.Expires) {
			out = append(out, c)
		}
	}
	return out
}

// stepResult describes a step in the API's terms.
func stepResult(st RunStep) api.ScenarioStepResult {
	r := api.ScenarioStepResult{
		CookieHeader: st.Request.CookieHeader,
		Sent:         make([]api.ScenarioCookie, 0, len(st.Request.Sent)),
		Withheld:     make([]api.ScenarioWithheld, 0, len(st.Request.Withheld)),
		Results:      make([]api.ExplainResult, 0, len(st.Verdicts)),
	}
	for _, c := range st.Request.Sent {
		r.Sent = append(r.Sent, api.ScenarioCookie{Name: c.Name, Domain: c.Domain, Path: c.Path})
	}
	for _, w := range st.Request.Withheld {
		r.Withheld = append(r.Withheld, api.ScenarioWithheld{
			Name: w.Cookie.Name, Domain: w.Cookie.Domain, Path: w.Cookie.Path,
			Reason: w.Reason, Rule: w.Rule, Explanation: w.Explanation,
		})
	}
	for _, v := range st.Verdicts {
		r.Results = append(r.Results, Result(v))
	}
	return r
}

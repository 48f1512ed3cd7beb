package explainer

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// The /explain page keeps its whole state in the URL fragment, so a link
// shares a scenario without anything reaching a server: "#s=" and the
// base64url (unpadded) JSON of a PageState, or "#preset=ID" for a preset.
const (
	fragmentState  = "s="
	fragmentPreset = "preset="
)

// PageState is what the /explain page shows: the Set-Cookie explainer's
// form and the scenario, as POST /api/scenario takes it.
type PageState struct {
	Lines      string               `json:"lines,omitempty"`
	SetURL     string               `json:"set_url,omitempty"`
	From       string               `json:"from,omitempty"`
	RequestURL string               `json:"request_url,omitempty"`
	Scenario   *api.ScenarioRequest `json:"scenario,omitempty"`
}

// EncodeFragment returns the URL fragment (without '#') holding s.
func EncodeFragment(s PageState) string {
	b, err := json.Marshal(s)
	if err != nil { // strings and slices of strings always marshal
		panic(err)
	}
	return fragmentState + base64.RawURLEncoding.EncodeToString(b)
}

// PresetFragment returns the URL fragment (without '#') of a preset.
func PresetFragment(id string) string { return fragmentPreset + id }

// DecodeFragment reads a page state from a URL fragment (with or without
// '#'): "" is the empty state; a preset fragment gives the preset's
// scenario. Its errors are *api.FieldError of the field "fragment", or of the
// scenario's fields.
func DecodeFragment(frag string) (PageState, error) {
	frag = strings.TrimPrefix(frag, "#")
	switch {
	case frag == "":
		return PageState{}, nil
	case strings.HasPrefix(frag, fragmentPreset):
		p, ok := PresetByID(strings.TrimPrefix(frag, fragmentPreset))
		if !ok {
			return PageState{}, api.BadField("fragment", api.RuleFound, "names no preset")
		}
		sc := p.Scenario
		return PageState{Scenario: &sc}, nil
	case !strings.HasPrefix(frag, fragmentState):
		return PageState{}, api.BadField("fragment", api.RuleOneOf, "must start with %q or %q", fragmentState, fragmentPreset)
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.TrimPrefix(frag, fragmentState), "="))
	if err != nil {
		return PageState{}, api.BadField("fragment", api.RuleJSON, "is not base64url")
	}
	var raw struct {
		Lines      string          `json:"lines"`
		SetURL     string          `json:"set_url"`
		From       string          `json:"from"`
		RequestURL string          `json:"request_url"`
		Scenario   json.RawMessage `json:"scenario"`
	}
	if err := decodeStrict(b, &raw, ""); err != nil {
		return PageState{}, err
	}
	s := PageState{Lines: raw.Lines, SetURL: raw.SetURL, From: raw.From, RequestURL: raw.RequestURL}
	if len(raw.Scenario) > 0 && !bytes.Equal(raw.Scenario, []byte("null")) {
		sc, err := DecodeScenario(raw.Scenario)
		if err != nil {
			return PageState{}, err
		}
		s.Scenario = &sc
	}
	return s, nil
}

// Actions of the page's request form: what the page at the step's "I am
// on" URL does to reach its URL.
const (
	ActionTyped           = "typed"             // a typed URL or bookmark: no page
	ActionLink            = "link"              // a link on the page
	ActionForm            = "form"              // a form POST on the page
	ActionIframe          = "iframe"            // an iframe in the page
	ActionFetchOmit       = "fetch-omit"        // fetch(url, {credentials: "omit"})
	ActionFetchSameOrigin = "fetch-same-origin" // fetch(url), the default
	ActionFetchInclude    = "fetch-include"     // fetch(url, {credentials: "include"})
)

// Actions lists the actions with their words on the page.
var Actions = []struct{ Value, Label string }{
	{ActionTyped, "types the URL (or opens a bookmark)"},
	{ActionLink, "follows a link"},
	{ActionForm, "submits a form (POST)"},
	{ActionIframe, "embeds an iframe"},
	{ActionFetchOmit, "fetches, credentials: omit"},
	{ActionFetchSameOrigin, "fetches, credentials: same-origin (the default)"},
	{ActionFetchInclude, "fetches, credentials: include"},
}

// FormStep is a scenario step as the page edits it: "I am on Page and
// [Action] to URL", the response's Set-Cookie lines and the page's
// document.cookie writes, one per line.
type FormStep struct {
	Page, Action, URL       string
	SetCookie, ScriptCookie string
}

// Step returns the scenario step of f.
func (f FormStep) Step() api.ScenarioStep {
	st := api.ScenarioStep{URL: strings.TrimSpace(f.URL), SetCookie: nonEmptyLines(f.SetCookie), ScriptCookie: nonEmptyLines(f.ScriptCookie)}
	page := strings.TrimSpace(f.Page)
	switch f.Action {
	case ActionLink, ActionForm:
		st.Kind, st.Initiator = api.KindNavigation, page
		if f.Action == ActionForm {
			st.Method = "POST"
		}
	case ActionIframe:
		st.Kind, st.TopLevelURL = api.KindIframe, page
	case ActionFetchOmit, ActionFetchSameOrigin, ActionFetchInclude:
		st.Kind, st.TopLevelURL = api.KindFetch, page
		st.Credentials = strings.TrimPrefix(f.Action, "fetch-")
	default:
		st.Kind = api.KindNavigation
	}
	return st
}

// FormStepOf returns the form of a scenario step; what the form cannot
// say (a fetch's method, an iframe's other initiator) is left out.
func FormStepOf(st api.ScenarioStep) FormStep {
	f := FormStep{URL: st.URL, SetCookie: strings.Join(st.SetCookie, "\n"), ScriptCookie: strings.Join(st.ScriptCookie, "\n")}
	switch st.Kind {
	case api.KindIframe:
		f.Action, f.Page = ActionIframe, st.TopLevelURL
	case api.KindFetch:
		f.Action, f.Page = ActionFetchSameOrigin, st.TopLevelURL
		if st.Credentials != "" {
			f.Action = "fetch-" + st.Credentials
		}
	default:
		f.Action, f.Page = ActionTyped, st.Initiator
		if st.Initiator != "" {
			f.Action = ActionLink
			if strings.EqualFold(st.Method, "POST") {
				f.Action = ActionForm
			}
		}
	}
	return f
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range splitLines(text) {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

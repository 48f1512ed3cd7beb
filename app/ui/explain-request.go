package ui

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// The explainer's second part, the requests: a scenario of steps ("I am on
// this page and follow a link / post a form / embed an iframe / fetch to
// that URL"), replayed by the engine in the wasm, with every cookie of the
// jar sent or withheld and why. The page's whole state lives in the URL
// fragment, so a link shares it, offline and without a server.

// scenarioOutcome is the last replay of the steps.
type scenarioOutcome struct {
	run  *explainer.ScenarioRun // nil until replayed, or after an error
	err  string
	runs int
}

// loadFragment restores the page from the URL fragment, if it holds a
// state, and explains it.
func (e *explain) loadFragment() {
	frag := app.Window().URL().Fragment
	if id, ok := strings.CutPrefix(frag, explainer.PresetFragment("")); ok {
		e.preset = id
	}
	s, err := explainer.DecodeFragment(frag)
	if err != nil {
		e.scenario = scenarioOutcome{err: "This link's state could not be read: " + err.Error()}
		return
	}
	if s.Lines != "" || s.SetURL != "" {
		e.text, e.setURL, e.requestURL = s.Lines, s.SetURL, s.RequestURL
		if s.From != "" {
			e.from = s.From
		}
		if e.setURL == "" {
			e.setURL = pageOrigin().String() + "/"
		}
		e.explainLines()
	}
	if s.Scenario != nil {
		e.setScenario(*s.Scenario)
		e.replay()
	}
}

// setScenario shows sc in the form.
func (e *explain) setScenario(sc api.ScenarioRequest) {
	e.steps = e.steps[:0]
	for _, st := range sc.Steps {
		e.steps = append(e.steps, explainer.FormStepOf(st))
	}
	e.thirdPartyBlocked = sc.ThirdPartyCookies == api.ThirdPartyBlocked
}

// scenarioRequest returns the scenario the form shows.
func (e *explain) scenarioRequest() api.ScenarioRequest {
	sc := api.ScenarioRequest{Steps: make([]api.ScenarioStep, 0, len(e.steps))}
	for _, f := range e.steps {
		sc.Steps = append(sc.Steps, f.Step())
	}
	if e.thirdPartyBlocked {
		sc.ThirdPartyCookies = api.ThirdPartyBlocked
	}
	return sc
}

// replay runs the scenario in the engine, here in the wasm, and keeps the
// page's state in the URL fragment.
func (e *explain) replay() {
	runs := e.scenario.runs + 1
	run, err := explainer.RunScenario(e.scenarioRequest(), time.Now())
	if err != nil {
		msg := err.Error()
		if fe, ok := errors.AsType[*api.FieldError](err); ok {
			msg = stepFieldWords(fe.Field) + ": " + fe.Message
		}
		e.scenario = scenarioOutcome{err: msg, runs: runs}
	} else {
		e.scenario = scenarioOutcome{run: &run, runs: runs}
	}
	e.saveFragment()
}

// stepFieldWords names a scenario field for people: "steps[2].url" is
// "step 3, url".
func stepFieldWords(field string) string {
	rest, ok := strings.CutPrefix(field, "steps[")
	if !ok {
		return field
	}
	num, name, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil {
		return field
	}
	return "step " + strconv.Itoa(i+1) + ", " + strings.ReplaceAll(strings.TrimPrefix(name, "."), "_", " ")
}

// saveFragment writes the page's state into the URL fragment, replacing
// the history entry, so that the address bar is the link to share.
func (e *explain) saveFragment() {
	e.fragment = explainer.EncodeFragment(e.pageState())
	app.Window().Get("history").Call("replaceState", nil, "", "#"+e.fragment)
}

func (e *explain) pageState() explainer.PageState {
	s := explainer.PageState{Lines: e.text, SetURL: e.setURL, From: e.from, RequestURL: e.requestURL}
	if len(e.steps) > 0 {
		sc := e.scenarioRequest()
		s.Scenario = &sc
	}
	return s
}

func (e *explain) onPreset(ctx app.Context, ev app.Event) {
	id := ctx.JSSrc().Get("value").String()
	p, ok := explainer.PresetByIDOn(id, pageOrigin().String(), e.otherSite)
	if !ok {
		return
	}
	e.preset = id
	e.setScenario(p.Scenario)
	e.replay()
}

// askSites asks the server for the lab's second site (GET /lab/sites), so
// that the presets speak of this deployment's two sites (Preset.OnSites).
// A preset already shown with its placeholders, and not edited since,
// moves to the sites when the answer comes. Offline, the placeholders stay.
func (e *explain) askSites(ctx app.Context) {
	ctx.Async(func() {
		var resp api.LabSitesResponse
		if err := callAPI(ctx, http.MethodGet, api.LabSitesPath, nil, nil, &resp); err != nil || resp.Other == "" {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			e.otherSite = resp.Other
			p, ok := explainer.PresetByID(e.preset)
			if !ok {
				return
			}
			shown := &explain{} // the preset as the form holds it
			shown.setScenario(p.Scenario)
			if !reflect.DeepEqual(e.scenarioRequest(), shown.scenarioRequest()) {
				return // edited since
			}
			if on := p.OnSites(pageOrigin().String(), e.otherSite); !reflect.DeepEqual(on.Scenario, p.Scenario) {
				e.setScenario(on.Scenario)
				e.replay()
			}
		})
	})
}

// onThirdPartyBlocked replays the steps, if any, with third-party cookies
// blocked or allowed.
func (e *explain) onThirdPartyBlocked(ctx app.Context, ev app.Event) {
	e.thirdPartyBlocked = ctx.JSSrc().Get("checked").Bool()
	if len(e.steps) > 0 {
		e.replay()
	}
}

func (e *explain) onReplay(ctx app.Context, ev app.Event) {
	ev.PreventDefault()
	e.replay()
}

// onAddStep adds a step: a link from the page of the last step.
func (e *explain) onAddStep(ctx app.Context, ev app.Event) {
	f := explainer.FormStep{Action: explainer.ActionTyped}
	if n := len(e.steps); n > 0 {
		f = explainer.FormStep{Action: explainer.ActionLink, Page: e.steps[n-1].URL}
		if e.steps[n-1].Action == explainer.ActionIframe || strings.HasPrefix(e.steps[n-1].Action, "fetch") {
			f.Page = e.steps[n-1].Page
		}
	}
	e.steps = append(e.steps, f)
}

// onStepsFromLines starts the scenario with the Set-Cookie part's lines:
// a typed navigation to their URL whose response (or script) sets them.
func (e *explain) onStepsFromLines(ctx app.Context, ev app.Event) {
	lines, err := explainer.Lines(explainer.Entries(e.text))
	if err != nil {
		e.scenario = scenarioOutcome{err: "The Set-Cookie part: " + err.Error(), runs: e.scenario.runs}
		return
	}
	f := explainer.FormStep{Action: explainer.ActionTyped, URL: e.setURL}
	if e.from == api.FromScript {
		f.ScriptCookie = strings.Join(lines, "\n")
	} else {
		f.SetCookie = strings.Join(lines, "\n")
	}
	e.steps = append([]explainer.FormStep{f}, e.steps...)
	e.replay()
}

func (e *explain) onRemoveStep(i int) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		if i < len(e.steps) {
			e.steps = append(e.steps[:i], e.steps[i+1:]...)
		}
	}
}

// onStepField binds a field of step i to its input or select.
func (e *explain) onStepField(i int, set func(f *explainer.FormStep, v string)) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		if i < len(e.steps) {
			set(&e.steps[i], ctx.JSSrc().Get("value").String())
		}
	}
}

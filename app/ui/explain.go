package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// explain is the "/explain" page, the Set-Cookie explainer: the rules engine
// (app/cookierules), running here in the wasm, says what a browser makes of
// Set-Cookie lines, attribute by attribute; an experiment then sends the
// lines to this browser for real and compares.
type explain struct {
	app.Compo

	text       string // the lines, or a raw response header block
	setURL     string
	from       string
	requestURL string

	err     formError
	outcome *explainOutcome // nil until explained
	runs    int

	try tryOutcome

	// The requests: the scenario's steps as the form shows them.
	steps             []explainer.FormStep
	thirdPartyBlocked bool
	preset            string
	otherSite         string // the lab's second site, once the server said
	scenario          scenarioOutcome
	fragment          string // the URL fragment holding the page's state
}

// explainOutcome is the engine's answer for the form as it was explained.
type explainOutcome struct {
	resp       api.ExplainResponse
	requestURL string
	fromHTTP   bool // the setting URL was plain http
}

// Where the experiment stands (data-status of #try-results).
const (
	tryIdle   = "idle"
	tryBusy   = "busy"
	tryDone   = "done"
	tryFailed = "failed"
)

// tryOutcome is the last "try it in this browser" experiment.
type tryOutcome struct {
	status    string
	err       string
	runs      int
	sent      int
	rows      []explainer.TryRow
	predicted explainer.Observation
	actual    explainer.Observation
}

func newExplain() *explain {
	return &explain{from: api.FromHTTP, try: tryOutcome{status: tryIdle}}
}

// OnMount proposes this page's own origin as the URL that sets the
// cookies. It is not pre-rendered: go-app v10.1.11 does not escape
// pre-rendered attribute values, so request data stays out of them.
func (e *explain) OnMount(ctx app.Context) {
	if e.setURL == "" {
		e.setURL = pageOrigin().String() + "/"
	}
	e.loadFragment()
	e.askSites(ctx)
}

// pageOrigin returns the scheme and host of the page.
func pageOrigin() *url.URL {
	u := app.Window().URL()
	return &url.URL{Scheme: u.Scheme, Host: u.Host}
}

func (e *explain) Render() app.UI {
	return newShell().Active("/explain").Content(
		app.H1().Text("Set-Cookie explainer"),
		app.P().Class("lead").Text("Paste Set-Cookie lines, or a whole response header block, and see what a browser makes of them: which attributes count, which are ignored and why, the cookie it keeps or the rule that rejects it, and the Cookie header it then sends. The rules engine (RFC 6265bis, as Chromium applies it) runs in this page, so explaining needs no server and works offline."),
		e.renderForm(),
		e.renderResults(),
		e.renderRequests(),
		e.renderTry(),
		newHARSession(),
	)
}

func (e *explain) renderForm() app.UI {
	const p = "explain"
	msg := e.err.about("set_cookie")
	area := app.Textarea().ID(p + "-set_cookie").Rows(6).Spellcheck(false).
		Placeholder("id=a3fWa; Max-Age=2592000; Path=/; Secure; HttpOnly").
		Text(e.text).OnInput(e.ValueTo(&e.text))
	if msg != "" {
		area = area.Aria("invalid", "true").Aria("describedby", p+"-set_cookie-error")
	}
	option := func(value, text string) app.UI {
		return app.Option().Value(value).Text(text).Selected(e.from == value)
	}
	return app.Form().ID("explain-form").Class("form card").OnSubmit(e.onExplain).Body(
		app.H2().Text("Lines to explain"),
		app.Div().Class("field").Body(
			app.Label().For(p+"-set_cookie").Text("Set-Cookie lines, one per line, or a raw response header block"),
			area,
			app.If(msg != "", func() app.UI { return e.err.render(p + "-set_cookie-error") }),
		),
		textField(&e.Compo, p, "set_url", "URL of the response (or page) that sets them", "https://example.com/", &e.setURL, e.err),
		app.Div().Class("field").Body(
			app.Label().For(p+"-from").Text("Set by"),
			app.Select().ID(p+"-from").OnChange(e.ValueTo(&e.from)).Body(
				option(api.FromHTTP, "an HTTP response (Set-Cookie header)"),
				option(api.FromScript, "a script (document.cookie)"),
			),
		),
		textField(&e.Compo, p, "request_url", "URL of a later request, for its Cookie header", "(the same URL)", &e.requestURL, e.err),
		app.Div().Class("buttons").Body(
			app.Button().Type("submit").ID("explain-run").Text("Explain"),
		),
		e.err.elsewhere(p, "set_cookie", "set_url", "request_url"),
	)
}

func (e *explain) onExplain(ctx app.Context, ev app.Event) {
	ev.PreventDefault()
	e.explainLines()
	e.saveFragment()
	if e.outcome != nil {
		// Take keyboard and screen-reader users to what they asked for.
		ctx.Defer(func(ctx app.Context) {
			if el := app.Window().GetElementByID("explain-results"); el.Truthy() {
				el.Call("focus")
			}
		})
	}
}

// explainLines explains the form's lines with the engine, here in the wasm.
func (e *explain) explainLines() {
	req := api.ExplainRequest{
		SetURL: e.setURL, SetCookie: explainer.Entries(e.text), From: e.from, RequestURL: e.requestURL,
	}
	resp, err := explainer.Explain(req, time.Now())
	if err != nil {
		e.err, e.outcome = formErrorOf(err), nil
		return
	}
	reqURL := e.requestURL
	if reqURL == "" {
		reqURL = e.setURL
	}
	e.err = formError{}
	e.outcome = &explainOutcome{resp: resp, requestURL: reqURL, fromHTTP: strings.HasPrefix(strings.ToLower(e.setURL), "http:")}
	e.runs++
}

func (e *explain) renderResults() app.UI {
	// Always there, so what follows keeps its place (go-app diffs children
	// by position).
	// It is focused after Explain, and its status line announces the result.
	section := app.Section().ID("explain-results").Class("explain-results").DataSet("runs", strconv.Itoa(e.runs)).
		Attr("tabindex", "-1").Aria("labelledby", "explain-results-title")
	if e.outcome == nil {
		return section.Body(
			app.H2().ID("explain-results-title").Class("visually-hidden").Text("Results"),
			app.P().ID("explain-summary").Class("empty").Attr("role", "status").Text("The explanation of each line appears here."),
		)
	}
	o := e.outcome
	return section.Body(
		app.H2().ID("explain-results-title").Text("What a browser makes of them"),
		app.P().ID("explain-summary").Attr("role", "status").Text(explainSummary(o.resp.Results)),
		app.Range(o.resp.Results).Slice(func(i int) app.UI {
			return renderLineResult(i, o.resp.Results[i], o.fromHTTP)
		}),
		renderCookieHeader(o.requestURL, o.resp.CookieHeader),
	)
}

// explainSummary counts the lines kept and not kept, for the status line.
func explainSummary(results []api.ExplainResult) string {
	kept := 0
	for _, r := range results {
		if r.Stored {
			kept++
		}
	}
	return "Explained " + strconv.Itoa(len(results)) + " line(s): " + strconv.Itoa(kept) + " kept, " +
		strconv.Itoa(len(results)-kept) + " not kept."
}

func (e *explain) renderTry() app.UI {
	busy := e.try.status == tryBusy
	return app.Section().ID("explain-try-section").Class("card experiment").Body(
		app.H2().Text("Experiment: try it in this browser"),
		app.P().Class("hint").Text("This sends your lines, exactly as written, as the Set-Cookie headers of a response from this server (POST "+api.ExplainTryPath+"), so this browser stores whatever it accepts — insecure and odd cookies included, on purpose. Lines without a Path attribute get the default path /api/explain, so this page's document.cookie does not show them."),
		app.P().Class("hint").Text("Then the page reads document.cookie here and asks "+api.CookiesPath+" which cookies this browser sent, and compares both, name by name, with the engine's prediction for a response from this origin to an empty jar. Only the names in your lines are compared: this browser already holds other cookies, which are left out, and an older cookie of the same name can change the outcome."),
		app.Div().Class("buttons").Body(
			app.Button().Type("button").ID("explain-try").Class("secondary").Disabled(busy).Text("Try it in this browser").OnClick(e.onTry),
		),
		e.renderTryResults(),
	)
}

func (e *explain) onTry(ctx app.Context, ev app.Event) {
	lines, err := explainer.Lines(explainer.Entries(e.text))
	if err == nil {
		_, err = api.NewAsWrittenLines("set_cookie", lines)
	}
	if err != nil {
		e.try = tryOutcome{status: tryFailed, err: err.Error(), runs: e.try.runs}
		return
	}
	origin := pageOrigin()
	e.try.status, e.try.err = tryBusy, ""
	beforeScript := readDocumentCookie()
	now := time.Now()
	ctx.Async(func() {
		var before, after api.CookiesResponse
		var sent api.ExplainTryResponse
		err := callAPI(ctx, http.MethodGet, api.CookiesPath, nil, nil, &before)
		if err == nil {
			err = callAPI(ctx, http.MethodPost, api.ExplainTryPath, nil, api.ExplainTryRequest{SetCookie: lines}, &sent)
		}
		if err == nil {
			err = callAPI(ctx, http.MethodGet, api.CookiesPath, nil, nil, &after)
		}
		ctx.Dispatch(func(ctx app.Context) {
			runs := e.try.runs + 1
			if err != nil {
				e.try = tryOutcome{status: tryFailed, err: err.Error(), runs: runs}
				return
			}
			predicted := explainer.Predict(lines, origin, now)
			actual := explainer.Observation{DocumentCookie: readDocumentCookie(), CookieHeader: after.Header}
			e.try = tryOutcome{
				status: tryDone, runs: runs, sent: sent.Sent, predicted: predicted, actual: actual,
				rows: explainer.CompareTry(lines, predicted,
					explainer.Observation{DocumentCookie: beforeScript, CookieHeader: before.Header}, actual),
			}
		})
	})
}

package ui

import (
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// tutorialStep is the page a browser gets from the tutorial's routes
// (/setcookie, /getcookie, /deletecookie): the route's sentence, the
// Set-Cookie line the server sent or the Cookie header it received, what
// the browser holds now, and the next step. Scripts and other clients get
// the sentence alone, as plain text, as the tutorial's readers expect.
type tutorialStep struct {
	app.Compo

	path     string
	sentence string
	sent     string // the Set-Cookie line, if one was sent
	received string // the Cookie header the route received
	holds    string // the Cookie header the browser sends from now on

	scriptSees string // document.cookie, once the wasm runs
	live       bool   // holds was read from the browser, not predicted
}

func newTutorialStep() *tutorialStep { return &tutorialStep{} }

// OnPreRender takes what the server did and saw.
func (s *tutorialStep) OnPreRender(ctx app.Context) {
	u := ctx.Page().URL()
	q := u.Query()
	s.path = u.Path
	s.sentence = q.Get(PrerenderSentenceParam)
	s.sent = q.Get(PrerenderSentParam)
	s.received = q.Get(PrerenderReceivedParam)
	s.holds = q.Get(PrerenderHoldsParam)
}

// OnInit keeps, in the browser, what the server pre-rendered: only the
// server saw its own answer.
func (s *tutorialStep) OnInit() {
	if app.IsClient {
		s.sentence = prerenderedText("tutorial-sentence")
		s.sent = prerenderedText("tutorial-sent")
		s.received = prerenderedText("tutorial-received")
		s.holds = prerenderedText("tutorial-holds")
	}
}

// OnNav shows what the browser holds now, read from the browser itself;
// a page reached without the server (history, client-side navigation)
// asks the server, as the tutorial's link does.
func (s *tutorialStep) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	s.path = ctx.Page().URL().Path
	if s.sentence == "" {
		ctx.Reload()
		return
	}
	s.scriptSees = readDocumentCookie()
	ctx.Async(func() {
		var got api.CookiesResponse
		err := callAPI(ctx, http.MethodGet, api.CookiesPath, nil, nil, &got)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				s.holds, s.live = got.Header, true
			}
		})
	})
}

func (s *tutorialStep) Render() app.UI {
	step, of := tutorialStepNumber(s.path), "3"
	return newShell().Content(
		app.P().Class("step-of").Text("The tutorial, step "+step+" of "+of),
		app.H1().ID("tutorial-sentence").Text(s.sentence),
		app.Dl().Class("exchange").Body(
			app.If(s.sent != "", func() app.UI {
				return app.Div().Body(
					app.Dt().Text("The server sent"),
					app.Dd().Body(app.Code().Text("Set-Cookie: "), app.Code().ID("tutorial-sent").Text(s.sent)),
				)
			}),
			app.Dt().Text("The Cookie header it received"),
			app.Dd().Body(cookieHeaderText("tutorial-received", s.received)),
			app.Dt().Text("What your browser sends from now on"),
			app.Dd().Body(
				cookieHeaderText("tutorial-holds", s.holds),
				app.If(s.live, func() app.UI {
					return app.Span().Class("hint").Text(" — read from this browser just now")
				}),
			),
			app.If(s.live, func() app.UI {
				return app.Div().Body(
					app.Dt().Text("What scripts on this page see (document.cookie)"),
					app.Dd().Body(cookieHeaderText("tutorial-script", s.scriptSees)),
				)
			}),
		),
		s.renderNext(),
	)
}

// renderNext leads to the tutorial's next step.
func (s *tutorialStep) renderNext() app.UI {
	var next app.UI
	switch {
	case s.path == "/setcookie":
		next = app.P().Body(app.Text("Next: "), serverLink("/getcookie", "read it back"),
			app.Text(" — your browser sends the cookie with that request, and the server reads it."))
	case s.path == "/getcookie" && cookieIn(s.received, "user"):
		next = app.P().Body(app.Text("Next: "), serverLink("/deletecookie", "delete it"),
			app.Text(" — the server sends the cookie again, already expired."))
	case s.path == "/getcookie":
		next = app.P().Body(app.Text("There is nothing to read yet. First: "), serverLink("/setcookie", "set the cookie"))
	default:
		next = app.P().Body(app.Text("Next: "), serverLink("/getcookie", "check that it is gone"),
			app.Text(" — then explore the cookie jar, the explainer and the lab, or log in, from the start page."))
	}
	return app.Nav().Class("next-step").Aria("label", "Tutorial").Body(
		app.H2().Text("Next step"),
		next,
		app.P().Body(app.A().Href("/login").Text("Back to the start page")),
	)
}

// tutorialStepNumber returns which of the tutorial's steps path is.
func tutorialStepNumber(path string) string {
	switch path {
	case "/getcookie":
		return "2"
	case "/deletecookie":
		return "3"
	}
	return "1"
}

// cookieHeaderText shows a Cookie header, or that it was empty; the
// element id holds the header alone.
func cookieHeaderText(id, header string) app.UI {
	return app.Span().Body(
		app.Code().ID(id).Text(header),
		app.If(header == "", func() app.UI { return app.Em().Class("empty").Text("(no cookies)") }),
	)
}

// cookieIn reports whether a Cookie header holds a cookie called name.
func cookieIn(header, name string) bool {
	for _, p := range api.ParseCookieString(header) {
		if p.Name == name {
			return true
		}
	}
	return false
}

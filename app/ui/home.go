package ui

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// home is the "/" page: the tutorial's greeting and an overview.
type home struct {
	app.Compo

	username string
	mode     string
}

func newHome() *home { return &home{} }

// OnPreRender takes the username the server read from the login cookie.
func (h *home) OnPreRender(ctx app.Context) {
	q := ctx.Page().URL().Query()
	h.username, h.mode = q.Get(PrerenderUserParam), q.Get(PrerenderModeParam)
}

// OnNav greets at once from the tutorial's script-visible cookie, then
// asks the server, which is the authority, and sends strangers to /login.
func (h *home) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	if h.username = usernameFromDocumentCookie(); h.username != "" {
		h.mode = api.ModeTutorial
	}
	ctx.Async(func() {
		name, mode, err := fetchMe(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil:
				// Offline: keep what document.cookie said.
			case name == "":
				ctx.Navigate("/login")
			default:
				h.username, h.mode = name, mode
			}
		})
	})
}

func (h *home) Render() app.UI {
	greeting := "Welcome back!"
	if h.username != "" {
		greeting = "Welcome back, " + h.username + "!"
	}
	return newShell().Active("/").Content(
		app.H1().ID("greeting").Text(greeting),
		app.P().ID("login-mode").DataSet("mode", h.mode).Class("mode-badge "+h.mode).Text(modeText(h.mode)),
		app.P().Class("lead").Text("This playground shows, side by side and live, what scripts see of your cookies, what the server receives, and why the two differ."),
		app.Section().Class("cards").Body(
			card("What scripts see",
				"document.cookie, read by Go compiled to WebAssembly. HttpOnly cookies never appear here."),
			card("What the server received",
				"The Cookie header of a request, echoed back by the Go server."),
			card("Why they differ",
				"HttpOnly, Secure, Path, Domain, SameSite, Max-Age and Expires decide what the browser stores, shows and sends."),
		),
		app.P().Body(
			app.A().Href("/jar").Class("button").Text("Open the cookie jar"),
		),
		app.H2().Text("The tutorial, step by step"),
		app.Ol().Body(
			app.Li().Body(serverLink("/setcookie", "Set a cookie"), app.Text(": user=Aditya for seven days.")),
			app.Li().Body(serverLink("/getcookie", "Read it back"), app.Text(" from the server.")),
			app.Li().Body(serverLink("/deletecookie", "Delete it"), app.Text(": the server sends it again, already expired.")),
			app.Li().Body(app.A().Href("/logout").Text("Log out"), app.Text(": a POST, so no link or image elsewhere can log you out.")),
		),
	)
}

func card(title, text string) app.UI {
	return app.Div().Class("card").Body(
		app.H3().Text(title),
		app.P().Text(text),
	)
}

// usernameFromDocumentCookie returns the tutorial's login cookie as scripts
// see it, or "".
func usernameFromDocumentCookie() string {
	for _, p := range api.ParseCookieString(readDocumentCookie()) {
		if p.Name == "username" {
			if name, err := url.PathUnescape(p.Value); err == nil && strings.TrimSpace(name) != "" {
				return name
			}
		}
	}
	return ""
}

// modeText says how the greeting's user logged in.
func modeText(mode string) string {
	switch mode {
	case api.ModeSecure:
		return "Logged in with a signed session cookie: HttpOnly, tamper-proof."
	case api.ModeTutorial:
		return "Logged in with the tutorial's plain cookie — insecure: any script can rewrite it and become someone else."
	}
	return ""
}

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

	username  string
	mode      string
	confirmed bool // the server answered who is logged in
}

func newHome() *home { return &home{} }

// OnPreRender takes the username the server read from the login cookie.
func (h *home) OnPreRender(ctx app.Context) {
	q := ctx.Page().URL().Query()
	h.username, h.mode = q.Get(PrerenderUserParam), q.Get(PrerenderModeParam)
}

// OnInit keeps, in the browser, the name and mode the server greeted with,
// so the greeting does not blink while the server is asked again.
func (h *home) OnInit() {
	if app.IsClient {
		h.username = greetedName(prerenderedText("greeting"))
		h.mode = prerenderedData("login-mode", "mode")
	}
}

// OnNav greets at once from the tutorial's script-visible cookie, then
// asks the server, which is the authority, and sends strangers to /login.
func (h *home) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	if name := usernameFromDocumentCookie(); name != "" {
		h.username, h.mode = name, api.ModeTutorial
	}
	ctx.Async(func() {
		name, mode, err := fetchMe(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil:
				// Offline: keep what the page and document.cookie said.
			case name == "":
				ctx.Navigate("/login")
			default:
				h.username, h.mode, h.confirmed = name, mode, true
			}
		})
	})
}

func (h *home) Render() app.UI {
	return newShell().Active("/").Content(
		app.H1().ID("greeting").DataSet("confirmed", h.confirmed).Text(greeting(h.username)),
		app.P().ID("login-mode").DataSet("mode", h.mode).Class("mode-badge "+h.mode).Body(
			app.Text(modeText(h.mode)+" "),
			app.A().Href("/logout").Text("Log out"),
		),
		startIntro(),
		tutorialPath(),
		doors(),
	)
}

// greeting greets name, or anyone when name is "".
func greeting(name string) string {
	if name == "" {
		return "Welcome back!"
	}
	return "Welcome back, " + name + "!"
}

// greetedName returns the name a greeting greets, or "".
func greetedName(greeting string) string {
	name, ok := strings.CutPrefix(greeting, "Welcome back, ")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(name, "!")
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

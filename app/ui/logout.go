package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// logout is the "/logout" page. Showing it changes nothing; its button
// posts to /logout, which expires the login cookie. Nobody logged in gets
// a way to log in instead of a button that would do nothing.
type logout struct {
	app.Compo

	offlineMsg string

	current string // who is logged in, if anyone
	mode    string // how: api.ModeSecure or api.ModeTutorial
}

func newLogout() *logout { return &logout{} }

// OnPreRender takes who the server found logged in.
func (l *logout) OnPreRender(ctx app.Context) {
	q := ctx.Page().URL().Query()
	l.current, l.mode = q.Get(PrerenderUserParam), q.Get(PrerenderModeParam)
}

// OnInit keeps, in the browser, what the server pre-rendered.
func (l *logout) OnInit() {
	if app.IsClient {
		l.current = strings.TrimSuffix(strings.TrimPrefix(prerenderedText("logout-title"), "Log out "), "?")
		l.mode = prerenderedData("logout", "mode")
	}
}

func (l *logout) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	ctx.Async(func() {
		name, mode, err := fetchMe(ctx)
		if err != nil {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { l.current, l.mode = name, mode })
	})
}

func (l *logout) Render() app.UI {
	if l.current == "" {
		return newShell().Active("/logout").Content(
			app.Section().ID("logout").DataSet("mode", "").Body(
				app.H1().Text("Nobody is logged in"),
				app.P().Text("This browser sends no login cookie, so there is nothing to log out of."),
				app.P().Body(app.A().Href("/login#login").Class("button").Text("Log in")),
			),
		)
	}
	cookie := "your signed session cookie"
	if l.mode == api.ModeTutorial {
		cookie = "the tutorial's username cookie"
	}
	return newShell().Active("/logout").Content(
		app.Section().ID("logout").DataSet("mode", l.mode).Body(
			app.H1().ID("logout-title").Text("Log out "+l.current+"?"),
			app.P().Text("Logging out sends "+cookie+" back already expired, so the browser deletes it. It takes a POST: a plain link, or an image on another site, cannot log you out."),
			app.Form().OnSubmit(l.onSubmit).Method("post").Action("/logout").Class("form").Body(
				app.Button().Type("submit").ID("logout-button").Text("Log out"),
				offlineMessage(l.offlineMsg),
			),
		),
	)
}

func (l *logout) onSubmit(ctx app.Context, e app.Event) { l.offlineMsg = holdWhenOffline(e) }

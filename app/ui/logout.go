package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// logout is the "/logout" page. Showing it changes nothing; its button
// posts to /logout, which expires the cookie.
type logout struct {
	app.Compo

	offlineMsg string

	current string
}

func newLogout() *logout { return &logout{} }

func (l *logout) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	ctx.Async(func() {
		name, _, err := fetchMe(ctx)
		if err != nil {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { l.current = name })
	})
}

func (l *logout) Render() app.UI {
	who := "Log out?"
	if l.current != "" {
		who = "Log out " + l.current + "?"
	}
	return newShell().Active("/logout").Content(
		app.H1().Text(who),
		app.P().Text("Logging out sends the username cookie back already expired, so the browser deletes it. It takes a POST: a plain link, or an image on another site, cannot log you out."),
		app.Form().OnSubmit(l.onSubmit).Method("post").Action("/logout").Class("form").Body(
			app.Button().Type("submit").ID("logout-button").Text("Log out"),
			offlineMessage(l.offlineMsg),
		),
	)
}

func (l *logout) onSubmit(ctx app.Context, e app.Event) { l.offlineMsg = holdWhenOffline(e) }

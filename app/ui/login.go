package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// login is the "/login" page: the tutorial's form. It posts natively, so it
// works before the wasm loads and without JavaScript.
type login struct {
	app.Compo

	offlineMsg string

	errorCode string
	username  string
	tutorial  bool   // the tutorial's insecure mode was chosen
	current   string // who is logged in already, if anyone
}

func newLogin() *login { return &login{} }

// OnPreRender shows the error, a fixed message chosen by code. The typed
// username is left for the browser to fill in: go-app v10.1.11 quotes
// pre-rendered attribute values with Go quoting, not HTML escaping, so
// request data in an attribute would be markup injection.
func (l *login) OnPreRender(ctx app.Context) {
	q := ctx.Page().URL().Query()
	l.errorCode = q.Get("error")
	l.tutorial = q.Get("mode") == api.ModeTutorial
}

func (l *login) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	l.readQuery(ctx)
	ctx.Async(func() {
		name, _, err := fetchMe(ctx)
		if err != nil {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { l.current = name })
	})
}

// readQuery takes the error POST /login redirected with, if any.
func (l *login) readQuery(ctx app.Context) {
	q := ctx.Page().URL().Query()
	l.errorCode = q.Get("error")
	l.username = q.Get("username")
	l.tutorial = q.Get("mode") == api.ModeTutorial
}

func (l *login) Render() app.UI {
	msg := api.LoginErrorMessage(l.errorCode)
	input := app.Input().
		Type("text").
		ID("username").
		Name("username").
		Value(l.username).
		AutoComplete(false).
		Required(true).
		AutoFocus(true)
	if msg != "" {
		input = input.Aria("invalid", "true").Aria("describedby", "login-error")
	}
	return newShell().Active("/login").Content(
		app.H1().Text("Log in"),
		// Always there, so the form after it is never rebuilt (go-app diffs
		// children by position) while the user types.
		app.Div().ID("login-status").Body(
			app.If(l.current != "", func() app.UI {
				return app.P().ID("logged-in-as").Body(
					app.Text("You are logged in as "),
					app.Strong().Text(l.current),
					app.Text(". Logging in again replaces the cookie."),
				)
			}),
		),
		app.P().Text("Logging in sets a cookie that the home page reads to greet you. Choose how:"),
		app.Form().OnSubmit(l.onSubmit).Method("post").Action("/login").Class("form").Body(
			app.Label().For("username").Text("Username"),
			input,
			app.If(msg != "", func() app.UI {
				return app.P().ID("login-error").Class("error").Attr("role", "alert").Text(msg)
			}),
			app.FieldSet().Class("modes").Body(
				app.Legend().Text("Login cookie"),
				modeChoice(api.ModeSecure, !l.tutorial, "Signed session (secure, the default)",
					"An HttpOnly, SameSite=Lax cookie signed with HMAC-SHA256 — __Host-session where the browser allows the prefix. Scripts cannot read it, and any change to it logs you out."),
				modeChoice(api.ModeTutorial, l.tutorial, "Tutorial cookie (insecure experiment)",
					"The tutorial's plain username=NAME cookie. Any script on the page can read it — and rewrite it to become someone else: try it in the cookie jar's tamper lab."),
			),
			app.Button().Type("submit").Text("Log in"),
			offlineMessage(l.offlineMsg),
		),
	)
}

func (l *login) onSubmit(ctx app.Context, e app.Event) { l.offlineMsg = holdWhenOffline(e) }

// modeChoice renders one login mode's radio button with its explanation.
func modeChoice(mode string, checked bool, label, hint string) app.UI {
	id := "mode-" + mode
	return app.Div().Class("field check mode").Body(
		app.Input().Type("radio").Name("mode").ID(id).Value(mode).Checked(checked),
		app.Label().For(id).Text(label),
		app.P().Class("hint").Text(hint),
	)
}

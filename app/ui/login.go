package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// LoginStatusParam carries, in a redirect to /login, what just happened:
// LoginStatusLoggedOut after POST /logout.
const (
	LoginStatusParam     = "status"
	LoginStatusLoggedOut = "logged-out"
)

// login is the "/login" page, where a newcomer lands: the start page. It
// says what the playground shows, walks through the tutorial, opens the
// doors to the rest, and holds the tutorial's login form, which posts
// natively, so it works before the wasm loads and without JavaScript.
type login struct {
	app.Compo

	offlineMsg string

	errorCode string
	status    string // LoginStatus*
	username  string
	tutorial  bool   // the tutorial's insecure mode was chosen
	current   string // who is logged in already, if anyone
}

func newLogin() *login { return &login{} }

// OnPreRender shows the error or the status, fixed messages chosen by
// code, and who is logged in. The typed username is left for the browser
// to fill in: go-app v10.1.11 quotes pre-rendered attribute values with Go
// quoting, not HTML escaping, so request data in an attribute would be
// markup injection.
func (l *login) OnPreRender(ctx app.Context) {
	q := ctx.Page().URL().Query()
	l.errorCode = q.Get("error")
	l.status = q.Get(LoginStatusParam)
	l.tutorial = q.Get("mode") == api.ModeTutorial
	l.current = q.Get(PrerenderUserParam)
}

// OnInit keeps, in the browser, who the server said is logged in.
func (l *login) OnInit() {
	if app.IsClient {
		l.current = prerenderedText("logged-in-name")
	}
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
	l.status = q.Get(LoginStatusParam)
	l.username = q.Get("username")
	l.tutorial = q.Get("mode") == api.ModeTutorial
}

func (l *login) Render() app.UI {
	return newShell().Active("/login").Content(
		app.H1().Text("See how cookies work, in your own browser"),
		startIntro(),
		tutorialPath(),
		doors(),
		l.renderForm(),
	)
}

func (l *login) renderForm() app.UI {
	msg := api.LoginErrorMessage(l.errorCode)
	input := app.Input().
		Type("text").
		ID("username").
		Name("username").
		Value(l.username).
		AutoComplete(false).
		Required(true)
	if msg != "" {
		input = input.Aria("invalid", "true").Aria("describedby", "login-error").AutoFocus(true)
	}
	return app.Section().ID("login").Class("login").Aria("labelledby", "login-title").Body(
		app.H2().ID("login-title").Text("Log in"),
		// Always there, so what it announces is heard, and so the form
		// after it is never rebuilt (go-app diffs children by position)
		// while the user types.
		app.Div().ID("login-status").Attr("role", "status").Body(
			app.If(l.current != "", func() app.UI {
				return app.Div().ID("logged-in-as").Body(
					app.P().Body(app.Text("You are logged in as "), app.Strong().ID("logged-in-name").Text(l.current)),
					app.P().Body(app.Text("Logging in again replaces your login cookie. Or "), app.A().Href("/logout").Text("log out")),
				)
			}).ElseIf(l.status == LoginStatusLoggedOut, func() app.UI {
				return app.P().ID("logged-out").Class("notice").Text("You are logged out: the server sent your login cookie back already expired, and your browser deleted it.")
			}),
		),
		app.P().Text("The tutorial's last part: logging in sets a cookie, and the home page reads it to greet you by name. Choose which cookie:"),
		app.Form().OnSubmit(l.onSubmit).Method("post").Action("/login").Class("form").Body(
			app.Label().For("username").Text("Username"),
			input,
			app.If(msg != "", func() app.UI {
				return app.P().ID("login-error").Class("error").Attr("role", "alert").Text(msg)
			}),
			app.FieldSet().Class("modes").Body(
				app.Legend().Text("Login cookie"),
				modeChoice(api.ModeSecure, !l.tutorial, "Signed session (safe, the default)",
					"Scripts on the page cannot read it, and any change to it logs you out."),
				modeChoice(api.ModeTutorial, l.tutorial, "Tutorial cookie (insecure, an experiment)",
					"A plain cookie holding your name: any script on the page can read it, and rewrite it to become someone else."),
			),
			app.Details().Class("tech").Body(
				app.Summary().Text("How the two login cookies work"),
				app.P().Text("The signed session is an HttpOnly, SameSite=Lax cookie whose value carries your name, when it was issued and when it expires, signed with HMAC-SHA256. It is called __Host-session where the browser allows that prefix (https, localhost and 127.0.0.1), which pins it to this host and Path=/; elsewhere it is called session."),
				app.P().Body(
					app.Text("The tutorial cookie is username=NAME for 30 days, readable by any script. The cookie jar's tamper lab rewrites it to become someone else, and fails against the signed session — "),
					app.A().Href("/jar").Text("try it in the cookie jar"),
				),
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
		app.Input().Type("radio").Name("mode").ID(id).Value(mode).Checked(checked).Aria("describedby", id+"-hint"),
		app.Label().For(id).Text(label),
		app.P().ID(id+"-hint").Class("hint").Text(hint),
	)
}

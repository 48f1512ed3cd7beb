package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// shell is the layout every page shares: header, navigation, content.
type shell struct {
	app.Compo

	Iactive  string
	Icontent []app.UI
}

func newShell() *shell { return &shell{} }

// Active sets the path of the page shown, highlighted in the navigation.
func (s *shell) Active(path string) *shell {
	s.Iactive = path
	return s
}

// Content sets the page's content.
func (s *shell) Content(v ...app.UI) *shell {
	s.Icontent = app.FilterUIElems(v...)
	return s
}

// OnMount marks the document once the wasm has rendered, for people
// measuring start-up and for the browser tests.
func (s *shell) OnMount(ctx app.Context) {
	app.Window().Get("document").Get("documentElement").Call("setAttribute", "data-wasm", "ready")
}

func (s *shell) Render() app.UI {
	return app.Div().Class("shell").Body(
		app.Header().Class("shell-header").Body(
			app.A().Href("/").Class("brand").Body(
				app.Img().Src("/web/icon.svg").Alt("").Class("brand-icon"),
				app.Span().Text("Cookie Playground"),
			),
			app.Nav().Class("shell-nav").Body(
				s.navLink("/", "Home"),
				s.navLink("/jar", "Cookie jar"),
				s.navLink("/login", "Log in"),
				s.navLink("/logout", "Log out"),
			),
		),
		app.Main().Class("shell-main").Body(s.Icontent...),
		app.Footer().Class("shell-footer").Body(
			app.Text("Tutorial routes: "),
			serverLink("/setcookie", "/setcookie"), app.Text(" · "),
			serverLink("/getcookie", "/getcookie"), app.Text(" · "),
			serverLink("/deletecookie", "/deletecookie"), app.Text(" · httpbin: "),
			serverLink("/cookies", "/cookies"),
		),
	)
}

func (s *shell) navLink(path, text string) app.UI {
	a := app.A().Href(path).Text(text)
	if path == s.Iactive {
		a = a.Class("active").Aria("current", "page")
	}
	return a
}

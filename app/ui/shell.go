package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// shell is the layout every page shares: header, navigation, the offline
// and update banners, content.
type shell struct {
	app.Compo

	Iactive  string
	Icontent []app.UI

	offline         bool
	updateAvailable bool
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

// How often the shell looks for the server while offline, and for a new
// version of the app while online.
const (
	reconnectEvery   = 3 * time.Second
	checkUpdateEvery = 10 * time.Minute
)

// OnMount marks the document once the wasm has rendered, for people
// measuring start-up and for the browser tests, and starts watching for
// the server's return and for new versions.
func (s *shell) OnMount(ctx app.Context) {
	app.Window().Get("document").Get("documentElement").Call("setAttribute", "data-wasm", "ready")
	markPerformance(MarkRendered)
	s.updateAvailable = ctx.AppUpdateAvailable()
	ctx.ObserveState(stateOffline, &s.offline).OnChange(func() {
		if s.offline {
			s.reconnect(ctx)
		}
	})
	s.offline = offline.Load()
	if s.offline {
		s.reconnect(ctx)
	}
	s.checkUpdate(ctx)
}

// OnNav names the page in the document's title: in the pre-rendered page,
// and again at every navigation in the browser.
func (s *shell) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("%s", pageTitle(ctx.Page().URL().Path))
}

// OnAppUpdate shows the update banner once a new version is installed.
func (s *shell) OnAppUpdate(ctx app.Context) {
	s.updateAvailable = ctx.AppUpdateAvailable()
}

// reconnect asks the server again and again while it is unreachable; the
// first answer clears stateOffline, and pages refresh.
func (s *shell) reconnect(ctx app.Context) {
	ctx.After(reconnectEvery, func(ctx app.Context) {
		if !s.Mounted() || !s.offline {
			return
		}
		ctx.Async(func() {
			fetchMe(ctx)
			ctx.Dispatch(func(ctx app.Context) {
				if s.offline {
					s.reconnect(ctx)
				}
			})
		})
	})
}

// checkUpdate asks the browser to look for a new service worker, now and
// then periodically; go-app then calls OnAppUpdate.
func (s *shell) checkUpdate(ctx app.Context) {
	app.TryUpdate()
	ctx.After(checkUpdateEvery, func(ctx app.Context) {
		if s.Mounted() {
			s.checkUpdate(ctx)
		}
	})
}

func (s *shell) Render() app.UI {
	return app.Div().Class("shell").Body(
		// Keyboard users skip the eight navigation links.
		inPageLink("content", "Skip to content").Class("skip-link"),
		app.Header().Class("shell-header").Body(
			app.A().Href("/").Class("brand").Body(
				// Decorative beside the name; go-app drops an empty alt, so
				// the icon is hidden from assistive technology instead.
				app.Img().Src("/web/icon.svg").Alt("").Attr("aria-hidden", "true").Class("brand-icon"),
				app.Span().Text(AppName),
			),
			app.Nav().Class("shell-nav").Body(
				s.navLink("/", "Home"),
				s.navLink("/jar", "Cookie jar"),
				s.navLink("/explain", "Explain"),
				s.navLink("/lab", "Lab"),
				s.navLink("/login", "Log in"),
				s.navLink("/logout", "Log out"),
				s.navLink("/about", "About"),
			),
		),
		// The banners live in a container that is always there: go-app
		// diffs children by position, so a banner appearing before <main>
		// would rebuild the page and lose the user's focus.
		// It is a live region, so a banner appearing in it is announced.
		app.Div().Class("banners").Aria("live", "polite").Body(
			// Shown only with JavaScript off, when the wasm never runs.
			app.NoScript().Body(
				app.P().ID("noscript").Class("noscript").Text(noScriptMessage),
			),
			app.If(s.updateAvailable, func() app.UI {
				return app.Div().ID("update-banner").Class("banner update").Body(
					app.Text("A new version is available — "),
					app.Button().ID("update-reload").Text("reload").OnClick(func(ctx app.Context, e app.Event) {
						ctx.Reload()
					}),
				)
			}),
			app.If(s.offline, func() app.UI {
				return app.Div().ID("offline-banner").Class("banner offline").Attr("role", "alert").Text(
					"Offline — the server is unreachable. Script-side cookies still work; server actions wait until it is back.")
			}),
		),
		app.Main().ID("content").Class("shell-main").Attr("tabindex", "-1").Body(s.Icontent...),
		app.Footer().Class("shell-footer").Body(
			app.Text("Tutorial routes: "),
			serverLink("/setcookie", "/setcookie"), app.Text(" · "),
			serverLink("/getcookie", "/getcookie"), app.Text(" · "),
			serverLink("/deletecookie", "/deletecookie"), app.Text(" · httpbin: "),
			serverLink("/cookies", "/cookies"),
		),
	)
}

// noScriptMessage says what works with JavaScript off: the pages read as
// pre-rendered, the links, and the forms the server handles itself.
const noScriptMessage = "JavaScript is off, so the playground cannot run here. " +
	"You can still read every page, follow the tutorial routes and log in or out; " +
	"the cookie jar, the explainer and the lab need JavaScript and WebAssembly."

func (s *shell) navLink(path, text string) app.UI {
	a := app.A().Href(path).Text(text)
	if path == s.Iactive {
		a = a.Class("active").Aria("current", "page")
	}
	return a
}

package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// about is the "/about" page: what the playground is, and how to install it
// as an app.
type about struct {
	app.Compo

	installed   bool
	installable bool
}

func newAbout() *about { return &about{} }

func (a *about) OnNav(ctx app.Context) {
	if app.IsServer {
		return // OnNav also runs while pre-rendering
	}
	a.readInstallState(ctx)
}

// OnAppInstallChange follows the browser's install prompt and the install
// itself.
func (a *about) OnAppInstallChange(ctx app.Context) { a.readInstallState(ctx) }

func (a *about) readInstallState(ctx app.Context) {
	a.installed = app.Window().Call("matchMedia", "(display-mode: standalone)").Get("matches").Bool()
	a.installable = ctx.IsAppInstallable()
}

func (a *about) Render() app.UI {
	status := "Not installed: you are using the playground in a browser tab."
	if a.installed {
		status = "Installed: you are using the playground as an app."
	}
	return newShell().Active("/about").Content(
		app.H1().Text("About the playground"),
		app.P().Class("lead").Text("Cookie Playground shows what scripts see of your cookies, what the server receives, and why the two differ — in your own browser, so every answer is your browser's."),
		app.H2().Text("Install it"),
		app.P().Text("In Chrome or Edge, choose \"Install Cookie Playground\" from the address bar's install icon or the browser menu; on a phone, choose \"Add to Home screen\". It then opens in its own window and its pages work without a network: cookies set from script still work offline, and server actions say when the server is unreachable."),
		app.P().ID("install-status").DataSet("installed", a.installed).Text(status),
		app.If(a.installable, func() app.UI {
			return app.Button().ID("install").Text("Install Cookie Playground").OnClick(func(ctx app.Context, e app.Event) {
				ctx.ShowAppInstallPrompt()
			})
		}),
		app.H2().Text("Version"),
		app.P().Body(app.Text("This build: "), app.Code().ID("version").Text(app.Getenv("GOAPP_VERSION"))),
	)
}

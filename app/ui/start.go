package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The start of the playground, shared by the start page (/login, where a
// newcomer lands) and a logged-in visitor's home (/): what it shows in
// plain words, the tutorial's three steps, and the doors to the rest.

// startIntro says in plain words what the playground is for.
func startIntro() app.UI {
	return app.P().Class("lead").Text("A cookie is a small note a website asks your browser to keep and to send back with every later request. This playground lets you watch that happen in your own browser: what scripts on the page can see, what the server receives, and why the two are not always the same.")
}

// tutorialPath lists the tutorial's three steps; each step's page leads
// to the next.
func tutorialPath() app.UI {
	return app.Section().Class("tutorial-path").Aria("labelledby", "tutorial-path-title").Body(
		app.H2().ID("tutorial-path-title").Text("Start here: the tutorial in three steps"),
		app.Ol().Class("steps").Body(
			app.Li().Body(serverLink("/setcookie", "Set a cookie"), app.Text(" — the server asks your browser to keep user=Aditya for seven days.")),
			app.Li().Body(serverLink("/getcookie", "Read it back"), app.Text(" — your browser sends it with the next request, and the server reads it.")),
			app.Li().Body(serverLink("/deletecookie", "Delete it"), app.Text(" — the server sends it again, already expired, and the browser drops it.")),
		),
	)
}

// doors leads on to the jar, the explainer and the lab.
func doors() app.UI {
	return app.Section().Class("doors").Aria("labelledby", "doors-title").Body(
		app.H2().ID("doors-title").Text("Then explore"),
		app.Div().Class("cards").Body(
			door("/jar", "Open the cookie jar", "Every cookie this site gave your browser, side by side: what scripts see and what the server received. Set, edit and delete them."),
			door("/explain", "Ask why a cookie was refused", "Paste a Set-Cookie line and see, attribute by attribute, what a browser keeps, ignores or rejects, and why."),
			door("/lab", "Run the experiments", "Twelve short experiments, one per cookie rule (HttpOnly, Path, Secure, SameSite…), run in this browser and compared with the rules."),
		),
	)
}

func door(href, title, text string) app.UI {
	return app.Div().Class("card door").Body(
		app.H3().Body(app.A().Href(href).Text(title)),
		app.P().Text(text),
	)
}

// prerenderedText returns the text of element id as the server
// pre-rendered it, read in the browser before the wasm's first render
// replaces the page. What the server knew of the request (who is logged
// in, what a tutorial route sent) reaches that first render this way, so
// nothing flickers; later answers from the server take over.
func prerenderedText(id string) string {
	if !app.IsClient {
		return ""
	}
	e := app.Window().GetElementByID(id)
	if !e.Truthy() {
		return ""
	}
	return e.Get("textContent").String()
}

// prerenderedData returns the data-name attribute of element id, as
// prerenderedText does.
func prerenderedData(id, name string) string {
	if !app.IsClient {
		return ""
	}
	e := app.Window().GetElementByID(id)
	if !e.Truthy() {
		return ""
	}
	v := e.Call("getAttribute", "data-"+name)
	if !v.Truthy() {
		return ""
	}
	return v.String()
}

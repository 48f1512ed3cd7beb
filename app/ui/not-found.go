package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// notFound is the page of every path no other page claims; the server
// answers it with status 404.
type notFound struct {
	app.Compo
}

func newNotFound() *notFound { return &notFound{} }

func (n *notFound) Render() app.UI {
	return newShell().Content(
		app.H1().Text("Page not found"),
		app.P().Class("lead").Text("There is no page at this address. Perhaps one of these?"),
		app.Ul().Class("steps").Body(
			app.Li().Body(app.A().Href("/login").Text("The start page"), app.Text(" — what the playground shows, and where to begin")),
			app.Li().Body(app.A().Href("/jar").Text("The cookie jar")),
			app.Li().Body(app.A().Href("/explain").Text("The Set-Cookie explainer")),
			app.Li().Body(app.A().Href("/lab").Text("The flags lab")),
		),
	)
}

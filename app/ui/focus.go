package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// focusField moves focus to the input id once the page has rendered, and
// scrolls it into view: a form filled out of sight is easily missed.
func focusField(ctx app.Context, id string) {
	ctx.Defer(func(ctx app.Context) {
		el := app.Window().GetElementByID(id)
		if !el.Truthy() {
			return
		}
		el.Call("scrollIntoView", map[string]any{"block": "center"})
		el.Call("focus", map[string]any{"preventScroll": true})
	})
}

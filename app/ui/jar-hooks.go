package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// rowHooks are the data attributes every jar row carries, empty ones
// included. go-app drops an attribute whose value is empty, so
// keepEmptyHooks puts those back.
var rowHooks = []any{"data-domain", "data-path", "data-expires", "data-same-site", "data-secure", "data-partitioned"}

// keepEmptyHooks watches the jar's table and gives each row every hook,
// empty when go-app left it out: a session cookie's data-expires is ""
// rather than missing. It returns the function that stops watching.
func keepEmptyHooks() (stop func()) {
	if !app.IsClient {
		return func() {}
	}
	fill := app.FuncOf(func(this app.Value, args []app.Value) any {
		rows := app.Window().Get("document").Call("querySelectorAll", "#jar tr[data-cookie]")
		for i := range rows.Length() {
			r := rows.Index(i)
			for _, h := range rowHooks {
				if !r.Call("hasAttribute", h).Bool() {
					r.Call("setAttribute", h, "")
				}
			}
		}
		return nil
	})
	obs := app.Window().Get("MutationObserver").New(fill)
	obs.Call("observe", app.Window().Get("document").Get("body"), map[string]any{
		"childList": true, "subtree": true, "attributes": true, "attributeFilter": rowHooks,
	})
	return func() {
		obs.Call("disconnect")
		fill.Release()
	}
}

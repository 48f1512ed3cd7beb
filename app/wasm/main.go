// Command wasm is the Cookie Playground's browser side, built to
// web/app.wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/ui"
)

func main() {
	ui.MarkGoStarted()
	ui.Register()
	app.RunWhenOnBrowser()
}

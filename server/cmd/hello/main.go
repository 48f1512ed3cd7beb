// Command hello is go-app's hello world, the reference point of the
// playground's load benchmarks (server/cmd/bench): one file built twice, as
// web/app.wasm (GOOS=js GOARCH=wasm) and as the server that serves it.
//
// It differs from go-app's own example in two places only: the server listens
// on -addr, and the icons are local files (/web/icon.png, /web/icon.svg),
// because go-app's default icons live on raw.githubusercontent.com, which a
// benchmark must not need (the service worker's install would fail without
// it). The server serves ./web, so run it from the folder that holds
// web/app.wasm and the icons; server/cmd/bench writes them there.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hello is a component that displays a simple "Hello World!".
type hello struct {
	app.Compo
}

// Render returns what the component displays.
func (h *hello) Render() app.UI {
	return app.H1().Text("Hello World!")
}

func main() {
	// The routes, on both sides.
	app.Route("/", func() app.Composer { return &hello{} })

	// In the browser: run the app. It never returns there.
	app.RunWhenOnBrowser()

	// On the server: serve the app.
	addr := flag.String("addr", ":8000", "address to listen on")
	flag.Parse()
	http.Handle("/", &app.Handler{
		Name:        "Hello",
		Description: "An Hello World! example",
		Icon: app.Icon{
			Default: "/web/icon.png",
			Large:   "/web/icon.png",
			SVG:     "/web/icon.svg",
		},
	})
	if err := http.ListenAndServe(*addr, nil); err != nil {
		log.Fatal(err)
	}
}

// Package ui holds the Cookie Playground's go-app components. The wasm build
// runs them in the browser; the server pre-renders them.
package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// PrerenderUserParam is the query parameter through which the server hands
// the logged-in username to the pre-rendering of "/". go-app pre-renders
// from the URL alone; the server drops any client-sent value.
const PrerenderUserParam = "prerender-user"

// PrerenderModeParam likewise hands over how that user logged in.
const PrerenderModeParam = "prerender-mode"

var registerOnce sync.Once

// Register routes every page of the UI. It is the only caller of
// app.Route; the wasm main and the server both call it, once or more.
func Register() {
	registerOnce.Do(func() {
		app.Route("/", func() app.Composer { return newHome() })
		app.Route("/about", func() app.Composer { return newAbout() })
		app.Route("/explain", func() app.Composer { return newExplain() })
		app.Route("/jar", func() app.Composer { return newJar() })
		app.Route("/lab", func() app.Composer { return newLab() })
		app.Route("/login", func() app.Composer { return newLogin() })
		app.Route("/logout", func() app.Composer { return newLogout() })
	})
}

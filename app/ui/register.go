// Package ui holds the Cookie Playground's go-app components. The wasm build
// runs them in the browser; the server pre-renders them.
package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// PrerenderPrefix starts every query parameter through which the server
// hands what it read from a request to the pre-rendering of a page. go-app
// pre-renders from the URL alone; the server drops any client-sent
// parameter with this prefix.
const PrerenderPrefix = "prerender-"

// PrerenderUserParam hands over the logged-in username.
const PrerenderUserParam = "prerender-user"

// PrerenderModeParam likewise hands over how that user logged in.
const PrerenderModeParam = "prerender-mode"

// The tutorial routes' pages: the sentence the route answers, the
// Set-Cookie line it sent, the Cookie header it received, and the Cookie
// header the browser will send from now on.
const (
	PrerenderSentenceParam = "prerender-sentence"
	PrerenderSentParam     = "prerender-sent"
	PrerenderReceivedParam = "prerender-received"
	PrerenderHoldsParam    = "prerender-holds"
)

var registerOnce sync.Once

// Register routes every page of the UI. It is the only caller of
// app.Route; the wasm main and the server both call it, once or more.
func Register() {
	registerOnce.Do(func() {
		app.Route("/", func() app.Composer { return newHome() })
		app.Route("/about", func() app.Composer { return newAbout() })
		app.Route("/deletecookie", func() app.Composer { return newTutorialStep() })
		app.Route("/explain", func() app.Composer { return newExplain() })
		app.Route("/getcookie", func() app.Composer { return newTutorialStep() })
		app.Route("/jar", func() app.Composer { return newJar() })
		app.Route("/lab", func() app.Composer { return newLab() })
		app.Route("/login", func() app.Composer { return newLogin() })
		app.Route("/logout", func() app.Composer { return newLogout() })
		app.Route("/setcookie", func() app.Composer { return newTutorialStep() })
		// Last, and only after every exact route: any other path.
		app.RouteWithRegexp("^/", func() app.Composer { return newNotFound() })
	})
}

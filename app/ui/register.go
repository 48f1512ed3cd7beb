// Package ui holds the Cookie Playground's go-app components. The wasm build
// runs them in the browser; the server pre-renders them.
package ui

import (
	"slices"
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

// AppName names the playground, in every page's title and its header.
const AppName = "Cookie Playground"

// page is one page of the UI: its path, what its title calls it, and its
// component.
type page struct {
	path, title string
	new         func() app.Composer
}

// pages lists every page but "not found". A page's title names it first,
// then the playground ("Cookie jar · Cookie Playground"), so that tabs,
// the history and a screen reader's first words tell pages apart
// (WCAG 2.2 §2.4.2).
var pages = []page{
	{"/", "Greeting", func() app.Composer { return newHome() }},
	{"/about", "About", func() app.Composer { return newAbout() }},
	{"/deletecookie", "Tutorial, step 3: delete the cookie", func() app.Composer { return newTutorialStep() }},
	{"/explain", "Set-Cookie explainer", func() app.Composer { return newExplain() }},
	{"/getcookie", "Tutorial, step 2: read the cookie", func() app.Composer { return newTutorialStep() }},
	{"/jar", "Cookie jar", func() app.Composer { return newJar() }},
	{"/lab", "Flags lab", func() app.Composer { return newLab() }},
	{"/login", "Log in", func() app.Composer { return newLogin() }},
	{"/logout", "Log out", func() app.Composer { return newLogout() }},
	{"/setcookie", "Tutorial, step 1: set a cookie", func() app.Composer { return newTutorialStep() }},
}

// notFoundTitle is the title of every path no page claims.
const notFoundTitle = "Page not found"

// pageTitle returns the document title of the page at path.
func pageTitle(path string) string {
	title := notFoundTitle
	if i := slices.IndexFunc(pages, func(p page) bool { return p.path == path }); i >= 0 {
		title = pages[i].title
	}
	return title + " · " + AppName
}

var registerOnce sync.Once

// Register routes every page of the UI. It is the only caller of
// app.Route; the wasm main and the server both call it, once or more.
func Register() {
	registerOnce.Do(func() {
		for _, p := range pages {
			app.Route(p.path, p.new)
		}
		// Last, and only after every exact route: any other path.
		app.RouteWithRegexp("^/", func() app.Composer { return newNotFound() })
	})
}

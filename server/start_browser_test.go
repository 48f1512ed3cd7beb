package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The first five minutes: the start page, the login and logout messages,
// the not-found page and the keyboard, in Chromium.

// doorsJS lists the hrefs of the page's doors to the rest of the app.
const doorsJS = `[...document.querySelectorAll(".doors a")].map(a => a.getAttribute("href"))`

func TestBrowserStartPage(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)

	// A stranger at / lands on /login, the start page.
	run(t, ctx, openApp(ts.URL+"/"))
	if got := eval[string](t, ctx, "location.pathname"); got != "/login" {
		t.Fatalf("logged out, / ends at %s; want /login", got)
	}
	if got := eval[[]string](t, ctx, doorsJS); fmt.Sprint(got) != "[/jar /explain /lab]" {
		t.Errorf("start page doors = %v; want [/jar /explain /lab]", got)
	}
	steps := eval[[]string](t, ctx, `[...document.querySelectorAll(".tutorial-path li a")].map(a => a.getAttribute("href"))`)
	if fmt.Sprint(steps) != "[/setcookie /getcookie /deletecookie]" {
		t.Errorf("tutorial steps = %v; want the three tutorial routes in order", steps)
	}
	// Plain words first; the technical detail is one click away.
	shown := eval[string](t, ctx, `document.querySelector("main").innerText`)
	for _, jargon := range []string{"HMAC", "__Host-"} {
		if strings.Contains(shown, jargon) {
			t.Errorf("the start page shows %q before any click", jargon)
		}
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("details.tech summary")))
	waitTextContains(t, ctx, "details.tech", "HMAC-SHA256")
	if !eval[bool](t, ctx, `document.querySelector("#login form #username") !== null && document.querySelectorAll("#login input[name=mode]").length === 2`) {
		t.Error("the start page lacks the login form with its two modes")
	}

	// Logged in, / greets and opens the same doors.
	run(t, ctx, login(ts.URL, "Grace"), chromedp.WaitReady(chromedp.CSS(`#greeting[data-confirmed=true]`)))
	waitText(t, ctx, "#greeting", "Welcome back, Grace!")
	if got := eval[[]string](t, ctx, doorsJS); fmt.Sprint(got) != "[/jar /explain /lab]" {
		t.Errorf("home doors = %v; want [/jar /explain /lab]", got)
	}
	// Headings go down one level at a time.
	levels := eval[[]int](t, ctx, `[...document.querySelectorAll("main h1, main h2, main h3, main h4")].map(h => +h.tagName[1])`)
	for i := 1; i < len(levels); i++ {
		if levels[i] > levels[i-1]+1 {
			t.Errorf("/ jumps from h%d to h%d", levels[i-1], levels[i])
		}
	}
}

// TestBrowserGreetingDoesNotFlicker records every text the greeting shows
// from the first byte of the page: in secure mode the name stays put while
// the wasm starts and asks the server.
func TestBrowserGreetingDoesNotFlicker(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Grace"), chromedp.WaitReady(chromedp.CSS(`#greeting[data-confirmed=true]`)))
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__greetings = [];
new MutationObserver(() => {
	const g = document.getElementById("greeting");
	const s = g ? g.textContent.trim() : "(none)";
	if (window.__greetings[window.__greetings.length - 1] !== s) window.__greetings.push(s);
}).observe(document, {subtree: true, childList: true, characterData: true});`,
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, openApp(ts.URL+"/"), chromedp.WaitReady(chromedp.CSS(`#greeting[data-confirmed=true]`)))
	seen := eval[[]string](t, ctx, `window.__greetings.filter(s => s !== "(none)")`)
	if len(seen) == 0 {
		t.Fatal("the greeting was never seen")
	}
	for _, s := range seen {
		if s != "Welcome back, Grace!" {
			t.Errorf("the greeting read %q along the way (all: %q); want only %q", s, seen, "Welcome back, Grace!")
			break
		}
	}
}

func TestBrowserLogoutMessages(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Grace"), openApp(ts.URL+"/logout"))
	waitText(t, ctx, "h1", "Log out Grace?")
	if got := text(t, ctx, "main"); strings.Contains(got, "username cookie") || !strings.Contains(got, "session cookie") {
		t.Errorf("secure-mode /logout says %q; want the session cookie, not the username cookie", got)
	}
	run(t, ctx, navigatingBy(chromedp.Click(chromedp.CSS("#logout-button"))), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
	if got := eval[string](t, ctx, "location.pathname"); got != "/login" {
		t.Errorf("after logout the page is %s; want /login", got)
	}
	waitTextContains(t, ctx, "#login-status #logged-out", "You are logged out")
	for name := range browserCookies(t, ctx) {
		if strings.Contains(name, "session") {
			t.Errorf("%s survived logout", name)
		}
	}

	// Nobody logged in: no button that would do nothing.
	run(t, ctx, openApp(ts.URL+"/logout"))
	waitText(t, ctx, "h1", "Nobody is logged in")
	if n := eval[int](t, ctx, `document.querySelectorAll("#logout-button").length`); n != 0 {
		t.Error("/logout offers a logout button with nobody logged in")
	}
}

// TestBrowserLoginWithoutJavaScript logs in with scripts off: the
// pre-rendered form must choose the secure mode, not the insecure one.
func TestBrowserLoginWithoutJavaScript(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(ts.URL+"/login"))
	checked := func(id string) bool {
		t.Helper()
		// Scripts are off in the page; the DevTools protocol still reads it.
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#"+id+":checked"), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatal(err)
		}
		return len(nodes) == 1
	}
	if !checked("mode-secure") || checked("mode-tutorial") {
		t.Fatalf("without JavaScript: secure checked %v, tutorial checked %v; want true, false", checked("mode-secure"), checked("mode-tutorial"))
	}
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#username"), "Grace"),
		navigatingBy(chromedp.Submit(chromedp.CSS("#username"))),
	)
	cookies := browserCookies(t, ctx)
	if _, ok := cookies["username"]; ok {
		t.Error("a login without JavaScript set the tutorial's insecure username cookie")
	}
	if _, ok := cookies["__Host-session"]; !ok {
		t.Errorf("a login without JavaScript set %v; want __Host-session", keys(cookies))
	}
}

func TestBrowserNotFoundPage(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/no/such/page"))
	waitText(t, ctx, "h1", "Page not found")
	links := eval[[]string](t, ctx, `[...document.querySelectorAll("main a, nav a")].map(a => a.getAttribute("href"))`)
	for _, want := range []string{"/login", "/jar", "/explain", "/lab"} {
		if !strings.Contains(fmt.Sprint(links), want) {
			t.Errorf("the not-found page has no link to %s (links: %v)", want, links)
		}
	}
}

// focusStyleJS describes how the focused element shows its focus:
// "" when it shows it (or nothing is focused), else which element hides it.
const focusStyleJS = `(() => {
	const e = document.activeElement;
	if (e === document.body) return ""; // past the last control
	const s = getComputedStyle(e);
	const shown = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
	return shown ? "" : e.tagName + (e.id ? "#" + e.id : "") + " " + (e.getAttribute("aria-label") || e.textContent.trim().slice(0, 30));
})()`

// TestBrowserKeyboard checks, keyboard only: the skip link comes first and
// moves the focus to the content; every control the Tab key reaches shows
// its focus; the lab's Run buttons say which experiment they run.
func TestBrowserKeyboard(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	for _, path := range []string{"/login", "/explain", "/lab"} {
		run(t, ctx, openApp(ts.URL+path), chromedp.KeyEvent(kb.Tab))
		if got := eval[string](t, ctx, `document.activeElement.textContent.trim()`); got != "Skip to content" {
			t.Fatalf("%s: the first Tab stop is %q; want the skip link", path, got)
		}
		if msg := eval[string](t, ctx, focusStyleJS); msg != "" {
			t.Errorf("%s: the skip link shows no focus", path)
		}
		run(t, ctx, chromedp.KeyEvent(kb.Enter))
		if got := eval[string](t, ctx, `document.activeElement.id`); got != "content" {
			t.Errorf("%s: the skip link moved the focus to #%s; want #content", path, got)
		}
		// The next 40 stops, every one visibly focused.
		var unseen []string
		for range 40 {
			run(t, ctx, chromedp.KeyEvent(kb.Tab))
			if msg := eval[string](t, ctx, focusStyleJS); msg != "" {
				unseen = append(unseen, msg)
			}
		}
		if len(unseen) > 0 {
			t.Errorf("%s: focus is not visible on %q", path, unseen)
		}
	}
	// /lab is open: its buttons' names are told apart.
	names := eval[[]string](t, ctx, `[...document.querySelectorAll("main button")].map(b => b.getAttribute("aria-label") || b.textContent.trim())`)
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("two buttons on /lab are both named %q", n)
		}
		seen[n] = true
	}
	if !seen["Run experiment 1: HttpOnly hides a cookie from scripts"] {
		t.Errorf("the first Run button's name does not say its experiment: %q", names)
	}
}

// TestBrowserScreenshotStartPage takes the README's screenshots of the
// start page and of a tutorial step; COOKIEPLAY_SCREENSHOTS=1 (./build.sh
// screenshots) stores them.
func TestBrowserScreenshotStartPage(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	for _, shot := range []struct{ name, path, ready string }{
		{"start.png", "/login", "#login"},
		{"tutorial.png", "/setcookie", "#tutorial-script"}, // read from the browser
	} {
		run(t, ctx,
			chromedp.EmulateViewport(1100, 760),
			openApp(ts.URL+shot.path),
			chromedp.WaitReady(chromedp.CSS(shot.ready)),
			void(chromedp.Poll[bool](`[...document.images].every(i => i.complete)`)), // the logo
			chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`),
		)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveScreenshot(t, shot.name, png)
	}
}

// TestBrowserTitleFollowsNavigation: moving between pages inside the app,
// without loading a page from the server, the document's title names the
// page reached.
func TestBrowserTitleFollowsNavigation(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	// A mark on the window survives only navigation inside the app.
	eval[bool](t, ctx, `window.stayedInApp = true`)
	for _, step := range []struct{ link, h1, title string }{
		{"/explain", "Set-Cookie explainer", "Set-Cookie explainer · Cookie Playground"},
		{"/about", "About the playground", "About · Cookie Playground"},
		{"/jar", "Cookie jar", "Cookie jar · Cookie Playground"},
	} {
		run(t, ctx, chromedp.Click(chromedp.CSS(`.shell-nav a[href="`+step.link+`"]`)))
		waitText(t, ctx, "h1", step.h1)
		if got := eval[string](t, ctx, `document.title`); got != step.title {
			t.Errorf("after the link to %s, the title is %q; want %q", step.link, got, step.title)
		}
	}
	if !eval[bool](t, ctx, `window.stayedInApp === true`) {
		t.Error("a link loaded a page from the server; want navigation inside the app")
	}
}

package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Regression tests for the jar's defects of issue 12.

// TestBrowserJarLongValuesNeverWidenThePage: a 2,000-byte value, the
// secure login's session and an HttpOnly long value fit the screen at
// 390 px and 1280 px, cut with "Show all" and "Copy", and still fit shown
// in full.
func TestBrowserJarLongValuesNeverWidenThePage(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	long := strings.Repeat("x", 2000)
	run(t, ctx,
		login(ts.URL, "grace"),
		// An HttpOnly change is invisible to the page: make it before.
		void(chromedp.Evaluate[int](`fetch("/api/cookies", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({name: "hidden_long", value: "y".repeat(2000), http_only: true})}).then(r => r.status)`,
			chromedp.EvalAwaitPromise)),
		openApp(ts.URL+"/jar"),
		writeCookie("long="+long),
		waitRow("long", true, true),
		waitRow("hidden_long", false, true),
		waitRow("__Host-session", false, true),
	)
	if got := text(t, ctx, `tr[data-cookie="long"] td.script code`); len(got) > 100 {
		t.Errorf("the long value is shown whole (%d bytes); want it cut", len(got))
	}
	if got := attr(t, ctx, `tr[data-cookie="long"] td.script button.show-value`, "aria-label"); got != "Show all of long" {
		t.Errorf("show button's accessible name = %q; want %q", got, "Show all of long")
	}
	checkWidths := func(step string) {
		t.Helper()
		for _, w := range []int64{390, 1280} {
			run(t, ctx, chromedp.EmulateViewport(w, 900))
			scroll := eval[int64](t, ctx, `document.documentElement.scrollWidth`)
			if scroll > w {
				t.Errorf("%s at %d px: the page is %d px wide", step, w, scroll)
			}
		}
	}
	checkWidths("values cut")
	run(t, ctx, rowButton("long", "show-value"))
	waitText(t, ctx, `tr[data-cookie="long"] td.script code`, long)
	checkWidths("value shown in full")
}

// TestBrowserJarDeleteFromServerEscapesNamesOnce: names with "#", "%" and a
// space reach the server as they are, and Chromium drops each.
func TestBrowserJarDeleteFromServerEscapesNamesOnce(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	for _, name := range []string{"a#b", "pct%41"} {
		run(t, ctx,
			clearField("#server-name"), clearField("#server-value"),
			setFromServerForm(name, "v", false),
			waitRow(name, true, true),
			rowButton(name, "delete-server"),
			waitNoRow(name),
		)
		if c, ok := browserCookies(t, ctx)[name]; ok {
			t.Errorf("%s is still in Chromium's store after Delete (server): %+v", name, c)
		}
		if got := text(t, ctx, "#notice"); !strings.Contains(got, "Set-Cookie: "+name+"=;") {
			t.Errorf("notice after deleting %s = %q; want the Set-Cookie that expires it", name, got)
		}
	}
	// A script may set a name that is no token; browsers keep it, and the
	// server's deletion names it as it is.
	run(t, ctx,
		writeCookie("my cookie=1"),
		waitRow("my cookie", true, true),
		rowButton("my cookie", "delete-server"),
		waitNoRow("my cookie"),
	)
	if c, ok := browserCookies(t, ctx)["my cookie"]; ok {
		t.Errorf("my cookie is still in Chromium's store after Delete (server): %+v", c)
	}
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "Set-Cookie: my cookie=;") {
		t.Errorf("notice after deleting my cookie = %q; want the Set-Cookie that expires it", got)
	}
}

// TestBrowserJarSameNameUnderTwoPathsIsTwoCookies: dup at / and dup at
// /jar are two rows, each with its own views, and Delete acts on its own.
func TestBrowserJarSameNameUnderTwoPathsIsTwoCookies(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		writeCookie("dup=root; path=/"),
		writeCookie("dup=jar; path=/jar"),
		chromedp.WaitReady(chromedp.CSS(rowAt("dup", "/jar")+`[data-script-visible="true"][data-server-visible="false"]`)),
		chromedp.WaitReady(chromedp.CSS(rowAt("dup", "/")+`[data-script-visible="true"][data-server-visible="true"]`)),
	)
	if got := text(t, ctx, rowAt("dup", "/")+" td.server"); got != "root" {
		t.Errorf("dup at / server column = %q; want root", got)
	}
	if got := text(t, ctx, rowAt("dup", "/jar")+" td.script"); got != "jar" {
		t.Errorf("dup at /jar script column = %q; want jar", got)
	}
	if got := text(t, ctx, rowAt("dup", "/jar")+" td.why"); !strings.Contains(got, "Path /jar does not cover /api/cookies") {
		t.Errorf("dup at /jar why = %q; want the path as the reason", got)
	}
	if got := attr(t, ctx, rowAt("dup", "/jar")+" button.delete-script", "aria-label"); got != "Delete dup at /jar (script)" {
		t.Errorf("delete button's accessible name = %q", got)
	}
	run(t, ctx,
		chromedp.Click(chromedp.CSS(rowAt("dup", "/jar")+" button.delete-script")),
		chromedp.WaitNotPresent(chromedp.CSS(rowAt("dup", "/jar"))),
	)
	c, ok := browserCookies(t, ctx)["dup"]
	if !ok || c.Path != "/" || c.Value != "root" {
		t.Errorf("Chromium's store has dup = %+v; want the one at / (root) kept", c)
	}
}

// TestBrowserJarExpiredCookiesLeave: cookies that expire leave the jar by
// themselves, a script's and an HttpOnly one the server set.
func TestBrowserJarExpiredCookiesLeave(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		chromedp.SendKeys(chromedp.CSS("#server-max_age"), "6"),
		setFromServerForm("brief_hidden", "1", true),
		writeCookie("brief=1; max-age=6"),
		waitRow("brief", true, true),
		waitRow("brief_hidden", false, true),
	)
	refreshes := attr(t, ctx, "#jar", "data-refreshes")
	run(t, ctx, waitNoRow("brief"), waitNoRow("brief_hidden"))
	if got := attr(t, ctx, "#jar", "data-refreshes"); got == refreshes {
		t.Errorf("the rows left without the jar reading again")
	}
	if got := eval[string](t, ctx, `document.querySelector('#timeline li[data-cookie="brief"][data-kind="deleted"]')?.textContent ?? ""`); !strings.Contains(got, "it expired") {
		t.Errorf("timeline says %q; want brief deleted because it expired", got)
	}
}

// TestBrowserJarServerFormSuggestsNoLoginCookie: the server form's example
// name is not a name the login uses.
func TestBrowserJarServerFormSuggestsNoLoginCookie(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	got := attr(t, ctx, "#server-name", "placeholder")
	for _, login := range []string{"session", "__Host-session", "username"} {
		if got == login {
			t.Errorf("server form's placeholder name = %q, the login cookie's name", got)
		}
	}
}

// TestBrowserJarEditCopiesAttributesAndFocuses: Edit brings the form into
// view with focus, and carries the cookie's attributes, not just its value.
func TestBrowserJarEditCopiesAttributesAndFocuses(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		chromedp.EmulateViewport(1280, 700),
		openApp(ts.URL+"/jar"),
		writeCookie("pref=compact; path=/jar; max-age=86400; samesite=strict"),
		waitRow("pref", true, false),
		rowButton("pref", "edit"),
		waitValue("#script-value", "compact"),
		void(chromedp.Poll[bool](`document.activeElement?.id === "script-value"`)),
	)
	for sel, want := range map[string]string{"#script-path": "/jar", "#script-same_site": "Strict", "#script-name": "pref"} {
		if got := eval[string](t, ctx, `document.querySelector("`+sel+`").value`); got != want {
			t.Errorf("%s = %q after Edit; want %q", sel, got, want)
		}
	}
	exp := eval[string](t, ctx, `document.querySelector("#script-expires").value`)
	if at, err := time.Parse(time.RFC3339, exp); err != nil || at.IsZero() {
		t.Errorf("#script-expires = %q after Edit; want the cookie's expiry in RFC 3339", exp)
	}
	if !eval[bool](t, ctx, `(() => { const r = document.querySelector("#script-value").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Error("the edited field is out of view")
	}
	// Saving changes the value and keeps the path.
	run(t, ctx,
		clearField("#script-value"),
		chromedp.SendKeys(chromedp.CSS("#script-value"), "roomy"),
		chromedp.Click(chromedp.CSS("#script-set")),
	)
	waitText(t, ctx, rowAt("pref", "/jar")+" td.script", "roomy")
	c := browserCookies(t, ctx)["pref"]
	if c == nil || c.Path != "/jar" || c.Value != "roomy" || string(c.SameSite) != "Strict" {
		t.Errorf("Chromium's store has pref = %+v; want roomy at /jar, SameSite Strict", c)
	}
}

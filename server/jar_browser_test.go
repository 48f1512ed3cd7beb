package server_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBrowserHttpOnlyCookieIsHiddenFromScripts(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		setFromServerForm("secret", "s3cr3t", true),
		waitRow("secret", false, true),
	)

	if got := eval[string](t, ctx, "document.cookie"); strings.Contains(got, "secret") {
		t.Errorf("document.cookie = %q; an HttpOnly cookie must not appear", got)
	}
	c, ok := browserCookies(t, ctx)["secret"]
	if !ok || !c.HTTPOnly || c.Value != "s3cr3t" {
		t.Fatalf("Chromium's store has secret = %+v; want an HttpOnly cookie with value s3cr3t", c)
	}
	server := text(t, ctx, `tr[data-cookie="secret"] td.server`)
	script := text(t, ctx, `tr[data-cookie="secret"] td.script`)
	why := text(t, ctx, `tr[data-cookie="secret"] td.why`)
	if server != "s3cr3t" || !strings.Contains(script, "hidden") || !strings.Contains(why, "HttpOnly") {
		t.Errorf("row shows server %q, script %q, why %q; want the value, \"hidden\" and an HttpOnly explanation", server, script, why)
	}
	if got := text(t, ctx, "#server-result"); got != "Set-Cookie: secret=s3cr3t; Path=/; HttpOnly" {
		t.Errorf("server form result = %q", got)
	}
}

func TestBrowserScriptFormSetsCookieBothViewsSee(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		setFromScriptForm("theme", "dark"),
		waitRow("theme", true, true),
	)
	if got := eval[string](t, ctx, "document.cookie"); got != "theme=dark" {
		t.Errorf("document.cookie = %q; want theme=dark", got)
	}
	c, ok := browserCookies(t, ctx)["theme"]
	if !ok || c.HTTPOnly || c.Path != "/" {
		t.Errorf("Chromium's store has theme = %+v; want a script-visible cookie at Path=/", c)
	}
	if got := text(t, ctx, `tr[data-cookie="theme"] td.server`); got != "dark" {
		t.Errorf("server column = %q; want dark", got)
	}
}

func TestBrowserScriptCannotSetHttpOnly(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	disabled := eval[bool](t, ctx, `document.querySelector("#script-http_only").disabled`)
	why := text(t, ctx, "#script-http_only-why")
	if !disabled || !strings.Contains(why, "only a server") {
		t.Errorf("script form's HttpOnly box: disabled %v, reason %q; want disabled with the reason", disabled, why)
	}
	// The browser's own verdict: a script write with HttpOnly is ignored.
	eval[chromedp.Void](t, ctx, `document.cookie = "sneaky=1; path=/; httponly"`)
	if _, ok := browserCookies(t, ctx)["sneaky"]; ok {
		t.Error("Chromium stored a cookie written by script with HttpOnly")
	}
}

func TestBrowserDeleteFromScriptAndFromServer(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		setFromScriptForm("theme", "dark"),
		waitRow("theme", true, true),
		rowButton("theme", "delete-script"),
		waitNoRow("theme"),
	)
	if _, ok := browserCookies(t, ctx)["theme"]; ok {
		t.Error("theme is still in Chromium's store after deleting it from script")
	}

	run(t, ctx,
		setFromServerForm("secret", "s3cr3t", true),
		waitRow("secret", false, true),
		// A script cannot delete an HttpOnly cookie: the row stays.
		rowButton("secret", "delete-script"),
	)
	// The notice says why the browser kept it.
	waitTextContains(t, ctx, "#notice", "HttpOnly")
	if _, ok := browserCookies(t, ctx)["secret"]; !ok {
		t.Fatal("a script deleted an HttpOnly cookie")
	}
	run(t, ctx,
		waitRow("secret", false, true),
		rowButton("secret", "delete-server"),
		waitNoRow("secret"),
	)
	if _, ok := browserCookies(t, ctx)["secret"]; ok {
		t.Error("secret is still in Chromium's store after deleting it from the server")
	}
}

func TestBrowserEditValue(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/setcookie"),
		openApp(ts.URL+"/jar"),
		waitRow("user", true, true),
		rowButton("user", "edit"),
		waitValue("#server-value", "Aditya"),
		clearField("#server-value"),
		chromedp.SendKeys(chromedp.CSS("#server-value"), "Grace"),
		chromedp.Click(chromedp.CSS("#server-set")),
		chromedp.WaitReady(chromedp.CSS(`#raw-header`)),
	)
	waitText(t, ctx, `tr[data-cookie="user"] td.server`, "Grace")
	if got := eval[string](t, ctx, "document.cookie"); got != "user=Grace" {
		t.Errorf("document.cookie = %q; want user=Grace", got)
	}
}

func TestBrowserServerErrorShownNextToField(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		setFromServerForm("bad name", "v", false),
		chromedp.WaitVisible(chromedp.CSS("#server-name-error")),
	)
	if got := text(t, ctx, "#server-name-error"); !strings.HasPrefix(got, "name: must be a token") {
		t.Errorf("error next to the name field = %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#server-name-error").dataset.rule`); got != "token" {
		t.Errorf("error next to the name field: data-rule = %q; want the rule of the JSON answer, \"token\"", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#server-name").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("name field aria-invalid = %q; want true", got)
	}
	if len(browserCookies(t, ctx)) != 0 {
		t.Error("a refused cookie reached the browser")
	}
}

// TestBrowserServerRefusesWhatChromiumDrops sets from the server form a
// __Http- cookie without HttpOnly, which Chromium drops: the API asks the
// engine, refuses it, and the form shows the engine's rule next to the
// HttpOnly box; nothing reaches Chromium's store.
func TestBrowserServerRefusesWhatChromiumDrops(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		chromedp.Click(chromedp.CSS("#server-secure")),
		setFromServerForm("__Http-x", "v", false),
		chromedp.WaitVisible(chromedp.CSS("#server-http_only-error")),
	)
	if got := text(t, ctx, "#server-http_only-error"); !strings.HasPrefix(got, "http_only: browsers drop this cookie (InvalidPrefix") {
		t.Errorf("error next to the HttpOnly box = %q", got)
	}
	if got, want := eval[string](t, ctx, `document.querySelector("#server-http_only-error").dataset.rule`), "layered-cookies draft (__Http- prefix)"; got != want {
		t.Errorf("error next to the HttpOnly box: data-rule = %q; want %q", got, want)
	}
	if len(browserCookies(t, ctx)) != 0 {
		t.Error("a refused cookie reached the browser")
	}
}

// TestBrowserServerFormReportsEffectiveExpiry sets a cookie for 3,000
// years from the server form: the form says it expires in 400 days instead,
// and Chromium's store agrees with that date (RFC 6265bis §5.5).
func TestBrowserServerFormReportsEffectiveExpiry(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		chromedp.SendKeys(chromedp.CSS("#server-max_age"), "99999999999"),
		setFromServerForm("far", "1", false),
		chromedp.WaitVisible(chromedp.CSS("#server-note")),
		waitRow("far", true, true),
	)
	note := text(t, ctx, "#server-note")
	m := regexp.MustCompile(`^max_age is beyond the 400 days a browser keeps a cookie, so it expires at (\S+) instead \(RFC 6265bis §5\.5\)$`).FindStringSubmatch(note)
	if m == nil {
		t.Fatalf("#server-note = %q; want the effective expiry", note)
	}
	effective, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		t.Fatal(err)
	}
	c, ok := browserCookies(t, ctx)["far"]
	if !ok {
		t.Fatal("Chromium did not store the cookie")
	}
	// The server's clock and Chromium's read a moment apart: a day of
	// slack still tells 400 days from the 3,000 years asked.
	stored := time.Unix(int64(c.Expires), 0)
	if d := stored.Sub(effective).Abs(); d > 24*time.Hour {
		t.Errorf("Chromium keeps far until %v; the server said %v", stored.UTC(), effective)
	}
}

// TestBrowserScreenshotJar takes the README's screenshot of the cookie
// manager; COOKIEPLAY_SCREENSHOTS=1 (./build.sh screenshots) stores it.
func TestBrowserScreenshotJar(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		chromedp.EmulateViewport(1100, 760),
		chromedp.Navigate(ts.URL+"/setcookie"),
		openApp(ts.URL+"/jar"),
		setFromServerForm("session", "8f14e45f", true),
		waitRow("session", false, true),
		setFromScriptForm("theme", "dark"),
		waitRow("theme", true, true),
		waitRow("user", true, true),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`),
	)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "jar.png", png)

	// The manifest's screenshots, for the browser's install dialog.
	for _, shot := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"wide.png", 1280, 800, false},
		{"narrow.png", 540, 1200, true},
	} {
		opts := []chromedp.EmulateViewportOption{}
		if shot.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		run(t, ctx,
			chromedp.EmulateViewport(shot.width, shot.height, opts...),
			chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`),
		)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveScreenshot(t, shot.name, png)
	}
}

// saveScreenshot stores a screenshot under web/screenshots when
// COOKIEPLAY_SCREENSHOTS is set (./build.sh screenshots).
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot %s is not a PNG (%d bytes)", name, len(png))
	}
	if os.Getenv("COOKIEPLAY_SCREENSHOTS") == "" {
		return
	}
	if err := os.WriteFile(filepath.Join("../web/screenshots", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserRowButtonsActOnTheirOwnRow guards against go-app keeping a
// reused row's old click handler: rows shift as cookies come and go.
func TestBrowserRowButtonsActOnTheirOwnRow(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		setFromScriptForm("m", "1"),
		waitRow("m", true, true),
		clearField("#script-name"), clearField("#script-value"),
		setFromScriptForm("a", "2"), // sorts first: m's row moves down
		waitRow("a", true, true),
		rowButton("m", "delete-script"),
		waitNoRow("m"),
		waitRow("a", true, true),
	)
	if got := eval[string](t, ctx, "document.cookie"); got != "a=2" {
		t.Errorf("document.cookie = %q; want a=2", got)
	}
}

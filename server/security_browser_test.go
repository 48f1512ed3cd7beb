package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/server"
)

// setBrowserCookie writes a cookie straight into Chromium's store, as an
// attacker with the user's disk, or a tampering user, would.
func setBrowserCookie(t *testing.T, ctx context.Context, pageURL, name, value string, secure bool) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
		URL: pageURL, Name: name, Value: value, Path: "/",
		Secure: new(secure), HTTPOnly: new(true), SameSite: network.CookieSameSiteLax,
	})
	if err != nil {
		t.Fatalf("Network.setCookie %s: %v", name, err)
	}
}

func TestBrowserSecureLoginUsesSignedHostSession(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Ada"), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
	waitText(t, ctx, "#greeting", "Welcome back, Ada!")
	if got := eval[string](t, ctx, `document.querySelector("#login-mode").dataset.mode`); got != "secure" {
		t.Errorf("login mode shown = %q; want secure", got)
	}
	cookies := browserCookies(t, ctx)
	c, ok := cookies["__Host-session"]
	if !ok {
		t.Fatalf("Chromium stored no __Host-session on http://127.0.0.1 (a secure context); it has %v", keys(cookies))
	}
	if !c.HTTPOnly || !c.Secure || c.SameSite != network.CookieSameSiteLax || c.Path != "/" || c.Domain != "127.0.0.1" {
		t.Errorf("__Host-session = %+v; want HttpOnly, Secure, SameSite=Lax, Path=/, host-only", c)
	}
	if _, ok := cookies["username"]; ok {
		t.Error("a secure login also set the tutorial's plain cookie")
	}
	if got := eval[string](t, ctx, "document.cookie"); strings.Contains(got, "session") {
		t.Errorf("document.cookie = %q; the session must be hidden from scripts", got)
	}
}

func TestBrowserSecureLoginFallsBackOnInsecureOrigin(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	insecure := "http://a.test:" + port(t, ts.URL) // not a secure context for Chromium
	run(t, ctx, login(insecure, "Ada"), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
	waitText(t, ctx, "#greeting", "Welcome back, Ada!")
	if eval[bool](t, ctx, "window.isSecureContext") {
		t.Fatal("http://a.test is a secure context; the test needs an insecure one")
	}
	cookies := browserCookies(t, ctx)
	c, ok := cookies["session"]
	if !ok || c.Secure || !c.HTTPOnly {
		t.Errorf("on plain http the session is %+v (all: %v); want a plain-named HttpOnly cookie without Secure", c, keys(cookies))
	}
	if _, ok := cookies["__Host-session"]; ok {
		t.Error("Chromium stored a __Host- cookie from an insecure origin")
	}
}

func TestBrowserTamperedSessionLogsOut(t *testing.T) {
	otherKey := []byte(strings.Repeat("k", 32))
	cases := []struct {
		name   string
		tamper func(t *testing.T, ctx context.Context, base, value string)
	}{
		{"an edited value", func(t *testing.T, ctx context.Context, base, value string) {
			b := []byte(value)
			b[len(b)/2] ^= 1
			setBrowserCookie(t, ctx, base, "__Host-session", string(b), true)
		}},
		{"a truncated value", func(t *testing.T, ctx context.Context, base, value string) {
			setBrowserCookie(t, ctx, base, "__Host-session", value[:len(value)/3], true)
		}},
		{"a renamed cookie", func(t *testing.T, ctx context.Context, base, value string) {
			chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: "__Host-session", URL: base})
			setBrowserCookie(t, ctx, base, "session", value, false)
		}},
		{"a session signed with another key", func(t *testing.T, ctx context.Context, base, value string) {
			// Another server, another key: cookies ignore ports, so its
			// session lands in the same jar.
			other := startServerWith(t, server.Config{WebDir: "../web", Logger: quietLogger(), SessionKeys: [][]byte{otherKey}})
			run(t, ctx, login(other.URL, "Mallory"))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := newTab(t)
			ts := startServer(t)
			run(t, ctx, login(ts.URL, "Ada"), chromedp.WaitReady(chromedp.CSS("#greeting")))
			value := browserCookies(t, ctx)["__Host-session"].Value
			tc.tamper(t, ctx, ts.URL, value)

			run(t, ctx, chromedp.Navigate(ts.URL+"/"))
			if loc := eval[string](t, ctx, "location.pathname"); loc != "/login" {
				t.Errorf("with %s, / shows %s; want the login form", tc.name, loc)
			}
			for name, c := range browserCookies(t, ctx) {
				if strings.HasSuffix(name, "session") {
					t.Errorf("the rejected cookie %s=%.12s… was not cleared", name, c.Value)
				}
			}
		})
	}
}

func TestBrowserTamperLab(t *testing.T) {
	t.Run("the tutorial's cookie is forged by a script", func(t *testing.T) {
		ctx := newTab(t)
		ts := startServer(t)
		run(t, ctx,
			loginTutorial(ts.URL, "Ada"),
			openApp(ts.URL+"/jar"),
			chromedp.WaitReady(chromedp.CSS(`#tamper-lab[data-user="Ada"]`)),
			chromedp.Click(chromedp.CSS("#tamper-forge")),
			chromedp.WaitReady(chromedp.CSS(`#tamper-result[data-forged="true"]`)),
			openApp(ts.URL+"/"),
		)
		waitText(t, ctx, "#greeting", "Welcome back, Mallory!")
	})
	t.Run("a signed session ignores the forged cookie", func(t *testing.T) {
		ctx := newTab(t)
		ts := startServer(t)
		run(t, ctx,
			login(ts.URL, "Ada"),
			openApp(ts.URL+"/jar"),
			chromedp.WaitReady(chromedp.CSS(`#tamper-lab[data-user="Ada"][data-mode="secure"]`)),
			chromedp.Click(chromedp.CSS("#tamper-forge")),
			chromedp.WaitReady(chromedp.CSS(`#tamper-result[data-forged="false"]`)),
		)
		waitTextContains(t, ctx, "#tamper-result", "still greets Ada")
	})
	t.Run("a corrupted session logs out", func(t *testing.T) {
		ctx := newTab(t)
		ts := startServer(t)
		run(t, ctx,
			login(ts.URL, "Ada"),
			openApp(ts.URL+"/jar"),
			chromedp.WaitReady(chromedp.CSS(`#tamper-lab[data-user="Ada"][data-mode="secure"]`)),
			chromedp.Click(chromedp.CSS("#tamper-corrupt")),
		)
		waitTextContains(t, ctx, "#tamper-result", "logged you out")
		waitTextContains(t, ctx, "#tamper-whoami", "Nobody is logged in")
		if _, ok := browserCookies(t, ctx)["__Host-session"]; ok {
			t.Error("the corrupted session cookie was not cleared")
		}
	})
}

// TestBrowserCookieNamesRenderAsText sets cookies whose name and value are
// markup: the jar shows them literally and runs nothing.
func TestBrowserCookieNamesRenderAsText(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	const markup = `<img src=x onerror=alert(1)>`
	// Any script the markup ran would call alert: record the calls.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));`,
	}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, openApp(ts.URL+"/jar"))
	// Chromium takes any name but one with "=" from Network.setCookie.
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{URL: ts.URL, Name: markup, Value: "1", Path: "/"}); err != nil {
		t.Logf("Chromium refused the markup name through CDP (%v); setting it from script", err)
	}
	eval[chromedp.Void](t, ctx, `document.cookie = "xss=<img src=x onerror=alert(2)>; path=/"`)
	run(t, ctx, chromedp.Click(chromedp.CSS("#refresh")), waitRow("xss", true, true))

	if n := eval[int](t, ctx, `document.querySelectorAll("#jar img").length`); n != 0 {
		t.Errorf("the jar holds %d <img> elements made from cookie text", n)
	}
	value := text(t, ctx, `tr[data-cookie="xss"] td.script`)
	if value != "<img src=x onerror=alert(2)>" {
		t.Errorf("the value shows as %q; want the markup as text", value)
	}
	names := eval[[]string](t, ctx, `[...document.querySelectorAll("#jar td.name")].map(e => e.textContent)`)
	if len(names) > 0 && !strings.Contains(strings.Join(names, "\n"), markup) {
		t.Logf("names shown: %q (Chromium kept no cookie named %s)", names, markup)
	}
	if calls := eval[[]string](t, ctx, `window.__alerts`); len(calls) != 0 {
		t.Errorf("cookie markup ran script: alert(%q)", calls)
	}
}

// TestBrowserCrossSiteRequestsAreRefused posts from another site, as a
// malicious page would: the server refuses, and no cookie changes.
func TestBrowserCrossSiteRequestsAreRefused(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	target := "http://a.test:" + port(t, ts.URL)
	// The attacker's own site, on another port and name.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/login">
<input name="username" value="Mallory"><input name="mode" value="tutorial"></form>`, target)
	}))
	t.Cleanup(evil.Close)
	attacker := "http://b.test:" + port(t, evil.URL)

	run(t, ctx, chromedp.Navigate(attacker+"/"))
	eval[string](t, ctx, fmt.Sprintf(`fetch(%q, {method: "POST", credentials: "include", mode: "no-cors",
		headers: {"Content-Type": "text/plain"}, body: JSON.stringify({name: "planted", value: "1"})}).then(r => r.type)`,
		target+"/api/cookies"), chromedp.EvalAwaitPromise)
	// A cross-site form posting a login: login CSRF.
	run(t, ctx, navigatingBy(chromedp.Evaluate[chromedp.Void](`document.getElementById("f").submit()`)))
	if got := bodyText(t, ctx); !strings.Contains(got, "cross-origin") {
		t.Errorf("the cross-site login POST answered %q; want the cross-origin refusal", got)
	}
	cookies := browserCookies(t, ctx)
	for _, name := range []string{"planted", "username"} {
		if _, ok := cookies[name]; ok {
			t.Errorf("a cross-site POST set %s", name)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// port returns the port of a test server's URL.
func port(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// TestBrowserNoCSPViolationsOnAnyPage visits every page with the strict
// Content-Security-Policy on: the wasm must run ('wasm-unsafe-eval') and
// nothing else may be blocked. newTab fails a test on any violation; this
// one also reads them page by page.
func TestBrowserNoCSPViolationsOnAnyPage(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Ada"))
	for _, p := range []string{"/", "/jar", "/login", "/logout", "/about", "/setcookie", "/getcookie", "/deletecookie", "/no-such-page"} {
		run(t, ctx, openApp(ts.URL+p))
		if v := eval[[]string](t, ctx, `window.__cspViolations`); len(v) != 0 {
			t.Errorf("%s: Content-Security-Policy violations %q", p, v)
		}
		csp := eval[string](t, ctx, `fetch(location.href).then(r => r.headers.get("Content-Security-Policy"))`, chromedp.EvalAwaitPromise)
		if !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "'unsafe-inline'") {
			t.Errorf("%s: Content-Security-Policy %q", p, csp)
		}
	}
}

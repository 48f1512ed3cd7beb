package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// earlyReadingDone is true once web/boot.js's reading for the jar is
// complete.
const earlyReadingDone = `window.cookieplayEarlyReading?.done === true`

// firstRenderShowedJar is true when the jar showed the server's answer no
// later than the page's first render (the perfmarks of app/ui/perfmarks.go).
const firstRenderShowedJar = `(() => {
	const at = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime;
	return at("cookieplay:jar-loaded") <= at("cookieplay:rendered");
})()`

// jarHeldAtEarlyReading stores cookies (name=name-value; HttpOnly where
// httpOnly says so) for a gated server, then opens /jar there and waits,
// the wasm held, until web/boot.js's reading is complete.
func jarHeldAtEarlyReading(t *testing.T, httpOnly map[string]bool, names ...string) (ctx, waitCtx context.Context, gate *wasmGate) {
	t.Helper()
	ctx = newTab(t)
	ts, gate := startGatedServer(t, false, 0)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	run(t, waitCtx, chromedp.Navigate(ts.URL+"/robots.txt"))
	var cookies []*network.CookieParam
	for _, n := range names {
		cookies = append(cookies, &network.CookieParam{Name: n, Value: n + "-value", URL: ts.URL + "/", HTTPOnly: httpOnly[n]})
	}
	if _, err := chromedp.Call(ctx, network.SetCookies, network.SetCookiesParams{Cookies: cookies}); err != nil {
		t.Fatal(err)
	}
	run(t, waitCtx,
		navigateNoWait(ts.URL+"/jar"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		void(chromedp.Poll[bool](earlyReadingDone)),
	)
	return ctx, waitCtx, gate
}

// TestBrowserJarFirstRenderShowsEarlyReading: on a cold load of /jar,
// web/boot.js asks the server what it receives while the wasm is still on
// its way, and the jar's first render shows that answer, HttpOnly cookie
// included, without asking again.
func TestBrowserJarFirstRenderShowsEarlyReading(t *testing.T) {
	ctx, waitCtx, gate := jarHeldAtEarlyReading(t, map[string]bool{"hidden": true}, "seen", "hidden")
	if n := gate.api.Load(); n != 1 {
		t.Fatalf("GET /api/cookies asked %d times before the wasm came; want 1, by boot.js", n)
	}
	gate.release()
	run(t, waitCtx,
		chromedp.WaitReady(chromedp.CSS(`#jar[data-status=loaded]`)),
		waitRow("seen", true, true),
		waitRow("hidden", false, true),
	)
	if !eval[bool](t, ctx, firstRenderShowedJar) {
		t.Error("the jar showed the server's answer after its first render; want it in the first")
	}
	if n := gate.api.Load(); n != 1 {
		t.Errorf("GET /api/cookies asked %d times by the time the jar showed it; want 1", n)
	}
}

// TestBrowserJarReadsAgainWhenCookiesChangedDuringLoad: a script that
// changes a cookie after boot.js's reading makes that reading stale; the
// jar then asks the server again, and shows the new cookie in both views.
func TestBrowserJarReadsAgainWhenCookiesChangedDuringLoad(t *testing.T) {
	ctx, waitCtx, gate := jarHeldAtEarlyReading(t, nil, "seen")
	run(t, waitCtx, void(chromedp.Evaluate[string](`document.cookie = "late=1; Path=/"`)))
	gate.release()
	run(t, waitCtx,
		chromedp.WaitReady(chromedp.CSS(`#jar[data-status=loaded]`)),
		waitRow("seen", true, true),
		waitRow("late", true, true),
	)
	if eval[bool](t, ctx, firstRenderShowedJar) {
		t.Error("the jar's first render showed a reading older than document.cookie")
	}
	if n := gate.api.Load(); n != 2 {
		t.Errorf("GET /api/cookies asked %d times; want 2: boot.js's, then the jar's own", n)
	}
}

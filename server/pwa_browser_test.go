package server_test

import (
	"io"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/server"
)

// startServerAt serves the playground from webDir on addr ("127.0.0.1:0"
// for any port), so a test can stop it and start another on the same port.
func startServerAt(t *testing.T, addr, webDir string) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(server.NewServer(server.Config{WebDir: webDir, Logger: quietLogger()}))
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// waitForServiceWorker waits until the service worker is active, its cache
// filled, then reloads so that it controls the page.
func waitForServiceWorker() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		void(chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)),
		chromedp.Reload(),
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
		void(chromedp.Poll[bool](`navigator.serviceWorker.controller !== null`)),
	)
}

func TestBrowserInstallable(t *testing.T) {
	// Chromium never offers to install from an incognito-like context.
	ctx := newTabInDefaultContext(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Ada"), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")), waitForServiceWorker())

	res, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.InstallabilityErrors) != 0 {
		for _, e := range res.InstallabilityErrors {
			t.Errorf("installability error on /: %s %v", e.ErrorID, e.ErrorArguments)
		}
	}
	t.Logf("Chromium's installability check on /: %d errors", len(res.InstallabilityErrors))

	run(t, ctx, openApp(ts.URL+"/about"))
	if got := text(t, ctx, "#install-status"); !strings.HasPrefix(got, "Not installed") {
		t.Errorf("/about in a tab says %q; want it to say the app is not installed", got)
	}

	manifest, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(manifest.Errors) != 0 {
		t.Errorf("manifest errors: %+v", manifest.Errors)
	}
	for _, want := range []string{`"display":"standalone"`, `"sizes":"192x192"`, `"sizes":"512x512"`, `"purpose":"maskable"`, `"form_factor":"wide"`, `"form_factor":"narrow"`} {
		if !strings.Contains(manifest.Data, want) {
			t.Errorf("manifest lacks %s", want)
		}
	}
}

func TestBrowserOffline(t *testing.T) {
	ctx := newTab(t)
	ts := startServerAt(t, "127.0.0.1:0", "../web")
	addr := ts.Listener.Addr().String()
	// The tutorial's login: offline, only a script-visible cookie can greet.
	run(t, ctx, loginTutorial(ts.URL, "Ada"), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")), waitForServiceWorker())
	cached := eval[float64](t, ctx, `(async () => {
		let total = 0;
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const req of await cache.keys()) total += (await (await cache.match(req)).blob()).size;
		}
		return total;
	})()`, chromedp.EvalAwaitPromise)
	t.Logf("the service worker caches %.0f bytes", cached)

	ts.Close() // the server is gone

	for _, p := range []struct{ path, ready string }{
		{"/", "#greeting"},
		{"/jar", "#jar"},
		{"/login", "input[name=username]"},
	} {
		run(t, ctx, openApp(ts.URL+p.path), chromedp.WaitReady(chromedp.CSS(p.ready)))
		if loc := eval[string](t, ctx, "location.pathname"); loc != p.path {
			t.Errorf("offline reload of %s shows %s", p.path, loc)
		}
	}
	// The greeting comes from the cookie scripts see.
	run(t, ctx, openApp(ts.URL+"/"))
	waitText(t, ctx, "#greeting", "Welcome back, Ada!")

	// Script-side cookies still work; server actions say why they fail.
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		chromedp.WaitVisible(chromedp.CSS("#offline-banner")),
		setFromScriptForm("offline", "yes"),
		waitRow("offline", true, false),
	)
	waitTextContains(t, ctx, "#load-error", "offline — the server is unreachable")
	run(t, ctx, rowButton("offline", "delete-script"), waitNoRow("offline"))
	run(t, ctx, setFromServerForm("srv", "1", false))
	waitTextContains(t, ctx, "#server-error", "offline — the server is unreachable")
	run(t, ctx,
		openApp(ts.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), "Grace"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
	)
	waitTextContains(t, ctx, ".offline-message", "offline — the server is unreachable")
	run(t, ctx, navigatingBy(chromedp.Navigate(ts.URL+"/setcookie")))
	waitTextContains(t, ctx, "#offline-page h1", "Offline — the server is unreachable")

	// The server comes back: the jar sees it again without a reload.
	run(t, ctx, openApp(ts.URL+"/jar"), chromedp.WaitVisible(chromedp.CSS("#offline-banner")))
	startServerAt(t, addr, "../web")
	run(t, ctx,
		chromedp.WaitNotPresent(chromedp.CSS("#offline-banner")),
		waitRow("username", true, true),
		chromedp.WaitNotPresent(chromedp.CSS("#load-error")),
	)
}

func TestBrowserUpdateBanner(t *testing.T) {
	ctx := newTab(t)
	first := startServerAt(t, "127.0.0.1:0", "../web")
	addr := first.Listener.Addr().String()
	run(t, ctx, openApp(first.URL+"/about"), waitForServiceWorker())
	before := text(t, ctx, "#version")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`goappTryUpdate(); true`)); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#update-banner").length`); n != 0 {
		t.Fatal("an unchanged build announced an update")
	}

	// The next build: the same files and one more, so a new version.
	first.Close()
	next := copyWebDir(t)
	if err := os.WriteFile(filepath.Join(next, "build.txt"), []byte("next build\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	startServerAt(t, addr, next)
	run(t, ctx,
		chromedp.Evaluate[chromedp.Void](`goappTryUpdate()`),
		chromedp.WaitVisible(chromedp.CSS("#update-banner")),
	)
	if got := strings.Join(strings.Fields(text(t, ctx, "#update-banner")), " "); got != "A new version is available — reload" {
		t.Errorf("update banner = %q", got)
	}
	run(t, ctx, navigatingBy(chromedp.Click(chromedp.CSS("#update-reload"))), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
	if after := text(t, ctx, "#version"); after == before {
		t.Errorf("after reload the version is still %s", after)
	}
}

// copyWebDir copies ../web, precompressed copies included, to a temporary
// folder.
func copyWebDir(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk("../web", func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../web", p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

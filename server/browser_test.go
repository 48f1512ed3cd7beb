package server_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/internal/chromium"
	"github.com/cookieplayground/cookieplay/server"
)

// One Chromium per test binary, started by the first browser test; each
// test gets a tab in a browser context of its own, so cookies never leak
// from one test to the next.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
	path   string
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

func startBrowser() {
	browser.path = chromium.Path()
	if browser.path == "" {
		browser.err = errors.New("no Chromium found: install chromium or set CHROME_PATH")
		return
	}
	browser.ctx, browser.cancel, browser.err = chromium.Start(context.Background(), browser.path, 60*time.Second,
		chromedp.Flag("disable-quic", true),
		// One loopback server can act as several sites.
		chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
	)
}

// newTab returns a tab in a fresh browser context, closed when the test
// ends, with every action under one deadline. Without a browser the test is
// skipped, unless CI is set: there a missing browser is a failure.
func newTab(t *testing.T) context.Context {
	t.Helper()
	return openTab(t, chromedp.WithNewBrowserContext())
}

// newTabInDefaultContext returns a tab in the browser's default context,
// which keeps cookies from test to test: they are cleared as the test ends.
// (Other storage is per origin, and every test server has its own port.)
func newTabInDefaultContext(t *testing.T) context.Context {
	t.Helper()
	ctx := openTab(t)
	t.Cleanup(func() {
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Errorf("clearing cookies: %v", err)
		}
	})
	return ctx
}

func openTab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	browser.once.Do(startBrowser)
	if browser.err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests need Chromium under CI: %v", browser.err)
		}
		t.Skipf("skipping browser test: %v", browser.err)
	}
	if _, err := os.Stat("../web/app.wasm"); err != nil {
		t.Fatalf("web/app.wasm is missing: run ./build.sh first (%v)", err)
	}
	tabCtx, cancelTab := chromedp.NewContext(browser.ctx, opts...)
	if err := chromedp.Do(tabCtx); err != nil {
		cancelTab()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, 90*time.Second)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	// Record Content-Security-Policy violations of every document the tab
	// loads; a test that ends on a page with one fails.
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));`,
	})
	if err != nil {
		t.Fatalf("installing the CSP recorder: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			saveFailureScreenshot(t, tabCtx)
			return
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__cspViolations || []`))
		if err == nil && len(v) > 0 {
			t.Errorf("Content-Security-Policy violations on the last page: %q", v)
		}
	})
	return ctx
}

// startServer serves the playground on a loopback port for one test.
func startServer(t *testing.T) *httptest.Server {
	t.Helper()
	return startServerWith(t, server.Config{WebDir: "../web", Logger: quietLogger()})
}

func startServerWith(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(server.NewServer(cfg))
	t.Cleanup(ts.Close)
	return ts
}

// run runs browser steps and fails the test on error.
func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...func(*runtime.EvaluateParams)) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// openApp navigates to url and waits until the wasm has rendered.
func openApp(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
	)
}

// browserCookies returns every cookie of the tab's browser context, as
// Chromium's cookie store holds them.
func browserCookies(t *testing.T, ctx context.Context) map[string]*network.Cookie {
	t.Helper()
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	})
	if err != nil {
		t.Fatalf("Storage.getCookies: %v", err)
	}
	m := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		m[c.Name] = c
	}
	return m
}

// text waits for an element sel matches and returns its rendered text
// (innerText). It reads the live document, not chromedp's copy of the DOM
// tree, so it sees what the page shows at that moment.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, sel)))
	var s string
	if err == nil {
		s, err = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).innerText`, sel)))
	}
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// waitText waits until the element sel matches has the text want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").trim() === %q`, sel, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("waiting for %s to read %q (it reads %q): %v", sel, want, text(t, ctx, sel), err)
	}
}

// waitTextContains waits until the element sel matches has text holding want.
func waitTextContains(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").includes(%q)`, sel, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("waiting for %s to contain %q: %v", sel, want, err)
	}
}

// saveFailureScreenshot keeps what a failed test's tab showed, under
// COOKIEPLAY_FAILURE_SCREENSHOTS (a folder), for whoever investigates.
func saveFailureScreenshot(t *testing.T, tabCtx context.Context) {
	dir := os.Getenv("COOKIEPLAY_FAILURE_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png")
	if err := os.WriteFile(name, png, 0o644); err == nil {
		t.Logf("failure screenshot: %s", name)
	}
}

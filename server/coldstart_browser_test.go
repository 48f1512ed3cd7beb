package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/server"
)

// wasmGate sits in front of the server: it holds every request for the
// wasm until opened, so a test can look at the page before Go runs; it can
// send the wasm slowly, as a slow line would; and it notes the wasm bodies
// the server sent, when the service worker's script was asked for, and
// how often the jar's API was.
type wasmGate struct {
	next   http.Handler
	open   chan struct{}
	once   sync.Once
	pace   time.Duration // per 64 KiB of the wasm; 0 sends at once
	bodies atomic.Int32
	raw    atomic.Bool  // a wasm body went without Content-Encoding
	sent   atomic.Int64 // when the first wasm body was all sent (UnixNano)
	worker atomic.Int64 // when the worker's script was first asked for
	api    atomic.Int32 // GET /api/cookies requests
}

func newWasmGate(next http.Handler, open bool, pace time.Duration) *wasmGate {
	g := &wasmGate{next: next, open: make(chan struct{}), pace: pace}
	if open {
		g.release()
	}
	return g
}

func (g *wasmGate) release() { g.once.Do(func() { close(g.open) }) }

func (g *wasmGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/app-worker.js":
		g.worker.CompareAndSwap(0, time.Now().UnixNano())
	case "/api/cookies":
		if r.Method == http.MethodGet {
			g.api.Add(1)
		}
	case "/web/app.wasm":
		select {
		case <-g.open:
		case <-r.Context().Done():
			return
		}
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("Range") != "" {
			break
		}
		g.bodies.Add(1)
		if g.pace > 0 {
			w = &pacedWriter{ResponseWriter: w, pace: g.pace, done: r.Context().Done()}
		}
		defer func() {
			g.raw.Store(g.raw.Load() || w.Header().Get("Content-Encoding") == "")
			g.sent.CompareAndSwap(0, time.Now().UnixNano())
		}()
	}
	g.next.ServeHTTP(w, r)
}

// pacedWriter writes a body at one 64 KiB piece per pace.
type pacedWriter struct {
	http.ResponseWriter
	pace time.Duration
	done <-chan struct{}
}

func (p *pacedWriter) Write(b []byte) (int, error) {
	const piece = 64 << 10
	n, err := p.ResponseWriter.Write(b)
	if err != nil {
		return n, err
	}
	http.NewResponseController(p.ResponseWriter).Flush()
	select {
	case <-time.After(p.pace * time.Duration(n) / piece):
		return n, nil
	case <-p.done:
		return n, http.ErrAbortHandler
	}
}

func startGatedServer(t *testing.T, open bool, pace time.Duration) (*httptest.Server, *wasmGate) {
	t.Helper()
	g := newWasmGate(server.NewServer(server.Config{WebDir: "../web", Logger: quietLogger()}), open, pace)
	ts := httptest.NewServer(g)
	t.Cleanup(func() {
		g.release()
		ts.Close()
	})
	return ts, g
}

// navigateNoWait starts loading url without waiting for its load event,
// which a held wasm preload delays.
func navigateNoWait(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: url})
		return err
	})
}

// TestBrowserPageShowsBeforeWasm holds the wasm and looks at what a person
// sees meanwhile: the pre-rendered page, not covered by go-app's loader;
// a thin progress bar; controls that need the wasm marked inactive, which
// answer a click with "still loading" instead of nothing; the login form,
// which works without the wasm, active. Then the wasm arrives.
func TestBrowserPageShowsBeforeWasm(t *testing.T) {
	ctx := newTab(t)
	ts, gate := startGatedServer(t, false, 0)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	run(t, waitCtx,
		navigateNoWait(ts.URL+"/jar"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		void(chromedp.Poll[bool](`document.documentElement.dataset.boot === "loading" && document.querySelector("#refresh[aria-disabled=true]") !== null`)),
	)
	if got := eval[bool](t, ctx, `(() => {
		const h = document.querySelector("h1").getBoundingClientRect();
		const top = document.elementFromPoint(h.left + h.width / 2, h.top + h.height / 2);
		return top !== null && top.closest("h1") !== null;
	})()`); !got {
		t.Error("something covers the pre-rendered heading while the wasm loads")
	}
	bar := eval[map[string]any](t, ctx, `(() => {
		const l = document.getElementById("app-wasm-loader");
		const r = l.getBoundingClientRect();
		return {role: l.getAttribute("role"), height: r.height, width: r.width, shown: getComputedStyle(l).display !== "none"};
	})()`)
	if bar["role"] != "progressbar" || bar["shown"] != true || bar["height"].(float64) > 4 {
		t.Errorf("loader while the wasm loads = %v; want a shown progressbar at most 4 px high", bar)
	}
	if op := eval[string](t, ctx, `getComputedStyle(document.querySelector("#refresh")).opacity`); op == "1" {
		t.Error("#refresh looks active before the wasm runs")
	}

	// A click on a control that needs the wasm says so, and goes nowhere.
	before := eval[string](t, ctx, `location.href`)
	run(t, waitCtx,
		chromedp.Click(chromedp.CSS("#refresh")),
		chromedp.WaitVisible(chromedp.CSS("#app-wasm-loader.nudge")),
		chromedp.SendKeys(chromedp.CSS("#filter"), "lost"),
	)
	if v := eval[string](t, ctx, `document.querySelector("#filter").value`); v != "" {
		t.Errorf("typing into #filter before the wasm ran left %q, which the wasm would not know of", v)
	}
	if after := eval[string](t, ctx, `location.href`); after != before {
		t.Errorf("a click before the wasm ran navigated from %s to %s", before, after)
	}

	gate.release()
	run(t, waitCtx,
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
		chromedp.WaitNotPresent(chromedp.CSS("#app-wasm-loader")),
		void(chromedp.Poll[bool](`document.documentElement.dataset.boot === undefined && !document.querySelector("[aria-disabled=true]")`)),
	)
	if op := eval[string](t, ctx, `getComputedStyle(document.querySelector("#refresh")).opacity`); op != "1" {
		t.Errorf("#refresh opacity %s once the wasm runs; want 1", op)
	}
}

// TestBrowserLoginFormActiveBeforeWasm: forms the server handles itself
// are not marked inactive while the wasm loads.
func TestBrowserLoginFormActiveBeforeWasm(t *testing.T) {
	ctx := newTab(t)
	ts, _ := startGatedServer(t, false, 0)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run(t, waitCtx,
		navigateNoWait(ts.URL+"/login"),
		void(chromedp.Poll[bool](`document.documentElement.dataset.boot === "loading" && document.querySelector("#username") !== null`)),
	)
	if got := eval[bool](t, ctx, `document.querySelector("#username").hasAttribute("aria-disabled")`); got {
		t.Error("the login form is marked inactive, though it posts to the server without the wasm")
	}
	if op := eval[string](t, ctx, `getComputedStyle(document.querySelector("form[action='/login'] button")).opacity`); op != "1" {
		t.Errorf("the login button's opacity is %s before the wasm runs; want 1", op)
	}
}

// TestBrowserColdLoadFetchesWasmOnce: on a first visit the page preloads
// the wasm and the service worker, installed meanwhile, caches it too; the
// server sends its body once, because Chromium's HTTP cache lets the
// worker's request share the download in progress. The wasm comes slowly,
// as on a slow line, so that the worker does install while it comes. A
// 15 MB wasm sent uncompressed is too large for the cache to share: then
// it comes twice. Meanwhile the progress bar follows the download, though
// V8 compiles the wasm from the fetch's own response (server/appjs.go).
func TestBrowserColdLoadFetchesWasmOnce(t *testing.T) {
	ctx := newTab(t)
	ts, gate := startGatedServer(t, true, 40*time.Millisecond)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run(t, waitCtx,
		navigateNoWait(ts.URL+"/jar"),
		void(chromedp.Poll[bool](`(() => {
			const n = Number(document.getElementById("app-wasm-loader")?.getAttribute("aria-valuenow"));
			return n > 0 && n < 100;
		})()`, chromedp.WithPollingInterval(20*time.Millisecond))),
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
		void(chromedp.Poll[bool](`(async () => {
			for (const k of await caches.keys()) {
				if (await (await caches.open(k)).match("/web/app.wasm", {ignoreSearch: true})) return true;
			}
			return false;
		})()`, chromedp.WithPollingInterval(100*time.Millisecond))),
	)
	if gate.raw.Load() {
		t.Fatal("the wasm was sent uncompressed: web/app.wasm.br is missing or older than web/app.wasm (run ./build.sh build)")
	}
	if worker, sent := gate.worker.Load(), gate.sent.Load(); worker == 0 || worker > sent {
		t.Fatal("the service worker was not asked for before the wasm had arrived, so this test saw no shared download")
	}
	if n := gate.bodies.Load(); n != 1 {
		t.Errorf("the server sent the wasm %d times on a first visit; want 1 (the worker shares the page's download)", n)
	}
}

// TestBrowserWithJavaScriptOff: the pre-rendered page says what works
// without JavaScript, shows no loader, and logging in still works.
func TestBrowserWithJavaScriptOff(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(waitCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, waitCtx, chromedp.Navigate(ts.URL+"/jar"), chromedp.WaitVisible(chromedp.CSS("#noscript")))
	if shown := eval[bool](t, ctx, `getComputedStyle(document.getElementById("app-wasm-loader")).display !== "none"`); shown {
		t.Error("the loader shows with JavaScript off, where it would never go")
	}
	run(t, waitCtx,
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#username`), "Ada"),
		navigatingBy(chromedp.Click(chromedp.CSS(`form[action='/login'] button[type=submit]`))),
	)
	if got := text(t, ctx, "#greeting"); !strings.Contains(got, "Ada") {
		t.Errorf("after logging in with JavaScript off, #greeting = %q; want it to name Ada", got)
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"github.com/cookieplayground/cookieplay/internal/chromium"
)

// What "the app is there" means, as JavaScript conditions the page checks
// itself (see markScript).
//
// go-app's app.js (pkg/app/gen/app.js, goappInitWebAssembly) fetches the
// wasm with instantiateStreaming, calls go.run(instance) and, as soon as
// go.run returns control, does loader.remove() on <aside id=app-wasm-loader>,
// the full-screen loading overlay. go.run returns control when the Go main
// first blocks: in RunWhenOnBrowser that is engine.Start's event loop, after
// engine.Navigate has mounted the page's component into the body. So "the
// loader is gone" is go-app's own signal that the wasm runs and has
// rendered, the same for both apps. The overlay is also removed, with the
// wasm not run, for crawler user agents and ?wasm=false; neither applies
// here. On a load error it stays, showing the error.
//
// The readyState guard matters: the pre-rendered page has the <h1> (hello)
// before the <aside> in the body, so while the HTML is still being parsed
// there is a moment with an <h1> and no loader yet. app.js is a deferred
// script, so it runs only after parsing, when readyState is "interactive".
const (
	loaderGone = `document.readyState !== "loading" && ` +
		`((l) => l === null || l.hidden || l.style.display === "none")(document.getElementById("app-wasm-loader"))`
	helloReady      = loaderGone + ` && document.querySelector("h1") !== null`
	playgroundReady = `document.querySelector('#jar[data-status="loaded"]') !== null`
)

// site is one app under test.
type site struct {
	name    string
	srv     *server
	path    string
	cookies []*network.CookieParam
	// marks are the conditions whose first moment is recorded, in order;
	// the last one is "ready".
	marks [][2]string
}

func (s *site) url() string { return s.srv.base + s.path }

// pageSample is one measured page load; times are milliseconds since the
// navigation started (performance.timeOrigin).
type pageSample struct {
	FCP float64 `json:"fcp_ms"`
	// WasmRequested is when app.js asked for app.wasm (its resource
	// timing's startTime): the page was parsed and the scripts had run.
	WasmRequested float64 `json:"wasm_requested_ms"`
	// WasmFetched is when the last byte of app.wasm arrived (its resource
	// timing's responseEnd); compiling overlaps the download.
	WasmFetched float64 `json:"wasm_fetched_ms"`
	// WasmTransfer is the bytes of app.wasm that came over the network: 0
	// when the service worker or the HTTP cache answered.
	WasmTransfer int64 `json:"wasm_transfer_bytes"`
	// Started is when go-app removed its loading overlay (see loaderGone).
	Started float64 `json:"started_ms"`
	// Ready is when the app was ready: hello's <h1> with the overlay gone;
	// the playground's jar rendered from document.cookie and /api/cookies.
	Ready float64 `json:"ready_ms"`
	// WorkerCachedWasm says, for a warm load, whether the service worker's
	// cache held app.wasm before the measured navigation.
	WorkerCachedWasm *bool `json:"worker_cached_wasm,omitempty"`
}

// stat is the median and the maximum of one column of samples.
type stat struct {
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

func statOf(samples []pageSample, f func(pageSample) float64) stat {
	if len(samples) == 0 {
		return stat{}
	}
	v := make([]float64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	n := len(v)
	med := v[n/2]
	if n%2 == 0 {
		med = (v[n/2-1] + v[n/2]) / 2
	}
	return stat{Median: med, Max: v[n-1]}
}

// loadSeries is every measured load of one app, cold or warm.
type loadSeries struct {
	App           string       `json:"app"`
	Mode          string       `json:"mode"`
	Samples       []pageSample `json:"samples"`
	FCP           stat         `json:"fcp_ms"`
	WasmRequested stat         `json:"wasm_requested_ms"`
	WasmFetched   stat         `json:"wasm_fetched_ms"`
	Started       stat         `json:"started_ms"`
	Ready         stat         `json:"ready_ms"`
	WasmTransfer  stat         `json:"wasm_transfer_bytes"`
	// WorkerCached counts the warm loads whose service worker cache held
	// app.wasm beforehand.
	WorkerCached int `json:"worker_cached,omitempty"`
}

func (s *loadSeries) summarize() {
	s.FCP = statOf(s.Samples, func(p pageSample) float64 { return p.FCP })
	s.WasmRequested = statOf(s.Samples, func(p pageSample) float64 { return p.WasmRequested })
	s.WasmFetched = statOf(s.Samples, func(p pageSample) float64 { return p.WasmFetched })
	s.Started = statOf(s.Samples, func(p pageSample) float64 { return p.Started })
	s.Ready = statOf(s.Samples, func(p pageSample) float64 { return p.Ready })
	s.WasmTransfer = statOf(s.Samples, func(p pageSample) float64 { return float64(p.WasmTransfer) })
	for _, p := range s.Samples {
		if p.WorkerCachedWasm != nil && *p.WorkerCachedWasm {
			s.WorkerCached++
		}
	}
}

// browserReport is part 2 of the report.
type browserReport struct {
	Chromium string        `json:"chromium"`
	Runs     int           `json:"runs"`
	Series   []*loadSeries `json:"series"`
	// Failures are the page loads that did not finish, with what the page
	// showed; they are left out of the statistics.
	Failures []string `json:"failures,omitempty"`
	// ConsoleErrors are the distinct console errors and exceptions of the
	// measured pages, per app.
	ConsoleErrors map[string][]string `json:"console_errors,omitempty"`
	// PeakRSSKiB is each server's peak resident set (VmHWM) after all the
	// page loads, in KiB.
	PeakRSSKiB map[string]int64 `json:"server_peak_rss_kib,omitempty"`
}

// browserRun holds one Chromium and the two apps it loads.
type browserRun struct {
	ctx     context.Context // the browser's
	timeout time.Duration

	mu      sync.Mutex
	console map[string][]string
}

// benchBrowser starts both servers and Chromium, then loads each app -runs
// times cold and -runs times warm, interleaving the apps so that a drift of
// the machine touches both alike.
func benchBrowser(ctx context.Context, o options, chromiumPath string, hello helloBuild, logf func(string, ...any)) (*browserReport, error) {
	webDir := filepath.Dir(o.playgroundWasm)
	pg, err := startServer(ctx, "playground", o.playgroundBin, filepath.Dir(webDir),
		[]string{"-addr", "{addr}", "-web", webDir}, "/robots.txt", o.timeout)
	if err != nil {
		return nil, err
	}
	defer pg.stop()
	hs, err := startServer(ctx, "hello", hello.bin, hello.dir, []string{"-addr", "{addr}"}, "/", o.timeout)
	if err != nil {
		return nil, err
	}
	defer hs.stop()

	sites := []*site{
		{
			name: "playground", srv: pg, path: "/jar",
			// Five cookies, one HttpOnly, so the jar has rows from both views.
			cookies: []*network.CookieParam{
				{Name: "user", Value: "Aditya", URL: pg.base + "/"},
				{Name: "username", Value: "Ada", URL: pg.base + "/"},
				{Name: "theme", Value: "dark", URL: pg.base + "/"},
				{Name: "lang", Value: "en-GB", URL: pg.base + "/"},
				{Name: "session", Value: "s3cr3t", URL: pg.base + "/", HTTPOnly: true},
			},
			marks: [][2]string{{"started", loaderGone}, {"ready", playgroundReady}},
		},
		{
			name: "hello", srv: hs, path: "/",
			marks: [][2]string{{"started", loaderGone}, {"ready", helloReady}},
		},
	}

	bctx, closeBrowser, err := chromium.Start(ctx, chromiumPath, o.timeout)
	if err != nil {
		return nil, err
	}
	defer closeBrowser()
	r := &browserRun{ctx: bctx, timeout: o.timeout, console: map[string][]string{}}
	rep := &browserReport{Runs: o.runs}
	if v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{}); err == nil {
		rep.Chromium = v.Product
	}

	// One load of each app first, not counted: it starts Chromium's
	// processes and lets the servers' first-request work (go-app renders
	// and caches its scripts on first use) happen outside the samples.
	for _, s := range sites {
		if _, err := r.visit(s, false); err != nil {
			return nil, fmt.Errorf("the first load of %s failed, so the others would too: %w", s.name, err)
		}
	}
	r.console = map[string][]string{}

	series := map[string]*loadSeries{}
	for _, mode := range []string{"cold", "warm"} {
		for _, s := range sites {
			ls := &loadSeries{App: s.name, Mode: mode}
			series[s.name+"/"+mode] = ls
			rep.Series = append(rep.Series, ls)
		}
	}
	for i := range o.runs {
		for _, mode := range []string{"cold", "warm"} {
			for _, s := range sites {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				logf("  run %d/%d: %s %s", i+1, o.runs, s.name, mode)
				p, err := r.visit(s, mode == "warm")
				if err != nil {
					rep.Failures = append(rep.Failures, fmt.Sprintf("run %d, %s %s: %v", i+1, s.name, mode, err))
					logf("  failed: %v", err)
					continue
				}
				ls := series[s.name+"/"+mode]
				ls.Samples = append(ls.Samples, p)
			}
		}
	}
	for _, ls := range rep.Series {
		ls.summarize()
	}
	if len(r.console) > 0 {
		rep.ConsoleErrors = r.console
	}
	rep.PeakRSSKiB = map[string]int64{}
	for _, s := range sites {
		if kb, err := procStatusKB(s.srv.cmd.Process.Pid, "VmHWM"); err == nil {
			rep.PeakRSSKiB[s.name] = kb
		}
	}
	return rep, nil
}

// visit loads s in a tab of a fresh browser context: once (cold), or twice
// with only the second load measured (warm). A cold load has an empty HTTP
// cache and no service worker; a warm one has the first load's, with the
// service worker's cache filled (or waited for up to 30s).
func (r *browserRun) visit(s *site, warm bool) (pageSample, error) {
	tabCtx, cancelTab := chromedp.NewContext(r.ctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	openCtx, cancelOpen := context.WithTimeout(tabCtx, r.timeout)
	defer cancelOpen()
	opened := make(chan error, 1)
	go func() { opened <- chromedp.Do(tabCtx) }()
	select {
	case err := <-opened:
		if err != nil {
			return pageSample{}, fmt.Errorf("opening a tab: %w", err)
		}
	case <-openCtx.Done():
		return pageSample{}, fmt.Errorf("opening a tab: %w", openCtx.Err())
	}

	limit := r.timeout
	if warm {
		limit = 3 * r.timeout // two loads and the wait for the worker's cache
	}
	ctx, cancel := context.WithTimeout(tabCtx, limit)
	consoleDone := r.collectConsole(ctx, s.name)
	defer func() {
		cancel()
		<-consoleDone
	}()

	if len(s.cookies) > 0 {
		_, err := chromedp.CallBrowser(ctx, storage.SetCookies, storage.SetCookiesParams{
			Cookies:          s.cookies,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		})
		if err != nil {
			return pageSample{}, fmt.Errorf("setting cookies: %w", err)
		}
	}
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: markScript(s.marks),
	})
	if err != nil {
		return pageSample{}, fmt.Errorf("installing the marks script: %w", err)
	}

	var cached *bool
	if warm {
		if _, err := r.load(ctx, tabCtx, s); err != nil {
			return pageSample{}, fmt.Errorf("first (priming) load: %w", err)
		}
		ok := r.waitWorkerCache(ctx, 30*time.Second)
		cached = &ok
	}
	p, err := r.load(ctx, tabCtx, s)
	p.WorkerCachedWasm = cached
	return p, err
}

// load navigates to s and waits until it is ready, then reads the marks and
// the paint and resource timings.
func (r *browserRun) load(ctx, tabCtx context.Context, s *site) (pageSample, error) {
	var p pageSample
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url())); err != nil {
		return p, fmt.Errorf("navigating to %s: %w", s.url(), err)
	}
	marks, err := chromedp.Run(ctx, chromedp.Poll[map[string]float64](
		`window.__benchMarks !== undefined && ("ready" in window.__benchMarks) && window.__benchMarks`,
		chromedp.WithPollingTimeout(r.timeout)))
	if err != nil {
		return p, fmt.Errorf("waiting for the app to be ready: %w (page: %s)", err, r.diagnose(tabCtx))
	}
	p.Started, p.Ready = marks["started"], marks["ready"]
	fcp, err := chromedp.Run(ctx, chromedp.Poll[float64](
		`performance.getEntriesByName("first-contentful-paint").length > 0 && performance.getEntriesByName("first-contentful-paint")[0].startTime`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		return p, fmt.Errorf("reading first-contentful-paint: %w", err)
	}
	p.FCP = fcp
	type wasmEntry struct {
		Found        bool    `json:"found"`
		StartTime    float64 `json:"startTime"`
		ResponseEnd  float64 `json:"responseEnd"`
		TransferSize int64   `json:"transferSize"`
	}
	w, err := chromedp.Run(ctx, chromedp.Evaluate[wasmEntry](`(() => {
  const e = performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname.endsWith(".wasm"));
  return e ? {found: true, startTime: e.startTime, responseEnd: e.responseEnd, transferSize: e.transferSize} : {found: false};
})()`))
	if err != nil {
		return p, fmt.Errorf("reading the wasm's resource timing: %w", err)
	}
	if !w.Found {
		return p, errors.New("no resource timing for app.wasm")
	}
	p.WasmRequested, p.WasmFetched, p.WasmTransfer = w.StartTime, w.ResponseEnd, w.TransferSize
	return p, nil
}

// workerCachedWasmJS says whether a service worker is active and one of the
// origin's caches holds a .wasm: go-app's worker caches app.wasm on install
// (the playground's waits for it; go-app's default does not).
const workerCachedWasmJS = `(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg || !reg.active) return false;
  for (const k of await caches.keys()) {
    const c = await caches.open(k);
    if ((await c.keys()).some((r) => new URL(r.url).pathname.endsWith(".wasm"))) return true;
  }
  return false;
})()`

// waitWorkerCache waits, at most limit, until workerCachedWasmJS holds.
func (r *browserRun) waitWorkerCache(ctx context.Context, limit time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](workerCachedWasmJS, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// diagnose describes the page of a failed load: its URL, the marks so far,
// the loader's label (go-app shows a load error there) and the jar's status.
func (r *browserRun) diagnose(tabCtx context.Context) string {
	ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
  url: location.href,
  readyState: document.readyState,
  marks: window.__benchMarks ?? null,
  loader: document.getElementById("app-wasm-loader-label")?.innerText ?? null,
  jar: document.querySelector("#jar")?.dataset.status ?? null,
})`))
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return s
}

// collectConsole records the console errors and exceptions of the tab of
// ctx until ctx ends; the returned channel closes then.
func (r *browserRun) collectConsole(ctx context.Context, app string) <-chan struct{} {
	msgs := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			text := m.String()
			if m.URL != "" {
				text += " (" + m.URL + ")"
			}
			r.mu.Lock()
			if !slices.Contains(r.console[app], text) && len(r.console[app]) < 10 {
				r.console[app] = append(r.console[app], text)
			}
			r.mu.Unlock()
		}
	}()
	return done
}

// markScript is run by Chromium before any script of every document of the
// tab. It records in window.__benchMarks, as performance.now(), the first
// moment each condition holds, checked at every DOM mutation (a
// MutationObserver over the whole document, so right after the change that
// made it true) and at every readyState change.
func markScript(marks [][2]string) string {
	var b strings.Builder
	b.WriteString("(() => {\n  const marks = (window.__benchMarks = {});\n  const conds = [\n")
	for _, m := range marks {
		fmt.Fprintf(&b, "    [%q, () => %s],\n", m[0], m[1])
	}
	b.WriteString(`  ];
  let observer;
  const check = () => {
    let pending = false;
    for (const [name, cond] of conds) {
      if (name in marks) continue;
      let ok = false;
      try { ok = cond(); } catch (e) {}
      if (ok) marks[name] = performance.now();
      else pending = true;
    }
    if (!pending && observer) observer.disconnect();
  };
  observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener("readystatechange", check);
  check();
})();
`)
	return b.String()
}

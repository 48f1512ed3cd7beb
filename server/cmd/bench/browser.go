package main

import (
	"context"
	"fmt"
	"path/filepath"
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
	helloReady = loaderGone + ` && document.querySelector("h1") !== null`
	// contentUncovered: the page is parsed, styled, and no loader covers
	// half the viewport or more: go-app's full-screen overlay is gone, or
	// is only a thin bar. With FCP it gives the first paint of the page's
	// own content (pageSample.Content).
	contentUncovered = `document.readyState !== "loading" && ` +
		`[...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet !== null) && ` +
		`((l) => l === null || l.hidden || getComputedStyle(l).display === "none" || ` +
		`((r) => r.width * r.height < innerWidth * innerHeight / 2)(l.getBoundingClientRect()))` +
		`(document.getElementById("app-wasm-loader"))`
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

// interactive is when the playground's controls work: the wasm has
// mounted the page (app/ui/shell.go sets html[data-wasm=ready]).
const interactive = `document.documentElement.dataset.wasm === "ready"`

// browserReport is part 2 of the report.
type browserReport struct {
	Chromium string        `json:"chromium"`
	Runs     int           `json:"runs"`
	Networks []netProfile  `json:"networks"`
	Series   []*loadSeries `json:"series"`
	// Targets are issue #14's targets with their measures.
	Targets []goalRow `json:"targets"`
	// Trace is the traced load of -trace, not in the statistics.
	Trace *traceReport `json:"trace,omitempty"`
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

// traceReport says where -trace wrote its trace and what that load took.
type traceReport struct {
	File    string     `json:"file"`
	App     string     `json:"app"`
	Mode    string     `json:"mode"`
	Network string     `json:"network"`
	Events  int        `json:"events"`
	Sample  pageSample `json:"sample"`
	// WasmCompile is V8's wasm compilation in the traced load.
	WasmCompile wasmCompileSummary `json:"wasm_compile"`
}

// series returns the series of app on network in mode, or nil.
func (b *browserReport) series(app, network, mode string) *loadSeries {
	for _, ls := range b.Series {
		if ls.key() == seriesKey(app, network, mode) {
			return ls
		}
	}
	return nil
}

// browserRun holds one Chromium and the two apps it loads.
type browserRun struct {
	ctx     context.Context // the browser's
	timeout time.Duration

	mu      sync.Mutex
	console map[string][]string

	traceEvents  int // of the last trace written
	traceCompile wasmCompileSummary
	logf         func(string, ...any)
}

// modesOn are the kinds of load measured on a network: warm loads only on
// loopback, where the service worker and the HTTP cache make the difference;
// on an emulated line the question is the first visit.
func modesOn(p netProfile) []string {
	if p.emulated() {
		return []string{"cold"}
	}
	return []string{"cold", "warm"}
}

// benchBrowser starts both servers and Chromium, then loads each app -runs
// times per network profile and mode, interleaving apps, profiles and modes
// so that a drift of the machine touches all alike.
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
			marks: [][2]string{{"uncovered", contentUncovered}, {"started", loaderGone}, {"interactive", interactive}, {"ready", playgroundReady}},
		},
		{
			name: "hello", srv: hs, path: "/",
			marks: [][2]string{{"uncovered", contentUncovered}, {"started", loaderGone}, {"ready", helloReady}},
		},
	}

	bctx, closeBrowser, err := chromium.Start(ctx, chromiumPath, o.timeout)
	if err != nil {
		return nil, err
	}
	defer closeBrowser()
	r := &browserRun{ctx: bctx, timeout: o.timeout, console: map[string][]string{}, logf: logf}
	rep := &browserReport{Runs: o.runs, Networks: o.networks}
	if v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{}); err == nil {
		rep.Chromium = v.Product
	}

	// One load of each app first, not counted: it starts Chromium's
	// processes and lets the servers' first-request work (go-app renders
	// and caches its scripts on first use) happen outside the samples.
	for _, s := range sites {
		if _, err := r.visit(s, false, netProfiles[0], ""); err != nil {
			return nil, fmt.Errorf("the first load of %s failed, so the others would too: %w", s.name, err)
		}
	}
	r.console = map[string][]string{}

	for _, p := range o.networks {
		for _, mode := range modesOn(p) {
			for _, s := range sites {
				rep.Series = append(rep.Series, &loadSeries{App: s.name, Network: p.Name, Mode: mode})
			}
		}
	}
	for i := range o.runs {
		for _, p := range o.networks {
			for _, mode := range modesOn(p) {
				for _, s := range sites {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					logf("  run %d/%d: %s, %s, %s", i+1, o.runs, s.name, p.Name, mode)
					sample, err := r.visit(s, mode == "warm", p, "")
					if err != nil {
						rep.Failures = append(rep.Failures, fmt.Sprintf("run %d, %s %s %s: %v", i+1, s.name, p.Name, mode, err))
						logf("  failed: %v", err)
						continue
					}
					ls := rep.series(s.name, p.Name, mode)
					ls.Samples = append(ls.Samples, sample)
				}
			}
		}
	}
	for _, ls := range rep.Series {
		ls.summarize()
	}
	rep.Targets = rep.targets()
	if o.trace != "" {
		p := o.networks[0]
		traced, mode := sites[0], "cold"
		if o.traceApp == "hello" {
			traced = sites[1]
		}
		if o.traceWarm {
			mode = "warm"
		}
		logf("  traced load: %s, %s, %s, into %s", traced.name, p.Name, mode, o.trace)
		sample, err := r.visit(traced, o.traceWarm, p, o.trace)
		if err != nil {
			return nil, fmt.Errorf("the traced load: %w", err)
		}
		rep.Trace = &traceReport{File: o.trace, App: traced.name, Mode: mode, Network: p.Name, Events: r.traceEvents, Sample: sample, WasmCompile: r.traceCompile}
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

// visit loads s over network p in a tab of a fresh browser context: once
// (cold), or twice with only the second load measured (warm). A cold load
// has an empty HTTP cache and no service worker; a warm one has the first
// load's, with the service worker's cache filled (or waited for up to 30s).
// With a trace file it records a trace of the (last) load there.
func (r *browserRun) visit(s *site, warm bool, p netProfile, traceFile string) (pageSample, error) {
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

	// One load may take the timeout plus the time 20 MB need on the line.
	limit := r.timeout
	if p.DownBps > 0 {
		limit += time.Duration(20e6 / p.DownBps * float64(time.Second))
	}
	total := limit
	if warm {
		total = 2*limit + 30*time.Second // two loads and the wait for the worker's cache
	}
	ctx, cancel := context.WithTimeout(tabCtx, total)
	consoleDone := r.collectConsole(ctx, s.name)
	defer func() {
		cancel()
		<-consoleDone
	}()

	if err := emulateNetwork(ctx, p); err != nil {
		return pageSample{}, err
	}
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
		if _, err := r.load(ctx, tabCtx, s, limit); err != nil {
			return pageSample{}, fmt.Errorf("first (priming) load: %w", err)
		}
		ok := r.waitWorkerCache(ctx, 30*time.Second)
		cached = &ok
	}
	var tr *traceRecorder
	if traceFile != "" {
		if tr, err = startTrace(ctx); err != nil {
			return pageSample{}, err
		}
	}
	if p.KernelShaped {
		undo, err := shapeLoopback(ctx, p)
		if err != nil {
			return pageSample{}, err
		}
		defer func() {
			if err := undo(); err != nil {
				r.logf("  undoing the loopback shaping: %v", err)
			}
		}()
	}
	sample, err := r.load(ctx, tabCtx, s, limit)
	if err != nil {
		return sample, err
	}
	sample.WorkerCachedWasm = cached
	sample.FloorMs = floorMs(p, sample.WireBytes, sample.RoundTrips)
	if tr != nil {
		if r.traceEvents, err = tr.stop(traceFile); err != nil {
			return sample, err
		}
		if r.traceCompile, err = tr.wasmCompile(); err != nil {
			return sample, err
		}
	}
	return sample, nil
}

// load navigates to s and waits, at most limit, until it is ready, then
// reads what the page knows of its load (pageTimingJS).
func (r *browserRun) load(ctx, tabCtx context.Context, s *site, limit time.Duration) (pageSample, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url())); err != nil {
		return pageSample{}, fmt.Errorf("navigating to %s: %w", s.url(), err)
	}
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`window.__benchMarks !== undefined && ("ready" in window.__benchMarks)`,
		chromedp.WithPollingTimeout(limit)))
	if err != nil {
		return pageSample{}, fmt.Errorf("waiting for the app to be ready: %w (page: %s)", err, r.diagnose(tabCtx))
	}
	// Chromium reports first-contentful-paint a frame after the paint.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](
		`performance.getEntriesByName("first-contentful-paint").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		return pageSample{}, fmt.Errorf("waiting for first-contentful-paint: %w", err)
	}
	t, err := chromedp.Run(ctx, chromedp.Evaluate[pageTiming](pageTimingJS))
	if err != nil {
		return pageSample{}, fmt.Errorf("reading the page's timings: %w", err)
	}
	p, err := sampleOf(t)
	if err != nil {
		return p, err
	}
	w, err := workerShareOf(tabCtx, t.Origin, p.Ready)
	p.WorkerWireBytes, p.WorkerFetchedWasm = w.Bytes, w.Wasm
	return p, err
}

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The service worker's own requests are none of the page's: they are not in
// its Resource Timing, and Chromium's network emulation, set on the page's
// target, does not throttle them (the browser target has no Network domain
// to set it globally). Yet on a first visit go-app's worker installs by
// fetching the app's files, app.wasm included, while the page fetches the
// same files: on a real line both share the bandwidth. So after each load
// the bench reads the worker's Resource Timing and counts what it fetched
// over the network before the page was ready.

// workerTimingJS is run in the service worker: its time origin, to put its
// entries on the page's time line, and its requests.
const workerTimingJS = `({
  origin: performance.timeOrigin,
  resources: performance.getEntriesByType("resource").map((e) => ({
    path: new URL(e.name).pathname, start: e.startTime, responseEnd: e.responseEnd,
    transfer: e.transferSize, encoded: e.encodedBodySize,
  })),
})`

// workerTiming is what workerTimingJS returns.
type workerTiming struct {
	Origin    float64       `json:"origin"`
	Resources []timingEntry `json:"resources"`
}

// workerShare is what the worker fetched over the network between the
// page's navigation and its ready moment.
type workerShare struct {
	Bytes int64
	Wasm  bool // app.wasm among them
}

// shareBefore sums the worker's requests that began between the page's
// navigation (pageOrigin, the page's performance.timeOrigin) and ready (ms
// after it) and came over the network.
func (w workerTiming) shareBefore(pageOrigin, ready float64) workerShare {
	var s workerShare
	for _, r := range w.Resources {
		start := w.Origin - pageOrigin + r.Start
		if start < 0 || start >= ready || r.Transfer == 0 {
			continue
		}
		s.Bytes += r.Transfer
		if _, ok := findResource([]timingEntry{r}, ".wasm"); ok {
			s.Wasm = true
		}
	}
	return s
}

// workerShareOf finds the service workers of the browser context of tabCtx
// and reads their share of the line during the load that started at
// pageOrigin. No worker means no share.
func workerShareOf(tabCtx context.Context, pageOrigin, ready float64) (workerShare, error) {
	var total workerShare
	c := chromedp.FromContext(tabCtx)
	if c == nil || c.Target == nil {
		return total, fmt.Errorf("no tab")
	}
	targets, err := chromedp.Targets(tabCtx)
	if err != nil {
		return total, fmt.Errorf("listing targets: %w", err)
	}
	for _, t := range targets {
		if t.Type != "service_worker" || t.BrowserContextID != c.BrowserContextID {
			continue
		}
		wt, err := readWorker(tabCtx, t.TargetID)
		if err != nil {
			return total, err
		}
		s := wt.shareBefore(pageOrigin, ready)
		total.Bytes += s.Bytes
		total.Wasm = total.Wasm || s.Wasm
	}
	return total, nil
}

func readWorker(tabCtx context.Context, id target.ID) (workerTiming, error) {
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	wctx, cancelWorker := chromedp.NewContext(ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	defer cancelWorker()
	wt, err := chromedp.Run(wctx, chromedp.Evaluate[workerTiming](workerTimingJS))
	if err != nil {
		return wt, fmt.Errorf("reading the service worker's resource timing: %w", err)
	}
	return wt, nil
}

package main

import (
	"errors"
	"path"
	"slices"
	"strings"
)

// The performance marks the playground sets (app/ui/perfmarks.go; the names
// are a contract between the app and the bench).
const (
	markGoMain    = "cookieplay:go-main"
	markRendered  = "cookieplay:rendered"
	markJarLoaded = "cookieplay:jar-loaded"
)

// pageTimingJS reads, once the page is ready, what the page knows of its
// own load: the navigation's and every resource's Resource Timing, the
// app's performance marks, first-contentful-paint, and the moments the
// bench's MutationObserver recorded (markScript).
const pageTimingJS = `(() => {
  const pick = (e) => ({
    path: new URL(e.name, location.href).pathname, type: e.initiatorType,
    start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart,
    responseEnd: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize,
  });
  const marks = {};
  for (const m of performance.getEntriesByType("mark")) {
    if (m.name.startsWith("cookieplay:") && !(m.name in marks)) marks[m.name] = m.startTime;
  }
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    navigation: pick(performance.getEntriesByType("navigation")[0]),
    resources: performance.getEntriesByType("resource").map(pick),
    marks, fcp: fcp ? fcp.startTime : 0, observed: window.__benchMarks ?? {},
    origin: performance.timeOrigin,
  };
})()`

// timingEntry is one PerformanceResourceTiming (or the navigation's), in ms
// since the navigation started.
type timingEntry struct {
	Path          string  `json:"path"`
	Type          string  `json:"type"`
	Start         float64 `json:"start"`
	RequestStart  float64 `json:"requestStart"`
	ResponseStart float64 `json:"responseStart"`
	ResponseEnd   float64 `json:"responseEnd"`
	// Transfer is transferSize: headers and body as they came over the
	// network, 0 when a cache answered. Encoded is the body's bytes.
	Transfer int64 `json:"transfer"`
	Encoded  int64 `json:"encoded"`
}

// pageTiming is what pageTimingJS returns.
type pageTiming struct {
	Navigation timingEntry        `json:"navigation"`
	Resources  []timingEntry      `json:"resources"`
	Marks      map[string]float64 `json:"marks"`
	FCP        float64            `json:"fcp"`
	Observed   map[string]float64 `json:"observed"`
	// Origin is performance.timeOrigin: the navigation's start, in ms
	// since the Unix epoch.
	Origin float64 `json:"origin"`
}

// sampleOf turns what a page said of its load into a sample. It needs the
// observer's "ready" and app.wasm's resource timing; the app's marks and the
// observer's other moments are optional (hello sets no marks).
func sampleOf(t pageTiming) (pageSample, error) {
	var p pageSample
	ready, ok := t.Observed["ready"]
	if !ok {
		return p, errors.New("the page was never ready")
	}
	wasm, ok := findResource(t.Resources, ".wasm")
	if !ok {
		return p, errors.New("no resource timing for app.wasm")
	}
	p.Ready = ready
	p.Started = t.Observed["started"]
	p.Interactive = t.Observed["interactive"]
	if p.Interactive == 0 {
		p.Interactive = ready
	}
	p.FCP = t.FCP
	p.Content = p.FCP
	if u, ok := t.Observed["uncovered"]; ok {
		p.Content = max(p.FCP, u)
	}
	p.HTML = t.Navigation.ResponseEnd
	for _, name := range []string{"app.js", "wasm_exec.js"} {
		if s, ok := findResource(t.Resources, name); ok {
			p.Scripts = max(p.Scripts, s.ResponseEnd)
		}
	}
	p.WasmRequested, p.WasmRequestStart, p.WasmFetched = wasm.Start, wasm.RequestStart, wasm.ResponseEnd
	p.WasmTransfer = wasm.Transfer
	if api, ok := firstAPICall(t.Resources, ready); ok {
		p.APIRequested, p.APIAnswered = api.Start, api.ResponseEnd
	}
	p.GoMain, p.Rendered, p.JarLoaded = t.Marks[markGoMain], t.Marks[markRendered], t.Marks[markJarLoaded]

	// Bytes on the wire: everything the page fetched before it was ready.
	p.WireBytes = t.Navigation.Transfer
	for _, r := range t.Resources {
		if r.Start < ready {
			p.WireBytes += r.Transfer
		}
	}
	p.RoundTrips = roundTrips(criticalChain(t, ready))
	return p, nil
}

// findResource returns the first resource whose path's last element is
// name, or, for a name starting with ".", ends with it.
func findResource(rs []timingEntry, name string) (timingEntry, bool) {
	for _, r := range rs {
		base := path.Base(r.Path)
		if base == name || (strings.HasPrefix(name, ".") && strings.HasSuffix(base, name)) {
			return r, true
		}
	}
	return timingEntry{}, false
}

// firstAPICall is the first GET /api/cookies that began before ready.
func firstAPICall(rs []timingEntry, ready float64) (timingEntry, bool) {
	for _, r := range rs {
		if r.Path == "/api/cookies" && r.Start < ready {
			return r, true
		}
	}
	return timingEntry{}, false
}

// criticalChain is the requests a start-up cannot do without, in the order
// they began: the page, go-app's two scripts, the wasm and the first answer
// of /api/cookies before the page was ready (the playground's jar).
func criticalChain(t pageTiming, ready float64) []timingEntry {
	chain := []timingEntry{t.Navigation}
	for _, name := range []string{"app.js", "wasm_exec.js", ".wasm"} {
		if r, ok := findResource(t.Resources, name); ok {
			chain = append(chain, r)
		}
	}
	if api, ok := firstAPICall(t.Resources, ready); ok {
		chain = append(chain, api)
	}
	slices.SortStableFunc(chain, func(a, b timingEntry) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	return chain
}

// roundTrips counts the round trips of a chain of requests: one to set up
// the connection, then one per step of the longest chain of requests each
// of which began only after the one before it had started answering (its
// responseStart). A request that began before an earlier one answered ran
// beside it and costs no round trip of its own: with a preload of the wasm
// in the page's head, the wasm goes beside the scripts.
func roundTrips(chain []timingEntry) int {
	if len(chain) == 0 {
		return 0
	}
	depth := make([]int, len(chain))
	longest := 0
	for i, r := range chain {
		depth[i] = 1
		for j := range i {
			if chain[j].ResponseStart > 0 && chain[j].ResponseStart <= r.Start {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		longest = max(longest, depth[i])
	}
	return 1 + longest
}

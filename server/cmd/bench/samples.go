package main

import "slices"

// pageSample is one measured page load; times are milliseconds since the
// navigation started (performance.timeOrigin), 0 where the page has no such
// moment (hello sets no marks).
type pageSample struct {
	// FCP is first-contentful-paint: the first paint of the page's text.
	FCP float64 `json:"fcp_ms"`
	// Content is the first paint of the page's own content: FCP, or later,
	// the moment no loader covered half the viewport any more (the
	// bench's "uncovered" condition; go-app's overlay hides the
	// pre-rendered page until the wasm runs).
	Content float64 `json:"content_ms"`
	// HTML is the navigation's responseEnd: the whole page has arrived.
	HTML float64 `json:"html_ms"`
	// Scripts is the later responseEnd of go-app's app.js and wasm_exec.js.
	Scripts float64 `json:"scripts_ms"`
	// WasmRequested is when the page asked for app.wasm (its startTime),
	// WasmRequestStart when the request left (requestStart: after a wait for
	// a connection) and WasmFetched when its last byte arrived
	// (responseEnd); instantiateStreaming compiles while it downloads.
	WasmRequested    float64 `json:"wasm_requested_ms"`
	WasmRequestStart float64 `json:"wasm_request_start_ms"`
	WasmFetched      float64 `json:"wasm_fetched_ms"`
	// WasmTransfer is the bytes of app.wasm that came over the network: 0
	// when the service worker or the HTTP cache answered.
	WasmTransfer int64 `json:"wasm_transfer_bytes"`
	// GoMain, Rendered and JarLoaded are the playground's performance
	// marks: Go's main began (the wasm was compiled and instantiated), the
	// first page mounted, the jar showed /api/cookies' first answer.
	GoMain    float64 `json:"go_main_ms,omitempty"`
	Rendered  float64 `json:"rendered_ms,omitempty"`
	JarLoaded float64 `json:"jar_loaded_ms,omitempty"`
	// APIRequested and APIAnswered are the startTime and responseEnd of
	// the page's first GET /api/cookies (the playground's jar).
	APIRequested float64 `json:"api_requested_ms,omitempty"`
	APIAnswered  float64 `json:"api_answered_ms,omitempty"`
	// Started is when go-app removed its loading overlay (see loaderGone).
	Started float64 `json:"started_ms"`
	// Interactive is when the page's controls work: the playground's
	// html[data-wasm=ready]; hello's Ready.
	Interactive float64 `json:"interactive_ms"`
	// Ready is when the app was ready: hello's <h1> with the overlay gone;
	// the playground's jar rendered from document.cookie and /api/cookies.
	Ready float64 `json:"ready_ms"`
	// WireBytes is the transferSize of the page and of every resource it
	// asked for before it was ready; RoundTrips counts the round trips of
	// its critical chain (see roundTrips), FloorMs the least time the
	// profile's line needs for both (see floorMs; 0 on loopback).
	WireBytes  int64   `json:"wire_bytes"`
	RoundTrips int     `json:"round_trips"`
	FloorMs    float64 `json:"floor_ms,omitempty"`
	// WorkerWireBytes is what the service worker fetched over the network
	// (transferSize) between the navigation and ready, WorkerFetchedWasm
	// whether app.wasm was among it (see worker.go).
	WorkerWireBytes   int64 `json:"worker_wire_bytes"`
	WorkerFetchedWasm bool  `json:"worker_fetched_wasm,omitempty"`
	// WorkerCachedWasm says, for a warm load, whether the service worker's
	// cache held app.wasm before the measured navigation.
	WorkerCachedWasm *bool `json:"worker_cached_wasm,omitempty"`
}

// column is one number of every sample whose median the report shows; get
// says false where a sample has none.
type column struct {
	key string
	get func(pageSample) (float64, bool)
}

func at(f func(pageSample) float64) func(pageSample) (float64, bool) {
	return func(p pageSample) (float64, bool) { v := f(p); return v, v > 0 }
}

// between is the time from one moment to a later one, where both exist.
func between(from, to func(pageSample) float64) func(pageSample) (float64, bool) {
	return func(p pageSample) (float64, bool) {
		a, b := from(p), to(p)
		return b - a, a > 0 && b > 0
	}
}

var (
	wasmFetched  = func(p pageSample) float64 { return p.WasmFetched }
	goMain       = func(p pageSample) float64 { return p.GoMain }
	rendered     = func(p pageSample) float64 { return p.Rendered }
	apiRequested = func(p pageSample) float64 { return p.APIRequested }
	jarLoaded    = func(p pageSample) float64 { return p.JarLoaded }
	ready        = func(p pageSample) float64 { return p.Ready }
)

// columns are the statistics of a loadSeries, by key.
var columns = []column{
	{"fcp_ms", at(func(p pageSample) float64 { return p.FCP })},
	{"content_ms", at(func(p pageSample) float64 { return p.Content })},
	{"html_ms", at(func(p pageSample) float64 { return p.HTML })},
	{"scripts_ms", at(func(p pageSample) float64 { return p.Scripts })},
	{"wasm_requested_ms", at(func(p pageSample) float64 { return p.WasmRequested })},
	{"wasm_fetched_ms", at(wasmFetched)},
	{"wasm_transfer_ms", between(func(p pageSample) float64 { return p.WasmRequestStart }, wasmFetched)},
	{"go_main_ms", at(goMain)},
	{"compile_instantiate_ms", between(wasmFetched, goMain)},
	{"rendered_ms", at(rendered)},
	{"go_start_to_render_ms", between(goMain, rendered)},
	{"api_requested_ms", at(apiRequested)},
	{"api_answered_ms", at(func(p pageSample) float64 { return p.APIAnswered })},
	{"api_fetch_ms", between(apiRequested, func(p pageSample) float64 { return p.APIAnswered })},
	{"jar_loaded_ms", at(jarLoaded)},
	{"render_to_jar_ms", between(rendered, jarLoaded)},
	{"wasm_fetched_to_ready_ms", between(wasmFetched, ready)},
	{"started_ms", at(func(p pageSample) float64 { return p.Started })},
	{"interactive_ms", at(func(p pageSample) float64 { return p.Interactive })},
	{"ready_ms", at(ready)},
	{"wasm_transfer_bytes", func(p pageSample) (float64, bool) { return float64(p.WasmTransfer), true }},
	{"worker_wire_bytes", func(p pageSample) (float64, bool) { return float64(p.WorkerWireBytes), true }},
	{"wire_bytes", func(p pageSample) (float64, bool) { return float64(p.WireBytes), true }},
	{"round_trips", at(func(p pageSample) float64 { return float64(p.RoundTrips) })},
	{"floor_ms", at(func(p pageSample) float64 { return p.FloorMs })},
	{"ready_over_floor", func(p pageSample) (float64, bool) { return p.Ready / p.FloorMs, p.FloorMs > 0 }},
}

// stat is the median and the maximum of one column over the samples that
// have it, and how many did.
type stat struct {
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
	N      int     `json:"n"`
}

func statOf(samples []pageSample, get func(pageSample) (float64, bool)) stat {
	var v []float64
	for _, s := range samples {
		if x, ok := get(s); ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return stat{}
	}
	slices.Sort(v)
	n := len(v)
	med := v[n/2]
	if n%2 == 0 {
		med = (v[n/2-1] + v[n/2]) / 2
	}
	return stat{Median: med, Max: v[n-1], N: n}
}

// loadSeries is every measured load of one app on one network, cold or
// warm.
type loadSeries struct {
	App     string          `json:"app"`
	Network string          `json:"network"`
	Mode    string          `json:"mode"`
	Samples []pageSample    `json:"samples"`
	Stats   map[string]stat `json:"stats"`
	// WorkerCached counts the warm loads whose service worker cache held
	// app.wasm beforehand.
	WorkerCached int `json:"worker_cached,omitempty"`
}

func (s *loadSeries) key() string { return seriesKey(s.App, s.Network, s.Mode) }

func seriesKey(app, network, mode string) string { return app + "/" + network + "/" + mode }

func (s *loadSeries) summarize() {
	s.Stats = map[string]stat{}
	for _, c := range columns {
		if st := statOf(s.Samples, c.get); st.N > 0 {
			s.Stats[c.key] = st
		}
	}
	s.WorkerCached = 0
	for _, p := range s.Samples {
		if p.WorkerCachedWasm != nil && *p.WorkerCachedWasm {
			s.WorkerCached++
		}
	}
}

// median is the median of column key, 0 where no sample had it.
func (s *loadSeries) median(key string) float64 {
	if s == nil {
		return 0
	}
	return s.Stats[key].Median
}

package main

import (
	"encoding/json"
	"testing"
)

// coldLoadTiming is what pageTimingJS returned for a cold load of /jar
// (trimmed: the CSS and icons are left out but for one), as JSON.
const coldLoadTiming = `{
  "navigation": {"path": "/jar", "type": "navigation", "start": 0, "requestStart": 3, "responseStart": 50, "responseEnd": 100, "transfer": 20300, "encoded": 20000},
  "resources": [
    {"path": "/web/app.css", "type": "link", "start": 60, "requestStart": 61, "responseStart": 105, "responseEnd": 110, "transfer": 5300, "encoded": 5000},
    {"path": "/wasm_exec.js", "type": "script", "start": 101, "requestStart": 102, "responseStart": 145, "responseEnd": 150, "transfer": 6300, "encoded": 6000},
    {"path": "/app.js", "type": "script", "start": 101, "requestStart": 102, "responseStart": 150, "responseEnd": 156, "transfer": 4300, "encoded": 4000},
    {"path": "/web/app.wasm", "type": "fetch", "start": 312, "requestStart": 315, "responseStart": 360, "responseEnd": 2254, "transfer": 2733500, "encoded": 2733232},
    {"path": "/api/cookies", "type": "fetch", "start": 2700, "requestStart": 2701, "responseStart": 2745, "responseEnd": 2750, "transfer": 900, "encoded": 600},
    {"path": "/web/late.png", "type": "img", "start": 3100, "requestStart": 3101, "responseStart": 3150, "responseEnd": 3160, "transfer": 99999, "encoded": 99700}
  ],
  "marks": {"cookieplay:go-main": 2400, "cookieplay:rendered": 2650, "cookieplay:jar-loaded": 2760},
  "fcp": 216,
  "observed": {"uncovered": 2655, "started": 2655, "interactive": 2651, "ready": 2976}
}`

func TestSampleOfColdLoad(t *testing.T) {
	var timing pageTiming
	if err := json.Unmarshal([]byte(coldLoadTiming), &timing); err != nil {
		t.Fatal(err)
	}
	got, err := sampleOf(timing)
	if err != nil {
		t.Fatal(err)
	}
	want := pageSample{
		// The FCP is go-app's overlay; the page shows when it goes.
		FCP: 216, Content: 2655, HTML: 100, Scripts: 156,
		WasmRequested: 312, WasmRequestStart: 315, WasmFetched: 2254, WasmTransfer: 2733500,
		APIRequested: 2700, APIAnswered: 2750,
		GoMain: 2400, Rendered: 2650, JarLoaded: 2760,
		Started: 2655, Interactive: 2651, Ready: 2976,
		// Everything but the image asked for after ready.
		WireBytes: 20300 + 5300 + 6300 + 4300 + 2733500 + 900,
		// Connection, page, scripts, wasm, API.
		RoundTrips: 5,
	}
	if got != want {
		t.Errorf("sampleOf:\n got %+v\nwant %+v", got, want)
	}
	phases := map[string]float64{
		"wasm_transfer_ms":         2254 - 315,
		"compile_instantiate_ms":   2400 - 2254,
		"go_start_to_render_ms":    2650 - 2400,
		"render_to_jar_ms":         2760 - 2650,
		"wasm_fetched_to_ready_ms": 2976 - 2254,
	}
	ls := &loadSeries{Samples: []pageSample{got}}
	ls.summarize()
	for key, want := range phases {
		if got := ls.median(key); got != want {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
}

func TestSampleOfNeedsReadyAndWasm(t *testing.T) {
	if _, err := sampleOf(pageTiming{Resources: []timingEntry{{Path: "/web/app.wasm"}}}); err == nil {
		t.Error("a page never ready gave a sample")
	}
	if _, err := sampleOf(pageTiming{Observed: map[string]float64{"ready": 10}}); err == nil {
		t.Error("a page without app.wasm gave a sample")
	}
}

// Hello sets no marks and has no jar: its phases are the ones it has, and
// "interactive" is its "ready".
func TestSampleOfHello(t *testing.T) {
	got, err := sampleOf(pageTiming{
		Navigation: timingEntry{Path: "/", ResponseStart: 5, ResponseEnd: 10, Transfer: 3000},
		Resources: []timingEntry{
			{Path: "/app.js", Start: 11, ResponseStart: 20, ResponseEnd: 25, Transfer: 4000},
			{Path: "/web/app.wasm", Start: 40, RequestStart: 41, ResponseStart: 50, ResponseEnd: 300, Transfer: 13_000_000},
		},
		FCP:      30,
		Observed: map[string]float64{"uncovered": 12, "started": 500, "ready": 500},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing covered the page (a thin bar): it showed at its first paint.
	if got.Content != 30 || got.Interactive != 500 || got.GoMain != 0 || got.JarLoaded != 0 || got.RoundTrips != 4 || got.WireBytes != 13_007_000 {
		t.Errorf("hello's sample: %+v", got)
	}
}

// roundTripCases: a request costs a round trip of its own only when it
// began after the one before it had started answering.
var roundTripCases = []struct {
	name  string
	chain []timingEntry
	want  int
}{
	{"nothing, no connection", nil, 0},
	{"the page alone: connection and request", []timingEntry{{Start: 0, ResponseStart: 40}}, 2},
	{
		"page, scripts, wasm, API one after the other",
		[]timingEntry{{Start: 0, ResponseStart: 40}, {Start: 50, ResponseStart: 90}, {Start: 120, ResponseStart: 160}, {Start: 900, ResponseStart: 940}},
		5,
	},
	{
		"a wasm preloaded from the head goes beside the scripts",
		[]timingEntry{{Start: 0, ResponseStart: 40}, {Start: 45, ResponseStart: 90}, {Start: 46, ResponseStart: 91}, {Start: 900, ResponseStart: 940}},
		4,
	},
	{
		"a request that never answered is nobody's parent",
		[]timingEntry{{Start: 0, ResponseStart: 40}, {Start: 50, ResponseStart: 0}, {Start: 60, ResponseStart: 90}},
		3,
	},
}

func TestRoundTrips(t *testing.T) {
	for _, tc := range roundTripCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := roundTrips(tc.chain); got != tc.want {
				t.Errorf("roundTrips = %d, want %d", got, tc.want)
			}
		})
	}
}

package main

import "testing"

// The worker's entries are on its own time line: its origin is 300 ms after
// the page's here. Only what it began over the network between the
// navigation and ready counts.
func TestWorkerShareBefore(t *testing.T) {
	w := workerTiming{Origin: 1_000_300, Resources: []timingEntry{
		{Path: "/web/app.css", Start: -400, Transfer: 5000},     // a load before this one
		{Path: "/web/app.wasm", Start: 50, Transfer: 2_700_000}, // 350 ms after the navigation
		{Path: "/app.js", Start: 60, Transfer: 0},               // from the HTTP cache
		{Path: "/about", Start: 3000, Transfer: 4000},           // after ready
	}}
	got := w.shareBefore(1_000_000, 2976)
	if got != (workerShare{Bytes: 2_700_000, Wasm: true}) {
		t.Errorf("shareBefore = %+v, want app.wasm's 2,700,000 bytes", got)
	}
}

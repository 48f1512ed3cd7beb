package main

import (
	"encoding/json"
	"fmt"
	"io"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
)

// Trace event names of V8's wasm compilation (category
// disabled-by-default-v8.wasm.detailed and v8.wasm).
const (
	// lazyCompileEvent: one function compiled on its first call, on the
	// thread that called it. Chromium 156 compiles wasm lazily.
	lazyCompileEvent = "wasm.CompileLazy"
	// topTierEvent: TurboFan recompiling hot functions, on worker threads.
	topTierEvent = "wasm.TopTierCompilation"
)

// wasmCompileSummary is what a trace says of V8 compiling the page's wasm:
// the functions compiled lazily on the page's main thread (the thread with
// the most of them), split at the playground's marks when it set them, and
// TurboFan's CPU time on other threads (its wall time there mostly waits
// for a core).
type wasmCompileSummary struct {
	LazyFunctions int     `json:"lazy_functions"`
	LazyCPUMs     float64 `json:"lazy_cpu_ms"`
	LazyWallMs    float64 `json:"lazy_wall_ms"`
	// Phases split the lazy compilation at cookieplay:go-main and
	// cookieplay:rendered; empty for hello world, which sets no marks.
	Phases []lazyPhase `json:"phases,omitempty"`
	// TopTierCPUMs is TurboFan's CPU time on other threads over the
	// trace; TopTierCPUBeforeRenderMs the part begun before
	// cookieplay:rendered (0 without the mark).
	TopTierCPUMs             float64 `json:"top_tier_cpu_ms"`
	TopTierCPUBeforeRenderMs float64 `json:"top_tier_cpu_before_render_ms,omitempty"`
}

// lazyPhase is the lazy compilation between two marks.
type lazyPhase struct {
	Name      string  `json:"name"`
	Functions int     `json:"functions"`
	WallMs    float64 `json:"wall_ms"`
}

// traceEvent is the part of a Chrome trace event the summary reads.
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Pid  int64   `json:"pid"`
	Tid  int64   `json:"tid"`
	Ts   float64 `json:"ts"`   // µs
	Dur  float64 `json:"dur"`  // µs of wall time
	TDur float64 `json:"tdur"` // µs of the thread's CPU time
}

type threadID struct{ pid, tid int64 }

// summarizeWasmCompile reads trace events (each a JSON object, as
// Tracing.dataCollected gives them).
func summarizeWasmCompile(raw []jsonv2.Value) (wasmCompileSummary, error) {
	var lazy, topTier []traceEvent
	marks := map[string]float64{}
	perThread := map[threadID]int{}
	for _, r := range raw {
		var e traceEvent
		if err := json.Unmarshal(r, &e); err != nil {
			return wasmCompileSummary{}, fmt.Errorf("a trace event: %w", err)
		}
		switch {
		case e.Name == lazyCompileEvent && e.Ph == "X":
			lazy = append(lazy, e)
			perThread[threadID{e.Pid, e.Tid}]++
		case e.Name == topTierEvent && e.Ph == "X":
			topTier = append(topTier, e)
		case e.Name == markGoMain || e.Name == markRendered:
			if _, seen := marks[e.Name]; !seen {
				marks[e.Name] = e.Ts
			}
		}
	}
	var main threadID
	for id, n := range perThread {
		if n > perThread[main] {
			main = id
		}
	}
	var s wasmCompileSummary
	goMain, haveGoMain := marks[markGoMain]
	rendered, haveRendered := marks[markRendered]
	if haveGoMain && haveRendered {
		s.Phases = []lazyPhase{{Name: "before Go main"}, {Name: "Go main -> first render"}, {Name: "after the first render"}}
	}
	for _, e := range lazy {
		if (threadID{e.Pid, e.Tid}) != main {
			continue
		}
		s.LazyFunctions++
		s.LazyCPUMs += e.TDur / 1000
		s.LazyWallMs += e.Dur / 1000
		if s.Phases != nil {
			i := 0
			if e.Ts >= rendered {
				i = 2
			} else if e.Ts >= goMain {
				i = 1
			}
			s.Phases[i].Functions++
			s.Phases[i].WallMs += e.Dur / 1000
		}
	}
	for _, e := range topTier {
		if (threadID{e.Pid, e.Tid}) == main {
			continue
		}
		s.TopTierCPUMs += e.TDur / 1000
		if haveRendered && e.Ts < rendered {
			s.TopTierCPUBeforeRenderMs += e.TDur / 1000
		}
	}
	return s, nil
}

// write puts the summary in the report, under the trace's paragraph.
func (s wasmCompileSummary) write(w io.Writer) {
	fmt.Fprintf(w, "  V8 compiled %d wasm functions lazily (on first call) on the page's main thread:\n"+
		"  %.0f ms of its CPU, %.0f ms of wall time.\n", s.LazyFunctions, s.LazyCPUMs, s.LazyWallMs)
	for i, p := range s.Phases {
		sep := "; "
		if i == 0 {
			sep = "  By phase: "
		}
		fmt.Fprintf(w, "%s%s %d, %.0f ms", sep, p.Name, p.Functions, p.WallMs)
	}
	if s.Phases != nil {
		fmt.Fprintln(w, ".")
	}
	fmt.Fprintf(w, "  TurboFan recompiled hot functions on other threads: %.0f ms of CPU", s.TopTierCPUMs)
	if s.Phases != nil {
		fmt.Fprintf(w, " (%.0f ms begun before the first render)", s.TopTierCPUBeforeRenderMs)
	}
	fmt.Fprintln(w, ".")
}

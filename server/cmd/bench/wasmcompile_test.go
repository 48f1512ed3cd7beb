package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
)

// wasmCompileTrace: a page's main thread (pid 1, tid 1) compiles three
// functions lazily around the playground's marks; a worker (tid 2)
// compiles one lazily and runs TurboFan once before the first render,
// another (tid 3) once after; the main thread's own TurboFan event is not
// counted with theirs.
var wasmCompileTrace = []string{
	`{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"CrRendererMain"}}`,
	`{"name":"wasm.CompileLazy","ph":"X","pid":1,"tid":1,"ts":1000,"dur":2000,"tdur":1000}`,
	`{"name":"cookieplay:go-main","ph":"R","pid":1,"tid":1,"ts":5000}`,
	`{"name":"wasm.CompileLazy","ph":"X","pid":1,"tid":1,"ts":6000,"dur":3000,"tdur":2000}`,
	`{"name":"cookieplay:rendered","ph":"R","pid":1,"tid":1,"ts":10000}`,
	`{"name":"cookieplay:rendered","ph":"R","pid":1,"tid":1,"ts":99000}`,
	`{"name":"wasm.CompileLazy","ph":"X","pid":1,"tid":1,"ts":11000,"dur":500,"tdur":500}`,
	`{"name":"wasm.CompileLazy","ph":"X","pid":1,"tid":2,"ts":11000,"dur":7000,"tdur":7000}`,
	`{"name":"wasm.TopTierCompilation","ph":"X","pid":1,"tid":2,"ts":8000,"dur":9000,"tdur":4000}`,
	`{"name":"wasm.TopTierCompilation","ph":"X","pid":1,"tid":3,"ts":12000,"dur":3000,"tdur":1000}`,
	`{"name":"wasm.TopTierCompilation","ph":"X","pid":1,"tid":1,"ts":12000,"dur":9000,"tdur":9000}`,
}

func TestSummarizeWasmCompile(t *testing.T) {
	var raw []jsonv2.Value
	for _, e := range wasmCompileTrace {
		raw = append(raw, jsonv2.Value(e))
	}
	s, err := summarizeWasmCompile(raw)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if s.LazyFunctions != 3 || !near(s.LazyCPUMs, 3.5) || !near(s.LazyWallMs, 5.5) {
		t.Errorf("main thread: %d functions, %v ms CPU, %v ms wall; want 3, 3.5, 5.5", s.LazyFunctions, s.LazyCPUMs, s.LazyWallMs)
	}
	want := []lazyPhase{{"before Go main", 1, 2}, {"Go main -> first render", 1, 3}, {"after the first render", 1, 0.5}}
	if len(s.Phases) != len(want) {
		t.Fatalf("phases %+v, want %+v", s.Phases, want)
	}
	for i, w := range want {
		if g := s.Phases[i]; g.Name != w.Name || g.Functions != w.Functions || !near(g.WallMs, w.WallMs) {
			t.Errorf("phase %d = %+v, want %+v", i, g, w)
		}
	}
	if !near(s.TopTierCPUMs, 5) || !near(s.TopTierCPUBeforeRenderMs, 4) {
		t.Errorf("TurboFan's CPU on other threads = %v ms, %v before the render; want 5, 4", s.TopTierCPUMs, s.TopTierCPUBeforeRenderMs)
	}
	var b bytes.Buffer
	s.write(&b)
	for _, part := range []string{"3 wasm functions lazily", "4 ms of its CPU, 6 ms of wall time", "Go main -> first render 1, 3 ms", "5 ms of CPU (4 ms begun before the first render)"} {
		if !strings.Contains(b.String(), part) {
			t.Errorf("report %q lacks %q", b.String(), part)
		}
	}
}

// Hello world sets no marks: the summary has no phases then.
func TestSummarizeWasmCompileWithoutMarks(t *testing.T) {
	s, err := summarizeWasmCompile([]jsonv2.Value{
		jsonv2.Value(`{"name":"wasm.CompileLazy","ph":"X","pid":1,"tid":1,"ts":1,"dur":1000,"tdur":1000}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.LazyFunctions != 1 || s.Phases != nil {
		t.Errorf("got %d functions, phases %+v; want 1 and none", s.LazyFunctions, s.Phases)
	}
}

func TestSummarizeWasmCompileRejectsABrokenEvent(t *testing.T) {
	if _, err := summarizeWasmCompile([]jsonv2.Value{jsonv2.Value(`{"name":`)}); err == nil {
		t.Error("a broken event was accepted")
	}
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceCategories are the trace categories of DevTools' Performance panel,
// plus V8's wasm compilation, its CPU profiler's samples and the page's
// performance marks: enough to see the HTML parse, each network request,
// the wasm's streaming compile, Go's first run, layout and paint on one
// time line.
var traceCategories = []string{
	"-*",
	"devtools.timeline", "disabled-by-default-devtools.timeline",
	"disabled-by-default-devtools.timeline.frame", "disabled-by-default-devtools.timeline.stack",
	"v8.execute", "v8", "v8.wasm", "disabled-by-default-v8.compile", "disabled-by-default-v8.wasm.detailed",
	"blink.user_timing", "loading", "netlog", "disabled-by-default-netlog", "latencyInfo",
	"devtools.timeline.async", "toplevel", "disabled-by-default-v8.cpu_profiler",
}

// traceRecorder records a Chrome trace of the tab of a context, from start
// until stop writes it to a file in the JSON Object format
// ({"traceEvents": [...]}), which ui.perfetto.dev, chrome://tracing and
// DevTools' Performance panel open.
type traceRecorder struct {
	ctx  context.Context
	mu   sync.Mutex
	data []jsonv2.Value
	done chan tracing.EventTracingComplete
}

// startTrace listens to the tab's trace events, then starts tracing.
// Listen, unlike Events, keeps the order of events of different types, so
// every dataCollected is in before tracingComplete.
func startTrace(ctx context.Context) (*traceRecorder, error) {
	t := &traceRecorder{ctx: ctx, done: make(chan tracing.EventTracingComplete, 1)}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			t.mu.Lock()
			t.data = append(t.data, ev.Value...)
			t.mu.Unlock()
		case *tracing.EventTracingComplete:
			select {
			case t.done <- *ev:
			default:
			}
		}
	})
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig: &tracing.TraceConfig{
			RecordMode:         tracing.TraceConfigRecordModeRecordUntilFull,
			IncludedCategories: traceCategories,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("starting a trace: %w", err)
	}
	return t, nil
}

// wasmCompile summarizes the wasm compilation the recorded events show.
func (t *traceRecorder) wasmCompile() (wasmCompileSummary, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return summarizeWasmCompile(t.data)
}

// stop ends the trace, waits for its last events and writes them to path.
func (t *traceRecorder) stop(path string) (events int, err error) {
	if _, err := chromedp.Call(t.ctx, tracing.End, cdp.Empty{}); err != nil {
		return 0, fmt.Errorf("ending the trace: %w", err)
	}
	var c tracing.EventTracingComplete
	select {
	case c = <-t.done:
	case <-t.ctx.Done():
		return 0, fmt.Errorf("waiting for the trace: %w", t.ctx.Err())
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f)
	w.WriteString(`{"traceEvents":[`)
	t.mu.Lock()
	for i, v := range t.data {
		if i > 0 {
			w.WriteString(",\n")
		}
		w.Write(v)
	}
	events = len(t.data)
	t.mu.Unlock()
	w.WriteString("],\n\"metadata\":{\"source\":\"cookieplay bench\"}}\n")
	if err := w.Flush(); err != nil {
		return events, err
	}
	if c.DataLossOccurred {
		return events, errors.New("chromium reports that trace data was lost (the trace buffer filled)")
	}
	return events, nil
}

package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Performance marks the app sets in the browser (performance.mark), so a
// trace or the bench can split a cold start into phases. Their names are a
// contract with server/cmd/bench.
const (
	// MarkGoMain: the wasm was compiled and instantiated, and Go's main began.
	MarkGoMain = "cookieplay:go-main"
	// MarkRendered: the first page component mounted (html[data-wasm=ready]).
	MarkRendered = "cookieplay:rendered"
	// MarkJarLoaded: the jar showed its first answer from /api/cookies.
	MarkJarLoaded = "cookieplay:jar-loaded"
)

// markPerformance sets the performance mark name once; later calls with
// the same name are ignored, so a page shown again keeps the first time.
func markPerformance(name string) {
	if !app.IsClient {
		return
	}
	perf := app.Window().Get("performance")
	if perf.Call("getEntriesByName", name, "mark").Length() > 0 {
		return
	}
	perf.Call("mark", name)
}

// MarkGoStarted sets MarkGoMain; the wasm's main calls it first.
func MarkGoStarted() { markPerformance(MarkGoMain) }

package server

import (
	"bytes"
	"errors"
)

// goAppFetchWithProgress starts the last function of go-app's app.js
// (v10.1.11), which downloads the wasm for instantiateStreaming.
const goAppFetchWithProgress = "async function fetchWithProgress(url, progess) {"

// streamingFetchWithProgress replaces it. go-app's own reads every chunk of
// the wasm in JavaScript and hands V8 a Response built from a JavaScript
// stream, so each chunk waits for the page's main thread. This one hands V8
// the fetch's own Response, which it compiles straight from the network,
// and counts a clone's bytes for the progress bar, reporting only whole
// percents.
const streamingFetchWithProgress = `// Cookie Playground (server/appjs.go): V8 compiles the wasm straight from
// the network; a clone of the response only counts bytes for the progress.
async function fetchWithProgress(url, progress) {
  const response = await fetch(url);
  const total = parseInt(goappWasmContentLength, 10) || parseInt(response.headers.get("Content-Length"), 10);
  if (!response.ok || !response.body || !(total > 0)) {
    return response;
  }
  const counter = response.clone().body.getReader();
  (async () => {
    let loaded = 0, shown = -1;
    for (;;) {
      const { done, value } = await counter.read();
      const pct = done ? 100 : Math.min(100, Math.floor(((loaded += value.byteLength) * 100) / total));
      if (pct !== shown) {
        progress((shown = pct));
      }
      if (done) {
        return;
      }
    }
  })().catch(() => {});
  return response;
}
`

// withStreamingWasm returns go-app's app.js with fetchWithProgress
// replaced by streamingFetchWithProgress. It fails if go-app's script no
// longer ends with the function, so an upgrade cannot drop the change
// unnoticed.
func withStreamingWasm(appJS []byte) ([]byte, error) {
	i := bytes.Index(appJS, []byte(goAppFetchWithProgress))
	if i < 0 || bytes.Count(appJS, []byte("function fetchWithProgress(")) != 1 {
		return nil, errors.New("go-app's app.js has no single fetchWithProgress to replace")
	}
	// go-app's function runs to the end of the file.
	if rest := appJS[i+len(goAppFetchWithProgress):]; bytes.Contains(rest, []byte("\nfunction ")) ||
		bytes.Contains(rest, []byte("\nasync function ")) {
		return nil, errors.New("go-app's app.js has code after fetchWithProgress")
	}
	out := append([]byte{}, appJS[:i]...)
	return append(out, streamingFetchWithProgress...), nil
}

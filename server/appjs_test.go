package server

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// withStreamingWasmCases: what the app.js rewrite accepts and refuses.
var withStreamingWasmCases = []struct {
	name    string
	script  string
	wantErr bool
}{
	{"replaces the last function", "const a = 1;\n" + goAppFetchWithProgress + "\n  return fetch(url);\n}\n", false},
	{"refuses a script without it", "const a = 1;\n", true},
	{"refuses code after it", goAppFetchWithProgress + "\n}\nfunction later() {}\n", true},
	{"refuses two of them", goAppFetchWithProgress + "\n}\nasync function fetchWithProgress(u) {}\n", true},
}

func TestWithStreamingWasm(t *testing.T) {
	for _, tc := range withStreamingWasmCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := withStreamingWasm([]byte(tc.script))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("no error; got %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(got), "const a = 1;\n") || !strings.HasSuffix(string(got), streamingFetchWithProgress) {
				t.Errorf("got %q", got)
			}
		})
	}
}

// TestAppJSStreamsTheWasm: the app.js the server sends is go-app's, with
// the wasm handed to V8 as the fetch's own response; a go-app upgrade that
// moves the function fails here rather than silently losing the change.
func TestAppJSStreamsTheWasm(t *testing.T) {
	h := NewServer(Config{WebDir: "../web", Logger: discardLogger()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/app.js", nil))
	body, _ := io.ReadAll(rec.Body)
	js := string(body)
	if !strings.Contains(js, streamingFetchWithProgress) || strings.Contains(js, "new ReadableStream(") {
		t.Errorf("app.js does not hand V8 the fetch's own response:\n%s", js)
	}
	if !strings.Contains(js, "goappInitWebAssembly") {
		t.Error("app.js lost go-app's start-up code")
	}
}

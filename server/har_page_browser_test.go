package server_test

// The Recorded session part of /explain in Chromium: a HAR picked in the
// file input is read and explained in the wasm and never sent anywhere;
// its differences are marked, its values masked until asked, its filters
// work; files that are not HARs or too large get a clear message.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/harexplain/hartest"
	"github.com/cookieplayground/cookieplay/server"
)

// requestLog is a server handler that remembers, after start, every request
// that could upload something.
type requestLog struct {
	h       http.Handler
	mu      sync.Mutex
	started bool
	seen    []string
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	// Anything that could carry a file: a body, or a method other than GET.
	if l.started && (r.Method != http.MethodGet || r.ContentLength != 0) {
		l.seen = append(l.seen, fmt.Sprintf("%s %s (%d bytes)", r.Method, r.URL.Path, r.ContentLength))
	}
	l.mu.Unlock()
	l.h.ServeHTTP(w, r)
}

func (l *requestLog) start() {
	l.mu.Lock()
	l.started = true
	l.mu.Unlock()
}

func (l *requestLog) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

// pickHAR gives the page's file input the file at path, as a user picking
// it would, and waits until the part is done with it, in the state want
// ("done" or "failed").
func pickHAR(t *testing.T, ctx context.Context, path string, want string) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	picks := eval[string](t, ctx, `document.querySelector("#har-session").dataset.picks`)
	n, _ := strconv.Atoi(picks)
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#har-file"), []string{abs}))
	pollCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`(s => s.dataset.picks === "%d" && s.dataset.status === %q)(document.querySelector("#har-session"))`, n+1, want)
	if _, err := chromedp.Run(pollCtx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("picking %s: the part never reached %q (it is %q): %v", path, want,
			eval[string](t, ctx, `document.querySelector("#har-session").dataset.status`), err)
	}
}

// dropHAR drops the file at path on the part's drop zone, as a user
// dragging it from a file manager would, and waits until it is explained.
func dropHAR(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(eval[string](t, ctx, `document.querySelector("#har-session").dataset.picks`))
	box := eval[[]float64](t, ctx, `(r => { document.querySelector("#har-drop").scrollIntoView(); r = document.querySelector("#har-drop").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height - 8]; })()`)
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{abs}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: box[0], Y: box[1], Data: data}); err != nil {
			t.Fatalf("Input.dispatchDragEvent %s: %v", typ, err)
		}
	}
	expr := fmt.Sprintf(`(s => s.dataset.picks === "%d" && s.dataset.status === "done")(document.querySelector("#har-session"))`, n+1)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("dropping %s: it was never explained (status %q): %v", path, eval[string](t, ctx, `document.querySelector("#har-session").dataset.status`), err)
	}
}

func TestBrowserHARPage(t *testing.T) {
	ctx := newTab(t)
	logged := &requestLog{h: server.NewServer(server.Config{WebDir: "../web", Logger: quietLogger()})}
	ts := httptest.NewServer(logged)
	t.Cleanup(ts.Close)
	run(t, ctx, openApp(ts.URL+"/explain"))
	waitTextContains(t, ctx, "#har-private", "never uploaded")
	logged.start()

	pickHAR(t, ctx, "cmd/cookieplay/testdata/impossible.har", "done")
	if got := eval[string](t, ctx, `[...document.querySelectorAll(".har-entry")].map(e => e.dataset.index + ":" + e.dataset.status).join(" ")`); got != "0:agrees 1:agrees 2:differs" {
		t.Errorf("entries = %s; want 0:agrees 1:agrees 2:differs", got)
	}
	waitTextContains(t, ctx, `.har-entry[data-index="2"] .har-mark`, "≠")
	waitTextContains(t, ctx, `.har-entry[data-index="2"] .mismatch`, "session was sent; the rules would not send it")
	waitTextContains(t, ctx, `.har-entry[data-index="2"] .mismatch`, "SameSite=Strict")
	// The context and its evidence.
	waitTextContains(t, ctx, `.har-entry[data-index="2"] .har-context`, "https://evil.test")
	waitTextContains(t, ctx, `.har-entry[data-index="2"] .har-context`, "cross-site")

	// Values are masked until asked.
	waitText(t, ctx, `.har-entry[data-index="2"] .har-recorded`, "session=•••")
	if n := eval[bool](t, ctx, `document.querySelector("#har-session").textContent.includes("s3cr3t")`); n {
		t.Error("a cookie value shows before Show values")
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#har-values")))
	waitText(t, ctx, `.har-entry[data-index="2"] .har-recorded`, "session=s3cr3t")

	// Filters.
	run(t, ctx, chromedp.Click(chromedp.CSS("#har-only-differences")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll(".har-entry").length === 1`)); err != nil {
		t.Errorf("only differences: %d entries shown; want 1", eval[int](t, ctx, `document.querySelectorAll(".har-entry").length`))
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#har-only-differences")),
		chromedp.SetValue(chromedp.CSS("#har-cookie"), "session"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#har-cookie").dispatchEvent(new Event("change", {bubbles: true}))`),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll(".har-entry")].map(e => e.dataset.index).join(" ") === "0 2"`)); err != nil {
		t.Errorf("the story of session: entries %s; want 0 2", eval[string](t, ctx, `[...document.querySelectorAll(".har-entry")].map(e => e.dataset.index).join(" ")`))
	}

	// A file dropped on the part is explained too.
	dropHAR(t, ctx, "cmd/cookieplay/testdata/agrees.har")
	waitTextContains(t, ctx, "#har-summary", "agrees.har: 2 requests — 2 as the rules predict")

	// Files that are not HARs, or too large.
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "page.har")
	if err := os.WriteFile(notJSON, []byte("<html>not a HAR</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	pickHAR(t, ctx, notJSON, "failed")
	waitTextContains(t, ctx, "#har-error", "page.har is not a HAR file: not JSON")
	big := filepath.Join(dir, "big.har")
	f, err := os.Create(big)
	if err == nil {
		err = f.Truncate(60 << 20) // sparse
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	pickHAR(t, ctx, big, "failed")
	waitTextContains(t, ctx, "#har-error", "big.har is 60.0 MB: this page explains files up to 50.0 MB")

	// Nothing of it reached the server.
	if got := logged.requests(); len(got) > 0 {
		t.Errorf("the page sent requests while explaining HARs: %q; a HAR must stay in the browser", got)
	}
}

// TestBrowserHARPageThousandEntries explains a 1,000-entry session in the
// page and reports how long it took (a figure, not an assertion).
func TestBrowserHARPageThousandEntries(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	path := filepath.Join(t.TempDir(), "session-1000.har")
	data := hartest.Session(1000, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, openApp(ts.URL+"/explain"))
	start := time.Now()
	pickHAR(t, ctx, path, "done")
	wall := time.Since(start)
	if got := eval[string](t, ctx, `document.querySelector("#har-report").dataset.entries`); got != "1000" {
		t.Errorf("entries explained = %s; want 1000", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#har-summary").dataset.agree`); got != "1000" {
		t.Errorf("entries agreeing = %s; want 1000", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".har-entry").length`); n != 100 {
		t.Errorf("%d entries drawn at first; want 100", n)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#har-more")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll(".har-entry").length === 200`)); err != nil {
		t.Errorf("show more: %v", err)
	}
	t.Logf("1,000-entry HAR (%d bytes) in the page: decoded and explained in %s ms (wasm), %s from picking the file to the drawn report",
		len(data), eval[string](t, ctx, `document.querySelector("#har-summary").dataset.ms`), wall.Round(time.Millisecond))
}

// Package chromium finds and starts the Chromium that the browser tests and
// the bench drive, so both look for it and launch it the same way.
package chromium

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// Names are the Chromium-family browsers Path looks for on PATH, in order.
var Names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Path returns CHROME_PATH when it names a file, else the first of Names on
// PATH, else "". A CHROME_PATH naming nothing gives "", not a fallback, so
// a mistyped path is noticed.
func Path() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	for _, name := range Names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start starts the headless Chromium at path with a fresh profile and the
// flags a run on a shared machine needs (no sandbox, which root requires; no
// background networking, component updates, sync or first-run pages), then
// extra options. It returns the browser's context once Chromium answers,
// waiting at most timeout, and a func that closes it and deletes the profile.
func Start(ctx context.Context, path string, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) (context.Context, func(), error) {
	userDataDir, err := os.MkdirTemp("", "cookieplay-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(userDataDir),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(opts, extra...)...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	closeAll := func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(userDataDir)
	}
	// The first Do starts the browser and binds it to bctx, which has no
	// deadline; the wait for it has one.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx) }()
	select {
	case err = <-done:
	case <-time.After(timeout):
		err = fmt.Errorf("chromium did not start within %s", timeout)
	}
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return bctx, closeAll, nil
}

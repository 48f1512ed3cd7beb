package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLabLimitsSparesOtherCookies: where the other site holds a
// cookie that is not the lab's (here the tutorial's user cookie on
// localhost), the limits experiment does not fill it, which would evict
// that cookie, but has the engine predict it and says why; the cookie
// stays.
func TestBrowserLabLimitsSparesOtherCookies(t *testing.T) {
	ctx := newTab(t)
	ts, _ := startLabServer(t)
	p := port(t, ts.URL)
	run(t, ctx, chromedp.Navigate("http://localhost:"+p+"/setcookie"))
	run(t, ctx, openLab("http://127.0.0.1:"+p+"/lab"))
	run(t, ctx, chromedp.Click(chromedp.CSS("#lab-run-limits")))
	waitCtx, cancel := context.WithTimeout(ctx, 40*time.Second)
	err := chromedp.Do(waitCtx, chromedp.WaitReady(chromedp.CSS(`[data-experiment="limits"][data-status=done]`)))
	cancel()
	if err != nil {
		t.Fatalf("the limits experiment did not finish: %v", err)
	}
	for _, x := range labView(t, ctx) {
		if x.ID == "limits" && (x.Mode != "predicted" || x.Explained != "true" || x.Agrees != "true") {
			t.Errorf("limits: mode %s, explained %s, agrees %s; want predicted, true, true", x.Mode, x.Explained, x.Agrees)
		}
	}
	if note := text(t, ctx, `[data-experiment="limits"]`); !strings.Contains(note, "holds 1 cookies that are not this experiment's") {
		t.Errorf("the limits experiment does not say why it was predicted: %.600q", note)
	}
	kept, lab := false, 0
	for name, c := range browserCookies(t, ctx) {
		if name == "user" && c.Domain == "localhost" {
			kept = true
		}
		if strings.HasPrefix(name, "lab-lim-") {
			lab++
		}
	}
	if !kept || lab != 0 {
		t.Errorf("after the experiment: the tutorial's cookie on localhost kept %v, %d cookies of the experiment left; want true, 0", kept, lab)
	}
}

package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The explainer's requests part in Chromium: a preset replayed in the
// wasm, the scenario builder, and the shared link (the URL fragment) opened
// in a fresh browser context, online and offline.

// stepSummary is what the page shows for one step: the Cookie header and
// every cookie of the jar, sent or withheld with its reason.
type stepSummary struct {
	Header  string `json:"header"`
	Cookies string `json:"cookies"` // "name:sent" or "name:Reason", joined by " "
	Lines   string `json:"lines"`   // "stored" or the Reason of each line, joined by " "
}

func stepSummaries(t *testing.T, ctx context.Context) []stepSummary {
	t.Helper()
	return eval[[]stepSummary](t, ctx, `[...document.querySelectorAll("#scenario-results [data-step-index]")].map(s => ({
		header: s.dataset.cookieHeader,
		cookies: [...s.querySelectorAll("[data-cookie]")].map(c => c.dataset.cookie + ":" + (c.dataset.reason || "sent")).join(" "),
		lines: [...s.querySelectorAll("[data-line-index]")].map(l => l.dataset.stored === "true" ? "stored" : l.dataset.reason).join(" ")}))`)
}

// choosePreset picks a classic question and waits for its replay.
func choosePreset(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SetValue(chromedp.CSS("#scenario-preset"), id),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#scenario-preset").dispatchEvent(new Event("change", {bubbles: true}))`),
		chromedp.WaitReady(chromedp.CSS(`#scenario-results[data-status="done"]`)),
	)
}

// The "my cookie isn't sent by fetch" preset, as the engine answers it.
var fetchPresetSteps = []stepSummary{
	{"", "", "stored"},
	{"", "session:DomainMismatch", ""},
	{"", "session:CredentialsOmitted", ""},
	{"", "session:SchemefulSameSiteUnspecifiedTreatedAsLax", ""},
	{"session=1", "session:sent", "stored"},
	{"session=2", "session:sent", ""},
}

func TestBrowserExplainRequestsPresetAndSharedLink(t *testing.T) {
	ctx := newTab(t)
	ts := startServerAt(t, "127.0.0.1:0", "../web")
	run(t, ctx, openApp(ts.URL+"/explain"), choosePreset("fetch"))
	if got := stepSummaries(t, ctx); fmt.Sprint(got) != fmt.Sprint(fetchPresetSteps) {
		t.Fatalf("steps = %+v;\nwant %+v", got, fetchPresetSteps)
	}
	waitTextContains(t, ctx, `#scenario-results [data-step-index="2"] [data-cookie="session"]`, `credentials: "same-origin"`)

	// The builder: a seventh step, a link from a.test to api.b.test, carries
	// the SameSite=None session, and its response adds a cookie to the jar.
	run(t, ctx,
		chromedp.Click(chromedp.CSS("#scenario-add")),
		chromedp.WaitReady(chromedp.CSS(`#step-6-url`)),
		pasteField("#step-6-url", "https://api.b.test/account"),
		pasteField("#step-6-set_cookie", "theme=dark; Path=/account"),
		chromedp.Click(chromedp.CSS("#scenario-run")),
		chromedp.WaitReady(chromedp.CSS(`#scenario-results [data-step-index="6"]`)),
	)
	steps := stepSummaries(t, ctx)
	want := stepSummary{"session=2", "session:sent", "stored"}
	if len(steps) != 7 || steps[6] != want {
		t.Fatalf("after adding a step: %+v; want a seventh step %+v", steps, want)
	}
	if got := text(t, ctx, `#scenario-results [data-step-index="6"] .jar-after`); !strings.Contains(got, "theme (api.b.test/account)") {
		t.Errorf("the jar after step 7 reads %q; want it to hold theme", got)
	}
	// The Set-Cookie part belongs to the page's state too.
	run(t, ctx, explainLines("a=1; Path=/\nb=2; Secure; SameSite=None"), explainRun(1))
	hash := eval[string](t, ctx, "location.hash")
	if href := eval[string](t, ctx, `document.querySelector("#scenario-share").getAttribute("href")`); href != hash || !strings.HasPrefix(hash, "#s=") {
		t.Fatalf("share link %q, location.hash %q; want the same #s= fragment", href, hash)
	}

	// The link in a fresh browser context: the same scenario, the same
	// answers, computed in that page.
	shared := newTab(t)
	run(t, shared, openApp(ts.URL+"/explain"+hash), chromedp.WaitReady(chromedp.CSS(`#scenario-results[data-status="done"]`)))
	if got := stepSummaries(t, shared); fmt.Sprint(got) != fmt.Sprint(steps) {
		t.Errorf("the shared link shows %+v;\nwant %+v", got, steps)
	}
	if got := eval[string](t, shared, `document.querySelector("#step-6-url").value`); got != "https://api.b.test/account" {
		t.Errorf("the shared link's step 7 URL = %q", got)
	}
	waitCookieHeader(t, shared, "a=1; b=2")

	// Offline: once the service worker holds the page, the link still
	// replays with the server gone.
	run(t, shared, waitForServiceWorker())
	ts.Close()
	run(t, shared, openApp(ts.URL+"/explain#preset=chips"), chromedp.Reload(),
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
		chromedp.WaitReady(chromedp.CSS(`#scenario-results[data-status="done"]`)))
	chips := stepSummaries(t, shared)
	if len(chips) != 6 || chips[3].Cookies != "chat:OtherPartition" || chips[5].Header != "chat=a" {
		t.Errorf("offline, the CHIPS preset shows %+v; want chat withheld (OtherPartition) under c.test and sent under a.test", chips)
	}
	run(t, shared, openApp(ts.URL+"/explain"+hash), chromedp.Reload(),
		chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")),
		chromedp.WaitReady(chromedp.CSS(`#scenario-results[data-status="done"]`)))
	if got := stepSummaries(t, shared); fmt.Sprint(got) != fmt.Sprint(steps) {
		t.Errorf("offline, the shared link shows %+v;\nwant %+v", got, steps)
	}

	// Blocking third-party cookies replays at once: the cross-site fetch
	// loses its SameSite=None session.
	runs := eval[string](t, shared, `document.querySelector("#scenario-results").dataset.runs`)
	run(t, shared,
		chromedp.Click(chromedp.CSS("#scenario-third_party_blocked")),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`#scenario-results:not([data-runs="%s"])`, runs))),
	)
	if got := stepSummaries(t, shared); len(got) != 7 || got[5].Cookies != "session:UserPreferences" {
		t.Errorf("with third-party cookies blocked: %+v; want step 6 to withhold session (UserPreferences)", got)
	}
}

// TestBrowserExplainPresetsOnOtherSite: on a deployment with a second site
// (-other-site https://b.test), the presets speak of the page's site and
// that one: from https://play.a.test the fetch question's page is
// play.a.test itself, and its answers are the same.
func TestBrowserExplainPresetsOnOtherSite(t *testing.T) {
	sites := startLabSites(t)
	ctx := newSiteTab(t)
	run(t, ctx, openApp(sites.origin("play.a.test", true)+"/explain"), choosePreset("fetch"))
	pollCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pollCtx, chromedp.Poll[bool](`document.querySelector("#step-1-url").value === "https://play.a.test/"`)); err != nil {
		t.Fatalf("the fetch preset's page is %q; want https://play.a.test/: %v", eval[string](t, ctx, `document.querySelector("#step-1-url").value`), err)
	}
	run(t, ctx, chromedp.WaitReady(chromedp.CSS(`#scenario-results[data-status="done"]`)))
	if got := eval[string](t, ctx, `document.querySelector("#step-0-url").value`); got != "https://api.b.test/login" {
		t.Errorf("the fetch preset's first step: %q; want https://api.b.test/login", got)
	}
	if got := stepSummaries(t, ctx); fmt.Sprint(got) != fmt.Sprint(fetchPresetSteps) {
		t.Errorf("steps = %+v;\nwant %+v", got, fetchPresetSteps)
	}
}

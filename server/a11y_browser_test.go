package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource returns npm's axe-core (axe.min.js), whose path ./build.sh test
// passes in COOKIEPLAY_AXE after installing it with npm. Without it the
// test skips, unless CI is set: there it fails, so it never skips silently.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("COOKIEPLAY_AXE")
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("COOKIEPLAY_AXE is unset: ./build.sh test installs axe-core with npm and sets it")
		}
		t.Skip("skipping: set COOKIEPLAY_AXE to axe-core's axe.min.js (./build.sh test does)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// String names the rule, its impact, how often it broke and the first
// element that broke it.
func (v axeViolation) String() string {
	first := ""
	if len(v.Nodes) > 0 {
		first = fmt.Sprint(v.Nodes[0].Target...)
	}
	return fmt.Sprintf("%s (%s, %d×, e.g. %s): %s", v.ID, v.Impact, len(v.Nodes), first, v.Help)
}

// serious reports whether axe rates the violation serious or critical.
func (v axeViolation) serious() bool { return v.Impact == "serious" || v.Impact == "critical" }

// runAxe injects axe-core into the page through CDP (Runtime.evaluate is
// not bound by the page's Content-Security-Policy, which stays as it is)
// and returns what it finds against WCAG 2.2 A/AA and best practices.
func runAxe(t *testing.T, ctx context.Context, axe string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	raw := eval[string](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("reading axe-core's answer: %v", err)
	}
	return vs
}

// waitPageSettled waits for the page's load and, on the app's pages, for
// the wasm to render.
func waitPageSettled() chromedp.Action[chromedp.Void] {
	return void(chromedp.Poll[bool](`document.readyState === "complete" &&
		(!document.querySelector("script[src*='app.js']") || document.documentElement.dataset.wasm === "ready")`))
}

// a11yPages are the pages axe checks, each as a visitor first sees it.
var a11yPages = []string{
	"/", "/login", "/logout", "/jar", "/explain", "/lab", "/about",
	"/setcookie", "/getcookie", "/deletecookie", "/no-such-page",
}

// TestBrowserAccessibility runs axe-core on every page, logged out and
// logged in, at a desktop and a phone width, and fails on any serious or
// critical violation. Every violation, minor ones too, is logged.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	for _, loggedIn := range []bool{false, true} {
		for _, vp := range []struct {
			name          string
			width, height int64
			mobile        bool
		}{
			{"desktop", 1280, 900, false},
			{"phone", 390, 844, true},
		} {
			who := "logged out"
			if loggedIn {
				who = "logged in"
			}
			t.Run(who+" "+vp.name, func(t *testing.T) {
				ctx := newTab(t)
				ts := startServer(t)
				var opts []chromedp.EmulateViewportOption
				if vp.mobile {
					opts = append(opts, chromedp.EmulateMobile)
				}
				run(t, ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...))
				if loggedIn {
					// Settled, so the next navigation does not race the greeting's.
					run(t, ctx, login(ts.URL, "Grace"), chromedp.WaitReady(chromedp.CSS("#greeting[data-confirmed=true]")))
				}
				for _, path := range a11yPages {
					pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
					run(t, pctx, chromedp.Navigate(ts.URL+path), waitPageSettled())
					vs := runAxe(t, pctx, axe)
					cancel()
					checkAxe(t, path, vs)
				}
			})
		}
	}
}

func bullet(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return "\n  - " + strings.Join(lines, "\n  - ")
}

// TestBrowserAccessibilityWithResults runs axe-core on the pages once they
// show results: the explainer after Explain, the jar holding cookies, the
// lab after an experiment, at both widths.
func TestBrowserAccessibilityWithResults(t *testing.T) {
	axe := axeSource(t)
	for _, vp := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 390, 844, true},
	} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := newTab(t)
			ts := startServer(t)
			var opts []chromedp.EmulateViewportOption
			if vp.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			run(t, ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...))
			for _, state := range []struct {
				name  string
				steps chromedp.Action[chromedp.Void]
			}{
				{"/explain after Explain", chromedp.Steps(
					openApp(ts.URL+"/explain"),
					explainLines("id=1; Secure; Path=/\nsid=2; Path=/; HttpOnly; SameSite=Strict; SameSite=Lax\n__Host-x=1; Secure; Path=/\nx=2; SameSite=None"),
					explainRun(1),
					chromedp.Click(chromedp.CSS("#explain-try")),
					chromedp.WaitReady(chromedp.CSS(`#try-results[data-status=done]`)),
				)},
				{"/jar with cookies", chromedp.Steps(
					chromedp.Navigate(ts.URL+"/setcookie"),
					openApp(ts.URL+"/jar"),
					setFromServerForm("session", "8f14e45f", true),
					waitRow("session", false, true),
					waitRow("user", true, true),
				)},
				{"/lab after an experiment", chromedp.Steps(
					openLab(ts.URL+"/lab"),
					chromedp.Click(chromedp.CSS("#lab-run-httponly")),
					chromedp.WaitReady(chromedp.CSS(`[data-experiment=httponly][data-status=done]`)),
				)},
			} {
				sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
				run(t, sctx, state.steps)
				vs := runAxe(t, sctx, axe)
				cancel()
				checkAxe(t, state.name, vs)
			}
		})
	}
}

// checkAxe logs every violation axe found on page and fails on serious or
// critical ones.
func checkAxe(t *testing.T, page string, vs []axeViolation) {
	t.Helper()
	sort.Slice(vs, func(i, j int) bool { return vs[i].ID < vs[j].ID })
	var all, bad []string
	for _, v := range vs {
		all = append(all, v.String())
		if v.serious() {
			bad = append(bad, v.String())
		}
	}
	t.Logf("axe %s: %d violations%s", page, len(vs), bullet(all))
	if len(bad) > 0 {
		t.Errorf("axe finds serious or critical violations on %s:%s", page, bullet(bad))
	}
}

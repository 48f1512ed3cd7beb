package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/server"
)

// The lab deployed as it would be for a class: https://a.test with
// https://b.test as its other site (-other-site), a certificate for both and
// their subdomains, in a Chromium that resolves *.test to this machine.

// labHTTPSOrigin is the lab at https://a.test.
var labHTTPSOrigin = labOrigin{name: "a.test (https)", host: "a.test", secure: true}

// startLabSites serves the lab as a.test and b.test over HTTPS, answering
// only the certificate's names, with b.test as the other site, and over
// plain http, which the Secure experiment's window reaches.
func startLabSites(t *testing.T) *testSites {
	t.Helper()
	var h http.Handler
	sites := startTestSites(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	h = server.NewServer(server.Config{WebDir: "../web", Logger: quietLogger(),
		OtherSite: sites.origin("b.test", true), Hosts: siteNames, PlainHTTPPort: sites.httpPort})
	return sites
}

// newSiteTab opens a tab, in a fresh browser context, of the site browser
// that blocks third-party cookies as this Chromium does by default.
func newSiteTab(t *testing.T) context.Context {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(siteBrowserContext(t, thirdPartyBlocked), chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tabCtx, 3*time.Minute)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a site tab: %v", err)
	}
	return ctx
}

// TestBrowserLabOverHTTPS runs every experiment from https://a.test, all
// for real: none is predicted.
func TestBrowserLabOverHTTPS(t *testing.T) {
	sites := startLabSites(t)
	ctx := newSiteTab(t)
	blocked := watchBlockedSetCookies(ctx)
	run(t, ctx, openLab(sites.origin("a.test", true)+"/lab"))
	if !eval[bool](t, ctx, "window.isSecureContext") {
		t.Fatal("https://a.test is not a secure context")
	}
	for _, want := range []string{"The other site is " + sites.origin("b.test", true), "Its host over plain http, " + sites.origin("a.test", false)} {
		if got := text(t, ctx, "#lab-origin"); !strings.Contains(got, want) {
			t.Errorf("#lab-origin %q; want it to say %q", got, want)
		}
	}
	xs := labRunAll(t, ctx)
	for _, x := range xs {
		if x.Mode == "predicted" {
			t.Logf("%s: predicted", x.ID)
		}
	}
	checkLabResults(t, labHTTPSOrigin, xs)
	checkStorageAccess(t, ctx, xs)
	if note := text(t, ctx, `[data-experiment="limits"]`); !strings.Contains(note, "181 written; the browser kept 150, the engine 150.") {
		t.Errorf("the limits experiment on b.test does not say Chromium kept 150 of 181: %.600q", note)
	}
	// Last: it leaves the lab page.
	checkSecurePlainHalf(t, ctx, xs, sites.origin("a.test", false), blocked)
	if got := blocked.reasons("lab-sa-shared"); !strings.Contains(got, string(network.SetCookieBlockedReasonUserPreferences)) {
		t.Errorf("Chromium's blocked reasons for lab-sa-shared, set from the iframe of b.test: %q; want UserPreferences", got)
	}
	if left := labCookies(t, ctx); len(left) != 0 {
		t.Errorf("after Run all, Chromium still holds %s", describeCookies(left))
	}
}

// checkSecurePlainHalf checks the Secure experiment's plain-http half, run
// in the lab's window on http://a.test: nothing sent or seen there, the
// engine saying SecureOnly; and Chromium, asked in this tab to store the
// same line from the same origin, refuses it with SecureOnly too.
func checkSecurePlainHalf(t *testing.T, ctx context.Context, xs []labExperimentView, plain string, blocked *blockedSetCookies) {
	t.Helper()
	seen := 0
	for _, x := range xs {
		for _, c := range x.Checks {
			if x.ID == "secure" && strings.HasPrefix(c.Check, "elsewhere") {
				seen++
				if c.Mode != "real" || c.Run == "" || c.Browser != "" || c.Engine != "" {
					t.Errorf("secure/%s: mode %s, run %q, browser %q, engine %q; want real, nothing sent", c.Check, c.Mode, c.Run, c.Browser, c.Engine)
				}
			}
		}
	}
	if seen != 2 {
		t.Errorf("the Secure experiment has %d plain-http checks; want 2", seen)
	}
	if note := text(t, ctx, `[data-experiment="secure"]`); !strings.Contains(note, "Engine: SecureOnly") {
		t.Errorf("the Secure experiment does not give the engine's SecureOnly: %.600q", note)
	}
	run(t, ctx, chromedp.Navigate(plain+api.LabProbePath))
	got := eval[string](t, ctx, fmt.Sprintf(`fetch("/lab/set", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({lines: [%q]})}).then(r => String(r.status))`, api.LabSecureHTTPLine), chromedp.EvalAwaitPromise)
	if got != "200" {
		t.Fatalf("POST /lab/set on %s: %s", plain, got)
	}
	name, _, _ := strings.Cut(api.LabSecureHTTPLine, "=")
	// The event may trail the answer a little.
	reasons := blocked.reasons(name)
	for end := time.Now().Add(5 * time.Second); reasons == "" && time.Now().Before(end); reasons = blocked.reasons(name) {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(reasons, string(network.SetCookieBlockedReasonSecureOnly)) {
		t.Errorf("Chromium's blocked reasons for %q from %s: %q; want SecureOnly", api.LabSecureHTTPLine, plain, reasons)
	}
}

// checkStorageAccess checks what the Storage Access experiment showed in a
// browser that blocks third-party cookies: the iframe of b.test kept and
// sent only its Partitioned cookie, document.hasStorageAccess() answered
// false, and requestStorageAccess() without a user gesture was rejected.
func checkStorageAccess(t *testing.T, ctx context.Context, xs []labExperimentView) {
	t.Helper()
	for _, x := range xs {
		if x.ID != "storage-access" {
			continue
		}
		for _, c := range x.Checks {
			if c.Check == "frame-server" && (c.Browser != "lab-sa-part=1" || c.Engine != c.Browser) {
				t.Errorf("storage-access/frame-server: browser %q, engine %q; want only lab-sa-part=1 from both", c.Browser, c.Engine)
			}
		}
	}
	note := text(t, ctx, `[data-experiment="storage-access"]`)
	for _, want := range []string{"document.hasStorageAccess() answered false", "requestStorageAccess() without a user gesture: rejected.", "Engine: UserPreferences"} {
		if !strings.Contains(note, want) {
			t.Errorf("the Storage Access experiment does not say %q: %.600q", want, note)
		}
	}
}

// blockedSetCookies collects the reasons Chromium gave for the Set-Cookie
// lines it refused in a tab, by cookie name.
type blockedSetCookies struct {
	mu  sync.Mutex
	got map[string][]string
}

func watchBlockedSetCookies(ctx context.Context) *blockedSetCookies {
	b := &blockedSetCookies{got: map[string][]string{}}
	events := chromedp.Events(ctx, network.ResponseReceivedExtraInfo)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			b.mu.Lock()
			for _, c := range ev.BlockedCookies {
				name, _, _ := strings.Cut(c.CookieLine, "=")
				for _, r := range c.BlockedReasons {
					b.got[name] = append(b.got[name], string(r))
				}
			}
			b.mu.Unlock()
		}
	}()
	return b
}

// reasons returns the reasons given for a cookie name, joined by spaces.
func (b *blockedSetCookies) reasons(name string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.got[name], " ")
}

package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/server"
)

// The lab deployed as it would be for a class: https://a.test with
// https://b.test as its other site (-other-site), a certificate for both and
// their subdomains, in a Chromium that resolves *.test to this machine.

// labHTTPSOrigin is the lab at https://a.test.
var labHTTPSOrigin = labOrigin{name: "a.test (https)", host: "a.test", secure: true, predicted: []string{"secure"}}

// startLabSites serves the lab as a.test and b.test over HTTPS, answering
// only the certificate's names, with b.test as the other site.
func startLabSites(t *testing.T) *testSites {
	t.Helper()
	var h http.Handler
	sites := startTestSites(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	h = server.NewServer(server.Config{WebDir: "../web", Logger: quietLogger(),
		OtherSite: sites.origin("b.test", true), Hosts: siteNames})
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

// TestBrowserLabOverHTTPS runs every experiment from https://a.test.
func TestBrowserLabOverHTTPS(t *testing.T) {
	sites := startLabSites(t)
	ctx := newSiteTab(t)
	run(t, ctx, openLab(sites.origin("a.test", true)+"/lab"))
	if !eval[bool](t, ctx, "window.isSecureContext") {
		t.Fatal("https://a.test is not a secure context")
	}
	if got, want := text(t, ctx, "#lab-origin"), "The other site is "+sites.origin("b.test", true); !strings.Contains(got, want) {
		t.Errorf("#lab-origin %q; want it to say %q", got, want)
	}
	xs := labRunAll(t, ctx)
	for _, x := range xs {
		if x.Mode == "predicted" {
			t.Logf("%s: predicted", x.ID)
		}
	}
	checkLabResults(t, labHTTPSOrigin, xs)
	if left := labCookies(t, ctx); len(left) != 0 {
		t.Errorf("after Run all, Chromium still holds %s", describeCookies(left))
	}
}

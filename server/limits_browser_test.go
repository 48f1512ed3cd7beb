package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// limitCases are the document.cookie writes of the per-domain limit test,
// by site, each case in a fresh browser context.
var limitCases = []struct {
	name   string
	writes []limitWrite
}{
	// Five Secure cookies, then 176 others on a.test (181: one over the
	// limit), then 100 on sub.a.test, which shares a.test's registrable
	// domain and so its count.
	{"non-Secure first, and a subdomain counts with its site", []limitWrite{
		{"a.test", append(limitLines("s", 5, "; Secure; Path=/"), limitLines("n", 176, "; Path=/")...)},
		{"sub.a.test", limitLines("u", 100, "; Path=/")},
	}},
	// Priority: 10 Secure, 131 ordinary and 40 Priority=Low cookies, the
	// low ones newest; then high ones against medium ones.
	{"low priority first, even the newest", []limitWrite{
		{"a.test", slices.Concat(limitLines("s", 10, "; Secure; Path=/"), limitLines("n", 131, "; Path=/"), limitLines("l", 40, "; Path=/; Priority=Low"))},
	}},
	{"medium down to 50, then high", []limitWrite{
		{"a.test", slices.Concat(limitLines("n", 60, "; Path=/"), limitLines("h", 121, "; Path=/; Priority=High"))},
	}},
	{"high within its quota outlasts Secure medium", []limitWrite{
		{"a.test", slices.Concat(limitLines("s", 170, "; Secure; Path=/"), limitLines("h", 11, "; Path=/; Priority=High"))},
	}},
}

// limitWrite is a series of document.cookie writes on a host.
type limitWrite struct {
	host  string
	lines []string
}

func limitLines(stem string, n int, attrs string) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s%d=1%s", stem, i, attrs)
	}
	return lines
}

// TestBrowserDomainCookieLimit writes more cookies for one registrable
// domain than Chromium keeps, and checks that the engine's per-domain limit
// (priorities and Secure included) keeps exactly the cookies Chromium kept:
// after each site's writes, Storage.getCookies and the engine's jar hold
// the same cookies.
func TestBrowserDomainCookieLimit(t *testing.T) {
	sites := startLabSites(t)
	for _, tc := range limitCases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := newSiteTab(t)
			jar := cookierules.NewJar()
			for _, w := range tc.writes {
				page := sites.origin(w.host, true) + "/about"
				run(t, ctx, chromedp.Navigate(page))
				u, _ := url.Parse(page)
				now := time.Now()
				for _, l := range w.lines {
					jar.SetCookie(u, l, cookierules.FromScript, now)
				}
				// Reading document.cookie after the writes waits for them: both go
				// through the page's one pipe to the cookie store.
				eval[string](t, ctx, fmt.Sprintf(`(() => { for (const l of %s) document.cookie = l; return document.cookie })()`, limitJSON(w.lines)))
				res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
				if err != nil {
					t.Fatalf("Storage.getCookies: %v", err)
				}
				var browser, engine []string
				for _, c := range res.Cookies {
					browser = append(browser, c.Domain+" "+c.Name)
				}
				for _, c := range jar.Cookies() {
					engine = append(engine, c.Domain+" "+c.Name)
				}
				slices.Sort(browser)
				slices.Sort(engine)
				t.Logf("after %d writes on %s: Chromium holds %d cookies", len(w.lines), w.host, len(browser))
				if !slices.Equal(browser, engine) {
					t.Errorf("after the writes on %s: Chromium holds %d cookies, the engine %d;\nChromium only: %v\nengine only: %v",
						w.host, len(browser), len(engine), minus(browser, engine), minus(engine, browser))
				}
			}
		})
	}
}

func limitJSON(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

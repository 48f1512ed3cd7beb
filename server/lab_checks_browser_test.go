package server_test

// Running the lab in a tab, and checking what it shows against Chromium's
// cookie store and the requests the server saw.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/api"
)

// openLab opens the lab at url and waits until it knows its sites.
func openLab(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(openApp(url), chromedp.WaitReady(chromedp.CSS("#lab[data-sites=loaded]")))
}

// labRunAll clicks "Run all" and waits, bounded, for the summary.
func labRunAll(t *testing.T, ctx context.Context) []labExperimentView {
	t.Helper()
	start := time.Now()
	// The summary of an earlier run goes when the next starts.
	run(t, ctx, chromedp.Click(chromedp.CSS("#run-all")), chromedp.WaitNotPresent(chromedp.CSS("#lab-summary")))
	waitCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitReady(chromedp.CSS("#lab-summary"))); err != nil {
		for _, x := range labView(t, ctx) {
			t.Logf("%s: %s", x.ID, x.Status)
		}
		t.Fatalf("no summary within 60s: %v", err)
	}
	t.Logf("Run all took %s", time.Since(start).Round(100*time.Millisecond))
	want := fmt.Sprintf("%d of %d behaved as explained", len(labExperimentIDs), len(labExperimentIDs))
	if got := text(t, ctx, "#lab-summary"); got != want {
		t.Errorf("summary %q; want %q", got, want)
	}
	return labView(t, ctx)
}

func labView(t *testing.T, ctx context.Context) []labExperimentView {
	t.Helper()
	var xs []labExperimentView
	if err := json.Unmarshal(eval[[]byte](t, ctx, labViewJS), &xs); err != nil {
		t.Fatal(err)
	}
	return xs
}

// checkLabResults checks that every experiment ran, behaved as explained,
// ran for real or was predicted as the origin allows, and that the engine
// agreed with Chromium.
func checkLabResults(t *testing.T, o labOrigin, xs []labExperimentView) {
	t.Helper()
	var ids []string
	for _, x := range xs {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, labExperimentIDs) {
		t.Fatalf("experiments %q; want %q", ids, labExperimentIDs)
	}
	checkLabExperiments(t, o, xs)
}

func checkLabExperiments(t *testing.T, o labOrigin, xs []labExperimentView) {
	t.Helper()
	for _, x := range xs {
		wantMode := "real"
		if slices.Contains(o.predicted, x.ID) {
			wantMode = "predicted"
		}
		if x.Status != "done" || x.Explained != "true" || x.Mode != wantMode {
			t.Errorf("%s: status %s, explained %s, mode %s; want done, true, %s", x.ID, x.Status, x.Explained, x.Mode, wantMode)
		}
		known := 0
		for _, c := range x.Checks {
			key := o.host + " " + x.ID + "/" + c.Check
			cause, isKnown := labKnownDifferences[key]
			switch {
			case c.Explained != "true":
				t.Errorf("%s: did not behave as explained: %s: expected %.120q, browser %.120q, engine %.120q", key, c.Label, c.Expected, c.Browser, c.Engine)
			case c.Agrees != "true" && !isKnown:
				t.Errorf("%s: the engine differs from Chromium: %s: browser %.120q, engine %.120q", key, c.Label, c.Browser, c.Engine)
			case c.Agrees == "true" && isKnown:
				t.Errorf("%s: the engine now agrees with Chromium; drop it from labKnownDifferences (%s)", key, cause)
			case isKnown:
				known++
				t.Logf("%s: known difference: %s", key, cause)
			}
		}
		if want := fmt.Sprint(known == 0); x.Agrees != want {
			t.Errorf("%s: data-agrees %s; want %s", x.ID, x.Agrees, want)
		}
		if wantMode == "real" {
			for _, c := range x.Checks {
				if c.Mode != "real" {
					t.Errorf("%s/%s: mode %s in an experiment that ran for real", x.ID, c.Check, c.Mode)
				}
			}
		}
	}
}

// checkLabRequests checks each "server received" the page showed against
// the Cookie header of that request as the server saw it: the echo requests
// name their check (?check=<experiment>/<check>), and the cross-site ones
// their run and kind.
func checkLabRequests(t *testing.T, xs []labExperimentView, reqs []labRequest) {
	t.Helper()
	byCheck := map[string]labRequest{}
	byRun := map[string]labRequest{}
	for _, r := range reqs {
		if c := r.Query.Get("check"); c != "" {
			byCheck[c] = r
		}
		if r.Path == api.LabHitPath {
			byRun[r.Query.Get("run")+" "+r.Query.Get("kind")] = r
		}
	}
	seen := 0
	for _, x := range xs {
		for _, c := range x.Checks {
			if c.Mode != "real" {
				continue
			}
			if c.Pair != "" { // a line's check: was its cookie in the echo?
				r, ok := byCheck[x.ID+"/lines"]
				if !ok {
					t.Errorf("%s/%s: the server saw no request for check=%s/lines", x.ID, c.Check, x.ID)
					continue
				}
				stored := "not stored"
				if slices.Contains(strings.Split(stemCookies(r.Cookie, x.Stems, false), "; "), c.Pair) {
					stored = "stored"
				}
				if stored != c.Browser {
					t.Errorf("%s/%s: the page shows %q; the server's Cookie header says %q", x.ID, c.Check, c.Browser, stored)
				}
				seen++
				continue
			}
			if x.ID == "limits" && c.Run != "" && c.Check != "cleared" {
				// The evicted cookies: those written that the next request lacked.
				r, ok := byRun[c.Run+" "+api.LabKindLimitFill]
				got := r.Cookie
				if c.Check == "evicted-doc" {
					got = r.Query.Get("doc")
				}
				if want := limitsMissing(got); !ok || want != c.Browser {
					t.Errorf("limits/%s: the page shows %.120q evicted; the server saw %.120q missing (recorded: %v)", c.Check, c.Browser, want, ok)
				}
				seen++
				continue
			}
			r, ok := byCheck[x.ID+"/"+c.Check]
			if !ok && c.Run != "" {
				kind := c.Check
				switch kind {
				case "frame-server", "frame-doc":
					kind = api.LabKindChipsFrame
				case "top-server", "top-doc":
					kind = api.LabKindChipsTop
				case "cleared":
					kind = api.LabKindChipsClear
					if x.ID == "limits" {
						kind = api.LabKindLimitClear
					}
				}
				r, ok = byRun[c.Run+" "+kind]
				if strings.HasSuffix(c.Check, "-doc") {
					if got := stemCookies(r.Query.Get("doc"), x.Stems, false); ok && got != c.Browser {
						t.Errorf("%s/%s: the page shows %q; the probe reported document.cookie %q", x.ID, c.Check, c.Browser, got)
					}
					seen++
					continue
				}
			}
			if !ok {
				continue // document.cookie, read in the page
			}
			if got := stemCookies(r.Cookie, x.Stems, x.ID == "order"); got != c.Browser {
				t.Errorf("%s/%s: the page shows the server received %.120q; it received %.120q", x.ID, c.Check, c.Browser, got)
			}
			seen++
		}
	}
	if seen < 20 {
		t.Errorf("only %d of the page's observations matched a request the server saw", seen)
	}
}

// limitsMissing returns, sorted, the cookies the limits experiment wrote on
// a secure site that a cookie list lacks.
func limitsMissing(list string) string {
	var out []string
	for _, l := range api.LabLimitLines(true) {
		pair, _, _ := strings.Cut(l, ";")
		if !slices.Contains(strings.Split(list, "; "), pair) {
			out = append(out, pair)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// stemCookies returns the cookies of a Cookie header whose names (without
// __Host- or __Secure-) start with one of stems, as the lab lists them.
func stemCookies(header string, stems []string, ordered bool) string {
	var out []string
	for _, p := range api.ParseCookieString(header) {
		bare := api.StripCookiePrefix(p.Name)
		if slices.ContainsFunc(stems, func(s string) bool { return strings.HasPrefix(bare, s) }) {
			out = append(out, p.Name+"="+p.Value)
		}
	}
	if !ordered {
		slices.Sort(out)
	}
	return strings.Join(out, "; ")
}

// labCookies returns every lab cookie in the tab's browser context,
// partitioned ones included.
func labCookies(t *testing.T, ctx context.Context) []*network.Cookie {
	t.Helper()
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	})
	if err != nil {
		t.Fatalf("Storage.getCookies: %v", err)
	}
	var out []*network.Cookie
	for _, c := range res.Cookies {
		if api.IsLabCookie(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

func describeCookies(cs []*network.Cookie) string {
	var s []string
	for _, c := range cs {
		d := fmt.Sprintf("%s (domain %s, path %.20s)", c.Name, c.Domain, c.Path)
		if c.PartitionKey != nil {
			d += " partitioned under " + c.PartitionKey.TopLevelSite
		}
		s = append(s, d)
	}
	return strings.Join(s, ", ")
}

// checkLabStore checks Chromium's store after a Run all that kept the
// cookies: each experiment's cookies are there, or not, with the
// attributes the page said they had.
func checkLabStore(t *testing.T, o labOrigin, xs []labExperimentView, cs []*network.Cookie) {
	t.Helper()
	find := func(name, path string) *network.Cookie {
		for _, c := range cs {
			if c.Name == name && (path == "" || c.Path == path) {
				return c
			}
		}
		return nil
	}
	want := func(name string, ok bool, why string) *network.Cookie {
		t.Helper()
		c := find(name, "")
		if (c != nil) != ok {
			t.Errorf("Chromium %s %s (%s); it holds %s", map[bool]string{true: "lacks", false: "holds"}[ok], name, why, describeCookies(cs))
		}
		return c
	}
	host := o.host
	sec := o.secure

	if c := want("lab-ho-hidden", true, "HttpOnly, set by the server"); c != nil && !c.HTTPOnly {
		t.Error("lab-ho-hidden is not HttpOnly")
	}
	if c := want("lab-ho-shown", true, "set by the server"); c != nil && c.HTTPOnly {
		t.Error("lab-ho-shown is HttpOnly")
	}
	want("lab-hs-made", false, "HttpOnly from script")
	if c := want("lab-hs-owned", true, "the server's HttpOnly cookie"); c != nil && (c.Value != "server" || !c.HTTPOnly) {
		t.Errorf("lab-hs-owned = %q, HttpOnly %v; want the server's value, HttpOnly", c.Value, c.HTTPOnly)
	}
	if c := want("lab-path-deep", true, "Path=/lab/deep"); c != nil && c.Path != "/lab/deep" {
		t.Errorf("lab-path-deep has path %q", c.Path)
	}
	for _, n := range []string{"lab-age-short", "lab-age-zero", "lab-age-loses"} {
		want(n, false, "expired")
	}
	if c := want("lab-age-wins", true, "Max-Age=60 beats an Expires in the past"); c != nil {
		if left := time.Until(time.Unix(int64(c.Expires), 0)); left < 30*time.Second || left > 61*time.Second {
			t.Errorf("lab-age-wins expires in %s; want within Max-Age=60", left)
		}
	}
	for _, n := range []string{"lab-sec-http", "lab-sec-js"} {
		if c := want(n, sec, "Secure"); c != nil && !c.Secure {
			t.Errorf("%s is not Secure", n)
		}
	}
	for n, s := range map[string]network.CookieSameSite{"lab-ss-strict": network.CookieSameSiteStrict, "lab-ss-lax": network.CookieSameSiteLax, "lab-ss-none": network.CookieSameSiteNone} {
		if c := want(n, n != "lab-ss-none" || sec, "SameSite"); c != nil && c.SameSite != s {
			t.Errorf("%s has SameSite %q; want %q", n, c.SameSite, s)
		}
	}
	if c := want("__Host-lab-pre-ok", sec, "a valid __Host- cookie"); c != nil && (!c.Secure || c.Path != "/" || c.Domain != host) {
		t.Errorf("__Host-lab-pre-ok = %+v", c)
	}
	want("__Secure-lab-pre-ok", sec, "a valid __Secure- cookie")
	want("__Host-lab-pre-domain", sec && host == "127.0.0.1", "__Host- with Domain=<host>, allowed for an IP address only")
	for _, n := range []string{"__Host-lab-pre-path", "__Host-lab-pre-insecure", "__Secure-lab-pre-insecure", "__secure-lab-pre-case"} {
		want(n, false, "breaks its prefix's rules")
	}
	if c := want("lab-size-4096", true, "4096 bytes of name and value"); c != nil && len(c.Name)+len(c.Value) != 4096 {
		t.Errorf("lab-size-4096 has %d bytes of name and value", len(c.Name)+len(c.Value))
	}
	want("lab-size-4097", false, "4097 bytes of name and value")
	if c := want("lab-size-path", true, "a 1025-byte Path, ignored"); c != nil && c.Path != "/lab" {
		t.Errorf("lab-size-path has path %q; want the default /lab", c.Path)
	}
	if c := want("lab-size-p1024", true, "a 1024-byte Path"); c != nil && len(c.Path) != 1024 {
		t.Errorf("lab-size-p1024 has a %d-byte path; want 1024", len(c.Path))
	}
	if c := want("lab-dom-host", true, "host-only"); c != nil && c.Domain != host {
		t.Errorf("lab-dom-host has domain %q; want the host-only %q", c.Domain, host)
	}
	if c := want("lab-dom-self", true, "Domain=<host>"); c != nil {
		wantDomain := "." + host // a domain cookie
		if host == "127.0.0.1" || host == "localhost" {
			wantDomain = host // an IP address, or no registrable domain: host-only
		}
		if c.Domain != wantDomain {
			t.Errorf("lab-dom-self has domain %q; want %q", c.Domain, wantDomain)
		}
	}
	want("lab-dom-foreign", false, "Domain=example.com")

	// The other site's cookies, set from its iframe in the lab page.
	other := map[string]string{"127.0.0.1": "localhost", "localhost": "127.0.0.1"}[host]
	if c := want("lab-chips-part", other != "", "Partitioned, from the other site's iframe"); c != nil {
		if c.Domain != other || c.PartitionKey == nil || c.PartitionKey.TopLevelSite != "http://"+host {
			t.Errorf("lab-chips-part: domain %q, partition %+v; want %s partitioned under http://%s", c.Domain, c.PartitionKey, other, host)
		}
	}
	// The lab asks the browser whether it allows third-party cookies, and
	// expects the unpartitioned cookie only if it does. (Chromium here
	// blocks them by its profile's preferences, in every context: DevTools
	// reports the Cookie left out as UserPreferences.)
	allowed := false
	for _, x := range xs {
		for _, c := range x.Checks {
			if x.ID == "partitioned" && c.Check == "frame-server" {
				allowed = strings.Contains(c.Expected, "lab-chips-shared=1")
			}
		}
	}
	if other != "" {
		t.Logf("the lab found third-party cookies allowed: %v", allowed)
	}
	if c := want("lab-chips-shared", other != "" && allowed, "unpartitioned, set from the iframe only where third-party cookies are allowed"); c != nil && c.PartitionKey != nil {
		t.Errorf("lab-chips-shared is partitioned: %+v", c.PartitionKey)
	}
	// The Storage Access experiment's, likewise.
	if c := want("lab-sa-part", other != "", "Partitioned, from the other site's iframe"); c != nil && (c.PartitionKey == nil || c.PartitionKey.TopLevelSite != "http://"+host) {
		t.Errorf("lab-sa-part: partition %+v; want partitioned under http://%s", c.PartitionKey, host)
	}
	want("lab-sa-shared", other != "" && allowed, "unpartitioned, set from the iframe only where third-party cookies are allowed")

	for _, p := range []string{"/", "/lab", "/lab/deep"} {
		if find("lab-ord", p) == nil {
			t.Errorf("Chromium lacks lab-ord with Path=%s", p)
		}
	}
	want("lab-ord-a", true, "Path=/")
	want("lab-ord-b", true, "Path=/")
	want("lab-del", false, "deleted with the right path")
}

package server_test

// The HAR replay: sessions recorded for real in Chromium over the HTTPS test
// sites (har_record_browser_test.go) — typed navigations, links, form POSTs,
// iframes, fetches with each credentials mode, images, redirects across
// sites, Partitioned cookies in cross-site frames, cookies for subdomains,
// refused lines — written as HAR files from the CDP events, then explained
// by app/harexplain as `cookieplay har` would. The recorded Cookie headers
// are what Chromium sent; the test checks the replay agrees on at least 99%
// of the entries, lists every difference with its cause, and compares each
// Set-Cookie verdict with the lines Chromium refused
// (responseReceivedExtraInfo.blockedCookies).
//
// ./build.sh test records the fixed sessions under both third-party cookie
// settings; ./build.sh replay adds COOKIEPLAY_HAR_SESSIONS random ones
// (seed COOKIEPLAY_HAR_SEED). COOKIEPLAY_HAR_DIR keeps every HAR recorded.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/harexplain"
)

// harStep is one thing the user or a page does: a typed navigation (op
// "typed"), or an agent operation on the current page (see harAgentPage).
type harStep struct {
	Op          string `json:"op"`
	URL         string `json:"url"`
	Credentials string `json:"credentials,omitempty"`
	Via         string `json:"via,omitempty"`
}

// harSession is a named list of steps; URLs are written with host names
// alone ("https://a.test/x") and get the sites' port when played.
type harSession struct {
	name  string
	steps []harStep
}

// cookieURL is a URL of the sites that answers with the Set-Cookie lines
// given (and, with to, redirects there).
func cookieURL(base string, lines ...string) string {
	q := url.Values{"c": lines}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	if len(lines) == 0 {
		return base
	}
	return base + sep + q.Encode()
}

func redirectURL(base, to string, lines ...string) string {
	return cookieURL(base+"?"+url.Values{"to": {to}}.Encode(), lines...)
}

func typed(u string) harStep                { return harStep{Op: "typed", URL: u} }
func link(u string) harStep                 { return harStep{Op: "link", URL: u} }
func form(u string) harStep                 { return harStep{Op: "form", URL: u} }
func image(u string) harStep                { return harStep{Op: "img", URL: u} }
func iframe(u string) harStep               { return harStep{Op: "iframe", URL: u} }
func fetchWith(cred, u string) harStep      { return harStep{Op: "fetch", URL: u, Credentials: cred} }
func inFrame(via string, s harStep) harStep { s.Via = via; return s }

// harFixedSessions are the sessions ./build.sh test records.
var harFixedSessions = []harSession{
	{"first-party cookies of every kind, then fetches with each credentials mode, an image, a link and a form", []harStep{
		typed(cookieURL("https://a.test/set", "strict=1; Secure; SameSite=Strict", "lax=1; Secure; SameSite=Lax", "none=1; Secure; SameSite=None", "plain=1",
			"deep=1; Path=/deep", "nonesecure=1; SameSite=None", "__Host-h=1; Secure; Path=/; Domain=a.test", "other=1; Domain=b.test", "gone=1; Max-Age=0")),
		fetchWith("same-origin", "https://a.test/api"),
		fetchWith("include", "https://a.test/api"),
		fetchWith("omit", cookieURL("https://a.test/api", "omitted=1")),
		image("https://a.test/pixel"),
		link("https://a.test/deep/page"),
		form("https://a.test/deep/form"),
	}},
	{"across sites: an image, fetches, an iframe, a link and a form POST from b.test to a.test", []harStep{
		typed(cookieURL("https://a.test/set", "strict=1; Secure; SameSite=Strict", "lax=1; Secure; SameSite=Lax", "none=1; Secure; SameSite=None", "plain=1; Secure")),
		typed("https://b.test/page"),
		image("https://a.test/pixel"),
		fetchWith("include", "https://a.test/api"),
		fetchWith("same-origin", "https://a.test/api"),
		fetchWith("omit", "https://a.test/api"),
		iframe(cookieURL("https://a.test/frame", "framelax=1; Secure; SameSite=Lax", "framenone=1; Secure; SameSite=None")),
		link("https://a.test/landing"),
		typed("https://b.test/page"),
		form("https://a.test/post"),
	}},
	{"redirects: a link through b.test back to a.test, and a fetch redirected across origins", []harStep{
		typed(cookieURL("https://a.test/set", "lax=1; Secure; SameSite=Lax", "strict=1; Secure; SameSite=Strict", "none=1; Secure; SameSite=None")),
		link(redirectURL("https://a.test/out", redirectURL("https://b.test/hop", "https://a.test/back", "hop=1; Secure; SameSite=None"), "out=1; Secure")),
		fetchWith("include", redirectURL("https://b.test/r", "https://a.test/api")),
		fetchWith("include", redirectURL("https://a.test/r", "https://a.test/api", "r=1; Secure; SameSite=Lax")),
	}},
	{"Partitioned cookies: a b.test frame in a.test, then in c.test, then b.test itself", []harStep{
		typed("https://a.test/page"),
		iframe(cookieURL("https://b.test/widget", "part=1; Secure; Path=/; SameSite=None; Partitioned", "unpart=1; Secure; Path=/; SameSite=None")),
		inFrame("https://b.test/widget2", fetchWith("include", "https://b.test/api")),
		image("https://b.test/pixel"),
		typed("https://c.test/page"),
		iframe("https://b.test/widget"),
		typed("https://b.test/page"),
	}},
	{"subdomains: Domain cookies and host-only cookies between sub.a.test and a.test", []harStep{
		typed(cookieURL("https://sub.a.test/set", "wide=1; Domain=a.test; Secure", "narrow=1; Secure", "__Secure-s=1; Secure; Domain=a.test")),
		typed("https://a.test/page"),
		fetchWith("include", "https://sub.a.test/api"),
		fetchWith("same-origin", "https://sub.a.test/api"),
		image("https://sub.a.test/pixel"),
		inFrame("https://sub.a.test/frame", fetchWith("same-origin", cookieURL("https://sub.a.test/api", "fromframe=1; Secure; SameSite=Strict"))),
	}},
}

// randomHARSession makes a session of n steps from rng: typed navigations,
// links, forms, images, iframes and fetches between a.test, sub.a.test,
// b.test and c.test, each setting cookies from a pool of lines now and then.
func randomHARSession(rng *rand.Rand, n int) []harStep {
	hosts := []string{"a.test", "sub.a.test", "b.test", "c.test"}
	pool := []string{
		"s=%d; Secure; SameSite=Strict", "l=%d; Secure; SameSite=Lax", "n=%d; Secure; SameSite=None", "d=%d",
		"p=%d; Secure; SameSite=None; Partitioned; Path=/", "w=%d; Domain=a.test; Secure; SameSite=None",
		"x=%d; Path=/deep", "y=%d; Max-Age=0", "z=%d; SameSite=None", "__Host-h=%d; Secure; Path=/",
	}
	pick := func() string { return "https://" + hosts[rng.IntN(len(hosts))] }
	path := func() string { return []string{"/", "/deep/p", "/api"}[rng.IntN(3)] }
	withCookies := func(u string) string {
		if rng.IntN(2) == 0 {
			return u
		}
		return cookieURL(u, fmt.Sprintf(pool[rng.IntN(len(pool))], rng.IntN(100)))
	}
	steps := []harStep{typed(withCookies(pick() + "/"))}
	for len(steps) < n {
		u := withCookies(pick() + path())
		switch rng.IntN(8) {
		case 0:
			steps = append(steps, typed(u))
		case 1:
			steps = append(steps, link(u))
		case 2:
			steps = append(steps, form(u))
		case 3:
			steps = append(steps, image(u))
		case 4:
			steps = append(steps, iframe(u))
		case 5:
			steps = append(steps, inFrame(withCookies(pick()+"/frame"), fetchWith("include", u)))
		default:
			cred := []string{"omit", "same-origin", "include"}[rng.IntN(3)]
			if cred == "omit" {
				// Whether a response's cookies were ignored for want of
				// credentials is beyond a HAR (it does not record the mode);
				// the fixed sessions show the case the jar tells apart.
				u, _, _ = strings.Cut(u, "?")
			}
			steps = append(steps, fetchWith(cred, u))
		}
	}
	return steps
}

// recordSession plays a session in a new tab of a fresh browser context of
// the recording browser, and returns the HAR of it.
func recordSession(t *testing.T, browserCtx context.Context, port string, s harSession) []byte {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tabCtx, 120*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: opening a tab: %v", s.name, err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatalf("%s: Page.getFrameTree: %v", s.name, err)
	}
	rec, err := newHARRecorder(ctx, tree.FrameTree.Frame.ID)
	if err != nil {
		t.Fatalf("%s: recording: %v", s.name, err)
	}
	withPort := func(u string) string {
		// The host followed by its path's slash, escaped once or twice
		// inside redirect parameters.
		return strings.NewReplacer(".test/", ".test:"+port+"/", ".test%2F", ".test%3A"+port+"%2F", ".test%252F", ".test%253A"+port+"%252F").Replace(u)
	}
	for i, st := range s.steps {
		st.URL, st.Via = withPort(st.URL), withPort(st.Via)
		if err := playStep(ctx, rec, st); err != nil {
			t.Fatalf("%s: step %d (%s %s): %v", s.name, i, st.Op, st.URL, err)
		}
	}
	data, err := rec.HAR()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// playStep performs one step and waits until its requests are done and,
// after a navigation, the new page's agent is there.
func playStep(ctx context.Context, rec *harRecorder, st harStep) error {
	if st.Op == "typed" {
		if err := chromedp.Do(ctx, chromedp.Navigate(st.URL)); err != nil {
			return err
		}
	} else {
		op, _ := json.Marshal(st)
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__agent.run(`+string(op)+`)`, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if strings.Contains(res, "no answer") {
			return fmt.Errorf("%w: %s", errAgent, res)
		}
	}
	rec.settle(ctx)
	if st.Op == "link" || st.Op == "form" || st.Op == "typed" {
		// The poll's document may go away under it while the navigation
		// commits: try again on the new one.
		var err error
		for range 5 {
			if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete" && !!window.__agent`)); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			return err
		}
		rec.settle(ctx)
	}
	return nil
}

// harTally is what the replay of recorded sessions found.
type harTally struct {
	entries, agree, differ, notJudged int
	lines, linesAgree                 int
	differences                       []string
	notJudgedWhy                      []string
	lineDisagreements                 []string
	reasonNames                       []string // both refuse, naming the reason differently
}

// explainRecorded explains one recorded HAR and compares it with Chromium.
func (tally *harTally) explainRecorded(t *testing.T, name string, data []byte, opts harexplain.Options) {
	t.Helper()
	l, err := harexplain.Decode(data)
	if err != nil {
		t.Fatalf("%s: the recorded HAR does not decode: %v", name, err)
	}
	rep := harexplain.Explain(l, opts)
	var raw struct {
		Log struct {
			Entries []struct {
				Blocked []blockedLineRecord `json:"_blockedCookies"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for i, e := range rep.Entries {
		tally.entries++
		switch e.Status {
		case api.HARAgrees:
			tally.agree++
		case api.HARDiffers:
			tally.differ++
			for _, d := range e.Differences {
				tally.differences = append(tally.differences, fmt.Sprintf("%s, entry %d %s %s: %s %s: %s", name, i, e.Method, e.URL, d.Kind, d.Cookie, d.Cause))
			}
		default:
			tally.notJudged++
			tally.notJudgedWhy = append(tally.notJudgedWhy, fmt.Sprintf("%s, entry %d %s (%s): %s", name, i, e.URL, e.Context.ResourceType, e.NotJudged))
		}
		blocked := map[string][]string{}
		for _, b := range raw.Log.Entries[i].Blocked {
			blocked[b.Line] = b.Reasons
		}
		for _, r := range e.SetCookie {
			tally.lines++
			reasons, chromiumRefused := blocked[r.Line]
			rulesRefused := harexplain.Refused(r)
			if credentialsOmitted(e) && !chromiumRefused {
				// Chromium does not look at the lines of a response to a
				// request without credentials, so it lists none.
				chromiumRefused = true
				reasons = []string{r.Reason}
			}
			if rulesRefused == chromiumRefused {
				tally.linesAgree++
				if rulesRefused && !slices.Contains(reasons, r.Reason) && !reasonless(r.Reason) {
					tally.reasonNames = append(tally.reasonNames, fmt.Sprintf("%s, entry %d: %q: the rules say %s, Chromium %v", name, i, r.Line, r.Reason, reasons))
				}
				continue
			}
			tally.lineDisagreements = append(tally.lineDisagreements, fmt.Sprintf("%s, entry %d %s: %q: rules %s %s, Chromium refused=%v %v", name, i, e.URL, r.Line, map[bool]string{true: "refuse", false: "keep"}[rulesRefused], r.Reason, chromiumRefused, reasons))
		}
	}
}

// credentialsOmitted reports whether the entry's request was made without
// credentials, in the context the replay read.
func credentialsOmitted(e api.HAREntry) bool {
	switch e.Context.Credentials {
	case api.CredentialsOmit:
		return true
	case api.CredentialsSameOrigin:
		u, err := url.Parse(e.URL)
		return err == nil && e.Context.Initiator != u.Scheme+"://"+u.Host
	}
	return false
}

// reasonless reports whether a refusal reason is one DevTools does not name
// (an inclusion status, or ours), so that only the refusal is compared.
func reasonless(reason string) bool {
	switch reason {
	case "HttpOnly", "OverwriteHttpOnly", "InvalidPartitioned", "NamelessValueWithEquals":
		return true
	}
	return false
}

func (tally *harTally) report(t *testing.T, what string) {
	t.Helper()
	for _, d := range tally.differences {
		t.Logf("difference: %s", d)
	}
	for _, d := range tally.notJudgedWhy {
		t.Logf("not judged: %s", d)
	}
	for _, d := range tally.reasonNames {
		t.Logf("refused by both, reason named differently: %s", d)
	}
	for _, d := range tally.lineDisagreements {
		t.Errorf("Set-Cookie verdict differs from Chromium: %s", d)
	}
	pct := 100 * float64(tally.agree) / float64(max(tally.entries, 1))
	t.Logf("%s: %d entries, %d agree (%.1f%%), %d differ, %d not judged; Set-Cookie lines: %d of %d as Chromium decided",
		what, tally.entries, tally.agree, pct, tally.differ, tally.notJudged, tally.linesAgree, tally.lines)
	if pct < 99 {
		t.Errorf("%s: the replay agrees with Chromium on %.1f%% of the entries; want at least 99%%", what, pct)
	}
}

func saveHAR(t *testing.T, name string, data []byte) {
	dir := os.Getenv("COOKIEPLAY_HAR_DIR")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".har"), data, 0o644); err != nil {
		t.Errorf("keeping the HAR: %v", err)
	}
}

func TestBrowserHARReplay(t *testing.T) {
	port := startHARSites(t)
	n, _ := strconv.Atoi(os.Getenv("COOKIEPLAY_HAR_SESSIONS"))
	seed, _ := strconv.ParseUint(os.Getenv("COOKIEPLAY_HAR_SEED"), 10, 64)
	if seed == 0 {
		seed = 15
	}
	for _, thirdParty := range []string{api.ThirdPartyAllowed, api.ThirdPartyBlocked} {
		t.Run("third-party cookies "+thirdParty, func(t *testing.T) {
			bctx := siteBrowserContext(t, thirdParty)
			opts := harexplain.Options{ThirdPartyCookiesBlocked: thirdParty == api.ThirdPartyBlocked}
			sessions := slices.Clone(harFixedSessions)
			rng := rand.New(rand.NewPCG(seed, 0))
			for i := range n {
				sessions = append(sessions, harSession{name: fmt.Sprintf("random session %d (seed %d)", i, seed), steps: randomHARSession(rng, 12)})
			}
			var tally harTally
			for i, s := range sessions {
				data := recordSession(t, bctx, port, s)
				saveHAR(t, fmt.Sprintf("%s-%02d", thirdParty, i), data)
				tally.explainRecorded(t, s.name, data, opts)
			}
			tally.report(t, fmt.Sprintf("%d sessions recorded with third-party cookies %s", len(sessions), thirdParty))
		})
	}
}

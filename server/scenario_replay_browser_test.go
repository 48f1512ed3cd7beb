package server_test

// The scenario replay: scenarios (POST /api/scenario's steps) performed for
// real in Chromium, on the HTTPS test sites (sites_browser_test.go), and
// compared with the engine's answer (explainer.RunScenario) step by step:
//
//   - the Cookie header the step's request carried, as the site received it;
//   - the cookies withheld and why: Network.requestWillBeSentExtraInfo's
//     associatedCookies with blockedReasons, against the engine's withheld
//     cookies that DevTools would list (Withheld.Reported), reasons compared
//     as sets;
//   - the response's Set-Cookie lines refused and why
//     (Network.responseReceivedExtraInfo's blockedCookies), as the Set-Cookie
//     replay compares them;
//   - the cookies kept: Storage.getCookies, partition keys included, against
//     the engine's jar after the step;
//   - what document.cookie reads on the page a navigation or an iframe
//     loaded, once its own writes are done.
//
// Every step is done the way a page does it: a typed navigation is
// Page.navigate; a link or a form POST is clicked or submitted on a page of
// the initiator's origin; an iframe is embedded in the top-level page, and a
// fetch runs there with its credentials mode; an initiator of another origin
// than the top-level page is a frame of that origin inside it, which embeds
// the iframe or makes the fetch. Each browser setting (third-party cookies
// allowed, blocked) has a tab of its own in a fresh browser context, reused
// from scenario to scenario with its cookies cleared (Storage.clearCookies).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// scenarioTab is the tab that replays scenarios for one third-party cookie
// setting, and what its network events said, by step token.
type scenarioTab struct {
	ctx context.Context
	bc  cdp.BrowserContextID

	mu         sync.Mutex
	requestIDs map[string]network.RequestID                      // token → the step request's id
	associated map[network.RequestID][]*network.AssociatedCookie // requestWillBeSentExtraInfo
	blocked    map[string][]*network.BlockedSetCookieWithReason  // responseReceivedExtraInfo, by X-Scenario
}

// openScenarioTab opens a tab in a fresh browser context of the site browser
// for thirdParty, its every action bounded by deadline.
func openScenarioTab(t *testing.T, thirdParty string, deadline time.Time) *scenarioTab {
	t.Helper()
	bctx := siteBrowserContext(t, thirdParty)
	tabCtx, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithDeadline(tabCtx, deadline)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a scenario tab (%s): %v", thirdParty, err)
	}
	tab := &scenarioTab{
		ctx: ctx, bc: chromedp.FromContext(ctx).BrowserContextID,
		requestIDs: map[string]network.RequestID{},
		associated: map[network.RequestID][]*network.AssociatedCookie{},
		blocked:    map[string][]*network.BlockedSetCookieWithReason{},
	}
	err := chromedp.Listen(ctx, func(ev any) {
		tab.mu.Lock()
		defer tab.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if tok := stepToken(ev.Request.URL); tok != "" {
				tab.requestIDs[tok] = ev.RequestID
			}
		case *network.EventRequestWillBeSentExtraInfo:
			tab.associated[ev.RequestID] = ev.AssociatedCookies
		case *network.EventResponseReceivedExtraInfo:
			for k, v := range ev.Headers {
				if s, ok := v.(string); ok && strings.EqualFold(k, "X-Scenario") {
					tab.blocked[s] = ev.BlockedCookies
				}
			}
		}
	})
	if err != nil {
		t.Fatalf("listening to the scenario tab: %v", err)
	}
	return tab
}

// stepToken returns the sc parameter of a step request's URL, or "".
func stepToken(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Query().Get("sc")
}

// errNotPerformable is a step no page can make, such as a POST typed in the
// address bar.
var errNotPerformable = errors.New("no page can make this request")

// stepEvents is what Chromium reported about a step's request.
type stepEvents struct {
	header     string // the Cookie header the site received
	document   string // what the page's document.cookie read (a navigation or an iframe)
	associated []*network.AssociatedCookie
	blocked    []*network.BlockedSetCookieWithReason
	cookies    []*network.Cookie // the store after the step
}

// replay performs the scenario's steps, whose contexts the engine's run
// resolved, from an empty cookie store, and returns what Chromium did at
// each.
func (tab *scenarioTab) replay(site *scenarioSite, req api.ScenarioRequest, run explainer.ScenarioRun) ([]stepEvents, error) {
	ctx, cancel := context.WithTimeout(tab.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, storage.ClearCookies, storage.ClearCookiesParams{BrowserContextID: tab.bc}); err != nil {
		return nil, fmt.Errorf("clearing cookies: %w", err)
	}
	if cs, err := tab.cookies(ctx); err != nil || len(cs) > 0 {
		return nil, fmt.Errorf("the store is not empty after Storage.clearCookies: %d cookies, %v", len(cs), err)
	}
	var out []stepEvents
	for i, st := range req.Steps {
		rc := run.Steps[i].Context
		tok := site.expect(stepAnswer{setCookie: st.SetCookie, script: st.ScriptCookie, page: rc.Kind != cookierules.KindFetch})
		doc, err := tab.perform(ctx, rc, withParam(rc.URL.String(), "sc", tok), tok)
		if err != nil {
			return nil, fmt.Errorf("step %d (%s %s): %w", i, rc.Kind, rc.URL, err)
		}
		header, ok := site.cookieHeader(tok)
		if !ok {
			return nil, fmt.Errorf("step %d: the request to %s never reached the site", i, rc.URL)
		}
		ev := stepEvents{header: header, document: doc}
		ev.associated, ev.blocked = tab.events(ctx, tok)
		cs, err := tab.cookies(ctx)
		if err != nil {
			return nil, err
		}
		ev.cookies = cs
		out = append(out, ev)
	}
	return out, nil
}

func (tab *scenarioTab) cookies(ctx context.Context) ([]*network.Cookie, error) {
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: tab.bc})
	if err != nil {
		return nil, fmt.Errorf("Storage.getCookies: %w", err)
	}
	return res.Cookies, nil
}

// events waits, a moment at most, for the ExtraInfo events of the step's
// request and response. Chromium need not send a requestWillBeSentExtraInfo
// (none comes for a fetch that omits credentials): then no cookie was
// associated with the request.
func (tab *scenarioTab) events(ctx context.Context, tok string) ([]*network.AssociatedCookie, []*network.BlockedSetCookieWithReason) {
	var assoc []*network.AssociatedCookie
	var blocked []*network.BlockedSetCookieWithReason
	haveAssoc, haveBlocked := false, false
	// The request's event comes before the response's; once the response's
	// is in, a moment more is enough.
	limit := 2 * time.Second
	for wait := time.Duration(0); wait < limit && !(haveAssoc && haveBlocked); wait += 10 * time.Millisecond {
		tab.mu.Lock()
		if id, ok := tab.requestIDs[tok]; ok && !haveAssoc {
			assoc, haveAssoc = tab.associated[id]
		}
		if !haveBlocked {
			if blocked, haveBlocked = tab.blocked[tok]; haveBlocked {
				limit = min(limit, wait+200*time.Millisecond)
			}
		}
		tab.mu.Unlock()
		select {
		case <-ctx.Done():
			return assoc, blocked
		case <-time.After(10 * time.Millisecond):
		}
	}
	return assoc, blocked
}

// performable returns nil when a page can make the request of rc, or why
// not (wrapping errNotPerformable).
func performable(rc cookierules.RequestContext) error {
	method := rc.Method
	if method == "" {
		method = "GET"
	}
	doc := rc.TopLevelURL // the document that makes the request
	if rc.Initiator != nil {
		doc = rc.Initiator
	}
	switch {
	case method != "GET" && method != "POST":
		return fmt.Errorf("%w: a page sends only GET and POST this way", errNotPerformable)
	case rc.Kind == cookierules.KindNavigation && rc.Initiator == nil && method != "GET":
		return fmt.Errorf("%w: a typed URL is a GET", errNotPerformable)
	case rc.Kind == cookierules.KindNavigation && method == "POST" && rc.Initiator.Scheme == "https" && rc.URL.Scheme == "http":
		return fmt.Errorf("%w: Chromium stops a form from https to http at a warning", errNotPerformable)
	case rc.Kind != cookierules.KindNavigation && (doc.Scheme == "https" && rc.URL.Scheme == "http" || rc.TopLevelURL.Scheme == "https" && doc.Scheme == "http"):
		return fmt.Errorf("%w: an https page loads nothing over http (mixed content)", errNotPerformable)
	}
	return nil
}

// perform makes the step's request, to target (the step URL with its token),
// as a page would, waits until it is done, and returns what document.cookie
// read on the page it loaded ("" for a fetch).
func (tab *scenarioTab) perform(ctx context.Context, rc cookierules.RequestContext, target, tok string) (string, error) {
	if err := performable(rc); err != nil {
		return "", err
	}
	method := strings.ToUpper(rc.Method)
	if method == "" {
		method = "GET"
	}
	if rc.Kind == cookierules.KindNavigation {
		if rc.Initiator == nil {
			if err := chromedp.Do(ctx, chromedp.Navigate(target)); err != nil {
				return "", err
			}
		} else {
			if err := chromedp.Do(ctx, chromedp.Navigate(originOf(rc.Initiator)+"/start")); err != nil {
				return "", err
			}
			op := map[string]string{"op": "link", "url": target}
			if method == "POST" {
				op["op"] = "form"
			}
			if _, err := tab.agent(ctx, op); err != nil {
				return "", err
			}
		}
		if err := tab.waitTitle(ctx, "step "+tok); err != nil {
			return "", err
		}
		return chromedp.Run(ctx, chromedp.Evaluate[string](`window.__stepCookie`))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(rc.TopLevelURL.String())); err != nil {
		return "", err
	}
	op := map[string]string{"op": string(rc.Kind), "url": target, "method": method, "credentials": string(rc.Credentials)}
	if rc.Initiator != nil && originOf(rc.Initiator) != originOf(rc.TopLevelURL) {
		op["via"] = originOf(rc.Initiator) + "/frame"
	}
	res, err := tab.agent(ctx, op)
	if err != nil {
		return "", err
	}
	switch {
	case strings.HasPrefix(res, "fetched "):
		return "", nil
	case strings.HasPrefix(res, "loaded "):
		var doc *string
		if err := json.Unmarshal([]byte(strings.TrimPrefix(res, "loaded ")), &doc); err != nil || doc == nil {
			return "", fmt.Errorf("the iframe %s did not tell what its document.cookie read (%q)", target, res)
		}
		return *doc, nil
	}
	return "", fmt.Errorf("the page's %s of %s: %s", rc.Kind, target, res)
}

// agent runs op in the page the tab shows (see agentPage).
func (tab *scenarioTab) agent(ctx context.Context, op map[string]string) (string, error) {
	js, err := json.Marshal(op)
	if err != nil {
		return "", err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`window.__agent.run(%s)`, js), chromedp.EvalAwaitPromise))
}

// waitTitle waits until the tab shows a loaded page titled title: the page a
// link or form led to. Evaluations fail while the page changes; they are
// retried.
func (tab *scenarioTab) waitTitle(ctx context.Context, title string) error {
	expr := fmt.Sprintf(`document.title === %q && document.readyState === "complete"`, title)
	var last error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			where, _ := chromedp.Run(tab.ctx, chromedp.Evaluate[string](`location.href + " (" + document.title + ")"`))
			return fmt.Errorf("waiting for the page %q: %w (the tab shows %s; last error: %v)", title, ctx.Err(), where, last)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// originOf returns the scheme://host:port of u.
func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }

// --- Comparing ---

// cookieKey names a cookie as Chromium's store does: its domain with a
// leading dot unless host-only, and its partition key.
func cookieKey(name, domain, path, partition string) string {
	return fmt.Sprintf("%s (domain %s, path %s%s)", name, domain, path, partition)
}

func engineKey(c cookierules.Cookie) string {
	d := c.Domain
	if !c.HostOnly {
		d = "." + d
	}
	p := ""
	if c.Partitioned && c.PartitionKey != (cookierules.PartitionKey{}) {
		p = ", partition " + partitionName(c.PartitionKey.TopLevelSite, c.PartitionKey.CrossSiteAncestor)
	}
	return cookieKey(c.Name, d, c.Path, p)
}

func chromiumKey(c *network.Cookie) string {
	p := ""
	if c.PartitionKey != nil {
		p = ", partition " + partitionName(c.PartitionKey.TopLevelSite, c.PartitionKey.HasCrossSiteAncestor)
	}
	return cookieKey(c.Name, c.Domain, c.Path, p)
}

func partitionName(site string, crossSite bool) string {
	if crossSite {
		return site + " cross-site"
	}
	return site
}

// compareStep returns every difference between the engine's step and what
// Chromium did.
func compareStep(i int, st api.ScenarioStep, e explainer.RunStep, b stepEvents) []string {
	var diffs []string
	prefix := fmt.Sprintf("step %d (%s): ", i, e.Context.Kind)
	if e.Request.CookieHeader != b.header {
		diffs = append(diffs, fmt.Sprintf("%sCookie header: engine %q, Chromium %q", prefix, e.Request.CookieHeader, b.header))
	}
	// Withheld, by cookie: the reasons, sorted, or "sent".
	engine, chromium := map[string]string{}, map[string]string{}
	for _, w := range e.Request.Withheld {
		if w.Reported {
			rs := slices.Clone(w.Reasons)
			slices.Sort(rs)
			engine[engineKey(w.Cookie)] = strings.Join(slices.Compact(rs), ",")
		}
	}
	for _, a := range b.associated {
		if len(a.BlockedReasons) == 0 {
			continue
		}
		var rs []string
		for _, r := range a.BlockedReasons {
			rs = append(rs, string(r))
		}
		slices.Sort(rs)
		chromium[chromiumKey(a.Cookie)] = strings.Join(slices.Compact(rs), ",")
	}
	for _, k := range slices.Sorted(mapKeys(engine, chromium)) {
		if engine[k] != chromium[k] {
			diffs = append(diffs, fmt.Sprintf("%swithheld %s: engine [%s], Chromium [%s]", prefix, k, engine[k], chromium[k]))
		}
	}
	if e.Context.Kind != cookierules.KindFetch && e.DocumentCookie != b.document {
		diffs = append(diffs, fmt.Sprintf("%sdocument.cookie: engine %q, Chromium %q", prefix, e.DocumentCookie, b.document))
	}
	for _, d := range compareBlocked(i, st.SetCookie, e.Verdicts[:len(st.SetCookie)], b.blocked) {
		diffs = append(diffs, prefix+"Set-Cookie: "+d)
	}
	diffs = append(diffs, compareScenarioStores(prefix, e.Jar, b.cookies)...)
	return diffs
}

func compareScenarioStores(prefix string, ec []cookierules.Cookie, bc []*network.Cookie) []string {
	type view struct {
		value                     string
		secure, httpOnly, session bool
		sameSite                  string
	}
	engine, chromium := map[string]view{}, map[string]view{}
	for _, c := range ec {
		engine[engineKey(c)] = view{c.Value, c.Secure, c.HttpOnly, !c.Persistent, c.SameSite}
	}
	for _, c := range bc {
		chromium[chromiumKey(c)] = view{c.Value, c.Secure, c.HTTPOnly, c.Session, string(c.SameSite)}
	}
	var diffs []string
	for _, k := range slices.Sorted(mapKeys(engine, chromium)) {
		e, inE := engine[k]
		b, inB := chromium[k]
		switch {
		case !inB:
			diffs = append(diffs, fmt.Sprintf("%sstore: engine keeps %s = %q; Chromium does not", prefix, k, e.value))
		case !inE:
			diffs = append(diffs, fmt.Sprintf("%sstore: Chromium keeps %s = %q; the engine does not", prefix, k, b.value))
		case e != b:
			diffs = append(diffs, fmt.Sprintf("%sstore: %s: engine %+v, Chromium %+v", prefix, k, e, b))
		}
	}
	return diffs
}

// --- The test ---

// scenarioKnownCauses lists the causes of the differences between the
// engine and today's Chromium (156) in the scenario replay, each with a
// test that recognises its differences. Any other difference fails the
// replay; a full replay (COOKIEPLAY_SCENARIOS ≥ 500) also fails when a
// listed cause no longer shows.
var scenarioKnownCauses = []knownScenarioCause{}

type knownScenarioCause struct {
	cause string
	match func(diff string) bool
}

// scenarioCount is how many generated scenarios the replay runs:
// COOKIEPLAY_SCENARIOS, or a sample of 60 (./build.sh replay runs 500).
func scenarioCount(t *testing.T) int {
	if s := os.Getenv("COOKIEPLAY_SCENARIOS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			t.Fatalf("COOKIEPLAY_SCENARIOS=%q: want a number of scenarios", s)
		}
		return n
	}
	return 60
}

// scenarioSeed is COOKIEPLAY_SCENARIO_SEED, or a new seed each run.
func scenarioSeed(t *testing.T) uint64 {
	if s := os.Getenv("COOKIEPLAY_SCENARIO_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("COOKIEPLAY_SCENARIO_SEED=%q: want a number", s)
		}
		return n
	}
	return uint64(time.Now().UnixNano() % 1_000_000)
}

// scenarioOutcome is what replaying one scenario gave.
type scenarioOutcome struct {
	diffs []string
	err   error // not replayed
}

// replayScenarios replays the scenarios in tab, one after the other, and
// stops early (the rest left as not replayed) when the tab's time is up.
func replayScenarios(tab *scenarioTab, site *scenarioSite, scenarios []generatedScenario) []scenarioOutcome {
	out := make([]scenarioOutcome, len(scenarios))
	for i, sc := range scenarios {
		if tab.ctx.Err() != nil {
			out[i].err = fmt.Errorf("the replay ran out of time")
			continue
		}
		run, err := explainer.RunScenario(sc.req, time.Now().UTC())
		if err != nil {
			out[i].err = fmt.Errorf("the engine refuses the scenario: %w", err)
			continue
		}
		events, err := tab.replay(site, sc.req, run)
		if err != nil {
			out[i].err = err
			continue
		}
		for j, st := range sc.req.Steps {
			out[i].diffs = append(out[i].diffs, compareStep(j, st, run.Steps[j], events[j])...)
		}
	}
	return out
}

// TestBrowserScenarioReplay performs the presets and generated scenarios
// in Chromium, with third-party cookies allowed and blocked, and compares
// every step with the engine's answer; a difference not in
// scenarioKnownCauses fails it. COOKIEPLAY_SCENARIO_SEED replays a seed,
// COOKIEPLAY_SCENARIOS sets how many scenarios are generated, and
// COOKIEPLAY_SCENARIO_REPORT names a file for every difference.
func TestBrowserScenarioReplay(t *testing.T) {
	start := time.Now()
	seed, n := scenarioSeed(t), scenarioCount(t)
	t.Logf("scenario seed %d (replay it: COOKIEPLAY_SCENARIO_SEED=%d COOKIEPLAY_SCENARIOS=%d)", seed, seed, n)
	site := newScenarioSite()
	sites := startTestSites(t, site)
	presets := scenarioPresets(sites.origin)
	scenarios := append(presets, generateScenarios(seed, n, sites.origin)...)

	// Each setting has its browser and tab; the two replay side by side.
	deadline := start.Add(time.Duration(len(scenarios))*6*time.Second + 2*time.Minute)
	bySetting := map[string][]int{}
	for i, sc := range scenarios {
		setting := sc.req.ThirdPartyCookies
		if setting == "" {
			setting = thirdPartyAllowed
		}
		bySetting[setting] = append(bySetting[setting], i)
	}
	outcomes := make([]scenarioOutcome, len(scenarios))
	var wg sync.WaitGroup
	for setting, idx := range bySetting {
		tab := openScenarioTab(t, setting, deadline)
		wg.Go(func() {
			var mine []generatedScenario
			for _, i := range idx {
				mine = append(mine, scenarios[i])
			}
			for k, o := range replayScenarios(tab, site, mine) {
				outcomes[idx[k]] = o
			}
		})
	}
	wg.Wait()

	agree, notPerformable := 0, 0
	knownSeen := map[string]int{}
	var report []string
	for i, sc := range scenarios {
		o := outcomes[i]
		js, _ := json.Marshal(sc.req)
		switch {
		case errors.Is(o.err, errNotPerformable) && i < len(presets):
			notPerformable++
			t.Logf("%s: not performed in the browser: %v", sc.id, o.err)
			continue
		case o.err != nil:
			t.Errorf("%s: not replayed: %v\n\tscenario: %s", sc.id, o.err, js)
			report = append(report, sc.id+": not replayed: "+o.err.Error())
			continue
		case len(o.diffs) == 0:
			agree++
			continue
		}
		var unknown []string
		for _, d := range o.diffs {
			k := slices.IndexFunc(scenarioKnownCauses, func(k knownScenarioCause) bool { return k.match(d) })
			if k < 0 {
				unknown = append(unknown, d)
				continue
			}
			knownSeen[scenarioKnownCauses[k].cause]++
		}
		report = append(report, sc.id+": "+strings.Join(o.diffs, "; ")+"\n\t"+string(js))
		if len(unknown) > 0 {
			t.Errorf("%s: the engine and Chromium disagree (COOKIEPLAY_SCENARIO_SEED=%d):\n\t%s\n\tscenario: %s", sc.id, seed, strings.Join(unknown, "\n\t"), js)
		}
	}
	performed := len(scenarios) - notPerformable
	summary := fmt.Sprintf("replayed %d scenarios in Chromium (%d presets, %d generated from seed %d): %d agree exactly (%.1f%%)",
		performed, len(presets)-notPerformable, n, seed, agree, 100*float64(agree)/float64(max(performed, 1)))
	t.Log(summary)
	for _, k := range scenarioKnownCauses {
		t.Logf("known difference, %d time(s): %s", knownSeen[k.cause], k.cause)
		if n >= 500 && knownSeen[k.cause] == 0 {
			t.Errorf("scenarioKnownCauses lists %q, which no longer shows in %d scenarios", k.cause, n)
		}
	}
	t.Logf("in %s", time.Since(start).Round(100*time.Millisecond))
	if path := os.Getenv("COOKIEPLAY_SCENARIO_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(summary+"\n"+strings.Join(report, "\n")+"\n"), 0o644); err != nil {
			t.Errorf("writing the report: %v", err)
		}
	}
}

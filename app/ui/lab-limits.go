package ui

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labLimits shows how many cookies Chromium keeps for one registrable
// domain, and which it evicts first. Filling this page's own site would
// evict the visitor's cookies, their login included, so it fills the lab's
// other site, in the lab's window, where only the lab's cookies live.
var labLimits = &labExperiment{
	ID:    "limits",
	Title: "How many cookies a site may keep, and which go first",
	Why: [2]string{
		fmt.Sprintf("Chromium keeps at most %d cookies per registrable domain; one more, and it evicts %d, down to %d. It evicts the least recently used first (a cookie's use is noted at most once a minute, so here that is the oldest), Priority=Low ones before the rest (down to 30 of them), and non-Secure ones before Secure ones.",
			cookierules.DomainMaxCookies, cookierules.DomainPurgeCookies+1, cookierules.DomainMaxCookies-cookierules.DomainPurgeCookies),
		fmt.Sprintf("The lab's window on the other site writes %d Secure cookies (the oldest), %d ordinary ones and %d with Priority=Low (the newest): the evicted are the 10 oldest Low ones and the 21 oldest ordinary ones, while the older Secure ones stay. It expires them all afterwards.",
			api.LabLimitSecure, api.LabLimitOrdinary, api.LabLimitLow),
	},
	Stems:  []string{"lab-lim-"},
	Window: true,
	Clean:  func(e *labEnv) []string { return nil },
	Run:    runLimits,
}

// runLimits has the other site's window expire any leftovers and say which
// cookies it holds, then, if none but the lab's, write one cookie over the
// limit and report what it still sends, and expire them all. The engine
// takes the same writes as script writes of a top-level page of the other
// site, and the same requests as that page's fetches.
func runLimits(e *labEnv) error {
	other := e.other
	why := ""
	switch {
	case e.other == "":
		other = "https://other.example"
		why = "This page is on " + e.page.Host + ", and the lab has no other site here (see -other-site), and filling this page's own site would evict your cookies and log you out, so the engine shows it for " + other + "."
	case !labWindowOpen(e.window):
		why = "The browser blocked the lab's window on " + e.other + ": allow pop-ups for this site to run it for real. The engine shows it."
	}
	ou, _ := url.Parse(other)
	secure := cookierules.IsSecureOrigin(ou)
	lines := api.LabLimitLines(secure)
	written := make([]string, len(lines))
	for i, l := range lines {
		written[i] = cookiePair(l)
	}
	expected := limitEvictionExplained(secure)

	jar := cookierules.NewJar()
	top, fetch := windowContexts(ou)
	write := func(lines []string) {
		now := time.Now()
		for _, l := range lines {
			jar.SetCookieIn(top, l, cookierules.FromScript, now)
		}
	}
	engineEvicted := func() string {
		now := time.Now()
		return missing(written, jar.CookiesIn(fetch, now).CookieHeader)
	}
	const (
		evictedServer = "Cookies written in the other site's window that its next request no longer carried: the evicted ones"
		evictedDoc    = "Cookies written there that document.cookie no longer showed"
		cleared       = "Cookie header the other site received from its window after expiring them all"
	)
	kept := func(list string) int { return len(written) - len(api.ParseCookieString(missing(written, list))) }
	// note says how many cookies were kept; browser is nil where the
	// browser did not run it.
	note := func(browser *string) string {
		engine := jar.CookiesIn(fetch, time.Now()).CookieHeader
		if browser == nil {
			return fmt.Sprintf("%d written; the engine keeps %d.", len(written), kept(engine))
		}
		return fmt.Sprintf("%d written; the browser kept %d, the engine %d.", len(written), kept(*browser), kept(engine))
	}

	if why != "" {
		write(lines)
		e.predict("evicted", evictedServer, expected, engineEvicted(), why+" "+note(nil))
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	record := func(task, kind string) (api.LabRecord, error) {
		if err := e.inWindow(run, task); err != nil {
			return api.LabRecord{}, err
		}
		recs, err := e.waitFor(run, kind)
		return recs[kind], err
	}
	e.say("The other site's window expires any leftovers and says which cookies it holds…")
	r, err := record(api.LabTaskLimitCheck, api.LabKindLimitCheck)
	if err != nil {
		return err
	}
	if foreign := r.Others + len(api.ParseCookieString(r.Cookie)); foreign > 0 {
		why = fmt.Sprintf("The other site, %s, holds %d cookies that are not this experiment's (yours, or other experiments' kept ones), and filling it would evict them, so the lab does not, and the engine shows it.", e.other, foreign)
		write(lines)
		e.predict("evicted", evictedServer, expected, engineEvicted(), why+" "+note(nil))
		return nil
	}
	e.say(fmt.Sprintf("The other site's window writes %d cookies…", len(lines)))
	r, err = record(api.LabTaskLimitFill, api.LabKindLimitFill)
	if err != nil {
		return err
	}
	write(lines)
	engine := engineEvicted()
	e.add(labCheck{ID: "evicted", Label: evictedServer, Mode: labReal, Expected: expected, Browser: missing(written, r.Cookie), Engine: engine,
		Note: note(&r.Cookie) + " " + recordNote(r), Run: run})
	e.add(labCheck{ID: "evicted-doc", Label: evictedDoc, Mode: labReal, Expected: expected, Browser: missing(written, r.Doc),
		Engine: missing(written, jar.DocumentCookieIn(top, time.Now())), Run: run})

	// Always: 150 cookies on the other site would only get in the way.
	e.say("The other site's window expires them all…")
	if r, err = record(api.LabTaskLimitClear, api.LabKindLimitClear); err != nil {
		return err
	}
	write(api.LabLimitClearLines())
	e.add(labCheck{ID: "cleared", Label: cleared, Mode: labReal, Expected: "", Browser: r.Cookie,
		Engine: jar.CookiesIn(fetch, time.Now()).CookieHeader, Note: recordNote(r), Run: run})
	e.say("")
	return nil
}

// limitEvictionExplained returns the cookies the explanation says go, as
// "name=1" pairs: the 10 oldest Priority=Low ones (30 of the 40 stay), then
// the 21 oldest ordinary ones (on a site that is not secure, the first
// group is ordinary too, and oldest).
func limitEvictionExplained(secure bool) string {
	var out []string
	for i := range api.LabLimitLow - 30 {
		out = append(out, api.LabLimitName("l", i)+"=1")
	}
	left := cookierules.DomainPurgeCookies + 1 - len(out)
	if !secure {
		for i := range min(left, api.LabLimitSecure) {
			out = append(out, api.LabLimitName("s", i)+"=1")
		}
		left -= min(left, api.LabLimitSecure)
	}
	for i := range left {
		out = append(out, api.LabLimitName("n", i)+"=1")
	}
	return strings.Join(out, "; ")
}

// missing returns the pairs of written that the cookie list got lacks.
func missing(written []string, got string) string {
	var out []string
	for _, w := range written {
		if !cookieListHas(got, w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, "; ")
}

package ui

import (
	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labSameSite shows which SameSite cookies go with each kind of
// cross-site request, made for real by the other site.
var labSameSite = &labExperiment{
	ID:    "samesite",
	Title: "SameSite across sites",
	Why: [2]string{
		"A SameSite=Strict cookie goes only with requests from its own site; a Lax one also with top-level GET navigations from another site.",
		"A SameSite=None cookie (it must be Secure) goes with every cross-site request, fetches, iframes and form POSTs too, unless the browser blocks third-party cookies, which keeps it from fetches and iframes.",
	},
	Stems:  []string{"lab-ss-"},
	Window: true,
	Clean: func(e *labEnv) []string {
		return append(labDeletionsAt("/", "lab-ss-strict", "lab-ss-lax"), labDeletions(cookierules.Line{Name: "lab-ss-none", Path: "/", Secure: true})...)
	},
	Run: runSameSite,
}

// Lines of the SameSite experiment.
var labSameSiteLines = []string{
	"lab-ss-strict=1; Path=/; SameSite=Strict",
	"lab-ss-lax=1; Path=/; SameSite=Lax",
	"lab-ss-none=1; Path=/; SameSite=None; Secure",
}

// labCrossSite describes the requests of the SameSite experiment: which
// engine context each is, which cookies the explanation sends, and whether
// it is a third-party context (an embedded request, which a browser that
// blocks third-party cookies sends without them).
var labCrossSite = []struct {
	kind, label string
	context     cookierules.SiteContext
	lax         bool // Lax cookies go too
	thirdParty  bool
}{
	{api.LabKindFetch, "fetch() with credentials", cookierules.ContextCrossSite, false, true},
	{api.LabKindIframe, "an iframe", cookierules.ContextCrossSite, false, true},
	{api.LabKindForm, "a top-level form POST", cookierules.ContextCrossSite, false, false},
	{api.LabKindNav, "a top-level GET navigation", cookierules.ContextCrossSiteTopLevel, true, false},
}

// thirdPartyBlocked asks the other site's iframe in this page whether the
// browser lets it use its unpartitioned cookies.
func (e *labEnv) thirdPartyBlocked(run string) (bool, error) {
	e.inFrame(run, api.LabTaskAccess)
	recs, err := e.waitFor(run, api.LabKindAccess)
	if err != nil {
		return false, err
	}
	return recs[api.LabKindAccess].StorageAccess == "false", nil
}

// runSameSite sets the three SameSite cookies here, then has the probe on
// the other site make the four kinds of cross-site request back to this
// one, and reads what the server recorded of each.
func runSameSite(e *labEnv) error {
	if _, err := e.serverSet(labSameSiteLines...); err != nil {
		return err
	}
	none := cookiesIf(e.secure, "lab-ss-none=1")
	e.checkEcho("same-site", "Cookie header of GET /lab/echo from this page (same site)", api.LabEchoPath, joinCookies("lab-ss-strict=1", "lab-ss-lax=1", none))
	hit := e.pageURL(api.LabHitPath)
	expect := func(lax, thirdParty, blocked bool) string {
		return joinCookies(cookiesIf(lax, "lab-ss-lax=1"), cookiesIf(!(thirdParty && blocked), none))
	}

	why := e.whyPredicted(e.other, e.noOtherSite()+", so the engine shows it, for a browser that allows third-party cookies.", ", for a browser that allows third-party cookies")
	if why != "" {
		for _, x := range labCrossSite {
			e.predict(x.kind, "Cookie header of "+x.label+" from another site to this one", expect(x.lax, x.thirdParty, false),
				labHeader(e.jar, hit, cookierules.RequestOptions{Context: x.context}, false), why)
		}
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.say("Asking the other site's iframe whether this browser allows third-party cookies…")
	blocked, err := e.thirdPartyBlocked(run)
	if err != nil {
		return err
	}
	e.say("The other site, " + e.other + ", makes its requests in the lab's window…")
	if err := e.inWindow(run, api.LabTaskSameSite); err != nil {
		return err
	}
	recs, err := e.waitFor(run, api.LabKindFetch, api.LabKindIframe, api.LabKindForm, api.LabKindNav)
	e.say("")
	for _, x := range labCrossSite {
		c := labCheck{ID: x.kind, Label: "Cookie header of " + x.label + " from " + e.other + " to this site", Mode: labReal,
			Expected: expect(x.lax, x.thirdParty, blocked),
			Engine:   labHeader(e.jar, hit, cookierules.RequestOptions{Context: x.context}, blocked && x.thirdParty), Run: run}
		if r, ok := recs[x.kind]; ok {
			c.Browser, c.Note = r.Cookie, recordNote(r)
		} else {
			c.Browser = labErrorPrefix + err.Error()
		}
		if x.thirdParty {
			c.Note += " " + policyNote(blocked)
		}
		e.add(c)
	}
	return nil
}

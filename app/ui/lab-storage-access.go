package ui

import (
	"cmp"
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labStorageAccess shows third-party cookie blocking and the Storage Access
// API from the other site's iframe in this page.
var labStorageAccess = &labExperiment{
	ID:    "storage-access",
	Title: "Third-party cookies and the Storage Access API",
	Why: [2]string{
		"Where the browser blocks third-party cookies, another site's iframe in this page neither keeps nor sends an unpartitioned cookie (DevTools: UserPreferences), and document.hasStorageAccess() answers false; a Partitioned cookie is unaffected.",
		"document.requestStorageAccess() may lift the block for the iframe, but only after a user gesture in it (and a prompt): asked without one, as the lab does, it is rejected.",
	},
	Stems:      []string{"lab-sa-"},
	Clean:      func(e *labEnv) []string { return nil },
	CleanOther: cleanStorageAccess,
	Run:        runStorageAccess,
}

// runStorageAccess has the other site's iframe in this page set an
// unpartitioned and a Partitioned cookie, ask for storage access without a
// user gesture, and read its cookies; then (unless kept) expire them. The
// engine sees the same requests as RequestContexts of an iframe of the other
// site in this page, with ThirdPartyCookiesBlocked as the iframe's
// document.hasStorageAccess() said before the request.
func runStorageAccess(e *labEnv) error {
	const standIn = "https://frame.example"
	why := ""
	if e.other == "" {
		why = e.noOtherSite() + ", so the engine shows it for an iframe from " + standIn + ", in a browser that blocks third-party cookies."
	}
	other := cmp.Or(e.other, standIn)
	ou, _ := url.Parse(other)
	page := e.pageURL(api.LabPath)
	jar := cookierules.NewJar()
	blocked := true
	ctxFor := func(u *url.URL, kind cookierules.Kind, initiator *url.URL) cookierules.RequestContext {
		return cookierules.RequestContext{URL: u, TopLevelURL: page, Initiator: initiator, Kind: kind, ThirdPartyCookiesBlocked: blocked}
	}
	// The probe's fetches are same-origin requests of the iframe.
	fromFrame := func(path string) cookierules.RequestContext {
		return ctxFor(pathOn(ou, path), cookierules.KindFetch, ou)
	}
	var verdicts []cookierules.Verdict
	feed := func(lines []string) {
		now := time.Now()
		verdicts = verdicts[:0]
		for _, l := range lines {
			verdicts = append(verdicts, jar.SetCookieIn(fromFrame(api.LabSetPath), l, cookierules.FromHTTP, now))
		}
	}
	inFrame := func() (header, doc string) {
		now := time.Now()
		return jar.CookiesIn(fromFrame(api.LabHitPath), now).CookieHeader,
			jar.DocumentCookieIn(ctxFor(pathOn(ou, api.LabProbePath), cookierules.KindIframe, page), now)
	}
	expect := func() string { return joinCookies(cookiesIf(!blocked, "lab-sa-shared=1"), "lab-sa-part=1") }
	const (
		frameServer = "Cookie header the other site received from its iframe in this page, after setting both cookies and asking for storage access"
		frameDoc    = "document.cookie in that iframe"
		cleared     = "Cookie header the other site received from its iframe after expiring both"
	)

	if why != "" {
		feed(api.LabStorageSetLines)
		h, d := inFrame()
		e.predict("frame-server", frameServer, expect(), h, why+" "+verdictNote(verdicts[0]))
		e.predict("frame-doc", frameDoc, expect(), d, why)
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.say("The other site sets its cookies from an iframe in this page, and asks for storage access…")
	e.inFrame(run, api.LabTaskStorageSet)
	recs, err := e.waitFor(run, api.LabKindStorageFrame)
	if err != nil {
		return err
	}
	r := recs[api.LabKindStorageFrame]
	blocked = r.StorageAccess == "false"
	feed(api.LabStorageSetLines)
	note := verdictNote(verdicts[0]) + " " + recordNote(r) + " " + accessNote(r)
	h, d := inFrame()
	e.add(labCheck{ID: "frame-server", Label: frameServer, Mode: labReal, Expected: expect(), Browser: r.Cookie, Engine: h, Note: note, Run: run})
	e.add(labCheck{ID: "frame-doc", Label: frameDoc, Mode: labReal, Expected: expect(), Browser: r.Doc, Engine: d, Run: run})

	if !e.keep {
		e.say("The other site expires its cookies from the iframe…")
		e.inFrame(run, api.LabTaskStorageClear)
		if recs, err = e.waitFor(run, api.LabKindStorageClear); err != nil {
			return err
		}
		r = recs[api.LabKindStorageClear]
		feed(api.LabStorageClearLines)
		h, _ = inFrame()
		e.add(labCheck{ID: "cleared", Label: cleared, Mode: labReal, Expected: "", Browser: r.Cookie, Engine: h, Note: recordNote(r), Run: run})
	}
	e.say("")
	return nil
}

// accessNote says what the iframe's Storage Access API answered.
func accessNote(r api.LabRecord) string {
	has := "document.hasStorageAccess() is not supported here"
	if r.StorageAccess != "" {
		has = "document.hasStorageAccess() answered " + r.StorageAccess
	}
	req := "requestStorageAccess() is not supported here."
	if r.AccessRequest != "" {
		req = "requestStorageAccess() without a user gesture: " + r.AccessRequest + "."
	}
	return "In the iframe, " + has + "; " + req
}

// cleanStorageAccess expires the Storage Access experiment's cookies on
// the other site, from an iframe in this page.
func cleanStorageAccess(e *labEnv) error {
	return e.clearInFrame(api.LabTaskStorageClear, api.LabKindStorageClear)
}

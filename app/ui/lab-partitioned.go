package ui

import (
	"cmp"
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labPartitioned shows a Partitioned (CHIPS) cookie set by the other
// site in an iframe of this page.
var labPartitioned = &labExperiment{
	ID:    "partitioned",
	Title: "Partitioned (CHIPS) cookies in a cross-site iframe",
	Why: [2]string{
		"A cookie that another site's iframe sets with Partitioned goes into a jar kept for this top-level site only, even where third-party cookies are blocked.",
		"The other site reads it in its iframe here but not as a top-level page, where only its unpartitioned cookie shows (if third-party cookies are allowed).",
	},
	Stems:      []string{"lab-chips-"},
	Window:     true,
	Clean:      func(e *labEnv) []string { return nil },
	CleanOther: cleanPartitioned,
	Run:        runPartitioned,
}

// runPartitioned has the other site set a Partitioned and an unpartitioned
// cookie from its iframe in this page, read them there, then read them as
// a top-level page in the lab's window, and (unless kept) clear them from
// the iframe again. The engine has no partitions: the lab gives it one jar
// for the iframe, which holds both cookies, and one for the other site at
// the top level, which holds only the unpartitioned one. Where the browser
// blocks third-party cookies, the iframe may not set or send its
// unpartitioned cookie at all (labHeader).
func runPartitioned(e *labEnv) error {
	const standIn = "https://frame.example"
	why := e.whyPredicted(e.other, e.noOtherSite()+", so the engine shows it for an iframe from "+standIn+", in a browser that allows third-party cookies.", ", for a browser that allows third-party cookies")
	other := cmp.Or(e.other, standIn)
	ou, _ := url.Parse(other)
	hit, probe, set := pathOn(ou, api.LabHitPath), pathOn(ou, api.LabProbePath), pathOn(ou, api.LabSetPath)
	frameJar, topJar := cookierules.NewJar(), cookierules.NewJar()
	blocked := false
	var verdicts []cookierules.Verdict
	feed := func(lines []string) {
		now := time.Now()
		verdicts = verdicts[:0]
		for _, l := range lines {
			p, err := cookierules.Parse(l)
			if err == nil && !p.Partitioned && blocked {
				continue // a third-party cookie, refused
			}
			verdicts = append(verdicts, frameJar.SetCookie(set, l, cookierules.FromHTTP, now))
			if err == nil && !p.Partitioned {
				topJar.SetCookie(set, l, cookierules.FromHTTP, now)
			}
		}
	}
	inFrame := func() (header, doc string) {
		return labHeader(frameJar, hit, cookierules.RequestOptions{Context: cookierules.ContextCrossSite}, blocked),
			labHeader(frameJar, probe, cookierules.RequestOptions{Script: true, Context: cookierules.ContextCrossSite}, blocked)
	}
	atTop := func() (header, doc string) {
		now := time.Now()
		return topJar.CookieHeaderFor(hit, now, cookierules.RequestOptions{}), topJar.DocumentCookie(probe, now)
	}
	expectFrame := func() string { return joinCookies("lab-chips-part=1", cookiesIf(!blocked, "lab-chips-shared=1")) }
	expectTop := func() string { return cookiesIf(!blocked, "lab-chips-shared=1") }
	const (
		frameServer = "Cookie header the other site received from its iframe in this page"
		frameDoc    = "document.cookie in that iframe"
		topServer   = "Cookie header the other site received from its own top-level window"
		topDoc      = "document.cookie in that window"
		cleared     = "Cookie header the other site received from its iframe after expiring both (Partitioned again for the partitioned one)"
	)

	if why != "" {
		feed(api.LabChipsSetLines)
		h, d := inFrame()
		e.predict("frame-server", frameServer, expectFrame(), h, why)
		e.predict("frame-doc", frameDoc, expectFrame(), d, why)
		h, d = atTop()
		e.predict("top-server", topServer, expectTop(), h, why)
		e.predict("top-doc", topDoc, expectTop(), d, why)
		return nil
	}

	run, err := e.startRun()
	if err != nil {
		return err
	}
	record := func(kind string) (api.LabRecord, error) {
		recs, err := e.waitFor(run, kind)
		return recs[kind], err
	}
	e.say("The other site sets its cookies from an iframe in this page…")
	e.inFrame(run, api.LabTaskChipsSet)
	r, err := record(api.LabKindChipsFrame)
	if err != nil {
		return err
	}
	blocked = r.StorageAccess == "false"
	feed(api.LabChipsSetLines)
	note := verdictNote(verdicts[0]) + " " + recordNote(r) + " " + policyNote(blocked)
	h, d := inFrame()
	e.add(labCheck{ID: "frame-server", Label: frameServer, Mode: labReal, Expected: expectFrame(), Browser: r.Cookie, Engine: h, Note: note, Run: run})
	e.add(labCheck{ID: "frame-doc", Label: frameDoc, Mode: labReal, Expected: expectFrame(), Browser: r.Doc, Engine: d, Run: run})

	e.say("The other site reads its cookies as a top-level page, in the lab's window…")
	if err := e.inWindow(run, api.LabTaskChipsTop); err != nil {
		return err
	}
	if r, err = record(api.LabKindChipsTop); err != nil {
		return err
	}
	h, d = atTop()
	e.add(labCheck{ID: "top-server", Label: topServer, Mode: labReal, Expected: expectTop(), Browser: r.Cookie, Engine: h, Note: recordNote(r), Run: run})
	e.add(labCheck{ID: "top-doc", Label: topDoc, Mode: labReal, Expected: expectTop(), Browser: r.Doc, Engine: d, Run: run})

	if !e.keep {
		e.say("The other site expires its cookies from the iframe…")
		e.inFrame(run, api.LabTaskChipsClear)
		if r, err = record(api.LabKindChipsClear); err != nil {
			return err
		}
		feed(api.LabChipsClearLines)
		h, _ = inFrame()
		e.add(labCheck{ID: "cleared", Label: cleared, Mode: labReal, Expected: "", Browser: r.Cookie, Engine: h, Note: recordNote(r), Run: run})
	}
	e.say("")
	return nil
}

// cleanPartitioned expires the Partitioned experiment's cookies on the
// other site, from an iframe in this page (the partitioned cookie's only
// way back).
func cleanPartitioned(e *labEnv) error {
	return e.clearInFrame(api.LabTaskChipsClear, api.LabKindChipsClear)
}

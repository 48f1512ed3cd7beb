package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labCORSAllow is how the cross-origin fetch experiment's target answers.
type labCORSAllow struct {
	id          string // in the case name
	allow       string // LabCORSPath's ?allow=
	credentials bool   // Access-Control-Allow-Credentials: true
}

var (
	labCORSAllows = []labCORSAllow{
		{"exact-cred", "exact", true}, // the right answer for a credentialed fetch
		{"exact", "exact", false},     // the exact origin, no Allow-Credentials
		{"star-cred", "star", true},   // "*" with Allow-Credentials: never valid with credentials
	}
	labCORSCredentials = []cookierules.Credentials{cookierules.CredentialsOmit, cookierules.CredentialsSameOrigin, cookierules.CredentialsInclude}
)

// labCORSCase names a case: credentials mode and answer.
func labCORSCase(c cookierules.Credentials, a labCORSAllow) string { return string(c) + "-" + a.id }

// corsReadable reports whether the CORS check (Fetch §4.9) lets a page read
// a cross-origin answer: a credentialed ("include") fetch needs its exact
// origin and Allow-Credentials: true; any other needs its origin or "*".
func corsReadable(c cookierules.Credentials, a labCORSAllow) bool {
	if c == cookierules.CredentialsInclude {
		return a.allow == "exact" && a.credentials
	}
	return a.allow == "exact" || a.allow == "star"
}

// labCORS fetches the page's subdomain (same site, another origin) with each
// credentials mode, under three CORS answers: which requests carried the
// cookie, which answers the script could read, which answers' cookies were
// stored.
var labCORS = &labExperiment{
	ID:    "cors",
	Title: "fetch() to another origin: credentials and CORS",
	Why: [2]string{
		`fetch() sends cookies to another origin, and stores the cookies its answer sets, only with credentials: "include"; "omit" never does, and "same-origin" (the default) only for the page's own origin. CORS has no say in that.`,
		`CORS decides whether the script may read the answer: with credentials it needs Access-Control-Allow-Origin naming the page's exact origin (never "*") and Access-Control-Allow-Credentials: true.`,
	},
	Stems: []string{"lab-cors"},
	Clean: func(e *labEnv) []string {
		host := e.page.Hostname()
		cs := []cookierules.Line{{Name: "lab-cors", Path: "/", Domain: host}}
		for _, c := range labCORSCredentials {
			for _, a := range labCORSAllows {
				cs = append(cs, cookierules.Line{Name: api.LabCORSCookie(labCORSCase(c, a)), Path: "/", Domain: host})
			}
		}
		return labDeletions(cs...)
	},
	Run: runCORS,
}

func runCORS(e *labEnv) error {
	if e.sub == "" {
		e.predictCORS()
		return nil
	}
	host := e.page.Hostname()
	if _, err := e.serverSet("lab-cors=1; Path=/; Domain=" + host); err != nil {
		return err
	}
	run, err := e.startRun()
	if err != nil {
		return err
	}
	var sentEngine, readBrowser, readEngine, readExpected, sentExpected, storedExpected []string
	storedExpected = append(storedExpected, "lab-cors=1")
	for _, c := range labCORSCredentials {
		for _, a := range labCORSAllows {
			name := labCORSCase(c, a)
			pair := "lab-cors-case-" + name + "=1"
			e.say("fetch() " + name)
			u, _ := url.Parse(e.sub + api.LabCORSPath)
			u.RawQuery = url.Values{"run": {run}, "case": {name}, "allow": {a.allow}, "credentials": {boolWord(a.credentials)}}.Encode()
			rc := e.fetchContext(u, c)
			if strings.Contains(e.engineHeader(rc), "lab-cors=1") {
				sentEngine = append(sentEngine, pair)
			}
			var rec api.LabRecord
			err := labFetch(e.ctx, u.String(), c, &rec)
			switch {
			case err == nil:
				readBrowser = append(readBrowser, pair)
			case !errors.Is(err, errUnreadable):
				return err
			}
			if corsReadable(c, a) {
				readEngine = append(readEngine, pair)
				readExpected = append(readExpected, pair)
			}
			// The answer's cookie: Domain names this page's host, so the page
			// sees it, and the lab cleans it.
			e.jar.SetCookieIn(rc, api.LabCORSCookie(name)+"=1; Path=/; Domain="+host, cookierules.FromHTTP, time.Now())
			if c == cookierules.CredentialsInclude {
				sentExpected = append(sentExpected, pair)
				storedExpected = append(storedExpected, api.LabCORSCookie(name)+"=1")
			}
		}
	}
	recs, err := e.waitForAll(run, api.LabKindCORS, len(labCORSCredentials)*len(labCORSAllows))
	if err != nil {
		return err
	}
	var sentBrowser []string
	for _, r := range recs {
		if cookieListHas(r.Cookie, "lab-cors=1") {
			sentBrowser = append(sentBrowser, "lab-cors-case-"+r.Case+"=1")
		}
	}
	e.add(labCheck{ID: "sent", Label: "Requests to " + e.sub + " that carried lab-cors=1 (Domain=" + host + "), by credentials mode and answer",
		Mode: labReal, Expected: strings.Join(sentExpected, "; "), Browser: strings.Join(sentBrowser, "; "), Engine: strings.Join(sentEngine, "; "), Run: run})
	e.add(labCheck{ID: "readable", Label: "Answers the script could read (the engine column is the CORS check, Fetch §4.9)",
		Mode: labReal, Expected: strings.Join(readExpected, "; "), Browser: strings.Join(readBrowser, "; "), Engine: strings.Join(readEngine, "; "), Run: run})
	e.checkDoc("stored", "document.cookie afterwards: the cookies the answers set (lab-cors-set-<case>)", strings.Join(storedExpected, "; "))
	return nil
}

// predictCORS shows the experiment from the engine alone, for a page whose
// host has no subdomain at hand.
func (e *labEnv) predictCORS() {
	page, _ := url.Parse("https://www.example.com/lab")
	target, _ := url.Parse("https://api.example.com" + api.LabCORSPath)
	j := cookierules.NewJar()
	now := time.Now()
	j.SetCookie(pathOn(page, api.LabSetPath), "lab-cors=1; Path=/; Domain=example.com", cookierules.FromHTTP, now)
	var sent, expected []string
	for _, c := range labCORSCredentials {
		rc := cookierules.RequestContext{URL: target, TopLevelURL: page, Initiator: page, Kind: cookierules.KindFetch, Credentials: c}
		if strings.Contains(j.CookiesIn(rc, now).CookieHeader, "lab-cors=1") {
			sent = append(sent, "lab-cors-case-"+string(c)+"=1")
		}
		if c == cookierules.CredentialsInclude {
			expected = append(expected, "lab-cors-case-"+string(c)+"=1")
		}
	}
	e.predict("sent", "Requests from https://www.example.com to https://api.example.com that carry lab-cors=1 (Domain=example.com), by credentials mode",
		strings.Join(expected, "; "), strings.Join(sent, "; "),
		"This page's host has no subdomain the lab can reach (an IP address, localhost, or a deployment without wildcard DNS), so the engine shows it.")
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// waitForAll polls the run until it has recorded n requests of kind, and
// returns them.
func (e *labEnv) waitForAll(run, kind string, n int) ([]api.LabRecord, error) {
	deadline := time.Now().Add(labWait)
	for {
		var resp api.LabResultResponse
		if err := callAPI(e.ctx, http.MethodGet, api.LabResultPath, url.Values{"run": {run}}, nil, &resp); err != nil {
			return nil, err
		}
		var got []api.LabRecord
		for _, r := range resp.Records {
			if r.Kind == kind {
				got = append(got, r)
			}
		}
		if len(got) >= n || time.Now().After(deadline) {
			return got, nil
		}
		time.Sleep(150 * time.Millisecond)
	}
}

package ui

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// How a lab check was made (data-mode).
const (
	// labReal: the browser did it, and the engine predicted it.
	labReal = "real"
	// labPredicted: this page's origin cannot show it, so only the engine
	// says what a browser would do.
	labPredicted = "predicted"
)

// labCheck is one observation of an experiment: what the explanation says
// should be seen, what the browser showed and what the engine predicted.
// Cookie lists hold the experiment's cookies as "name=value" pairs joined
// by "; ", sorted unless the order is the point; "" means none.
type labCheck struct {
	ID       string
	Label    string
	Mode     string
	Expected string
	Browser  string // empty in predicted mode
	Engine   string
	Note     string
	Run      string // the cross-site run that recorded it, if any
	Pair     string // for a line's check: the "name=value" it sets
}

// explained reports whether the check behaved as explained: the browser
// showed what the explanation says (in predicted mode, the engine did).
func (c labCheck) explained() bool {
	if c.Mode == labPredicted {
		return c.Engine == c.Expected
	}
	return c.Browser == c.Expected
}

// agrees reports whether the engine predicted what the browser did (in
// predicted mode, what the explanation says).
func (c labCheck) agrees() bool {
	if c.Mode == labPredicted {
		return c.Engine == c.Expected
	}
	return c.Engine == c.Browser
}

// labEnv is what an experiment runs with: this page's origin, the browser
// (document.cookie and the lab routes) and a rules engine jar fed the same
// lines, so every observation has its prediction. An experiment runs in a
// goroutine of its own and may block.
type labEnv struct {
	ctx     app.Context
	exp     string    // the experiment's id
	page    *url.URL  // this page, without query
	other   string    // the other site's origin, or ""
	sub     string    // the origin of a subdomain of this page's host, or ""
	plain   string    // this https page's host over plain http, or ""
	secure  bool      // whether the engine deems this origin secure
	keep    bool      // leave the cookies in place afterwards
	stems   []string  // the experiment's cookie names start with one of these
	ordered bool      // cookie lists keep their order
	window  app.Value // the lab's window on the other site, or nil
	jar     *cookierules.Jar
	checks  []labCheck
	frames  []app.Value
	say     func(string)
}

// whyPredicted says why an experiment on site (the other site, or the
// plain-http one) is shown by the engine rather than run, or "" when it
// runs: the lab has no such site (noSite says what the engine shows
// instead), or the browser blocked the lab's window there (caveat, if
// any, says for which browser the engine shows it).
func (e *labEnv) whyPredicted(site, noSite, caveat string) string {
	switch {
	case site == "":
		return noSite
	case !labWindowOpen(e.window):
		return "The browser blocked the lab's window on " + site + ": allow pop-ups for this site to run it for real. The engine shows it" + caveat + "."
	}
	return ""
}

// noOtherSite begins the reason an experiment is predicted where the lab
// has no other site.
func (e *labEnv) noOtherSite() string {
	return "This page is on " + e.page.Host + ", and the lab has no other site here (see -other-site)"
}

// pageURL returns the URL of path on this page's origin.
func (e *labEnv) pageURL(path string) *url.URL {
	return &url.URL{Scheme: e.page.Scheme, Host: e.page.Host, Path: path}
}

// cookies returns the experiment's cookies of a Cookie header or
// document.cookie string in canonical form.
func (e *labEnv) cookies(s string) string {
	var out []string
	for _, p := range api.ParseCookieString(s) {
		bare := api.StripCookiePrefix(p.Name)
		if slices.ContainsFunc(e.stems, func(stem string) bool { return strings.HasPrefix(bare, stem) }) {
			out = append(out, p.Name+"="+p.Value)
		}
	}
	if !e.ordered {
		slices.Sort(out)
	}
	return strings.Join(out, "; ")
}

// serverSet has the server send lines as Set-Cookie headers (POST
// /lab/set), and gives the engine the same lines, from the same URL.
func (e *labEnv) serverSet(lines ...string) ([]cookierules.Verdict, error) {
	var resp api.LabSetResponse
	if err := callAPI(e.ctx, http.MethodPost, api.LabSetPath, nil, api.LabSetRequest{Lines: lines}, &resp); err != nil {
		return nil, fmt.Errorf("POST %s: %w", api.LabSetPath, err)
	}
	return e.engineSet(e.pageURL(api.LabSetPath), cookierules.FromHTTP, lines...), nil
}

// engineSet gives the engine lines received from u now.
func (e *labEnv) engineSet(u *url.URL, src cookierules.Source, lines ...string) []cookierules.Verdict {
	now := time.Now()
	vs := make([]cookierules.Verdict, len(lines))
	for i, l := range lines {
		vs[i] = e.jar.SetCookie(u, l, src, now)
	}
	return vs
}

// scriptSet writes line to document.cookie, and gives it to the engine as a
// write by script on this page.
func (e *labEnv) scriptSet(line string) cookierules.Verdict {
	writeDocumentCookie(line)
	return e.engineSet(e.page, cookierules.FromScript, line)[0]
}

// echo returns the experiment's cookies a request for path carried, as the
// server received them. The request names the observation, ?check=
// <experiment>/<check>, for whoever reads the server's log.
func (e *labEnv) echo(path, check string) (string, error) {
	q := url.Values{"check": {e.exp + "/" + check}}
	if path == api.CookiesPath {
		var resp api.CookiesResponse
		if err := callAPI(e.ctx, http.MethodGet, path, q, nil, &resp); err != nil {
			return "", fmt.Errorf("GET %s: %w", path, err)
		}
		return e.cookies(resp.Header), nil
	}
	var resp api.LabEchoResponse
	if err := callAPI(e.ctx, http.MethodGet, path, q, nil, &resp); err != nil {
		return "", fmt.Errorf("GET %s: %w", path, err)
	}
	return e.cookies(resp.Cookie), nil
}

// add records a check, its cookie lists made canonical.
func (e *labEnv) add(c labCheck) {
	c.Expected = e.cookies(c.Expected)
	if c.Mode == labReal && !strings.HasPrefix(c.Browser, labErrorPrefix) {
		c.Browser = e.cookies(c.Browser)
	}
	c.Engine = e.cookies(c.Engine)
	e.checks = append(e.checks, c)
}

// labErrorPrefix starts a browser value that is an error, not cookies.
const labErrorPrefix = "error: "

// checkDoc compares document.cookie on this page with the engine's; notes,
// if any, say more about what the check shows.
func (e *labEnv) checkDoc(id, label, expected string, notes ...string) {
	browser := readDocumentCookie()
	engine := e.jar.DocumentCookie(e.page, time.Now())
	e.add(labCheck{ID: id, Label: label, Mode: labReal, Expected: expected, Browser: browser, Engine: engine, Note: strings.Join(notes, " ")})
}

// checkEcho compares what a request for path carried with the engine's
// Cookie header for it; notes, if any, say more about what it shows.
func (e *labEnv) checkEcho(id, label, path, expected string, notes ...string) {
	browser, err := e.echo(path, id)
	if err != nil {
		browser = labErrorPrefix + err.Error()
	}
	engine := e.jar.CookieHeaderFor(e.pageURL(path), time.Now(), cookierules.RequestOptions{})
	e.add(labCheck{ID: id, Label: label, Mode: labReal, Expected: expected, Browser: browser, Engine: engine, Note: strings.Join(notes, " ")})
}

// predict records what only the engine can say here, and why.
func (e *labEnv) predict(id, label, expected, engine, why string) {
	e.add(labCheck{ID: id, Label: label, Mode: labPredicted, Expected: expected, Engine: engine, Note: why})
}

// fail records an experiment that could not finish.
func (e *labEnv) fail(id string, err error) {
	e.checks = append(e.checks, labCheck{ID: id, Label: "The experiment could not finish", Mode: labReal,
		Expected: "no error", Browser: labErrorPrefix + err.Error(), Engine: "no error"})
}

// verdictNote says in a few words what the engine made of a line.
func verdictNote(v cookierules.Verdict) string {
	if v.Stored {
		return "Engine: stored (" + v.Rule + ")."
	}
	return "Engine: " + v.Reason + " (" + v.Rule + "): " + v.Explanation
}

// countdown waits d, saying every quarter second how long is left.
func (e *labEnv) countdown(d time.Duration, say func(left time.Duration) string) {
	end := time.Now().Add(d)
	for left := time.Until(end); left > 0; left = time.Until(end) {
		e.say(say(left))
		time.Sleep(min(left, 250*time.Millisecond))
	}
	e.say(say(0))
}

// Cross-site runs.

// labWait bounds how long the lab waits for a cross-site run's requests.
const labWait = 20 * time.Second

var errNoWindow = errors.New("the lab's window on the other site is closed")

// startRun starts a cross-site run on the server.
func (e *labEnv) startRun() (string, error) {
	var resp api.LabRunResponse
	if err := callAPI(e.ctx, http.MethodPost, api.LabRunPath, nil, struct{}{}, &resp); err != nil {
		return "", fmt.Errorf("POST %s: %w", api.LabRunPath, err)
	}
	return resp.Run, nil
}

// probeURL returns the other site's probe page for a task of a run.
func (e *labEnv) probeURL(run, task string) string {
	return e.probeAt(e.other, run, task)
}

// probeAt returns the probe page on origin for a task of a run.
func (e *labEnv) probeAt(origin, run, task string) string {
	site := e.page.Scheme + "://" + e.page.Host
	return origin + api.LabProbePath + "?" + url.Values{"run": {run}, "task": {task}, "site": {site}}.Encode()
}

// inWindow shows the other site's probe for a task in the lab's window.
func (e *labEnv) inWindow(run, task string) error {
	return e.inWindowAt(e.other, run, task)
}

// inWindowAt shows the probe on origin for a task in the lab's window.
func (e *labEnv) inWindowAt(origin, run, task string) error {
	if !labWindowOpen(e.window) {
		return errNoWindow
	}
	e.window.Get("location").Set("href", e.probeAt(origin, run, task))
	return nil
}

// clearInFrame has an iframe of the other site in this page do task, which
// expires an experiment's cookies there, and waits for its record of kind
// done; without another site there is nothing to clear.
func (e *labEnv) clearInFrame(task, done string) error {
	if e.other == "" || !app.IsClient {
		return nil
	}
	defer e.removeFrames()
	run, err := e.startRun()
	if err != nil {
		return err
	}
	e.inFrame(run, task)
	_, err = e.waitFor(run, done)
	return err
}

// inFrame shows the probe for a task in an iframe of this page, removed
// when the experiment ends.
func (e *labEnv) inFrame(run, task string) {
	doc := app.Window().Get("document")
	f := doc.Call("createElement", "iframe")
	f.Set("className", "lab-frame")
	f.Call("setAttribute", "title", "The other site, framed by the lab")
	f.Set("src", e.probeURL(run, task))
	doc.Get("body").Call("append", f)
	e.frames = append(e.frames, f)
}

// removeFrames removes the experiment's iframes.
func (e *labEnv) removeFrames() {
	for _, f := range e.frames {
		f.Call("remove")
	}
	e.frames = nil
}

// waitFor polls the run until it has recorded a request of each kind, and
// returns the last of each.
func (e *labEnv) waitFor(run string, kinds ...string) (map[string]api.LabRecord, error) {
	deadline := time.Now().Add(labWait)
	for {
		var resp api.LabResultResponse
		err := callAPI(e.ctx, http.MethodGet, api.LabResultPath, url.Values{"run": {run}}, nil, &resp)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", api.LabResultPath, err)
		}
		got := map[string]api.LabRecord{}
		for _, r := range resp.Records {
			got[r.Kind] = r
		}
		var missing []string
		for _, k := range kinds {
			if _, ok := got[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			return got, nil
		}
		if time.Now().After(deadline) {
			return got, fmt.Errorf("no %s request reached the server within %s", strings.Join(missing, ", "), labWait)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// recordNote describes how the browser labelled a recorded request.
func recordNote(r api.LabRecord) string {
	return fmt.Sprintf("%s to %s; Sec-Fetch-Site: %s, Sec-Fetch-Mode: %s, Sec-Fetch-Dest: %s.",
		r.Method, r.Host, orNone(r.SecFetchSite), orNone(r.SecFetchMode), orNone(r.SecFetchDest))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// labOpenWindow opens the lab's window, empty, for experiments on the other
// site or on this page's host over plain http. It must run while the click
// that asked for it still counts as a user's gesture, or the browser blocks
// it; it returns nil if the browser did, or if there is neither site.
//
// The window opens on about:blank, which is there at once, and each task
// then navigates it once (inWindowAt). Opened on the probe's URL, it would
// still be loading that when the first task navigated it, and Chromium now
// and then let the first navigation win: the task never ran.
func labOpenWindow(other, plain string) app.Value {
	if !app.IsClient || cmp.Or(other, plain) == "" {
		return nil
	}
	w := app.Window().Call("open", "", "cookie-lab-probe", "popup,width=560,height=420")
	if !w.Truthy() {
		return nil
	}
	return w
}

// labWindowOpen reports whether the lab's window is still open.
func labWindowOpen(w app.Value) bool {
	return w != nil && w.Truthy() && !w.Get("closed").Bool()
}

// labCloseWindow closes the lab's window, if open.
func labCloseWindow(w app.Value) {
	if labWindowOpen(w) {
		w.Call("close")
	}
}

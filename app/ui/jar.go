package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookieio"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Actions the jar's parts send each other.
const (
	// actionRefresh asks the jar to read both views again. Its value, if
	// any, is a message for the jar's notice, or a sentLine.
	actionRefresh = "jar/refresh"
	// actionEdit carries a cookieRow to load into both forms.
	actionEdit = "jar/edit"
)

// sentLine is a Set-Cookie line the server sent for this page: the jar
// learns from it when a cookie it cannot read expires.
type sentLine string

// loadStatus is where reading the server's view stands.
type loadStatus int

const (
	neverLoaded loadStatus = iota
	loading
	loadFailed
	loaded
)

func (s loadStatus) String() string {
	return [...]string{"never", "loading", "failed", "loaded"}[s]
}

// pollEvery is how often the jar looks at document.cookie and at the
// expiry times it knows, for changes no event reports.
const pollEvery = time.Second

// serverPollEvery is how often a visible jar asks the server again: no
// event reports a change to a cookie scripts cannot see (HttpOnly).
const serverPollEvery = 5 * time.Second

// valueCut is how many bytes of a long value a row shows before "Show all".
const valueCut = 64

// jar is the "/jar" page, the cookie manager: every cookie known to
// document.cookie or to the server, side by side, with their attributes,
// live, with forms to change them, import and export.
type jar struct {
	app.Compo

	rows      []cookieRow
	attrs     bool
	scriptRaw string
	server    api.CookiesResponse
	status    loadStatus
	loadErr   string
	notice    string
	refreshes int
	offline   bool

	again     bool      // a change arrived while loading: read again
	early     bool      // the first render showed web/boot.js's reading
	pending   app.Value // boot.js's reading, not yet complete at the first render
	lastRead  time.Time
	by        string
	byUntil   time.Time
	serverExp map[string]time.Time // expiry of cookies the server set for this page, by name
	timeline  []cookieChange
	stopWatch func()
	stopHooks func()

	filter       string
	problemsOnly bool
	expanded     map[string]bool
	decoded      map[string]bool
}

func newJar() *jar {
	return &jar{serverExp: map[string]time.Time{}, expanded: map[string]bool{}, decoded: map[string]bool{}}
}

// OnInit shows, in the jar's first render, the reading web/boot.js made
// while the wasm loaded, when it is still current.
func (j *jar) OnInit() {
	early := takeEarlyReading()
	if early == nil {
		return
	}
	if r, ok := currentReading(early); ok {
		j.show(r, nil)
		j.early = true
		return
	}
	j.pending = early
}

func (j *jar) OnMount(ctx app.Context) {
	if j.early {
		markPerformance(MarkJarLoaded)
	}
	// When the server is back, show what it receives again.
	ctx.ObserveState(stateOffline, &j.offline).OnChange(func() {
		if !j.offline {
			j.refresh(ctx)
		}
	})
	ctx.Handle(actionRefresh, func(ctx app.Context, a app.Action) {
		switch v := a.Value.(type) {
		case string:
			j.notice = v
		case sentLine:
			j.learnExpiry(string(v))
		}
		j.actedBy("this page")
		j.refresh(ctx)
	})
	j.stopWatch = watchCookieStore(ctx, func(ctx app.Context) { j.refresh(ctx) })
	j.stopHooks = keepEmptyHooks()
	ctx.After(pollEvery, j.poll)
}

func (j *jar) OnNav(ctx app.Context) {
	if app.IsClient && !j.early { // OnNav also runs while pre-rendering
		j.refresh(ctx)
	}
	j.early = false
}

func (j *jar) OnDismount() {
	if j.stopWatch != nil {
		j.stopWatch()
		j.stopHooks()
	}
}

// poll reads the jar again when document.cookie changed or a known expiry
// has passed: the CookieStore API reports neither expiries nor, where it
// is missing, anything.
func (j *jar) poll(ctx app.Context) {
	if !j.Mounted() {
		return
	}
	now := time.Now()
	due := readDocumentCookie() != j.scriptRaw
	for _, r := range j.rows {
		due = due || (!r.Expires.IsZero() && !r.Expires.After(now))
	}
	for name, exp := range j.serverExp {
		if !exp.After(now) {
			delete(j.serverExp, name)
			due = true
		}
	}
	visible := app.Window().Get("document").Get("visibilityState").String() == "visible"
	due = due || (visible && !j.offline && now.Sub(j.lastRead) >= serverPollEvery)
	if due && j.status != loading {
		j.refresh(ctx)
	}
	ctx.After(pollEvery, j.poll)
}

// actedBy notes who causes the changes the next reading shows.
func (j *jar) actedBy(who string) {
	j.by, j.byUntil = who, time.Now().Add(5*time.Second)
}

// learnExpiry records when a cookie the server set expires.
func (j *jar) learnExpiry(line string) {
	p, err := cookierules.Parse(line)
	if err != nil {
		return
	}
	now := time.Now()
	switch {
	case p.HasMaxAge && p.MaxAge > 0:
		j.serverExp[p.Name] = now.Add(time.Duration(p.MaxAge) * time.Second)
	case p.HasExpires && !p.HasMaxAge && p.Expires.After(now):
		j.serverExp[p.Name] = p.Expires
	}
}

// pageURL is the page's own URL, which the rules engine judges cookies for.
func pageURL() *url.URL {
	if !app.IsClient {
		return &url.URL{Scheme: "http", Host: "localhost", Path: "/jar"}
	}
	return app.Window().URL()
}

// refresh reads both views, as one moment: the cookies scripts see (with
// their attributes from the CookieStore API) and what the server receives.
func (j *jar) refresh(ctx app.Context) {
	if j.status == loading {
		j.again = true
		return
	}
	j.status, j.again = loading, false
	pending := j.pending
	j.pending = nil
	ctx.Async(func() {
		r, ok := jarReading{}, false
		if pending != nil {
			r, ok = awaitReading(pending)
		}
		var err error
		if !ok {
			r.at = time.Now()
			err = callAPI(ctx, http.MethodGet, api.CookiesPath, nil, nil, &r.server)
			r.script, r.attrs = readScriptCookies()
		}
		ctx.Dispatch(func(ctx app.Context) {
			j.show(r, err)
			if err == nil {
				markPerformance(MarkJarLoaded)
			}
			if j.again {
				j.refresh(ctx)
			}
		})
	})
}

// show takes in a reading of both views, or why the server's could not be
// read, and records what changed since the last one.
func (j *jar) show(r jarReading, err error) {
	j.scriptRaw = readDocumentCookie()
	j.lastRead = r.at
	j.refreshes++
	if err != nil {
		j.status, j.loadErr = loadFailed, err.Error()
	} else {
		j.status, j.loadErr, j.server = loaded, "", r.server
	}
	rows := mergeViews(r.script, r.attrs, j.server.Cookies, pageURL().Hostname())
	if j.refreshes > 1 {
		j.record(diffRows(j.rows, rows))
	}
	j.rows, j.attrs = rows, r.attrs
}

// record adds changes to the timeline, newest first.
func (j *jar) record(changes []cookieChange) {
	now := time.Now()
	for _, c := range changes {
		c.At = now
		switch {
		case c.Kind == changeDeleted && j.expiredBefore(c.Name, now):
			c.By = "it expired"
		case now.Before(j.byUntil):
			c.By = j.by
		default:
			c.By = "another tab, a response or a script"
		}
		j.timeline = append([]cookieChange{c}, j.timeline...)
	}
	if len(j.timeline) > timelineLength {
		j.timeline = j.timeline[:timelineLength]
	}
}

// expiredBefore reports whether a cookie of that name was known to expire
// by now.
func (j *jar) expiredBefore(name string, now time.Time) bool {
	for _, r := range j.rows {
		if r.Name == name && !r.Expires.IsZero() && !r.Expires.After(now) {
			return true
		}
	}
	return false
}

func (j *jar) Render() app.UI {
	page := pageURL()
	problems := rowProblems(j.rows, page, time.Now())
	var shown []int
	for i, r := range j.rows {
		if j.matches(r, problems[i]) {
			shown = append(shown, i)
		}
	}
	live := "polling"
	if hasCookieStore() {
		live = "cookiestore"
	}
	return newShell().Active("/jar").Content(
		app.Link().Rel("stylesheet").Href("/web/jar.css"),
		app.H1().Text("Cookie jar"),
		app.P().Class("lead").Text("Every cookie this page knows of, kept up to date as cookies change. Script sees: the CookieStore API and document.cookie, read by Go compiled to WebAssembly. Server received: the Cookie header of a request to /api/cookies."),
		app.Section().ID("jar").
			DataSet("status", j.status.String()).
			DataSet("refreshes", strconv.Itoa(j.refreshes)).
			DataSet("live", live).
			Body(
				app.Div().Class("toolbar").Body(
					app.Button().ID("refresh").Text("Refresh").OnClick(func(ctx app.Context, e app.Event) {
						j.notice = ""
						j.actedBy("seen on Refresh")
						j.refresh(ctx)
					}),
					app.Label().For("filter").Class("filter-label").Text("Filter"),
					app.Input().Type("search").ID("filter").Value(j.filter).Placeholder("name, value or domain").
						AutoComplete(false).OnInput(j.ValueTo(&j.filter)),
					app.Label().Class("check").Body(
						app.Input().Type("checkbox").ID("problems-only").Checked(j.problemsOnly).OnChange(func(ctx app.Context, e app.Event) {
							j.problemsOnly = ctx.JSSrc().Get("checked").Bool()
						}),
						app.Text(" Only cookies with a problem"),
					),
					app.If(j.status == loadFailed, func() app.UI {
						return app.Span().ID("load-error").Class("error").Attr("role", "alert").Text("Server view unavailable: " + j.loadErr)
					}),
				),
				app.P().ID("notice").Class("notice").Attr("role", "status").Text(j.notice),
				j.renderSizes(),
				j.renderTable(shown, problems),
				renderTimeline(j.timeline),
				app.Details().Body(
					app.Summary().Text("Raw values"),
					app.P().Body(app.Strong().Text("document.cookie: "), app.Code().ID("raw-script").Text(j.scriptRaw)),
					app.P().Body(app.Strong().Text("Cookie header: "), app.Code().ID("raw-header").Text(j.server.Header)),
				),
			),
		app.Div().Class("forms").Body(
			newScriptForm(),
			newServerForm(),
		),
		app.Div().Class("forms").Body(
			newCookieImport().Rows(j.rows),
			newCookieExport().Rows(j.rows),
		),
		newTamperLab(),
	)
}

// matches reports whether a row passes the filter and the problem toggle.
func (j *jar) matches(r cookieRow, problems []string) bool {
	if j.problemsOnly && len(problems) == 0 {
		return false
	}
	f := strings.ToLower(strings.TrimSpace(j.filter))
	if f == "" {
		return true
	}
	for _, s := range []string{r.Name, r.ScriptValue, r.ServerValue, r.Domain} {
		if strings.Contains(strings.ToLower(s), f) {
			return true
		}
	}
	return false
}

// renderSizes shows the Cookie header's size against common servers'
// limits.
func (j *jar) renderSizes() app.UI {
	n := len(j.server.Header)
	over := ""
	for _, l := range cookieio.ServerLimits {
		if n > l.Bytes {
			over += " Over " + l.Server + "'s " + strconv.Itoa(l.Bytes) + "."
		}
	}
	return app.Details().ID("header-size").DataSet("bytes", strconv.Itoa(n)).Body(
		app.Summary().Text("Cookie header: "+strconv.Itoa(n)+" bytes; each cookie may hold "+strconv.Itoa(cookierules.MaxNameValueSize)+" bytes of name and value."+over),
		app.Ul().Body(app.Range(cookieio.ServerLimits).Slice(func(i int) app.UI {
			l := cookieio.ServerLimits[i]
			return app.Li().Body(
				app.Text(l.Server+": "+strconv.Itoa(l.Bytes)+" bytes, "+l.What+" — "),
				app.A().Href(l.Source).Text("source"),
			)
		})),
	)
}

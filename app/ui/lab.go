package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// Where an experiment stands (data-status).
const (
	labIdle    = "idle"
	labRunning = "running"
	labDone    = "done"
)

// labOutcome is the last run of an experiment.
type labOutcome struct {
	status   string
	checks   []labCheck
	progress string
}

// explained reports whether every check behaved as explained.
func (o *labOutcome) explained() bool {
	return len(o.checks) > 0 && !slices.ContainsFunc(o.checks, func(c labCheck) bool { return !c.explained() })
}

// agrees reports whether the engine predicted every check.
func (o *labOutcome) agrees() bool {
	return len(o.checks) > 0 && !slices.ContainsFunc(o.checks, func(c labCheck) bool { return !c.agrees() })
}

// mode is labReal when every check ran in the browser, labPredicted when
// this origin left at least one to the engine.
func (o *labOutcome) mode() string {
	for _, c := range o.checks {
		if c.Mode == labPredicted {
			return labPredicted
		}
	}
	return labReal
}

// lab is the "/lab" page, the flags lab: one experiment per cookie
// behaviour, each run for real in this browser and compared with the rules
// engine's prediction.
type lab struct {
	app.Compo

	page   *url.URL // this page, known on the client only
	other  string   // the other site's origin, or ""
	secure bool

	keep     bool
	running  bool
	outcomes map[string]*labOutcome
	summary  string // after Run all
	passed   int
	window   app.Value // the lab's window on the other site, while running
	// sitesKnown: the server said which other site the lab has, if any,
	// and which subdomain of this page's host (sub).
	sitesKnown bool
	sub        string
	plain      string // this https page's host over plain http, or ""
}

func newLab() *lab { return &lab{outcomes: map[string]*labOutcome{}} }

// OnNav reads where the page is, and asks the server for the lab's other
// site: the server alone knows how it is deployed (-other-site). Not while
// pre-rendering: the origin is request data, which stays out of the
// pre-rendered page.
func (l *lab) OnNav(ctx app.Context) {
	if !app.IsClient {
		return
	}
	u := app.Window().URL()
	l.page = &url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	l.secure = cookierules.IsSecureOrigin(l.page)
	ctx.Async(func() {
		var resp api.LabSitesResponse
		err := callAPI(ctx, http.MethodGet, api.LabSitesPath, nil, nil, &resp)
		ctx.Dispatch(func(ctx app.Context) {
			// Without an answer (offline) the lab runs without a second site.
			l.other, l.sub, l.plain, l.sitesKnown = "", "", "", true
			if err == nil {
				l.other, l.sub, l.plain = resp.Other, resp.Sub, resp.Plain
			}
		})
	})
}

// OnDismount closes the lab's window if the user leaves mid-run.
func (l *lab) OnDismount() {
	labCloseWindow(l.window)
}

// env returns the environment experiments run in.
func (l *lab) env(ctx app.Context) labEnv {
	return labEnv{ctx: ctx, page: l.page, other: l.other, sub: l.sub, plain: l.plain, secure: l.secure, keep: l.keep, window: l.window}
}

// onRunAll runs every experiment in order, then shows the summary.
func (l *lab) onRunAll(ctx app.Context, e app.Event) {
	if l.running || l.page == nil || !l.sitesKnown {
		return
	}
	l.start(ctx, labExperiments, true)
}

// onRun runs one experiment.
func (l *lab) onRun(x *labExperiment) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if l.running || l.page == nil || !l.sitesKnown {
			return
		}
		l.start(ctx, []*labExperiment{x}, false)
	}
}

// start runs xs one after the other in the background. The lab's window
// opens now, while the click counts as the user's gesture, if any of them
// needs it.
func (l *lab) start(ctx app.Context, xs []*labExperiment, all bool) {
	l.running = true
	l.summary, l.passed = "", 0
	for _, x := range xs {
		l.outcomes[x.ID] = &labOutcome{status: labIdle}
		if (x.Window || x.PlainWindow && l.plain != "") && l.window == nil {
			l.window = labOpenWindow(l.other, l.plain)
		}
	}
	base := l.env(ctx)
	ctx.Async(func() {
		passed := 0
		for _, x := range xs {
			ctx.Dispatch(func(ctx app.Context) { l.outcomes[x.ID] = &labOutcome{status: labRunning} })
			say := func(s string) {
				ctx.Dispatch(func(ctx app.Context) { l.outcomes[x.ID].progress = s })
			}
			out := runLabExperiment(x, base, say)
			if out.explained() {
				passed++
			}
			ctx.Dispatch(func(ctx app.Context) { l.outcomes[x.ID] = out })
		}
		ctx.Dispatch(func(ctx app.Context) {
			labCloseWindow(l.window)
			l.window = nil
			l.running = false
			if all {
				l.passed = passed
				l.summary = strconv.Itoa(passed) + " of " + strconv.Itoa(len(xs)) + " behaved as explained"
			}
		})
	})
}

// runLabExperiment runs x in a fresh environment: it expires the
// experiment's cookies, runs it, and expires them again unless the user
// keeps them. It blocks.
func runLabExperiment(x *labExperiment, base labEnv, say func(string)) *labOutcome {
	e := base
	e.exp, e.stems, e.ordered, e.say = x.ID, x.Stems, x.Ordered, say
	e.jar = cookierules.NewJar()
	clean := func() error {
		if lines := x.Clean(&e); len(lines) > 0 {
			var resp api.LabSetResponse
			if err := callAPI(e.ctx, http.MethodPost, api.LabSetPath, nil, api.LabSetRequest{Lines: lines}, &resp); err != nil {
				return err
			}
		}
		if x.CleanOther != nil {
			return x.CleanOther(&e)
		}
		return nil
	}
	if err := clean(); err != nil {
		e.fail("clean-before", err)
		return &labOutcome{status: labDone, checks: e.checks}
	}
	if err := x.Run(&e); err != nil {
		e.fail("run", err)
	}
	e.removeFrames()
	if !e.keep {
		if err := clean(); err != nil {
			e.fail("clean-after", err)
		}
	}
	say("")
	return &labOutcome{status: labDone, checks: e.checks}
}

func (l *lab) Render() app.UI {
	return newShell().Active("/lab").Content(
		app.Link().Rel("stylesheet").Href("/web/lab.css"),
		app.H1().Text("Flags lab"),
		app.P().Class("lead").Text("One experiment per cookie behaviour. Each runs in this browser, shows what document.cookie and the server saw, and compares it with what the rules engine (RFC 6265bis, running in this page) predicts. Where this page's origin cannot show a behaviour, the engine shows it alone, marked predicted."),
		app.Section().ID("lab").DataSet("running", l.running).DataSet("sites", labSitesState(l.sitesKnown)).Body(
			app.Div().Class("toolbar").Body(
				app.Button().ID("run-all").Text("Run all").Disabled(l.running || !l.sitesKnown).OnClick(l.onRunAll),
				app.Label().Class("lab-keep").Body(
					app.Input().Type("checkbox").ID("lab-keep").Checked(l.keep).OnChange(func(ctx app.Context, e app.Event) {
						l.keep = ctx.JSSrc().Get("checked").Bool()
					}),
					app.Text(" Keep the cookies afterwards, to look at them in the jar or DevTools"),
				),
				// The status container is always there, so the summary
				// appearing in it is announced.
				app.Div().ID("lab-summary-status").Attr("role", "status").Body(
					app.If(l.summary != "", func() app.UI {
						return app.P().ID("lab-summary").Class("result").
							DataSet("passed", l.passed).DataSet("total", len(labExperiments)).Text(l.summary)
					}),
				),
			),
			app.P().ID("lab-origin").Class("hint").Text(l.originText()),
			labContents(),
			app.Range(labExperiments).Slice(func(i int) app.UI { return l.renderExperiment(i, labExperiments[i]) }),
		),
	)
}

// originText says where the page is and what that allows.
func (l *lab) originText() string {
	if l.page == nil || !l.sitesKnown {
		return "The experiments run once the page has loaded."
	}
	s := "This page is on " + l.page.Scheme + "://" + l.page.Host + ", "
	if l.secure {
		s += "a secure origin for cookies. "
	} else {
		s += "a plain-http origin, not secure for cookies. "
	}
	if l.plain != "" {
		s += "Its host over plain http, " + l.plain + ", shows the Secure experiment what plain http does, in the lab's window. "
	}
	if l.other != "" {
		return s + "The other site is " + l.other + ": the cross-site experiments open it in a small window and close it when done."
	}
	return s + "The lab has no second site for this origin (the server names one with -other-site; by default localhost and 127.0.0.1 are each other's), so the cross-site experiments are predicted here."
}

// labSitesState is the lab's data-sites hook: "loaded" once the server
// said which other site the lab has, and the experiments may run.
func labSitesState(known bool) string {
	if known {
		return "loaded"
	}
	return "loading"
}

func (l *lab) renderExperiment(i int, x *labExperiment) app.UI {
	out := l.outcomes[x.ID]
	status := labIdle
	if out != nil {
		status = out.status
	}
	article := app.Article().ID(labAnchor(x)).Class("card lab-experiment").DataSet("experiment", x.ID).DataSet("status", status).
		DataSet("stems", strings.Join(x.Stems, " ")).Aria("labelledby", labAnchor(x)+"-title").Attr("tabindex", "-1")
	verdict := ""
	if out != nil && out.status == labDone {
		article = article.DataSet("explained", out.explained()).DataSet("agrees", out.agrees()).DataSet("mode", out.mode())
		verdict = "Behaved as explained"
		if !out.explained() {
			verdict = "Did not behave as explained"
		}
		if out.agrees() {
			verdict += ", and the engine agrees."
		} else {
			verdict += ", and the engine differs: see the rows marked ✗."
		}
		if out.mode() == labPredicted {
			verdict += " Partly predicted: this origin cannot show every part."
		}
	}
	progress := ""
	if out != nil {
		progress = out.progress
	}
	return article.Body(
		app.H2().ID(labAnchor(x)+"-title").Text(strconv.Itoa(i+1)+". "+x.Title),
		app.P().Class("lab-why").Body(
			app.Span().Text(x.Why[0]),
			app.Span().Text(x.Why[1]),
		),
		app.Div().Class("buttons").Body(
			// Its name says which experiment it runs: twelve "Run"s
			// read alike in a list of buttons.
			app.Button().ID("lab-run-"+x.ID).Class("secondary").Text("Run").Disabled(l.running || !l.sitesKnown).
				Aria("label", "Run experiment "+strconv.Itoa(i+1)+": "+x.Title).
				OnClick(l.onRun(x), app.EventScope(x.ID)),
			app.Span().Class("lab-progress").Attr("aria-live", "polite").Text(progress),
		),
		app.Div().Class("lab-results").Body(
			app.If(out != nil && out.status == labDone, func() app.UI {
				return app.Div().Body(
					app.P().Class("lab-verdict").Text(verdict),
					l.renderChecks(out.checks),
				)
			}),
		),
	)
}

func (l *lab) renderChecks(checks []labCheck) app.UI {
	return app.Table().Class("cookies lab-checks").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text("Observed"),
			app.Th().Text("As explained"),
			app.Th().Text("Browser"),
			app.Th().Text("Engine"),
			app.Th().Text("As explained?"),
			app.Th().Text("Engine agrees?"),
		)),
		app.TBody().Body(
			app.Range(checks).Slice(func(i int) app.UI {
				c := checks[i]
				browser := app.UI(app.Code().Text(labShow(c.Browser)))
				if c.Mode == labPredicted {
					browser = app.Em().Class("absent").Text("not shown here: predicted")
				}
				class := "agree"
				if !c.explained() || !c.agrees() {
					class = "disagree"
				}
				row := app.Tr().Class(class).DataSet("check", c.ID).DataSet("mode", c.Mode).
					DataSet("explained", c.explained()).DataSet("agrees", c.agrees()).
					DataSet("expected", c.Expected).DataSet("browser", c.Browser).DataSet("engine", c.Engine)
				if c.Run != "" {
					row = row.DataSet("run", c.Run)
				}
				if c.Pair != "" {
					row = row.DataSet("pair", c.Pair)
				}
				// On a phone the three values stack; when they are one
				// value, it is shown once (see lab.css).
				same := c.Mode != labPredicted && c.Expected == c.Browser && c.Browser == c.Engine
				expectedLabel := "As explained"
				if same {
					expectedLabel = "As explained, in the browser and by the engine"
				}
				return row.DataSet("same", same).Body(
					app.Td().Class("observed").DataSet("label", "Observed").Body(
						app.Span().Text(c.Label),
						app.If(c.Note != "", func() app.UI { return app.Small().Class("lab-note").Text(c.Note) }),
					),
					app.Td().Class("expected").DataSet("label", expectedLabel).Body(app.Code().Text(labShow(c.Expected))),
					app.Td().Class("browser").DataSet("label", "Browser").Body(browser),
					app.Td().Class("engine").DataSet("label", "Engine").Body(app.Code().Text(labShow(c.Engine))),
					labMark("As explained?", c.explained()),
					labMark("Engine agrees?", c.agrees()),
				)
			}),
		),
	)
}

// labMark is a table cell with a check mark or a cross, labelled by its
// column's question on a phone.
func labMark(question string, ok bool) app.UI {
	if ok {
		return app.Td().Class("lab-mark ok").DataSet("label", question).Body(
			app.Span().Aria("hidden", "true").Text("✓"), app.Span().Class("visually-hidden").Text("yes"))
	}
	return app.Td().Class("lab-mark bad").DataSet("label", question).Body(
		app.Span().Aria("hidden", "true").Text("✗"), app.Span().Class("visually-hidden").Text("no"))
}

// labAnchor is the id of an experiment's card, the target of its entry in
// the list of experiments.
func labAnchor(x *labExperiment) string { return "experiment-" + x.ID }

// labContents lists the experiments, each a link to its card: on a phone
// the page is long.
func labContents() app.UI {
	return app.Nav().Class("lab-contents").Aria("labelledby", "lab-contents-title").Body(
		app.H2().ID("lab-contents-title").Text("Experiments"),
		app.Ol().Body(
			app.Range(labExperiments).Slice(func(i int) app.UI {
				x := labExperiments[i]
				return app.Li().Body(inPageLink(labAnchor(x), x.Title))
			}),
		),
	)
}

// labShow writes a cookie list for people: "(none)" for none, and long
// values cut short with their length.
func labShow(s string) string {
	if s == "" {
		return "(none)"
	}
	parts := strings.Split(s, "; ")
	for i, p := range parts {
		if name, value, ok := strings.Cut(p, "="); ok && len(value) > 40 {
			parts[i] = name + "=" + value[:12] + "… (" + strconv.Itoa(len(value)) + " bytes)"
		}
	}
	return strings.Join(parts, "; ")
}

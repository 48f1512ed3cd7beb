package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// Views of the requests part. Every piece of cookie text is a text node.

func (e *explain) renderRequests() app.UI {
	return app.Section().ID("explain-requests").Class("card requests").Body(
		app.H2().Text("Why was my cookie (not) sent? The requests"),
		app.P().Class("hint").Text("Build the requests a browser makes, one step at a time — where you are, how you get to the next URL, what its response sets — and see, for every cookie in the jar, whether each request carries it and, if not, why, with the rule. The engine answers in this page, as Chromium decides (schemeful same-site, SameSite=Lax by default, third-party cookie blocking, CHIPS partitions); the link in the address bar holds the whole scenario."),
		app.Div().Class("field").Body(
			app.Label().For("scenario-preset").Text("Start from a classic question"),
			app.Select().ID("scenario-preset").OnChange(e.onPreset).Body(
				app.Option().Value("").Text("Choose a question…").Selected(e.preset == ""),
				app.Range(explainer.Presets).Slice(func(i int) app.UI {
					p := explainer.Presets[i]
					return app.Option().Value(p.ID).Text(p.Question).Selected(e.preset == p.ID)
				}),
			),
		),
		app.Form().ID("scenario-form").Class("scenario-form").OnSubmit(e.onReplay).Body(
			app.Div().Class("field check").Body(
				app.Input().Type("checkbox").ID("scenario-third_party_blocked").Checked(e.thirdPartyBlocked).OnChange(e.onThirdPartyBlocked),
				app.Label().For("scenario-third_party_blocked").Text("Third-party cookies are blocked (this Chromium's default)"),
			),
			app.Range(e.steps).Slice(func(i int) app.UI { return e.renderStepForm(i) }),
			app.Div().Class("buttons").Body(
				app.Button().Type("button").ID("scenario-add").Class("secondary").Text("Add a step").OnClick(e.onAddStep),
				app.Button().Type("button").ID("scenario-from-lines").Class("secondary").Text("Start with the Set-Cookie lines above").OnClick(e.onStepsFromLines),
				app.Button().Type("submit").ID("scenario-run").Text("Explain the requests"),
			),
		),
		e.renderScenarioResults(),
	)
}

// renderStepForm is step i: "I am on [page] and [action] to [URL]", the
// response's lines and the page's script writes.
func (e *explain) renderStepForm(i int) app.UI {
	f := e.steps[i]
	id := "step-" + strconv.Itoa(i) + "-"
	action := app.Select().ID(id + "action").OnChange(e.onStepField(i, func(f *explainer.FormStep, v string) { f.Action = v })).Body(
		app.Range(explainer.Actions).Slice(func(j int) app.UI {
			a := explainer.Actions[j]
			return app.Option().Value(a.Value).Text(a.Label).Selected(f.Action == a.Value)
		}),
	)
	input := func(field, label, placeholder, value string, set func(*explainer.FormStep, string)) app.UI {
		return app.Div().Class("field").Body(
			app.Label().For(id+field).Text(label),
			app.Input().Type("text").ID(id+field).Value(value).Placeholder(placeholder).AutoComplete(false).
				Spellcheck(false).OnInput(e.onStepField(i, set)),
		)
	}
	area := func(field, label, placeholder, value string, set func(*explainer.FormStep, string)) app.UI {
		return app.Div().Class("field").Body(
			app.Label().For(id+field).Text(label),
			app.Textarea().ID(id+field).Rows(2).Spellcheck(false).Placeholder(placeholder).Text(value).
				OnInput(e.onStepField(i, set)),
		)
	}
	isFetch := strings.HasPrefix(f.Action, "fetch")
	return app.FieldSet().Class("step").DataSet("step-index", strconv.Itoa(i)).Body(
		app.Legend().Text("Step "+strconv.Itoa(i+1)),
		app.If(f.Action != explainer.ActionTyped, func() app.UI {
			return input("page", "I am on", "(the page of the last navigation)", f.Page, func(f *explainer.FormStep, v string) { f.Page = v })
		}),
		app.Div().Class("field").Body(app.Label().For(id+"action").Text("and the browser"), action),
		input("url", "to", "https://b.test/api", f.URL, func(f *explainer.FormStep, v string) { f.URL = v }),
		area("set_cookie", "Its response sets (Set-Cookie lines, one per line)", "id=1; Secure; SameSite=None", f.SetCookie, func(f *explainer.FormStep, v string) { f.SetCookie = v }),
		app.If(!isFetch, func() app.UI {
			return area("script_cookie", "Then the page's script writes (document.cookie, one per line)", "theme=dark", f.ScriptCookie, func(f *explainer.FormStep, v string) { f.ScriptCookie = v })
		}),
		app.Button().Type("button").Class("secondary").ID(id+"remove").Text("Remove step "+strconv.Itoa(i+1)).OnClick(e.onRemoveStep(i)),
	)
}

func (e *explain) renderScenarioResults() app.UI {
	o := e.scenario
	section := app.Div().ID("scenario-results").DataSet("runs", strconv.Itoa(o.runs))
	switch {
	case o.err != "":
		return section.DataSet("status", "error").Body(app.P().ID("scenario-error").Class("error").Attr("role", "alert").Text(o.err))
	case o.run == nil:
		return section.DataSet("status", "idle").Body(app.P().Class("empty").Text("Choose a question or add steps, then explain the requests."))
	}
	run := o.run
	return section.DataSet("status", "done").Body(
		app.P().Body(
			app.A().ID("scenario-share").Href("#"+e.fragment).Text("Link to this scenario"),
			app.Span().Class("hint").Text(" — the address bar holds it too; opening it replays the scenario in the page, offline."),
		),
		app.Range(run.Steps).Slice(func(i int) app.UI {
			return renderStepResult(i, run.Steps[i], run.Response.Steps[i])
		}),
	)
}

// renderStepResult shows what step i's request carried, why the rest of
// the jar stayed home, what became of its lines, and the jar after it.
func renderStepResult(i int, st explainer.RunStep, r api.ScenarioStepResult) app.UI {
	return app.Article().Class("card", "step-result").
		DataSet("step-index", strconv.Itoa(i)).
		DataSet("cookie-header", r.CookieHeader).
		Body(
			app.H3().Text("Step "+strconv.Itoa(i+1)+": "+describeContext(st.Context)),
			app.P().Class("hint").Text(describeSite(st)),
			app.P().Body(
				app.Text("Cookie header: "),
				app.If(r.CookieHeader == "", func() app.UI { return app.Em().Class("step-header").Text("none") }).
					Else(func() app.UI { return app.Code().Class("step-header").Text(r.CookieHeader) }),
			),
			app.If(len(st.Request.Sent)+len(st.Request.Withheld) == 0, func() app.UI {
				return app.P().Class("empty").Text("The jar is empty: nothing to send.")
			}),
			app.Ul().Class("step-cookies").Body(
				app.Range(st.Request.Sent).Slice(func(j int) app.UI {
					c := st.Request.Sent[j]
					return app.Li().Class("sent").DataSet("cookie", c.Name).DataSet("status", "sent").Body(
						app.Code().Text(c.Name), app.Text(" ("+c.Domain+c.Path+") — sent"),
						app.If(containsCookie(st.Request.LaxAllowUnsafe, c), func() app.UI {
							return app.Span().Class("hint").Text(" only because it is under 2 minutes old and has no SameSite (Chromium's Lax-allowing-unsafe)")
						}),
					)
				}),
				app.Range(st.Request.Withheld).Slice(func(j int) app.UI {
					w := st.Request.Withheld[j]
					return app.Li().Class("withheld").DataSet("cookie", w.Cookie.Name).DataSet("status", "withheld").DataSet("reason", w.Reason).Body(
						app.Code().Text(w.Cookie.Name), app.Text(" ("+w.Cookie.Domain+w.Cookie.Path+") — not sent: "+w.Explanation+" "),
						app.Span().Class("hint").Text("Rule: "+w.Rule+". "+withheldNote(w)),
					)
				}),
			),
			app.If(len(r.Results) > 0, func() app.UI {
				return app.Ul().Class("step-lines").Body(
					app.Range(r.Results).Slice(func(j int) app.UI {
						res := r.Results[j]
						verdict := "kept: "
						if !res.Stored {
							verdict = "not kept (" + res.Reason + "): "
						}
						return app.Li().DataSet("line-index", strconv.Itoa(j)).DataSet("stored", strconv.FormatBool(res.Stored)).DataSet("reason", res.Reason).Body(
							app.Code().Text(res.Line), app.Text(" — "+verdict+res.Explanation+" "),
							app.Span().Class("hint").Text("Rule: "+res.Rule+"."),
						)
					}),
				)
			}),
			app.If(st.Context.Kind != cookierules.KindFetch, func() app.UI {
				return app.P().Body(app.Text("The page's document.cookie then reads: "), app.Code().Class("step-document-cookie").Text(st.DocumentCookie))
			}),
			app.P().Class("hint jar-after").Text("The jar now holds: "+describeJar(st.Jar)),
		)
}

func containsCookie(cs []cookierules.Cookie, c cookierules.Cookie) bool {
	for _, o := range cs {
		if o.Name == c.Name && o.Domain == c.Domain && o.Path == c.Path && o.PartitionKey == c.PartitionKey {
			return true
		}
	}
	return false
}

// withheldNote says whether Chromium names the reason, and how.
func withheldNote(w cookierules.Withheld) string {
	switch w.Reason {
	case cookierules.ReasonCredentialsOmitted, cookierules.ReasonOtherPartition:
		return "(A name of ours: Chromium does not even look at this cookie.)"
	}
	if !w.Reported {
		return "(Chromium does not list it: it belongs to another site.)"
	}
	return "Chromium (DevTools): " + strings.Join(w.Reasons, ", ") + "."
}

// describeContext says in words what the step's request is.
func describeContext(ctx cookierules.RequestContext) string {
	u := ctx.URL.String()
	from := ""
	if ctx.Initiator != nil {
		from = " from a page on " + ctx.Initiator.String()
	}
	switch ctx.Kind {
	case cookierules.KindIframe:
		return "an iframe of " + u + " inside " + ctx.TopLevelURL.String()
	case cookierules.KindFetch:
		return "a fetch (credentials: " + string(ctx.Credentials) + ", " + ctx.Method + ") to " + u + " by " + ctx.TopLevelURL.String()
	}
	if ctx.Initiator == nil {
		return "the URL " + u + " typed in the address bar"
	}
	if ctx.Method == "POST" {
		return "a form POST to " + u + from
	}
	return "a link to " + u + from
}

// describeSite says how same-site the request is, as the engine decided.
func describeSite(st explainer.RunStep) string {
	s := st.Request.Site
	words := "This request is " + s.Request.String()
	if s.ThirdParty {
		words += "; it is third-party (cross-site with the top-level page)"
		if st.Context.ThirdPartyCookiesBlocked {
			words += ", and third-party cookies are blocked"
		}
	}
	if s.CredentialsOmitted {
		words += "; it carries no credentials"
	}
	return words + ". Partitioned cookies use the jar of " + s.PartitionKey.String() + "."
}

func describeJar(jar []cookierules.Cookie) string {
	if len(jar) == 0 {
		return "nothing."
	}
	parts := make([]string, 0, len(jar))
	for _, c := range jar {
		p := c.Name + " (" + c.Domain + c.Path
		if c.Partitioned && c.PartitionKey != (cookierules.PartitionKey{}) {
			p += ", partitioned under " + c.PartitionKey.String()
		}
		parts = append(parts, p+")")
	}
	return strings.Join(parts, ", ") + "."
}

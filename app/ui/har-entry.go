package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/harexplain"
)

// renderHAREntry shows one request of a recorded session: its verdict, its
// context and the evidence for it, the predicted and recorded Cookie
// headers, the differences with their causes, the cookies withheld and the
// verdict on each Set-Cookie line. Values are masked unless showValues.
func renderHAREntry(e api.HAREntry, showValues bool, story string) app.UI {
	refused := 0
	for _, r := range e.SetCookie {
		if harexplain.Refused(r) {
			refused++
		}
	}
	mark, verdict := "✓", "as the rules predict"
	switch e.Status {
	case api.HARDiffers:
		mark, verdict = "≠", "differs from the rules"
	case api.HARNotJudged:
		mark, verdict = "?", "cannot be judged"
	}
	header := func(h string) string {
		if h == "" {
			return "(none)"
		}
		if showValues {
			return h
		}
		return harexplain.MaskHeader(h)
	}
	return app.Article().Class("har-entry", e.Status).
		DataSet("index", strconv.Itoa(e.Index)).
		DataSet("status", e.Status).
		DataSet("refused", strconv.Itoa(refused)).
		Body(
			app.H3().Body(
				app.Span().Class("har-mark").Aria("label", verdict).Text(mark),
				app.Text(" #"+strconv.Itoa(e.Index)+" "+e.Method+" "),
				app.Code().Class("har-url").Text(e.URL),
			),
			app.P().Class("har-verdict").Text(verdictText(e, verdict, refused)),
			app.If(e.NotJudged != "", func() app.UI {
				return app.P().Class("har-not-judged").Text("Why: " + e.NotJudged + ".")
			}),
			renderHARContext(e.Context),
			app.Table().Class("cookies", "har-headers").Body(
				app.TBody().Body(
					app.Tr().Body(app.Th().Text("Cookie header the rules predict"), app.Td().Body(app.Code().Class("har-predicted").Text(header(e.PredictedCookieHeader)))),
					app.Tr().Class(map[bool]string{true: "differs", false: ""}[e.Status == api.HARDiffers]).Body(
						app.Th().Text("Cookie header recorded"), app.Td().Body(app.Code().Class("har-recorded").Text(header(e.RecordedCookieHeader)))),
				),
			),
			app.If(len(e.NotFromRecording) > 0, func() app.UI {
				return app.P().Class("hint").Text("Not compared, as no Set-Cookie of the recording made them (set before it, or by a script): " + strings.Join(e.NotFromRecording, ", ") + ".")
			}),
			app.If(len(e.Differences) > 0, func() app.UI {
				return app.Ul().Class("har-differences").Body(app.Range(e.Differences).Slice(func(i int) app.UI {
					d := e.Differences[i]
					return app.Li().Class("mismatch").DataSet("kind", d.Kind).DataSet("cookie", d.Cookie).Body(
						app.Strong().Text("≠ "+differenceTitle(d)+": "),
						app.Text(d.Cause),
					)
				}))
			}),
			app.If(len(e.Withheld) > 0, func() app.UI {
				return app.Details().Class("har-withheld").Body(
					app.Summary().Text(strconv.Itoa(len(e.Withheld))+" cookie(s) of this site the rules keep home"),
					app.Ul().Body(app.Range(e.Withheld).Slice(func(i int) app.UI {
						w := e.Withheld[i]
						return app.Li().Class(storyClass(w.Name, story)).Body(
							app.Code().Text(w.Name), app.Text(" ("+w.Reason+", "+w.Rule+"): "+w.Explanation),
						)
					})),
				)
			}),
			app.If(len(e.SetCookie) > 0, func() app.UI {
				return app.Ul().Class("har-set-cookies").Body(app.Range(e.SetCookie).Slice(func(i int) app.UI {
					return renderHARSetCookie(e.SetCookie[i], showValues, story)
				}))
			}),
			app.If(len(e.Notes) > 0, func() app.UI {
				return app.Details().Class("har-notes").Body(
					app.Summary().Text("How the context was read"),
					app.Ul().Body(app.Range(e.Notes).Slice(func(i int) app.UI { return app.Li().Text(e.Notes[i]) })),
				)
			}),
		)
}

func verdictText(e api.HAREntry, verdict string, refused int) string {
	s := "Recorded Cookie header " + verdict + "."
	if e.Status == api.HARNotJudged {
		s = "This request " + verdict + "."
	}
	if refused > 0 {
		s += " " + strconv.Itoa(refused) + " Set-Cookie line(s) refused."
	}
	return s
}

func differenceTitle(d api.HARDifference) string {
	switch d.Kind {
	case api.HARSentNotPredicted:
		return d.Cookie + " was sent; the rules would not send it"
	case api.HARPredictedNotSent:
		return d.Cookie + " was not sent; the rules would send it"
	case api.HARValueDiffers:
		return d.Cookie + " was sent with another value"
	}
	return "the order differs"
}

func storyClass(name, story string) string {
	if story != "" && name == story {
		return "har-story"
	}
	return ""
}

// renderHARContext shows the context the rules used and what it was read
// from.
func renderHARContext(c api.HARContext) app.UI {
	row := func(name, value string) app.UI {
		if value == "" {
			value = "—"
		}
		return app.Tr().Body(app.Th().Text(name), app.Td().Body(app.Code().Text(value)))
	}
	initiator := c.Initiator
	if initiator == "" && c.Kind == "navigation" {
		initiator = "(the browser: typed, bookmarked)"
	}
	return app.Details().Class("har-context").Body(
		app.Summary().Text("Context: "+c.Kind+", "+c.SameSite+map[bool]string{true: ", third-party", false: ""}[c.ThirdParty]+" — top-level page "+c.TopLevelURL),
		app.Table().Class("cookies", "har-context-table").Body(app.TBody().Body(
			row("Kind", c.Kind),
			row("Top-level page", c.TopLevelURL),
			row("Initiator", initiator),
			row("Credentials", c.Credentials),
			row("Page (pages[].title)", c.Page),
			row("Sec-Fetch-Site", c.SecFetchSite),
			row("Sec-Fetch-Mode", c.SecFetchMode),
			row("Sec-Fetch-Dest", c.SecFetchDest),
			row("Origin", c.Origin),
			row("_resourceType", c.ResourceType),
			row("_initiator", strings.TrimSpace(c.InitiatorType+" "+c.InitiatorURL)),
		)),
	)
}

func renderHARSetCookie(r api.ExplainResult, showValues bool, story string) app.UI {
	line := r.Line
	if !showValues {
		line = harexplain.MaskLine(line)
	}
	verdict, class := "kept", "stored"
	switch {
	case r.Reason == "Expired":
		verdict, class = "deletes the cookie (already expired)", "expired"
	case !r.Stored:
		verdict, class = "refused ("+r.Reason+", "+r.Rule+"): "+r.Explanation, "rejected"
	case r.Replaced:
		verdict = "kept, replacing the earlier one"
	}
	return app.Li().Class("har-set-cookie", class, storyClass(r.Cookie.Name, story)).
		DataSet("stored", strconv.FormatBool(r.Stored)).DataSet("reason", r.Reason).Body(
		app.Text("Set-Cookie "),
		app.Code().Text(line),
		app.Text(" — "+verdict),
	)
}

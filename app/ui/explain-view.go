package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// Views of the explainer's results. Every piece of cookie text is a text
// node (go-app escapes it); none is ever raw HTML.

// renderLineResult shows the verdict on line i: the line, the verdict and
// its rule, each attribute, and the cookie kept.
func renderLineResult(i int, r api.ExplainResult) app.UI {
	verdict, class := "stored", "stored"
	switch {
	case r.Stored && r.Replaced:
		verdict = "stored, replacing an earlier cookie"
	case r.Reason == cookierules.ReasonExpired:
		verdict, class = "not kept: already expired", "expired"
		if r.Deleted {
			verdict = "not kept, and deleted the earlier cookie: already expired"
		}
	case !r.Stored:
		verdict, class = "rejected ("+r.Reason+")", "rejected"
	}
	return app.Article().Class("card", "line-result", class).
		DataSet("line-index", strconv.Itoa(i)).
		DataSet("stored", strconv.FormatBool(r.Stored)).
		DataSet("reason", r.Reason).
		Body(
			app.H3().Text("Line "+strconv.Itoa(i+1)+": "+verdict),
			app.P().Body(app.Code().Class("line").Text(r.Line)),
			app.P().Class("explanation").Body(
				app.Text(r.Explanation+" "),
				app.Span().Class("hint").Text("Rule: "+r.Rule+"."),
			),
			app.If(!r.Stored, func() app.UI {
				return app.P().Class("hint").Text(reasonNote(r.Reason))
			}),
			app.If(r.RFC != "", func() app.UI {
				return app.P().Class("hint", "rfc-reading").Text("Chromium departs from RFC 6265bis here. " + r.RFC)
			}),
			renderAttributes(r.Attributes),
			app.If(r.Stored, func() app.UI { return renderCookie(r.Cookie) }),
		)
}

// reasonNote says where a rejection reason's name comes from.
func reasonNote(reason string) string {
	switch reason {
	case cookierules.ReasonExpired:
		return "Chromium reports no blocked reason here: it accepts the cookie, and the expired cookie then deletes any cookie it replaces."
	case cookierules.ReasonHttpOnly, cookierules.ReasonOverwriteHttpOnly, cookierules.ReasonInvalidPartitioned:
		return "Chromium's reason: " + reason + " (a cookie inclusion status: DevTools has no name for it and lists no blocked cookie)."
	case cookierules.ReasonNamelessValueWithEquals:
		return "Chromium refuses this line without naming a reason (DevTools lists no blocked cookie); " + reason + " is the playground's name for it."
	}
	return "The reason in Chromium's terms (DevTools' SetCookieBlockedReason): " + reason + "."
}

func renderAttributes(attrs []api.ExplainAttribute) app.UI {
	if len(attrs) == 0 {
		return app.P().Class("hint").Text("No attributes: every attribute takes its default.")
	}
	return app.Table().Class("cookies", "attributes").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text("Attribute"),
			app.Th().Text("Value"),
			app.Th().Text("Status"),
			app.Th().Text("Why"),
			app.Th().Text("Rule"),
		)),
		app.TBody().Body(
			app.Range(attrs).Slice(func(i int) app.UI {
				a := attrs[i]
				status := app.Span().Text(a.Status)
				if a.Status != cookierules.StatusUsed {
					status = status.Class("absent")
				}
				return app.Tr().Class("attribute", a.Status).DataSet("status", a.Status).Body(
					app.Td().Body(app.Code().Text(a.Name)),
					app.Td().Body(app.Code().Text(a.Value)),
					app.Td().Body(status),
					app.Td().Class("why").Text(a.Reason),
					app.Td().Text(a.Rule),
				)
			}),
		),
	)
}

func renderCookie(c api.ExplainCookie) app.UI {
	domain := c.Domain + " (host-only: this host alone)"
	if !c.HostOnly {
		domain = c.Domain + " and its subdomains"
	}
	expires := "when the browser session ends (a session cookie)"
	if c.Expires != "" {
		expires = c.Expires
	}
	sameSite := c.SameSite
	if sameSite == "" {
		sameSite = "not set (Chromium enforces Lax)"
	}
	row := func(name string, value app.UI) app.UI {
		return app.Tr().Body(app.Th().Text(name), app.Td().Body(value))
	}
	yesNo := func(b bool) app.UI { return app.Text(map[bool]string{true: "yes", false: "no"}[b]) }
	return app.Table().Class("cookies", "cookie").Body(
		app.Caption().Text("The cookie kept"),
		app.TBody().Body(
			row("Name", app.Code().Text(c.Name)),
			row("Value", app.Code().Text(c.Value)),
			row("Domain", app.Text(domain)),
			row("Path", app.Code().Text(c.Path)),
			row("Expires", app.Text(expires)),
			row("Secure", yesNo(c.Secure)),
			row("HttpOnly", yesNo(c.HttpOnly)),
			row("SameSite", app.Text(sameSite)),
			row("Partitioned", yesNo(c.Partitioned)),
		),
	)
}

func renderCookieHeader(requestURL, header string) app.UI {
	return app.Div().ID("explain-header").Class("card").Body(
		app.H3().Text("The Cookie header"),
		app.P().Body(
			app.Text("A same-site request to "),
			app.Code().Text(requestURL),
			app.Text(" would then carry:"),
		),
		app.P().Body(app.Code().ID("explain-cookie-header").Text(header)),
		app.If(header == "", func() app.UI {
			return app.P().Class("empty").Text("No Cookie header: no cookie kept applies to that URL.")
		}),
	)
}

func (e *explain) renderTryResults() app.UI {
	t := e.try
	div := app.Div().ID("try-results").DataSet("status", t.status).DataSet("runs", strconv.Itoa(t.runs))
	switch t.status {
	case tryBusy:
		return div.Body(app.P().Class("hint").Attr("role", "status").Text("Sending the lines to this browser…"))
	case tryFailed:
		return div.Body(app.P().ID("try-error").Class("error").Attr("role", "alert").Text("Not tried: " + t.err))
	case tryDone:
	default:
		return div
	}
	agree := 0
	for _, r := range t.rows {
		if r.Agrees {
			agree++
		}
	}
	return div.Body(
		app.P().ID("try-summary").Attr("role", "status").Text(
			"The server sent "+strconv.Itoa(t.sent)+" Set-Cookie header(s). For "+strconv.Itoa(agree)+" of "+
				strconv.Itoa(len(t.rows))+" cookie name(s), this browser did what the engine predicted."),
		app.Table().Class("cookies", "try").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Text("Name"),
				app.Th().Text("Predicted (document.cookie | Cookie header)"),
				app.Th().Text("This browser (document.cookie | Cookie header)"),
				app.Th().Text("Verdict"),
			)),
			app.TBody().Body(
				app.Range(t.rows).Slice(func(i int) app.UI { return renderTryRow(t.rows[i]) }),
			),
		),
		app.Details().Body(
			app.Summary().Text("Raw values"),
			app.P().Body(app.Strong().Text("Predicted document.cookie: "), app.Code().ID("try-predicted-script").Text(t.predicted.DocumentCookie)),
			app.P().Body(app.Strong().Text("Predicted Cookie header: "), app.Code().ID("try-predicted-header").Text(t.predicted.CookieHeader)),
			app.P().Body(app.Strong().Text("document.cookie (all cookies): "), app.Code().ID("try-actual-script").Text(t.actual.DocumentCookie)),
			app.P().Body(app.Strong().Text("Cookie header (all cookies): "), app.Code().ID("try-actual-header").Text(t.actual.CookieHeader)),
		),
	)
}

func renderTryRow(r explainer.TryRow) app.UI {
	verdict := "agrees"
	if !r.Agrees {
		verdict = "differs"
		if r.Before {
			verdict += " — this browser already had a cookie of this name, which the prediction (an empty jar) does not know"
		}
	}
	var name app.UI = app.Code().Text(r.Name)
	if r.Name == "" {
		name = app.Em().Text("(nameless)")
	}
	class := "agrees"
	if !r.Agrees {
		class = "differs"
	}
	return app.Tr().Class(class).
		DataSet("name", r.Name).
		DataSet("predicted", r.Predicted).
		DataSet("actual", r.Actual).
		DataSet("agrees", strconv.FormatBool(r.Agrees)).
		Body(
			app.Td().Class("name").Body(name),
			app.Td().Body(app.Code().Text(r.Predicted)),
			app.Td().Body(app.Code().Text(r.Actual)),
			app.Td().Class("why").Text(verdict),
		)
}

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

// renderLineResult shows the verdict on line i: the line, the verdict in
// plain words with Chromium's name for it beside them, its rule, each
// attribute, and the cookie kept. fromHTTP says the setting URL was plain
// http, where a stored Secure cookie needs a word of explanation.
func renderLineResult(i int, r api.ExplainResult, fromHTTP bool) app.UI {
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
		verdict, class = "not kept: "+reasonHeadline(r.Reason), "rejected"
	}
	headline := app.H3().Text("Line " + strconv.Itoa(i+1) + ": " + verdict)
	if !r.Stored && r.Reason != cookierules.ReasonExpired {
		headline = app.H3().Body(
			app.Text("Line "+strconv.Itoa(i+1)+": "+verdict+" "),
			app.Span().Class("reason-name").Body(app.Text("— Chromium calls it "), app.Code().Text(r.Reason)),
		)
	}
	return app.Article().Class("card", "line-result", class).
		DataSet("line-index", strconv.Itoa(i)).
		DataSet("stored", strconv.FormatBool(r.Stored)).
		DataSet("reason", r.Reason).
		Body(
			headline,
			app.P().Body(app.Code().Class("line").Text(r.Line)),
			app.If(r.Stored && r.Cookie.Secure && fromHTTP, func() app.UI {
				return app.P().Class("hint secure-origin").Text("Stored although the URL is plain http: localhost and loopback addresses such as 127.0.0.1 count as secure origins (\"potentially trustworthy\"), so browsers accept Secure cookies, and the __Secure- and __Host- prefixes, from them. From http://example.com the same line would be rejected.")
			}),
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

// reasonHeadline says in plain words why a browser refused a line, for
// the line's headline; reasonNote and the explanation say more.
func reasonHeadline(reason string) string {
	switch reason {
	case cookierules.ReasonDisallowedCharacter:
		return "it holds a character cookies may not contain"
	case cookierules.ReasonNoCookieContent:
		return "it has neither a name nor a value"
	case cookierules.ReasonNameValuePairExceedsMaxSize:
		return "its name and value together are too long"
	case cookierules.ReasonInvalidDomain:
		return "its Domain does not fit the site that set it"
	case cookierules.ReasonSecureOnly:
		return "a Secure cookie needs a secure (https) page"
	case cookierules.ReasonOverwriteSecure:
		return "it would replace a Secure cookie from an insecure page"
	case cookierules.ReasonSameSiteNoneInsecure:
		return "SameSite=None needs the Secure attribute"
	case cookierules.ReasonInvalidPrefix:
		return "its name's prefix asks for attributes it lacks"
	case cookierules.ReasonSchemeNotSupported:
		return "this kind of URL cannot hold cookies"
	case cookierules.ReasonHttpOnly:
		return "scripts may not set HttpOnly cookies"
	case cookierules.ReasonOverwriteHttpOnly:
		return "scripts may not replace an HttpOnly cookie"
	case cookierules.ReasonInvalidPartitioned:
		return "Partitioned needs the Secure attribute"
	}
	return "rejected"
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
					app.Td().DataSet("label", "Attribute").Body(app.Code().Text(a.Name)),
					app.Td().DataSet("label", "Value").Body(app.Code().Text(a.Value)),
					app.Td().DataSet("label", "Status").Body(status),
					app.Td().Class("why").DataSet("label", "Why").Text(a.Reason),
					app.Td().DataSet("label", "Rule").Text(a.Rule),
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
	// The status container comes first and is always there, so the
	// messages that appear in it are announced.
	status := app.Div().ID("try-status").Attr("role", "status")
	switch t.status {
	case tryBusy:
		return div.Body(status.Body(app.P().Class("hint").Text("Sending the lines to this browser…")))
	case tryFailed:
		return div.Body(status, app.P().ID("try-error").Class("error").Attr("role", "alert").Text("Not tried: "+t.err))
	case tryDone:
	default:
		return div.Body(status)
	}
	agree := 0
	for _, r := range t.rows {
		if r.Agrees {
			agree++
		}
	}
	return div.Body(
		status.Body(app.P().ID("try-summary").Text(
			"The server sent "+strconv.Itoa(t.sent)+" Set-Cookie header(s). For "+strconv.Itoa(agree)+" of "+
				strconv.Itoa(len(t.rows))+" cookie name(s), this browser did what the engine predicted.")),
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
			app.Td().Class("name").DataSet("label", "Name").Body(name),
			app.Td().DataSet("label", "Predicted").Body(app.Code().Text(r.Predicted)),
			app.Td().DataSet("label", "This browser").Body(app.Code().Text(r.Actual)),
			app.Td().Class("why").DataSet("label", "Verdict").Text(verdict),
		)
}

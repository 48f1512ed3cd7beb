package ui

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/decode"
)

// The jar's table: one tbody per cookie, its row and, when asked, the
// readings of its value.

func (j *jar) renderTable(shown []int, problems [][]string) app.UI {
	if len(j.rows) == 0 {
		return app.P().ID("empty-jar").Class("empty").Text("No cookies yet. Set one below, or visit /setcookie.")
	}
	if len(shown) == 0 {
		return app.P().ID("filter-empty").Class("empty").Text("No cookie matches the filter.")
	}
	names := map[string]int{}
	for _, r := range j.rows {
		names[r.Name]++
	}
	keys := rowKeys(j.rows)
	return app.Table().Class("cookies").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text("Name"),
			app.Th().Text("Script sees"),
			app.Th().Text("Server received"),
			app.Th().Text("Attributes"),
			app.Th().Text("Why"),
			app.Th().Text("Actions"),
		)),
		app.Range(shown).Slice(func(n int) app.UI {
			i := shown[n]
			return j.renderRow(i, keys[i], j.rows[i], problems[i], names[j.rows[i].Name] > 1)
		}),
	)
}

func (j *jar) renderRow(i int, key string, r cookieRow, problems []string, shared bool) app.UI {
	// go-app keeps a row's old handler when the new one comes from the same
	// func literal, unless the scope differs: the scope names the row.
	scope := app.EventScope(i, key, r.ScriptValue, r.ServerValue, r.InScript, r.InServer)
	class := "both"
	switch {
	case !r.InScript:
		class = "server-only"
	case !r.InServer:
		class = "script-only"
	}
	// Accessible names carry the cookie, and its path when the name is shared.
	who := r.Name
	if shared && r.Attrs {
		who += " at " + r.Path
	}
	expires, sameSite, secure, partitioned, domain, path := "", "", "", "", "", ""
	if r.Attrs {
		if !r.Expires.IsZero() {
			expires = r.Expires.UTC().Format(time.RFC3339)
		}
		sameSite, secure, partitioned = r.SameSite, strconv.FormatBool(r.Secure), strconv.FormatBool(r.Partitioned)
		domain, path = r.Domain, r.Path
	}
	decodings := decode.Value(r.value())
	tr := app.Tr().Class(class).
		DataSet("cookie", r.Name).
		DataSet("script-visible", strconv.FormatBool(r.InScript)).
		DataSet("server-visible", strconv.FormatBool(r.InServer)).
		DataSet("domain", domain).
		DataSet("path", path).
		DataSet("expires", expires).
		DataSet("same-site", sameSite).
		DataSet("secure", secure).
		DataSet("partitioned", partitioned).
		DataSet("size", strconv.Itoa(r.size())).
		DataSet("attributes", map[bool]string{true: "known", false: "unknown"}[r.Attrs]).
		DataSet("problems", strconv.Itoa(len(problems))).
		Body(
			app.Td().Class("name").Body(app.Code().Text(r.Name)),
			app.Td().Class("script").Body(j.valueCell(r.InScript, r.ScriptValue, "hidden from scripts", key+"\x00s", who, scope)),
			app.Td().Class("server").Body(j.valueCell(r.InServer, r.ServerValue, "not sent", key+"\x00v", who, scope)),
			app.Td().Class("attrs").Body(renderCookieAttributes(r)),
			app.Td().Class("why").Body(
				app.Text(r.explain()),
				app.If(len(problems) > 0, func() app.UI {
					return app.Ul().Class("problems").Body(app.Range(problems).Slice(func(k int) app.UI {
						return app.Li().Text(problems[k])
					}))
				}),
			),
			app.Td().Class("actions").Body(
				app.Button().Class("edit").Aria("label", "Edit "+who).Text("Edit").OnClick(func(ctx app.Context, e app.Event) {
					ctx.NewActionWithValue(actionEdit, r)
				}, scope),
				app.If(len(decodings) > 0, func() app.UI {
					return app.Button().Class("decode").Aria("label", "Decode "+who).Aria("expanded", j.decoded[key]).Text("Decode").
						OnClick(func(ctx app.Context, e app.Event) { j.decoded[key] = !j.decoded[key] }, scope)
				}),
				app.Button().Class("delete-script").Aria("label", "Delete "+who+" (script)").Text("Delete (script)").OnClick(func(ctx app.Context, e app.Event) {
					j.deleteFromScript(ctx, r)
				}, scope),
				app.Button().Class("delete-server").Aria("label", "Delete "+who+" (server)").Text("Delete (server)").OnClick(func(ctx app.Context, e app.Event) {
					domain, path := "", ""
					if r.Attrs {
						path = r.Path
						if !r.HostOnly {
							domain = r.Domain
						}
					}
					deleteFromServer(ctx, r.Name, path, domain, nil)
				}, scope),
			),
		)
	// Each cookie is a tbody of its own, so its decoding sits right under it.
	return app.TBody().Body(
		tr,
		app.If(j.decoded[key] && len(decodings) > 0, func() app.UI {
			return app.Tr().Class("decoded").Body(app.Td().ColSpan(6).Body(renderDecodings(r.Name, decodings)))
		}),
	)
}

// valueCell shows a value, cut after valueCut bytes with "Show all" and
// "Copy", or why the view does not have it.
func (j *jar) valueCell(present bool, value, absent, key, who string, scope app.EventOption) app.UI {
	if !present {
		return app.Em().Class("absent").Text(absent)
	}
	if len(value) <= valueCut {
		return app.Code().Text(value)
	}
	shown := value
	if !j.expanded[key] {
		cut := valueCut
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		shown = value[:cut] + "…"
	}
	label := "Show all of " + who
	text := "Show all"
	if j.expanded[key] {
		label, text = "Show less of "+who, "Show less"
	}
	return app.Div().Class("value").Body(
		app.Code().Text(shown),
		app.Div().Class("value-actions").Body(
			app.Button().Class("show-value").Aria("label", label).Aria("expanded", j.expanded[key]).Text(text).
				OnClick(func(ctx app.Context, e app.Event) { j.expanded[key] = !j.expanded[key] }, scope),
			app.Button().Class("copy-value").Aria("label", "Copy the value of "+who).Text("Copy").
				OnClick(func(ctx app.Context, e app.Event) { copyText(ctx, value, func(msg string) { j.notice = msg }) }, scope),
		),
	)
}

// deleteFromScript expires the row's own cookie from script: its path,
// its domain unless host-only, and Secure and Partitioned where it has them,
// as the browser matches on all of them.
func (j *jar) deleteFromScript(ctx app.Context, r cookieRow) {
	f := cookieForm{Name: r.Name, Path: "/"}
	if r.Attrs {
		f.Path, f.Secure, f.Partitioned = r.Path, r.Secure, r.Partitioned
		if !r.HostOnly {
			f.Domain = r.Domain
		}
	}
	deleteFromScript(ctx, f)
}

// renderCookieAttributes lists what the page knows of a cookie's attributes,
// and says why it knows no more.
func renderCookieAttributes(r cookieRow) app.UI {
	size := app.Li().Textf("Size: %d B", r.size())
	if !r.Attrs {
		why := "Unknown: scripts cannot read an HttpOnly cookie, and a Cookie header carries names and values only."
		if r.InScript {
			why = "Unknown: this browser offers no CookieStore API here (it needs a secure context), and document.cookie gives names and values only."
		}
		return app.Ul().Class("attributes").Body(size, app.Li().Class("unknown").Text(why))
	}
	domain := r.Domain + " and its subdomains"
	if r.HostOnly {
		domain = r.Domain + " only"
	}
	expires := "session"
	if !r.Expires.IsZero() {
		expires = r.Expires.UTC().Format(time.RFC3339)
	}
	sameSite := r.SameSite
	if sameSite == "" {
		sameSite = "not reported"
	}
	return app.Ul().Class("attributes").Body(
		app.Li().Text("Domain: "+domain),
		app.Li().Text("Path: "+r.Path),
		app.Li().Text("Expires: "+expires),
		app.Li().Text("Secure: "+yesOrNo(r.Secure)),
		app.Li().Text("SameSite: "+sameSite),
		app.Li().Text("Partitioned: "+yesOrNo(r.Partitioned)),
		size,
	)
}

// renderDecodings shows the readings of a value, read-only.
func renderDecodings(name string, ds []decode.Decoding) app.UI {
	return app.Div().Class("decodings").Body(
		app.Range(ds).Slice(func(i int) app.UI {
			d := ds[i]
			title := d.Kind + " of " + name
			if d.Note != "" {
				title += " (" + d.Note + ")"
			}
			return app.Div().Class("decoding").DataSet("kind", d.Kind).Body(
				app.Strong().Text(title),
				app.Pre().Body(app.Code().Text(d.Text)),
			)
		}),
	)
}

func yesOrNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

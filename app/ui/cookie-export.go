package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/cookieio"
)

// cookieExport writes everything the page knows of its cookies in the
// formats other tools read, to copy or download. HttpOnly cookies (as the
// server received them) are included and marked; attributes the page
// cannot know are said to be unknown.
type cookieExport struct {
	app.Compo

	Irows []cookieRow

	format string
	status string
}

func newCookieExport() *cookieExport { return &cookieExport{format: string(cookieio.Netscape)} }

// Rows sets the cookies to export.
func (c *cookieExport) Rows(rows []cookieRow) *cookieExport {
	c.Irows = rows
	return c
}

func (c *cookieExport) Render() app.UI {
	option := func(value, text string) app.UI {
		return app.Option().Value(value).Text(text).Selected(c.format == value)
	}
	return app.Div().ID("export").Class("form card").Body(
		app.H2().Text("Export cookies"),
		app.P().Class("hint").Text("Everything this page knows, for curl -b, Cookie-Editor or a request header. Cookies hidden from scripts are included as the server received them, marked HttpOnly, with the attributes this page cannot read listed as unknown."),
		app.Div().Class("field").Body(
			app.Label().For("export-format").Text("Format"),
			app.Select().ID("export-format").OnChange(c.ValueTo(&c.format)).Body(
				option(string(cookieio.Netscape), "Netscape cookies.txt"),
				option(string(cookieio.JSON), "JSON (Cookie-Editor)"),
				option(string(cookieio.Header), "Cookie header"),
			),
		),
		app.Div().Class("field").Body(
			app.Label().For("export-output").Text("Exported"),
			app.Textarea().ID("export-output").ReadOnly(true).Rows(6).Spellcheck(false).Text(c.output()),
		),
		app.Div().Class("buttons").Body(
			app.Button().Type("button").ID("export-copy").Text("Copy").OnClick(func(ctx app.Context, e app.Event) {
				copyText(ctx, c.output(), func(msg string) { c.status = msg })
			}),
			app.Button().Type("button").ID("export-download").Class("secondary").Text("Download").OnClick(c.onDownload),
		),
		app.P().ID("export-status").Class("result").Attr("role", "status").Text(c.status),
	)
}

// output is the export in the chosen format.
func (c *cookieExport) output() string {
	host := pageURL().Hostname()
	cookies := make([]cookieio.Cookie, 0, len(c.Irows))
	for _, r := range c.Irows {
		cookies = append(cookies, rowCookie(r, host))
	}
	switch cookieio.Format(c.format) {
	case cookieio.JSON:
		return cookieio.FormatJSON(cookies)
	case cookieio.Header:
		return cookieio.FormatHeader(cookies)
	}
	return cookieio.FormatNetscape(cookies)
}

// onDownload saves the export as a file, through a Blob URL.
func (c *cookieExport) onDownload(ctx app.Context, e app.Event) {
	name, mime := "cookies.txt", "text/plain"
	switch cookieio.Format(c.format) {
	case cookieio.JSON:
		name, mime = "cookies.json", "application/json"
	case cookieio.Header:
		name = "cookie-header.txt"
	}
	w := app.Window()
	blob := w.Get("Blob").New([]any{c.output()}, map[string]any{"type": mime})
	u := w.Get("URL").Call("createObjectURL", blob)
	a := w.Get("document").Call("createElement", "a")
	a.Set("href", u)
	a.Set("download", name)
	a.Call("click")
	c.status = "Downloaded " + name + "."
	ctx.After(time.Minute, func(app.Context) { w.Get("URL").Call("revokeObjectURL", u) })
}

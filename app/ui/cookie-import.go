package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookieio"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// cookieImport takes cookies in the formats other tools export (Netscape
// cookies.txt, Cookie-Editor JSON, a Cookie header) and puts them into
// this browser: HttpOnly ones through the server, the rest from script.
// The rules engine decides which a browser would refuse, and each refusal
// is listed with its line and reason.
type cookieImport struct {
	app.Compo

	Irows []cookieRow

	text    string
	format  string // "" detects it
	busy    bool
	runs    int // imports finished, for whoever waits for the next result
	outcome *importOutcome
}

// importOutcome is what an import did.
type importOutcome struct {
	format    cookieio.Format
	err       string
	imported  int
	unchanged int
	refused   []cookieio.Refusal
}

func newCookieImport() *cookieImport { return &cookieImport{} }

// Rows sets the cookies the jar shows, which an import leaves alone when
// it holds them already.
func (c *cookieImport) Rows(rows []cookieRow) *cookieImport {
	c.Irows = rows
	return c
}

func (c *cookieImport) Render() app.UI {
	option := func(value, text string) app.UI {
		return app.Option().Value(value).Text(text).Selected(c.format == value)
	}
	return app.Form().ID("import").Class("form card").OnSubmit(c.onRun).Body(
		app.H2().Text("Import cookies"),
		app.P().Class("hint").Text("Paste a Netscape cookies.txt (curl -c, wget, yt-dlp), a JSON array as Cookie-Editor exports it, or a Cookie header. HttpOnly cookies go through the server, the others are set from script; whatever a browser would refuse is listed with the reason."),
		app.Div().Class("field").Body(
			app.Label().For("import-text").Text("Cookies"),
			app.Textarea().ID("import-text").Rows(6).Spellcheck(false).Text(c.text).OnInput(c.ValueTo(&c.text)),
		),
		app.Div().Class("field").Body(
			app.Label().For("import-format").Text("Format"),
			app.Select().ID("import-format").OnChange(c.ValueTo(&c.format)).Body(
				option("", "Detect"),
				option(string(cookieio.Netscape), "Netscape cookies.txt"),
				option(string(cookieio.JSON), "JSON (Cookie-Editor)"),
				option(string(cookieio.Header), "Cookie header"),
			),
		),
		app.Div().Class("buttons").Body(
			app.Button().Type("submit").ID("import-run").Disabled(c.busy).Text("Import"),
		),
		c.renderOutcome(),
	)
}

func (c *cookieImport) renderOutcome() app.UI {
	o := c.outcome
	div := app.Div().ID("import-result").Class("result").Attr("role", "status").DataSet("run", strconv.Itoa(c.runs))
	if o == nil || c.busy {
		return div
	}
	div = div.DataSet("imported", strconv.Itoa(o.imported)).
		DataSet("refused", strconv.Itoa(len(o.refused))).
		DataSet("unchanged", strconv.Itoa(o.unchanged)).
		DataSet("format", string(o.format))
	if o.err != "" {
		return div.Class("result error").Body(app.P().Text("Nothing imported: " + o.err))
	}
	return div.Body(
		app.P().Textf("Read as %s: %d imported, %d already there and left unchanged, %d refused.", formatName(o.format), o.imported, o.unchanged, len(o.refused)),
		app.If(len(o.refused) > 0, func() app.UI {
			return app.Ul().ID("import-refused").Body(app.Range(o.refused).Slice(func(i int) app.UI {
				return app.Li().DataSet("line", strconv.Itoa(o.refused[i].Line)).Text(o.refused[i].String())
			}))
		}),
	)
}

func formatName(f cookieio.Format) string {
	switch f {
	case cookieio.Netscape:
		return "Netscape cookies.txt"
	case cookieio.JSON:
		return "JSON"
	}
	return "a Cookie header"
}

// plannedCookie is a cookie the rules engine let through, and how it goes.
type plannedCookie struct {
	line    int
	inArray bool
	cookie  cookieio.Cookie
	set     string // the Set-Cookie line; without HttpOnly it is what script writes
}

func (c *cookieImport) onRun(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if c.busy {
		return
	}
	page := pageURL()
	host := page.Hostname()
	format, entries, refused, err := cookieio.Parse(c.text, cookieio.Format(c.format), host)
	o := &importOutcome{format: format, refused: refused}
	c.outcome = o
	if err != nil {
		o.err = err.Error()
		c.runs++
		return
	}
	now := time.Now()
	var viaScript, viaServer []plannedCookie
	inArray := format == cookieio.JSON
	for _, en := range entries {
		ck := en.Cookie
		line := setCookieLine(ck, host)
		src := cookierules.FromScript
		if ck.HttpOnly {
			src = cookierules.FromHTTP
		}
		if v := cookierules.NewJar().SetCookie(page, line, src, now); !v.Stored {
			o.refused = append(o.refused, cookieio.Refusal{Line: en.Line, Text: ck.Name, InArray: inArray,
				Reason: fmt.Sprintf("%s (%s): %s", v.Reason, v.Rule, v.Explanation)})
			continue
		}
		if holds(c.Irows, ck, host) {
			o.unchanged++
			continue
		}
		p := plannedCookie{line: en.Line, inArray: inArray, cookie: ck, set: line}
		if ck.HttpOnly {
			viaServer = append(viaServer, p)
		} else {
			viaScript = append(viaScript, p)
		}
	}
	for _, p := range viaScript {
		writeDocumentCookie(p.set)
	}
	c.busy = true
	ctx.Async(func() {
		var lost []cookieio.Refusal
		var sent []string
		for _, p := range viaServer {
			var resp api.SetCookieResponse
			if err := callAPI(ctx, http.MethodPost, api.CookiesPath, nil, serverRequest(p.cookie), &resp); err != nil {
				lost = append(lost, cookieio.Refusal{Line: p.line, InArray: p.inArray, Text: p.cookie.Name, Reason: "the server refused it: " + err.Error()})
				continue
			}
			sent = append(sent, resp.SetCookie)
		}
		// The engine let these through; check the browser agreed, where
		// this page can see them.
		script, _ := readScriptCookies()
		for _, p := range viaScript {
			if cookierules.PathMatch(page.Path, p.cookie.Path) && !seesCookie(script, p.cookie) {
				lost = append(lost, cookieio.Refusal{Line: p.line, InArray: p.inArray, Text: p.cookie.Name, Reason: "this browser did not keep it, though the rules engine expected it to"})
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.busy = false
			c.runs++
			o.imported = len(viaScript) + len(viaServer) - len(lost)
			o.refused = append(o.refused, lost...)
			for _, line := range sent {
				ctx.NewActionWithValue(actionRefresh, sentLine(line))
			}
			ctx.NewAction(actionRefresh)
		})
	})
}

// serverRequest is the POST /api/cookies body that sets c.
func serverRequest(c cookieio.Cookie) api.SetCookieRequest {
	req := api.SetCookieRequest{Name: c.Name, Value: c.Value, Path: c.Path, Secure: c.Secure, HttpOnly: c.HttpOnly,
		SameSite: c.SameSite, Partitioned: c.Partitioned}
	if !c.HostOnly {
		req.Domain = c.Domain
	}
	if !c.Expires.IsZero() {
		req.Expires = c.Expires.UTC().Format(time.RFC3339)
	}
	return req
}

// seesCookie reports whether script's view holds c's name and value.
func seesCookie(script []scriptCookie, c cookieio.Cookie) bool {
	for _, s := range script {
		if s.Name == c.Name && s.Value == c.Value {
			return true
		}
	}
	return false
}

// holds reports whether the jar already has c as the file describes it,
// comparing only what the file says: importing twice changes nothing.
func holds(rows []cookieRow, c cookieio.Cookie, host string) bool {
	for _, r := range rows {
		if r.Name != c.Name || r.value() != c.Value {
			continue
		}
		if c.HttpOnly || !r.Attrs {
			// The page knows such a cookie by name and value only.
			if c.HttpOnly == !r.InScript {
				return true
			}
			continue
		}
		if !r.InScript || r.Domain != c.Domain || r.HostOnly != c.HostOnly || r.Path != c.Path {
			continue
		}
		if !c.IsUnknown(cookieio.AttrExpires) && !r.Expires.Truncate(time.Second).Equal(c.Expires.Truncate(time.Second)) {
			continue
		}
		if !c.IsUnknown(cookieio.AttrSecure) && r.Secure != c.Secure {
			continue
		}
		if c.SameSite != "" && r.SameSite != c.SameSite {
			continue
		}
		if !c.IsUnknown(cookieio.AttrPartitioned) && r.Partitioned != c.Partitioned {
			continue
		}
		return true
	}
	return false
}

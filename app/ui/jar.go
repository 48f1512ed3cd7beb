package ui

import (
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Actions the jar's parts send each other.
const (
	// actionRefresh asks the jar to read both views again.
	actionRefresh = "jar/refresh"
	// actionEdit carries a cookieRow to load into both forms.
	actionEdit = "jar/edit"
)

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

// jar is the "/jar" page, the cookie manager: every cookie known to
// document.cookie or to the server, side by side, with forms to change them.
type jar struct {
	app.Compo

	scriptRaw string
	server    api.CookiesResponse
	status    loadStatus
	loadErr   string
	notice    string
	refreshes int
	offline   bool
}

func newJar() *jar { return &jar{} }

func (j *jar) OnMount(ctx app.Context) {
	// When the server is back, show what it receives again.
	ctx.ObserveState(stateOffline, &j.offline).OnChange(func() {
		if !j.offline {
			j.refresh(ctx)
		}
	})
	ctx.Handle(actionRefresh, func(ctx app.Context, a app.Action) {
		if msg, ok := a.Value.(string); ok {
			j.notice = msg
		}
		j.refresh(ctx)
	})
}

func (j *jar) OnNav(ctx app.Context) {
	if app.IsClient { // OnNav also runs while pre-rendering
		j.refresh(ctx)
	}
}

// refresh reads document.cookie now and asks the server what it receives.
func (j *jar) refresh(ctx app.Context) {
	j.scriptRaw = readDocumentCookie()
	j.status = loading
	ctx.Async(func() {
		var resp api.CookiesResponse
		err := callAPI(ctx, http.MethodGet, api.CookiesPath, nil, nil, &resp)
		ctx.Dispatch(func(ctx app.Context) {
			// Read document.cookie again so both views are of one moment.
			j.scriptRaw = readDocumentCookie()
			j.refreshes++
			if err != nil {
				j.status, j.loadErr = loadFailed, err.Error()
				return
			}
			j.status, j.loadErr, j.server = loaded, "", resp
		})
	})
}

func (j *jar) Render() app.UI {
	rows := mergeViews(api.ParseCookieString(j.scriptRaw), j.server.Cookies)
	return newShell().Active("/jar").Content(
		app.H1().Text("Cookie jar"),
		app.P().Class("lead").Text("Every cookie this page knows of. Script sees: document.cookie, read by Go compiled to WebAssembly. Server received: the Cookie header of a request to /api/cookies."),
		app.Section().ID("jar").
			DataSet("status", j.status.String()).
			DataSet("refreshes", strconv.Itoa(j.refreshes)).
			Body(
				app.Div().Class("toolbar").Body(
					app.Button().ID("refresh").Text("Refresh").OnClick(func(ctx app.Context, e app.Event) {
						j.notice = ""
						j.refresh(ctx)
					}),
					app.If(j.status == loadFailed, func() app.UI {
						return app.Span().ID("load-error").Class("error").Attr("role", "alert").Text("Server view unavailable: " + j.loadErr)
					}),
					app.If(j.notice != "", func() app.UI {
						return app.Span().ID("notice").Class("notice").Attr("role", "status").Text(j.notice)
					}),
				),
				j.renderTable(rows),
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
		newTamperLab(),
	)
}

func (j *jar) renderTable(rows []cookieRow) app.UI {
	if len(rows) == 0 {
		return app.P().ID("empty-jar").Class("empty").Text("No cookies yet. Set one below, or visit /setcookie.")
	}
	return app.Table().Class("cookies").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text("Name"),
			app.Th().Text("Script sees"),
			app.Th().Text("Server received"),
			app.Th().Text("Why"),
			app.Th().Text("Actions"),
		)),
		app.TBody().Body(
			app.Range(rows).Slice(func(i int) app.UI { return j.renderRow(i, rows[i]) }),
		),
	)
}

func (j *jar) renderRow(i int, r cookieRow) app.UI {
	// go-app keeps a row's old handler when the new one comes from the same
	// func literal, unless the scope differs: the scope names the row.
	scope := app.EventScope(i, r.Name, r.ScriptValue, r.ServerValue, r.InScript, r.InServer)
	class := "both"
	switch {
	case !r.InScript:
		class = "server-only"
	case !r.InServer:
		class = "script-only"
	}
	return app.Tr().Class(class).
		DataSet("cookie", r.Name).
		DataSet("script-visible", strconv.FormatBool(r.InScript)).
		DataSet("server-visible", strconv.FormatBool(r.InServer)).
		Body(
			app.Td().Class("name").Body(app.Code().Text(r.Name)),
			app.Td().Class("script").Body(viewCell(r.InScript, r.ScriptValue, "hidden from scripts")),
			app.Td().Class("server").Body(viewCell(r.InServer, r.ServerValue, "not sent")),
			app.Td().Class("why").Text(r.explain()),
			app.Td().Class("actions").Body(
				app.Button().Class("edit").Text("Edit").OnClick(func(ctx app.Context, e app.Event) {
					ctx.NewActionWithValue(actionEdit, r)
				}, scope),
				app.Button().Class("delete-script").Text("Delete (script)").OnClick(func(ctx app.Context, e app.Event) {
					deleteFromScript(ctx, r.Name, "/", "")
				}, scope),
				app.Button().Class("delete-server").Text("Delete (server)").OnClick(func(ctx app.Context, e app.Event) {
					deleteFromServer(ctx, r.Name, "", "", nil)
				}, scope),
			),
		)
}

func viewCell(present bool, value, absent string) app.UI {
	if !present {
		return app.Em().Class("absent").Text(absent)
	}
	return app.Code().Text(value)
}

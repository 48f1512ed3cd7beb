package ui

import (
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// serverForm sets and deletes cookies through the server's API, so every
// attribute, HttpOnly included, is available.
type serverForm struct {
	app.Compo

	form   cookieForm
	err    formError
	result string
	note   string // why the cookie expires sooner than asked, if it does
	busy   bool
}

func newServerForm() *serverForm { return &serverForm{form: cookieForm{Path: "/"}} }

func (f *serverForm) OnMount(ctx app.Context) {
	ctx.Handle(actionEdit, func(ctx app.Context, a app.Action) {
		if r, ok := a.Value.(cookieRow); ok {
			f.form.Name, f.form.Value = r.Name, r.ServerValue
			if !r.InServer {
				f.form.Value = r.ScriptValue
			}
			f.form.HttpOnly = r.InServer && !r.InScript
			f.err, f.result, f.note = formError{}, "", ""
		}
	})
}

func (f *serverForm) Render() app.UI {
	const p = "server"
	return app.Form().ID("server-form").Class("form card").OnSubmit(f.onSet).Body(
		app.H2().Text("Set a cookie from the server"),
		app.P().Class("hint").Text("POSTs to /api/cookies; the server checks the cookie as a browser would, then answers with a Set-Cookie header."),
		textField(&f.Compo, p, "name", "Name", "session", &f.form.Name, f.err),
		textField(&f.Compo, p, "value", "Value", "abc123", &f.form.Value, f.err),
		textField(&f.Compo, p, "path", "Path", "/", &f.form.Path, f.err),
		textField(&f.Compo, p, "domain", "Domain", "(this host only)", &f.form.Domain, f.err),
		textField(&f.Compo, p, "max_age", "Max-Age (seconds)", "3600", &f.form.MaxAge, f.err),
		textField(&f.Compo, p, "expires", "Expires (RFC 3339)", "2030-01-02T15:04:05Z", &f.form.Expires, f.err),
		sameSiteField(&f.Compo, p, &f.form.SameSite, f.err),
		checkField(p, "secure", "Secure", &f.form.Secure, "", f.err),
		checkField(p, "http_only", "HttpOnly", &f.form.HttpOnly, "", f.err),
		checkField(p, "partitioned", "Partitioned", &f.form.Partitioned, "", f.err),
		app.Div().Class("buttons").Body(
			app.Button().Type("submit").ID("server-set").Disabled(f.busy).Text("Set from server"),
			app.Button().Type("button").ID("server-delete").Class("secondary").Disabled(f.busy).Text("Delete from server").OnClick(f.onDelete),
		),
		f.err.elsewhere(p, "name", "value", "path", "domain", "max_age", "expires", "same_site", "secure", "http_only", "partitioned"),
		app.If(f.result != "", func() app.UI {
			return app.P().ID("server-result").Class("result").Attr("role", "status").Text(f.result)
		}),
		app.If(f.note != "", func() app.UI {
			return app.P().ID("server-note").Class("hint").Attr("role", "status").Text(f.note)
		}),
	)
}

func (f *serverForm) onSet(ctx app.Context, e app.Event) {
	e.PreventDefault()
	req := api.SetCookieRequest{
		Name: f.form.Name, Value: f.form.Value, Path: f.form.Path, Domain: f.form.Domain,
		Expires: f.form.Expires, Secure: f.form.Secure, HttpOnly: f.form.HttpOnly,
		SameSite: f.form.SameSite, Partitioned: f.form.Partitioned,
	}
	if f.form.MaxAge != "" {
		n, err := strconv.Atoi(f.form.MaxAge)
		if err != nil {
			f.fail(api.BadField("max_age", api.RuleJSON, "must be a whole number of seconds"))
			return
		}
		req.MaxAge = &n
	}
	f.busy = true
	ctx.Async(func() {
		var resp api.SetCookieResponse
		err := callAPI(ctx, http.MethodPost, api.CookiesPath, nil, req, &resp)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.fail(err)
				return
			}
			f.err, f.result, f.note = formError{}, "Set-Cookie: "+resp.SetCookie, resp.Note
			ctx.NewAction(actionRefresh)
		})
	})
}

func (f *serverForm) onDelete(ctx app.Context, e app.Event) {
	if f.form.Name == "" {
		f.fail(api.BadField("name", api.RuleRequired, "enter the name of the cookie to delete"))
		return
	}
	f.err, f.result, f.note = formError{}, "", ""
	deleteFromServer(ctx, f.form.Name, f.form.Path, f.form.Domain, f.fail)
}

func (f *serverForm) fail(err error) {
	f.err, f.result, f.note = formErrorOf(err), "", ""
}

package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// scriptForm sets and deletes cookies from script, by writing
// document.cookie, as any script on the page could.
type scriptForm struct {
	app.Compo

	form   cookieForm
	err    formError
	result string
}

func newScriptForm() *scriptForm { return &scriptForm{form: cookieForm{Path: "/"}} }

func (f *scriptForm) OnMount(ctx app.Context) {
	ctx.Handle(actionEdit, func(ctx app.Context, a app.Action) {
		if r, ok := a.Value.(cookieRow); ok {
			f.form.Name, f.form.Value = r.Name, r.ScriptValue
			if !r.InScript {
				f.form.Value = r.ServerValue
			}
			f.err, f.result = formError{}, ""
		}
	})
}

func (f *scriptForm) Render() app.UI {
	const p = "script"
	return app.Form().ID("script-form").Class("form card").OnSubmit(f.onSet).Body(
		app.H2().Text("Set a cookie from script"),
		app.P().Class("hint").Text("Writes document.cookie, as any script on this page can. The browser decides what to keep."),
		textField(&f.Compo, p, "name", "Name", "theme", &f.form.Name, f.err),
		textField(&f.Compo, p, "value", "Value", "dark", &f.form.Value, f.err),
		textField(&f.Compo, p, "path", "Path", "/", &f.form.Path, f.err),
		textField(&f.Compo, p, "domain", "Domain", "(this host only)", &f.form.Domain, f.err),
		textField(&f.Compo, p, "max_age", "Max-Age (seconds)", "3600", &f.form.MaxAge, f.err),
		textField(&f.Compo, p, "expires", "Expires (RFC 3339)", "2030-01-02T15:04:05Z", &f.form.Expires, f.err),
		sameSiteField(&f.Compo, p, &f.form.SameSite, f.err),
		checkField(p, "secure", "Secure", &f.form.Secure, "", f.err),
		checkField(p, "http_only", "HttpOnly", &f.form.HttpOnly,
			"Scripts cannot set HttpOnly: browsers ignore document.cookie writes of HttpOnly cookies, so only a server can.", f.err),
		app.Div().Class("buttons").Body(
			app.Button().Type("submit").ID("script-set").Text("Set from script"),
			app.Button().Type("button").ID("script-delete").Class("secondary").Text("Delete from script").OnClick(f.onDelete),
		),
		f.err.elsewhere(p, "name", "value", "path", "domain", "max_age", "expires", "same_site", "secure", "http_only"),
		app.If(f.result != "", func() app.UI {
			return app.P().ID("script-result").Class("result").Attr("role", "status").Text(f.result)
		}),
	)
}

func (f *scriptForm) onSet(ctx app.Context, e app.Event) {
	e.PreventDefault()
	line, err := scriptCookieLine(f.form)
	if err != nil {
		f.fail(err)
		return
	}
	writeDocumentCookie(line)
	f.err = formError{}
	f.result = "document.cookie = " + line
	if !f.form.deletes(time.Now()) && !visibleToScript(f.form.Name, f.form.Value) {
		f.result += " — the browser did not keep it where this page can see it: it refused the cookie (a Domain that is not this site, Secure on plain http, a prefix rule) or its Path does not cover /jar."
	}
	ctx.NewAction(actionRefresh)
}

func (f *scriptForm) onDelete(ctx app.Context, e app.Event) {
	if f.form.Name == "" {
		f.fail(api.BadField("name", api.RuleRequired, "enter the name of the cookie to delete"))
		return
	}
	f.err, f.result = formError{}, ""
	deleteFromScript(ctx, f.form.Name, f.form.Path, f.form.Domain)
}

func (f *scriptForm) fail(err error) {
	f.err, f.result = formErrorOf(err), ""
}

// visibleToScript reports whether document.cookie holds name=value.
func visibleToScript(name, value string) bool {
	for _, p := range api.ParseCookieString(readDocumentCookie()) {
		if p.Name == name && p.Value == value {
			return true
		}
	}
	return false
}

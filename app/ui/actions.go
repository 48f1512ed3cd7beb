package ui

import (
	"net/http"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// deleteFromScript expires a cookie by writing document.cookie, then has the
// jar show the browser's verdict.
func deleteFromScript(ctx app.Context, name, path, domain string) {
	visible := false
	for _, p := range api.ParseCookieString(readDocumentCookie()) {
		visible = visible || p.Name == name
	}
	line, err := scriptCookieLine(cookieForm{Name: name, Path: path, Domain: domain, MaxAge: "0"})
	if err != nil {
		ctx.NewActionWithValue(actionRefresh, "Not deleted: "+err.Error())
		return
	}
	writeDocumentCookie(line)
	msg := "document.cookie = " + line
	if !visible {
		msg += " — but scripts cannot see " + name + ", so they cannot delete it: an HttpOnly cookie is out of their reach."
	}
	ctx.NewActionWithValue(actionRefresh, msg)
}

// deleteFromServer asks the server to expire a cookie, then refreshes the
// jar. onErr, if not nil, receives an error instead of the jar's notice.
func deleteFromServer(ctx app.Context, name, path, domain string, onErr func(error)) {
	q := url.Values{}
	if path != "" {
		q.Set("path", path)
	}
	if domain != "" {
		q.Set("domain", domain)
	}
	ctx.Async(func() {
		var resp api.SetCookieResponse
		err := callAPI(ctx, http.MethodDelete, api.CookiesPath+"/"+url.PathEscape(name), q, nil, &resp)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil && onErr != nil:
				onErr(err)
			case err != nil:
				ctx.NewActionWithValue(actionRefresh, "Not deleted: "+err.Error())
			default:
				ctx.NewActionWithValue(actionRefresh, "The server sent Set-Cookie: "+resp.SetCookie)
			}
		})
	})
}

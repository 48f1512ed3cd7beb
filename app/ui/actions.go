package ui

import (
	"net/http"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// deleteFromScript expires the cookie f names (its name, path, domain, and
// Secure and Partitioned where the cookie has them) by writing
// document.cookie, then has the jar show the browser's verdict.
func deleteFromScript(ctx app.Context, f cookieForm) {
	visible := false
	for _, p := range api.ParseCookieString(readDocumentCookie()) {
		visible = visible || p.Name == f.Name
	}
	f.Value, f.MaxAge, f.Expires = "", "0", ""
	line, err := scriptCookieLine(f)
	if err != nil {
		ctx.NewActionWithValue(actionRefresh, "Not deleted: "+err.Error())
		return
	}
	writeDocumentCookie(line)
	msg := "document.cookie = " + line
	if !visible {
		msg += " — but scripts cannot see " + f.Name + ", so they cannot delete it: an HttpOnly cookie is out of their reach."
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
		// The name is escaped once, here; apiURL keeps the escaping.
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

// copyText puts text on the clipboard and reports the outcome to say.
func copyText(ctx app.Context, text string, say func(string)) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		say("Copy failed: this page has no clipboard access; select the text and copy it.")
		return
	}
	ctx.Async(func() {
		_, err := awaitPromise(clip.Call("writeText", text))
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				say("Copy failed (" + err.Error() + "); select the text and copy it.")
				return
			}
			say("Copied.")
		})
	})
}

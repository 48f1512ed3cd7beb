package ui

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// cookieStore returns the page's CookieStore API object, or a null value
// where the browser has none (it needs a secure context).
func cookieStore() app.Value {
	if !app.IsClient {
		return app.Null()
	}
	return app.Window().Get("cookieStore")
}

// hasCookieStore reports whether the CookieStore API is there.
func hasCookieStore() bool {
	s := cookieStore()
	return s.Truthy()
}

// awaitPromise waits, at most 5 s, for p to settle and returns its value or
// why it was rejected. It must not run on the UI goroutine: call it inside
// ctx.Async.
func awaitPromise(p app.Value) (app.Value, error) {
	type result struct {
		v   app.Value
		err error
	}
	done := make(chan result, 1)
	var onOK, onErr app.Func
	onOK = app.FuncOf(func(this app.Value, args []app.Value) any {
		var v app.Value
		if len(args) > 0 {
			v = args[0]
		}
		done <- result{v: v}
		return nil
	})
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "rejected"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	p.Call("then", onOK, onErr)
	select {
	case r := <-done:
		onOK.Release()
		onErr.Release()
		return r.v, r.err
	case <-time.After(5 * time.Second):
		// The callbacks stay: the promise may still settle, and a
		// released callback would throw in JavaScript.
		return nil, errors.New("no answer within 5s")
	}
}

// readScriptCookies returns the cookies scripts see, with their attributes
// when the CookieStore API is there (attrs true), else the pairs of
// document.cookie. Call it inside ctx.Async.
func readScriptCookies() (cookies []scriptCookie, attrs bool) {
	if hasCookieStore() {
		list, err := awaitPromise(cookieStore().Call("getAll"))
		if err == nil {
			return storeCookies(list), true
		}
	}
	return documentCookies(), false
}

// storeCookies converts the list cookieStore.getAll() resolves to.
func storeCookies(list app.Value) (cookies []scriptCookie) {
	for i := range list.Length() {
		cookies = append(cookies, storeCookie(list.Index(i)))
	}
	return cookies
}

// documentCookies reads the cookies in document.cookie, which has no
// attributes.
func documentCookies() (cookies []scriptCookie) {
	for _, p := range api.ParseCookieString(readDocumentCookie()) {
		cookies = append(cookies, scriptCookie{Name: p.Name, Value: p.Value})
	}
	return cookies
}

// storeCookie converts one CookieListItem of the CookieStore API.
func storeCookie(v app.Value) scriptCookie {
	str := func(name string) string {
		if f := v.Get(name); f.Truthy() {
			return f.String()
		}
		return ""
	}
	c := scriptCookie{Name: str("name"), Value: str("value"), Domain: str("domain"), Path: str("path"),
		Secure: v.Get("secure").Truthy(), Partitioned: v.Get("partitioned").Truthy()}
	if e := v.Get("expires"); e.Truthy() {
		c.Expires = time.UnixMilli(int64(e.Float())).UTC()
	}
	switch str("sameSite") {
	case "strict":
		c.SameSite = "Strict"
	case "lax":
		c.SameSite = "Lax"
	case "none":
		c.SameSite = "None"
	}
	return c
}

// watchCookieStore calls onChange on the UI goroutine whenever the
// CookieStore API reports a change to a cookie this page can see, from any
// source. It returns the function that stops watching; without the API it
// does nothing (the jar polls instead).
func watchCookieStore(ctx app.Context, onChange func(ctx app.Context)) (stop func()) {
	if !hasCookieStore() {
		return func() {}
	}
	fn := app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(onChange)
		return nil
	})
	cookieStore().Call("addEventListener", "change", fn)
	return func() {
		cookieStore().Call("removeEventListener", "change", fn)
		fn.Release()
	}
}

package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// readDocumentCookie returns document.cookie: the cookies scripts see.
func readDocumentCookie() string {
	if !app.IsClient {
		return ""
	}
	return app.Window().Get("document").Get("cookie").String()
}

// writeDocumentCookie assigns one Set-Cookie-like line to document.cookie.
// The browser decides whether to store it and says nothing either way.
func writeDocumentCookie(line string) {
	if app.IsClient {
		app.Window().Get("document").Set("cookie", line)
	}
}

// serverLink makes an anchor that the browser follows itself. go-app would
// otherwise route it client-side and show "not found" for a server route.
func serverLink(href, text string) app.HTMLA {
	return app.A().Href(href).Text(text).OnClick(func(ctx app.Context, e app.Event) {
		e.Call("stopPropagation")
	})
}

// inPageLink makes an anchor to the element id on the same page that, as
// a browser does without go-app, moves the keyboard focus there too (the
// target needs tabindex -1 unless it is focusable). go-app would only
// scroll.
func inPageLink(id, text string) app.HTMLA {
	return app.A().Href("#" + id).Text(text).OnClick(func(ctx app.Context, e app.Event) {
		e.Call("stopPropagation")
		if el := app.Window().GetElementByID(id); el.Truthy() {
			e.PreventDefault()
			el.Call("focus")
			el.Call("scrollIntoView")
			app.Window().Get("history").Call("replaceState", nil, "", "#"+id)
		}
	})
}

// apiTimeout bounds every call to the server, so a dead server shows an
// error instead of a spinner forever.
const apiTimeout = 10 * time.Second

var apiClient = &http.Client{}

// apiURL returns the absolute URL of path on the page's own origin, as
// net/http in the browser needs. path is already escaped: a cookie name in
// it must not be escaped a second time ("a%23b" stays, not "a%2523b").
func apiURL(path string) string {
	u := app.Window().URL()
	dst := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}
	if p, err := url.PathUnescape(path); err == nil {
		dst.Path, dst.RawPath = p, path
	}
	return dst.String()
}

// errOffline is what every server action reports when no answer comes.
var errOffline = errors.New("offline — the server is unreachable")

// offline mirrors stateOffline outside the UI goroutine, so the state is
// set only when it changes.
var offline atomic.Bool

// stateOffline is the go-app state, a bool, that says whether the last call
// to the server got no answer. Pages observe it to show the offline state
// and to refresh when the server is back.
const stateOffline = "offline"

// callAPI sends a request to the server's JSON API and decodes the answer
// into out. An error answer becomes an error carrying its message; no
// answer at all becomes errOffline and sets stateOffline.
func callAPI(ctx app.Context, method, path string, query url.Values, in, out any) error {
	err := doCallAPI(ctx, method, path, query, in, out)
	reached := !errors.Is(err, errOffline)
	if offline.Swap(!reached) == reached {
		ctx.Dispatch(func(ctx app.Context) { ctx.SetState(stateOffline, !reached) })
	}
	return err
}

func doCallAPI(parent context.Context, method, path string, query url.Values, in, out any) error {
	ctx, cancel := context.WithTimeout(parent, apiTimeout)
	defer cancel()
	var body bytes.Buffer
	if in != nil {
		if err := json.NewEncoder(&body).Encode(in); err != nil {
			return err
		}
	}
	u := apiURL(path)
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, &body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		return errOffline
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e api.ErrorResponse
		if json.NewDecoder(resp.Body).Decode(&e) == nil && e.Error != "" {
			return &apiError{e}
		}
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// apiError is an error answer of the API: its message, the field it is
// about and the rule broken.
type apiError struct{ resp api.ErrorResponse }

func (e *apiError) Error() string { return e.resp.Error }

// fetchMe returns the logged-in username and how they logged in, or ""
// when nobody is.
func fetchMe(ctx app.Context) (name, mode string, err error) {
	var me api.MeResponse
	if err := callAPI(ctx, http.MethodGet, api.MePath, nil, nil, &me); err != nil {
		return "", "", err
	}
	if me.Username == nil {
		return "", "", nil
	}
	return *me.Username, me.Mode, nil
}

// holdWhenOffline keeps a natively posted form from posting into the void
// when the server is known to be unreachable, and returns the message to
// show; otherwise the browser posts it and "" is returned.
func holdWhenOffline(e app.Event) string {
	if !offline.Load() {
		return ""
	}
	e.PreventDefault()
	return errOffline.Error() + ". Try again when it is back."
}

// offlineMessage renders the message holdWhenOffline returned, if any.
func offlineMessage(msg string) app.UI {
	if msg == "" {
		return nil
	}
	return app.P().Class("error offline-message").Attr("role", "alert").Text(msg)
}

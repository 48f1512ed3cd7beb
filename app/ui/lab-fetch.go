package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labFetchClient makes the lab's cross-origin fetches. In the wasm, Go's
// net/http is the browser's fetch(); the js.fetch:credentials header picks
// its credentials mode.
var labFetchClient = &http.Client{Timeout: 10 * time.Second}

// errUnreadable is a cross-origin answer the browser withheld from the
// page: fetch() rejected it, as the CORS check failed.
var errUnreadable = fmt.Errorf("the browser did not let the page read the answer")

// labFetch fetches u from this page with a credentials mode ("omit",
// "same-origin" or "include") and decodes the JSON answer into out, or
// returns errUnreadable when the browser withheld it.
func labFetch(ctx context.Context, u string, credentials cookierules.Credentials, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("js.fetch:credentials", string(credentials))
	req.Header.Set("js.fetch:mode", "cors")
	resp, err := labFetchClient.Do(req)
	if err != nil {
		return errUnreadable
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s answered %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// fetchContext is the engine's request context of a fetch from this page
// to u with a credentials mode.
func (e *labEnv) fetchContext(u *url.URL, credentials cookierules.Credentials) cookierules.RequestContext {
	return cookierules.RequestContext{URL: u, TopLevelURL: e.page, Initiator: e.page, Kind: cookierules.KindFetch,
		Method: http.MethodGet, Credentials: credentials}
}

// engineHeader is the Cookie header the engine predicts for a request.
func (e *labEnv) engineHeader(rc cookierules.RequestContext) string {
	return e.jar.CookiesIn(rc, time.Now()).CookieHeader
}

// checkSubdomainEcho compares what a credentialed fetch from this page to
// its subdomain's /lab/echo carried with the engine's Cookie header for it.
func (e *labEnv) checkSubdomainEcho(id, expected string) {
	u, _ := url.Parse(e.sub + api.LabEchoPath)
	u.RawQuery = url.Values{"check": {e.exp + "/" + id}}.Encode()
	var resp api.LabEchoResponse
	browser := ""
	if err := labFetch(e.ctx, u.String(), cookierules.CredentialsInclude, &resp); err != nil {
		browser = labErrorPrefix + err.Error()
	} else {
		browser = resp.Cookie
	}
	engine := e.engineHeader(e.fetchContext(u, cookierules.CredentialsInclude))
	e.add(labCheck{ID: id, Label: "Cookie header of a fetch() with credentials to " + e.sub + api.LabEchoPath + ", a subdomain of this page's host",
		Mode: labReal, Expected: expected, Browser: browser, Engine: engine})
}

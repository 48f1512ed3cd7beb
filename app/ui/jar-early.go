package ui

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// earlyReadingGlobal names the object web/boot.js fills on a cold load of
// /jar while the wasm is still on its way: GET /api/cookies and the
// CookieStore's list, both asked for as the page loaded, and document.cookie
// at that moment. It is a contract between boot.js and the jar.
const earlyReadingGlobal = "cookieplayEarlyReading"

// jarReading is one reading of both views: what the server received, and
// the cookies scripts see (with their attributes when attrs).
type jarReading struct {
	server api.CookiesResponse
	script []scriptCookie
	attrs  bool
	at     time.Time
}

// takeEarlyReading returns boot.js's reading, or nil when there is none,
// and removes it: it describes one moment and is used once.
func takeEarlyReading() app.Value {
	if !app.IsClient {
		return nil
	}
	win := app.Window()
	early := win.Get(earlyReadingGlobal)
	if !early.Truthy() {
		return nil
	}
	win.Set(earlyReadingGlobal, app.Null())
	return early
}

// currentReading converts boot.js's reading if it is complete and
// document.cookie is still what it was then: it is then the reading the jar
// would make now, only a round trip sooner.
func currentReading(early app.Value) (jarReading, bool) {
	var r jarReading
	if !early.Get("done").Truthy() || early.Get("cookie").String() != readDocumentCookie() {
		return r, false
	}
	if err := json.Unmarshal([]byte(early.Get("body").String()), &r.server); err != nil {
		return r, false
	}
	if list := early.Get("store"); list.Truthy() {
		r.script, r.attrs = storeCookies(list), true
	} else {
		r.script = documentCookies()
	}
	origin := app.Window().Get("performance").Get("timeOrigin").Float() + early.Get("at").Float()
	r.at = time.UnixMilli(int64(origin))
	return r, true
}

// awaitReading waits for boot.js's reading to settle, then converts it as
// currentReading does. It must not run on the UI goroutine.
func awaitReading(early app.Value) (jarReading, bool) {
	if _, err := awaitPromise(early.Get("settled")); err != nil {
		return jarReading{}, false
	}
	return currentReading(early)
}

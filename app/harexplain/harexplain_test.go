package harexplain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// A small HAR writer for the tables: each entry is a request with its
// headers, a response with its Set-Cookie lines, and Chromium's extensions.

type tEntry struct {
	page         string
	at           int // ms after t0
	method, url  string
	headers      []string // "Name: value"
	setCookie    []string
	resourceType string
	initiator    any
	status       int
	redirect     string
	fromCache    string
	reqCookies   []Cookie
	respCookies  []Cookie
}

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// nav is a top-level navigation typed by the user (Sec-Fetch-Site: none)
// or started by a page (site given).
func nav(at int, u, site string, h ...string) tEntry {
	return tEntry{at: at, method: "GET", url: u, resourceType: "document",
		headers: append([]string{"Host: " + hostOf(u), "Sec-Fetch-Site: " + site, "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document"}, h...)}
}

// fetch is a fetch() from the page, in CORS mode.
func fetch(at int, u, site string, h ...string) tEntry {
	return tEntry{at: at, method: "GET", url: u, resourceType: "fetch",
		headers: append([]string{"Host: " + hostOf(u), "Sec-Fetch-Site: " + site, "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty"}, h...)}
}

// img is an <img> of the page: no-cors, credentials included.
func img(at int, u, site string, h ...string) tEntry {
	return tEntry{at: at, method: "GET", url: u, resourceType: "image",
		headers: append([]string{"Host: " + hostOf(u), "Sec-Fetch-Site: " + site, "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Dest: image"}, h...)}
}

// frame is an iframe's navigation.
func frame(at int, u, site string, h ...string) tEntry {
	return tEntry{at: at, method: "GET", url: u, resourceType: "document",
		headers: append([]string{"Host: " + hostOf(u), "Sec-Fetch-Site: " + site, "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: iframe"}, h...)}
}

func hostOf(u string) string {
	u = u[strings.Index(u, "//")+2:]
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}

func (e tEntry) sets(lines ...string) tEntry { e.setCookie = lines; return e }
func (e tEntry) on(page string) tEntry       { e.page = page; return e }

// cookie adds the Cookie header the browser recorded.
func (e tEntry) cookie(h string) tEntry { e.headers = append(e.headers, "Cookie: "+h); return e }

func buildHAR(pages map[string]string, entries ...tEntry) []byte {
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	var ps []map[string]any
	for id, title := range pages {
		ps = append(ps, map[string]any{"id": id, "title": title, "startedDateTime": t0.Format(time.RFC3339Nano)})
	}
	var es []map[string]any
	for _, e := range entries {
		var rh, sh []nv
		for _, h := range e.headers {
			n, v, _ := strings.Cut(h, ": ")
			rh = append(rh, nv{n, v})
		}
		for _, l := range e.setCookie {
			sh = append(sh, nv{"Set-Cookie", l})
		}
		status := e.status
		if status == 0 {
			status = 200
		}
		page := e.page
		if page == "" {
			page = "page_1"
		}
		m := map[string]any{
			"pageref":         page,
			"startedDateTime": t0.Add(time.Duration(e.at) * time.Millisecond).Format(time.RFC3339Nano),
			"time":            2,
			"request":         map[string]any{"method": e.method, "url": e.url, "headers": rh, "cookies": orEmpty(e.reqCookies), "httpVersion": "HTTP/1.1", "queryString": []any{}, "headersSize": -1, "bodySize": 0},
			"response":        map[string]any{"status": status, "headers": sh, "cookies": orEmpty(e.respCookies), "redirectURL": e.redirect, "content": map[string]any{"size": 0, "mimeType": "text/html"}},
			"timings":         map[string]any{"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": 1, "receive": 1},
			"_resourceType":   e.resourceType,
		}
		if e.initiator != nil {
			m["_initiator"] = e.initiator
		}
		if e.fromCache != "" {
			m["_fromCache"] = e.fromCache
		}
		es = append(es, m)
	}
	b, err := json.Marshal(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]any{"name": "test", "version": "1"}, "pages": ps, "entries": es,
	}})
	if err != nil {
		panic(err)
	}
	return b
}

func orEmpty(cs []Cookie) []Cookie {
	if cs == nil {
		return []Cookie{}
	}
	return cs
}

// want is what a table expects of one entry.
type want struct {
	status    string
	predicted string
	diff      string // a kind of difference the entry must show, "" for none
	cause     string // a word of its cause
	refused   string // a reason one of its Set-Cookie lines must be refused with
	note      string // a word of one of its notes
}

var explainTests = []struct {
	name    string
	pages   map[string]string
	entries []tEntry
	opts    Options
	want    map[int]want
}{
	{
		name: "a cookie set by a navigation goes with the next same-site fetch: agrees",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1; Path=/; Secure; HttpOnly"),
			fetch(100, "https://a.test/api", "same-origin").cookie("id=1"),
		},
		want: map[int]want{0: {status: api.HARAgrees}, 1: {status: api.HARAgrees, predicted: "id=1"}},
	},
	{
		name: "a SameSite=Strict cookie recorded on a cross-site image is impossible: differs, the rules name SameSiteStrict",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("s=1; Secure; SameSite=Strict"),
			nav(100, "https://b.test/", "none"),
			img(200, "https://a.test/pixel", "cross-site").cookie("s=1"),
		},
		want: map[int]want{2: {status: api.HARDiffers, diff: api.HARSentNotPredicted, cause: "SameSite=Strict"}},
	},
	{
		name: "a Secure cookie set over http is refused, and recorded later: flagged as impossible",
		entries: []tEntry{
			nav(0, "http://a.test/", "").sets("sec=1; Secure"),
			nav(100, "https://a.test/", "none").cookie("sec=1"),
		},
		want: map[int]want{0: {refused: "SecureOnly"}, 1: {status: api.HARDiffers, diff: api.HARSentNotPredicted, cause: "refused by the rules"}},
	},
	{
		name: "a third-party cookie the browser held back: the cause names third-party blocking",
		entries: []tEntry{
			nav(0, "https://b.test/", "none").sets("t=1; Secure; SameSite=None"),
			nav(100, "https://a.test/", "none"),
			img(200, "https://b.test/pixel", "cross-site"),
		},
		want: map[int]want{2: {status: api.HARDiffers, diff: api.HARPredictedNotSent, cause: "third-party"}},
	},
	{
		name: "the same recording, explained with third-party cookies blocked: agrees",
		opts: Options{ThirdPartyCookiesBlocked: true},
		entries: []tEntry{
			nav(0, "https://b.test/", "none").sets("t=1; Secure; SameSite=None"),
			nav(100, "https://a.test/", "none"),
			img(200, "https://b.test/pixel", "cross-site"),
		},
		want: map[int]want{2: {status: api.HARAgrees}},
	},
	{
		name: "a cookie from before the recording is not compared, and named",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").cookie("old=1"),
		},
		want: map[int]want{0: {status: api.HARAgrees, note: "old"}},
	},
	{
		name: "a recording without any cookie (a sanitized export): nothing can be judged",
		entries: []tEntry{
			nav(0, "https://a.test/", "none"),
			fetch(10, "https://a.test/api", "same-origin"),
		},
		want: map[int]want{0: {status: api.HARNotJudged}, 1: {status: api.HARNotJudged}},
	},
	{
		name: "provisional request headers (no Host) of an image: not judged",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1"),
			{at: 10, method: "GET", url: "https://a.test/logo.png", resourceType: "image", headers: []string{"Sec-Fetch-Mode: no-cors"}},
		},
		want: map[int]want{1: {status: api.HARNotJudged, note: "provisional"}},
	},
	{
		name: "provisional request headers of a fetch: Chromium's mark of omitted credentials, agrees",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1"),
			{at: 10, method: "GET", url: "https://a.test/api", resourceType: "fetch", headers: []string{"Accept: */*"}},
		},
		want: map[int]want{1: {status: api.HARAgrees, note: "omitted credentials"}},
	},
	{
		name: "served from the memory cache: no request went out, agrees",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1"),
			{at: 10, method: "GET", url: "https://a.test/logo.png", resourceType: "image", fromCache: "memory"},
		},
		want: map[int]want{1: {status: api.HARAgrees, note: "cache"}},
	},
	{
		name:  "Firefox: no _resourceType, titles that are not URLs: the page is its navigation",
		pages: map[string]string{"page_1": "Example shop"},
		entries: []tEntry{
			{at: 0, method: "GET", url: "https://a.test/", headers: []string{"Host: a.test", "Sec-Fetch-Site: none", "Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"}, setCookie: []string{"id=1; Secure; SameSite=Lax"}},
			{at: 50, method: "GET", url: "https://a.test/app.js", headers: []string{"Host: a.test", "Sec-Fetch-Site: same-origin", "Sec-Fetch-Dest: script", "Sec-Fetch-Mode: no-cors", "Cookie: id=1"}},
		},
		want: map[int]want{1: {status: api.HARAgrees, predicted: "id=1"}},
	},
	{
		name: "a same-origin fetch without any of the cookies the rules send: credentials omitted, with a note",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1", "theme=dark"),
			fetch(100, "https://a.test/api", "same-origin").sets("later=1"),
			fetch(200, "https://a.test/api", "same-origin").cookie("id=1; theme=dark"),
		},
		want: map[int]want{1: {status: api.HARAgrees, note: "\"omit\"", refused: "CredentialsOmitted"}, 2: {status: api.HARAgrees}},
	},
	{
		name: "a same-origin fetch without one of two cookies: differs",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1", "theme=dark"),
			fetch(100, "https://a.test/api", "same-origin").cookie("theme=dark"),
		},
		want: map[int]want{1: {status: api.HARDiffers, diff: api.HARPredictedNotSent}},
	},
	{
		name: "a cross-origin fetch without cookies: taken as fetch's default credentials, with a note",
		entries: []tEntry{
			nav(0, "https://api.a.test/", "none").sets("id=1; Secure; SameSite=None"),
			nav(10, "https://a.test/", "none"),
			fetch(20, "https://api.a.test/data", "same-site", "Origin: https://a.test"),
		},
		want: map[int]want{2: {status: api.HARAgrees, note: "same-origin"}},
	},
	{
		name: "a cross-origin fetch of unknown credentials mode: a line any mode refuses says why, another is refused for want of credentials",
		entries: []tEntry{
			nav(0, "https://b.test/", "none"),
			fetch(10, "https://a.test/api", "cross-site", "Origin: https://b.test").sets("l=1; Secure; SameSite=Lax"),
			fetch(20, "https://a.test/api", "cross-site", "Origin: https://b.test").sets("n=1; Secure; SameSite=None"),
		},
		want: map[int]want{1: {status: api.HARAgrees, refused: "SchemefulSameSiteLax"}, 2: {status: api.HARAgrees, refused: "CredentialsOmitted"}},
	},
	{
		name: "a redirect keeps the navigation's context: a Lax cookie goes on the hop",
		entries: []tEntry{
			nav(0, "https://b.test/", "none").sets("lax=1; Secure; SameSite=Lax"),
			nav(10, "https://a.test/", "none"),
			func() tEntry {
				e := nav(20, "https://a.test/out", "same-origin")
				e.status, e.redirect = 302, "https://b.test/in"
				return e
			}(),
			nav(30, "https://b.test/in", "cross-site").cookie("lax=1"),
		},
		want: map[int]want{3: {status: api.HARAgrees, predicted: "lax=1", note: "redirect"}},
	},
	{
		name: "request.cookies stand in for a missing Cookie header",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("id=1"),
			func() tEntry {
				e := fetch(20, "https://a.test/api", "same-origin")
				e.reqCookies = []Cookie{{Name: "id", Value: "2"}}
				return e
			}(),
		},
		want: map[int]want{1: {status: api.HARDiffers, diff: api.HARValueDiffers, note: "request.cookies"}},
	},
	{
		name: "a response's cookie on a request started a moment after it: differs, put down to timing",
		entries: []tEntry{
			nav(0, "https://a.test/", "none"),
			fetch(10, "https://a.test/login", "same-origin").sets("id=1"),
			img(15, "https://a.test/pixel", "same-origin"),
		},
		want: map[int]want{2: {status: api.HARDiffers, diff: api.HARPredictedNotSent, cause: "timing"}},
	},
	{
		name: "a Partitioned cookie of a cross-site frame goes back in the same partition, not in another",
		entries: []tEntry{
			nav(0, "https://a.test/", "none"),
			frame(10, "https://b.test/widget", "cross-site").sets("p=1; Secure; Path=/; SameSite=None; Partitioned"),
			img(100, "https://b.test/pixel", "cross-site").cookie("p=1"),
			nav(200, "https://c.test/", "none").on("page_2"),
			img(300, "https://b.test/pixel", "cross-site").on("page_2"),
		},
		want: map[int]want{2: {status: api.HARAgrees, predicted: "p=1"}, 4: {status: api.HARAgrees, predicted: ""}},
	},
	{
		name: "Set-Cookie lines joined with a line break in one header (CDP's form) are two lines",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("a=1\nb=2; Path=/"),
			fetch(100, "https://a.test/api", "same-origin").cookie("a=1; b=2"),
		},
		want: map[int]want{1: {status: api.HARAgrees, predicted: "a=1; b=2"}},
	},
	{
		name: "a script's fetch: _initiator's stack names a CDN script, the Origin header the page",
		entries: []tEntry{
			nav(0, "https://a.test/", "none").sets("n=1; Secure; SameSite=None"),
			nav(10, "https://b.test/", "none"),
			func() tEntry {
				e := fetch(20, "https://a.test/api", "cross-site", "Origin: https://b.test").cookie("n=1")
				e.initiator = map[string]any{"type": "script", "stack": map[string]any{"callFrames": []any{map[string]any{"url": "https://cdn.c.test/lib.js"}}}}
				return e
			}(),
		},
		want: map[int]want{2: {status: api.HARAgrees, predicted: "n=1"}},
	},
	{
		name: "response.cookies stand in for missing Set-Cookie headers",
		entries: []tEntry{
			func() tEntry {
				e := nav(0, "https://a.test/", "none")
				e.respCookies = []Cookie{{Name: "id", Value: "1", Path: "/", Secure: true, HTTPOnly: true}}
				return e
			}(),
			fetch(100, "https://a.test/api", "same-origin").cookie("id=1"),
		},
		want: map[int]want{0: {note: "response.cookies"}, 1: {status: api.HARAgrees, predicted: "id=1"}},
	},
}

func TestExplain(t *testing.T) {
	for _, tt := range explainTests {
		t.Run(tt.name, func(t *testing.T) {
			pages := tt.pages
			if pages == nil {
				pages = map[string]string{}
			}
			l, err := Decode(buildHAR(pages, tt.entries...))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			rep := Explain(l, tt.opts)
			if len(rep.Entries) != len(tt.entries) {
				t.Fatalf("%d entries explained; want %d", len(rep.Entries), len(tt.entries))
			}
			for i, w := range tt.want {
				e := rep.Entries[i]
				dump, _ := json.MarshalIndent(e, "", "  ")
				if w.status != "" && e.Status != w.status {
					t.Errorf("entry %d: status %q; want %q\n%s", i, e.Status, w.status, dump)
				}
				if w.status != "" && e.Agrees != (w.status == api.HARAgrees) {
					t.Errorf("entry %d: agrees = %v with status %q", i, e.Agrees, e.Status)
				}
				if w.predicted != "" && e.PredictedCookieHeader != w.predicted {
					t.Errorf("entry %d: predicted %q; want %q", i, e.PredictedCookieHeader, w.predicted)
				}
				if w.diff != "" && !hasDiff(e, w.diff, w.cause) {
					t.Errorf("entry %d: no %s difference with a cause holding %q\n%s", i, w.diff, w.cause, dump)
				}
				if w.refused != "" && !hasRefused(e, w.refused) {
					t.Errorf("entry %d: no Set-Cookie refused with %s\n%s", i, w.refused, dump)
				}
				if w.note != "" && !strings.Contains(strings.Join(e.Notes, "|")+e.NotJudged, w.note) {
					t.Errorf("entry %d: no note holds %q\n%s", i, w.note, dump)
				}
			}
		})
	}
}

func hasDiff(e api.HAREntry, kind, cause string) bool {
	for _, d := range e.Differences {
		if d.Kind == kind && strings.Contains(d.Cause, cause) {
			return true
		}
	}
	return false
}

func hasRefused(e api.HAREntry, reason string) bool {
	for _, r := range e.SetCookie {
		if Refused(r) && r.Reason == reason {
			return true
		}
	}
	return false
}

func TestExplainSummaryCounts(t *testing.T) {
	l, err := Decode(buildHAR(nil,
		nav(0, "http://a.test/", "").sets("sec=1; Secure", "ok=1"),
		nav(100, "http://a.test/", "").cookie("ok=1"),
		nav(200, "http://a.test/", "").cookie("ok=2"),
	))
	if err != nil {
		t.Fatal(err)
	}
	got := Explain(l, Options{}).Summary
	want := api.HARSummary{Entries: 3, Agree: 2, Differ: 1, SetCookieLines: 2, Refused: 1, ThirdPartyCookies: "allowed", Creator: "test 1", Notes: []string{}}
	if g, w := mustJSON(got), mustJSON(want); g != w {
		t.Errorf("summary = %s; want %s", g, w)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var decodeErrorTests = []struct {
	name, data, want string
}{
	{"not JSON", "GET / HTTP/1.1", "not a HAR file: not JSON"},
	{"empty", "", "not a HAR file: not JSON (the file is empty"},
	{"a JSON array", `[1,2]`, `not a HAR file: must be a JSON object {"log": …}, not array`},
	{"no log", `{"entries": []}`, `not a HAR file: it has no "log"`},
	{"log is null", `{"log": null}`, `not a HAR file: it has no "log"`},
	{"log is a string", `{"log": "x"}`, "not a HAR file: log: must be an object, not string"},
	{"no entries", `{"log": {"version": "1.2"}}`, "not a HAR file: log.entries: missing"},
	{"entries is an object", `{"log": {"entries": {}}}`, "not a HAR file: log.entries: must be an array, not object"},
	{"a URL that is a number", `{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": 7}}]}}`, "not a HAR file: log.entries[0].request.url: must be a string, not number"},
	{"headers that are a string", `{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": "https://a.test/", "headers": "Cookie: a=1"}}]}}`, "not a HAR file: log.entries[0].request.headers: must be an array, not string"},
	{"no request", `{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z"}]}}`, "not a HAR file: log.entries[0].request: missing"},
	{"a relative URL", `{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": "/x"}}]}}`, `not a HAR file: log.entries[0].request.url: "/x" is not an absolute URL`},
	{"a start time that is not a date", `{"log": {"entries": [{"startedDateTime": "yesterday", "request": {"method": "GET", "url": "https://a.test/"}}]}}`, `not a HAR file: log.entries[0].startedDateTime: "yesterday" is not an ISO 8601 date`},
	{"two JSON values", `{"log": {"entries": []}} {}`, "not a HAR file: more than one JSON value"},
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Decode(%q) = %v; want an error starting %q", tt.data, err, tt.want)
			}
			if _, ok := err.(*FormatError); err != nil && !ok {
				t.Errorf("Decode(%q) error is %T; want *FormatError", tt.data, err)
			}
		})
	}
}

func TestDecodeRefusesMoreThan50MB(t *testing.T) {
	data := make([]byte, 60<<20)
	_, err := Decode(data)
	want := "not a HAR file: the file is 60.0 MB; the limit is 50.0 MB"
	if err == nil || err.Error() != want {
		t.Errorf("Decode(60 MB) = %v; want %q", err, want)
	}
}

func TestDecodeEmptyLog(t *testing.T) {
	l, err := Decode([]byte(`{"log": {"version": "1.2", "entries": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	rep := Explain(l, Options{})
	if len(rep.Entries) != 0 || rep.Summary.Entries != 0 {
		t.Errorf("Explain(empty log) = %+v", rep)
	}
}

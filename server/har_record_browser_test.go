package server_test

// Recording real sessions in Chromium as HAR files, for the HAR replay
// (har_replay_browser_test.go), on the HTTPS test sites and their site
// browsers (sites_browser_test.go): a handler answering every site with the
// Set-Cookie lines and redirects its URL asks for, and a recorder that
// builds the HAR from the CDP Network events as DevTools' export does: request headers as sent
// (requestWillBeSentExtraInfo, Cookie included), response headers as
// received (responseReceivedExtraInfo, every Set-Cookie), pages titled with
// their URL, _resourceType and _initiator.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/har"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// startHARSites serves the recording sites over HTTPS (sites_browser_test.go)
// and returns the port.
func startHARSites(t *testing.T) string {
	t.Helper()
	return startTestSites(t, http.HandlerFunc(serveHARSite)).httpsPort
}

// serveHARSite answers every recording site: the Set-Cookie lines of its c
// parameters, exactly as written; a 302 to its to parameter; otherwise a
// page holding the agent. CORS requests are allowed with credentials.
func serveHARSite(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/favicon.ico" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	w.Header()["Set-Cookie"] = q["c"]
	w.Header().Set("Cache-Control", "no-store")
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Vary", "Origin")
	}
	if to := q.Get("to"); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	harAgentPage.Execute(w, r.Host+r.URL.Path)
}

// harAgentPage is every page of the sites. Its agent performs an operation
// {op: "fetch"|"img"|"iframe"|"link"|"form", url, credentials}, in this
// document or, given via (a URL), inside a new iframe of via; it resolves
// when the operation is done or, for a navigation, started.
var harAgentPage = template.Must(template.New("agent").Parse(`<!doctype html>
<meta charset="utf-8"><title>{{.}}</title>
<script>
async function act(op) {
  switch (op.op) {
  case "fetch":
    try { const r = await fetch(op.url, {credentials: op.credentials, mode: "cors", cache: "no-store"}); await r.text(); return "fetched"; }
    catch (e) { return "fetch failed"; }
  case "img":
    return new Promise((ok) => { const i = new Image(); i.onload = i.onerror = () => ok("loaded"); i.src = op.url; });
  case "iframe":
    return frame(op.url).then(() => "loaded");
  case "link": {
    const a = document.createElement("a"); a.href = op.url; document.body.append(a);
    setTimeout(() => a.click(), 0); return "clicked";
  }
  case "form": {
    const f = document.createElement("form"); f.method = "post"; f.action = op.url; document.body.append(f);
    setTimeout(() => f.submit(), 0); return "submitted";
  }
  }
  return "unknown op";
}
function frame(url) {
  const f = document.createElement("iframe");
  return new Promise((ok) => { f.onload = () => ok(f); setTimeout(() => ok(f), 10000); f.src = url; document.body.append(f); });
}
window.__agent = {
  async run(op) {
    if (!op.via) return act(op);
    const f = await frame(op.via);
    const id = String(Math.random());
    return new Promise((ok) => {
      addEventListener("message", function reply(e) { if (e.data && e.data.id === id) { removeEventListener("message", reply); ok(e.data.result); } });
      setTimeout(() => ok("no answer from the frame"), 10000);
      f.contentWindow.postMessage({id, op: {...op, via: ""}}, "*");
    });
  },
};
addEventListener("message", async (e) => { if (e.data && e.data.op) e.source.postMessage({id: e.data.id, result: await act(e.data.op)}, "*"); });
</script>
<body>
`))

// harHop is one request of a redirect chain, as the events told it.
type harHop struct {
	id        network.RequestID
	sent      *network.EventRequestWillBeSent
	wire      network.Headers // requestWillBeSentExtraInfo: the headers sent
	assoc     []*network.AssociatedCookie
	resp      *network.Response // redirectResponse or responseReceived
	respWire  network.Headers   // responseReceivedExtraInfo: the headers received
	blocked   []*network.BlockedSetCookieWithReason
	frameMain bool
	failed    string
}

// harRecorder listens to a tab's Network events and writes them as a HAR.
type harRecorder struct {
	mainFrame cdp.FrameID
	mu        sync.Mutex
	hops      []*harHop
	byID      map[network.RequestID][]*harHop
	// ExtraInfo events may come before their requestWillBeSent: they wait,
	// in order, per request id.
	reqExtra  map[network.RequestID][]*network.EventRequestWillBeSentExtraInfo
	respExtra map[network.RequestID][]*network.EventResponseReceivedExtraInfo
	inFlight  map[network.RequestID]bool
	last      time.Time
}

func newHARRecorder(ctx context.Context, mainFrame cdp.FrameID) (*harRecorder, error) {
	r := &harRecorder{mainFrame: mainFrame, byID: map[network.RequestID][]*harHop{},
		reqExtra:  map[network.RequestID][]*network.EventRequestWillBeSentExtraInfo{},
		respExtra: map[network.RequestID][]*network.EventResponseReceivedExtraInfo{},
		inFlight:  map[network.RequestID]bool{}}
	err := chromedp.Listen(ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.last = time.Now()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.RedirectResponse != nil {
				if prev := r.current(ev.RequestID); prev != nil {
					prev.resp = ev.RedirectResponse
				}
			}
			h := &harHop{id: ev.RequestID, sent: ev, frameMain: ev.FrameID == r.mainFrame && ev.Type == network.ResourceTypeDocument}
			r.hops = append(r.hops, h)
			r.byID[ev.RequestID] = append(r.byID[ev.RequestID], h)
			r.inFlight[ev.RequestID] = true
			r.attach(ev.RequestID)
		case *network.EventRequestWillBeSentExtraInfo:
			r.reqExtra[ev.RequestID] = append(r.reqExtra[ev.RequestID], ev)
			r.attach(ev.RequestID)
		case *network.EventResponseReceivedExtraInfo:
			r.respExtra[ev.RequestID] = append(r.respExtra[ev.RequestID], ev)
			r.attach(ev.RequestID)
		case *network.EventResponseReceived:
			if h := r.current(ev.RequestID); h != nil {
				h.resp = ev.Response
			}
		case *network.EventLoadingFinished:
			delete(r.inFlight, ev.RequestID)
		case *network.EventLoadingFailed:
			if h := r.current(ev.RequestID); h != nil {
				h.failed = ev.ErrorText
			}
			delete(r.inFlight, ev.RequestID)
		}
	})
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	return r, err
}

func (r *harRecorder) current(id network.RequestID) *harHop {
	hs := r.byID[id]
	if len(hs) == 0 {
		return nil
	}
	return hs[len(hs)-1]
}

// attach hands waiting ExtraInfo events to the hops of id, in order: the
// n-th of each kind belongs to the n-th hop.
func (r *harRecorder) attach(id network.RequestID) {
	hs := r.byID[id]
	for i, h := range hs {
		if h.wire == nil && i < len(r.reqExtra[id]) {
			h.wire, h.assoc = r.reqExtra[id][i].Headers, r.reqExtra[id][i].AssociatedCookies
		}
		if h.respWire == nil && i < len(r.respExtra[id]) {
			h.respWire, h.blocked = r.respExtra[id][i].Headers, r.respExtra[id][i].BlockedCookies
		}
	}
}

// settle waits until no request is in flight and no event came for a
// moment.
func (r *harRecorder) settle(ctx context.Context) {
	for {
		r.mu.Lock()
		quiet := len(r.inFlight) == 0 && time.Since(r.last) > 150*time.Millisecond
		r.mu.Unlock()
		if quiet {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// harEntry is a cdproto HAR entry with Chromium's extensions.
type harEntry struct {
	*har.Entry
	ResourceType string              `json:"_resourceType"`
	Initiator    *network.Initiator  `json:"_initiator,omitempty"`
	FromCache    string              `json:"_fromCache,omitempty"`
	Blocked      []blockedLineRecord `json:"_blockedCookies,omitempty"` // what Chromium refused, kept for the test
}

type blockedLineRecord struct {
	Line    string   `json:"line"`
	Reasons []string `json:"reasons"`
}

// HAR writes what was recorded as a HAR file (JSON), as DevTools' export
// does; each entry also keeps Chromium's blocked Set-Cookie lines under
// _blockedCookies, which HAR readers ignore.
func (r *harRecorder) HAR() ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id := range r.byID {
		r.attach(id)
	}
	l := &har.Log{Version: "1.2", Creator: &har.Creator{Name: "cookieplay test recorder (CDP)", Version: "1"}}
	var entries []harEntry
	page := ""
	for _, h := range r.hops {
		ev := h.sent
		if h.frameMain {
			page = fmt.Sprintf("page_%d", len(l.Pages)+1)
			l.Pages = append(l.Pages, &har.Page{ID: page, Title: ev.Request.URL, StartedDateTime: wallTime(ev.WallTime).Format(time.RFC3339Nano), PageTimings: &har.PageTimings{}})
		}
		e := &har.Entry{
			Pageref: page, StartedDateTime: wallTime(ev.WallTime).Format(time.RFC3339Nano),
			Request: &har.Request{Method: ev.Request.Method, URL: ev.Request.URL + ev.Request.URLFragment, HTTPVersion: "HTTP/1.1",
				Headers: headerList(ev.Request.Headers), Cookies: []*har.Cookie{}, QueryString: []*har.NameValuePair{}, HeadersSize: -1, BodySize: 0},
			Response: &har.Response{Cookies: []*har.Cookie{}, Headers: []*har.NameValuePair{}, Content: &har.Content{}, HeadersSize: -1, BodySize: -1},
			Cache:    &har.Cache{},
			Timings:  &har.Timings{Send: 0, Wait: 0, Receive: 0},
		}
		if h.wire != nil {
			e.Request.Headers = headerList(h.wire)
			for _, a := range h.assoc {
				if len(a.BlockedReasons) == 0 && a.Cookie != nil {
					e.Request.Cookies = append(e.Request.Cookies, &har.Cookie{Name: a.Cookie.Name, Value: a.Cookie.Value, Path: a.Cookie.Path, Domain: a.Cookie.Domain, HTTPOnly: a.Cookie.HTTPOnly, Secure: a.Cookie.Secure})
				}
			}
		}
		if h.resp != nil {
			e.Response.Status, e.Response.StatusText = h.resp.Status, h.resp.StatusText
			e.Response.Headers = headerList(h.resp.Headers)
			if loc := cdpHeader(h.resp.Headers, "Location"); loc != "" {
				e.Response.RedirectURL = loc
			}
			if t := h.resp.Timing; t != nil {
				// Headers received, from the request's start.
				e.Timings.Wait = t.RequestTime*1000 + t.ReceiveHeadersEnd - float64(ev.Timestamp)*1000
				if e.Timings.Wait < 0 {
					e.Timings.Wait = 0
				}
			}
		}
		if h.respWire != nil {
			e.Response.Headers = headerList(h.respWire)
		}
		if h.failed != "" && h.resp == nil {
			e.Comment = h.failed
		}
		x := harEntry{Entry: e, ResourceType: strings.ToLower(string(ev.Type)), Initiator: ev.Initiator}
		for _, b := range h.blocked {
			rec := blockedLineRecord{Line: b.CookieLine}
			for _, reason := range b.BlockedReasons {
				rec.Reasons = append(rec.Reasons, string(reason))
			}
			x.Blocked = append(x.Blocked, rec)
		}
		entries = append(entries, x)
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].StartedDateTime < entries[j].StartedDateTime })
	return json.Marshal(struct {
		Log any `json:"log"`
	}{struct {
		*har.Log
		Entries []harEntry `json:"entries"`
	}{l, entries}})
}

func wallTime(t cdp.TimeSinceEpoch) time.Time {
	return time.Unix(0, int64(float64(t)*1e9)).UTC()
}

// headerList turns CDP headers into HAR's list; values holding line breaks
// (several headers of one name) become one entry each, as DevTools does.
func headerList(hs network.Headers) []*har.NameValuePair {
	names := make([]string, 0, len(hs))
	for k := range hs {
		names = append(names, k)
	}
	sort.Strings(names)
	out := []*har.NameValuePair{}
	for _, k := range names {
		v, ok := hs[k].(string)
		if !ok {
			continue
		}
		for _, line := range strings.Split(v, "\n") {
			out = append(out, &har.NameValuePair{Name: k, Value: line})
		}
	}
	return out
}

func cdpHeader(hs network.Headers, name string) string {
	for k, v := range hs {
		if s, ok := v.(string); ok && strings.EqualFold(k, name) {
			return s
		}
	}
	return ""
}

// errAgent is an agent operation that did not answer.
var errAgent = errors.New("the page's agent did not answer")

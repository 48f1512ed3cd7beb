package server_test

// The machinery of TestBrowserExplainReplay (explain_browser_test.go): it
// replays Set-Cookie cases in real Chromium and in the rules engine
// (app/cookierules) and compares, line by line, what each stored, rejected
// and sent.
//
// One test server plays every site. Each replay tab has a browser context
// of its own whose HTTP proxy is that server, so the corpora's hosts
// (home.example.org:8888, web-platform.test:8000, ...) reach it with their
// names, ports and paths unchanged; https URLs reach it through CONNECT,
// tunnelled to a TLS server with the same handler (the tab ignores
// certificate errors). Loopback hosts (localhost) bypass any proxy and
// reach the server directly. Every URL has an explicit port other than 80
// and 443, so Chromium's HTTPS upgrades never try https first.
//
// A case is a few steps, each Set-Cookie lines sent by a response to a URL
// (the response redirects to the case's result URL, whose request's Cookie
// header the server records) or written to document.cookie of a page. Per
// line, the blocked reasons come from Network.responseReceivedExtraInfo;
// then document.cookie, the Cookie header and Chromium's cookie store
// (Storage.getCookies) are compared with the engine's.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/cookierules/corpora"
)

// replayStep is one source of cookies: lines in Set-Cookie headers of a
// response to url, or written one by one to document.cookie of a page at
// url (script).
type replayStep struct {
	url    string
	lines  []string
	script bool
}

// replayCase is one case: its steps in order, into one empty cookie store,
// then a read at resultURL. When the last step is HTTP, its response
// redirects to resultURL, and the Cookie header of that request and
// document.cookie there are compared; when it is script, document.cookie
// is read on that page (resultURL is its URL).
type replayCase struct {
	id        string
	steps     []replayStep
	resultURL string
}

func (c replayCase) lastIsScript() bool { return c.steps[len(c.steps)-1].script }

// replayServer answers every request of the replay: as each site's origin
// (directly, or as the HTTP proxy of the replay's browser contexts).
type replayServer struct {
	plain, tls *httptest.Server

	seq      atomic.Int64
	mu       sync.Mutex
	send     map[string]replaySend    // token of a setting request: what to answer
	received map[string]replayReceipt // token of a result request: what it carried
}

type replaySend struct {
	lines []string
	next  string // the result URL, with its token
}

type replayReceipt struct {
	cookie string
	tls    bool
	uri    string // the request target as received
}

func newReplayServer(t *testing.T) *replayServer {
	t.Helper()
	rs := &replayServer{send: map[string]replaySend{}, received: map[string]replayReceipt{}}
	rs.plain = httptest.NewServer(rs)
	t.Cleanup(rs.plain.Close)
	rs.tls = httptest.NewUnstartedServer(rs)
	// The tab accepts the test certificate only after a first refusal.
	rs.tls.Config.ErrorLog = log.New(io.Discard, "", 0)
	rs.tls.StartTLS()
	t.Cleanup(rs.tls.Close)
	return rs
}

// port is the port of the server, for loopback URLs.
func (rs *replayServer) port() string {
	return strconv.Itoa(rs.plain.Listener.Addr().(*net.TCPAddr).Port)
}

func (rs *replayServer) token() string { return "r" + strconv.FormatInt(rs.seq.Add(1), 10) }

// withParam appends name=value to the query of u, leaving the rest as
// written.
func withParam(u, name, value string) string {
	if strings.Contains(u, "?") {
		return u + "&" + name + "=" + value
	}
	return u + "?" + name + "=" + value
}

// expectSet registers a setting request: it returns the URL that answers
// with lines and redirects to result, and the token of each.
func (rs *replayServer) expectSet(setURL string, lines []string, resultURL string) (u, setTok, resultTok string) {
	setTok, resultTok = rs.token(), rs.token()
	rs.mu.Lock()
	rs.send[setTok] = replaySend{lines: lines, next: withParam(resultURL, "replay-get", resultTok)}
	rs.mu.Unlock()
	return withParam(setURL, "replay-set", setTok), setTok, resultTok
}

func (rs *replayServer) receipt(tok string) (replayReceipt, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.received[tok]
	return r, ok
}

func (rs *replayServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		rs.tunnel(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()
	if tok := q.Get("replay-set"); tok != "" {
		rs.mu.Lock()
		s, ok := rs.send[tok]
		rs.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		// Exactly the case's lines, bypassing http.SetCookie.
		w.Header()["Set-Cookie"] = s.lines
		w.Header().Set("X-Replay", tok)
		w.Header().Set("Location", s.next)
		w.WriteHeader(http.StatusFound)
		return
	}
	if tok := q.Get("replay-get"); tok != "" {
		rs.mu.Lock()
		rs.received[tok] = replayReceipt{cookie: strings.Join(r.Header.Values("Cookie"), "; "), tls: r.TLS != nil, uri: r.RequestURI}
		rs.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>replay</title>")
		return
	}
	http.NotFound(w, r) // /favicon.ico and the like
}

// tunnel answers CONNECT host:8443 with a tunnel to the TLS server. Other
// ports are refused: an https URL of the replay always names port 8443, and
// an HTTPS upgrade (port 443) must fail fast.
func (rs *replayServer) tunnel(w http.ResponseWriter, r *http.Request) {
	if _, port, _ := net.SplitHostPort(r.Host); port != "8443" {
		http.Error(w, "the replay tunnels port 8443 only", http.StatusBadGateway)
		return
	}
	up, err := net.Dial("tcp", rs.tls.Listener.Addr().String())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		up.Close()
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	go func() {
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			up.Write(b)
		}
		io.Copy(up, conn)
		up.Close()
	}()
	go func() {
		io.Copy(conn, up)
		conn.Close()
	}()
}

// replayTab is one tab of the replay, in a browser context of its own whose
// proxy is the replay server.
type replayTab struct {
	ctx  context.Context
	bc   cdp.BrowserContextID
	page string // the URL of the page the tab shows, without its token; "" if unknown

	mu      sync.Mutex
	blocked map[string][]*network.BlockedSetCookieWithReason // by the X-Replay token of the response
}

// openReplayTab opens a replay tab, closed when the test ends, its every
// action bounded by the test's deadline.
func openReplayTab(t *testing.T, rs *replayServer, deadline time.Time) *replayTab {
	t.Helper()
	proxy := "http://" + rs.plain.Listener.Addr().String()
	tabCtx, cancelTab := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext(func(p *target.CreateBrowserContextParams) {
		p.ProxyServer = proxy
	}))
	ctx, cancel := context.WithDeadline(tabCtx, deadline)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a replay tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true}); err != nil {
		t.Fatalf("Security.setIgnoreCertificateErrors: %v", err)
	}
	tab := &replayTab{ctx: ctx, bc: chromedp.FromContext(ctx).BrowserContextID, blocked: map[string][]*network.BlockedSetCookieWithReason{}}
	events := chromedp.Events(ctx, network.ResponseReceivedExtraInfo)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			for k, v := range ev.Headers {
				if s, ok := v.(string); ok && strings.EqualFold(k, "X-Replay") {
					tab.mu.Lock()
					tab.blocked[s] = ev.BlockedCookies
					tab.mu.Unlock()
				}
			}
		}
	}()
	return tab
}

// blockedFor waits, up to a few seconds, for the ExtraInfo event of the
// response with the token.
func (tab *replayTab) blockedFor(ctx context.Context, tok string) ([]*network.BlockedSetCookieWithReason, bool) {
	for wait := time.Duration(0); wait < 3*time.Second; wait += 10 * time.Millisecond {
		tab.mu.Lock()
		b, ok := tab.blocked[tok]
		delete(tab.blocked, tok)
		tab.mu.Unlock()
		if ok {
			return b, true
		}
		select {
		case <-ctx.Done():
			return nil, false
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil, false
}

// browserOutcome is what Chromium did with a case.
type browserOutcome struct {
	blocked   [][]*network.BlockedSetCookieWithReason // per step; nil for a script step
	header    string                                  // the Cookie header of the result request (HTTP cases)
	resultURI string                                  // that request's target, as the server received it
	document  string                                  // document.cookie at the result URL
	cookies   []*network.Cookie
	transport string // a navigation that failed, if any
}

// run replays c in the tab, from an empty cookie store.
func (tab *replayTab) run(rs *replayServer, c replayCase) (browserOutcome, error) {
	ctx, cancel := context.WithTimeout(tab.ctx, 20*time.Second)
	defer cancel()
	var out browserOutcome
	if _, err := chromedp.CallBrowser(ctx, storage.ClearCookies, storage.ClearCookiesParams{BrowserContextID: tab.bc}); err != nil {
		return out, fmt.Errorf("clearing cookies: %w", err)
	}
	var resultTok string
	for i, s := range c.steps {
		if s.script {
			doc, err := tab.write(ctx, rs, s, i == 0)
			if err != nil {
				return out, err
			}
			out.document = doc
			out.blocked = append(out.blocked, nil)
			continue
		}
		u, setTok, tok := rs.expectSet(s.url, s.lines, c.resultURL)
		resultTok = tok
		tab.page = ""
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			if ctx.Err() != nil {
				return out, err
			}
			out.transport = fmt.Sprintf("navigating to %s: %v", s.url, err)
			return out, nil
		}
		tab.page = c.resultURL
		b, ok := tab.blockedFor(ctx, setTok)
		if !ok {
			return out, fmt.Errorf("no Network.responseReceivedExtraInfo for the response of %s", s.url)
		}
		out.blocked = append(out.blocked, b)
	}
	if !c.lastIsScript() {
		r, ok := rs.receipt(resultTok)
		if !ok {
			return out, fmt.Errorf("the result request to %s never came", c.resultURL)
		}
		if r.tls != strings.HasPrefix(c.resultURL, "https:") {
			return out, fmt.Errorf("the result request to %s came with TLS %v: an HTTPS upgrade?", c.resultURL, r.tls)
		}
		out.header, out.resultURI = r.cookie, r.uri
		doc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`))
		if err != nil {
			return out, fmt.Errorf("reading document.cookie: %w", err)
		}
		out.document = doc
	}
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: tab.bc})
	if err != nil {
		return out, fmt.Errorf("Storage.getCookies: %w", err)
	}
	out.cookies = res.Cookies
	return out, nil
}

// write writes the lines of a script step to document.cookie of a page at
// s.url and returns what document.cookie then reads. A case's first step
// reuses the page the tab shows when it is the same, which saves a
// navigation, provided its document.cookie reads empty: the store was just
// cleared, and a page that still shows a cookie is loaded afresh.
func (tab *replayTab) write(ctx context.Context, rs *replayServer, s replayStep, first bool) (string, error) {
	lines, err := json.Marshal(s.lines)
	if err != nil {
		return "", err
	}
	for _, reuse := range []bool{first && tab.page == s.url, false} {
		if !reuse {
			tab.page = ""
			if err := chromedp.Do(ctx, chromedp.Navigate(withParam(s.url, "replay-get", rs.token()))); err != nil {
				return "", fmt.Errorf("opening %s: %w", s.url, err)
			}
			tab.page = s.url
		}
		doc, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf(`((lines, fresh) => {
			if (fresh && document.cookie !== "") return null;
			for (const l of lines) document.cookie = l;
			return document.cookie;
		})(%s, %t)`, lines, reuse)))
		if err != nil {
			return "", fmt.Errorf("writing document.cookie at %s: %w", s.url, err)
		}
		if doc != nil {
			return *doc, nil
		}
	}
	return "", fmt.Errorf("document.cookie at %s is not empty after clearing the cookies", s.url)
}

// engineOutcome is what the engine predicts for a case.
type engineOutcome struct {
	verdicts [][]cookierules.Verdict // per step
	header   string
	document string
	cookies  []cookierules.Cookie
}

func runEngine(c replayCase, now time.Time) (engineOutcome, error) {
	var out engineOutcome
	jar := cookierules.NewJar()
	for _, s := range c.steps {
		u, err := url.Parse(s.url)
		if err != nil {
			return out, err
		}
		src := cookierules.FromHTTP
		if s.script {
			src = cookierules.FromScript
		}
		var vs []cookierules.Verdict
		for _, l := range s.lines {
			vs = append(vs, jar.SetCookie(u, l, src, now))
		}
		out.verdicts = append(out.verdicts, vs)
	}
	r, err := url.Parse(c.resultURL)
	if err != nil {
		return out, err
	}
	out.header = jar.CookieHeader(r, now)
	out.document = jar.DocumentCookie(r, now)
	for _, k := range jar.Cookies() {
		if !k.Persistent || k.Expires.After(now) {
			out.cookies = append(out.cookies, k)
		}
	}
	return out, nil
}

// expiryTolerance absorbs the clocks of the engine's "now" and Chromium's
// creation time, a moment apart.
const expiryTolerance = 5 * time.Second

// compareOutcomes returns every difference between engine and browser.
func compareOutcomes(c replayCase, e engineOutcome, b browserOutcome) []string {
	var diffs []string
	if b.transport != "" {
		return []string{"transport: " + b.transport}
	}
	for i, s := range c.steps {
		if s.script {
			continue
		}
		diffs = append(diffs, compareBlocked(i, s.lines, e.verdicts[i], b.blocked[i])...)
	}
	if !c.lastIsScript() && e.header != b.header {
		diffs = append(diffs, fmt.Sprintf("Cookie header: engine %q, Chromium %q (for %s)", short(e.header), short(b.header), b.resultURI))
	}
	if e.document != b.document {
		diffs = append(diffs, fmt.Sprintf("document.cookie: engine %q, Chromium %q", short(e.document), short(b.document)))
	}
	return append(diffs, compareStores(e.cookies, b.cookies)...)
}

// compareBlocked compares the engine's verdict on each line of a response
// with the reasons Chromium blocked it for, if it did: a line Chromium
// blocked must be one the engine rejects with one of Chromium's reasons,
// and a line it did not, one the engine stores (or accepts already
// expired, which Chromium does not count as blocked).
func compareBlocked(step int, lines []string, vs []cookierules.Verdict, blocked []*network.BlockedSetCookieWithReason) []string {
	var diffs []string
	used := make([]bool, len(blocked))
	for i, l := range lines {
		var reasons []string
		for j, bc := range blocked {
			if !used[j] && bc.CookieLine == l {
				used[j] = true
				for _, r := range bc.BlockedReasons {
					reasons = append(reasons, string(r))
				}
				break
			}
		}
		v := vs[i]
		engineBlocks := !v.Stored && v.Reason != cookierules.ReasonExpired
		switch {
		case engineBlocks && reasons == nil && noCDPName[v.Reason]:
			// DevTools has no name for it and reports nothing; the store
			// and the Cookie header tell whether Chromium kept the cookie.
		case engineBlocks && reasons == nil:
			diffs = append(diffs, fmt.Sprintf("step %d line %d %q: engine rejects it (%s, %s); Chromium does not block it", step, i, short(l), v.Reason, v.Rule))
		case !engineBlocks && reasons != nil:
			diffs = append(diffs, fmt.Sprintf("step %d line %d %q: engine accepts it (stored %v, %s); Chromium blocks it: %v", step, i, short(l), v.Stored, v.Reason, reasons))
		case engineBlocks && !slices.Contains(reasons, v.Reason):
			diffs = append(diffs, fmt.Sprintf("step %d line %d %q: both reject it, but the engine's reason %s (%s) %s %v", step, i, short(l), v.Reason, v.Rule, reasonOnly, reasons))
		}
	}
	for j, bc := range blocked {
		if !used[j] {
			diffs = append(diffs, fmt.Sprintf("step %d: Chromium blocked a line the response did not hold as such: %q %v", step, short(bc.CookieLine), bc.BlockedReasons))
		}
	}
	return diffs
}

// reasonOnly marks a difference in the reason alone.
const reasonOnly = "is not among Chromium's"

// noCDPName holds the engine's reasons that are Chromium exclusion reasons
// without a DevTools SetCookieBlockedReason (see app/cookierules): Chromium
// does not list such a line in blockedCookies.
var noCDPName = map[string]bool{
	cookierules.ReasonHttpOnly:           true,
	cookierules.ReasonOverwriteHttpOnly:  true,
	cookierules.ReasonInvalidPartitioned: true,
	// Our name for a nameless cookie whose value holds '=': Chromium
	// excludes it without a DevTools reason.
	cookierules.ReasonNamelessValueWithEquals: true,
	// Invented: a fetch that omits credentials has its Set-Cookie lines
	// ignored, and Chromium reports none of them.
	cookierules.ReasonCredentialsOmitted: true,
}

// storeKey identifies a cookie in a store, as Chromium writes its domain:
// with a leading dot unless host-only.
func storeKey(name, domain, path string, partitioned bool) string {
	return fmt.Sprintf("%q domain=%s path=%s partitioned=%v", name, domain, path, partitioned)
}

func compareStores(ec []cookierules.Cookie, bc []*network.Cookie) []string {
	type view struct {
		value            string
		secure, httpOnly bool
		sameSite         string
		session          bool
		expires          time.Time
	}
	engine := map[string]view{}
	for _, k := range ec {
		d := k.Domain
		if !k.HostOnly {
			d = "." + d
		}
		engine[storeKey(k.Name, d, k.Path, k.Partitioned)] = view{k.Value, k.Secure, k.HttpOnly, k.SameSite, !k.Persistent, k.Expires}
	}
	chromium := map[string]view{}
	for _, k := range bc {
		exp := time.Time{}
		if !k.Session {
			sec, frac := math.Modf(k.Expires)
			exp = time.Unix(int64(sec), int64(frac*1e9)).UTC()
		}
		chromium[storeKey(k.Name, k.Domain, k.Path, k.PartitionKey != nil)] = view{k.Value, k.Secure, k.HTTPOnly, string(k.SameSite), k.Session, exp}
	}
	var diffs []string
	for _, key := range slices.Sorted(mapKeys(engine, chromium)) {
		e, inE := engine[key]
		b, inB := chromium[key]
		switch {
		case !inB:
			diffs = append(diffs, fmt.Sprintf("store: engine keeps %.80s = %q; Chromium does not", key, short(e.value)))
		case !inE:
			diffs = append(diffs, fmt.Sprintf("store: Chromium keeps %.80s = %q; the engine does not", key, short(b.value)))
		case e.value != b.value || e.secure != b.secure || e.httpOnly != b.httpOnly || e.sameSite != b.sameSite || e.session != b.session ||
			e.expires.Sub(b.expires).Abs() > expiryTolerance:
			diffs = append(diffs, fmt.Sprintf("store: %.80s: engine %+v, Chromium %+v", key, e, b))
		}
	}
	return diffs
}

func mapKeys[V any](ms ...map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range ms {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}
}

// short abbreviates long cookie text in messages.
func short(s string) string {
	if len(s) > 100 {
		return s[:60] + fmt.Sprintf("…(%d bytes)…", len(s)-80) + s[len(s)-20:]
	}
	return s
}

// --- The cases ---

// corporaDir finds shared/corpora beside the repository: in the parents of
// the package directory, up to the repository root and its parent. Without
// it the replay of the corpora is skipped, unless CI is set.
func corporaDir(t *testing.T) string {
	t.Helper()
	d := corpora.Dir()
	if d == "" && os.Getenv("CI") != "" {
		t.Fatal("shared/corpora not found in any parent of the package directory, and CI is set")
	}
	return d
}

// notSendable reports whether a line holds a byte no response header can
// carry: a CR or LF ends the header line, and for a NUL Chromium refuses the
// whole response (net::ERR_INVALID_HTTP_RESPONSE). Such a case is not
// replayed over HTTP; what the engine says of the line as written is what
// document.cookie would do with it, which the DOM cases cover.
func notSendable(lines []string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.ContainsAny(l, "\r\n\x00") })
}

// onTheWire returns the lines of HTTP steps as a header carries them: a
// field value has no leading or trailing white space (RFC 9110 §5.5), and
// the server would trim it anyway.
func onTheWire(c replayCase) replayCase {
	steps := slices.Clone(c.steps)
	for i, s := range steps {
		if s.script {
			continue
		}
		lines := make([]string, len(s.lines))
		for j, l := range s.lines {
			lines[j] = strings.Trim(l, " \t")
		}
		steps[i].lines = lines
	}
	c.steps = steps
	return c
}

// httpStateCases converts the http-state parser corpus: the lines come in a
// 302 from request_uri to result_uri.
func httpStateCases(t *testing.T, dir string) (cases []replayCase, skipped []string) {
	all, err := corpora.HTTPStateCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		id := "http-state/" + c.Name
		if notSendable(c.SetCookie) {
			skipped = append(skipped, id)
			continue
		}
		cases = append(cases, onTheWire(replayCase{id: id, steps: []replayStep{{url: c.RequestURI, lines: c.SetCookie}}, resultURL: c.ResultURI}))
	}
	return cases, skipped
}

// The WPT tables' hosts.
const (
	wptHost      = corpora.WPTHost
	wptCrossHost = corpora.WPTCrossHost
	wptOrigin    = "http://" + wptHost + ":8000"
)

// wptSub fills in the WPT server substitutions.
func wptSub(s, host string) string {
	return strings.NewReplacer("{{port}}", "8000", "{{host}}", wptHost, "{{h}}", host, "{{CROSS_SITE_HOST}}", wptCrossHost).Replace(s)
}

// wptCases converts the WPT tables the way the engine's corpus test reads
// them: httpCookieTest sets through /cookies/resources/cookie.py and reads
// at the page (or at /cookies/resources for default-path tests); DOM cases
// write document.cookie of the page.
func wptCases(t *testing.T, dir string) (cases []replayCase, skipped []string) {
	tables, err := corpora.WPTTables(dir)
	if err != nil {
		t.Fatalf("wpt: %v", err)
	}
	for _, table := range tables {
		stem := table.Stem
		for i := range table.Cases {
			c := &table.Cases[i]
			id := fmt.Sprintf("wpt/%s#%d", stem, i)
			rc, ok := wptReplay(t, stem, c)
			if !ok {
				t.Fatalf("%s: no replay for this table", id)
			}
			rc.id = id
			if !rc.lastIsScript() && notSendable(rc.steps[0].lines) {
				skipped = append(skipped, id)
				continue
			}
			cases = append(cases, onTheWire(rc))
		}
	}
	return cases, skipped
}

func wptReplay(t *testing.T, stem string, c *corpora.WPTCase) (replayCase, bool) {
	httpCookieTest := func(host, page string, lines []string, defaultPath bool) replayCase {
		origin := "http://" + host + ":8000"
		if defaultPath {
			page = "/cookies/resources/echo-cookie.html"
		}
		return replayCase{steps: []replayStep{{url: origin + "/cookies/resources/cookie.py?set=1", lines: lines}}, resultURL: origin + page}
	}
	switch stem {
	case "prefix":
		page := wptOrigin + "/cookies/prefix/__host.header.html"
		switch {
		case c.Origin == "https":
			page = "https://" + wptHost + ":8443/cookies/prefix/__host.header.https.html"
		case strings.HasPrefix(c.Origin, `https, document at "/"`):
			page = "https://" + wptHost + ":8443/"
		case c.Origin == "https cross-site":
			page = "https://" + wptCrossHost + ":8443/cookies/resources/set.py"
		}
		u, err := url.Parse(page)
		if err != nil {
			t.Fatal(err)
		}
		line := c.Prefix + "prefixtestcookie=foo; " + wptSub(c.Params, u.Hostname())
		return replayCase{steps: []replayStep{{url: page, lines: []string{line}, script: c.Via == "DOM"}}, resultURL: page}, true
	case "attributes__domain":
		var lines []string
		for _, l := range c.Lines {
			lines = append(lines, wptSub(l, ""))
		}
		from := wptSub(c.SetFrom, "") + "/cookies/attributes/resources/domain-child.sub.html"
		return replayCase{steps: []replayStep{{url: from, lines: lines}}, resultURL: wptSub(c.Location, "")}, true
	case "ctl":
		var lines []string
		for _, l := range c.Lines {
			lines = append(lines, wptSub(l, wptHost))
		}
		if c.Via == "DOM" {
			page := wptOrigin + map[string]string{
				"name-ctl":       "/cookies/name/name-ctl.html",
				"value-ctl":      "/cookies/value/value-ctl.html",
				"attributes-ctl": "/cookies/attributes/attributes-ctl.sub.html",
			}[c.Table]
			return replayCase{steps: []replayStep{{url: page, lines: lines, script: true}}, resultURL: page}, true
		}
		return httpCookieTest(wptHost, "", lines, true), true
	}
	page, ok := corpora.WPTPages[stem]
	if !ok {
		return replayCase{}, false
	}
	host := wptHost
	if stem == "size__attributes" {
		host = "www." + wptHost
	}
	var lines []string
	for _, l := range c.Lines {
		lines = append(lines, wptSub(l, host))
	}
	return httpCookieTest(host, page, lines, c.DefaultPath == nil || *c.DefaultPath), true
}

// ownCases are the replay's own cases: the rules the explainer's users
// meet most. loopback is the server's http://localhost:PORT origin.
func ownCases(loopback string) []replayCase {
	const (
		a      = "http://a.test:8000"
		b      = "http://b.test:8000"
		aTLS   = "https://a.test:8443"
		expiry = "Expires=Thu, 01 Jan 1970 00:00:00 GMT"
	)
	v4095 := strings.Repeat("v", 4095)
	one := func(id, from string, lines ...string) replayCase {
		return replayCase{id: "own/" + id, steps: []replayStep{{url: from + "/set", lines: lines}}, resultURL: from + "/read"}
	}
	to := func(c replayCase, result string) replayCase {
		c.resultURL = result
		return c
	}
	script := func(id, page string, lines ...string) replayCase {
		return replayCase{id: "own/" + id, steps: []replayStep{{url: page, lines: lines, script: true}}, resultURL: page}
	}
	cases := []replayCase{
		one("secure-from-http-a.test", a, "s=1; Secure; Path=/"),
		one("secure-from-http-localhost", loopback, "s=1; Secure; Path=/"),
		one("secure-from-https", aTLS, "s=1; Secure; Path=/"),
		to(one("domain-a.test-from-a.test", a, "d=1; Domain=a.test; Path=/"), "http://www.a.test:8000/read"),
		to(one("domain-.a.test-from-sub.a.test", "http://sub.a.test:8000", "d=1; Domain=.A.TEST; Path=/"), a+"/read"),
		one("domain-a.test-from-b.test", b, "d=1; Domain=a.test; Path=/"),
		one("domain-public-suffix", a, "d=1; Domain=test; Path=/"),
		one("domain-ip-itself", "http://127.0.0.1:"+strings.TrimPrefix(loopback, "http://localhost:"), "d=1; Domain=127.0.0.1", "e=1; Domain=0.0.1"),
		one("domain-localhost-itself", loopback, "d=1; Domain=localhost; Path=/"),
		one("prefix-secure-from-http", a, "__Secure-p=1; Secure; Path=/"),
		one("prefix-secure-from-localhost", loopback, "__Secure-p=1; Secure; Path=/"),
		one("prefix-secure-without-secure", aTLS, "__Secure-p=1; Path=/"),
		one("prefix-host", aTLS, "__Host-p=1; Secure; Path=/"),
		one("prefix-host-with-domain", aTLS, "__Host-p=1; Secure; Path=/; Domain=a.test"),
		one("prefix-host-without-path", aTLS, "__Host-p=1; Secure"),
		one("prefix-host-path-not-root", aTLS, "__Host-p=1; Secure; Path=/set"),
		one("prefix-host-any-case", aTLS, "__HOST-p=1; Secure; Path=/; Domain=a.test"),
		one("prefix-host-domain-localhost", loopback, "__Host-p=1; Secure; Path=/; Domain=localhost"),
		one("prefix-host-empty-domain", aTLS, "__Host-p=1; Secure; Path=/; Domain="),
		one("prefix-nameless-value", aTLS, "__Host-p=1; Secure; Path=/", "=__Secure-x; Path=/"),
		one("samesite-none-without-secure", a, "n=1; SameSite=None; Path=/"),
		one("samesite-none-without-secure-https", aTLS, "n=1; SameSite=None; Path=/"),
		one("samesite-none-secure", aTLS, "n=1; SameSite=None; Secure; Path=/"),
		one("samesite-strict-lax-bogus", a, "s=1; SameSite=Strict", "l=1; SameSite=lax", "b=1; SameSite=bogus"),
		one("max-age-0-deletes", a, "m=1; Path=/", "k=1; Path=/", "m=2; Path=/; Max-Age=0"),
		one("expires-past-deletes", a, "m=1; Path=/", "m=2; Path=/; "+expiry),
		one("max-age-over-expires", a, "m=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=600"),
		one("max-age-capped-at-400-days", a, "m=1; Max-Age=999999999"),
		one("expires-capped-at-400-days", a, "m=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"),
		one("name-value-4096-bytes", a, "n="+v4095),
		one("name-value-4097-bytes", a, "nn="+v4095),
		one("name-only-4096-bytes", a, strings.Repeat("n", 4096)+"="),
		one("nameless", a, "nameless; Path=/"),
		one("nameless-with-equals", a, "=nameless2; Path=/"),
		one("no-content", a, "=", " ; Path=/"),
		one("default-path", a+"/dir", "p=1"),
		to(one("default-path-elsewhere", a+"/dir", "p=1"), a+"/other"),
		one("path-order", a, "p=1; Path=/", "p=2; Path=/read", "q=3"),
		one("partitioned-without-secure", aTLS, "p=1; Partitioned; Path=/"),
		{id: "own/overwrite-secure", steps: []replayStep{
			{url: aTLS + "/set", lines: []string{"o=1; Secure; Path=/"}},
			{url: a + "/set", lines: []string{"o=2; Path=/"}},
		}, resultURL: aTLS + "/read"},
		script("script-httponly", a+"/page", "h=1; HttpOnly; path=/", "s=1; path=/"),
		{id: "own/script-overwrite-httponly", steps: []replayStep{
			{url: a + "/set", lines: []string{"h=1; HttpOnly; Path=/"}},
			{url: a + "/read", lines: []string{"h=2; path=/", "v=2; path=/"}, script: true},
		}, resultURL: a + "/read"},
		script("script-secure-from-http", a+"/page", "s=1; Secure; path=/"),
		script("script-prefix-host", aTLS+"/page", "__Host-s=1; Secure; path=/"),
	}
	for i := range cases {
		cases[i] = onTheWire(cases[i])
	}
	return cases
}

// writeReplayReport writes the replay's summary and every disagreement to
// $COOKIEPLAY_REPLAY_REPORT, if set.
func writeReplayReport(t *testing.T, summary string, disagreements []string) {
	path := os.Getenv("COOKIEPLAY_REPLAY_REPORT")
	if path == "" {
		return
	}
	var b bytes.Buffer
	b.WriteString(summary + "\n")
	for _, d := range disagreements {
		b.WriteString(d + "\n")
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Errorf("writing the replay report: %v", err)
	}
}

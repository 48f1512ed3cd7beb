package server

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// labSetBody returns the JSON body of POST /lab/set for lines.
func labSetBody(t *testing.T, lines ...string) string {
	t.Helper()
	b, err := json.Marshal(api.LabSetRequest{Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLabSet(t *testing.T) {
	ts := newHandlerServer(t)
	odd := []string{
		"lab-a=1;Path=/;;  Secure",     // spacing kept as written
		"=nameless",                    // no name
		"lab-b=\"quoted\"; SameSite=x", // an unknown SameSite
		"lab-c=1; Path=/; Domain=example.com; Max-Age=-5; Partitioned",
		"lab-d=1; Path=/lab/" + strings.Repeat("p", 1021),     // a 1025-byte path
		"lab-e=" + strings.Repeat("v", 4097) + "; Path=/",     // over 4096 bytes
		"__Host-lab-f=1; Path=/lab; Domain=127.0.0.1; Secure", // a broken prefix
	}
	many := make([]string, api.MaxAsWrittenLines+1)
	for i := range many {
		many[i] = "lab-x=1"
	}
	runHandlerTests(t, ts, []handlerTest{
		{
			name: "POST /lab/set sends every line exactly as written", method: http.MethodPost, target: api.LabSetPath,
			contentType: jsonType, body: labSetBody(t, odd...),
			wantStatus: http.StatusOK, wantSetCookie: odd, wantBody: `{"sent":7}` + "\n",
			wantHeader: map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"},
		},
		{
			name: "POST /lab/set from the same origin (Fetch Metadata)", method: http.MethodPost, target: api.LabSetPath,
			header:      []string{"Sec-Fetch-Site", "same-origin"},
			contentType: jsonType, body: labSetBody(t, "lab-a=1; Path=/"),
			wantStatus: http.StatusOK, wantSetCookie: []string{"lab-a=1; Path=/"},
		},
		{
			name: "POST /lab/set from another site is refused", method: http.MethodPost, target: api.LabSetPath,
			header:      []string{"Sec-Fetch-Site", "cross-site"},
			contentType: jsonType, body: labSetBody(t, "lab-a=1; Path=/"),
			wantStatus: http.StatusForbidden,
		},
		{
			name: "a CR is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body:       labSetBody(t, "lab-a=1; Path=/", "lab-b=1\r\nX-Injected: 1"),
			wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "a LF is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body:       labSetBody(t, "lab-b=1\nPath=/"),
			wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "a NUL is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body:       labSetBody(t, "lab-b=1\x00; Path=/"),
			wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "no line is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body: `{"lines":[]}`, wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "too many lines are refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body: labSetBody(t, many...), wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "a line over 8 KiB is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body:       labSetBody(t, "lab-a="+strings.Repeat("v", api.MaxAsWrittenLineBytes)),
			wantStatus: http.StatusBadRequest, wantErrField: "lines",
		},
		{
			name: "a body over the cap is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body:       labSetBody(t, "lab-a="+strings.Repeat("v", 8000), "lab-b="+strings.Repeat("v", 8000), "lab-c="+strings.Repeat("v", 8000)),
			wantStatus: http.StatusBadRequest, wantErrField: "body",
		},
		{
			name: "an unknown field is refused", method: http.MethodPost, target: api.LabSetPath, contentType: jsonType,
			body: `{"lines":["lab-a=1"],"domain":"x"}`, wantStatus: http.StatusBadRequest, wantErrField: "domain",
		},
		{
			name: "GET /lab/set is no route (the app's pages answer 404)", target: api.LabSetPath, wantStatus: http.StatusNotFound,
		},
	})
}

// TestLabSetSendsControlCharacters checks a line with a control character
// other than CR, LF or NUL, which browsers judge themselves (and Go's HTTP
// client refuses to read), at the handler.
func TestLabSetSendsControlCharacters(t *testing.T) {
	s := &server{}
	line := "lab-\x01ctl=1; Path=/\x7f"
	req := httptest.NewRequest(http.MethodPost, api.LabSetPath, strings.NewReader(labSetBody(t, line)))
	rec := httptest.NewRecorder()
	s.handleLabSet()(rec, req)
	if got := rec.Header().Values("Set-Cookie"); rec.Code != http.StatusOK || len(got) != 1 || got[0] != line {
		t.Errorf("POST /lab/set with a control character: %d, Set-Cookie %q; want the line as written", rec.Code, got)
	}
}

func TestLabEcho(t *testing.T) {
	ts := newHandlerServer(t)
	cookie := []string{"Cookie", "session=secret; lab-a=1; __Host-lab-b=2; other=3; __secure-lab-c=4; lab-a=0"}
	echo := func(path string) string {
		b, _ := json.Marshal(api.LabEchoResponse{Path: path, Cookie: "lab-a=1; __Host-lab-b=2; __secure-lab-c=4; lab-a=0"})
		return string(b) + "\n"
	}
	runHandlerTests(t, ts, []handlerTest{
		{
			name: "GET /lab/echo answers the lab cookies received, in order, and no others", target: api.LabEchoPath, header: cookie,
			wantStatus: http.StatusOK, wantBody: echo(api.LabEchoPath),
			wantHeader: map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"},
		},
		{
			name: "GET /lab/deep/echo", target: api.LabDeepEchoPath, header: cookie,
			wantStatus: http.StatusOK, wantBody: echo(api.LabDeepEchoPath),
		},
		{
			name: "any path under /lab/deep/ echoes", target: "/lab/deep/x/y?check=size/long-path", header: cookie,
			wantStatus: http.StatusOK, wantBody: echo("/lab/deep/x/y"),
		},
		{
			name: "no cookie", target: api.LabEchoPath,
			wantStatus: http.StatusOK, wantBody: `{"path":"/lab/echo","cookie":""}` + "\n",
		},
		{
			name: "POST /lab/echo is not allowed: echoes change nothing", method: http.MethodPost, target: api.LabEchoPath,
			wantStatus: http.StatusMethodNotAllowed,
		},
	})
}

func TestLabPage(t *testing.T) {
	ts := newHandlerServer(t)
	port := serverPort(t, ts)
	runHandlerTests(t, ts, []handlerTest{
		{
			name: "GET /lab on 127.0.0.1 may frame localhost", target: api.LabPath, host: "127.0.0.1",
			wantStatus: http.StatusOK, wantContains: []string{"Flags lab", `id="run-all"`},
			wantHeader: map[string]string{"Content-Security-Policy": contentSecurityPolicy + "; frame-src 'self' http://localhost:" + port},
		},
		{
			name: "GET /lab on localhost may frame 127.0.0.1", target: api.LabPath, host: "localhost",
			wantStatus: http.StatusOK,
			wantHeader: map[string]string{"Content-Security-Policy": contentSecurityPolicy + "; frame-src 'self' http://127.0.0.1:" + port},
		},
		{
			name: "GET /lab on a registrable domain may fetch its subdomain", target: api.LabPath, host: "lab.example",
			wantStatus: http.StatusOK,
			wantHeader: map[string]string{"Content-Security-Policy": strings.Replace(contentSecurityPolicy,
				"connect-src 'self';", "connect-src 'self' http://sub.lab.example:"+port+";", 1)},
		},
		{
			name: "GET /lab on an IP address keeps the app's policy", target: api.LabPath, host: "192.0.2.1",
			wantStatus: http.StatusOK,
			wantHeader: map[string]string{"Content-Security-Policy": contentSecurityPolicy},
		},
	})
}

// labDo sends one request with the given Host (and the server's port) and
// headers, and returns the answer and its body.
func labDo(t *testing.T, ts *httptest.Server, method, host, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = net.JoinHostPort(host, serverPort(t, ts))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := noRedirectClient(ts).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	checkNoCRLF(t, method+" "+target, resp)
	if resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("%s %s set a cookie: %q", method, target, resp.Header.Values("Set-Cookie"))
	}
	return resp, string(b)
}

// labStart starts a cross-site run and returns its id.
func labStart(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	resp, body := labDo(t, ts, http.MethodPost, "127.0.0.1", api.LabRunPath, "Sec-Fetch-Site", "same-origin")
	var run api.LabRunResponse
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &run) != nil || len(run.Run) < 16 {
		t.Fatalf("POST %s: %d %q", api.LabRunPath, resp.StatusCode, body)
	}
	return run.Run
}

// labRecords returns what a run recorded.
func labRecords(t *testing.T, ts *httptest.Server, run string) []api.LabRecord {
	t.Helper()
	resp, body := labDo(t, ts, http.MethodGet, "127.0.0.1", api.LabResultPath+"?run="+url.QueryEscape(run))
	var res api.LabResultResponse
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &res) != nil || res.Run != run {
		t.Fatalf("GET %s: %d %q", api.LabResultPath, resp.StatusCode, body)
	}
	return res.Records
}

func labHit(run, kind string, extra ...string) string {
	q := url.Values{"run": {run}, "kind": {kind}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return api.LabHitPath + "?" + q.Encode()
}

func TestLabCrossSiteRun(t *testing.T) {
	ts := newHandlerServer(t)
	port := serverPort(t, ts)
	localhost := "http://localhost:" + port
	run := labStart(t, ts)
	if other := labStart(t, ts); other == run {
		t.Fatalf("two runs share the id %q", run)
	}
	if recs := labRecords(t, ts, run); len(recs) != 0 {
		t.Fatalf("a new run has records %+v", recs)
	}
	cookies := "session=secret; lab-ss-none=1; lab-ss-lax=1; theirs=x"
	crossSite := func(dest, mode string) []string {
		return []string{"Cookie", cookies, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Dest", dest, "Sec-Fetch-Mode", mode, "Origin", localhost}
	}

	// A credentialed fetch from localhost: CORS for exactly that origin.
	resp, body := labDo(t, ts, http.MethodGet, "127.0.0.1", labHit(run, api.LabKindFetch), crossSite("empty", "cors")...)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != localhost ||
		resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("fetch hit: %d, CORS %q %q; body %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"),
			resp.Header.Get("Access-Control-Allow-Credentials"), body)
	}
	// An iframe of localhost's probe: only localhost may frame the answer.
	resp, _ = labDo(t, ts, http.MethodGet, "127.0.0.1", labHit(run, api.LabKindIframe), crossSite("iframe", "navigate")...)
	if got, want := resp.Header.Get("Content-Security-Policy"), "default-src 'none'; frame-ancestors "+localhost; resp.StatusCode != http.StatusOK || got != want {
		t.Errorf("iframe hit: %d, CSP %q; want %q", resp.StatusCode, got, want)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("the iframe hit sends CORS headers; only the fetch needs them")
	}
	// The cross-site form POST passes CrossOriginProtection, on this route
	// alone, and goes back to the probe for its last step.
	resp, _ = labDo(t, ts, http.MethodPost, "127.0.0.1", labHit(run, api.LabKindForm), crossSite("document", "navigate")...)
	wantLoc := localhost + api.LabProbePath + "?run=" + url.QueryEscape(run) + "&site=" + url.QueryEscape("http://127.0.0.1:"+port) + "&step=nav&task=samesite"
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != wantLoc {
		t.Errorf("form hit: %d, Location %q; want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), wantLoc)
	}
	resp, body = labDo(t, ts, http.MethodGet, "127.0.0.1", labHit(run, api.LabKindNav), crossSite("document", "navigate")...)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Recorded") {
		t.Errorf("nav hit: %d %q", resp.StatusCode, body)
	}
	// The other site's own requests, with what its page reported.
	labDo(t, ts, http.MethodGet, "localhost", labHit(run, api.LabKindChipsFrame, "doc", "a=1; lab-chips-part=1", "access", "false"),
		"Cookie", "lab-chips-part=1", "Sec-Fetch-Site", "same-origin")
	labDo(t, ts, http.MethodGet, "localhost", labHit(run, api.LabKindAccess, "access", "maybe"))
	labDo(t, ts, http.MethodGet, "localhost", labHit(run, api.LabKindStorageFrame, "access", "false", "request", "rejected"))
	labDo(t, ts, http.MethodGet, "localhost", labHit(run, api.LabKindStorageClear, "request", "<granted>"))
	// The limits experiment's check counts the cookies that are not the
	// lab's (only there), and names none of them.
	labDo(t, ts, http.MethodGet, "localhost", labHit(run, api.LabKindLimitCheck), "Cookie", cookies)

	want := []api.LabRecord{
		{Kind: "fetch", Method: "GET", Host: "127.0.0.1:" + port, Cookie: "lab-ss-none=1; lab-ss-lax=1", SecFetchSite: "cross-site", SecFetchMode: "cors", SecFetchDest: "empty"},
		{Kind: "iframe", Method: "GET", Host: "127.0.0.1:" + port, Cookie: "lab-ss-none=1; lab-ss-lax=1", SecFetchSite: "cross-site", SecFetchMode: "navigate", SecFetchDest: "iframe"},
		{Kind: "form", Method: "POST", Host: "127.0.0.1:" + port, Cookie: "lab-ss-none=1; lab-ss-lax=1", SecFetchSite: "cross-site", SecFetchMode: "navigate", SecFetchDest: "document"},
		{Kind: "nav", Method: "GET", Host: "127.0.0.1:" + port, Cookie: "lab-ss-none=1; lab-ss-lax=1", SecFetchSite: "cross-site", SecFetchMode: "navigate", SecFetchDest: "document"},
		{Kind: "chips-frame", Method: "GET", Host: "localhost:" + port, Cookie: "lab-chips-part=1", Doc: "lab-chips-part=1", StorageAccess: "false", SecFetchSite: "same-origin"},
		{Kind: "access", Method: "GET", Host: "localhost:" + port},
		{Kind: "sa-frame", Method: "GET", Host: "localhost:" + port, StorageAccess: "false", AccessRequest: "rejected"},
		{Kind: "sa-clear", Method: "GET", Host: "localhost:" + port},
		{Kind: "limit-check", Method: "GET", Host: "localhost:" + port, Cookie: "lab-ss-none=1; lab-ss-lax=1", Others: 2},
	}
	got := labRecords(t, ts, run)
	if len(got) != len(want) {
		t.Fatalf("records %+v; want %+v", got, want)
	}
	for i := range want {
		want[i].At = fixedNow.UTC() // the handler tests' clock
		if got[i] != want[i] {
			t.Errorf("record %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	// Reading the result changes nothing.
	if again := labRecords(t, ts, run); len(again) != len(got) {
		t.Errorf("reading the result changed it: %d records, then %d", len(got), len(again))
	}
}

func TestLabHitRefusals(t *testing.T) {
	ts := newHandlerServer(t)
	run := labStart(t, ts)
	for _, tt := range []struct {
		name, method, host, target string
		header                     []string
		want                       int
	}{
		{"an unknown run", http.MethodGet, "127.0.0.1", labHit("nope", api.LabKindFetch), nil, http.StatusNotFound},
		{"no run", http.MethodGet, "127.0.0.1", api.LabHitPath + "?kind=fetch", nil, http.StatusNotFound},
		{"an unknown kind", http.MethodGet, "127.0.0.1", labHit(run, "cookies"), nil, http.StatusBadRequest},
		{"a form by GET", http.MethodGet, "127.0.0.1", labHit(run, api.LabKindForm), nil, http.StatusMethodNotAllowed},
		{"a fetch by POST, even cross-site", http.MethodPost, "127.0.0.1", labHit(run, api.LabKindFetch), []string{"Sec-Fetch-Site", "cross-site"}, http.StatusMethodNotAllowed},
		{"a form on a host with no other site", http.MethodPost, "lab.example", labHit(run, api.LabKindForm), nil, http.StatusBadRequest},
		{"the cross-site bypass is for the hit route only", http.MethodPost, "127.0.0.1", api.LabRunPath, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"an unknown run's result", http.MethodGet, "127.0.0.1", api.LabResultPath + "?run=nope", nil, http.StatusNotFound},
		{"a run started by GET", http.MethodGet, "127.0.0.1", api.LabRunPath, nil, http.StatusNotFound},
	} {
		resp, body := labDo(t, ts, tt.method, tt.host, tt.target, tt.header...)
		if resp.StatusCode != tt.want {
			t.Errorf("%s: %s %s = %d %q; want %d", tt.name, tt.method, tt.target, resp.StatusCode, body, tt.want)
		}
	}
	if recs := labRecords(t, ts, run); len(recs) != 0 {
		t.Errorf("refused hits were recorded: %+v", recs)
	}
	// A run holds a bounded number of records.
	for i := range labMaxRecords {
		if resp, _ := labDo(t, ts, http.MethodGet, "127.0.0.1", labHit(run, api.LabKindNav)); resp.StatusCode != http.StatusOK {
			t.Fatalf("hit %d: %d", i, resp.StatusCode)
		}
	}
	if resp, _ := labDo(t, ts, http.MethodGet, "127.0.0.1", labHit(run, api.LabKindNav)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("hit %d of a full run: %d; want 404", labMaxRecords+1, resp.StatusCode)
	}
}

func TestLabRunsExpireAndStayBounded(t *testing.T) {
	now := fixedNow
	l := newLabRuns(func() time.Time { return now }, [][]byte{testKeyA})
	first := l.start()
	now = now.Add(time.Minute)
	second := l.start()
	if !l.add(first, api.LabRecord{Kind: "nav"}) {
		t.Fatal("a live run refused a record")
	}
	now = fixedNow.Add(labRunTTL + time.Second)
	if l.add(first, api.LabRecord{Kind: "nav"}) {
		t.Error("an expired run took a record")
	}
	if _, ok := l.records(first); ok {
		t.Error("an expired run still answers")
	}
	if _, ok := l.records(second); !ok {
		t.Error("a live run was forgotten")
	}
	// Full: the oldest run's records go (its token stays valid: another
	// replica may hold them).
	l = newLabRuns(func() time.Time { return now }, [][]byte{testKeyA})
	ids := make([]string, labMaxRuns+1)
	for i := range ids {
		now = now.Add(time.Millisecond)
		ids[i] = l.start()
		l.add(ids[i], api.LabRecord{Kind: "nav"})
	}
	if len(l.runs) != labMaxRuns {
		t.Errorf("%d runs kept; want %d", len(l.runs), labMaxRuns)
	}
	if recs, ok := l.records(ids[0]); !ok || len(recs) != 0 {
		t.Errorf("the oldest run's records were kept when full: %v, %v", recs, ok)
	}
	if _, ok := l.records(ids[labMaxRuns]); !ok {
		t.Error("the newest run was dropped")
	}
	// Recorded lists are capped, pair by pair: a large cookie gives way to
	// the small ones after it.
	big := "lab-size-4096=" + strings.Repeat("a", 4082)
	ids[1] = l.start()
	l.add(ids[1], api.LabRecord{Cookie: "lab-a=1; " + big + "; lab-b=2", Doc: strings.Repeat("d", 2*labMaxField)})
	recs, _ := l.records(ids[1])
	if len(recs) != 1 || recs[0].Cookie != "lab-a=1; lab-b=2" || recs[0].Doc != "" {
		t.Errorf("record lists not capped pair by pair: %.80q, %d bytes", recs[0].Cookie, len(recs[0].Doc))
	}
}

func TestLabProbe(t *testing.T) {
	ts := newHandlerServer(t)
	port := serverPort(t, ts)
	resp, body := labDo(t, ts, http.MethodGet, "localhost", api.LabProbePath+"?run=x&task=samesite&x=%3Cscript%3E")
	a := "http://127.0.0.1:" + port
	wantCSP := "default-src 'none'; script-src 'self'; connect-src 'self' " + a + "; frame-src " + a +
		"; form-action 'self' " + a + "; base-uri 'none'; object-src 'none'; frame-ancestors " + a
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != wantCSP ||
		resp.Header.Get("Content-Type") != htmlType || body != labProbePage {
		t.Errorf("probe on localhost: %d, CSP %q (want %q), type %q, body %q", resp.StatusCode,
			resp.Header.Get("Content-Security-Policy"), wantCSP, resp.Header.Get("Content-Type"), body)
	}
	if resp, _ := labDo(t, ts, http.MethodGet, "lab.example", api.LabProbePath); resp.StatusCode != http.StatusNotFound {
		t.Errorf("probe on a host with no other site: %d; want 404", resp.StatusCode)
	}
	resp, js := labDo(t, ts, http.MethodGet, "localhost", api.LabProbeScriptPath)
	set, _ := json.Marshal(api.LabChipsSetLines)
	clear, _ := json.Marshal(api.LabChipsClearLines)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(js, "const CHIPS_SET = "+string(set)+";") || !strings.Contains(js, "const CHIPS_CLEAR = "+string(clear)+";") {
		t.Errorf("probe.js: %d %q, lines not filled in:\n%.400s", resp.StatusCode, resp.Header.Get("Content-Type"), js)
	}
}

func TestLabOtherSite(t *testing.T) {
	for _, tt := range []struct{ scheme, host, want string }{
		{"http", "127.0.0.1:8000", "http://localhost:8000"},
		{"http", "localhost:8000", "http://127.0.0.1:8000"},
		{"http", "LOCALHOST:8000", "http://127.0.0.1:8000"},
		{"https", "localhost", "https://127.0.0.1"},
		{"http", "127.0.0.1", "http://localhost"},
		{"http", "127.0.0.2:8000", ""},
		{"http", "[::1]:8000", ""},
		{"http", "example.com:8000", ""},
		{"http", "localhost:80x", ""},
		{"http", "localhost:0", ""},
		{"http", "localhost:08000", ""},
		{"http", "localhost:8000'; script-src *", ""},
		{"ftp", "localhost:21", ""},
	} {
		if got := api.LabOtherSite(tt.scheme, tt.host); got != tt.want {
			t.Errorf("LabOtherSite(%q, %q) = %q; want %q", tt.scheme, tt.host, got, tt.want)
		}
	}
}

// TestLabRunsAreBoundedInBytes fills the log with the largest records it
// takes: it forgets its oldest runs rather than grow past labMaxBytes, and
// never the run being recorded.
func TestLabRunsAreBoundedInBytes(t *testing.T) {
	now := fixedNow
	l := newLabRuns(func() time.Time { return now }, [][]byte{testKeyA})
	huge := api.LabRecord{
		Kind: strings.Repeat("k", 1<<10), Host: strings.Repeat("h", 1<<10),
		Cookie: "lab-a=" + strings.Repeat("c", labMaxField), Doc: "lab-a=1; lab-b=" + strings.Repeat("d", labMaxField-20),
		SecFetchSite: strings.Repeat("s", 1<<10), SecFetchMode: strings.Repeat("m", 1<<10),
	}
	var ids []string
	for range labMaxRuns {
		now = now.Add(time.Millisecond)
		id := l.start()
		ids = append(ids, id)
		for i := range labMaxRecords {
			if !l.add(id, huge) {
				t.Fatalf("run %d refused record %d", len(ids), i)
			}
		}
		if l.bytes > labMaxBytes {
			t.Fatalf("after %d runs the log holds %d bytes; want at most %d", len(ids), l.bytes, labMaxBytes)
		}
	}
	held := 0
	for _, r := range l.runs {
		held += r.bytes
	}
	if held != l.bytes {
		t.Errorf("runs hold %d bytes; the log counts %d", held, l.bytes)
	}
	if recs, _ := l.records(ids[0]); len(recs) != 0 {
		t.Error("the oldest run's records were kept past the byte bound")
	}
	if recs, ok := l.records(ids[len(ids)-1]); !ok || len(recs) != labMaxRecords {
		t.Errorf("the newest run holds %d records (%v); want %d", len(recs), ok, labMaxRecords)
	}
	if recs, _ := l.records(ids[len(ids)-1]); len(recs[0].SecFetchSite) != labMaxHeader || len(recs[0].Host) != labMaxHost {
		t.Errorf("stored header fields of %d and %d bytes; want %d and %d", len(recs[0].SecFetchSite), len(recs[0].Host), labMaxHeader, labMaxHost)
	}
}

package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// explainRequest returns a same-origin POST of body to path.
func explainRequest(path, name, body string) handlerTest {
	return handlerTest{
		name:        name,
		method:      http.MethodPost,
		target:      path,
		header:      []string{"Sec-Fetch-Site", "same-origin"},
		contentType: jsonType,
		body:        body,
	}
}

// explainBad returns a request to path that must be refused with an error
// naming field, and send no cookie.
func explainBad(path, name, body, field string) handlerTest {
	tt := explainRequest(path, name, body)
	tt.wantStatus = http.StatusBadRequest
	tt.wantErrField = field
	return tt
}

// jsonLines returns lines as a JSON array.
func jsonLines(lines ...string) string {
	b, err := json.Marshal(lines)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// compactJSON returns s without insignificant white space, or s itself if it
// is not JSON.
func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}

// TestHandlerExplainExact checks whole answers of POST /api/explain.
func TestHandlerExplainExact(t *testing.T) {
	ts := newHandlerServer(t)
	tests := []struct {
		name, body, want string
	}{
		{
			name: "a Secure cookie from http://a.test is rejected: SecureOnly, §5.7 step 13",
			body: `{"set_url":"http://a.test/","set_cookie":["id=1; Secure; Path=/"],"from":"http"}`,
			want: `{"results":[{
				"line":"id=1; Secure; Path=/","stored":false,"reason":"SecureOnly","rule":"§5.7 step 13",
				"explanation":"A cookie with the Secure attribute can only be set from a secure origin (https, or http on localhost), not from http://a.test.",
				"replaced":false,"deleted":false,
				"attributes":[
					{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
					{"name":"Path","value":"/","status":"used","reason":"","rule":"§5.6.4"}],
				"cookie":{"name":"id","value":"1","domain":"a.test","host_only":true,"path":"/","expires":"","secure":true,
					"http_only":false,"same_site":"","partitioned":false}}],
				"cookie_header":""}`,
		},
		{
			name: "a __Host- cookie from https is stored and sent; one with a Domain is InvalidPrefix, §5.7 step 21",
			body: `{"set_url":"https://a.test/login","from":"http","request_url":"https://a.test/account","now":"2026-03-01T12:00:00Z",
				"set_cookie":["__Host-sid=abc; Secure; Path=/; HttpOnly; SameSite=Lax","__Host-x=1; Secure; Domain=a.test; Path=/"]}`,
			want: `{"results":[{
				"line":"__Host-sid=abc; Secure; Path=/; HttpOnly; SameSite=Lax","stored":true,"reason":"","rule":"§5.7 step 24",
				"explanation":"Stored \"__Host-sid\" for the session, sent only to a.test under / (Secure, HttpOnly, SameSite=Lax).",
				"replaced":false,"deleted":false,
				"attributes":[
					{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
					{"name":"Path","value":"/","status":"used","reason":"","rule":"§5.6.4"},
					{"name":"HttpOnly","value":"","status":"used","reason":"","rule":"§5.6.6"},
					{"name":"SameSite","value":"Lax","status":"used","reason":"","rule":"§5.6.7"}],
				"cookie":{"name":"__Host-sid","value":"abc","domain":"a.test","host_only":true,"path":"/","expires":"","secure":true,
					"http_only":true,"same_site":"Lax","partitioned":false}
			},{
				"line":"__Host-x=1; Secure; Domain=a.test; Path=/","stored":false,"reason":"InvalidPrefix","rule":"§5.7 step 21",
				"explanation":"A __Host- cookie may not have a Domain attribute: it must be host-only.",
				"replaced":false,"deleted":false,
				"attributes":[
					{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
					{"name":"Domain","value":"a.test","status":"used","reason":"","rule":"§5.6.3"},
					{"name":"Path","value":"/","status":"used","reason":"","rule":"§5.6.4"}],
				"cookie":{"name":"__Host-x","value":"1","domain":"a.test","host_only":false,"path":"/","expires":"","secure":true,
					"http_only":false,"same_site":"","partitioned":false}}],
				"cookie_header":"__Host-sid=abc"}`,
		},
		{
			name: "a raw header block: only its Set-Cookie lines count, the name in any case, the value trimmed; Max-Age counts from the server's clock",
			body: `{"set_url":"https://shop.example.com/cart","from":"http","request_url":"https://shop.example.com/cart/items",
				"set_cookie":["HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nset-cookie: cart=3; Max-Age=3600; Path=/cart\r\nSet-Cookie:  theme=dark  \r\nX-Set-Cookie: no=1\r\n"]}`,
			want: `{"results":[{
				"line":"cart=3; Max-Age=3600; Path=/cart","stored":true,"reason":"","rule":"§5.7 step 24",
				"explanation":"Stored \"cart\" until Sun, 01 Mar 2026 13:00:00 UTC, sent only to shop.example.com under /cart.",
				"replaced":false,"deleted":false,
				"attributes":[
					{"name":"Max-Age","value":"3600","status":"used","reason":"","rule":"§5.6.2"},
					{"name":"Path","value":"/cart","status":"used","reason":"","rule":"§5.6.4"}],
				"cookie":{"name":"cart","value":"3","domain":"shop.example.com","host_only":true,"path":"/cart",
					"expires":"2026-03-01T13:00:00Z","secure":false,"http_only":false,"same_site":"","partitioned":false}
			},{
				"line":"theme=dark","stored":true,"reason":"","rule":"§5.7 step 24",
				"explanation":"Stored \"theme\" for the session, sent only to shop.example.com under /.",
				"replaced":false,"deleted":false,"attributes":[],
				"cookie":{"name":"theme","value":"dark","domain":"shop.example.com","host_only":true,"path":"/",
					"expires":"","secure":false,"http_only":false,"same_site":"","partitioned":false}}],
				"cookie_header":"cart=3; theme=dark"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := explainRequest(api.ExplainPath, tt.name, tt.body)
			h.wantStatus = http.StatusOK
			h.wantHeader = map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"}
			resp, body := h.do(t, ts)
			h.check(t, resp, body)
			if got, want := compactJSON(body), compactJSON(tt.want); got != want {
				t.Errorf("POST %s %s\n got: %s\nwant: %s", api.ExplainPath, tt.body, got, want)
			}
		})
	}
}

// postExplain posts body to /api/explain and decodes the answer.
func postExplain(t *testing.T, ts *httptest.Server, body string) api.ExplainResponse {
	t.Helper()
	h := explainRequest(api.ExplainPath, "", body)
	h.wantStatus = http.StatusOK
	resp, b := h.do(t, ts)
	h.check(t, resp, b)
	var r api.ExplainResponse
	dec := json.NewDecoder(strings.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("POST %s %s: %v (body %q)", api.ExplainPath, body, err, b)
	}
	return r
}

// TestHandlerExplainVerdicts checks the verdicts and the Cookie header of
// more cases, field by field.
func TestHandlerExplainVerdicts(t *testing.T) {
	ts := newHandlerServer(t)
	v4095 := strings.Repeat("v", 4095)
	tests := []struct {
		name        string
		setURL      string
		from        string
		requestURL  string
		lines       []string
		wantStored  []bool
		wantReasons []string
		wantHeader  string
	}{
		{"Secure from http://localhost is stored: localhost is a secure origin",
			"http://localhost:8000/", "http", "", []string{"id=1; Secure"}, []bool{true}, []string{""}, "id=1"},
		{"Domain=a.test from a.test is a domain cookie, sent to its subdomains",
			"http://a.test/", "http", "http://www.a.test/", []string{"d=1; Domain=a.test"}, []bool{true}, []string{""}, "d=1"},
		{"Domain=a.test from b.test is InvalidDomain",
			"http://b.test/", "http", "", []string{"d=1; Domain=a.test"}, []bool{false}, []string{"InvalidDomain"}, ""},
		{"SameSite=None without Secure is SameSiteNoneInsecure",
			"https://a.test/", "http", "", []string{"s=1; SameSite=None"}, []bool{false}, []string{"SameSiteNoneInsecure"}, ""},
		{"Max-Age=0 deletes the cookie it replaces",
			"http://a.test/", "http", "", []string{"a=1", "b=2", "a=3; Max-Age=0"}, []bool{true, true, false}, []string{"", "", "Expired"}, "b=2"},
		{"4096 bytes of name and value are stored, 4097 are NameValuePairExceedsMaxSize",
			"http://a.test/", "http", "", []string{"n=" + v4095, "nn=" + v4095}, []bool{true, false}, []string{"", "NameValuePairExceedsMaxSize"}, "n=" + v4095},
		{"a line without = is a nameless cookie, sent as its value",
			"http://a.test/", "http", "", []string{"foo"}, []bool{true}, []string{""}, "foo"},
		{"script cannot set HttpOnly",
			"https://a.test/", "script", "", []string{"h=1; HttpOnly", "s=1"}, []bool{false, true}, []string{"HttpOnly", ""}, "s=1"},
		{"the Cookie header is for the request URL: a Path elsewhere is not sent",
			"https://a.test/", "http", "https://a.test/other", []string{"p=1; Path=/p", "r=1; Path=/"}, []bool{true, true}, []string{"", ""}, "r=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := json.Marshal(api.ExplainRequest{SetURL: tt.setURL, SetCookie: tt.lines, From: tt.from, RequestURL: tt.requestURL})
			if err != nil {
				t.Fatal(err)
			}
			r := postExplain(t, ts, string(req))
			if len(r.Results) != len(tt.lines) {
				t.Fatalf("%d results; want %d", len(r.Results), len(tt.lines))
			}
			for i, res := range r.Results {
				if res.Line != tt.lines[i] || res.Stored != tt.wantStored[i] || res.Reason != tt.wantReasons[i] {
					t.Errorf("result %d: line %.40q stored %v reason %q; want %.40q, %v, %q", i, res.Line, res.Stored, res.Reason, tt.lines[i], tt.wantStored[i], tt.wantReasons[i])
				}
				if res.Rule == "" || res.Explanation == "" || res.Attributes == nil {
					t.Errorf("result %d: rule %q, explanation %q, attributes %v; want all set", i, res.Rule, res.Explanation, res.Attributes)
				}
			}
			if r.CookieHeader != tt.wantHeader {
				t.Errorf("cookie_header = %.60q; want %.60q", r.CookieHeader, tt.wantHeader)
			}
		})
	}
}

func TestHandlerExplainBadInput(t *testing.T) {
	ts := newHandlerServer(t)
	ok := func(field, value string) string {
		m := map[string]any{"set_url": "https://a.test/", "set_cookie": []string{"a=1"}, "from": "http"}
		if value == "<absent>" {
			delete(m, field)
		} else {
			m[field] = json.RawMessage(value)
		}
		b, err := json.Marshal(m)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	many := make([]string, api.MaxExplainLines+1)
	for i := range many {
		many[i] = fmt.Sprintf("c%d=%d", i, i)
	}
	block := "HTTP/1.1 200 OK\n"
	for _, l := range many {
		block += "Set-Cookie: " + l + "\n"
	}
	p := api.ExplainPath
	runHandlerTests(t, ts, []handlerTest{
		explainBad(p, "set_url is required", ok("set_url", "<absent>"), "set_url"),
		explainBad(p, "set_url must be absolute", ok("set_url", `"/path"`), "set_url"),
		explainBad(p, "set_url must be http or https", ok("set_url", `"ftp://a.test/"`), "set_url"),
		explainBad(p, "set_url must name a host", ok("set_url", `"http:///path"`), "set_url"),
		explainBad(p, "set_url must be a URL", ok("set_url", `"http://a b.test/%zz"`), "set_url"),
		explainBad(p, "set_url must not be opaque", ok("set_url", `"http:a.test"`), "set_url"),
		explainBad(p, "request_url must be an http or https URL", ok("request_url", `"mailto:a@a.test"`), "request_url"),
		explainBad(p, "from is required", ok("from", "<absent>"), "from"),
		explainBad(p, "from is http or script", ok("from", `"ftp"`), "from"),
		explainBad(p, "set_cookie is required", ok("set_cookie", "<absent>"), "set_cookie"),
		explainBad(p, "set_cookie must not be empty", ok("set_cookie", `[]`), "set_cookie"),
		explainBad(p, "set_cookie holds at most 50 lines", ok("set_cookie", jsonLines(many...)), "set_cookie"),
		explainBad(p, "a header block holds at most 50 Set-Cookie lines", ok("set_cookie", jsonLines(block)), "set_cookie"),
		explainBad(p, "a header block must hold a Set-Cookie line", ok("set_cookie", jsonLines("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")), "set_cookie"),
		explainBad(p, "set_cookie is an array of strings", ok("set_cookie", `"a=1"`), "set_cookie"),
		explainBad(p, "now must be RFC 3339", ok("now", `"yesterday"`), "now"),
		explainBad(p, "unknown fields are refused", ok("extra", `1`), "extra"),
		explainBad(p, "the body must be JSON", "set_url=x", "body"),
	})
}

func TestHandlerExplainTry(t *testing.T) {
	ts := newHandlerServer(t)
	odd := []string{
		"a=1",
		"b=2; Secure; SameSite=None; Partitioned",
		"nameless",
		"__Host-x=1; Domain=example.com; Path=/nope",
		"c=v a l; Path=/api;;; Max-Age=zz",
		"bad name=\"quoted, value\"",
	}
	okTry := func(name string, lines []string) handlerTest {
		tt := explainRequest(api.ExplainTryPath, name, `{"set_cookie":`+jsonLines(lines...)+`}`)
		tt.wantStatus = http.StatusOK
		tt.wantSetCookie = lines
		tt.wantBody = fmt.Sprintf("{\"sent\":%d}\n", len(lines))
		tt.wantHeader = map[string]string{"Content-Type": apiType, "Cache-Control": "no-store"}
		return tt
	}
	max := make([]string, api.MaxExplainLines)
	for i := range max {
		max[i] = fmt.Sprintf("c%d=%d", i, i)
	}
	long := "l=" + strings.Repeat("v", api.MaxAsWrittenLineBytes-2)
	p := api.ExplainTryPath
	crossSite := explainBad(p, "a cross-site POST is refused and sets nothing", `{"set_cookie":["a=1"]}`, "")
	crossSite.header = []string{"Sec-Fetch-Site", "cross-site"}
	crossSite.wantStatus = http.StatusForbidden
	runHandlerTests(t, ts, []handlerTest{
		okTry("sends exactly the lines, odd and insecure ones included, in order, bypassing http.SetCookie", odd),
		okTry("sends one line", []string{"theme=dark"}),
		okTry("sends 50 lines", max),
		okTry("sends a line of 8 KiB", []string{long}),
		explainBad(p, "refuses a CR", `{"set_cookie":["a=1","b=2\rSet-Cookie: evil=1"]}`, "set_cookie"),
		explainBad(p, "refuses an LF", `{"set_cookie":["a=1\nX-Evil: 1"]}`, "set_cookie"),
		explainBad(p, "refuses a NUL", `{"set_cookie":["a=1\u0000"]}`, "set_cookie"),
		explainBad(p, "refuses 51 lines", `{"set_cookie":`+jsonLines(append(max, "one=more")...)+`}`, "set_cookie"),
		explainBad(p, "refuses a line over 8 KiB", `{"set_cookie":["`+long+`x"]}`, "set_cookie"),
		explainBad(p, "refuses no line", `{"set_cookie":[]}`, "set_cookie"),
		explainBad(p, "refuses unknown fields", `{"set_cookie":["a=1"],"set_url":"http://a.test/"}`, "set_url"),
		crossSite,
	})
}

// TestHandlerExplainTryControlCharacters checks, on the wire, that control
// characters other than CR, LF and NUL are sent as they are: a browser
// rejects such a line (DisallowedCharacter), which is the point of trying it.
// Go's client refuses such a response, so this reads it raw.
func TestHandlerExplainTryControlCharacters(t *testing.T) {
	ts := newHandlerServer(t)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"set_cookie":["c=\u0001\u007f\t; Path=/"]}`
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nConnection: close\r\n\r\n%s", api.ExplainTryPath, ts.Listener.Addr(), len(body), body)
	raw, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("HTTP/1.1 200 ")) || !bytes.Contains(raw, []byte("\r\nSet-Cookie: c=\x01\x7f\t; Path=/\r\n")) {
		t.Errorf("the answer does not carry the line with its control characters:\n%q", raw)
	}
}

// TestHandlerExplainPage checks that /explain is pre-rendered with its form
// and no request data.
func TestHandlerExplainPage(t *testing.T) {
	ts := newHandlerServer(t)
	page := map[string]string{"Content-Type": htmlType, "Cache-Control": "no-store", "ETag": ""}
	runHandlerTests(t, ts, []handlerTest{
		{
			name:       "GET /explain is pre-rendered with the form, the results and the experiment",
			target:     "/explain",
			wantStatus: http.StatusOK,
			wantContains: []string{`id="explain-set_cookie"`, `id="explain-set_url"`, `id="explain-from"`,
				`id="explain-request_url"`, `id="explain-run"`, `id="explain-results"`, `id="explain-try"`, `id="try-results"`,
				`href="/explain"`},
			wantHeader: page,
		},
		{
			name:            "GET /explain does not pre-render request data",
			target:          "/explain?set_url=" + url.QueryEscape(`"><i id=injected>`),
			wantStatus:      http.StatusOK,
			wantNotContains: []string{`<i id=injected>`, "injected"},
			wantHeader:      page,
		},
	})
}

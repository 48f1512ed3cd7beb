package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// newProxiedServer serves the playground over plain http behind a
// TLS-terminating reverse proxy that keeps the browser's Host (as nginx's
// proxy_set_header Host $host does) and adds X-Forwarded-*.
func newProxiedServer(t *testing.T, cfg Config) (proxy *httptest.Server) {
	t.Helper()
	backend := httptest.NewServer(NewServer(cfg))
	t.Cleanup(backend.Close)
	target, _ := url.Parse(backend.URL)
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.Out.Host = pr.In.Host
		pr.SetXForwarded()
	}}
	proxy = httptest.NewTLSServer(rp)
	t.Cleanup(proxy.Close)
	return proxy
}

// loginCookieName logs in as Ada through ts with the Host header host, and
// returns the name of the session cookie set.
func loginCookieName(t *testing.T, ts *httptest.Server, host string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader("username=Ada"))
	req.Header.Set("Content-Type", formType)
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirectClient(ts).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	name, _, _ := strings.Cut(resp.Header.Get("Set-Cookie"), "=")
	return resp.StatusCode, name
}

func TestTrustProxy(t *testing.T) {
	hosts := []string{"a.test", "127.0.0.1"}
	tests := []struct {
		name       string
		trustProxy bool
		direct     bool     // straight to the server, not through the proxy
		header     []string // sent by the client
		wantStatus int
		wantCookie string
	}{
		{"behind a trusted proxy, https at the proxy gives __Host-session", true, false, nil, http.StatusSeeOther, "__Host-session"},
		{"behind an untrusted proxy, the request is plain http to a.test", false, false, nil, http.StatusSeeOther, "session"},
		{"without the flag a client's X-Forwarded-Proto is ignored", false, true, []string{"X-Forwarded-Proto", "https"}, http.StatusSeeOther, "session"},
		{"with the flag, X-Forwarded-Proto: http is plain http", true, true, []string{"X-Forwarded-Proto", "http"}, http.StatusSeeOther, "session"},
		{"a forwarded host is held to the allow-list", true, true, []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.test"}, http.StatusMisdirectedRequest, ""},
		{"without the flag a forwarded host is ignored", false, true, []string{"X-Forwarded-Host", "evil.test"}, http.StatusSeeOther, "session"},
	}
	for _, tt := range tests {
		cfg := testConfig()
		cfg.TrustProxy, cfg.Hosts = tt.trustProxy, hosts
		var ts *httptest.Server
		if tt.direct {
			ts = httptest.NewServer(NewServer(cfg))
			t.Cleanup(ts.Close)
		} else {
			ts = newProxiedServer(t, cfg)
		}
		status, cookie := loginCookieName(t, ts, "a.test", tt.header...)
		if status != tt.wantStatus || cookie != tt.wantCookie {
			t.Errorf("%s: POST /login = %d, cookie %q; want %d, %q", tt.name, status, cookie, tt.wantStatus, tt.wantCookie)
		}
	}
}

func TestHostAllowList(t *testing.T) {
	cfg := testConfig()
	cfg.Hosts = []string{"a.test", "*.a.test", "B.test"}
	ts := httptest.NewServer(NewServer(cfg))
	t.Cleanup(ts.Close)
	tests := []struct {
		name, host, target string
		wantStatus         int
		wantType           string
	}{
		{"a listed name", "a.test", "/getcookie", http.StatusOK, textType},
		{"a listed name with a port", "a.test:8443", "/getcookie", http.StatusOK, textType},
		{"names are case-insensitive", "A.TEST", "/getcookie", http.StatusOK, textType},
		{"one label below a wildcard", "sub.a.test", "/getcookie", http.StatusOK, textType},
		{"two labels below a wildcard are not", "x.sub.a.test", "/getcookie", http.StatusMisdirectedRequest, textType},
		{"the wildcard's own name needs its own entry", "b.test", "/getcookie", http.StatusOK, textType},
		{"a stranger gets 421", "evil.test", "/getcookie", http.StatusMisdirectedRequest, textType},
		{"a stranger gets JSON under /api/", "evil.test", "/api/me", http.StatusMisdirectedRequest, apiType},
		{"a look-alike suffix is a stranger", "xa.test", "/api/me", http.StatusMisdirectedRequest, apiType},
		{"an address not listed is a stranger", "127.0.0.1", "/api/me", http.StatusMisdirectedRequest, apiType},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+tt.target, nil)
		req.Host = tt.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.wantStatus || resp.Header.Get("Content-Type") != tt.wantType {
			t.Errorf("%s: GET %s (Host %s) = %d %q; want %d %q", tt.name, tt.target, tt.host, resp.StatusCode, resp.Header.Get("Content-Type"), tt.wantStatus, tt.wantType)
		}
		if tt.wantStatus == http.StatusMisdirectedRequest && strings.Contains(string(body), tt.host) {
			t.Errorf("%s: the refusal echoes the host: %q", tt.name, body)
		}
	}
}

func TestOtherSite(t *testing.T) {
	cfg := testConfig()
	cfg.OtherSite, cfg.Hosts, cfg.TrustProxy = "https://b.test", []string{"a.test", "*.a.test", "b.test", "127.0.0.1"}, true
	ts := httptest.NewServer(NewServer(cfg))
	t.Cleanup(ts.Close)
	https := []string{"X-Forwarded-Proto", "https"}

	sites := func(host string) api.LabSitesResponse {
		resp, body := labDo(t, ts, http.MethodGet, host, api.LabSitesPath, https...)
		var got api.LabSitesResponse
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil {
			t.Fatalf("GET %s on %s: %d %q", api.LabSitesPath, host, resp.StatusCode, body)
		}
		return got
	}
	port := serverPort(t, ts)
	if got, want := sites("a.test"), (api.LabSitesResponse{Page: "https://a.test:" + port, Other: "https://b.test", Sub: "https://sub.a.test:" + port}); got != want {
		t.Errorf("sites from a.test = %+v; want %+v", got, want)
	}
	// No subdomain where the server does not answer for one.
	if got := sites("b.test"); got.Sub != "" {
		t.Errorf("sites from b.test: sub %q; want none (no *.b.test)", got.Sub)
	}
	// The subdomain's echo is readable, with credentials, by its own site
	// only.
	for origin, want := range map[string]string{"https://a.test:" + port: "https://a.test:" + port, "https://b.test": "", "https://evil.a.test.example": ""} {
		resp, _ := labDo(t, ts, http.MethodGet, "sub.a.test", api.LabEchoPath, append(https, "Origin", origin)...)
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want || want != "" && resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("echo on sub.a.test for Origin %s: Allow-Origin %q; want %q with credentials", origin, got, want)
		}
	}
	// The lab page frames the other site.
	resp, _ := labDo(t, ts, http.MethodGet, "a.test", api.LabPath, https...)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-src 'self' https://b.test") {
		t.Errorf("lab page CSP %q; want frame-src for https://b.test", csp)
	}
	// The probe on b.test admits the lab page's site it names, if the
	// server answers for it; a hit on a.test answers b.test's fetch.
	for _, tt := range []struct {
		site       string
		wantStatus int
	}{
		{"https://a.test", http.StatusOK},
		{"https://evil.test", http.StatusNotFound},
		{"https://b.test", http.StatusNotFound},
		{"javascript:alert(1)", http.StatusNotFound},
	} {
		resp, _ := labDo(t, ts, http.MethodGet, "b.test", api.LabProbePath+"?site="+url.QueryEscape(tt.site), https...)
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != tt.wantStatus || tt.wantStatus == http.StatusOK && !strings.Contains(csp, "frame-ancestors "+tt.site) {
			t.Errorf("probe on b.test for site %s: %d, CSP %q; want %d", tt.site, resp.StatusCode, csp, tt.wantStatus)
		}
	}
	run := labStart(t, ts)
	resp, _ = labDo(t, ts, http.MethodGet, "a.test", labHit(run, api.LabKindFetch), append(https, "Sec-Fetch-Site", "cross-site", "Origin", "https://b.test")...)
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://b.test" {
		t.Errorf("fetch hit on a.test: Access-Control-Allow-Origin %q; want https://b.test", got)
	}
}

func TestParseOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://B.test":       "https://b.test",
		"http://b.test:8080":   "http://b.test:8080",
		"https://b.test/":      "https://b.test",
		"https://[::1]:8443":   "https://[::1]:8443",
		"ftp://b.test":         "",
		"https://b.test/lab":   "",
		"https://b.test?x=1":   "",
		"https://u@b.test":     "",
		"https://b.test:0":     "",
		"https://b.test:99999": "",
		"b.test":               "",
		"https://":             "",
	} {
		got, err := ParseOrigin(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ParseOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestLabCORS(t *testing.T) {
	cfg := testConfig()
	cfg.Hosts = []string{"a.test", "*.a.test", "127.0.0.1"}
	ts := httptest.NewServer(NewServer(cfg))
	t.Cleanup(ts.Close)
	run := labStart(t, ts)
	page := "http://a.test:" + serverPort(t, ts)
	tests := []struct {
		name, query, origin              string
		wantStatus                       int
		wantOrigin, wantACAC, wantCookie string
	}{
		{"the exact origin, with credentials", "case=include-exact-cred&allow=exact&credentials=true", page,
			http.StatusOK, page, "true", "lab-cors-set-include-exact-cred=1; Path=/; Domain=a.test"},
		{"the exact origin, without Allow-Credentials", "case=include-exact&allow=exact", page,
			http.StatusOK, page, "", "lab-cors-set-include-exact=1; Path=/; Domain=a.test"},
		{"a star", "case=include-star-cred&allow=star&credentials=true", page,
			http.StatusOK, "*", "true", "lab-cors-set-include-star-cred=1; Path=/; Domain=a.test"},
		{"no exact origin for another site, and a host-only cookie", "case=x&allow=exact", "http://b.test",
			http.StatusOK, "", "", "lab-cors-set-x=1; Path=/"},
		{"a case that is no token", "case=a%3Bb&allow=exact", page, http.StatusBadRequest, "", "", ""},
		{"an unknown answer", "case=x&allow=maybe", page, http.StatusBadRequest, "", "", ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+api.LabCORSPath+"?run="+url.QueryEscape(run)+"&"+tt.query, nil)
		req.Host = "sub.a.test:" + serverPort(t, ts)
		req.Header.Set("Origin", tt.origin)
		req.Header.Set("Cookie", "lab-cors=1; session=x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if resp.StatusCode != tt.wantStatus || h.Get("Access-Control-Allow-Origin") != tt.wantOrigin ||
			h.Get("Access-Control-Allow-Credentials") != tt.wantACAC || h.Get("Set-Cookie") != tt.wantCookie {
			t.Errorf("%s: %d, Allow-Origin %q, Allow-Credentials %q, Set-Cookie %q; want %d, %q, %q, %q", tt.name, resp.StatusCode,
				h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Allow-Credentials"), h.Get("Set-Cookie"),
				tt.wantStatus, tt.wantOrigin, tt.wantACAC, tt.wantCookie)
		}
	}
	var cases []string
	for _, r := range labRecords(t, ts, run) {
		if r.Kind != api.LabKindCORS || r.Cookie != "lab-cors=1" {
			t.Errorf("record %+v; want a cors record of the lab cookie alone", r)
		}
		cases = append(cases, r.Case)
	}
	if got, want := strings.Join(cases, " "), "include-exact-cred include-exact include-star-cred x"; got != want {
		t.Errorf("recorded cases %q; want %q", got, want)
	}
}

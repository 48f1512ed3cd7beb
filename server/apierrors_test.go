package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// TestHandlerAPIErrorsAreJSON checks the answers of /api/ requests that no
// handler of the API wrote: the mux's 404 and 405, the GET that fell
// through to go-app's 404 page, and CrossOriginProtection's 403.
func TestHandlerAPIErrorsAreJSON(t *testing.T) {
	ts := newHandlerServer(t)
	json405 := func(allow string) map[string]string {
		return map[string]string{"Content-Type": apiType, "Cache-Control": "no-store", "Allow": allow}
	}
	runHandlerTests(t, ts, []handlerTest{
		{
			name: "PUT /api/cookies is a JSON 405 listing the methods the path takes", method: http.MethodPut, target: "/api/cookies",
			contentType: jsonType, body: `{"name":"a"}`,
			wantStatus: http.StatusMethodNotAllowed, wantErrField: "method", wantErrRule: api.RuleMethod, wantHeader: json405("GET, HEAD, POST"),
		},
		{
			name: "GET /api/explain is a JSON 405, not go-app's 404 page", target: "/api/explain",
			wantStatus: http.StatusMethodNotAllowed, wantErrField: "method", wantErrRule: api.RuleMethod, wantHeader: json405("POST"),
			wantNotContains: []string{"<html"},
		},
		{
			name: "GET /api/cookies/a is a JSON 405: the path takes DELETE", target: "/api/cookies/a",
			wantStatus: http.StatusMethodNotAllowed, wantErrField: "method", wantErrRule: api.RuleMethod, wantHeader: json405("DELETE"),
		},
		{
			name: "PATCH /api/me is a JSON 405", method: http.MethodPatch, target: "/api/me",
			wantStatus: http.StatusMethodNotAllowed, wantErrField: "method", wantErrRule: api.RuleMethod, wantHeader: json405("GET, HEAD"),
		},
		{
			name: "GET /api/nothing is a JSON 404, not go-app's page", target: "/api/nothing",
			wantStatus: http.StatusNotFound, wantErrField: "path", wantErrRule: api.RuleFound, wantNotContains: []string{"<html", "/api/nothing"},
		},
		{
			name: "GET /api//me is a JSON 404, not the mux's HTML redirect", target: "/api//me",
			wantStatus: http.StatusNotFound, wantErrField: "path", wantErrRule: api.RuleFound,
		},
		{
			name: "POST /api/./cookies is a JSON 404", method: http.MethodPost, target: "/api/./cookies",
			contentType: jsonType, body: `{"name":"a"}`,
			wantStatus: http.StatusNotFound, wantErrField: "path", wantErrRule: api.RuleFound,
		},
		{
			name: "GET /api/me/ is a JSON 404: the trailing slash is another path", target: "/api/me/",
			wantStatus: http.StatusNotFound, wantErrField: "path", wantErrRule: api.RuleFound,
		},
		{
			name: "a method no route knows is a JSON 405 on an API path", method: "BREW", target: "/api/cookies",
			wantStatus: http.StatusMethodNotAllowed, wantErrField: "method", wantErrRule: api.RuleMethod, wantHeader: json405("GET, HEAD, POST"),
		},
		{
			name: "a cross-site POST /api/cookies is a JSON 403 (CrossOriginProtection)", method: http.MethodPost, target: "/api/cookies",
			header:      []string{"Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"},
			contentType: jsonType, body: `{"name":"a","value":"1"}`,
			wantStatus: http.StatusForbidden, wantErrField: "origin", wantErrRule: api.RuleSameOrigin,
		},
		{
			name: "a cross-site DELETE /api/cookies/a is a JSON 403", method: http.MethodDelete, target: "/api/cookies/a",
			header:     []string{"Sec-Fetch-Site", "cross-site"},
			wantStatus: http.StatusForbidden, wantErrField: "origin", wantErrRule: api.RuleSameOrigin,
		},
		{
			name: "a cross-site PUT /api/cookies is refused as cross-origin first", method: http.MethodPut, target: "/api/cookies",
			header:     []string{"Sec-Fetch-Site", "cross-site"},
			wantStatus: http.StatusForbidden, wantErrField: "origin", wantErrRule: api.RuleSameOrigin,
		},
		{
			name: "GET /nothing outside the API is still go-app's 404", target: "/nothing",
			wantStatus: http.StatusNotFound, wantNotContains: []string{`{"error"`},
		},
	})
}

// TestHandlerBodyTimeoutHidesSocketAddresses sends half a body and waits:
// the server's read timeout ends the request, and the answer is a fixed
// JSON message without the addresses of the i/o error.
func TestHandlerBodyTimeoutHidesSocketAddresses(t *testing.T) {
	ts := httptest.NewUnstartedServer(NewServer(testConfig()))
	ts.Config.ReadTimeout = 200 * time.Millisecond
	ts.Start()
	t.Cleanup(ts.Close)

	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a bound, not an assertion
	_, err = io.WriteString(conn, "POST /api/cookies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"+
		"Content-Length: 100\r\n\r\n{\"name\":")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var e api.ErrorResponse
	if err := json.Unmarshal(body, &e); err != nil || resp.Header.Get("Content-Type") != apiType {
		t.Fatalf("answer %q (%s) is not a JSON error: %v", body, resp.Header.Get("Content-Type"), err)
	}
	want := api.ErrorResponse{Error: "body: not received in time", Field: "body", Rule: api.RuleReceived}
	if resp.StatusCode != http.StatusBadRequest || e != want {
		t.Errorf("half a body = %d %+v; want %d %+v", resp.StatusCode, e, http.StatusBadRequest, want)
	}
	if strings.Contains(string(body), "127.0.0.1") || strings.Contains(string(body), "tcp") {
		t.Errorf("the answer leaks socket details: %s", body)
	}
}

// TestWriteErrorKeepsInternalsInTheLog: a 500 tells nothing of its error
// (TestWriteError), and the log has it.
func TestWriteErrorKeepsInternalsInTheLog(t *testing.T) {
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))

	internal := "open /srv/web/app.wasm: read tcp 127.0.0.1:8000->127.0.0.1:5000: i/o timeout"
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest(http.MethodGet, "/api/cookies", nil), http.StatusBadRequest, errors.New(internal))
	if body := rec.Body.String(); rec.Code != http.StatusInternalServerError || strings.Contains(body, "127.0.0.1") || strings.Contains(body, "/srv") {
		t.Errorf("writeError(internal) = %d %s; want 500 without the error's details", rec.Code, body)
	}
	if !strings.Contains(logs.String(), internal) {
		t.Errorf("the log lacks %q:\n%s", internal, logs.String())
	}
}

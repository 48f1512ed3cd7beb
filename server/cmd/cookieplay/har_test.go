package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// runHARFile runs "cookieplay har ARGS…" as main would and returns its
// output, exit status and message.
func runHARFile(t *testing.T, args ...string) (out string, code int, msg string) {
	t.Helper()
	var stdout bytes.Buffer
	err := run(context.Background(), append([]string{"har"}, args...), func(string) string { return "" }, &stdout)
	var exit *exitError
	switch {
	case err == nil:
		return stdout.String(), 0, ""
	case errors.As(err, &exit):
		return stdout.String(), exit.code, exit.msg
	}
	t.Fatalf("run(har %v) = %v; want nil or an exit status", args, err)
	return
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var harExitTests = []struct {
	name     string
	args     []string
	wantCode int
	wantOut  string // in stdout
	wantMsg  string // in the message
}{
	{"a session that agrees exits 0, names only in the table", []string{"testdata/agrees.har"}, 0, "session   agrees", ""},
	{"a hand-made impossible session exits 1 and says why", []string{"testdata/impossible.har"}, 1, "SameSite=Strict", "1 of 3 entries differ"},
	{"the impossible session as JSON exits 1 too", []string{"-json", "testdata/impossible.har"}, 1, `"agrees": false`, "differ"},
	{"a missing file exits 2", []string{"testdata/none.har"}, 2, "", "no such file"},
	{"no file exits 2", nil, 2, "usage: cookieplay har", "name one HAR file"},
	{"a bad -third-party-cookies exits 2", []string{"-third-party-cookies", "maybe", "testdata/agrees.har"}, 2, "", `must be "allowed" or "blocked"`},
}

func TestRunHARExitStatus(t *testing.T) {
	for _, tt := range harExitTests {
		t.Run(tt.name, func(t *testing.T) {
			out, code, msg := runHARFile(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit status %d; want %d (message %q)", code, tt.wantCode, msg)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output does not hold %q:\n%s", tt.wantOut, out)
			}
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q does not hold %q", msg, tt.wantMsg)
			}
		})
	}
}

func TestRunHARTableHidesValues(t *testing.T) {
	out, _, _ := runHARFile(t, "testdata/agrees.har")
	if strings.Contains(out, "s3cr3t") {
		t.Errorf("the table shows a cookie value:\n%s", out)
	}
}

func TestRunHARJSONContract(t *testing.T) {
	out, code, _ := runHARFile(t, "-json", "testdata/agrees.har")
	if code != 0 {
		t.Fatalf("exit status %d; want 0", code)
	}
	var rep struct {
		Entries []map[string]json.RawMessage `json:"entries"`
		Summary api.HARSummary               `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	for _, field := range []string{"index", "url", "predicted_cookie_header", "recorded_cookie_header", "agrees", "withheld", "set_cookie"} {
		if _, ok := rep.Entries[1][field]; !ok {
			t.Errorf("entries[1] has no %q", field)
		}
	}
	if got := string(rep.Entries[1]["predicted_cookie_header"]); got != `"session=s3cr3t"` {
		t.Errorf("entries[1].predicted_cookie_header = %s; want %q", got, "session=s3cr3t")
	}
	if rep.Summary.Entries != 2 || rep.Summary.Agree != 2 || rep.Summary.SetCookieLines != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
}

var harMalformedTests = []struct {
	name, data, wantMsg string
}{
	{"not JSON", "<html>", "not a HAR file: not JSON"},
	{"wrong types", `{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": 7}}]}}`, "log.entries[0].request.url: must be a string, not number"},
	{"no log", `{"version": "1.2"}`, `it has no "log"`},
}

func TestRunHARMalformedExits2(t *testing.T) {
	for _, tt := range harMalformedTests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, "bad.har", []byte(tt.data))
			_, code, msg := runHARFile(t, p)
			if code != 2 || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("har %s: exit %d, message %q; want 2 and %q", tt.name, code, msg, tt.wantMsg)
			}
		})
	}
}

func TestRunHARRefuses60MB(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.har")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(60 << 20); err != nil { // sparse: no 60 MB written
		t.Fatal(err)
	}
	f.Close()
	_, code, msg := runHARFile(t, p)
	if code != 2 || !strings.Contains(msg, "the file is 60.0 MB; the limit is 50.0 MB") {
		t.Errorf("har of 60 MB: exit %d, message %q; want 2 and the size", code, msg)
	}
}

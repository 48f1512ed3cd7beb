package explainer

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

func TestEntries(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"one line per entry, blank lines dropped", "a=1\n\n b=2 \r\n", []string{"a=1", " b=2 "}},
		{"nothing", "  \n", nil},
		{"a header block is one entry", "HTTP/1.1 200 OK\nset-cookie: a=1\n", []string{"HTTP/1.1 200 OK\nset-cookie: a=1\n"}},
		{"one Set-Cookie header line is a block", "Set-Cookie: a=1", []string{"Set-Cookie: a=1\n"}},
	}
	for _, tt := range tests {
		if got := Entries(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Entries(%q) = %q; want %q", tt.name, tt.text, got, tt.want)
		}
	}
	if got, err := Lines(Entries("set-cookie: a=1")); err != nil || !reflect.DeepEqual(got, []string{"a=1"}) {
		t.Errorf("Lines(Entries(\"set-cookie: a=1\")) = %q, %v; want [a=1]", got, err)
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name    string
		entries []string
		want    []string
		wantErr string
	}{
		{"lines as given", []string{" a=1 ", "b"}, []string{" a=1 ", "b"}, ""},
		{"a block: Set-Cookie lines only, any case, value trimmed",
			[]string{"HTTP/2 200\r\ncontent-type: text/html\r\nSET-COOKIE:a=1; Path=/\r\n  Set-Cookie: \tb=2 \r\nX-Set-Cookie: c=3\r\nSet-Cookie2: d=4\r\n"},
			[]string{"a=1; Path=/", "b=2"}, ""},
		{"a one-line Set-Cookie header without a line break is a line", []string{"Set-Cookie: a=1"}, []string{"Set-Cookie: a=1"}, ""},
		{"two entries with line breaks are lines, for the engine to reject", []string{"a=1\n", "b=2"}, []string{"a=1\n", "b=2"}, ""},
		{"a block without Set-Cookie", []string{"HTTP/1.1 200 OK\n"}, nil, "set_cookie: the header block holds no Set-Cookie header line"},
		{"no line", nil, nil, "set_cookie: must hold at least one line"},
		{"too many lines", make([]string, api.MaxExplainLines+1), nil, "set_cookie: 51 lines is more than 50"},
	}
	for _, tt := range tests {
		got, err := Lines(tt.entries)
		if tt.wantErr != "" {
			var fe *api.FieldError
			if !errors.As(err, &fe) || err.Error() != tt.wantErr {
				t.Errorf("%s: Lines error = %v; want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Lines(%q) = %q, %v; want %q", tt.name, tt.entries, got, err, tt.want)
		}
	}
}

func TestParseURL(t *testing.T) {
	for _, ok := range []string{"http://a.test/", "HTTPS://A.test:8443/p?q#f", "http://[::1]:80/", "http://127.0.0.1"} {
		if _, err := ParseURL("set_url", ok); err != nil {
			t.Errorf("ParseURL(%q) = %v; want no error", ok, err)
		}
	}
	for _, bad := range []string{"", "/p", "a.test", "ftp://a.test/", "http:a.test", "http:///p", "http://%zz/", "javascript:alert(1)"} {
		_, err := ParseURL("set_url", bad)
		var fe *api.FieldError
		if !errors.As(err, &fe) || fe.Field != "set_url" {
			t.Errorf("ParseURL(%q) = %v; want a set_url error", bad, err)
		}
	}
}

func TestLineName(t *testing.T) {
	for line, want := range map[string]string{
		"a=1": "a", " a b =1; x=y": "a b", "foo": "", "=foo": "", "foo; a=b": "", "a=b=c": "a", "\ta\t=": "a",
	} {
		if got := LineName(line); got != want {
			t.Errorf("LineName(%q) = %q; want %q", line, got, want)
		}
	}
}

func TestPredictAndCompareTry(t *testing.T) {
	origin := &url.URL{Scheme: "http", Host: "127.0.0.1:8000"}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	lines := []string{
		"a=1; Path=/",                  // seen by both
		"h=1; Path=/; HttpOnly",        // sent, hidden from script
		"p=1",                          // default path /api/explain: neither
		"s=1; Path=/; SameSite=None",   // SameSiteNoneInsecure
		"k=1; Path=/; Secure",          // 127.0.0.1 is a secure origin
		"a=2; Path=/api; Max-Age=3600", // a second a, sent to /api/cookies only
		"nameless; Path=/",             // a nameless cookie
	}
	pred := Predict(lines, origin, now)
	want := Observation{DocumentCookie: "a=1; k=1; nameless", CookieHeader: "a=2; a=1; h=1; k=1; nameless"}
	if pred != want {
		t.Fatalf("Predict = %+v; want %+v", pred, want)
	}
	before := Observation{DocumentCookie: "a=old", CookieHeader: "a=old; other=1"}
	after := Observation{DocumentCookie: "a=1; k=1; nameless; other=1", CookieHeader: "a=2; a=1; h=1; other=1; nameless"}
	got := CompareTry(lines, pred, before, after)
	wantRows := []TryRow{
		{Name: "a", Predicted: "a=1 | a=2; a=1", Actual: "a=1 | a=2; a=1", Agrees: true, Before: true},
		{Name: "h", Predicted: "(none) | h=1", Actual: "(none) | h=1", Agrees: true},
		{Name: "p", Predicted: "(none) | (none)", Actual: "(none) | (none)", Agrees: true},
		{Name: "s", Predicted: "(none) | (none)", Actual: "(none) | (none)", Agrees: true},
		{Name: "k", Predicted: "k=1 | k=1", Actual: "k=1 | (none)", Agrees: false},
		{Name: "", Predicted: "nameless | nameless", Actual: "nameless | nameless", Agrees: true},
	}
	if !reflect.DeepEqual(got, wantRows) {
		t.Errorf("CompareTry =\n%+v\nwant\n%+v", got, wantRows)
	}
}

func TestExplainDefaults(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	r, err := Explain(api.ExplainRequest{SetURL: "https://a.test/x/y", SetCookie: []string{"a=1; Max-Age=60"}, From: api.FromHTTP}, now)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Results[0].Cookie
	if c.Path != "/x" || c.Expires != "2026-03-01T12:01:00Z" || r.CookieHeader != "a=1" {
		t.Errorf("path %q, expires %q, header %q; want the default path /x, now+60s and the header for set_url", c.Path, c.Expires, r.CookieHeader)
	}
	r, err = Explain(api.ExplainRequest{SetURL: "https://a.test/", SetCookie: []string{"a=1; Max-Age=60"}, From: api.FromHTTP, Now: "2030-01-01T00:00:00+01:00"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Results[0].Cookie.Expires; got != "2029-12-31T23:01:00Z" {
		t.Errorf("expires = %q with now 2030-01-01T00:00:00+01:00; want 2029-12-31T23:01:00Z", got)
	}
}

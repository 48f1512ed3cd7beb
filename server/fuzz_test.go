package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// fuzzHandler is one server for every fuzz input: building one per input
// would measure NewServer, not the parsing.
func fuzzHandler(f *testing.F) http.Handler {
	f.Helper()
	return NewServer(Config{
		WebDir: "../web", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return sessNow }, SessionKeys: [][]byte{testKeyA},
	})
}

// checkResponse holds for every answer, whatever the input: no 5xx, no
// control character in any Set-Cookie line, and a JSON error that names
// its field and rule.
func checkResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	for _, line := range rec.Header()["Set-Cookie"] {
		if strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("Set-Cookie with a control character: %q", line)
		}
	}
	if rec.Code == http.StatusBadRequest && strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		var e api.ErrorResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Field == "" || e.Rule == "" || !strings.HasPrefix(e.Error, e.Field+": ") {
			t.Fatalf("400 without an error naming its field and rule: %s", rec.Body)
		}
	}
}

func FuzzAPICookiesSet(f *testing.F) {
	h := fuzzHandler(f)
	for _, seed := range []string{
		`{"name":"a","value":"1"}`,
		`{"name":"__Host-a","value":"1","secure":true}`,
		`{"name":"a","value":"1","same_site":"None","secure":true,"partitioned":true,"max_age":-1}`,
		`{"name":"a","value":"1","expires":"2030-01-02T15:04:05Z","domain":"127.0.0.1","path":"/x"}`,
		`{"name":"a\r\nX: 1","value":"1"}`, `[]`, `{"name":1}`, `{"a":1}`, `{}`, ``, `{"name":"a"}]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/api/cookies", strings.NewReader(body))
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkResponse(t, rec)
		if rec.Code == http.StatusOK && len(rec.Header()["Set-Cookie"]) != 1 {
			t.Fatalf("200 with Set-Cookie %q; want exactly one line", rec.Header()["Set-Cookie"])
		}
	})
}

func FuzzLogin(f *testing.F) {
	h := fuzzHandler(f)
	for _, seed := range []string{"username=Ada", "username=Ada&mode=tutorial", "username=%00", "username=" + strings.Repeat("a", 65), "mode=secure", "username=a%0D%0AX:1", "%%%"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkResponse(t, rec)
		loc, err := url.Parse(rec.Header().Get("Location"))
		if rec.Code != http.StatusSeeOther || err != nil || loc.Host != "" {
			t.Fatalf("POST /login answered %d to %q; want a 303 on this site", rec.Code, rec.Header().Get("Location"))
		}
		if loc.Path == "/login" && len(rec.Header()["Set-Cookie"]) != 0 {
			t.Fatalf("a refused login set %q", rec.Header()["Set-Cookie"])
		}
	})
}

// FuzzQueryString holds parseQuery to url.ParseQuery, which decodes the same
// syntax leniently: whatever parseQuery accepts, url.ParseQuery reads the same
// way, one value per name; and GET /cookies/set either sets every pair or
// answers 400 naming a field.
func FuzzQueryString(f *testing.F) {
	h := fuzzHandler(f)
	for _, seed := range []string{
		"a=1&b=2", "a", "a=%zz", "a=1&b=%zz", "a=1&a=2", "a=1;b=2", "a%zz=1", "=1", "&&", "a=x+y%20z",
		"session=x", "__Host-session=x", "username=x", "a=%0D%0AX:1", "a=%FF", "a=1&%61=2",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := parseQuery(raw)
		if err != nil {
			if fe, ok := err.(*api.FieldError); !ok || fe.Rule != api.RuleQuery {
				t.Fatalf("parseQuery(%q) = %v; want an *api.FieldError under the rule %q", raw, err, api.RuleQuery)
			}
		} else {
			lenient, lerr := url.ParseQuery(raw)
			if lerr != nil {
				t.Fatalf("parseQuery(%q) accepted what url.ParseQuery refuses: %v", raw, lerr)
			}
			if len(lenient) != len(got) {
				t.Fatalf("parseQuery(%q) = %q; url.ParseQuery = %q", raw, got, lenient)
			}
			for name, values := range lenient {
				if len(values) != 1 || got[name] != values[0] {
					t.Fatalf("parseQuery(%q)[%q] = %q; url.ParseQuery has %q", raw, name, got[name], values)
				}
			}
		}

		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/cookies/set", nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkResponse(t, rec)
		switch rec.Code {
		case http.StatusFound:
			if err != nil || len(rec.Header()["Set-Cookie"]) != len(got) {
				t.Fatalf("GET /cookies/set?%s set %q; want one line for each of %q", raw, rec.Header()["Set-Cookie"], got)
			}
			for name := range got {
				if refuseLoginCookie(name) == nil {
					continue
				}
				t.Fatalf("GET /cookies/set?%s set the login cookie %q", raw, name)
			}
		case http.StatusBadRequest:
			if len(rec.Header()["Set-Cookie"]) != 0 {
				t.Fatalf("GET /cookies/set?%s answered 400 and set %q", raw, rec.Header()["Set-Cookie"])
			}
		default:
			t.Fatalf("GET /cookies/set?%s answered %d", raw, rec.Code)
		}
	})
}

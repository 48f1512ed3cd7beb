package ui

import (
	"strings"
	"testing"
	"time"
)

var scriptCookieLineTests = []struct {
	name string
	form cookieForm
	want string
}{
	{
		"name and value only",
		cookieForm{Name: "a", Value: "1"},
		"a=1",
	},
	{
		"empty value",
		cookieForm{Name: "a"},
		"a=",
	},
	{
		"nameless cookie",
		cookieForm{Value: "v"},
		"=v",
	},
	{
		"value containing \"=\" is written as is",
		cookieForm{Name: "tok", Value: "YWJj=="},
		"tok=YWJj==",
	},
	{
		"quoted value keeps its quotes",
		cookieForm{Name: "a", Value: `"q"`},
		`a="q"`,
	},
	{
		"path",
		cookieForm{Name: "a", Value: "1", Path: "/"},
		"a=1; Path=/",
	},
	{
		"domain",
		cookieForm{Name: "a", Value: "1", Domain: "example.com"},
		"a=1; Domain=example.com",
	},
	{
		"max-age",
		cookieForm{Name: "a", Value: "1", MaxAge: "10"},
		"a=1; Max-Age=10",
	},
	{
		"max-age 0",
		cookieForm{Name: "a", Value: "1", MaxAge: "0"},
		"a=1; Max-Age=0",
	},
	{
		"negative max-age",
		cookieForm{Name: "a", Value: "1", MaxAge: "-1"},
		"a=1; Max-Age=-1",
	},
	{
		"max-age is normalized",
		cookieForm{Name: "a", Value: "1", MaxAge: "+007"},
		"a=1; Max-Age=7",
	},
	{
		"expires in UTC",
		cookieForm{Name: "a", Value: "1", Expires: "2030-01-02T15:04:05Z"},
		"a=1; Expires=Wed, 02 Jan 2030 15:04:05 GMT",
	},
	{
		"expires with an offset is converted to GMT",
		cookieForm{Name: "a", Value: "1", Expires: "2030-01-02T17:04:05+02:00"},
		"a=1; Expires=Wed, 02 Jan 2030 15:04:05 GMT",
	},
	{
		"expires in the past",
		cookieForm{Name: "a", Value: "1", Expires: "1970-01-01T00:00:00Z"},
		"a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
	},
	{
		"secure",
		cookieForm{Name: "a", Value: "1", Secure: true},
		"a=1; Secure",
	},
	{
		"samesite",
		cookieForm{Name: "a", Value: "1", SameSite: "Strict"},
		"a=1; SameSite=Strict",
	},
	{
		"partitioned",
		cookieForm{Name: "a", Value: "1", Secure: true, Partitioned: true},
		"a=1; Secure; Partitioned",
	},
	{
		"path, max-age, secure and samesite in the one order of cookierules.Line",
		cookieForm{Name: "a", Value: "1", Path: "/", MaxAge: "10", Secure: true, SameSite: "Lax"},
		"a=1; Path=/; Max-Age=10; Secure; SameSite=Lax",
	},
	{
		"every attribute in the one order of cookierules.Line",
		cookieForm{
			Name: "a", Value: "1", Path: "/jar", Domain: "example.com", MaxAge: "3600",
			Expires: "2030-01-02T15:04:05Z", SameSite: "None", Secure: true, Partitioned: true,
		},
		"a=1; Path=/jar; Domain=example.com; Expires=Wed, 02 Jan 2030 15:04:05 GMT; Max-Age=3600; Secure; SameSite=None; Partitioned",
	},
	{
		"HttpOnly is not written: scripts cannot set it",
		cookieForm{Name: "a", Value: "1", HttpOnly: true},
		"a=1",
	},
	{
		"non-ASCII value is written as is",
		cookieForm{Name: "a", Value: "crème"},
		"a=crème",
	},
}

func TestScriptCookieLine(t *testing.T) {
	for _, tt := range scriptCookieLineTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scriptCookieLine(tt.form)
			if err != nil {
				t.Fatalf("scriptCookieLine(%+v) error: %v", tt.form, err)
			}
			if got != tt.want {
				t.Errorf("scriptCookieLine(%+v) = %q; want %q", tt.form, got, tt.want)
			}
		})
	}
}

var scriptCookieLineErrorTests = []struct {
	name       string
	form       cookieForm
	wantPrefix string
}{
	{"empty name and value", cookieForm{}, "name: "},
	{"empty name and value with attributes", cookieForm{Path: "/", MaxAge: "10", Secure: true}, "name: "},
	{"\";\" in name", cookieForm{Name: "a;b", Value: "1"}, "name: "},
	{"\";\" in value", cookieForm{Name: "a", Value: "1;2"}, "value: "},
	{"\";\" in path", cookieForm{Name: "a", Value: "1", Path: "/;x"}, "path: "},
	{"\";\" in domain", cookieForm{Name: "a", Value: "1", Domain: "example.com;x"}, "domain: "},
	{"tab in name", cookieForm{Name: "a\tb", Value: "1"}, "name: "},
	{"line feed in value", cookieForm{Name: "a", Value: "1\n2"}, "value: "},
	{"carriage return in path", cookieForm{Name: "a", Value: "1", Path: "/\r"}, "path: "},
	{"NUL in domain", cookieForm{Name: "a", Value: "1", Domain: "exa\x00mple.com"}, "domain: "},
	{"DEL in value", cookieForm{Name: "a", Value: "1\x7f"}, "value: "},
	{"unit separator (0x1f) in name", cookieForm{Name: "a\x1f", Value: "1"}, "name: "},
	{"name is checked before value", cookieForm{Name: "a;", Value: "1;"}, "name: "},
	{"\"=\" in name", cookieForm{Name: "a=b", Value: "1"}, "name: "},
	{"\"=\" as whole name", cookieForm{Name: "=", Value: "1"}, "name: "},
	{"non-integer max-age", cookieForm{Name: "a", Value: "1", MaxAge: "ten"}, "max_age: "},
	{"fractional max-age", cookieForm{Name: "a", Value: "1", MaxAge: "1.5"}, "max_age: "},
	{"max-age with spaces", cookieForm{Name: "a", Value: "1", MaxAge: " 10"}, "max_age: "},
	{"max-age out of int range", cookieForm{Name: "a", Value: "1", MaxAge: "99999999999999999999"}, "max_age: "},
	{"expires not RFC 3339", cookieForm{Name: "a", Value: "1", Expires: "Wed, 02 Jan 2030 15:04:05 GMT"}, "expires: "},
	{"expires without zone", cookieForm{Name: "a", Value: "1", Expires: "2030-01-02T15:04:05"}, "expires: "},
	{"expires date only", cookieForm{Name: "a", Value: "1", Expires: "2030-01-02"}, "expires: "},
	{"expires garbage", cookieForm{Name: "a", Value: "1", Expires: "tomorrow"}, "expires: "},
}

func TestScriptCookieLineErrors(t *testing.T) {
	for _, tt := range scriptCookieLineErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scriptCookieLine(tt.form)
			if err == nil {
				t.Fatalf("scriptCookieLine(%+v) = %q, nil; want error starting with %q", tt.form, got, tt.wantPrefix)
			}
			if got != "" {
				t.Errorf("scriptCookieLine(%+v) = %q, %v; want \"\" with the error", tt.form, got, err)
			}
			if !strings.HasPrefix(err.Error(), tt.wantPrefix) {
				t.Errorf("scriptCookieLine(%+v) error = %q; want prefix %q", tt.form, err, tt.wantPrefix)
			}
		})
	}
}

// deletesNow is the fixed instant the deletes tests are evaluated at.
var deletesNow = time.Date(2030, time.January, 2, 15, 4, 5, 0, time.UTC)

var deletesTests = []struct {
	name string
	form cookieForm
	want bool
}{
	{"no Max-Age nor Expires is a session cookie", cookieForm{Name: "a", Value: "1"}, false},
	{"Max-Age 0 deletes", cookieForm{MaxAge: "0"}, true},
	{"Max-Age -1 deletes", cookieForm{MaxAge: "-1"}, true},
	{"Max-Age 10 keeps", cookieForm{MaxAge: "10"}, false},
	{"Expires in the past deletes", cookieForm{Expires: "2030-01-02T15:04:04Z"}, true},
	{"Expires long past deletes", cookieForm{Expires: "1970-01-01T00:00:00Z"}, true},
	{"Expires equal to now deletes", cookieForm{Expires: "2030-01-02T15:04:05Z"}, true},
	{"Expires in the future keeps", cookieForm{Expires: "2030-01-02T15:04:06Z"}, false},
	{"Expires in the future in another zone keeps", cookieForm{Expires: "2030-01-02T17:04:06+02:00"}, false},
	{"Expires in the past in another zone deletes", cookieForm{Expires: "2030-01-02T16:04:05+02:00"}, true},
	{"Max-Age wins over a past Expires", cookieForm{MaxAge: "10", Expires: "1970-01-01T00:00:00Z"}, false},
	{"Max-Age wins over a future Expires", cookieForm{MaxAge: "0", Expires: "2040-01-01T00:00:00Z"}, true},
	{"invalid Max-Age falls back to Expires", cookieForm{MaxAge: "soon", Expires: "1970-01-01T00:00:00Z"}, true},
	{"invalid Max-Age alone keeps", cookieForm{MaxAge: "soon"}, false},
	{"invalid Expires keeps", cookieForm{Expires: "yesterday"}, false},
}

func TestCookieFormDeletes(t *testing.T) {
	for _, tt := range deletesTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.form.deletes(deletesNow); got != tt.want {
				t.Errorf("%+v.deletes(%v) = %v; want %v", tt.form, deletesNow, got, tt.want)
			}
		})
	}
}

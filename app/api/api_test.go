package api

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var parseCookieStringTests = []struct {
	name string
	in   string
	want []Pair
}{
	{
		"empty string has no pairs",
		"",
		nil,
	},
	{
		"only spaces has no pairs",
		"   \t ",
		nil,
	},
	{
		"single pair",
		"a=1",
		[]Pair{{"a", "1"}},
	},
	{
		"several pairs separated by \"; \"",
		"a=1; b=2; c=3",
		[]Pair{{"a", "1"}, {"b", "2"}, {"c", "3"}},
	},
	{
		"several pairs separated by \";\" without space",
		"a=1;b=2;c=3",
		[]Pair{{"a", "1"}, {"b", "2"}, {"c", "3"}},
	},
	{
		"mixed separators",
		"a=1;b=2; c=3",
		[]Pair{{"a", "1"}, {"b", "2"}, {"c", "3"}},
	},
	{
		"duplicate names are kept in order",
		"a=1; b=2; a=3",
		[]Pair{{"a", "1"}, {"b", "2"}, {"a", "3"}},
	},
	{
		"piece without \"=\" is a nameless cookie (RFC 6265bis 5.6)",
		"piece",
		[]Pair{{"", "piece"}},
	},
	{
		"piece without \"=\" among pairs is a nameless cookie",
		"a=1; piece; b=2",
		[]Pair{{"a", "1"}, {"", "piece"}, {"b", "2"}},
	},
	{
		"\"=v\" is a nameless cookie",
		"=v",
		[]Pair{{"", "v"}},
	},
	{
		"\"=\" alone is a cookie with empty name and value",
		"=",
		[]Pair{{"", ""}},
	},
	{
		"name with empty value",
		"a=",
		[]Pair{{"a", ""}},
	},
	{
		"value containing \"=\" is split at the first \"=\"",
		"a=b=c",
		[]Pair{{"a", "b=c"}},
	},
	{
		"base64 padding stays in the value",
		"tok=YWJj==; x=1",
		[]Pair{{"tok", "YWJj=="}, {"x", "1"}},
	},
	{
		"quoted value keeps its quotes",
		`a="quoted value"`,
		[]Pair{{"a", `"quoted value"`}},
	},
	{
		"empty quoted value keeps its quotes",
		`a=""`,
		[]Pair{{"a", `""`}},
	},
	{
		"trailing \";\" is skipped",
		"a=1;",
		[]Pair{{"a", "1"}},
	},
	{
		"trailing \"; \" is skipped",
		"a=1; ",
		[]Pair{{"a", "1"}},
	},
	{
		"leading \";\" is skipped",
		";a=1",
		[]Pair{{"a", "1"}},
	},
	{
		"empty pieces are skipped",
		"a=1;; ;b=2",
		[]Pair{{"a", "1"}, {"b", "2"}},
	},
	{
		"whitespace is trimmed around name and value",
		"  a  =  1  ;\tb\t=\t2\t",
		[]Pair{{"a", "1"}, {"b", "2"}},
	},
	{
		"whitespace inside a value is kept",
		"a=hello world",
		[]Pair{{"a", "hello world"}},
	},
	{
		"whitespace around a nameless value is trimmed",
		"  piece  ",
		[]Pair{{"", "piece"}},
	},
	{
		"whitespace before \"=\" of a nameless cookie is trimmed",
		" = v ",
		[]Pair{{"", "v"}},
	},
	{
		"non-ASCII name and value are kept",
		"café=crème",
		[]Pair{{"café", "crème"}},
	},
}

func TestParseCookieString(t *testing.T) {
	for _, tt := range parseCookieStringTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseCookieString(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCookieString(%q) = %#v; want %#v", tt.in, got, tt.want)
			}
		})
	}
}

var loginErrorMessageTests = []struct {
	code string
	want string
}{
	{LoginErrEmpty, "Please enter a username."},
	{LoginErrTooLong, "That username is too long: 64 bytes at most."},
	{LoginErrControl, "A username cannot contain control characters (such as a tab or a line break)."},
	{LoginErrEncoding, "A username must be valid UTF-8 text."},
	{"malformed-username", "The username field arrived malformed (a stray % or ;, or given twice): please type it again."},
	{"malformed-mode", "The mode field arrived malformed (a stray % or ;, or given twice): please choose the mode again."},
	{"malformed-form", "The login form arrived malformed (a stray % or ;, or a field given twice): please send it again."},
	{"malformed-other", ""},
	{"", ""},
	{"unknown", ""},
	{"EMPTY", ""},
}

func TestLoginErrMalformed(t *testing.T) {
	for field, want := range map[string]string{"username": "malformed-username", "mode": "malformed-mode", "": "malformed-form", "other": "malformed-form", "query": "malformed-form"} {
		if got := LoginErrMalformed(field); got != want {
			t.Errorf("LoginErrMalformed(%q) = %q; want %q", field, got, want)
		}
	}
}

func TestLoginErrorMessage(t *testing.T) {
	for _, tt := range loginErrorMessageTests {
		if got := LoginErrorMessage(tt.code); got != tt.want {
			t.Errorf("LoginErrorMessage(%q) = %q; want %q", tt.code, got, tt.want)
		}
	}
}

func TestLoginErrorMessageMentionsMaxUsernameBytes(t *testing.T) {
	msg := LoginErrorMessage(LoginErrTooLong)
	if want := strconv.Itoa(MaxUsernameBytes) + " bytes"; !strings.Contains(msg, want) {
		t.Errorf("LoginErrorMessage(%q) = %q; want it to contain %q", LoginErrTooLong, msg, want)
	}
}

func FuzzParseCookieString(f *testing.F) {
	for _, tt := range parseCookieStringTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pairs := ParseCookieString(s)
		for _, p := range pairs {
			if strings.Contains(p.Name, ";") {
				t.Errorf("ParseCookieString(%q): name %q contains \";\"", s, p.Name)
			}
			if strings.Contains(p.Value, ";") {
				t.Errorf("ParseCookieString(%q): value %q contains \";\"", s, p.Value)
			}
			if p.Name != strings.TrimSpace(p.Name) {
				t.Errorf("ParseCookieString(%q): name %q has surrounding whitespace", s, p.Name)
			}
			if p.Value != strings.TrimSpace(p.Value) {
				t.Errorf("ParseCookieString(%q): value %q has surrounding whitespace", s, p.Value)
			}
			if p.Name == "" && p.Value == "" && !strings.Contains(s, "=") {
				t.Errorf("ParseCookieString(%q): empty pair from input without \"=\"", s)
			}
		}
		if n := strings.Count(s, ";") + 1; len(pairs) > n {
			t.Errorf("ParseCookieString(%q) returned %d pairs; want at most %d", s, len(pairs), n)
		}
	})
}

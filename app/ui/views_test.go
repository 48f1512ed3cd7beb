package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// sc is a script cookie as document.cookie gives it: name and value only.
func sc(name, value string) scriptCookie { return scriptCookie{Name: name, Value: value} }

var mergeViewsTests = []struct {
	name   string
	script []scriptCookie
	attrs  bool
	server []api.Pair
	want   []cookieRow
}{
	{
		name: "empty views give no rows",
		want: nil,
	},
	{
		name:   "both views agree",
		script: []scriptCookie{sc("a", "1")},
		server: []api.Pair{{Name: "a", Value: "1"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
		},
	},
	{
		name:   "both views see the name with different values",
		script: []scriptCookie{sc("a", "1")},
		server: []api.Pair{{Name: "a", Value: "2"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "2", InScript: true, InServer: true},
		},
	},
	{
		name:   "server-only cookie (HttpOnly)",
		server: []api.Pair{{Name: "session", Value: "s3cr3t"}},
		want: []cookieRow{
			{Name: "session", ServerValue: "s3cr3t", InServer: true},
		},
	},
	{
		name:   "script-only cookie",
		script: []scriptCookie{sc("theme", "dark")},
		want: []cookieRow{
			{Name: "theme", ScriptValue: "dark", InScript: true},
		},
	},
	{
		name:   "without attributes, duplicate names pair by value, then by order",
		script: []scriptCookie{sc("a", "1"), sc("a", "2")},
		server: []api.Pair{{Name: "a", Value: "2"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", InScript: true},
			{Name: "a", ScriptValue: "2", ServerValue: "2", InScript: true, InServer: true},
		},
	},
	{
		name:   "an extra server occurrence of a duplicate name gets its own row",
		script: []scriptCookie{sc("a", "1")},
		server: []api.Pair{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "a", ServerValue: "2", InServer: true},
		},
	},
	{
		name: "a cookie is name, domain and path: /jar's dup is not the one /api/cookies received",
		script: []scriptCookie{
			{Name: "dup", Value: "jar", Path: "/jar"},
			{Name: "dup", Value: "root", Path: "/"},
		},
		attrs:  true,
		server: []api.Pair{{Name: "dup", Value: "root"}},
		want: []cookieRow{
			{Name: "dup", ScriptValue: "root", ServerValue: "root", InScript: true, InServer: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/"},
			{Name: "dup", ScriptValue: "jar", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/jar"},
		},
	},
	{
		name:   "attributes come along; a domain cookie keeps its domain",
		script: []scriptCookie{{Name: "d", Value: "1", Domain: "a.test", Path: "/", Secure: true, SameSite: "Lax"}},
		attrs:  true,
		server: []api.Pair{{Name: "d", Value: "1"}},
		want: []cookieRow{
			{Name: "d", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true, Attrs: true, Domain: "a.test", Path: "/", Secure: true, SameSite: "Lax"},
		},
	},
	{
		name:   "rows are sorted by name",
		script: []scriptCookie{sc("c", "3"), sc("a", "1")},
		server: []api.Pair{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "b", ServerValue: "2", InServer: true},
			{Name: "c", ScriptValue: "3", InScript: true},
		},
	},
	{
		name:   "nameless cookies pair like any other name and sort first",
		script: []scriptCookie{sc("a", "1"), sc("", "v")},
		server: []api.Pair{{Name: "", Value: "v"}},
		want: []cookieRow{
			{Name: "", ScriptValue: "v", ServerValue: "v", InScript: true, InServer: true},
			{Name: "a", ScriptValue: "1", InScript: true},
		},
	},
}

func TestMergeViews(t *testing.T) {
	for _, tt := range mergeViewsTests {
		t.Run(tt.name, func(t *testing.T) {
			got := mergeViews(tt.script, tt.attrs, tt.server, "a.test")
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mergeViews(%+v, %v, %+v) = %+v; want %+v", tt.script, tt.attrs, tt.server, got, tt.want)
			}
		})
	}
}

func TestMergeViewsDoesNotModifyInputs(t *testing.T) {
	script := []scriptCookie{sc("b", "2"), sc("a", "1")}
	server := []api.Pair{{Name: "c", Value: "3"}, {Name: "a", Value: "1"}}
	wantScript := append([]scriptCookie(nil), script...)
	wantServer := append([]api.Pair(nil), server...)
	mergeViews(script, false, server, "a.test")
	if !reflect.DeepEqual(script, wantScript) || !reflect.DeepEqual(server, wantServer) {
		t.Errorf("mergeViews modified its inputs: script = %+v, server = %+v; want %+v, %+v", script, server, wantScript, wantServer)
	}
}

var explainTests = []struct {
	name     string
	row      cookieRow
	contains string // a word the explanation must use
}{
	{"both views see the same value", cookieRow{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true}, "Both"},
	{"both views see different values", cookieRow{Name: "a", ScriptValue: "1", ServerValue: "2", InScript: true, InServer: true}, "different"},
	{"only the server received it", cookieRow{Name: "a", ServerValue: "1", InServer: true}, "HttpOnly"},
	{"only scripts see it", cookieRow{Name: "a", ScriptValue: "1", InScript: true}, "scripts"},
	{"only scripts see it, its Path excluding /api/cookies", cookieRow{Name: "a", ScriptValue: "1", InScript: true, Attrs: true, Path: "/jar"}, "Path /jar does not cover"},
}

func TestCookieRowExplain(t *testing.T) {
	seen := map[string]string{} // explanation -> case name
	for _, tt := range explainTests {
		got := tt.row.explain()
		if got == "" {
			t.Errorf("%s: %+v.explain() = %q; want a non-empty explanation", tt.name, tt.row, got)
			continue
		}
		if !strings.Contains(got, tt.contains) {
			t.Errorf("%s: %+v.explain() = %q; want it to contain %q", tt.name, tt.row, got, tt.contains)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s: %+v.explain() = %q; same text as case %q, want distinct texts", tt.name, tt.row, got, other)
		}
		seen[got] = tt.name
	}
}

func TestCookieRowExplainEmptyValuesAgree(t *testing.T) {
	// An empty value seen by both views is agreement, not a difference.
	both := cookieRow{Name: "a", InScript: true, InServer: true}
	same := cookieRow{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true}
	if got, want := both.explain(), same.explain(); got != want {
		t.Errorf("%+v.explain() = %q; want %q", both, got, want)
	}
}

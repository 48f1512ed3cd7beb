package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

var mergeViewsTests = []struct {
	name   string
	script []api.Pair
	server []api.Pair
	want   []cookieRow
}{
	{
		name: "empty views give no rows",
		want: nil,
	},
	{
		name:   "empty non-nil views give no rows",
		script: []api.Pair{},
		server: []api.Pair{},
		want:   nil,
	},
	{
		name:   "both views agree",
		script: []api.Pair{{Name: "a", Value: "1"}},
		server: []api.Pair{{Name: "a", Value: "1"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
		},
	},
	{
		name:   "both views see the name with different values",
		script: []api.Pair{{Name: "a", Value: "1"}},
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
		script: []api.Pair{{Name: "theme", Value: "dark"}},
		want: []cookieRow{
			{Name: "theme", ScriptValue: "dark", InScript: true},
		},
	},
	{
		name:   "server-only cookie beside a shared one",
		script: []api.Pair{{Name: "a", Value: "1"}},
		server: []api.Pair{{Name: "a", Value: "1"}, {Name: "h", Value: "x"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "h", ServerValue: "x", InServer: true},
		},
	},
	{
		name:   "duplicate names pair by occurrence",
		script: []api.Pair{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
		server: []api.Pair{{Name: "a", Value: "1"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "a", ScriptValue: "2", InScript: true},
		},
	},
	{
		name:   "extra server occurrence of a duplicate name gets its own row after the paired ones",
		script: []api.Pair{{Name: "a", Value: "1"}},
		server: []api.Pair{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "a", ServerValue: "2", InServer: true},
		},
	},
	{
		name:   "duplicate names in both views pair first with first and second with second",
		script: []api.Pair{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
		server: []api.Pair{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "a", ScriptValue: "2", ServerValue: "2", InScript: true, InServer: true},
		},
	},
	{
		name:   "rows are sorted by name",
		script: []api.Pair{{Name: "c", Value: "3"}, {Name: "a", Value: "1"}},
		server: []api.Pair{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}},
		want: []cookieRow{
			{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true},
			{Name: "b", ServerValue: "2", InServer: true},
			{Name: "c", ScriptValue: "3", InScript: true},
		},
	},
	{
		name:   "nameless cookies pair like any other name and sort first",
		script: []api.Pair{{Name: "a", Value: "1"}, {Name: "", Value: "v"}},
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
			got := mergeViews(tt.script, tt.server)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mergeViews(%+v, %+v) = %+v; want %+v", tt.script, tt.server, got, tt.want)
			}
		})
	}
}

func TestMergeViewsDoesNotModifyInputs(t *testing.T) {
	script := []api.Pair{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}}
	server := []api.Pair{{Name: "c", Value: "3"}, {Name: "a", Value: "1"}}
	wantScript := append([]api.Pair(nil), script...)
	wantServer := append([]api.Pair(nil), server...)
	mergeViews(script, server)
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

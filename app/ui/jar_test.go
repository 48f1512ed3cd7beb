package ui

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/cookieio"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

var diffRowsTests = []struct {
	name          string
	before, after []cookieRow
	want          []cookieChange
}{
	{
		name:   "a new cookie is added, a changed value is changed, a missing one deleted",
		before: []cookieRow{{Name: "a", ScriptValue: "1", InScript: true}, {Name: "b", ScriptValue: "1", InScript: true}},
		after:  []cookieRow{{Name: "a", ScriptValue: "2", InScript: true}, {Name: "c", ScriptValue: "1", InScript: true}},
		want: []cookieChange{
			{Kind: changeChanged, Name: "a"},
			{Kind: changeAdded, Name: "c"},
			{Kind: changeDeleted, Name: "b"},
		},
	},
	{
		name:   "a cookie becoming visible to the server is no change",
		before: []cookieRow{{Name: "a", ScriptValue: "1", InScript: true}},
		after:  []cookieRow{{Name: "a", ScriptValue: "1", ServerValue: "1", InScript: true, InServer: true}},
	},
	{
		name:   "one name under a second path is another cookie",
		before: []cookieRow{{Name: "d", ScriptValue: "1", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/"}},
		after: []cookieRow{
			{Name: "d", ScriptValue: "1", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/"},
			{Name: "d", ScriptValue: "2", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/jar"},
		},
		want: []cookieChange{{Kind: changeAdded, Name: "d", Path: "/jar"}},
	},
}

func TestDiffRows(t *testing.T) {
	for _, tt := range diffRowsTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diffRows(tt.before, tt.after); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diffRows(%+v, %+v) = %+v; want %+v", tt.before, tt.after, got, tt.want)
			}
		})
	}
}

var rowProblemsTests = []struct {
	name string
	row  cookieRow
	want []string
}{
	{"a plain cookie has none", cookieRow{Name: "a", ScriptValue: "1", InScript: true}, nil},
	{"hidden from scripts", cookieRow{Name: "h", ServerValue: "1", InServer: true}, []string{"hidden from scripts"}},
	{"near the size limit", cookieRow{Name: "big", ScriptValue: strings.Repeat("x", nearSizeLimit), InScript: true}, []string{"near the 4096-byte size limit"}},
	{"expiring within a day", cookieRow{Name: "e", ScriptValue: "1", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/", Expires: now.Add(time.Hour)},
		[]string{"expires within a day"}},
	{"a __Host- cookie without Secure breaks its prefix, says the engine", cookieRow{Name: "__Host-x", ScriptValue: "1", InScript: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/"},
		[]string{"breaks a prefix rule: "}},
}

func TestRowProblems(t *testing.T) {
	page, _ := url.Parse("https://a.test/jar")
	for _, tt := range rowProblemsTests {
		t.Run(tt.name, func(t *testing.T) {
			got := rowProblems([]cookieRow{tt.row}, page, now)[0]
			if len(got) != len(tt.want) {
				t.Fatalf("rowProblems(%+v) = %q; want %q", tt.row, got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("rowProblems(%+v) = %q; want %q", tt.row, got, tt.want)
				}
			}
		})
	}
	dup := []cookieRow{{Name: "d", Path: "/", Attrs: true, InScript: true, Domain: "a.test", HostOnly: true}, {Name: "d", Path: "/jar", Attrs: true, InScript: true, Domain: "a.test", HostOnly: true}}
	for i, p := range rowProblems(dup, page, now) {
		if len(p) != 1 || p[0] != "one name under several paths or domains" {
			t.Errorf("rowProblems(two d) [%d] = %q; want the shared name", i, p)
		}
	}
}

var setCookieLineTests = []struct {
	name string
	c    cookieio.Cookie
	want string
}{
	{"a host-only cookie of this host has no Domain", cookieio.Cookie{Name: "a", Value: "1", Domain: "a.test", HostOnly: true, Path: "/"}, "a=1; Path=/"},
	{"a host-only cookie of another host names it, for the engine to refuse", cookieio.Cookie{Name: "a", Value: "1", Domain: "b.test", HostOnly: true, Path: "/"}, "a=1; Path=/; Domain=b.test"},
	{"every attribute", cookieio.Cookie{Name: "a", Value: "1", Domain: "a.test", Path: "/x", Expires: now, Secure: true, HttpOnly: true, SameSite: "None", Partitioned: true},
		"a=1; Path=/x; Domain=a.test; Expires=Mon, 30 Nov 2026 12:00:00 GMT; HttpOnly; Secure; SameSite=None; Partitioned"},
}

func TestSetCookieLine(t *testing.T) {
	for _, tt := range setCookieLineTests {
		if got := setCookieLine(tt.c, "a.test"); got != tt.want {
			t.Errorf("%s: setCookieLine(%+v) = %q; want %q", tt.name, tt.c, got, tt.want)
		}
	}
}

func TestHoldsComparesOnlyWhatTheFileSays(t *testing.T) {
	rows := []cookieRow{
		{Name: "a", ScriptValue: "1", InScript: true, InServer: true, Attrs: true, Domain: "a.test", HostOnly: true, Path: "/", Expires: now, SameSite: "Lax"},
		{Name: "h", ServerValue: "2", InServer: true},
	}
	for _, tt := range []struct {
		c    cookieio.Cookie
		want bool
	}{
		{cookieio.Cookie{Name: "a", Value: "1", Domain: "a.test", HostOnly: true, Path: "/", Expires: now}, true},
		{cookieio.Cookie{Name: "a", Value: "1", Domain: "a.test", HostOnly: true, Path: "/"}, false}, // a session cookie is another one
		{cookieio.Cookie{Name: "a", Value: "1", Domain: "a.test", HostOnly: true, Path: "/", Unknown: []string{cookieio.AttrExpires, cookieio.AttrSecure}}, true},
		{cookieio.Cookie{Name: "a", Value: "2", Domain: "a.test", HostOnly: true, Path: "/", Expires: now}, false},
		{cookieio.Cookie{Name: "h", Value: "2", HttpOnly: true}, true},
		{cookieio.Cookie{Name: "h", Value: "3", HttpOnly: true}, false},
	} {
		if got := holds(rows, tt.c, "a.test"); got != tt.want {
			t.Errorf("holds(rows, %+v) = %v; want %v", tt.c, got, tt.want)
		}
	}
}

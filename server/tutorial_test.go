package server

import (
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

var wantsHTMLTests = []struct {
	name, accept string
	want         bool
}{
	{"no Accept header (the tutorial's readers, Go's http.Get)", "", false},
	{"*/* (curl, fetch)", "*/*", false},
	{"text/plain", "text/plain", false},
	{"a browser navigation", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true},
	{"text/html alone", "text/html", true},
	{"text/plain preferred to text/html", "text/html;q=0.5, text/plain", false},
	{"text/html preferred to text/plain", "text/plain;q=0.5, text/html", true},
	{"equal preference keeps the plain text", "text/plain, text/html", false},
	{"text/html refused with q=0", "text/html;q=0", false},
	{"a malformed entry is skipped", "text/html;;;=, text/html", true},
}

func TestWantsHTML(t *testing.T) {
	for _, tt := range wantsHTMLTests {
		if got := wantsHTML(tt.accept); got != tt.want {
			t.Errorf("%s: wantsHTML(%q) = %v; want %v", tt.name, tt.accept, got, tt.want)
		}
	}
}

var headerWithTests = []struct {
	name       string
	pairs      []api.Pair
	cname, val string
	want       string
}{
	{"set in an empty jar", nil, "user", "Aditya", "user=Aditya"},
	{"set replaces the old value and goes last", []api.Pair{{Name: "user", Value: "Old"}, {Name: "theme", Value: "dark"}}, "user", "Aditya", "theme=dark; user=Aditya"},
	{"delete drops the cookie", []api.Pair{{Name: "a", Value: "1"}, {Name: "user", Value: "Aditya"}}, "user", "", "a=1"},
	{"delete from an empty jar leaves none", nil, "user", "", ""},
}

func TestHeaderWith(t *testing.T) {
	for _, tt := range headerWithTests {
		if got := headerWith(tt.pairs, tt.cname, tt.val); got != tt.want {
			t.Errorf("%s: headerWith(%v, %q, %q) = %q; want %q", tt.name, tt.pairs, tt.cname, tt.val, got, tt.want)
		}
	}
}

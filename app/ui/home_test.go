package ui

import "testing"

// The wasm reads the name back from the greeting the server pre-rendered,
// so the two must round-trip.
var greetingTests = []struct{ name, greeting string }{
	{"", "Welcome back!"},
	{"Grace", "Welcome back, Grace!"},
	{"Ada Lovelace", "Welcome back, Ada Lovelace!"},
	{"Bang!", "Welcome back, Bang!!"},
	{"Welcome back, Eve", "Welcome back, Welcome back, Eve!"},
}

func TestGreetingRoundTrips(t *testing.T) {
	for _, tt := range greetingTests {
		if got := greeting(tt.name); got != tt.greeting {
			t.Errorf("greeting(%q) = %q; want %q", tt.name, got, tt.greeting)
		}
		if got := greetedName(tt.greeting); got != tt.name {
			t.Errorf("greetedName(%q) = %q; want %q", tt.greeting, got, tt.name)
		}
	}
}

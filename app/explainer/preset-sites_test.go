package explainer

import (
	"reflect"
	"strings"
	"testing"
)

// presetSitesTests: where the presets take the deployment's two sites, and
// where they keep their placeholders.
var presetSitesTests = []struct {
	name, page, other string
	renamed           bool
}{
	{"two sites with registrable domains", "https://a.example", "https://b.example", true},
	{"ports and plain http keep the names only", "http://play.a.example:8080", "http://b.example:8080", true},
	{"the loopback pair keeps the placeholders", "http://127.0.0.1:8000", "http://localhost:8000", false},
	{"no second site", "https://a.example", "", false},
	{"one site twice", "https://a.example", "https://sub.a.example", false},
	{"a public suffix", "https://a.example", "https://github.io", false},
	{"the presets' third site", "https://a.example", "https://c.test", false},
	{"not an origin", "https://a.example", "ftp://b.example", false},
}

func TestPresetOnSites(t *testing.T) {
	for _, tt := range presetSitesTests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range Presets {
				got := p.OnSites(tt.page, tt.other)
				var urls []string
				for _, st := range got.Scenario.Steps {
					urls = append(urls, st.URL, st.TopLevelURL, st.Initiator)
				}
				joined := strings.Join(urls, " ")
				placeholders := strings.Contains(joined, "a.test") || strings.Contains(joined, "b.test")
				if tt.renamed && placeholders {
					t.Errorf("%s: still names a placeholder: %s", p.ID, joined)
				}
				if !tt.renamed && !reflect.DeepEqual(got.Scenario.Steps, p.Scenario.Steps) {
					t.Errorf("%s: renamed to %s", p.ID, joined)
				}
			}
		})
	}
}

// TestPresetOnSitesKeepsTheAnswers: on two https sites, each preset's
// answers are those of its placeholders, names aside.
func TestPresetOnSitesKeepsTheAnswers(t *testing.T) {
	for _, p := range Presets {
		want, err := RunScenario(p.Scenario, scenarioNow)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		on := p.OnSites("https://play.a.example", "https://b.example")
		got, err := RunScenario(on.Scenario, scenarioNow)
		if err != nil {
			t.Fatalf("%s on the sites: %v", p.ID, err)
		}
		for i := range want.Response.Steps {
			w, g := want.Response.Steps[i], got.Response.Steps[i]
			if w.CookieHeader != g.CookieHeader || len(w.Withheld) != len(g.Withheld) {
				t.Errorf("%s step %d: Cookie %q, %d withheld; on the sites %q, %d", p.ID, i, w.CookieHeader, len(w.Withheld), g.CookieHeader, len(g.Withheld))
			}
		}
	}
	if s := Presets[0].OnSites("https://play.a.example", "https://b.example").Scenario.Steps[0].URL; s != "https://api.b.example/login" {
		t.Errorf("the fetch preset's first step on the sites: %s; want https://api.b.example/login", s)
	}
}

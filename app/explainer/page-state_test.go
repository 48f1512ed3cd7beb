package explainer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

func TestFragmentRoundTrip(t *testing.T) {
	for _, p := range Presets {
		sc := p.Scenario
		in := PageState{Lines: "a=1\nb=2", SetURL: "https://a.test/", From: "http", Scenario: &sc}
		frag := EncodeFragment(in)
		if strings.ContainsAny(frag, "#&?/+ ") {
			t.Errorf("preset %s: fragment %.40q holds characters a URL would mangle", p.ID, frag)
		}
		out, err := DecodeFragment("#" + frag)
		if err != nil {
			t.Fatalf("preset %s: DecodeFragment: %v", p.ID, err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Errorf("preset %s: round trip = %+v; want %+v", p.ID, out, in)
		}
		byID, err := DecodeFragment(PresetFragment(p.ID))
		if err != nil || !reflect.DeepEqual(*byID.Scenario, p.Scenario) {
			t.Errorf("preset %s: DecodeFragment(%q) = %+v, %v", p.ID, PresetFragment(p.ID), byID, err)
		}
	}
}

var badFragments = []struct{ name, frag, field string }{
	{"an unknown preset", "#preset=nope", "fragment"},
	{"neither state nor preset", "#x=1", "fragment"},
	{"not base64url", "#s=%%%", "fragment"},
	{"an unknown field", "#" + "s=" + "eyJ4IjoxfQ", "x"}, // {"x":1}
	{"a bad step", "#" + EncodeFragment(PageState{Scenario: &api.ScenarioRequest{Steps: []api.ScenarioStep{{URL: "https://a.test/"}}}}), "steps[0].kind"},
}

func TestDecodeFragmentErrors(t *testing.T) {
	for _, tt := range badFragments {
		s, err := DecodeFragment(tt.frag)
		if err == nil && s.Scenario != nil {
			_, err = RunScenario(*s.Scenario, scenarioNow)
		}
		fe, ok := err.(*api.FieldError)
		if !ok || fe.Field != tt.field {
			t.Errorf("%s: DecodeFragment(%q) error = %v; want one naming %q", tt.name, tt.frag, err, tt.field)
		}
	}
}

func TestFormSteps(t *testing.T) {
	for _, p := range Presets {
		for i, st := range p.Scenario.Steps {
			back := FormStepOf(st).Step()
			if !reflect.DeepEqual(back, st) {
				t.Errorf("preset %s step %d: FormStepOf(%+v).Step() = %+v", p.ID, i, st, back)
			}
		}
	}
	for _, a := range Actions {
		f := FormStep{Page: "https://a.test/", Action: a.Value, URL: "https://b.test/", SetCookie: "a=1\n\n b=2 "}
		if got := FormStepOf(f.Step()); got.Action != a.Value {
			t.Errorf("action %s comes back as %s", a.Value, got.Action)
		}
	}
}

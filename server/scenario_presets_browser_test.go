package server_test

import (
	"net/url"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// scenarioPresets returns the explainer's presets (explainer.Presets) as
// scenarios of the test sites: every https URL gets the TLS server's port,
// every http URL the plain server's, hosts and paths unchanged (*.test
// resolves to loopback in the site browsers; localhost, *.localhost and
// 127.0.0.1 are loopback anyway).
func scenarioPresets(origin originFunc) []generatedScenario {
	var out []generatedScenario
	for _, p := range explainer.Presets {
		req := p.Scenario
		req.Steps = make([]api.ScenarioStep, len(p.Scenario.Steps))
		for i, st := range p.Scenario.Steps {
			st.URL = onTestSites(origin, st.URL)
			st.TopLevelURL = onTestSites(origin, st.TopLevelURL)
			st.Initiator = onTestSites(origin, st.Initiator)
			req.Steps[i] = st
		}
		out = append(out, generatedScenario{id: "preset " + p.ID, req: req})
	}
	return out
}

// onTestSites moves a URL of a preset to the test sites' ports.
func onTestSites(origin originFunc, raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw // the engine will say what is wrong with it
	}
	o, err := url.Parse(origin(u.Hostname(), u.Scheme == "https"))
	if err != nil {
		return raw
	}
	u.Host = o.Host
	return u.String()
}

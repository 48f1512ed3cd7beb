package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// scenarioBody returns a scenario body whose step i (from 0) is steps[i],
// with the given top-level fields.
func scenarioBody(top string, steps ...string) string {
	if top != "" {
		top += ","
	}
	return "{" + top + `"steps":[` + strings.Join(steps, ",") + "]}"
}

// TestHandlerScenarioExact checks a whole answer of POST /api/scenario.
func TestHandlerScenarioExact(t *testing.T) {
	ts := newHandlerServer(t)
	tests := []struct {
		name, body, want string
	}{
		{
			name: "a cookie set on a.test goes to a.test's top-level page, not to its fetch from b.test without credentials: include",
			body: scenarioBody(`"now":"2026-03-01T12:00:00Z"`,
				`{"url":"https://a.test/","kind":"navigation","set_cookie":["sid=1; Secure; SameSite=None"]}`,
				`{"url":"https://b.test/","kind":"navigation"}`,
				`{"url":"https://a.test/api","kind":"fetch","initiator":"https://b.test"}`),
			want: `{"steps":[
				{"cookie_header":"","sent":[],"withheld":[],"results":[{
					"line":"sid=1; Secure; SameSite=None","stored":true,"reason":"","rule":"§5.7 step 24",
					"explanation":"Stored \"sid\" for the session, sent only to a.test under / (Secure, SameSite=None).",
					"replaced":false,"deleted":false,
					"attributes":[
						{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
						{"name":"SameSite","value":"None","status":"used","reason":"","rule":"§5.6.7"}],
					"cookie":{"name":"sid","value":"1","domain":"a.test","host_only":true,"path":"/","expires":"","secure":true,
						"http_only":false,"same_site":"None","partitioned":false}}]},
				{"cookie_header":"","sent":[],"withheld":[{"name":"sid","domain":"a.test","path":"/","reason":"DomainMismatch",
					"rule":"§5.8.3 step 1 (domain-match, §5.1.3)","explanation":"The cookie belongs to a.test, another site than b.test."}],"results":[]},
				{"cookie_header":"","sent":[],"withheld":[{"name":"sid","domain":"a.test","path":"/","reason":"CredentialsOmitted",
					"rule":"Fetch standard: credentials mode",
					"explanation":"The fetch has credentials: \"same-origin\" (fetch's default) and goes to another origin, so it carries no cookies; use credentials: \"include\"."}],"results":[]}]}`,
		},
		{
			name: "third-party cookies blocked: a cross-site iframe keeps a Partitioned cookie under the top-level site, refuses the other (UserPreferences)",
			body: scenarioBody(`"now":"2026-03-01T12:00:00Z","third_party_cookies":"blocked"`,
				`{"url":"https://b.test/chat","kind":"iframe","top_level_url":"https://a.test/","set_cookie":["p=1; Secure; SameSite=None; Partitioned; Path=/","u=1; Secure; SameSite=None; Path=/"]}`,
				`{"url":"https://b.test/chat","kind":"iframe","top_level_url":"https://a.test/"}`),
			want: `{"steps":[{"cookie_header":"","sent":[],"withheld":[],"results":[{
					"line":"p=1; Secure; SameSite=None; Partitioned; Path=/","stored":true,"reason":"","rule":"§5.7 step 24",
					"explanation":"Stored \"p\" for the session, sent only to b.test under / (Secure, SameSite=None, Partitioned).",
					"replaced":false,"deleted":false,
					"attributes":[
						{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
						{"name":"SameSite","value":"None","status":"used","reason":"","rule":"§5.6.7"},
						{"name":"Partitioned","value":"","status":"used","reason":"","rule":"CHIPS (Partitioned)"},
						{"name":"Path","value":"/","status":"used","reason":"","rule":"§5.6.4"}],
					"cookie":{"name":"p","value":"1","domain":"b.test","host_only":true,"path":"/","expires":"","secure":true,
						"http_only":false,"same_site":"None","partitioned":true,"partition_key":"https://a.test (cross-site)"}
				},{
					"line":"u=1; Secure; SameSite=None; Path=/","stored":false,"reason":"UserPreferences","rule":"§7.1 (third-party cookies blocked by the user agent)",
					"explanation":"Third-party cookies are blocked, and this is cross-site with the top-level page https://a.test; only a Partitioned cookie could be kept.",
					"replaced":false,"deleted":false,
					"attributes":[
						{"name":"Secure","value":"","status":"used","reason":"","rule":"§5.6.5"},
						{"name":"SameSite","value":"None","status":"used","reason":"","rule":"§5.6.7"},
						{"name":"Path","value":"/","status":"used","reason":"","rule":"§5.6.4"}],
					"cookie":{"name":"u","value":"1","domain":"b.test","host_only":true,"path":"/","expires":"","secure":true,
						"http_only":false,"same_site":"None","partitioned":false}}]},
				{"cookie_header":"p=1","sent":[{"name":"p","domain":"b.test","path":"/"}],"withheld":[],"results":[]}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := explainRequest(api.ScenarioPath, tt.name, tt.body).do(t, ts)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d; want 200 (%s)", resp.StatusCode, body)
			}
			if got, want := compactJSON(body), compactJSON(tt.want); got != want {
				t.Errorf("body =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// scenarioBad returns a scenario that must be refused with an error naming
// field and rule.
func scenarioBad(name, body, field, rule string) handlerTest {
	tt := explainBad(api.ScenarioPath, name, body, field)
	tt.wantErrRule = rule
	return tt
}

func TestHandlerScenarioBadInput(t *testing.T) {
	ts := newHandlerServer(t)
	nav := `{"url":"https://a.test/","kind":"navigation"}`
	// third returns a scenario whose third step (steps[2]) has field set to
	// the JSON value, or left out for "<absent>".
	third := func(field, value string) string {
		m := map[string]any{"url": "https://a.test/x", "kind": "fetch", "top_level_url": "https://a.test/"}
		if value == "<absent>" {
			delete(m, field)
		} else {
			m[field] = json.RawMessage(value)
		}
		b, err := json.Marshal(m)
		if err != nil {
			panic(err)
		}
		return scenarioBody("", nav, nav, string(b))
	}
	many := make([]string, api.MaxScenarioSteps+1)
	for i := range many {
		many[i] = nav
	}
	runHandlerTests(t, ts, []handlerTest{
		scenarioBad("steps is required", `{}`, "steps", api.RuleRequired),
		scenarioBad("steps must not be empty", scenarioBody(""), "steps", api.RuleRequired),
		scenarioBad("steps holds at most 100 steps", scenarioBody("", many...), "steps", api.RuleLimit),
		scenarioBad("a step's kind is required", third("kind", "<absent>"), "steps[2].kind", api.RuleRequired),
		scenarioBad("a step's kind is navigation, iframe or fetch", third("kind", `"xhr"`), "steps[2].kind", api.RuleOneOf),
		scenarioBad("a step's url is required", third("url", "<absent>"), "steps[2].url", api.RuleRequired),
		scenarioBad("a step's url must be absolute", third("url", `"/api"`), "steps[2].url", api.RuleURL),
		scenarioBad("a step's url must be http or https", third("url", `"ftp://a.test/"`), "steps[2].url", api.RuleURL),
		scenarioBad("a step's top_level_url must be http or https", third("top_level_url", `"data:text/html,x"`), "steps[2].top_level_url", api.RuleURL),
		scenarioBad("a step's initiator must be an http or https origin", third("initiator", `"a.test"`), "steps[2].initiator", api.RuleURL),
		scenarioBad("a step's credentials is omit, same-origin or include", third("credentials", `"always"`), "steps[2].credentials", api.RuleOneOf),
		scenarioBad("a step's method is an HTTP token", third("method", `"GE T"`), "steps[2].method", api.RuleToken),
		scenarioBad("a fetch has no page to write document.cookie", third("script_cookie", `["a=1"]`), "steps[2].script_cookie", api.RulePageOnly),
		scenarioBad("a step's set_cookie is an array of strings", third("set_cookie", `"a=1"`), "steps[2].set_cookie", api.RuleJSON),
		scenarioBad("unknown fields of a step are refused", third("frame", `"x"`), "steps[2].frame", api.RuleKnownField),
		scenarioBad("unknown top-level fields are refused", `{"steps":[`+nav+`],"jar":[]}`, "jar", api.RuleKnownField),
		scenarioBad("a navigation's top_level_url is its own url", scenarioBody("", `{"url":"https://a.test/","kind":"navigation","top_level_url":"https://b.test/"}`), "steps[0].top_level_url", api.RuleNavigationTopLevel),
		scenarioBad("only a fetch has a credentials mode", scenarioBody("", `{"url":"https://a.test/","kind":"navigation","credentials":"omit"}`), "steps[0].credentials", api.RuleFetchOnly),
		scenarioBad("an iframe before any navigation needs a top_level_url", scenarioBody("", `{"url":"https://a.test/","kind":"iframe"}`), "steps[0].top_level_url", api.RuleRequired),
		scenarioBad("third_party_cookies is allowed or blocked", scenarioBody(`"third_party_cookies":"sometimes"`, nav), "third_party_cookies", api.RuleOneOf),
		scenarioBad("now must be RFC 3339", scenarioBody(`"now":"today"`, nav), "now", api.RuleRFC3339),
		scenarioBad("a step must be an object", scenarioBody("", nav, "null"), "steps[1]", api.RuleJSON),
		scenarioBad("the body must be JSON", "steps=1", "body", api.RuleJSON),
		scenarioBad("the body is at most 256 KiB", scenarioBody("", fmt.Sprintf(`{"url":"https://a.test/","kind":"navigation","set_cookie":["%s"]}`, strings.Repeat("a", api.MaxScenarioBodyBytes))), "body", api.RuleLimit),
	})
}

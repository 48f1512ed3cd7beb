package explainer

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

var scenarioNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// presetTests say, for a step of each preset, what its request carried and
// why the rest stayed home: the answer to the preset's question.
var presetTests = []struct {
	id       string
	step     int
	header   string
	withheld string // "name:Reason" joined by " "
	rejected string // "Reason" of each refused line, joined by " "
}{
	{"fetch", 2, "", "session:CredentialsOmitted", ""},
	{"fetch", 3, "", "session:SchemefulSameSiteUnspecifiedTreatedAsLax", ""},
	{"fetch", 5, "session=2", "", ""},
	{"samesite-none-insecure", 0, "", "", "SameSiteNoneInsecure"},
	{"samesite-none-insecure", 1, "widget_ok=1", "", ""},
	{"iframe-login", 1, "session=1", "", ""},
	{"iframe-login", 2, "", "session:SchemefulSameSiteUnspecifiedTreatedAsLax", ""},
	{"domain-localhost", 0, "", "", "InvalidDomain"},
	{"domain-localhost", 2, "", "b:DomainMismatch", ""},
	{"api-login-path", 2, "", "session:NotOnPath", ""},
	{"api-login-path", 3, "session=1", "", ""},
	{"httponly", 0, "", "", "OverwriteHttpOnly"},
	{"httponly", 1, "session=1; theme=dark", "", ""},
	{"third-party-blocked", 1, "", "id:UserPreferences", "UserPreferences"},
	{"third-party-blocked", 2, "id=1", "", ""},
	{"chips", 3, "", "chat:OtherPartition", ""},
	{"chips", 5, "chat=a", "", ""},
	{"delete-wrong-path", 1, "", "theme:NotOnPath", "Expired"},
	{"delete-wrong-path", 2, "theme=dark", "", ""},
	{"delete-wrong-path", 4, "", "", ""},
	{"too-big", 0, "", "", "NameValuePairExceedsMaxSize"},
}

func TestPresets(t *testing.T) {
	runs := map[string]ScenarioRun{}
	for _, p := range Presets {
		run, err := RunScenario(p.Scenario, scenarioNow)
		if err != nil {
			t.Fatalf("preset %s: %v", p.ID, err)
		}
		runs[p.ID] = run
	}
	if len(runs) != len(Presets) {
		t.Errorf("%d presets, %d distinct IDs", len(Presets), len(runs))
	}
	for _, tt := range presetTests {
		st := runs[tt.id].Response.Steps[tt.step]
		var withheld, rejected []string
		for _, w := range st.Withheld {
			withheld = append(withheld, w.Name+":"+w.Reason)
		}
		for _, r := range st.Results {
			if !r.Stored {
				rejected = append(rejected, r.Reason)
			}
		}
		if st.CookieHeader != tt.header || strings.Join(withheld, " ") != tt.withheld || strings.Join(rejected, " ") != tt.rejected {
			t.Errorf("preset %s step %d: header %.40q, withheld %q, rejected %q; want %.40q, %q, %q",
				tt.id, tt.step, st.CookieHeader, withheld, rejected, tt.header, tt.withheld, tt.rejected)
		}
	}
}

var scenarioDefaultTests = []struct {
	name string
	step api.ScenarioStep
	prev []api.ScenarioStep
	want cookierules.RequestContext
}{
	{"a navigation is its own top level, browser-initiated, GET",
		api.ScenarioStep{URL: "https://a.test/x", Kind: "navigation"}, nil,
		cookierules.RequestContext{Kind: "navigation", URL: mustParse("https://a.test/x"), TopLevelURL: mustParse("https://a.test/x"), Method: "GET"}},
	{"a fetch defaults to the last navigation's page, initiated by its origin, same-origin credentials",
		api.ScenarioStep{URL: "https://b.test/api", Kind: "fetch"}, []api.ScenarioStep{{URL: "https://a.test/page", Kind: "navigation"}},
		cookierules.RequestContext{Kind: "fetch", URL: mustParse("https://b.test/api"), TopLevelURL: mustParse("https://a.test/page"),
			Initiator: mustParse("https://a.test"), Method: "GET", Credentials: "same-origin"}},
	{"a navigation's top_level_url may repeat its url, the empty path as /",
		api.ScenarioStep{URL: "https://a.test", Kind: "navigation", TopLevelURL: "https://a.test/"}, nil,
		cookierules.RequestContext{Kind: "navigation", URL: mustParse("https://a.test"), TopLevelURL: mustParse("https://a.test/"), Method: "GET"}},
	{"an initiator keeps only its origin; the method is upper-cased",
		api.ScenarioStep{URL: "https://a.test/", Kind: "navigation", Initiator: "https://B.test/form?x", Method: "post"}, nil,
		cookierules.RequestContext{Kind: "navigation", URL: mustParse("https://a.test/"), TopLevelURL: mustParse("https://a.test/"),
			Initiator: mustParse("https://b.test"), Method: "POST"}},
}

func mustParse(s string) *url.URL {
	u, err := ParseURL("test", s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestScenarioDefaults(t *testing.T) {
	for _, tt := range scenarioDefaultTests {
		req := api.ScenarioRequest{Steps: append(append([]api.ScenarioStep{}, tt.prev...), tt.step)}
		run, err := RunScenario(req, scenarioNow)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := run.Steps[len(run.Steps)-1].Context
		if got.Kind != tt.want.Kind || got.URL.String() != tt.want.URL.String() || got.TopLevelURL.String() != tt.want.TopLevelURL.String() ||
			urlString(got.Initiator) != urlString(tt.want.Initiator) || got.Method != tt.want.Method || got.Credentials != tt.want.Credentials ||
			got.ThirdPartyCookiesBlocked {
			t.Errorf("%s: context = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

// TestScenarioRequestBeforeResponse: a step's request is answered before its
// own response's lines apply.
func TestScenarioRequestBeforeResponse(t *testing.T) {
	run, err := RunScenario(api.ScenarioRequest{Steps: []api.ScenarioStep{
		{URL: "https://a.test/", Kind: "navigation", SetCookie: []string{"a=1"}},
		{URL: "https://a.test/", Kind: "navigation", SetCookie: []string{"b=1"}},
	}}, scenarioNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := run.Response.Steps[1].CookieHeader; got != "a=1" {
		t.Errorf("step 1 header = %q; want %q", got, "a=1")
	}
	if got := run.Steps[1].DocumentCookie; got != "a=1; b=1" {
		t.Errorf("step 1 document.cookie = %q; want %q", got, "a=1; b=1")
	}
	if n := len(run.Steps[1].Jar); n != 2 {
		t.Errorf("jar after step 1 holds %d cookies; want 2", n)
	}
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

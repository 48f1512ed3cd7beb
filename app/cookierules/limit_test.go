package cookierules

import (
	"fmt"
	"net/url"
	"testing"
	"time"
)

// limitWrite is a run of n cookies named stem0… set by script on host.
type limitWrite struct {
	host, stem, attrs string
	n                 int
}

var domainLimitTests = []struct {
	name   string
	writes []limitWrite
	want   map[string]int // cookies kept, by host and stem
}{
	{"up to the limit, every cookie is kept",
		[]limitWrite{{"a.test", "n", "", 180}},
		map[string]int{"a.test n": 180}},
	{"one over the limit evicts down to 150, the oldest first",
		[]limitWrite{{"a.test", "n", "", 181}},
		map[string]int{"a.test n": 150}},
	{"non-Secure cookies go before older Secure ones",
		[]limitWrite{{"a.test", "s", "; Secure", 5}, {"a.test", "n", "", 176}},
		map[string]int{"a.test s": 5, "a.test n": 145}},
	{"low-priority cookies go first, down to 30 of them, even the newest",
		[]limitWrite{{"a.test", "n", "", 141}, {"a.test", "l", "; Priority=Low", 40}},
		map[string]int{"a.test n": 120, "a.test l": 30}},
	{"Secure cookies are spared while non-Secure ones of their priority remain",
		[]limitWrite{{"a.test", "s", "; Secure", 10}, {"a.test", "n", "", 131}, {"a.test", "l", "; Priority=low", 40}},
		map[string]int{"a.test s": 10, "a.test n": 110, "a.test l": 30}},
	{"high-priority cookies outlast older and newer medium ones",
		[]limitWrite{{"a.test", "h", "; Priority=High", 20}, {"a.test", "n", "", 161}},
		map[string]int{"a.test h": 20, "a.test n": 130}},
	{"medium cookies are spared down to 50, then high ones go",
		[]limitWrite{{"a.test", "n", "", 60}, {"a.test", "h", "; Priority=HIGH", 121}},
		map[string]int{"a.test n": 50, "a.test h": 100}},
	{"high-priority cookies within their quota of 70 outlast older Secure medium ones",
		[]limitWrite{{"a.test", "s", "; Secure", 170}, {"a.test", "h", "; Priority=High", 11}},
		map[string]int{"a.test s": 139, "a.test h": 11}},
	{"a subdomain counts with its registrable domain",
		[]limitWrite{{"a.test", "n", "", 181}, {"sub.a.test", "u", "", 100}},
		map[string]int{"a.test n": 57, "sub.a.test u": 100}},
	{"another registrable domain counts apart",
		[]limitWrite{{"a.test", "n", "", 180}, {"b.test", "n", "", 180}},
		map[string]int{"a.test n": 180, "b.test n": 180}},
	{"an IP address counts alone",
		[]limitWrite{{"127.0.0.1", "n", "", 180}, {"127.0.0.2", "n", "", 180}},
		map[string]int{"127.0.0.1 n": 180, "127.0.0.2 n": 180}},
}

func TestDomainLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range domainLimitTests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJar()
			for _, w := range tt.writes {
				u := &url.URL{Scheme: "https", Host: w.host, Path: "/"}
				for i := range w.n {
					if v := j.SetCookie(u, fmt.Sprintf("%s%d=1; Path=/%s", w.stem, i, w.attrs), FromScript, now); !v.Stored {
						t.Fatalf("%s%d not stored: %s", w.stem, i, v.Explanation)
					}
				}
			}
			got := map[string]int{}
			for _, c := range j.Cookies() {
				got[c.Domain+" "+c.Name[:1]]++
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("kept %v; want %v", got, tt.want)
			}
		})
	}
	t.Run("the oldest are evicted", func(t *testing.T) {
		j := NewJar()
		u := &url.URL{Scheme: "https", Host: "a.test", Path: "/"}
		for i := range 181 {
			j.SetCookie(u, fmt.Sprintf("n%d=1", i), FromScript, now)
		}
		if first := j.Cookies()[0].Name; first != "n31" {
			t.Errorf("the oldest cookie kept is %s; want n31", first)
		}
	})
}

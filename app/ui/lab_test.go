package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

func TestLabCheckVerdicts(t *testing.T) {
	for _, tt := range []struct {
		name              string
		c                 labCheck
		explained, agrees bool
	}{
		{"all three agree", labCheck{Mode: labReal, Expected: "a=1", Browser: "a=1", Engine: "a=1"}, true, true},
		{"the engine differs", labCheck{Mode: labReal, Expected: "", Browser: "", Engine: "a=1"}, true, false},
		{"the browser differs from the explanation, the engine with it", labCheck{Mode: labReal, Expected: "a=1", Browser: "", Engine: ""}, false, true},
		{"an error", labCheck{Mode: labReal, Expected: "a=1", Browser: labErrorPrefix + "offline", Engine: "a=1"}, false, false},
		{"predicted as explained", labCheck{Mode: labPredicted, Expected: "a=1", Engine: "a=1"}, true, true},
		{"predicted otherwise", labCheck{Mode: labPredicted, Expected: "a=1", Engine: ""}, false, false},
	} {
		if got := tt.c.explained(); got != tt.explained {
			t.Errorf("%s: explained() = %v; want %v", tt.name, got, tt.explained)
		}
		if got := tt.c.agrees(); got != tt.agrees {
			t.Errorf("%s: agrees() = %v; want %v", tt.name, got, tt.agrees)
		}
	}
	o := &labOutcome{checks: []labCheck{{Mode: labReal}, {Mode: labPredicted}}}
	if !o.explained() || !o.agrees() || o.mode() != labPredicted {
		t.Errorf("outcome: explained %v, agrees %v, mode %s", o.explained(), o.agrees(), o.mode())
	}
	if (&labOutcome{}).explained() {
		t.Error("an outcome with no checks behaved as explained")
	}
}

func TestLabEnvCookies(t *testing.T) {
	e := &labEnv{stems: []string{"lab-pre-", "lab-ord"}}
	header := "session=1; lab-ord=deep; __Host-lab-pre-ok=1; lab-other=2; __secure-lab-pre-case=3; lab-ord-a=1; lab-order=x"
	if got, want := e.cookies(header), "__Host-lab-pre-ok=1; __secure-lab-pre-case=3; lab-ord-a=1; lab-ord=deep; lab-order=x"; got != want {
		t.Errorf("cookies = %q; want %q", got, want)
	}
	e.ordered = true
	if got, want := e.cookies(header), "lab-ord=deep; __Host-lab-pre-ok=1; __secure-lab-pre-case=3; lab-ord-a=1; lab-order=x"; got != want {
		t.Errorf("ordered cookies = %q; want %q", got, want)
	}
}

func TestLabHeaderThirdPartyPolicy(t *testing.T) {
	j := cookierules.NewJar()
	set, _ := url.Parse("http://localhost:8000/lab/set")
	hit, _ := url.Parse("http://localhost:8000/lab/xsite/hit")
	now := time.Now()
	for _, l := range api.LabChipsSetLines {
		if v := j.SetCookie(set, l, cookierules.FromHTTP, now); !v.Stored {
			t.Fatalf("%s: %s", l, v.Explanation)
		}
	}
	opt := cookierules.RequestOptions{Context: cookierules.ContextCrossSite}
	if got, want := labHeader(j, hit, opt, false), "lab-chips-part=1; lab-chips-shared=1"; got != want {
		t.Errorf("third-party cookies allowed: %q; want %q", got, want)
	}
	if got, want := labHeader(j, hit, opt, true), "lab-chips-part=1"; got != want {
		t.Errorf("third-party cookies blocked: %q; want %q", got, want)
	}
}

func TestLabShow(t *testing.T) {
	if got := labShow(""); got != "(none)" {
		t.Errorf("labShow(\"\") = %q", got)
	}
	long := "lab-size-4096=" + strings.Repeat("a", 4083)
	if got, want := labShow("a=1; "+long), "a=1; lab-size-4096=aaaaaaaaaaaa… (4083 bytes)"; got != want {
		t.Errorf("labShow = %q; want %q", got, want)
	}
}

// TestLabExperimentsAreWellFormed checks what every experiment promises:
// a unique id, a two-line explanation, cookie names after "lab-", and
// clean-up lines that expire such cookies.
func TestLabExperimentsAreWellFormed(t *testing.T) {
	page, _ := url.Parse("http://127.0.0.1:8000/lab")
	e := &labEnv{page: page}
	seen := map[string]bool{}
	for _, x := range labExperiments {
		if seen[x.ID] || x.ID == "" {
			t.Errorf("experiment id %q is empty or not unique", x.ID)
		}
		seen[x.ID] = true
		if x.Title == "" || x.Why[0] == "" || x.Why[1] == "" || x.Run == nil || x.Clean == nil {
			t.Errorf("%s: a title, two lines of explanation, Run and Clean are needed", x.ID)
		}
		for _, s := range x.Stems {
			if !strings.HasPrefix(s, "lab-") {
				t.Errorf("%s: stem %q does not start with lab-", x.ID, s)
			}
		}
		for _, l := range x.Clean(e) {
			p, err := cookierules.Parse(l)
			if err != nil || !p.HasMaxAge || p.MaxAge > 0 || !api.IsLabCookie(p.Name) {
				t.Errorf("%s: clean-up line %q does not expire a lab cookie", x.ID, l)
			}
		}
	}
	if len(labExperiments) < 12 {
		t.Errorf("%d experiments; the lab promises at least 12", len(labExperiments))
	}
	for _, l := range append(api.LabChipsSetLines, api.LabChipsClearLines...) {
		if p, err := cookierules.Parse(l); err != nil || !api.IsLabCookie(p.Name) {
			t.Errorf("CHIPS line %q is no lab cookie", l)
		}
	}
	if len(labSize4096)-1 != 4096 || len(labSize4097)-1 != 4097 || len(labLongPath1025) != 1025 || len(labLongPath1024) != 1024 {
		t.Errorf("size lines: %d, %d bytes of name and value; paths %d, %d bytes", len(labSize4096)-1, len(labSize4097)-1, len(labLongPath1025), len(labLongPath1024))
	}
}

// TestLabLimitsEngineAgrees checks that the engine evicts what the limits
// experiment's explanation says, on a secure other site and on one that
// is not (where its first group is not Secure).
func TestLabLimitsEngineAgrees(t *testing.T) {
	for _, origin := range []string{"https://b.test", "http://b.test"} {
		u, _ := url.Parse(origin + api.LabProbePath)
		secure := cookierules.IsSecureOrigin(u)
		j := cookierules.NewJar()
		var written []string
		now := time.Now()
		for _, l := range api.LabLimitLines(secure) {
			if v := j.SetCookie(u, l, cookierules.FromScript, now); !v.Stored {
				t.Fatalf("%s: %q not stored: %s", origin, l, v.Explanation)
			}
			written = append(written, cookiePair(l))
		}
		e := &labEnv{stems: labLimits.Stems}
		got := e.cookies(missing(written, j.CookieHeader(u, now)))
		want := e.cookies(limitEvictionExplained(secure))
		if got != want || len(strings.Split(got, "; ")) != cookierules.DomainPurgeCookies+1 {
			t.Errorf("%s: the engine evicts %q; the explanation says %q", origin, got, want)
		}
		if n := len(api.LabLimitLines(secure)); n != cookierules.DomainMaxCookies+1 {
			t.Errorf("the experiment writes %d cookies; want one over the limit, %d", n, cookierules.DomainMaxCookies+1)
		}
	}
}

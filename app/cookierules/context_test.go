package cookierules

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// ctxOf builds a request context from a short form: "kind url [top=URL]
// [from=ORIGIN] [method=M] [cred=MODE] [3pc=blocked]".
func ctxOf(t testing.TB, spec string) RequestContext {
	t.Helper()
	f := strings.Fields(spec)
	ctx := RequestContext{Kind: Kind(f[0]), URL: mustURL(t, f[1])}
	for _, kv := range f[2:] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "top":
			ctx.TopLevelURL = mustURL(t, v)
		case "from":
			ctx.Initiator = mustURL(t, v)
		case "method":
			ctx.Method = v
		case "cred":
			ctx.Credentials = Credentials(v)
		case "3pc":
			ctx.ThirdPartyCookiesBlocked = v == "blocked"
		default:
			t.Fatalf("ctxOf(%q): unknown %q", spec, kv)
		}
	}
	return ctx
}

var siteTests = []struct {
	name, ctx          string
	request, response  SameSiteContext
	thirdParty         bool
	partitionKey       PartitionKey
	credentialsOmitted bool
	requestSchemeless  SameSiteContext
}{
	{"a typed URL is same-site (no initiator)", "navigation https://a.test/",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, false, SameSiteContextStrict},
	{"a link from another site is a cross-site top-level navigation: Lax", "navigation https://a.test/ from=https://b.test",
		SameSiteContextLax, SameSiteContextLax, false, PartitionKey{"https://a.test", false}, false, SameSiteContextLax},
	{"a form POST from another site is Lax-unsafe, and its response may still set Lax cookies", "navigation https://a.test/ from=https://b.test method=POST",
		SameSiteContextLaxUnsafe, SameSiteContextLax, false, PartitionKey{"https://a.test", false}, false, SameSiteContextLaxUnsafe},
	{"a link from a subdomain is same-site: registrable domains are compared", "navigation https://a.test/ from=https://www.a.test",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, false, SameSiteContextStrict},
	{"a link from http to https of the same host is cross-site schemefully, same-site schemelessly", "navigation https://a.test/ from=http://a.test",
		SameSiteContextLax, SameSiteContextLax, false, PartitionKey{"https://a.test", false}, false, SameSiteContextStrict},
	{"an iframe of another site is cross-site and third-party", "iframe https://b.test/ top=https://a.test/ from=https://a.test",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"https://a.test", true}, false, SameSiteContextCrossSite},
	{"an iframe of the same site is same-site", "iframe https://www.a.test/ top=https://a.test/ from=https://a.test",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, false, SameSiteContextStrict},
	{"a fetch to another site is cross-site and third-party", "fetch https://b.test/api top=https://a.test/ from=https://a.test cred=include",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"https://a.test", true}, false, SameSiteContextCrossSite},
	{"a fetch by a cross-site frame back to the top-level site is cross-site: the site for cookies is null", "fetch https://a.test/api top=https://a.test/ from=https://b.test cred=include",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"https://a.test", true}, false, SameSiteContextCrossSite},
	{"a fetch with credentials omit carries no cookies", "fetch https://a.test/api top=https://a.test/ from=https://a.test cred=omit",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, true, SameSiteContextStrict},
	{"a fetch with credentials same-origin to a same-site other origin carries no cookies", "fetch https://api.a.test/ top=https://a.test/ from=https://a.test cred=same-origin",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, true, SameSiteContextStrict},
	{"a fetch with credentials same-origin to its own origin carries cookies", "fetch https://a.test/api top=https://a.test/ from=https://a.test cred=same-origin",
		SameSiteContextStrict, SameSiteContextStrict, false, PartitionKey{"https://a.test", false}, false, SameSiteContextStrict},
	{"a fetch's credentials mode defaults to same-origin", "fetch https://b.test/ top=https://a.test/ from=https://a.test",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"https://a.test", true}, true, SameSiteContextCrossSite},
	{"an http page's fetch of its https twin is third-party: Chromium's first-party test is schemeful", "fetch https://a.test/ top=http://a.test/ from=http://a.test cred=include",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"http://a.test", true}, false, SameSiteContextStrict},
	{"localhost and 127.0.0.1 are different sites", "fetch http://127.0.0.1/ top=http://localhost/ from=http://localhost cred=include",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"http://localhost", true}, false, SameSiteContextCrossSite},
	{"two hosts under a private public suffix (github.io) are different sites", "fetch https://b.github.io/ top=https://a.github.io/ from=https://a.github.io cred=include",
		SameSiteContextCrossSite, SameSiteContextCrossSite, true, PartitionKey{"https://a.github.io", true}, false, SameSiteContextCrossSite},
}

func TestRequestContextSite(t *testing.T) {
	for _, tt := range siteTests {
		s := ctxOf(t, tt.ctx).Site()
		if s.Request != tt.request || s.Response != tt.response || s.ThirdParty != tt.thirdParty ||
			s.PartitionKey != tt.partitionKey || s.CredentialsOmitted != tt.credentialsOmitted || s.RequestSchemeless != tt.requestSchemeless {
			t.Errorf("%s: Site(%q) = request %v, response %v, third-party %v, key %v, omitted %v, schemeless %v;\n\twant %v, %v, %v, %v, %v, %v",
				tt.name, tt.ctx, s.Request, s.Response, s.ThirdParty, s.PartitionKey, s.CredentialsOmitted, s.RequestSchemeless,
				tt.request, tt.response, tt.thirdParty, tt.partitionKey, tt.credentialsOmitted, tt.requestSchemeless)
		}
	}
}

// setupStep is a line applied to the jar before a test's request, in a
// context, some time before testNow.
type setupStep struct {
	ctx, line string
	ago       time.Duration
}

// top sets line from a typed navigation to url.
func top(url, line string) setupStep { return setupStep{"navigation " + url, line, time.Hour} }

var cookiesInTests = []struct {
	name     string
	setup    []setupStep
	ctx      string
	sent     string            // the Cookie header
	withheld map[string]string // name: reasons joined by ","
	reported []string          // names of withheld cookies Chromium reports
}{
	{
		name:     "§5.8.3: a host-only cookie is not sent to a subdomain (DomainMismatch)",
		setup:    []setupStep{top("https://a.test/", "h=1"), top("https://a.test/", "d=1; Domain=a.test")},
		ctx:      "navigation https://www.a.test/",
		sent:     "d=1",
		withheld: map[string]string{"h": "DomainMismatch"},
		reported: []string{"h"},
	},
	{
		name:     "§5.8.3: a cookie of another site is withheld but Chromium does not report it",
		setup:    []setupStep{top("https://a.test/", "a=1")},
		ctx:      "navigation https://b.test/",
		withheld: map[string]string{"a": "DomainMismatch"},
	},
	{
		name:     "§5.8.3: a cookie whose Path the request is not under is NotOnPath",
		setup:    []setupStep{top("https://a.test/api/login", "sid=1")},
		ctx:      "navigation https://a.test/",
		withheld: map[string]string{"sid": "NotOnPath"},
		reported: []string{"sid"},
	},
	{
		name:     "§5.8.3: a Secure cookie is not sent over http (SecureOnly)",
		setup:    []setupStep{top("https://a.test/", "s=1; Secure"), top("https://a.test/", "p=1")},
		ctx:      "navigation http://a.test/",
		sent:     "p=1",
		withheld: map[string]string{"s": "SecureOnly"},
		reported: []string{"s"},
	},
	{
		name:     "§5.8.3: a cross-site link carries Lax and unset cookies but not Strict ones",
		setup:    []setupStep{top("https://a.test/", "l=1; SameSite=Lax"), top("https://a.test/", "u=1"), top("https://a.test/", "s=1; SameSite=Strict"), top("https://a.test/", "n=1; SameSite=None; Secure")},
		ctx:      "navigation https://a.test/ from=https://b.test",
		sent:     "l=1; u=1; n=1",
		withheld: map[string]string{"s": "SchemefulSameSiteStrict"},
		reported: []string{"s"},
	},
	{
		name:     "§5.8.3: a cross-site fetch carries only SameSite=None cookies",
		setup:    []setupStep{top("https://a.test/", "l=1; SameSite=Lax"), top("https://a.test/", "u=1"), top("https://a.test/", "s=1; SameSite=Strict"), top("https://a.test/", "n=1; SameSite=None; Secure")},
		ctx:      "fetch https://a.test/api top=https://b.test/ from=https://b.test cred=include",
		sent:     "n=1",
		withheld: map[string]string{"l": "SchemefulSameSiteLax", "u": "SchemefulSameSiteUnspecifiedTreatedAsLax", "s": "SchemefulSameSiteStrict"},
		reported: []string{"l", "u", "s"},
	},
	{
		name:     "§5.8.3: an http page fetching its https twin is cross-site only by scheme: Schemeful reasons",
		setup:    []setupStep{top("https://a.test/", "l=1; SameSite=Lax"), top("https://a.test/", "s=1; SameSite=Strict")},
		ctx:      "fetch https://a.test/api top=http://a.test/ from=http://a.test cred=include",
		withheld: map[string]string{"l": "SchemefulSameSiteLax", "s": "SchemefulSameSiteStrict"},
		reported: []string{"l", "s"},
	},
	{
		name:     "Chromium Lax-allowing-unsafe: a cross-site form POST carries an unset cookie under 2 minutes old",
		setup:    []setupStep{{"navigation https://a.test/", "fresh=1", 119 * time.Second}, {"navigation https://a.test/", "old=1", 121 * time.Second}, {"navigation https://a.test/", "lax=1; SameSite=Lax", time.Second}},
		ctx:      "navigation https://a.test/ from=https://b.test method=POST",
		sent:     "fresh=1",
		withheld: map[string]string{"old": "SchemefulSameSiteUnspecifiedTreatedAsLax", "lax": "SchemefulSameSiteLax"},
		reported: []string{"old", "lax"},
	},
	{
		name:     "fetch credentials: omit withholds every cookie, unreported (CredentialsOmitted)",
		setup:    []setupStep{top("https://a.test/", "a=1")},
		ctx:      "fetch https://a.test/api top=https://a.test/ from=https://a.test cred=omit",
		withheld: map[string]string{"a": "CredentialsOmitted"},
	},
	{
		name:     "§7.1: with third-party cookies blocked, a cross-site iframe gets no unpartitioned cookie (UserPreferences)",
		setup:    []setupStep{top("https://b.test/", "n=1; SameSite=None; Secure")},
		ctx:      "iframe https://b.test/ top=https://a.test/ from=https://a.test 3pc=blocked",
		withheld: map[string]string{"n": "UserPreferences"},
		reported: []string{"n"},
	},
	{
		name:  "§7.1: third-party blocking does not touch a top-level navigation",
		setup: []setupStep{top("https://b.test/", "n=1; SameSite=None; Secure")},
		ctx:   "navigation https://b.test/ from=https://a.test 3pc=blocked",
		sent:  "n=1",
	},
	{
		name: "CHIPS: a Partitioned cookie goes only where its partition key (top-level site) matches, even with third-party cookies blocked",
		setup: []setupStep{
			{"iframe https://b.test/ top=https://a.test/ from=https://a.test", "p=a; Secure; SameSite=None; Partitioned", time.Minute},
			{"iframe https://b.test/ top=https://c.test/ from=https://c.test", "p=c; Secure; SameSite=None; Partitioned", time.Minute},
		},
		ctx:      "iframe https://b.test/ top=https://a.test/ from=https://a.test 3pc=blocked",
		sent:     "p=a",
		withheld: map[string]string{"p": "OtherPartition"},
	},
	{
		name:     "§5.8.3: withheld cookies carry every reason that applies",
		setup:    []setupStep{top("https://a.test/x/y", "s=1; Secure; SameSite=Strict")},
		ctx:      "fetch http://a.test/ top=https://b.test/ from=https://b.test cred=include 3pc=blocked",
		withheld: map[string]string{"s": "NotOnPath,SecureOnly,SchemefulSameSiteStrict,UserPreferences"},
		reported: []string{"s"},
	},
}

func TestCookiesIn(t *testing.T) {
	for _, tt := range cookiesInTests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJar()
			for _, st := range tt.setup {
				if v := j.SetCookieIn(ctxOf(t, st.ctx), st.line, FromHTTP, testNow.Add(-st.ago)); !v.Stored {
					t.Fatalf("setup %q in %q: %s %s", st.line, st.ctx, v.Reason, v.Explanation)
				}
			}
			rv := j.CookiesIn(ctxOf(t, tt.ctx), testNow)
			if rv.CookieHeader != tt.sent {
				t.Errorf("CookieHeader = %q; want %q", rv.CookieHeader, tt.sent)
			}
			got := map[string]string{}
			var reported []string
			for _, w := range rv.Withheld {
				key := w.Cookie.Name
				if _, dup := got[key]; dup {
					key += "'"
				}
				got[key] = strings.Join(w.Reasons, ",")
				if w.Reason != w.Reasons[0] || w.Rule == "" || w.Explanation == "" {
					t.Errorf("withheld %q: reason %q, rule %q, explanation %q; want Reasons[0], a rule and an explanation", w.Cookie.Name, w.Reason, w.Rule, w.Explanation)
				}
				if w.Reported {
					reported = append(reported, w.Cookie.Name)
				}
			}
			want := tt.withheld
			if want == nil {
				want = map[string]string{}
			}
			if len(got) != len(want) {
				t.Errorf("withheld = %v; want %v", got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("withheld[%q] = %q; want %q", k, got[k], v)
				}
			}
			slices.Sort(reported)
			wantReported := slices.Sorted(slices.Values(tt.reported))
			if !slices.Equal(reported, wantReported) {
				t.Errorf("reported = %v; want %v", reported, wantReported)
			}
		})
	}
}

var setCookieInTests = []struct {
	name, ctx, line string
	src             Source
	reason          string // "" = stored
	partitionKey    PartitionKey
}{
	{"§5.7 step 17: a cross-site fetch's response may not set a Lax cookie (SameSiteLax)",
		"fetch https://b.test/ top=https://a.test/ from=https://a.test cred=include", "l=1; SameSite=Lax", FromHTTP, ReasonSchemefulSameSiteLax, PartitionKey{}},
	{"§5.7 step 17: nor a Strict one (SchemefulSameSiteStrict)",
		"fetch https://b.test/ top=https://a.test/ from=https://a.test cred=include", "s=1; SameSite=Strict", FromHTTP, ReasonSchemefulSameSiteStrict, PartitionKey{}},
	{"§5.7 step 17: nor one without SameSite, Lax by default (SchemefulSameSiteUnspecifiedTreatedAsLax)",
		"fetch https://b.test/ top=https://a.test/ from=https://a.test cred=include", "u=1", FromHTTP, ReasonSchemefulSameSiteUnspecifiedTreatedAsLax, PartitionKey{}},
	{"§5.7 step 17: a SameSite=None; Secure cookie may be set cross-site",
		"fetch https://b.test/ top=https://a.test/ from=https://a.test cred=include", "n=1; SameSite=None; Secure", FromHTTP, "", PartitionKey{}},
	{"§5.7 step 17: a cross-site top-level navigation's response may set a Strict cookie",
		"navigation https://b.test/ from=https://a.test", "s=1; SameSite=Strict", FromHTTP, "", PartitionKey{}},
	{"§5.7 step 17: so may a cross-site form POST's",
		"navigation https://b.test/ from=https://a.test method=POST", "s=1; SameSite=Strict", FromHTTP, "", PartitionKey{}},
	{"§5.7 step 17: an http page's fetch of its https twin: Schemeful reason",
		"fetch https://a.test/ top=http://a.test/ from=http://a.test cred=include", "l=1; SameSite=Lax", FromHTTP, ReasonSchemefulSameSiteLax, PartitionKey{}},
	{"document.cookie in a cross-site iframe may not write a cookie without SameSite",
		"iframe https://b.test/ top=https://a.test/ from=https://a.test", "u=1", FromScript, ReasonSchemefulSameSiteUnspecifiedTreatedAsLax, PartitionKey{}},
	{"document.cookie in a same-site iframe may write a Strict cookie",
		"iframe https://www.a.test/ top=https://a.test/ from=https://a.test", "s=1; SameSite=Strict", FromScript, "", PartitionKey{}},
	{"§7.1: with third-party cookies blocked, a cross-site iframe's response may not set an unpartitioned cookie (UserPreferences)",
		"iframe https://b.test/ top=https://a.test/ from=https://a.test 3pc=blocked", "n=1; SameSite=None; Secure", FromHTTP, ReasonUserPreferences, PartitionKey{}},
	{"CHIPS: with third-party cookies blocked, a Partitioned cookie is kept under the top-level site",
		"iframe https://b.test/ top=https://a.test/ from=https://a.test 3pc=blocked", "p=1; SameSite=None; Secure; Partitioned", FromHTTP, "", PartitionKey{"https://a.test", true}},
	{"CHIPS: a Partitioned cookie set by a top-level page is keyed by its own site, not cross-site",
		"navigation https://a.test/", "p=1; Secure; Partitioned", FromHTTP, "", PartitionKey{"https://a.test", false}},
	{"fetch credentials: omit ignores the response's Set-Cookie lines (CredentialsOmitted)",
		"fetch https://a.test/ top=https://a.test/ from=https://a.test cred=omit", "a=1", FromHTTP, ReasonCredentialsOmitted, PartitionKey{}},
	{"fetch credentials: omit ignores every line, even one that breaks a context-free rule (as Chromium, which reports nothing)",
		"fetch https://a.test/ top=https://b.test/ from=https://b.test cred=omit", "__Host-a=1; Secure", FromHTTP, ReasonCredentialsOmitted, PartitionKey{}},
	{"§7.1: with third-party cookies blocked, UserPreferences is named before SameSite (as Chromium)",
		"iframe https://b.test/ top=https://a.test/ from=https://a.test 3pc=blocked", "s=1; SameSite=Strict; Secure", FromHTTP, ReasonUserPreferences, PartitionKey{}},
	{"CHIPS: a Partitioned cookie from an insecure origin is InvalidPartitioned, before SecureOnly (as Chromium)",
		"navigation http://a.test/", "p=1; Secure; Partitioned", FromHTTP, ReasonInvalidPartitioned, PartitionKey{}},
	{"the context-free rules come first: a Secure cookie from http is SecureOnly even cross-site",
		"fetch http://b.test/ top=https://a.test/ from=https://a.test cred=include", "s=1; Secure; SameSite=Lax", FromHTTP, ReasonSecureOnly, PartitionKey{}},
}

func TestSetCookieIn(t *testing.T) {
	for _, tt := range setCookieInTests {
		v := NewJar().SetCookieIn(ctxOf(t, tt.ctx), tt.line, tt.src, testNow)
		if v.Reason != tt.reason || v.Stored != (tt.reason == "") || v.Cookie.PartitionKey != tt.partitionKey {
			t.Errorf("%s: SetCookieIn(%q, %q) = %q (%s) key %v; want %q key %v", tt.name, tt.ctx, tt.line, v.Reason, v.Explanation, v.Cookie.PartitionKey, tt.reason, tt.partitionKey)
		}
		if v.Rule == "" || v.Explanation == "" {
			t.Errorf("%s: rule %q, explanation %q; want both", tt.name, v.Rule, v.Explanation)
		}
	}
}

// TestPartitionedCookiesReplaceOnlyTheirOwnPartition: the identity of a
// cookie includes its partition key (CHIPS), so a Partitioned cookie set
// under one top-level site neither replaces nor deletes another site's.
func TestPartitionedCookiesReplaceOnlyTheirOwnPartition(t *testing.T) {
	j := NewJar()
	inA := ctxOf(t, "iframe https://b.test/ top=https://a.test/ from=https://a.test")
	inC := ctxOf(t, "iframe https://b.test/ top=https://c.test/ from=https://c.test")
	j.SetCookieIn(inA, "p=a; Secure; SameSite=None; Partitioned", FromHTTP, testNow)
	j.SetCookieIn(inC, "p=c; Secure; SameSite=None; Partitioned", FromHTTP, testNow)
	if v := j.SetCookieIn(inC, "p=; Secure; SameSite=None; Partitioned; Max-Age=0", FromHTTP, testNow); !v.Deleted {
		t.Fatalf("deleting c's p: %+v", v)
	}
	if got := j.CookiesIn(inA, testNow).CookieHeader; got != "p=a" {
		t.Errorf("a's partition after deleting c's p = %q; want %q", got, "p=a")
	}
	if got := j.CookiesIn(inC, testNow).CookieHeader; got != "" {
		t.Errorf("c's partition = %q; want none", got)
	}
}

func TestRegistrableDomain(t *testing.T) {
	for _, tt := range []struct{ host, want string }{
		{"a.test", "a.test"},
		{"www.a.test", "a.test"},
		{"WWW.Example.CO.UK", "example.co.uk"},
		{"a.github.io", "a.github.io"},
		{"localhost", "localhost"},
		{"127.0.0.1", "127.0.0.1"},
		{"[::1]", "::1"},
		{"co.uk", "co.uk"},
	} {
		if got := RegistrableDomain(tt.host); got != tt.want {
			t.Errorf("RegistrableDomain(%q) = %q; want %q", tt.host, got, tt.want)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	u := func(s string) *url.URL { return mustURL(t, s) }
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"https://a.test", "https://a.test:443/x", true},
		{"https://a.test", "http://a.test", false},
		{"https://a.test", "https://www.a.test", false},
		{"http://a.test:8080", "http://a.test", false},
	} {
		if got := SameOrigin(u(tt.a), u(tt.b)); got != tt.want {
			t.Errorf("SameOrigin(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

var documentCookieInTests = []struct {
	name, ctx, want string
}{
	{"§5.8.2: a top-level page's script reads every cookie but HttpOnly ones", "navigation https://a.test/", "l=1; n=1"},
	{"a cross-site iframe's script reads only SameSite=None cookies", "iframe https://a.test/ top=https://b.test/ from=https://b.test", "n=1"},
	{"§7.1: with third-party cookies blocked, a cross-site iframe's script reads none", "iframe https://a.test/ top=https://b.test/ from=https://b.test 3pc=blocked", ""},
}

func TestDocumentCookieIn(t *testing.T) {
	j := NewJar()
	for _, line := range []string{"h=1; HttpOnly", "l=1; SameSite=Lax", "n=1; SameSite=None; Secure"} {
		j.SetCookieIn(ctxOf(t, "navigation https://a.test/"), line, FromHTTP, testNow)
	}
	for _, tt := range documentCookieInTests {
		if got := j.DocumentCookieIn(ctxOf(t, tt.ctx), testNow); got != tt.want {
			t.Errorf("%s: DocumentCookieIn(%q) = %q; want %q", tt.name, tt.ctx, got, tt.want)
		}
	}
}

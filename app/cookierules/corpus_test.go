package cookierules

// Replays of the public cookie corpora in shared/corpora beside the
// repository (see its README): the IETF http-state parser suite and the WPT
// cookies/ data tables. Where a corpus and today's Chromium disagree, Chromium
// decides: such cases are listed below with the reason, and the test asserts
// the Chromium outcome for them (and fails if a listed case starts agreeing
// with the corpus, so the lists cannot go stale).

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/cookierules/corpora"
)

// corporaDir finds shared/corpora in the package directory's ancestors (the
// repository's sibling, /work/shared/corpora, in the playground's layout), or
// in $COOKIERULES_CORPORA. Without it the test is skipped, unless $CI is set.
func corporaDir(t *testing.T) string {
	t.Helper()
	if d := corpora.Dir(); d != "" {
		return d
	}
	if os.Getenv("CI") == "" {
		t.Skip("shared/corpora not found in any parent of the package directory; set COOKIERULES_CORPORA")
	}
	t.Fatal("shared/corpora not found in any parent of the package directory, and CI is set")
	return ""
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := corpora.ReadJSON(path, v); err != nil {
		t.Fatal(err)
	}
}

// replayNow is the replays' "now": the real time, so that the date rewriting
// below is exercised as the corpora age.
var replayNow = time.Now().UTC().Truncate(time.Second)

// rewriteYears replaces each of the years (4 digits) in line with next year, so
// that an Expires date meant to be in the future stays so (the corpora README:
// "rewrite such dates relative to now").
func rewriteYears(line string, now time.Time, years ...string) string {
	next := strconv.Itoa(now.Year() + 1)
	for _, y := range years {
		line = strings.ReplaceAll(line, y, next)
	}
	return line
}

type chromiumDecided struct {
	want string // the Cookie header / document.cookie Chromium produces ("" = none)
	why  string
}

const (
	whyNameless = "nameless cookie: RFC 6265bis §5.6 and Chromium store a line without '=' (or with an empty name) as a cookie with an empty name, sent as just its value; the 2011 corpus drops it"
	whyCTL      = "Chromium rejects the whole line for a NUL/CR/LF (DisallowedCharacter, since BlockTruncatedCookies) instead of truncating there, as §5.6 step 1 says; the corpus expects truncation"
)

// httpStateChromium lists the http-state cases whose expectation today's
// Chromium does not share, with the Cookie header Chromium sends.
var httpStateChromium = map[string]chromiumDecided{
	"0004":                  {"foo", whyNameless},
	"0021":                  {"a=b; x; c=d", whyNameless},
	"0023":                  {"foo", whyNameless},
	"0024":                  {"foo", whyNameless + " (the later '=' is NoCookieContent)"},
	"0025":                  {"foo", whyNameless + " (the later '; bar' is NoCookieContent)"},
	"0026":                  {"foo", whyNameless},
	"0027":                  {"bar", whyNameless + " (the second replaces the first)"},
	"0028":                  {"foo", whyNameless + " (the upstream -expected file holds two lines, so the reference server expects none)"},
	"chromium0009":          {"BLAHHH", whyNameless},
	"chromium0010":          {`"BLA\"HHH"`, whyNameless},
	"chromium0012":          {"ABC", whyNameless},
	"mozilla0012":           {`test="fubar! = foo; five`, whyNameless + " (\"five; max-age=2.63,\" is a session cookie: the Max-Age is invalid)"},
	"mozilla0014":           {"six", whyNameless},
	"mozilla0015":           {"seven", whyNameless + " (the second replaces the first)"},
	"mozilla0016":           {"eight", whyNameless + " (each replaces the last)"},
	"mozilla0017":           {"eight; test=six", whyNameless + " (each replaces the last)"},
	"name0023":              {"foo", whyNameless},
	"name0028":              {"a", whyNameless},
	"name0031":              {`"foo`, whyNameless + " (the line ends at the first ';')"},
	"name0032":              {`"foo\"bar`, whyNameless + " (the line ends at the first ';')"},
	"name0033":              {"aaa", whyNameless + " (the second replaces the first)"},
	"optional-domain0042":   {"foo=bar", "empty last Domain attribute: Chromium keeps the last Domain attribute and an empty one makes the cookie host-only (WPT domain cases 42 and 47-52 agree); the corpus skips the empty attribute, so domain=foo.example.org would reject the cookie"},
	"disabled-path0029":     {"", "%-escapes in the request path: Chromium no longer decodes %6F, so /cookie-parser-result/f%6Fo/bar does not path-match Path=/cookie-parser-result/foo/bar; the corpus (upstream disabled the case) expects the decoding older Chromium did"},
	"disabled-chromium0022": {"", whyCTL + " (NUL)"},
	"disabled-chromium0023": {"", whyCTL + " (CR)"},
}

func TestHTTPStateCorpus(t *testing.T) {
	dir := corporaDir(t)
	cases, err := corpora.HTTPStateCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 222 {
		t.Fatalf("http-state: %d cases; want 222", len(cases))
	}
	agree, decided := 0, 0
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Name] = true
		j := NewJar()
		from := mustURL(t, c.RequestURI)
		for _, line := range c.SetCookie {
			if c.StaleExpires != "" {
				line = rewriteYears(line, replayNow, c.StaleExpires[:4])
			}
			j.SetCookie(from, line, FromHTTP, replayNow)
		}
		got := j.CookieHeader(mustURL(t, c.ResultURI), replayNow)
		want := ""
		if c.ExpectedCookie != nil {
			want = *c.ExpectedCookie
		}
		if cd, ok := httpStateChromium[c.Name]; ok {
			decided++
			if got != cd.want {
				t.Errorf("http-state %s: Cookie = %q; want %q (Chromium: %s)", c.Name, short(got), cd.want, cd.why)
			}
			if got == want {
				t.Errorf("http-state %s is listed as Chromium-decided but agrees with the corpus (%q)", c.Name, short(got))
			}
			continue
		}
		if got != want {
			t.Errorf("http-state %s: %q from %s: Cookie = %q; want %q", c.Name, short(strings.Join(c.SetCookie, " | ")), c.RequestURI, short(got), short(want))
			continue
		}
		agree++
	}
	for id := range httpStateChromium {
		if !seen[id] {
			t.Errorf("http-state: Chromium-decided case %s is not in the corpus", id)
		}
	}
	t.Logf("http-state: %d cases, %d agree with the corpus, %d Chromium-decided", len(cases), agree, decided)
	if agree+decided != 222 || decided != len(httpStateChromium) {
		t.Errorf("http-state: %d agree + %d Chromium-decided; want 222 with %d decided", agree, decided, len(httpStateChromium))
	}
}

// The dates/ tables of http-state (Chromium's cookie-date examples): expected
// is an IMF-fixdate (its weekday is not checked) or null for "must fail".
func TestHTTPStateDates(t *testing.T) {
	dir := corporaDir(t)
	n := 0
	for _, f := range []string{"examples.json", "bsd-examples.json"} {
		var cases []struct {
			Test     string  `json:"test"`
			Expected *string `json:"expected"`
		}
		readJSON(t, filepath.Join(dir, "http-state", "dates", f), &cases)
		for _, c := range cases {
			n++
			got, ok := ParseCookieDate(c.Test)
			if c.Expected == nil {
				if ok {
					t.Errorf("dates/%s: ParseCookieDate(%q) = %v; want failure", f, c.Test, got)
				}
				continue
			}
			want, err := time.Parse(time.RFC1123, *c.Expected)
			if err != nil {
				t.Fatalf("dates/%s: %q: %v", f, *c.Expected, err)
			}
			if !ok || !got.Equal(want) {
				t.Errorf("dates/%s: ParseCookieDate(%q) = %v, %v; want %v", f, c.Test, got, ok, want)
			}
		}
	}
	t.Logf("http-state dates: %d cases, all agree", n)
	if n != 70 {
		t.Errorf("http-state dates: %d cases; want 70", n)
	}
}

const (
	wptHost           = corpora.WPTHost
	wptCrossHost      = corpora.WPTCrossHost
	whyHTAB           = "HTAB inside a token: Chromium refuses a line with a HTAB left inside a name, value, attribute name or attribute value once the edges are trimmed (DisallowedCharacter); §5.6 step 1 exempts HTAB, as the corpus expects"
	whyNamelessEquals = "nameless cookie whose value holds '=': Chromium refuses it (it would be sent as another, named cookie); §5.6 and the corpus store it"
	whyTransport      = "HTTP transport: a header value cannot hold this byte, so what Chromium's cookie code sees depends on the network stack (the case allows a failed fetch); given the line as written Chromium rejects it (DisallowedCharacter, §5.6 step 1)"
)

// wptChromium lists the WPT table cases ("file#index", index from 0) whose
// expectation today's Chromium does not share, with Chromium's document.cookie
// (or "stored"/"rejected" for prefix cases).
var wptChromium = map[string]chromiumDecided{
	"ctl#66":          {"", whyTransport + " (NUL in the name, name-ctl via HTTP)"},
	"ctl#86":          {"", whyTransport + " (LF in the name, name-ctl via HTTP)"},
	"ctl#92":          {"", whyTransport + " (CR in the name, name-ctl via HTTP)"},
	"ctl#67":          {"", whyTransport + " (NUL, value-ctl via HTTP, which reuses the name case upstream)"},
	"ctl#87":          {"", whyTransport + " (LF, value-ctl via HTTP, which reuses the name case upstream)"},
	"ctl#93":          {"", whyTransport + " (CR, value-ctl via HTTP, which reuses the name case upstream)"},
	"value__value#12": {"", whyTransport + ` ("test=13\nZYX": over HTTP/1.1 the LF ends the header line, so a browser would see "test=13"; the line itself is rejected)`},
	"ctl#18":          {"", whyHTAB + " (in the name, name-ctl via DOM)"},
	"ctl#19":          {"", whyHTAB + " (in the value, value-ctl via DOM)"},
	"ctl#84":          {"", whyHTAB + " (in the name, name-ctl via HTTP)"},
	"ctl#85":          {"", whyHTAB + " (in the value, value-ctl via HTTP)"},
	"ctl#249":         {"", whyHTAB + " (in a Domain value)"},
	"ctl#251":         {"", whyHTAB + " (in a Path value)"},
	"ctl#253":         {"", whyHTAB + " (in a Max-Age value)"},
	"ctl#255":         {"", whyHTAB + " (in an Expires value)"},
	"ctl#257":         {"", whyHTAB + " (in the attribute name Sec\\ture)"},
	"ctl#259":         {"", whyHTAB + " (in the attribute name Http\\tOnly)"},
	"name__name#1":    {"", whyNamelessEquals},
	"name__name#2":    {"", whyNamelessEquals},
	"ctl#258":         {"", "the attributes-ctl page is served over http (no .https in its name): \"Secure\\t\" trims to Secure, and Chromium rejects a Secure cookie from an insecure origin (SecureOnly, §5.7 step 13)"},
	"ctl#260":         {"", whyHTAB + " (in the SameSite value No\\tne; the corpus expects the later SameSite=None to win)"},
	"ctl#261":         {"", "\"SameSite=None\\t\" trims to None and the cookie has no Secure, which Chromium rejects (SameSiteNoneInsecure, §5.7 step 19)"},
}

func TestWPTCorpus(t *testing.T) {
	dir := corporaDir(t)
	tables, err := corpora.WPTTables(dir)
	if err != nil {
		t.Fatalf("wpt: %v", err)
	}
	total, agree, decided := 0, 0, 0
	seen := map[string]bool{}
	for _, table := range tables {
		stem := table.Stem
		for i := range table.Cases {
			c := &table.Cases[i]
			id := fmt.Sprintf("%s#%d", stem, i)
			seen[id] = true
			total++
			got, want, desc := runWPT(t, stem, c)
			if cd, ok := wptChromium[id]; ok {
				decided++
				if got != cd.want {
					t.Errorf("wpt %s (%s): got %q; want %q (Chromium: %s)", id, desc, short(got), cd.want, cd.why)
				}
				if got == want {
					t.Errorf("wpt %s (%s) is listed as Chromium-decided but agrees with the corpus (%q)", id, desc, short(got))
				}
				continue
			}
			if got != want {
				t.Errorf("wpt %s (%s): got %q; want %q", id, desc, short(got), short(want))
				continue
			}
			agree++
		}
	}
	for id := range wptChromium {
		if !seen[id] {
			t.Errorf("wpt: Chromium-decided case %s is not in the corpus", id)
		}
	}
	t.Logf("wpt: %d cases, %d agree with the corpus, %d Chromium-decided", total, agree, decided)
	if total != 844 || agree+decided != total || decided != len(wptChromium) {
		t.Errorf("wpt: %d cases, %d agree + %d Chromium-decided; want 844 with %d decided", total, agree, decided, len(wptChromium))
	}
}

// runWPT replays one case and returns the observed and expected outcome and a
// short description.
func runWPT(t *testing.T, stem string, c *corpora.WPTCase) (got, want, desc string) {
	now := replayNow
	sub := func(s, host string) string {
		s = strings.ReplaceAll(s, "{{port}}", "8000")
		s = strings.ReplaceAll(s, "{{host}}", wptHost)
		s = strings.ReplaceAll(s, "{{h}}", host)
		s = strings.ReplaceAll(s, "{{CROSS_SITE_HOST}}", wptCrossHost)
		if strings.Contains(strings.ToLower(s), "expires=") {
			// Future dates of the tables ("2027/2038 cases go stale").
			s = rewriteYears(s, now, "2027", "2038")
		}
		return s
	}
	j := NewJar()
	switch stem {
	case "prefix":
		page := "http://" + wptHost + ":8000/cookies/prefix/__host.header.html"
		switch {
		case c.Origin == "https":
			page = "https://" + wptHost + ":8443/cookies/prefix/__host.header.https.html"
		case strings.HasPrefix(c.Origin, `https, document at "/"`):
			page = "https://" + wptHost + ":8443/"
		case c.Origin == "https cross-site":
			page = "https://" + wptCrossHost + ":8443/cookies/resources/set.py"
		}
		u := mustURL(t, page)
		src := FromHTTP
		if c.Via == "DOM" {
			src = FromScript
		}
		line := c.Prefix + "prefixtestcookie=foo; " + sub(c.Params, u.Hostname())
		v := j.SetCookie(u, line, src, now)
		got, want = "rejected", "rejected"
		if v.Stored {
			got = "stored"
		}
		if *c.Stored {
			want = "stored"
		}
		return got, want, fmt.Sprintf("%s %q from %s via %s: %s", c.Origin, line, page, c.Via, v.Reason)
	case "attributes__domain":
		from := mustURL(t, sub(c.SetFrom, "")+"/cookies/attributes/resources/domain-child.sub.html")
		for _, l := range c.Lines {
			j.SetCookie(from, sub(l, ""), FromHTTP, now)
		}
		return j.DocumentCookie(mustURL(t, sub(c.Location, "")), now), c.Expected, c.Name
	case "ctl":
		if c.Via == "DOM" {
			page := map[string]string{
				"name-ctl":       "/cookies/name/name-ctl.html",
				"value-ctl":      "/cookies/value/value-ctl.html",
				"attributes-ctl": "/cookies/attributes/attributes-ctl.sub.html",
			}[c.Table]
			u := mustURL(t, "http://"+wptHost+":8000"+page)
			for _, l := range c.Lines {
				j.SetCookie(u, sub(l, wptHost), FromScript, now)
			}
			return j.DocumentCookie(u, now), c.Expected, fmt.Sprintf("%s DOM %#x %q", c.Table, c.Code, c.Cookie)
		}
		return httpCookieTest(t, j, wptHost, "", c.Lines, true, now), c.Expected, fmt.Sprintf("%s HTTP %#x %q", c.Table, c.Code, c.Cookie)
	}
	page, ok := corpora.WPTPages[stem]
	if !ok {
		t.Fatalf("wpt: no replay for table %s", stem)
	}
	host := wptHost
	if stem == "size__attributes" {
		host = "www." + wptHost
	}
	var lines []string
	for _, l := range c.Lines {
		lines = append(lines, sub(l, host))
	}
	defaultPath := c.DefaultPath == nil || *c.DefaultPath
	return httpCookieTest(t, j, host, page, lines, defaultPath, now), c.Expected, c.Name
}

// httpCookieTest mirrors WPT's httpCookieTest: the lines come in Set-Cookie
// headers of /cookies/resources/cookie.py (default-path /cookies/resources);
// document.cookie is read in the test page, or, for default-path tests, in a
// page under /cookies/resources.
func httpCookieTest(t *testing.T, j *Jar, host, page string, lines []string, defaultPath bool, now time.Time) string {
	origin := "http://" + host + ":8000"
	set := mustURL(t, origin+"/cookies/resources/cookie.py?set=1")
	for _, l := range lines {
		j.SetCookie(set, l, FromHTTP, now)
	}
	if defaultPath {
		page = "/cookies/resources/echo-cookie.html"
	}
	return j.DocumentCookie(mustURL(t, origin+page), now)
}

package server_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserJarRowsCarryAttributes: each row says what Chromium's store
// holds (CookieStore API), and what it cannot know of an HttpOnly cookie.
func TestBrowserJarRowsCarryAttributes(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	// Announcements have their live region before any message.
	for _, sel := range []string{"#notice", "#import-result", "#export-status", "#script-result", "#server-result"} {
		if got := attr(t, ctx, sel, "role"); got != "status" {
			t.Errorf("%s role = %q before any message; want status", sel, got)
		}
	}
	run(t, ctx,
		writeCookie("theme=dark; max-age=3600; samesite=strict"),
		setFromServerForm("secret", "s3cr3t", true),
		waitRow("theme", true, true),
		waitRow("secret", false, true),
	)
	store := browserCookies(t, ctx)
	theme := `tr[data-cookie="theme"]`
	want := map[string]string{
		"data-domain": "127.0.0.1", "data-path": "/", "data-same-site": "Strict", "data-secure": "false",
		"data-partitioned": "false", "data-size": "9",
		"data-expires": time.Unix(int64(store["theme"].Expires), 0).UTC().Format(time.RFC3339),
	}
	for name, v := range want {
		if got := attr(t, ctx, theme, name); got != v {
			t.Errorf("theme row %s = %q; want %q (Chromium's store: %+v)", name, got, v, store["theme"])
		}
	}
	secret := `tr[data-cookie="secret"]`
	for _, name := range []string{"data-domain", "data-path", "data-expires", "data-same-site", "data-secure", "data-partitioned"} {
		if got := attr(t, ctx, secret, name); got != "" {
			t.Errorf("secret row %s = %q; want empty: the page cannot know it", name, got)
		}
	}
	if got := attr(t, ctx, secret, "data-attributes"); got != "unknown" {
		t.Errorf("secret row data-attributes = %q; want unknown", got)
	}
	if got := attr(t, ctx, secret, "data-size"); got != "12" {
		t.Errorf("secret row data-size = %q; want 12", got)
	}
	if got := text(t, ctx, secret+" td.attrs"); !strings.Contains(got, "Unknown") || !strings.Contains(got, "HttpOnly") {
		t.Errorf("secret row attributes = %q; want them said unknown, and why", got)
	}
	for sel, want := range map[string]string{
		theme + " button.delete-script":  "Delete theme (script)",
		theme + " button.delete-server":  "Delete theme (server)",
		secret + " button.edit":          "Edit secret",
		secret + " button.delete-server": "Delete secret (server)",
	} {
		if got := attr(t, ctx, sel, "aria-label"); got != want {
			t.Errorf("%s accessible name = %q; want %q", sel, got, want)
		}
	}
	// A session cookie's data-expires is there, and empty.
	run(t, ctx, writeCookie("sess=1"), chromedp.WaitReady(chromedp.CSS(`tr[data-cookie="sess"][data-expires=""][data-same-site]`)))
	header := eval[string](t, ctx, `document.querySelector("#raw-header").textContent`)
	if got := attr(t, ctx, "#header-size", "data-bytes"); got != strconv.Itoa(len(header)) {
		t.Errorf("#header-size data-bytes = %q; want %d, the header's length", got, len(header))
	}
}

// TestBrowserJarDecodesValues: URL, base64 and a JWT, labelled unverified.
func TestBrowserJarDecodesValues(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		writeCookie("token="+jwt),
		writeCookie("b64=aGVsbG8gd29ybGQ="),
		waitRow("token", true, true),
		waitRow("b64", true, true),
		rowButton("token", "decode"),
		rowButton("b64", "decode"),
	)
	got := text(t, ctx, `tr[data-cookie="token"] + tr.decoded`)
	if !strings.Contains(got, "signature not verified") || !strings.Contains(got, `"name": "John Doe"`) || !strings.Contains(got, `"alg": "HS256"`) {
		t.Errorf("token decoded = %q; want header and payload, signature not verified", got)
	}
	if got := text(t, ctx, `tr[data-cookie="b64"] + tr.decoded`); !strings.Contains(got, "hello world") {
		t.Errorf("b64 decoded = %q; want hello world", got)
	}
}

// TestBrowserJarLiveUpdates: a cookie set in a second tab and one set by a
// fetch's response appear without Refresh, in the timeline too.
func TestBrowserJarLiveUpdates(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	if got := attr(t, ctx, "#jar", "data-live"); got != "cookiestore" {
		t.Errorf("#jar data-live = %q; want cookiestore", got)
	}
	other, cancel := chromedp.NewContext(ctx) // a second tab, same browser context
	defer cancel()
	run(t, other, chromedp.Navigate(ts.URL+"/about"), writeCookie("fromtab=1"))
	run(t, ctx, waitRow("fromtab", true, true))
	run(t, ctx,
		void(chromedp.Evaluate[int](`fetch("/cookies/set?fetched=2").then(r => r.status)`, chromedp.EvalAwaitPromise)),
		waitRow("fetched", true, true),
	)
	for _, name := range []string{"fromtab", "fetched"} {
		got := eval[string](t, ctx, `document.querySelector('#timeline li[data-cookie="`+name+`"][data-kind="added"]')?.textContent ?? ""`)
		if !strings.Contains(got, "added") {
			t.Errorf("timeline for %s = %q; want it added", name, got)
		}
	}
}

// TestBrowserJarFilter: the text filter over names, values and domains,
// and "only cookies with a problem".
func TestBrowserJarFilter(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		writeCookie("alpha=one"),
		writeCookie("beta=two"),
		setFromServerForm("secret", "s3cr3t", true),
		waitRow("alpha", true, true), waitRow("beta", true, true), waitRow("secret", false, true),
	)
	shown := func() []string {
		return eval[[]string](t, ctx, `[...document.querySelectorAll("tr[data-cookie]")].map(r => r.dataset.cookie)`)
	}
	for _, tt := range []struct{ filter, want string }{
		{"ALP", "alpha"},
		{"two", "beta"},
		{"127.0.0", "alpha beta"}, // the server-only cookie's domain is unknown
		{"", "alpha beta secret"},
	} {
		run(t, ctx, pasteText("#filter", tt.filter))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll("tr[data-cookie]")].map(r => r.dataset.cookie).join(" ") === "`+tt.want+`"`)); err != nil {
			t.Errorf("filter %q shows %q; want %q", tt.filter, shown(), tt.want)
		}
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#problems-only")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll("tr[data-cookie]")].map(r => r.dataset.cookie).join(" ") === "secret"`)); err != nil {
		t.Errorf("only cookies with a problem shows %q; want secret (hidden from scripts)", shown())
	}
}

// curl runs curl with args and returns its output.
func curl(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		t.Fatalf("curl is needed (apt-get install curl): %v", err)
	}
	out, err := exec.Command(path, append([]string{"-sS", "--max-time", "20"}, args...)...).Output()
	if err != nil {
		t.Fatalf("curl %q: %v", args, err)
	}
	return string(out)
}

// receivedPairs returns the sorted name=value pairs of a GET /api/cookies
// answer.
func receivedPairs(t *testing.T, body string) []string {
	t.Helper()
	var resp struct {
		Cookies []struct{ Name, Value string } `json:"cookies"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("GET /api/cookies answered %q: %v", body, err)
	}
	var pairs []string
	for _, c := range resp.Cookies {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	slices.Sort(pairs)
	return pairs
}

// TestBrowserJarCurlCookiesTxtRoundTrip: curl writes a cookies.txt from
// the playground's answers (one cookie HttpOnly); importing it puts every
// cookie into Chromium's store with its attributes; the Netscape export
// handed back to curl -b sends the cookies Chromium sends.
func TestBrowserJarCurlCookiesTxtRoundTrip(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	file := filepath.Join(t.TempDir(), "cookies.txt")
	curl(t, "-c", file, ts.URL+"/setcookie")
	curl(t, "-b", file, "-c", file, "-H", "Content-Type: application/json",
		"-d", `{"name":"secret","value":"s3cr3t","http_only":true,"max_age":3600}`, ts.URL+"/api/cookies")
	curl(t, "-b", file, "-c", file, "-H", "Content-Type: application/json",
		"-d", `{"name":"deep","value":"down","path":"/jar"}`, ts.URL+"/api/cookies")
	txt, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(txt), "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t") {
		t.Fatalf("curl's cookies.txt has no HttpOnly line:\n%s", txt)
	}

	run(t, ctx, openApp(ts.URL+"/jar"))
	imported, refused := importCookies(t, ctx, string(txt))
	if imported != "3" || refused != "0" {
		t.Fatalf("import of curl's file: %s imported, %s refused (%s); want 3 and 0", imported, refused, text(t, ctx, "#import-result"))
	}
	if got := attr(t, ctx, "#import-result", "data-format"); got != "netscape" {
		t.Errorf("detected format = %q; want netscape", got)
	}
	store := browserCookies(t, ctx)
	for _, line := range strings.Split(string(txt), "\n") {
		f := strings.Split(strings.TrimPrefix(line, "#HttpOnly_"), "\t")
		if len(f) != 7 {
			continue
		}
		c, ok := store[f[5]]
		exp, _ := strconv.ParseInt(f[4], 10, 64)
		if exp == 0 {
			exp = -1 // a session cookie, as the DevTools protocol says it
		}
		switch {
		case !ok:
			t.Errorf("%s is not in Chromium's store after the import", f[5])
		case c.Value != f[6] || c.Domain != f[0] || c.Path != f[2] || c.HTTPOnly != strings.HasPrefix(line, "#HttpOnly_") || int64(c.Expires) != exp:
			t.Errorf("Chromium's store has %+v; want as curl wrote it: %q", c, line)
		}
	}
	// The same file again changes nothing, once the jar shows what the
	// first import did (it compares with its rows).
	run(t, ctx, waitRow("secret", false, true), waitRow("user", true, true), waitRow("deep", true, false))
	if imported, refused := importCookies(t, ctx, string(txt)); imported != "0" || refused != "0" || attr(t, ctx, "#import-result", "data-unchanged") != "3" {
		t.Errorf("second import: %s imported, %s refused, %s unchanged; want 0, 0, 3", imported, refused, attr(t, ctx, "#import-result", "data-unchanged"))
	}

	run(t, ctx, waitRow("secret", false, true), waitRow("user", true, true))
	export := exportCookies(t, ctx, "netscape")
	if !strings.Contains(export, "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsecret\ts3cr3t") || !strings.Contains(export, "# secret: unknown ") {
		t.Errorf("export does not mark secret HttpOnly with its unknown attributes:\n%s", export)
	}
	back := filepath.Join(t.TempDir(), "export.txt")
	if err := os.WriteFile(back, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	byCurl := receivedPairs(t, curl(t, "-b", back, ts.URL+"/api/cookies"))
	byChromium := receivedPairs(t, eval[string](t, ctx, `fetch("/api/cookies").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if !slices.Equal(byCurl, byChromium) || len(byCurl) != 2 {
		t.Errorf("curl -b the export sends %q; Chromium sends %q; want the same two", byCurl, byChromium)
	}
}

// TestBrowserJarJSONAndHeaderRoundTrips: what the JSON export holds comes
// back whole; the header export brings back names and values.
func TestBrowserJarJSONAndHeaderRoundTrips(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		writeCookie("a=1; max-age=3600; samesite=lax"),
		writeCookie("b=2; path=/jar"),
		setFromServerForm("h", "3", true),
		waitRow("a", true, true), waitRow("b", true, false), waitRow("h", false, true),
	)
	summary := func() []string {
		var out []string
		for _, c := range browserCookies(t, ctx) {
			out = append(out, c.Name+"="+c.Value+" "+c.Path+" httponly="+strconv.FormatBool(c.HTTPOnly)+" session="+strconv.FormatBool(c.Session))
		}
		slices.Sort(out)
		return out
	}
	before := summary()
	for _, format := range []string{"json", "header"} {
		export := exportCookies(t, ctx, format)
		clearBrowserCookies(t, ctx)
		// Every row gone first: the import skips a cookie the jar still lists as unchanged.
		run(t, ctx, chromedp.Click(chromedp.CSS("#refresh")), waitNoRow("a"), waitNoRow("b"), waitNoRow("h"))
		imported, refused := importCookies(t, ctx, export)
		if imported != "3" || refused != "0" {
			t.Fatalf("%s import: %s imported, %s refused (%s); want 3, 0", format, imported, refused, text(t, ctx, "#import-result"))
		}
		after := summary()
		want := before
		if format == "header" {
			// A header says nothing but names and values: host-only
			// session cookies at /, set from script.
			want = []string{"a=1 / httponly=false session=true", "b=2 / httponly=false session=true", "h=3 / httponly=false session=true"}
		}
		if !slices.Equal(after, want) {
			t.Errorf("after the %s round trip Chromium holds %q; want %q", format, after, want)
		}
	}
}

// TestBrowserJarImportListsEveryRefusal: each line a browser would refuse
// is listed with its reason from the rules engine; the rest go in.
func TestBrowserJarImportListsEveryRefusal(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	base := strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)
	future := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	file := strings.Join([]string{
		"# Netscape HTTP Cookie File",
		"localhost\tFALSE\t/\tFALSE\t" + future + "\tgood\tyes",
		".localhost\tTRUE\t/\tTRUE\t0\t__Host-pinned\t1",
		"example.com\tFALSE\t/\tFALSE\t0\tforeign\t1",
		"localhost\tFALSE\t/\tFALSE\t1000000000\tstale\t1",
		"localhost\tFALSE\t/\tFALSE\t0\t\tnameless",
		"localhost\tFALSE\t/",
	}, "\n")
	run(t, ctx, openApp(base+"/jar"))
	imported, refused := importCookies(t, ctx, file)
	if imported != "1" || refused != "5" {
		t.Fatalf("%s imported, %s refused (%s); want 1 and 5", imported, refused, text(t, ctx, "#import-result"))
	}
	for line, want := range map[string]string{
		"3": "InvalidPrefix", "4": "InvalidDomain", "5": "Expired", "6": "name: empty", "7": "has 3 tab-separated fields",
	} {
		if got := text(t, ctx, `#import-refused li[data-line="`+line+`"]`); !strings.Contains(got, want) {
			t.Errorf("refusal of line %s = %q; want it to name %q", line, got, want)
		}
	}
	store := browserCookies(t, ctx)
	if _, ok := store["good"]; !ok || len(store) != 1 {
		t.Errorf("Chromium's store holds %d cookies; want only good", len(store))
	}
}

// TestBrowserJarImportRefusesBadInput: a 5 MB paste, binary junk and JSON
// that is not an array get a clear message and import nothing.
func TestBrowserJarImportRefusesBadInput(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/jar"))
	for _, tt := range []struct{ name, js, want string }{
		{"5 MB paste", `"a=1; ".repeat((5 << 20) / 5)`, "Nothing imported: input: 5242880 bytes is more than the 1048576 an import takes"},
		{"binary junk", `String.fromCharCode(...Array.from({length: 64}, (_, i) => (i * 37) % 256)) + "\uFFFD"`, "Nothing imported: input: not text"},
		{"JSON not an array", `JSON.stringify({name: "a", value: "1"})`, "Nothing imported: input: JSON that is not an array"},
	} {
		value := eval[string](t, ctx, tt.js)
		imported, _ := importCookies(t, ctx, value)
		if got := text(t, ctx, "#import-result"); imported != "0" || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: %s imported, result %q; want 0 and %q", tt.name, imported, got, tt.want)
		}
	}
	if n := len(browserCookies(t, ctx)); n != 0 {
		t.Errorf("Chromium's store holds %d cookies after bad input; want none", n)
	}
}

// TestBrowserJarExportDownloads: Download saves the export as a file, and
// Chromium's CookieStore reports a cookie set without SameSite as "Lax"
// (its default enforcement), which the export then writes out.
func TestBrowserJarExportDownloads(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID, DownloadPath: dir,
	}); err != nil {
		t.Fatalf("Browser.setDownloadBehavior: %v", err)
	}
	run(t, ctx,
		openApp(ts.URL+"/jar"),
		writeCookie("plain=1"),
		chromedp.WaitReady(chromedp.CSS(`tr[data-cookie="plain"][data-same-site="Lax"]`)),
	)
	want := exportCookies(t, ctx, "json")
	if !strings.Contains(want, `"sameSite": "lax"`) {
		t.Errorf("JSON export = %s; want the SameSite CookieStore reported", want)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#export-download")))
	waitText(t, ctx, "#export-status", "Downloaded cookies.json.")
	file := filepath.Join(dir, "cookies.json")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := os.ReadFile(file)
		if err == nil && string(got) == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("downloaded %s = %q, %v; want the export", file, got, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

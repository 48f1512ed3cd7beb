package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/server"
)

// The flags lab (/lab) in Chromium: every experiment runs from each origin
// the lab knows, and what the page shows is checked against the requests the
// server saw and against Chromium's own cookie store.

// labCheckView is a row of an experiment's results as the page shows it.
type labCheckView struct {
	Check     string `json:"check"`
	Mode      string `json:"mode"`
	Explained string `json:"explained"`
	Agrees    string `json:"agrees"`
	Expected  string `json:"expected"`
	Browser   string `json:"browser"`
	Engine    string `json:"engine"`
	Run       string `json:"run"`
	Pair      string `json:"pair"`
	Label     string `json:"label"`
}

// labExperimentView is an experiment as the page shows it.
type labExperimentView struct {
	ID        string         `json:"id"`
	Status    string         `json:"status"`
	Explained string         `json:"explained"`
	Agrees    string         `json:"agrees"`
	Mode      string         `json:"mode"`
	Stems     []string       `json:"stems"`
	Checks    []labCheckView `json:"checks"`
}

const labViewJS = `[...document.querySelectorAll("[data-experiment]")].map(x => ({
	id: x.dataset.experiment, status: x.dataset.status, explained: x.dataset.explained || "",
	agrees: x.dataset.agrees || "", mode: x.dataset.mode || "", stems: x.dataset.stems.split(" "),
	checks: [...x.querySelectorAll("tr[data-check]")].map(r => ({
		check: r.dataset.check, mode: r.dataset.mode, explained: r.dataset.explained, agrees: r.dataset.agrees,
		expected: r.dataset.expected, browser: r.dataset.browser, engine: r.dataset.engine,
		run: r.dataset.run || "", pair: r.dataset.pair || "", label: r.cells[0].textContent,
	})),
}))`

// labExperimentIDs are the lab's experiments, in order.
var labExperimentIDs = []string{"httponly", "httponly-script", "path", "max-age", "secure", "samesite",
	"prefixes", "size", "domain", "partitioned", "order", "delete", "cors", "http-prefixes", "cookiestore",
	"storage-access", "limits"}

// labKnownDifferences are the checks where the rules engine and Chromium
// 156 disagree, by "<host> <experiment>/<check>", with the cause. Any other
// disagreement fails the test, and so does a listed one that agrees: the
// list must not go stale. It is empty: the one difference it held, __Host-
// with Domain=localhost, was fixed in the engine.
var labKnownDifferences = map[string]string{}

// labRequest is a request to a lab route (or /api/cookies) as the server
// received it.
type labRequest struct {
	Method, Host, Path string
	Query              url.Values
	Cookie             string
}

// labLog records the requests a test server receives on the lab's routes.
type labLog struct {
	mu   sync.Mutex
	reqs []labRequest
}

func (l *labLog) all() []labRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.reqs)
}

// startLabServer serves the playground behind a recorder of the requests
// to the lab's routes.
func startLabServer(t *testing.T) (*httptest.Server, *labLog) {
	t.Helper()
	log := &labLog{}
	h := server.NewServer(server.Config{WebDir: "../web", Logger: quietLogger()})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/lab/") || r.URL.Path == api.CookiesPath {
			log.mu.Lock()
			log.reqs = append(log.reqs, labRequest{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(),
				Cookie: strings.Join(r.Header.Values("Cookie"), "; ")})
			log.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, log
}

// labOrigin is an origin the lab runs from in the test.
type labOrigin struct {
	name      string
	host      string // with the test server's port added
	secure    bool
	predicted []string // experiments this origin leaves (partly) to the engine
}

var labOrigins = []labOrigin{
	{name: "127.0.0.1", host: "127.0.0.1", secure: true, predicted: []string{"secure", "domain", "cors"}},
	{name: "localhost", host: "localhost", secure: true, predicted: []string{"secure", "domain", "cors"}},
	// Plain http on a name that is no localhost: not a secure context, and
	// no second site.
	{name: "lab.test (plain http)", host: "lab.test",
		predicted: []string{"secure", "samesite", "partitioned", "cookiestore", "storage-access", "limits"}},
}

// TestBrowserLab runs every experiment of the lab from each origin: "Run
// all" once keeping the cookies, to compare what the page showed with
// Chromium's store and with the requests the server saw, then once more
// without, to see it repeat and clean up after itself.
func TestBrowserLab(t *testing.T) {
	for _, o := range labOrigins {
		t.Run(o.name, func(t *testing.T) {
			ctx := newTab(t)
			ts, log := startLabServer(t)
			base := "http://" + o.host + ":" + port(t, ts.URL)
			run(t, ctx, openLab(base+"/lab"))
			if got := eval[bool](t, ctx, "window.isSecureContext"); got != o.secure {
				t.Fatalf("%s: isSecureContext = %v; want %v", base, got, o.secure)
			}

			// Keep the cookies, so the store shows what each experiment did.
			run(t, ctx, chromedp.Click(chromedp.CSS("#lab-keep")))
			xs := labRunAll(t, ctx)
			checkLabResults(t, o, xs)
			checkLabRequests(t, xs, log.all())
			checkLabStore(t, o, xs, labCookies(t, ctx))

			// Again, cleaning up: the same results, and no lab cookie left.
			run(t, ctx, chromedp.Click(chromedp.CSS("#lab-keep")))
			xs = labRunAll(t, ctx)
			checkLabResults(t, o, xs)
			if left := labCookies(t, ctx); len(left) != 0 {
				t.Errorf("after Run all without keeping, Chromium still holds %s", describeCookies(left))
			}
		})
	}
}

// TestBrowserLabSingleRuns runs the cross-site experiments on their own,
// with their Run buttons: each opens the lab's window itself.
func TestBrowserLabSingleRuns(t *testing.T) {
	ctx := newTab(t)
	ts, _ := startLabServer(t)
	run(t, ctx, openLab(ts.URL+"/lab"))
	o := labOrigins[0]
	for _, id := range []string{"samesite", "partitioned", "httponly"} {
		run(t, ctx, chromedp.Click(chromedp.CSS("#lab-run-"+id)))
		sel := fmt.Sprintf(`[data-experiment=%q][data-status=done]`, id)
		waitCtx, cancel := context.WithTimeout(ctx, 40*time.Second)
		err := chromedp.Do(waitCtx, chromedp.WaitReady(chromedp.CSS(sel)))
		cancel()
		if err != nil {
			t.Fatalf("%s did not finish: %v", id, err)
		}
	}
	var xs []labExperimentView
	for _, x := range labView(t, ctx) {
		if x.Status == "done" {
			xs = append(xs, x)
		}
	}
	if len(xs) != 3 {
		t.Fatalf("%d experiments done; want 3", len(xs))
	}
	checkLabExperiments(t, o, xs)
	if n := eval[int](t, ctx, `document.querySelectorAll("#lab-summary").length`); n != 0 {
		t.Error("single runs showed the Run all summary")
	}
	if left := labCookies(t, ctx); len(left) != 0 {
		t.Errorf("after the single runs, Chromium still holds %s", describeCookies(left))
	}
}

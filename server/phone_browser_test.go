package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The explainer and the lab at a phone's width (390×844), and the
// explainer's results for keyboard and screen-reader users.

// onAPhone makes the tab a 390×844 phone.
func onAPhone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)
}

// unlabelledCellsJS lists the visible cells of sel's tables that do not
// say, on a phone, which column they are: the header row is hidden there.
func unlabelledCellsJS(sel string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%q)].flatMap(table => {
	if (getComputedStyle(table.tHead ?? table).display !== "none" && table.tHead) return ["header row shown: " + table.className];
	return [...table.querySelectorAll("tbody td")].filter(td => getComputedStyle(td).display !== "none").filter(td => {
		const before = getComputedStyle(td, "::before").content;
		return !td.dataset.label || !before.includes(td.dataset.label);
	}).map(td => td.textContent.trim().slice(0, 40));
})`, sel)
}

func TestBrowserExplainResultsOnAPhone(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	origin := "http://127.0.0.1:" + port(t, ts.URL)
	run(t, ctx, onAPhone(), openApp(origin+"/explain"), waitValue("#explain-set_url", origin+"/"))

	// The status line is there before any result, so the result is heard.
	if got := eval[string](t, ctx, `document.querySelector("#explain-summary")?.getAttribute("role") ?? ""`); got != "status" {
		t.Fatalf("#explain-summary role = %q before Explain; want status, present from the start", got)
	}
	// The textarea shows __Host- whole: big enough a font, room for the
	// underscores below the baseline.
	size := eval[[]float64](t, ctx, `(() => { const s = getComputedStyle(document.querySelector("#explain-set_cookie")); return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; })()`)
	if size[0] < 16 || size[1] < 1.4*size[0] {
		t.Errorf("textarea font %vpx, line height %vpx; want at least 16px and 1.4 times that", size[0], size[1])
	}

	run(t, ctx,
		explainLines("__Host-x=1; Secure; Path=/\nid=2; SameSite=None"),
		explainRun(1),
	)
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "explain-results" {
		t.Errorf("after Explain the focus is on #%s; want #explain-results", got)
	}
	waitText(t, ctx, "#explain-summary", "Explained 2 line(s): 1 kept, 1 not kept.")

	// Plain words first, Chromium's name beside them.
	head := text(t, ctx, `[data-line-index="1"] h3`)
	if !strings.Contains(head, "SameSite=None needs the Secure attribute") || !strings.Contains(head, "SameSiteNoneInsecure") {
		t.Errorf("line 2's headline = %q; want plain words and Chromium's name", head)
	}
	// __Host-x with Secure is kept on plain http: the page says why.
	waitTextContains(t, ctx, `[data-line-index="0"] .secure-origin`, "127.0.0.1")

	if cells := eval[[]string](t, ctx, unlabelledCellsJS("table.attributes")); len(cells) > 0 {
		t.Errorf("attribute cells without their column's label on a phone: %q", cells)
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("/explain is %dpx wide on a 390px phone", w)
	}
}

func TestBrowserLabOnAPhone(t *testing.T) {
	ctx := newTab(t)
	ts, _ := startLabServer(t)
	run(t, ctx, onAPhone(), openLab(ts.URL+"/lab"))

	// A list of the experiments, each a link to its card.
	links := eval[[]string](t, ctx, `[...document.querySelectorAll(".lab-contents a")].map(a => a.getAttribute("href"))`)
	var want []string
	for _, id := range labExperimentIDs {
		want = append(want, "#experiment-"+id)
	}
	if fmt.Sprint(links) != fmt.Sprint(want) {
		t.Fatalf("list of experiments = %v; want %v", links, want)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`.lab-contents a[href="#experiment-path"]`)))
	// The focus moves once the hash navigation is handled, not with the click.
	focusCtx, cancelFocus := context.WithTimeout(ctx, 10*time.Second)
	defer cancelFocus()
	if _, err := chromedp.Run(focusCtx, chromedp.Poll[bool](`document.activeElement?.id === "experiment-path"`)); err != nil {
		t.Errorf("following the list's link focused #%s; want #experiment-path", eval[string](t, ctx, `document.activeElement.id`))
	}

	run(t, ctx, chromedp.Click(chromedp.CSS("#lab-run-path")))
	waitCtx, cancel := context.WithTimeout(ctx, 40*time.Second)
	err := chromedp.Do(waitCtx, chromedp.WaitReady(chromedp.CSS(`[data-experiment=path][data-status=done]`)))
	cancel()
	if err != nil {
		t.Fatalf("the Path experiment did not finish: %v", err)
	}
	if cells := eval[[]string](t, ctx, unlabelledCellsJS("table.lab-checks")); len(cells) > 0 {
		t.Errorf("lab cells without their column's label on a phone: %q", cells)
	}
	// Where As explained, Browser and Engine agree, one value is shown.
	rows := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-experiment=path] tr[data-check]')].map(r => {
		const shown = ["expected", "browser", "engine"].filter(c => getComputedStyle(r.querySelector("td." + c)).display !== "none");
		const same = r.dataset.expected === r.dataset.browser && r.dataset.browser === r.dataset.engine && r.dataset.mode !== "predicted";
		return (same ? "same:" : "differ:") + shown.join(",");
	})`)
	if len(rows) == 0 {
		t.Fatal("the Path experiment shows no rows")
	}
	for _, r := range rows {
		if r != "same:expected" && r != "differ:expected,browser,engine" {
			t.Errorf("a row shows %s; identical values once, differing ones all three", r)
		}
	}
}

package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// Flows of the cookie manager (/jar), as named actions.

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// writeCookie assigns line to document.cookie, as any script could.
func writeCookie(line string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void]("document.cookie = " + jsString(line))
}

// rowAt selects the jar's row for the cookie name at path.
func rowAt(name, path string) string {
	return fmt.Sprintf(`tr[data-cookie=%q][data-path=%q]`, name, path)
}

// pasteText puts text into the textarea or input sel in one input event,
// as a paste does, and waits until the field holds it.
func pasteText(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`(() => { const e = document.querySelector(%q); e.focus(); e.value = %s; e.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); })()`, sel, jsString(text))),
		void(chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q)?.value === %s`, sel, jsString(text)))),
	)
}

// chooseOption selects value in the select sel, as a user would.
func chooseOption(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); })()`, sel, value))
}

// importCookies pastes text into the import form, runs it, and waits for
// its result (data-run counts the imports done), returning the result's
// imported and refused counts.
func importCookies(t *testing.T, ctx context.Context, text string) (imported, refused string) {
	t.Helper()
	runs := eval[string](t, ctx, `document.querySelector("#import-result").dataset.run`)
	run(t, ctx,
		pasteText("#import-text", text),
		chromedp.Click(chromedp.CSS("#import-run")),
		void(chromedp.Poll[bool](fmt.Sprintf(`document.querySelector("#import-result").dataset.run !== %q`, runs))),
	)
	return attr(t, ctx, "#import-result", "data-imported"), attr(t, ctx, "#import-result", "data-refused")
}

// exportStarts is how each export format begins.
var exportStarts = map[string]string{"netscape": "# Netscape HTTP Cookie File", "json": "[", "header": "Cookie:"}

// exportCookies reads the export in format once the page shows it.
func exportCookies(t *testing.T, ctx context.Context, format string) string {
	t.Helper()
	run(t, ctx,
		chooseOption("#export-format", format),
		void(chromedp.Poll[bool](fmt.Sprintf(`document.querySelector("#export-output").value.startsWith(%q)`, exportStarts[format]))),
	)
	return eval[string](t, ctx, `document.querySelector("#export-output").value`)
}

// clearBrowserCookies empties the tab's cookie store.
func clearBrowserCookies(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.CallBrowser(ctx, storage.ClearCookies, storage.ClearCookiesParams{
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	})
	if err != nil {
		t.Fatalf("Storage.clearCookies: %v", err)
	}
}

// attr reads an attribute of the element sel.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) ?? "<none>"`, sel, name))
}

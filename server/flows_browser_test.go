package server_test

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// User flows on the playground's pages, as named actions.

// rowSelector selects the cookie jar's row for name in the given state.
func rowSelector(name string, scriptVisible, serverVisible bool) chromedp.CSS {
	return chromedp.CSS(fmt.Sprintf(`tr[data-cookie=%q][data-script-visible="%t"][data-server-visible="%t"]`,
		name, scriptVisible, serverVisible))
}

// waitRow waits until the jar shows name in the given state.
func waitRow(name string, scriptVisible, serverVisible bool) chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(rowSelector(name, scriptVisible, serverVisible))
}

// waitNoRow waits until the jar has no row for name.
func waitNoRow(name string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`tr[data-cookie=%q]`, name)))
}

// setFromServerForm fills the jar's server form and submits it.
func setFromServerForm(name, value string, httpOnly bool) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.CSS("#server-name"), name),
		chromedp.SendKeys(chromedp.CSS("#server-value"), value),
	}
	if httpOnly {
		steps = append(steps, chromedp.Click(chromedp.CSS("#server-http_only")))
	}
	return chromedp.Steps(append(steps, chromedp.Click(chromedp.CSS("#server-set")))...)
}

// setFromScriptForm fills the jar's script form and submits it.
func setFromScriptForm(name, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.CSS("#script-name"), name),
		chromedp.SendKeys(chromedp.CSS("#script-value"), value),
		chromedp.Click(chromedp.CSS("#script-set")),
	)
}

// rowButton clicks one of a row's action buttons (edit, delete-script,
// delete-server).
func rowButton(name, class string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-cookie=%q] button.%s`, name, class)))
}

// login submits the login form in its default, secure mode as a user
// would, and waits for the page it leads to.
func login(baseURL, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		openApp(baseURL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), name),
		navigatingBy(chromedp.Submit(chromedp.CSS(`input[name=username]`))),
	)
}

// loginTutorial logs in with the tutorial's plain, insecure cookie.
func loginTutorial(baseURL, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		openApp(baseURL+"/login"),
		chromedp.Click(chromedp.CSS(`#mode-tutorial`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), name),
		navigatingBy(chromedp.Submit(chromedp.CSS(`input[name=username]`))),
	)
}

// navigatingBy runs an action that makes the page navigate, and waits until
// the new page has loaded, so no later wait matches the old page.
func navigatingBy(trigger chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return void(chromedp.WaitEvent(page.LoadEventFired, nil, trigger))
}

// clearField empties an input as a user would, so the app hears it.
func clearField(sel string) chromedp.Action[chromedp.Void] {
	return pasteField(sel, "")
}

// pasteField replaces the value of the field sel in one input event, as a
// paste does (URLs and header blocks are pasted, not typed), and waits
// until the field holds it.
func pasteField(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`(() => { const e = document.querySelector(%q); e.focus(); e.value = %q; e.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); })()`, sel, value)),
		waitValue(sel, value),
	)
}

// waitValue waits until the input sel holds value.
func waitValue(sel, value string) chromedp.Action[chromedp.Void] {
	return void(chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q)?.value === %q`, sel, value)))
}

// void drops an action's value, so it can be a step among others.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

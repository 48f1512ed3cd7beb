package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserTutorialSetGetDelete walks the tutorial as a newcomer does:
// from the start page, each step's page leading to the next. Each page
// shows the tutorial's sentence, the Set-Cookie line sent or the Cookie
// header received, and what this browser holds now; a script asking the
// same routes gets the tutorial's plain text.
func TestBrowserTutorialSetGetDelete(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, openApp(ts.URL+"/login"))

	steps := []struct {
		follow, path, sentence, sent, next string
		stored                             bool
	}{
		{`.tutorial-path a[href="/setcookie"]`, "/setcookie", "Cookie is set!", "user=Aditya; Path=/; Expires=", "/getcookie", true},
		{`.next-step a[href="/getcookie"]`, "/getcookie", "The user is Aditya", "", "/deletecookie", true},
		{`.next-step a[href="/deletecookie"]`, "/deletecookie", "Cookie has been deleted!", "user=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0", "/getcookie", false},
		{`.next-step a[href="/getcookie"]`, "/getcookie", "No user cookie found!", "", "/setcookie", false},
	}
	for _, s := range steps {
		run(t, ctx, navigatingBy(chromedp.Click(chromedp.CSS(s.follow))), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
		if got := eval[string](t, ctx, "location.pathname"); got != s.path {
			t.Fatalf("following %s led to %s; want %s", s.follow, got, s.path)
		}
		waitText(t, ctx, "#tutorial-sentence", s.sentence)
		if s.sent != "" {
			waitTextContains(t, ctx, "#tutorial-sent", s.sent)
		} else if n := eval[int](t, ctx, `document.querySelectorAll("#tutorial-sent").length`); n != 0 {
			t.Errorf("%s shows a Set-Cookie line; it sends none", s.path)
		}
		// What the browser holds: read from it, and as scripts see it.
		want := ""
		if s.stored {
			want = "user=Aditya"
		}
		waitText(t, ctx, "#tutorial-holds", want)
		waitText(t, ctx, "#tutorial-script", want)
		c, ok := browserCookies(t, ctx)["user"]
		if ok != s.stored {
			t.Fatalf("after GET %s, Chromium stores user: %v; want %v", s.path, ok, s.stored)
		}
		if ok {
			expires := time.Unix(int64(c.Expires), 0)
			if d := time.Until(expires); d < 7*24*time.Hour-time.Minute || d > 7*24*time.Hour+time.Minute {
				t.Errorf("user expires in %v; want 7 days", d)
			}
			if c.Value != "Aditya" || c.HTTPOnly || c.Path != "/" {
				t.Errorf("user = %+v; want Aditya, script-visible, Path=/", c)
			}
		}
		if n := eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('.next-step a[href=%q]').length`, s.next)); n != 1 {
			t.Errorf("%s does not lead on to %s", s.path, s.next)
		}
		// A script (fetch sends Accept: */*) gets the tutorial's answer.
		got := eval[string](t, ctx, `fetch("/getcookie").then(r => r.text())`, chromedp.EvalAwaitPromise)
		wantText := "No user cookie found!"
		if s.stored {
			wantText = "The user is Aditya"
		}
		if got != wantText {
			t.Errorf("fetch(/getcookie) after %s = %q; want %q", s.path, got, wantText)
		}
	}
}

// bodyText returns the text of the page, as a plain-text answer shows it.
func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.body.innerText.trim()`)
}

// TestBrowserLoginGreetingLogout follows the tutorial's own login: a
// plain username cookie.
func TestBrowserLoginGreetingLogout(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)

	// Logged out, / sends the visitor to the login form.
	run(t, ctx, chromedp.Navigate(ts.URL+"/"))
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/login" {
		t.Fatalf("logged out, / ends at %s; want /login", loc)
	}

	run(t, ctx, loginTutorial(ts.URL, "Ada Lovelace"), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
	waitText(t, ctx, "#greeting", "Welcome back, Ada Lovelace!")
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/" {
		t.Errorf("after login the page is %s; want /", loc)
	}
	c, ok := browserCookies(t, ctx)["username"]
	if !ok || c.Value != "Ada%20Lovelace" {
		t.Fatalf("username cookie = %+v; want Ada%%20Lovelace", c)
	}
	if d := time.Until(time.Unix(int64(c.Expires), 0)); d < 30*24*time.Hour-time.Minute || d > 30*24*time.Hour+time.Minute {
		t.Errorf("username expires in %v; want 30 days", d)
	}

	// GET /logout changes nothing; its button does.
	run(t, ctx, openApp(ts.URL+"/logout"))
	if _, ok := browserCookies(t, ctx)["username"]; !ok {
		t.Fatal("GET /logout deleted the cookie")
	}
	run(t, ctx, navigatingBy(chromedp.Click(chromedp.CSS("#logout-button"))))
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/login" {
		t.Errorf("after logout the page is %s; want /login", loc)
	}
	if _, ok := browserCookies(t, ctx)["username"]; ok {
		t.Error("the username cookie survived logout")
	}
}

func TestBrowserGreetingIsRenderedByTheServer(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	run(t, ctx, login(ts.URL, "Grace"), chromedp.WaitReady(chromedp.CSS("#greeting")))

	// With scripts off, only the server's pre-rendering can greet.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(ts.URL+"/"))
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#greeting")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "Welcome back, Grace!" {
		t.Errorf("pre-rendered greeting = %q; want %q", got, "Welcome back, Grace!")
	}
}

func TestBrowserLoginRefusesBadUsernames(t *testing.T) {
	ctx := newTab(t)
	ts := startServer(t)
	for _, tc := range []struct{ name, username, want string }{
		{"empty", "   ", "Please enter a username."},
		{"over 64 bytes", strings.Repeat("é", 33), "That username is too long: 64 bytes at most."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run(t, ctx, login(ts.URL, tc.username), chromedp.WaitReady(chromedp.CSS("html[data-wasm=ready]")))
			waitText(t, ctx, "#login-error", tc.want)
			if _, ok := browserCookies(t, ctx)["username"]; ok {
				t.Error("a refused username was stored")
			}
			if got := eval[string](t, ctx, `document.querySelector("input[name=username]").value`); got != tc.username {
				t.Errorf("the form lost what was typed: %q; want %q", got, tc.username)
			}
		})
	}
}

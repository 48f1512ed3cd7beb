package ui

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// labCookieStore compares the CookieStore API with document.cookie: what
// each shows, and the change events a page gets for cookies it may read.
var labCookieStore = &labExperiment{
	ID:    "cookiestore",
	Title: "The CookieStore API beside document.cookie",
	Why: [2]string{
		"cookieStore (secure contexts only) reads and writes the same cookies as document.cookie, asynchronously: getAll() lists what document.cookie shows, HttpOnly cookies left out of both.",
		`It also fires "change" events for every cookie the page may read, whoever set it, and "deleted" ones when a cookie goes; an HttpOnly cookie never shows up there either.`,
	},
	Stems: []string{"lab-cs-"},
	Clean: func(e *labEnv) []string {
		return labDeletions(cookierules.Line{Name: "lab-cs-http", Path: "/"}, cookierules.Line{Name: "lab-cs-doc", Path: "/"},
			cookierules.Line{Name: "lab-cs-store", Path: "/", Secure: true})
	},
	Run: runCookieStore,
}

func runCookieStore(e *labEnv) error {
	store := app.Window().Get("cookieStore")
	if !store.Truthy() {
		e.predictCookieStore()
		return nil
	}
	var mu sync.Mutex
	var changed, deleted []string
	onChange := app.FuncOf(func(this app.Value, args []app.Value) any {
		mu.Lock()
		defer mu.Unlock()
		ev := args[0]
		for i, list := 0, ev.Get("changed"); i < list.Length(); i++ {
			c := list.Index(i)
			changed = append(changed, c.Get("name").String()+"="+c.Get("value").String())
		}
		for i, list := 0, ev.Get("deleted"); i < list.Length(); i++ {
			deleted = append(deleted, list.Index(i).Get("name").String()+"=deleted")
		}
		return nil
	})
	store.Call("addEventListener", "change", onChange)
	defer func() {
		store.Call("removeEventListener", "change", onChange)
		onChange.Release()
	}()

	if _, err := e.serverSet("lab-cs-http=1; Path=/; HttpOnly"); err != nil {
		return err
	}
	e.scriptSet("lab-cs-doc=1; Path=/")
	opts := map[string]any{"name": "lab-cs-store", "value": "1", "path": "/"}
	if _, err := awaitPromise(store.Call("set", opts)); err != nil {
		return err
	}
	// What cookieStore.set writes: Secure, SameSite=Strict by default.
	e.engineSet(e.page, cookierules.FromScript, "lab-cs-store=1; Path=/; Secure; SameSite=Strict")
	all, err := awaitPromise(store.Call("getAll"))
	if err != nil {
		return err
	}
	var listed []string
	for i := 0; i < all.Length(); i++ {
		listed = append(listed, all.Index(i).Get("name").String()+"="+all.Index(i).Get("value").String())
	}
	visible := e.jar.DocumentCookie(e.page, time.Now())
	e.add(labCheck{ID: "getall", Label: "cookieStore.getAll()", Mode: labReal, Expected: "lab-cs-doc=1; lab-cs-store=1",
		Browser: strings.Join(listed, "; "), Engine: visible})
	e.checkDoc("doc", "document.cookie", "lab-cs-doc=1; lab-cs-store=1")

	if _, err := awaitPromise(store.Call("delete", "lab-cs-doc")); err != nil {
		return err
	}
	e.engineSet(e.page, cookierules.FromScript, "lab-cs-doc=; Path=/; Max-Age=0")
	// Events are queued: wait, bounded, for the deletion's.
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		done := len(deleted) > 0
		mu.Unlock()
		if done {
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var gone []string
	for _, p := range strings.Split(visible, "; ") {
		name, _, _ := strings.Cut(p, "=")
		if p != "" && !strings.Contains("; "+e.jar.DocumentCookie(e.page, time.Now())+";", "; "+name+"=") {
			gone = append(gone, name+"=deleted")
		}
	}
	e.add(labCheck{ID: "changed", Label: `"change" events: cookies changed (the server's HttpOnly one is not reported)`, Mode: labReal,
		Expected: "lab-cs-doc=1; lab-cs-store=1", Browser: strings.Join(slices.Compact(slices.Sorted(slices.Values(changed))), "; "), Engine: visible})
	e.add(labCheck{ID: "deleted", Label: `"change" events: cookies deleted, after cookieStore.delete("lab-cs-doc")`, Mode: labReal,
		Expected: "lab-cs-doc=deleted", Browser: strings.Join(deleted, "; "), Engine: strings.Join(gone, "; ")})
	return nil
}

// predictCookieStore shows what only the engine can say where the page has
// no cookieStore: a plain-http origin, not a secure context.
func (e *labEnv) predictCookieStore() {
	page, _ := url.Parse("https://www.example.com/lab")
	j := cookierules.NewJar()
	now := time.Now()
	j.SetCookie(page, "lab-cs-http=1; Path=/; HttpOnly", cookierules.FromHTTP, now)
	j.SetCookie(page, "lab-cs-doc=1; Path=/", cookierules.FromScript, now)
	j.SetCookie(page, "lab-cs-store=1; Path=/; Secure; SameSite=Strict", cookierules.FromScript, now)
	e.predict("getall", "cookieStore.getAll() on https://www.example.com after the same three writes", "lab-cs-doc=1; lab-cs-store=1",
		j.DocumentCookie(page, now), "This page is not a secure context, so it has no cookieStore; the engine shows what a secure page's script sees.")
}

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// workerCachedWasmJS says whether a service worker is active and one of the
// origin's caches holds a .wasm: go-app's worker caches app.wasm on install
// (the playground's waits for it; go-app's default does not).
const workerCachedWasmJS = `(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg || !reg.active) return false;
  for (const k of await caches.keys()) {
    const c = await caches.open(k);
    if ((await c.keys()).some((r) => new URL(r.url).pathname.endsWith(".wasm"))) return true;
  }
  return false;
})()`

// waitWorkerCache waits, at most limit, until workerCachedWasmJS holds.
func (r *browserRun) waitWorkerCache(ctx context.Context, limit time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](workerCachedWasmJS, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// diagnose describes the page of a failed load: its URL, the marks so far,
// the loader's label (go-app shows a load error there) and the jar's status.
func (r *browserRun) diagnose(tabCtx context.Context) string {
	ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
  url: location.href,
  readyState: document.readyState,
  marks: window.__benchMarks ?? null,
  loader: document.getElementById("app-wasm-loader-label")?.innerText ?? null,
  jar: document.querySelector("#jar")?.dataset.status ?? null,
})`))
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return s
}

// collectConsole records the console errors and exceptions of the tab of
// ctx until ctx ends; the returned channel closes then.
func (r *browserRun) collectConsole(ctx context.Context, app string) <-chan struct{} {
	msgs := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			text := m.String()
			if m.URL != "" {
				text += " (" + m.URL + ")"
			}
			r.mu.Lock()
			if !slices.Contains(r.console[app], text) && len(r.console[app]) < 10 {
				r.console[app] = append(r.console[app], text)
			}
			r.mu.Unlock()
		}
	}()
	return done
}

// markScript is run by Chromium before any script of every document of the
// tab. It records in window.__benchMarks, as performance.now(), the first
// moment each condition holds, checked at every DOM mutation (a
// MutationObserver over the whole document, so right after the change that
// made it true), at every readyState change and at every load of a
// resource of the document.
func markScript(marks [][2]string) string {
	var b strings.Builder
	b.WriteString("(() => {\n  const marks = (window.__benchMarks = {});\n  const conds = [\n")
	for _, m := range marks {
		fmt.Fprintf(&b, "    [%q, () => %s],\n", m[0], m[1])
	}
	b.WriteString(`  ];
  let observer;
  const check = () => {
    let pending = false;
    for (const [name, cond] of conds) {
      if (name in marks) continue;
      let ok = false;
      try { ok = cond(); } catch (e) {}
      if (ok) marks[name] = performance.now();
      else pending = true;
    }
    if (!pending && observer) observer.disconnect();
  };
  observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener("readystatechange", check);
  // A stylesheet's or image's load changes no DOM node; it bubbles not, so
  // catch it on the way down.
  document.addEventListener("load", check, true);
  check();
})();
`)
	return b.String()
}

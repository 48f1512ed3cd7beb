package server_test

// The test sites' answers for the scenario replay (scenario_replay_browser_test.go).
// A request whose query holds sc=TOKEN is a scenario step: it is answered
// with the step's Set-Cookie lines, exactly as written, and, for a page, a
// script writing its document.cookie lines; the Cookie header it carried is
// recorded. Any other request gets a neutral page that sets nothing. Every
// page holds the agent, the script through which the test makes the page
// act: follow a link, submit a form, embed an iframe or fetch, itself or from
// inside an iframe of another origin.

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// scenarioSite answers every site of the scenario replay.
type scenarioSite struct {
	seq      atomic.Int64
	mu       sync.Mutex
	answers  map[string]stepAnswer // by token
	received map[string]string     // by token: the Cookie header the request carried
}

// stepAnswer is what a step's response holds.
type stepAnswer struct {
	setCookie []string
	script    []string // document.cookie writes of the page
	page      bool     // a page (navigation, iframe), not a fetch's answer
}

func newScenarioSite() *scenarioSite {
	return &scenarioSite{answers: map[string]stepAnswer{}, received: map[string]string{}}
}

// expect registers a step's answer and returns its token.
func (s *scenarioSite) expect(a stepAnswer) string {
	tok := "s" + strconv.FormatInt(s.seq.Add(1), 10)
	s.mu.Lock()
	s.answers[tok] = a
	s.mu.Unlock()
	return tok
}

// cookieHeader returns the Cookie header the step's request carried, and
// whether it came at all.
func (s *scenarioSite) cookieHeader(tok string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.received[tok]
	return h, ok
}

func (s *scenarioSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case "/favicon.ico":
		http.NotFound(w, r)
		return
	case "/sw.js":
		// A service worker that does nothing, to show one registers.
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte("self.addEventListener('fetch', () => {});\n"))
		return
	}
	tok := r.URL.Query().Get("sc")
	if tok == "" {
		writeAgentPage(w, "page", nil)
		return
	}
	s.mu.Lock()
	a, ok := s.answers[tok]
	if ok {
		s.received[tok] = strings.Join(r.Header.Values("Cookie"), "; ")
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	// Exactly the step's lines, bypassing http.SetCookie.
	w.Header()["Set-Cookie"] = a.setCookie
	w.Header().Set("X-Scenario", tok)
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Vary", "Origin")
	}
	if !a.page {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok"))
		return
	}
	writeAgentPage(w, "step "+tok, a.script)
}

// agentPage is every page of the sites: its title, the document.cookie
// writes it makes at once, and the agent. The agent's run(op) performs op:
// {op: "link"|"form"|"iframe"|"fetch", url, method, credentials}, in this
// document, or with via (an URL) inside an iframe of via first. It resolves
// to words saying what happened: "fetched 200", "clicked", or for an iframe
// "loaded" and the JSON of what the frame's document.cookie read.
var agentPage = template.Must(template.New("agent").Parse(`<!doctype html>
<meta charset="utf-8"><title>{{.Title}}</title>
<script>
for (const line of {{.Script}}) document.cookie = line;
// What document.cookie reads once the page's writes are done, kept for the
// test and told to the embedding page.
window.__stepCookie = document.cookie;
if (parent !== window) parent.postMessage({stepCookie: window.__stepCookie}, "*");
addEventListener("message", (e) => {
  if (e.data && "stepCookie" in e.data) window.__frameCookie = e.data.stepCookie;
});
async function act(op) {
  switch (op.op) {
  case "fetch":
    try {
      const r = await fetch(op.url, {method: op.method, credentials: op.credentials, mode: "cors", cache: "no-store"});
      await r.text();
      return "fetched " + r.status;
    } catch (e) {
      return "fetch failed: " + e;
    }
  case "iframe": {
    window.__frameCookie = undefined;
    const loaded = await frame(op.url);
    for (let i = 0; i < 100 && window.__frameCookie === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    return loaded + " " + JSON.stringify(window.__frameCookie ?? null);
  }
  case "link": {
    const a = document.createElement("a");
    a.href = op.url;
    a.textContent = "next";
    document.body.append(a);
    setTimeout(() => a.click(), 0);
    return "clicked";
  }
  case "form": {
    const f = document.createElement("form");
    f.method = "post";
    f.action = op.url;
    document.body.append(f);
    setTimeout(() => f.submit(), 0);
    return "submitted";
  }
  }
  return "unknown op " + op.op;
}
function frame(url) {
  const f = document.createElement("iframe");
  return new Promise((resolve) => {
    f.onload = () => resolve("loaded");
    setTimeout(() => resolve("iframe timeout"), 10000);
    f.src = url;
    document.body.append(f);
  }).then((r) => (window.__lastFrame = f, r));
}
window.__agent = {
  async run(op) {
    if (!op.via) return act(op);
    const loaded = await frame(op.via);
    if (loaded !== "loaded") return loaded;
    const id = String(Math.random());
    return new Promise((resolve) => {
      addEventListener("message", function reply(e) {
        if (e.data && e.data.id === id) {
          removeEventListener("message", reply);
          resolve(e.data.result);
        }
      });
      setTimeout(() => resolve("no answer from the frame"), 10000);
      window.__lastFrame.contentWindow.postMessage({id, op: {...op, via: ""}}, "*");
    });
  },
};
addEventListener("message", async (e) => {
  if (e.data && e.data.op) e.source.postMessage({id: e.data.id, result: await act(e.data.op)}, "*");
});
</script>
<body>
`))

func writeAgentPage(w http.ResponseWriter, title string, script []string) {
	if script == nil {
		script = []string{}
	}
	js, _ := json.Marshal(script)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	agentPage.Execute(w, struct {
		Title  string
		Script template.JS
	}{title, template.JS(js)})
}

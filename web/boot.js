// Cookie Playground start-up, before the wasm runs.
//
// The server pre-renders every page, so it is readable at once. Until Go
// runs (html[data-wasm=ready], set by the shell), this script:
// - turns go-app's loading overlay into a thin progress bar (web/app.css),
//   its width following the percentage go-app writes into the label;
// - marks the controls that need the wasm as not yet active, and answers a
//   click, a keystroke or a submit on them with "still loading" rather
//   than letting it vanish (or submit a form the wasm would handle).
// Forms with an action (log in, log out) work without the wasm and stay
// active. go-app removes the loader once Go runs.
//
// On /jar it also starts the jar's first reading (see the end).
(() => {
  const root = document.documentElement;
  const ready = () => root.dataset.wasm === "ready";
  if (ready()) {
    return;
  }
  root.dataset.boot = "loading";

  const inactive = "button, input, select, textarea";
  const needsWasm = (el) => el.closest("main") !== null && el.closest("form[action]") === null;
  const marked = [];

  const loader = () => document.getElementById("app-wasm-loader");
  const label = () => document.getElementById("app-wasm-loader-label");

  function showProgress() {
    const l = loader(), t = label();
    if (!l || !t) {
      return;
    }
    const m = /(\d+)\s*%/.exec(t.textContent);
    if (m) {
      const pct = Math.min(100, Number(m[1]));
      l.style.setProperty("--progress", pct + "%");
      l.setAttribute("aria-valuenow", String(pct));
    }
  }

  function markControls() {
    const l = loader();
    if (l) {
      l.setAttribute("role", "progressbar");
      l.setAttribute("aria-label", "Loading the playground");
      l.setAttribute("aria-valuemin", "0");
      l.setAttribute("aria-valuemax", "100");
      const t = label();
      if (t) {
        new MutationObserver(showProgress).observe(t, { childList: true, characterData: true, subtree: true });
      }
      showProgress();
    }
    for (const el of document.querySelectorAll(inactive)) {
      if (needsWasm(el) && !el.hasAttribute("aria-disabled")) {
        el.setAttribute("aria-disabled", "true");
        marked.push(el);
      }
    }
  }

  // nudge says the control works in a moment, beside the progress bar.
  function nudge() {
    const l = loader();
    if (!l) {
      return;
    }
    l.classList.add("nudge");
    const t = label();
    if (t && !t.dataset.nudged) {
      t.dataset.nudged = "true";
      t.setAttribute("role", "status");
    }
  }

  function guard(event) {
    if (ready()) {
      return;
    }
    const el = event.target instanceof Element ? event.target.closest(event.type === "submit" ? "form" : inactive) : null;
    if (!el || !needsWasm(el)) {
      return;
    }
    // Typing moves focus and tabs; only what would act or edit is held.
    if (event.type === "keydown" && (!event.key || event.key === "Tab" || event.key.startsWith("Arrow") || event.key === "Escape")) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    nudge();
  }
  const held = ["click", "beforeinput", "submit", "keydown"];
  for (const type of held) {
    document.addEventListener(type, guard, true);
  }

  function finish() {
    for (const type of held) {
      document.removeEventListener(type, guard, true);
    }
    for (const el of marked) {
      el.removeAttribute("aria-disabled");
    }
    delete root.dataset.boot;
  }
  new MutationObserver((_, obs) => {
    if (ready()) {
      obs.disconnect();
      finish();
    }
  }).observe(root, { attributes: true, attributeFilter: ["data-wasm"] });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markControls);
  } else {
    markControls();
  }
})();

// The jar's first reading, asked for now rather than once Go runs: what the
// server receives (GET /api/cookies) and what scripts see (the CookieStore's
// list), with document.cookie at this moment. The jar's first render shows
// it if document.cookie is still the same by then, and otherwise reads
// again (app/ui/jar-early.go; the global's name is a contract with it).
(() => {
  if (location.pathname !== "/jar" || document.documentElement.dataset.wasm === "ready") {
    return;
  }
  const reading = (window.cookieplayEarlyReading = { cookie: document.cookie, at: performance.now(), done: false });
  const server = fetch("/api/cookies", { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : null));
  const script = window.cookieStore ? window.cookieStore.getAll() : Promise.resolve(null);
  // settled always resolves; done says whether the reading is complete.
  reading.settled = Promise.all([server, script]).then(([body, list]) => {
    Object.assign(reading, { body, store: list, done: body !== null });
  }, () => {});
})();

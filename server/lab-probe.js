// The flags lab's cross-site probe (/lab/xsite/probe). The lab page on one
// site (localhost or 127.0.0.1) shows this page from the other site, in a
// window it opened or in an iframe, with ?run=<id>&task=<task>&site=<the lab
// page's origin>. The probe
// makes the requests of the task; the server records what cookies each one
// carried (/lab/xsite/hit), and the lab page reads the records.
"use strict";
(() => {
  const CHIPS_SET = /*CHIPS_SET*/[];
  const CHIPS_CLEAR = /*CHIPS_CLEAR*/[];
  const SA_SET = /*SA_SET*/[];
  const SA_CLEAR = /*SA_CLEAR*/[];
  const LIMIT_SECURE = /*LIMIT_SECURE*/[];
  const LIMIT_PLAIN = /*LIMIT_PLAIN*/[];
  const LIMIT_CLEAR = /*LIMIT_CLEAR*/[];
  const SECURE_HTTP = /*SECURE_HTTP*/[];
  const SECURE_JS = "/*SECURE_JS*/";

  const params = new URLSearchParams(location.search);
  const run = params.get("run") || "";
  const task = params.get("task") || "";
  const step = params.get("step") || "";
  const status = document.getElementById("status");
  const say = (text) => { status.textContent = text; };

  // The lab page's site, as the lab named it; this page's
  // Content-Security-Policy admits it only if the server agrees.
  const other = (() => {
    try {
      const u = new URL(params.get("site") || "");
      return (u.protocol === "https:" || u.protocol === "http:") ? u.origin : "";
    } catch (e) {
      return "";
    }
  })();

  // hit returns the URL that records a request of kind on origin ("" for
  // this page's own).
  const hit = (origin, kind) =>
    `${origin}/lab/xsite/hit?run=${encodeURIComponent(run)}&kind=${encodeURIComponent(kind)}`;

  // The SameSite experiment: four kinds of request from this site to the
  // lab page's site. The form POST and the navigation replace this page, so
  // the form's answer redirects back here with step=nav.
  async function sameSite() {
    if (step === "nav") {
      say("Top-level navigation to " + other);
      location.assign(hit(other, "nav"));
      return;
    }
    say("fetch() with credentials to " + other);
    try {
      await fetch(hit(other, "fetch"), { credentials: "include" });
    } catch (e) {
      // The server recorded the request even if the answer is unreadable.
    }
    say("iframe of " + other);
    await new Promise((resolve) => {
      const frame = document.createElement("iframe");
      frame.addEventListener("load", resolve);
      setTimeout(resolve, 5000);
      frame.src = hit(other, "iframe");
      document.body.append(frame);
    });
    say("Form POST to " + other);
    const form = document.createElement("form");
    form.method = "POST";
    form.action = hit(other, "form");
    document.body.append(form);
    form.submit();
  }

  // The Partitioned experiment: cookies set, read and cleared by this site,
  // from an iframe in the lab page or from its own top-level window.
  async function setLines(lines) {
    const resp = await fetch("/lab/set", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lines }),
    });
    if (!resp.ok) throw new Error("/lab/set answered " + resp.status);
  }
  // hasAccess says whether the browser lets this page use its
  // unpartitioned cookies: in an iframe of another site, that is whether
  // it allows third-party cookies (or granted storage access).
  async function hasAccess() {
    if (!document.hasStorageAccess) return "";
    try {
      return String(await document.hasStorageAccess());
    } catch (e) {
      return "";
    }
  }
  // report has this site record a request of kind to itself, with what
  // document.cookie shows, what hasAccess answered (or access, given before
  // a storage access request) and how that request ended.
  async function report(kind, request, access) {
    if (access === undefined) access = await hasAccess();
    const url = hit("", kind) + "&doc=" + encodeURIComponent(document.cookie) + "&access=" + access +
      (request ? "&request=" + request : "");
    const resp = await fetch(url);
    if (!resp.ok) throw new Error("/lab/xsite/hit answered " + resp.status);
  }

  // The limits experiment: document.cookie writes in this site's own
  // window. Reading document.cookie afterwards waits for the writes: both
  // go through the page's one pipe to the browser's cookie store.
  function writeCookies(lines) {
    for (const l of lines) document.cookie = l;
    return document.cookie;
  }

  const tasks = {
    samesite: sameSite,
    "chips-set": async () => { await setLines(CHIPS_SET); await report("chips-frame"); },
    "chips-top": async () => { await report("chips-top"); },
    "chips-clear": async () => { await setLines(CHIPS_CLEAR); await report("chips-clear"); },
    access: async () => { await report("access"); },
    // The Storage Access experiment: set both cookies, then ask for
    // storage access without a user gesture, and say how that ended.
    "sa-set": async () => {
      await setLines(SA_SET);
      const before = await hasAccess();
      let request = "";
      if (document.requestStorageAccess) {
        try {
          await document.requestStorageAccess();
          request = "granted";
        } catch (e) {
          request = "rejected";
        }
      }
      await report("sa-frame", request, before);
    },
    "sa-clear": async () => { await setLines(SA_CLEAR); await report("sa-clear"); },
    // The Secure experiment's plain-http half: this window is on the lab
    // page's own host over plain http, where both Secure lines are refused.
    "secure-http": async () => {
      await setLines(SECURE_HTTP);
      document.cookie = SECURE_JS;
      await report("secure-http");
    },
    "limit-check": async () => { writeCookies(LIMIT_CLEAR); await report("limit-check"); },
    "limit-fill": async () => {
      writeCookies(window.isSecureContext ? LIMIT_SECURE : LIMIT_PLAIN);
      await report("limit-fill");
    },
    "limit-clear": async () => { writeCookies(LIMIT_CLEAR); await report("limit-clear"); },
  };
  const fn = tasks[task];
  if (!fn || !run || !other) {
    return;
  }
  fn().then(
    () => { if (task !== "samesite") say("Done: " + task); },
    (e) => say("Failed: " + e),
  );
})();

// Cookie Playground service worker, version {{.Version}}.
//
// go-app's default worker answers every GET from its cache first. Here pages
// and the API depend on cookies, so:
// - the versioned static files (wasm, scripts, styles, icons) come from the
//   cache, filled at install;
// - pages come from the network, and from the cache only when the server is
//   unreachable; the app renders any of its routes from any page shell;
// - the API always goes to the network, so the app can say it is offline;
// - a navigation the server cannot answer gets a plain offline page.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}}.filter((r) => r !== "/");
const cachedPaths = new Set(resourcesToCache.map((r) => r.split("?")[0]));
const appRoutes = ["/", "/about", "/explain", "/jar", "/login", "/logout"];
// The same for everyone; "/" and "/login" say who is logged in, so they
// stay out of the cache and, offline, come from another page's shell.
const pageShells = ["/jar", "/about", "/explain"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll([...resourcesToCache, ...pageShells]))
      .then(() => self.skipWaiting())
  );
});

// No clients.claim(): a first visit stays uncontrolled until its next load,
// so only a page that ran an older version hears of an update.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)))
      )
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
    return;
  }
  // The cache holds this version's files; the UI links some without ?v=.
  if (request.method === "GET" && cachedPaths.has(url.pathname)) {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request))
    );
  }
});

async function navigate(request, url) {
  try {
    const response = await fetch(request);
    // "/" and "/login" name the user: they stay out of the cache.
    if (request.method === "GET" && response.ok && response.type === "basic" &&
        pageShells.includes(url.pathname) && url.search === "") {
      const cache = await caches.open(cacheName);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (err) {
    if (request.method === "GET" && appRoutes.includes(url.pathname)) {
      const cached = (await caches.match(url.pathname)) || (await caches.match("/jar"));
      if (cached) {
        return cached;
      }
    }
    return offlinePage(request.method, url.pathname);
  }
}

function offlinePage(method, path) {
  const escape = (s) => s.replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline — Cookie Playground</title></head>
<body><main id="offline-page">
<h1>Offline — the server is unreachable</h1>
<p>${escape(method)} ${escape(path)} needs the server, which did not answer.
Cookies set from script still work in the <a href="/jar">cookie jar</a>.</p>
<p><a href="${escape(path)}">Try again</a></p>
</main></body></html>`;
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

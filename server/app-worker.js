// Cookie Playground service worker, version {{.Version}}.
//
// go-app's default worker answers every GET from its cache first. Here pages
// and the API depend on cookies, so they always go to the network; only
// the versioned static files are served from the cache.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}}.filter((r) => r !== "/");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (
    request.method !== "GET" ||
    request.mode === "navigate" ||
    url.origin !== self.location.origin ||
    !resourcesToCache.includes(url.pathname + url.search)
  ) {
    return; // the network, as if there were no worker
  }
  event.respondWith(
    caches.match(request).then((cached) => cached || fetch(request))
  );
});

package server

import "net/http"

// routes registers every URL the server answers, sorted by path.
func (s *server) routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handleHome())
	mux.Handle("GET /app-worker.js", s.handleGoAppAsset("/app-worker.js"))
	mux.Handle("GET /app.css", s.handleGoAppAsset("/app.css"))
	mux.Handle("GET /app.js", s.handleGoAppAsset("/app.js"))
	mux.Handle("GET /api/cookies", s.handleCookiesList())
	mux.Handle("POST /api/cookies", s.handleCookiesSet())
	mux.Handle("DELETE /api/cookies/{name}", s.handleCookiesDelete())
	mux.Handle("GET /about", s.handlePage())
	mux.Handle("GET /ads.txt", http.NotFoundHandler())
	mux.Handle("POST /api/explain", s.handleExplain())
	mux.Handle("POST /api/explain/try", s.handleExplainTry())
	mux.Handle("GET /api/me", s.handleMe())
	mux.Handle("GET /cookies", s.handleHTTPBinCookies())
	mux.Handle("GET /cookies/delete", s.handleHTTPBinDelete())
	mux.Handle("GET /cookies/set", s.handleHTTPBinSet())
	mux.Handle("GET /deletecookie", s.handleDeleteCookie())
	mux.Handle("GET /explain", s.handlePage())
	mux.Handle("GET /getcookie", s.handleGetCookie())
	mux.Handle("GET /jar", s.handlePage())
	mux.Handle("GET /lab", s.handleLabPage())
	mux.Handle("GET /lab/deep/", s.handleLabEcho())
	mux.Handle("GET /lab/echo", s.handleLabEcho())
	mux.Handle("POST /lab/set", s.handleLabSet())
	mux.Handle("GET /lab/xsite/hit", s.handleLabHit())
	mux.Handle("POST /lab/xsite/hit", s.handleLabHit())
	mux.Handle("GET /lab/xsite/probe", s.handleLabProbe())
	mux.Handle("GET /lab/xsite/probe.js", s.handleLabProbeScript())
	mux.Handle("GET /lab/xsite/result", s.handleLabResult())
	mux.Handle("POST /lab/xsite/start", s.handleLabRunStart())
	mux.Handle("GET /login", s.handleUserPage())
	mux.Handle("POST /login", s.handleLogin())
	mux.Handle("GET /logout", s.handleUserPage())
	mux.Handle("GET /manifest.webmanifest", s.handleGoAppAsset("/manifest.webmanifest"))
	mux.Handle("POST /logout", s.handleLogout())
	mux.Handle("GET /robots.txt", s.handleRobots())
	mux.Handle("GET /setcookie", s.handleSetCookie())
	// go-app would fetch these from itself over the network; there are none.
	mux.Handle("GET /sitemap.xml", http.NotFoundHandler())
	mux.Handle("GET /wasm_exec.js", s.handleGoAppAsset("/wasm_exec.js"))
	mux.Handle("GET /web/", s.handleStatic())
	// Anything else: the UI's not-found page, with status 404.
	mux.Handle("GET /", s.handleNotFound())
}

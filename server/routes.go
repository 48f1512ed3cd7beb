package server

import "net/http"

// routes registers every URL the server answers, sorted by path.
func (s *server) routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handleHome())
	mux.Handle("GET /api/cookies", s.handleCookiesList())
	mux.Handle("POST /api/cookies", s.handleCookiesSet())
	mux.Handle("DELETE /api/cookies/{name}", s.handleCookiesDelete())
	mux.Handle("GET /api/me", s.handleMe())
	mux.Handle("GET /cookies", s.handleHTTPBinCookies())
	mux.Handle("GET /cookies/delete", s.handleHTTPBinDelete())
	mux.Handle("GET /cookies/set", s.handleHTTPBinSet())
	mux.Handle("GET /deletecookie", s.handleDeleteCookie())
	mux.Handle("GET /getcookie", s.handleGetCookie())
	mux.Handle("GET /jar", s.handlePage())
	mux.Handle("GET /login", s.handlePage())
	mux.Handle("POST /login", s.handleLogin())
	mux.Handle("GET /logout", s.handlePage())
	mux.Handle("POST /logout", s.handleLogout())
	mux.Handle("GET /robots.txt", s.handleRobots())
	mux.Handle("GET /setcookie", s.handleSetCookie())
	mux.Handle("GET /web/", s.handleStatic())
	// go-app's own files (/app.js, /wasm_exec.js, /app-worker.js,
	// /manifest.webmanifest, /app.css); its router answers 404 for the rest.
	mux.Handle("GET /", s.pages)
}

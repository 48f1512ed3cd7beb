package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkMiddleware measures what logging, security headers and
// cross-origin protection add to one API request: the same route, served
// by the bare mux and by NewServer's full chain.
func BenchmarkMiddleware(b *testing.B) {
	full := NewServer(Config{WebDir: "../web", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s := &server{cfg: Config{WebDir: "../web"}, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	bare := http.NewServeMux()
	bare.Handle("GET /api/cookies", s.handleCookiesList())
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/api/cookies", nil)
	req.Header.Set("Cookie", "a=1; b=2; c=3; d=4; e=5")
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"route only", bare}, {"with middleware", full}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				bc.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

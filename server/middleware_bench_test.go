package server

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
)

// discardResponse is a ResponseWriter that keeps nothing but the status,
// and whose header map is emptied, not replaced, between requests: what a
// benchmark of it allocates is the handler's own doing.
type discardResponse struct {
	header http.Header
	status int
}

func (w *discardResponse) Header() http.Header { return w.header }

func (w *discardResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardResponse) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

// processCPU is the user and system time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process's CPU time per op since cpu0 as cpu-ns/op:
// unlike ns/op it leaves out time spent waiting for a core, so on a busy
// machine it moves much less. The garbage collector's background work is
// in it.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu0 > 0 && b.N > 0 {
		b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// benchChainConfig is NewServer's configuration as cookieplay -addr
// 127.0.0.1:8000 builds it, with a request log that writes nowhere.
func benchChainConfig() Config {
	return Config{
		WebDir:      "../web",
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hosts:       []string{"localhost", "127.0.0.1", "::1"},
		SessionKeys: [][]byte{[]byte("bench key, 32 bytes long ......")},
	}
}

// BenchmarkAPICookies is GET /api/cookies with five cookies, from a bare
// handler up: the route alone in a mux, then NewServer's middleware added
// one layer at a time (server.middleware's order), then NewServer itself,
// with its request log off and on.
// Each row's ns/op and allocs/op less the row above are that layer's cost.
//
//	go test ./server -run '^$' -bench BenchmarkAPICookies -benchmem -count 5
func BenchmarkAPICookies(b *testing.B) {
	cfg := benchChainConfig()
	s := &server{cfg: cfg, logger: cfg.Logger}
	mux := http.NewServeMux()
	mux.Handle("GET /api/cookies", s.handleCookiesList())
	type row struct {
		name string
		h    http.Handler
	}
	rows := []row{
		{"0 bare handler", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("ok\n"))
		})},
		{"1 route", mux},
		{"2 apiErrors", apiErrors(mux)},
	}
	h := rows[2].h
	for _, m := range s.middleware() {
		h = m.wrap(h)
		rows = append(rows, row{fmt.Sprintf("%d +%s", len(rows), m.name), h})
	}
	quiet := cfg
	quiet.Logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rows = append(rows,
		row{"8 NewServer, request log off (level warn)", NewServer(quiet)},
		row{"9 NewServer", NewServer(cfg)})

	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8000/api/cookies", nil)
	req.Header.Set("Cookie", "user=Aditya; username=Ada; theme=dark; lang=en-GB; session=s3cr3t")
	for _, row := range rows {
		b.Run(row.name, func(b *testing.B) { benchServe(b, row.h, req) })
	}
}

// benchServe has h answer req b.N times, after checking it answers 200,
// and reports allocations and the process's CPU time per request.
func benchServe(b *testing.B, h http.Handler, req *http.Request) {
	w := &discardResponse{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		b.Fatalf("status %d", w.status)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		clear(w.header)
		w.status = 0
		h.ServeHTTP(w, req)
	}
	reportCPU(b, cpu0)
}

// BenchmarkHome is GET / of a logged-in user (the tutorial's cookie)
// through NewServer: the page go-app pre-rendered once, with the username
// put in per request.
//
//	go test ./server -run '^$' -bench BenchmarkHome$ -benchmem -count 5
func BenchmarkHome(b *testing.B) {
	h := NewServer(benchChainConfig())
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8000/", nil)
	req.Header.Set("Cookie", "username=Ada")
	benchServe(b, h, req)
}

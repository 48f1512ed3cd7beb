package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/server"
)

// Benchmarks of the playground's handlers in process, with no network:
// httptest.NewRecorder on server.NewServer, the whole middleware chain
// included (request log to io.Discard, security headers, cross-origin
// protection). Each iteration builds its request, the bare handler's too, so
// the rows compare like with like. The real program under load, next to
// go-app's hello world in Chromium, is measured by server/cmd/bench.
//
//	go test ./server -run '^$' -bench . -benchtime 2000x

// benchHandler is the playground's handler, as the real program builds it
// but with a logger that writes nowhere.
func benchHandler(b *testing.B) http.Handler {
	b.Helper()
	return server.NewServer(server.Config{
		WebDir: "../web",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

// benchServe serves newRequest() to h b.N times, after checking one answer.
func benchServe(b *testing.B, h http.Handler, newRequest func() *http.Request, wantStatus int, wantBody string) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newRequest())
	if rec.Code != wantStatus || !strings.Contains(rec.Body.String(), wantBody) {
		b.Fatalf("answer: %d %q; want %d containing %q", rec.Code, rec.Body.String(), wantStatus, wantBody)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), newRequest())
	}
}

// benchFiveCookies is a Cookie header with five cookies.
const benchFiveCookies = "user=Aditya; username=Ada; theme=dark; lang=en-GB; session=s3cr3t"

func BenchmarkAPICookiesList(b *testing.B) {
	benchServe(b, benchHandler(b), func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/api/cookies", nil)
		r.Header.Set("Cookie", benchFiveCookies)
		return r
	}, http.StatusOK, `"header":"`+benchFiveCookies+`"`)
}

func BenchmarkAPICookiesSet(b *testing.B) {
	benchServe(b, benchHandler(b), func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/api/cookies", strings.NewReader(`{"name":"a","value":"b"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		return r
	}, http.StatusOK, `"set_cookie":"a=b`)
}

func BenchmarkGetCookie(b *testing.B) {
	benchServe(b, benchHandler(b), func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/getcookie", nil)
		r.Header.Set("Cookie", "user=Aditya")
		return r
	}, http.StatusOK, "The user is Aditya")
}

// BenchmarkHomePage is the pre-rendered home page of a logged-in user:
// go-app renders it for every request, as the greeting depends on the
// cookie.
func BenchmarkHomePage(b *testing.B) {
	benchServe(b, benchHandler(b), func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Cookie", "username=Ada")
		return r
	}, http.StatusOK, "Ada")
}

// BenchmarkBareHandler is the floor: net/http's ServeHTTP of a handler that
// writes three fixed bytes.
func BenchmarkBareHandler(b *testing.B) {
	body := []byte("ok\n")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	benchServe(b, h, func() *http.Request {
		return httptest.NewRequest(http.MethodGet, "/", nil)
	}, http.StatusOK, "ok")
}

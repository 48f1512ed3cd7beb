package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/cookieplayground/cookieplay/app/api"
)

// writeJSON writes v as the JSON body of a response with the given status.
// API answers depend on cookies, so no cache may keep them.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Debug("writing JSON body failed", "err", err)
	}
}

// writeError answers err as JSON. Bad input, a *api.FieldError, gets
// status (a 4xx) and {"error","field","rule"}; anything else is the
// server's fault: it is logged, and the answer is a 500 that says no more.
func writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	if fe, ok := errors.AsType[*api.FieldError](err); ok {
		writeJSON(w, status, fe.Response())
		return
	}
	slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, api.ErrorResponse{Error: "server: an internal error, logged on the server", Field: "server", Rule: api.RuleInternal})
}

// writeText writes a plain-text answer, as the tutorial's Flask views do.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

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

// writeError writes err as {"error": "..."}: 400 for bad input (a
// *fieldError or an oversized body), 500 otherwise, which is logged.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var fe *fieldError
	switch {
	case errors.As(err, &fe), errors.Is(err, errBodyTooLarge):
		writeJSON(w, http.StatusBadRequest, api.ErrorResponse{Error: err.Error()})
	default:
		slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, api.ErrorResponse{Error: "internal: " + err.Error()})
	}
}

// writeText writes a plain-text answer, as the tutorial's Flask views do.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// addSetCookie appends a validated line to the response's Set-Cookie
// headers. It bypasses http.SetCookie, which drops invalid cookies silently;
// every line here has passed buildSetCookie.
func addSetCookie(w http.ResponseWriter, line cookieLine) {
	w.Header().Add("Set-Cookie", line.String())
}

package server

import (
	"encoding/json"
	"errors"
	"fmt"
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
// *fieldError or an oversized body), or the status of an *httpError; 500
// otherwise. Internal details (a 500's error, an httpError's cause) go to the
// log only, never into the answer.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadRequest
	var he *httpError
	if errors.As(err, &he) {
		status = he.status
		if he.cause != nil {
			slog.Info("request refused", "method", r.Method, "path", r.URL.Path, "status", status, "err", he.cause)
		}
	}
	var fe *fieldError
	switch {
	case errors.As(err, &fe), errors.Is(err, errBodyTooLarge):
		writeJSON(w, status, api.ErrorResponse{Error: err.Error()})
	default:
		slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, api.ErrorResponse{Error: "internal: the server failed; the error is logged"})
	}
}

// httpError is bad input answered with a status other than 400. Its cause,
// if any, is logged and never sent: it may hold socket addresses.
type httpError struct {
	status int
	err    *fieldError // the answer
	cause  error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

// refuse returns an *httpError answering status with field and rule.
func refuse(status int, cause error, field, format string, args ...any) error {
	return &httpError{status: status, err: &fieldError{field: field, rule: fmt.Sprintf(format, args...)}, cause: cause}
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

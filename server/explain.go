package server

import (
	"errors"
	"net/http"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// handleExplain handles the "POST /api/explain" route: it applies the
// Set-Cookie lines to an empty cookie jar with the rules engine and explains
// what became of each, attribute by attribute, and of the Cookie header.
func (s *server) handleExplain() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req api.ExplainRequest
		if err := decodeJSON(w, r, &req); err != nil {
			writeError(w, r, err)
			return
		}
		resp, err := explainer.Explain(req, s.now())
		if err != nil {
			writeError(w, r, explainerError(err))
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// handleExplainTry handles the "POST /api/explain/try" route: its answer
// carries the given lines as Set-Cookie headers, exactly as written, so the
// /explain page can see what this browser makes of them. It is the one place
// that sends cookies it did not build itself, so it bypasses http.SetCookie,
// which would drop or rewrite them.
func (s *server) handleExplainTry() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req api.ExplainTryRequest
		if err := decodeJSON(w, r, &req); err != nil {
			writeError(w, r, err)
			return
		}
		if err := explainer.TryLines(req.SetCookie); err != nil {
			writeError(w, r, explainerError(err))
			return
		}
		for _, line := range req.SetCookie {
			w.Header().Add("Set-Cookie", line)
		}
		writeJSON(w, http.StatusOK, api.ExplainTryResponse{Sent: len(req.SetCookie)})
	}
}

// explainerError turns the explainer's bad-input errors into *fieldError.
func explainerError(err error) error {
	var fe *explainer.FieldError
	if errors.As(err, &fe) {
		return badField(fe.Field, "%s", fe.Rule)
	}
	return err
}

package server

import (
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
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		resp, err := explainer.Explain(req, s.now())
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// handleExplainTry handles the "POST /api/explain/try" route: its answer
// carries the given lines as Set-Cookie headers, exactly as written
// (api.AsWrittenLines), so the /explain page can see what this browser makes
// of them.
func (s *server) handleExplainTry() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req api.ExplainTryRequest
		if err := decodeJSON(w, r, &req); err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		lines, err := api.NewAsWrittenLines("set_cookie", req.SetCookie)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		addAsWritten(w, lines)
		writeJSON(w, http.StatusOK, api.ExplainTryResponse{Sent: len(lines.Lines())})
	}
}

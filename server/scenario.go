package server

import (
	"errors"
	"io"
	"net/http"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// handleScenario handles the "POST /api/scenario" route: it replays the
// scenario's requests, each in its context, on one empty cookie jar and says
// for each which cookies it carried, why the others stayed home, and what
// became of its response's Set-Cookie lines and its page's document.cookie
// writes.
func (s *server) handleScenario() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxScenarioBodyBytes))
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			writeError(w, r, http.StatusBadRequest, api.BadField("body", api.RuleLimit, "larger than %d bytes", api.MaxScenarioBodyBytes))
			return
		}
		if err != nil {
			writeError(w, r, http.StatusBadRequest, api.BadField("body", api.RuleJSON, "could not be read"))
			return
		}
		req, err := explainer.DecodeScenario(body)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		run, err := explainer.RunScenario(req, s.now())
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, run.Response)
	}
}

package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

var writeErrorTests = []struct {
	name       string
	status     int
	err        error
	wantStatus int
	wantBody   string
}{
	{"bad input is answered with its field and rule, under the status given", http.StatusNotFound,
		api.BadField("run", api.RuleFound, "unknown or expired"), http.StatusNotFound,
		`{"error":"run: unknown or expired","field":"run","rule":"found"}` + "\n"},
	{"a wrapped *api.FieldError is bad input too", http.StatusBadRequest,
		errors.Join(errors.New("context"), api.BadField("name", api.RuleToken, "must be a token")), http.StatusBadRequest,
		`{"error":"name: must be a token","field":"name","rule":"token"}` + "\n"},
	{"any other error is the server's: a 500 that tells nothing of it", http.StatusBadRequest,
		errors.New("open /secret/path: permission denied"), http.StatusInternalServerError,
		`{"error":"server: an internal error, logged on the server","field":"server","rule":"internal"}` + "\n"},
}

func TestWriteError(t *testing.T) {
	for _, tt := range writeErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, httptest.NewRequest(http.MethodGet, "/x", nil), tt.status, tt.err)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("writeError(%d, %v) = %d %q; want %d %q", tt.status, tt.err, rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q; want JSON", ct)
			}
		})
	}
}

package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// handleCookiesList handles the "GET /api/cookies" route: the cookies the
// server received, in header order, and the raw Cookie header.
func (s *server) handleCookiesList() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pairs := requestPairs(r)
		if pairs == nil {
			pairs = []api.Pair{}
		}
		writeJSON(w, http.StatusOK, api.CookiesResponse{Cookies: pairs, Header: rawCookieHeader(r)})
	}
}

// handleCookiesSet handles the "POST /api/cookies" route: it sends the
// cookie if the rules engine says a browser stores it as asked.
func (s *server) handleCookiesSet() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req api.SetCookieRequest
		if err := decodeJSON(w, r, &req); err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		line, err := buildSetCookie(req, requestURL(r), s.now())
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		addSetCookie(w, line)
		writeJSON(w, http.StatusOK, api.SetCookieResponse{SetCookie: line.String()})
	}
}

// handleCookiesDelete handles the "DELETE /api/cookies/{name}" route, with
// optional path and domain query parameters naming the cookie to expire.
func (s *server) handleCookiesDelete() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		line, err := buildDeleteCookie(r.PathValue("name"), q.Get("path"), q.Get("domain"), requestURL(r), s.now())
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		addSetCookie(w, line)
		writeJSON(w, http.StatusOK, api.SetCookieResponse{SetCookie: line.String()})
	}
}

// handleMe handles the "GET /api/me" route: who is logged in, if anyone.
func (s *server) handleMe() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var resp api.MeResponse
		if u, ok := s.currentUser(w, r); ok {
			resp.Username, resp.Mode = &u.name, u.mode
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// decodeJSON reads one JSON object of at most api.MaxBodyBytes into v,
// refusing unknown fields. Its errors name the field at fault.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, api.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// Anything but the end of the body after the object is an error,
		// the body cap's included (dec.More misses "]", "}" and the cap).
		if _, terr := dec.Token(); terr != io.EOF {
			err = terr
			if err == nil {
				err = api.BadField("body", api.RuleJSON, "must hold exactly one JSON object")
			}
		}
	}
	var (
		maxBytes  *http.MaxBytesError
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &maxBytes):
		return api.BadField("body", api.RuleLimit, "larger than %d bytes", api.MaxBodyBytes)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return api.BadField(field, api.RuleJSON, "must be a JSON %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return api.BadField("body", api.RuleJSON, "invalid JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return api.BadField("body", api.RuleJSON, "must be a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return api.BadField(field, api.RuleKnownField, "unknown field")
	}
	if _, ok := errors.AsType[*api.FieldError](err); ok {
		return err
	}
	return api.BadField("body", api.RuleJSON, "%v", err)
}

// jsonKind names a Go kind the way a JSON user knows it.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int64":
		return "integer"
	case "bool":
		return "boolean"
	case "ptr":
		return "integer"
	case "struct":
		return "object"
	}
	return kind
}

// rawCookieHeader returns the Cookie header as received, several header
// lines joined as HTTP/2 would (RFC 9113 §8.2.3).
func rawCookieHeader(r *http.Request) string {
	return strings.Join(r.Header.Values("Cookie"), "; ")
}

// requestPairs returns every pair of the request's Cookie header, even those
// net/http's strict parser would drop.
func requestPairs(r *http.Request) []api.Pair {
	return api.ParseCookieString(rawCookieHeader(r))
}

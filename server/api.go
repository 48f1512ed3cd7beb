package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
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
		resp := api.SetCookieResponse{SetCookie: line.String()}
		resp.EffectiveExpires, resp.Note = effectiveExpiry(line, s.now())
		writeJSON(w, http.StatusOK, resp)
	}
}

// effectiveExpiry returns when a browser will expire the cookie of line,
// sent at now, as the engine decides it (RFC 3339, UTC; "" for a session
// cookie), and a note when that is sooner than asked: browsers keep a
// cookie 400 days at most (RFC 6265bis §5.5).
func effectiveExpiry(line cookierules.Line, now time.Time) (expires, note string) {
	p, err := cookierules.Parse(line.String())
	if err != nil {
		return "", ""
	}
	t, persistent, capped := cookierules.Expiry(p, now)
	if !persistent {
		return "", ""
	}
	expires = t.UTC().Format(time.RFC3339)
	if capped {
		field := "expires"
		if p.HasMaxAge {
			field = "max_age"
		}
		note = fmt.Sprintf("%s is beyond the %d days a browser keeps a cookie, so it expires at %s instead (RFC 6265bis §5.5)",
			field, int(cookierules.MaxAge/(24*time.Hour)), expires)
	}
	return expires, note
}

// handleCookiesDelete handles the "DELETE /api/cookies/{name}" route, with
// optional path and domain query parameters naming the cookie to expire.
func (s *server) handleCookiesDelete() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		for _, name := range slices.Sorted(maps.Keys(q)) {
			if name != "path" && name != "domain" {
				writeError(w, r, http.StatusBadRequest, api.BadField(paramField(name), api.RuleKnownField, "unknown parameter: only path and domain name the cookie to expire"))
				return
			}
		}
		line, err := buildDeleteCookie(r.PathValue("name"), q["path"], q["domain"], requestURL(r), s.now())
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
// strictly: unknown or differently cased member names, a name given twice,
// invalid UTF-8 and lone surrogate escapes (RFC 8259 §8) are refused rather
// than matched, kept last or replaced with U+FFFD. Its errors name the field
// at fault.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxBodyBytes))
	if err != nil {
		var maxBytes *http.MaxBytesError
		var netErr net.Error
		switch {
		case errors.As(err, &maxBytes):
			return api.BadField("body", api.RuleLimit, "larger than %d bytes", api.MaxBodyBytes)
		case errors.As(err, &netErr) && netErr.Timeout():
			// The error names both sockets' addresses: the log's, not the client's.
			slog.Info("request body not received in time", "method", r.Method, "path", r.URL.Path, "err", err)
			return api.BadField("body", api.RuleReceived, "not received in time")
		}
		slog.Info("request body unreadable", "method", r.Method, "path", r.URL.Path, "err", err)
		return api.BadField("body", api.RuleReceived, "could not be read")
	}
	if err := json.Unmarshal(body, v, json.RejectUnknownMembers(true)); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError turns an error of json.Unmarshal into an *api.FieldError naming
// the member at fault, or "body".
func jsonError(err error) error {
	var (
		semErr *json.SemanticError
		synErr *jsontext.SyntacticError
	)
	switch {
	case errors.As(err, &semErr):
		field := jsonField(semErr.JSONPointer)
		switch {
		case errors.Is(semErr.Err, json.ErrUnknownName):
			return api.BadField(field, api.RuleKnownField, "unknown field (names are case-sensitive)")
		case field == "body":
			return api.BadField(field, api.RuleJSON, "must be a JSON object, not %s", jsonKindName(semErr.JSONKind))
		case semErr.JSONKind == '0' && semErr.Err != nil && strings.Contains(semErr.Err.Error(), "out of range"):
			return api.BadField(field, api.RuleJSON, "the number %s is out of range", quotedParam(string(semErr.JSONValue)))
		case semErr.JSONKind == '0' && semErr.JSONValue != nil:
			return api.BadField(field, api.RuleJSON, "must be a JSON %s, not the number %s", jsonKind(semErr.GoType), quotedParam(string(semErr.JSONValue)))
		}
		return api.BadField(field, api.RuleJSON, "must be a JSON %s, not %s", jsonKind(semErr.GoType), jsonKindName(semErr.JSONKind))
	case errors.As(err, &synErr):
		field := jsonField(synErr.JSONPointer)
		switch msg := synErr.Err.Error(); {
		case errors.Is(synErr.Err, jsontext.ErrDuplicateName):
			return api.BadField(field, api.RuleJSON, "given twice; give each field once")
		case strings.Contains(msg, "invalid UTF-8"), strings.Contains(msg, "surrogate"):
			return api.BadField(field, api.RuleJSON, "not valid Unicode text: invalid UTF-8 or a lone surrogate escape (RFC 8259 §8)")
		case errors.Is(synErr.Err, io.ErrUnexpectedEOF) && synErr.ByteOffset == 0:
			return api.BadField("body", api.RuleJSON, "must be a JSON object")
		}
		return api.BadField("body", api.RuleJSON, "invalid JSON at byte %d: %s", synErr.ByteOffset, strings.TrimPrefix(synErr.Err.Error(), "jsontext: "))
	}
	return api.BadField("body", api.RuleJSON, "invalid JSON")
}

// jsonField names the top-level member a JSON Pointer (RFC 6901) points
// into, or "body" for the whole body or a name no error should repeat.
func jsonField(p jsontext.Pointer) string {
	for token := range p.Tokens() {
		if token == "" || len(token) > 64 || !utf8.ValidString(token) {
			break
		}
		return token
	}
	return "body"
}

// jsonKindName names the kind of a JSON value as its reader knows it.
func jsonKindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "another value"
}

// jsonKind names the JSON type a Go type is written as.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return t.Kind().String()
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

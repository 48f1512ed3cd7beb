package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Header values of API answers, built once (see headerValue).
var (
	jsonContentType = headerValue("application/json; charset=utf-8")
	textContentType = headerValue("text/plain; charset=utf-8")
	noStore         = headerValue("no-store")
)

// jsonBuffer is an encoder with the buffer it writes to, kept in
// jsonBuffers between answers.
type jsonBuffer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonBuffers = sync.Pool{New: func() any {
	b := new(jsonBuffer)
	b.enc = json.NewEncoder(&b.buf)
	return b
}}

// maxPooledJSON is the largest buffer jsonBuffers keeps: one huge answer
// should not pin its memory for good.
const maxPooledJSON = 64 << 10

// writeJSON writes v as the JSON body of a response with the given status.
// API answers depend on cookies, so no cache may keep them. v is encoded
// before anything is sent, so a value that cannot be encoded gets a 500
// rather than half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b := jsonBuffers.Get().(*jsonBuffer)
	defer func() {
		if b.buf.Cap() <= maxPooledJSON {
			b.buf.Reset()
			jsonBuffers.Put(b)
		}
	}()
	if err := b.enc.Encode(v); err != nil {
		slog.Error("encoding a JSON answer failed", "err", err)
		b.buf.Reset()
		status = http.StatusInternalServerError
		_ = b.enc.Encode(internalError)
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Cache-Control"] = noStore
	w.WriteHeader(status)
	if _, err := w.Write(b.buf.Bytes()); err != nil {
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
	writeJSON(w, http.StatusInternalServerError, internalError)
}

// internalError is the answer to a failure of the server's own: it says
// no more than that.
var internalError = api.ErrorResponse{Error: "server: an internal error, logged on the server", Field: "server", Rule: api.RuleInternal}

// writeText writes a plain-text answer, as the tutorial's Flask views do.
func writeText(w http.ResponseWriter, status int, text string) {
	h := w.Header()
	h["Content-Type"] = textContentType
	h["Cache-Control"] = noStore
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text)
}

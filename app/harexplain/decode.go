// Package harexplain replays a recorded session, a HAR file (HTTP Archive
// 1.2), through the cookie rules engine (app/cookierules): each entry's
// request in the context recorded with it (its page, Sec-Fetch-* and Origin
// headers, Chromium's _resourceType and _initiator), its predicted Cookie
// header beside the recorded one, and the verdict on each Set-Cookie line of
// its response. The /explain page runs it in the wasm; `cookieplay har` on
// the command line.
package harexplain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// FormatError says why a file is not a HAR this package can read: Path names
// the place in the file ("log.entries[3].request.url"), Problem what is wrong
// there.
type FormatError struct {
	Path, Problem string
}

func (e *FormatError) Error() string {
	if e.Path == "" {
		return "not a HAR file: " + e.Problem
	}
	return "not a HAR file: " + e.Path + ": " + e.Problem
}

func formatErr(path, format string, args ...any) error {
	return &FormatError{Path: path, Problem: fmt.Sprintf(format, args...)}
}

// Log is a decoded HAR log: its creator, pages and entries.
type Log struct {
	Creator string
	Pages   map[string]Page // by id
	Entries []Entry
}

// Page is one of log.pages.
type Page struct {
	ID, Title string
}

// Entry is one of log.entries, with what the replay needs of it.
type Entry struct {
	Pageref  string
	Started  time.Time
	Request  Request
	Response Response
	Timings  Timings
	// ResourceType and Initiator are Chromium's extensions _resourceType and
	// _initiator (type, and the URL of the document or script).
	ResourceType  string
	InitiatorType string
	InitiatorURL  string
	FromCache     string // Chromium's _fromCache: "memory" or "disk"
	Error         string // Chromium's response._error, e.g. net::ERR_BLOCKED_BY_CLIENT
}

// Request is an entry's request.
type Request struct {
	Method  string
	URL     string
	Headers []NameValue
	Cookies []Cookie
}

// Response is an entry's response.
type Response struct {
	Status      int
	Headers     []NameValue
	Cookies     []Cookie
	RedirectURL string
}

// NameValue is a header.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Cookie is a cookie object of a request or a response. Expires is kept as
// written (HAR writers disagree on its type).
type Cookie struct {
	Name     string          `json:"name"`
	Value    string          `json:"value"`
	Path     string          `json:"path"`
	Domain   string          `json:"domain"`
	Expires  json.RawMessage `json:"expires"`
	HTTPOnly bool            `json:"httpOnly"`
	Secure   bool            `json:"secure"`
	SameSite string          `json:"sameSite"`
}

// Timings are the phases of an entry in milliseconds; -1 (or absent) means
// the phase did not apply. Connect includes SSL (HAR 1.2).
type Timings struct {
	Blocked, DNS, Connect, Send, Wait, Receive float64
}

// Wire formats, decoded one entry at a time so an error names its entry.
type (
	wireLog struct {
		Version string            `json:"version"`
		Creator *wireCreator      `json:"creator"`
		Pages   []Page            `json:"pages"`
		Entries []json.RawMessage `json:"entries"`
	}
	wireLogFast struct {
		Creator *wireCreator `json:"creator"`
		Pages   []Page       `json:"pages"`
		Entries []wireEntry  `json:"entries"`
	}
	wireCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	wireEntry struct {
		Pageref         string          `json:"pageref"`
		StartedDateTime *string         `json:"startedDateTime"`
		Request         *wireRequest    `json:"request"`
		Response        *wireResponse   `json:"response"`
		Timings         *wireTimings    `json:"timings"`
		ResourceType    string          `json:"_resourceType"`
		Initiator       json.RawMessage `json:"_initiator"`
		FromCache       string          `json:"_fromCache"`
	}
	wireRequest struct {
		Method  *string     `json:"method"`
		URL     *string     `json:"url"`
		Headers []NameValue `json:"headers"`
		Cookies []Cookie    `json:"cookies"`
	}
	wireResponse struct {
		Status      float64     `json:"status"`
		Headers     []NameValue `json:"headers"`
		Cookies     []Cookie    `json:"cookies"`
		RedirectURL string      `json:"redirectURL"`
		Error       string      `json:"_error"`
	}
	wireTimings struct {
		Blocked *float64 `json:"blocked"`
		DNS     *float64 `json:"dns"`
		Connect *float64 `json:"connect"`
		Send    *float64 `json:"send"`
		Wait    *float64 `json:"wait"`
		Receive *float64 `json:"receive"`
	}
	wireInitiator struct {
		Type  string `json:"type"`
		URL   string `json:"url"`
		Stack *struct {
			CallFrames []struct {
				URL string `json:"url"`
			} `json:"callFrames"`
		} `json:"stack"`
	}
)

// Decode reads a HAR file. Its errors are *FormatError: the file is larger
// than api.MaxHARBytes, is not JSON, has no "log", or holds a field of the
// wrong type or an entry without its request URL, method or start time.
func Decode(data []byte) (*Log, error) {
	if len(data) > api.MaxHARBytes {
		return nil, formatErr("", "the file is %s; the limit is %s", Size(int64(len(data))), Size(api.MaxHARBytes))
	}
	// One pass over a well-formed file; only when it fails do the slower
	// passes below find what to name.
	var fast struct {
		Log *wireLogFast `json:"log"`
	}
	if json.Unmarshal(data, &fast) == nil && fast.Log != nil && fast.Log.Entries != nil {
		l := newLog(fast.Log.Creator, fast.Log.Pages, len(fast.Log.Entries))
		for i, w := range fast.Log.Entries {
			e, err := entryOf(w, fmt.Sprintf("log.entries[%d]", i))
			if err != nil {
				return nil, err
			}
			l.Entries = append(l.Entries, e)
		}
		return l, nil
	}
	var top struct {
		Log json.RawMessage `json:"log"`
	}
	if err := decodeJSON(data, &top, ""); err != nil {
		return nil, err
	}
	if len(top.Log) == 0 || bytes.Equal(top.Log, []byte("null")) {
		return nil, formatErr("", `it has no "log": a HAR file is one JSON object {"log": {"entries": […]}}`)
	}
	var wl wireLog
	if err := decodeJSON(top.Log, &wl, "log"); err != nil {
		return nil, err
	}
	if wl.Entries == nil {
		return nil, formatErr("log.entries", "missing: a HAR log lists its requests in entries")
	}
	l := newLog(wl.Creator, wl.Pages, len(wl.Entries))
	for i, raw := range wl.Entries {
		e, err := decodeEntry(raw, fmt.Sprintf("log.entries[%d]", i))
		if err != nil {
			return nil, err
		}
		l.Entries = append(l.Entries, e)
	}
	return l, nil
}

func newLog(c *wireCreator, pages []Page, n int) *Log {
	l := &Log{Pages: map[string]Page{}, Entries: make([]Entry, 0, n)}
	if c != nil {
		l.Creator = strings.TrimSpace(c.Name + " " + c.Version)
	}
	for _, p := range pages {
		l.Pages[p.ID] = p
	}
	return l
}

func decodeEntry(raw json.RawMessage, path string) (Entry, error) {
	var w wireEntry
	if err := decodeJSON(raw, &w, path); err != nil {
		return Entry{}, err
	}
	return entryOf(w, path)
}

// entryOf checks a decoded entry and keeps what the replay needs.
func entryOf(w wireEntry, path string) (Entry, error) {
	var e Entry
	switch {
	case w.Request == nil:
		return e, formatErr(path+".request", "missing")
	case w.Request.URL == nil || *w.Request.URL == "":
		return e, formatErr(path+".request.url", "missing")
	case w.Request.Method == nil || *w.Request.Method == "":
		return e, formatErr(path+".request.method", "missing")
	case w.StartedDateTime == nil:
		return e, formatErr(path+".startedDateTime", "missing")
	}
	u, err := url.Parse(*w.Request.URL)
	if err != nil || !u.IsAbs() {
		return e, formatErr(path+".request.url", "%q is not an absolute URL", *w.Request.URL)
	}
	started, err := time.Parse(time.RFC3339Nano, *w.StartedDateTime)
	if err != nil {
		return e, formatErr(path+".startedDateTime", "%q is not an ISO 8601 date and time such as 2026-01-02T15:04:05.678Z", *w.StartedDateTime)
	}
	e = Entry{
		Pageref: w.Pageref, Started: started,
		Request:      Request{Method: strings.ToUpper(*w.Request.Method), URL: *w.Request.URL, Headers: w.Request.Headers, Cookies: w.Request.Cookies},
		ResourceType: w.ResourceType, FromCache: w.FromCache,
	}
	if r := w.Response; r != nil {
		e.Response = Response{Status: int(r.Status), Headers: r.Headers, Cookies: r.Cookies, RedirectURL: r.RedirectURL}
		e.Error = r.Error
	}
	if t := w.Timings; t != nil {
		ms := func(p *float64) float64 {
			if p == nil || *p < 0 {
				return 0
			}
			return *p
		}
		e.Timings = Timings{Blocked: ms(t.Blocked), DNS: ms(t.DNS), Connect: ms(t.Connect), Send: ms(t.Send), Wait: ms(t.Wait), Receive: ms(t.Receive)}
	}
	e.InitiatorType, e.InitiatorURL = initiator(w.Initiator)
	return e, nil
}

// initiator reads Chromium's _initiator: an object {type, url, stack} (the
// URL of the parsing document, or of the script on top of the stack); a
// plain string is taken as a URL.
func initiator(raw json.RawMessage) (typ, u string) {
	if len(raw) == 0 {
		return "", ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return "", s
	}
	var w wireInitiator
	if json.Unmarshal(raw, &w) != nil {
		return "", ""
	}
	u = w.URL
	if u == "" && w.Stack != nil && len(w.Stack.CallFrames) > 0 {
		u = w.Stack.CallFrames[0].URL
	}
	return w.Type, u
}

// decodeJSON decodes one JSON value from data into v; path names it in
// errors.
func decodeJSON(data []byte, v any, path string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return formatErr(path, "more than one JSON value")
		}
		return nil
	}
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	where := func(field string) string {
		switch {
		case field == "":
			return path
		case path == "":
			return field
		}
		return path + "." + field
	}
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" && path == "" {
			return formatErr("", "must be a JSON object {\"log\": …}, not %s", typeErr.Value)
		}
		return formatErr(where(field), "must be %s, not %s", jsonType(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		if path == "" {
			return formatErr("", "not JSON (%v, at byte %d)", syntaxErr, syntaxErr.Offset)
		}
		return formatErr(path, "invalid JSON at byte %d", syntaxErr.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if path == "" {
			return formatErr("", "not JSON (the file is empty or ends too soon)")
		}
		return formatErr(path, "ends too soon")
	}
	return formatErr(path, "%v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "float64", "int", "int64":
		return "a number"
	}
	return "a " + kind
}

// Size writes a byte count the way the page and the CLI show file sizes:
// "60.0 MB", with MB = 2^20 bytes.
func Size(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

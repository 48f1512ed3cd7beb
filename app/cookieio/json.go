package cookieio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// editorCookie is one cookie as Cookie-Editor and EditThisCookie export it
// (the fields of the chrome.cookies API's Cookie). Unknown is ours: the
// attributes the exporting page could not know.
type editorCookie struct {
	Domain         string   `json:"domain"`
	ExpirationDate *float64 `json:"expirationDate,omitempty"`
	HostOnly       bool     `json:"hostOnly"`
	HttpOnly       bool     `json:"httpOnly"`
	Name           string   `json:"name"`
	Path           string   `json:"path"`
	SameSite       string   `json:"sameSite"`
	Secure         bool     `json:"secure"`
	Session        bool     `json:"session"`
	Partitioned    bool     `json:"partitioned,omitempty"`
	Value          string   `json:"value"`
	Unknown        []string `json:"unknown,omitempty"`
}

// The chrome.cookies API's SameSite names.
var sameSiteFromEditor = map[string]string{
	"no_restriction": "None", "none": "None", "lax": "Lax", "strict": "Strict", "unspecified": "", "": "",
}

// ParseJSON reads a JSON array of cookie objects as Cookie-Editor exports
// it. Anything but an array is an error; an element that is not a cookie is
// refused with its position.
func ParseJSON(text string) ([]Entry, []Refusal, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "[") {
			return nil, nil, fmt.Errorf("input: not valid JSON: %v", err)
		}
		return nil, nil, fmt.Errorf("input: JSON that is not an array; a cookie export is an array of objects such as [{\"name\":\"a\",\"value\":\"1\",\"domain\":\"example.com\",\"path\":\"/\"}]")
	}
	var entries []Entry
	var refused []Refusal
	for i, m := range raw {
		n := i + 1
		c, err := parseEditorCookie(m)
		if err != nil {
			refused = append(refused, Refusal{Line: n, Text: shorten(string(m)), Reason: err.Error(), InArray: true})
			continue
		}
		entries = append(entries, Entry{Line: n, Cookie: c})
	}
	return entries, refused, nil
}

func parseEditorCookie(m json.RawMessage) (Cookie, error) {
	var e struct {
		editorCookie
		SameSite *string `json:"sameSite"`
		HostOnly *bool   `json:"hostOnly"`
	}
	if t := bytes.TrimSpace(m); len(t) == 0 || t[0] != '{' {
		return Cookie{}, fmt.Errorf("not a cookie object: an object with name, value, domain… is expected")
	}
	if err := json.Unmarshal(m, &e); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field[strings.LastIndex(te.Field, ".")+1:]
			return Cookie{}, fmt.Errorf("%s: must be a JSON %s, not %s", field, te.Type.Kind(), te.Value)
		}
		return Cookie{}, fmt.Errorf("not a cookie object: %v", err)
	}
	if e.Name == "" {
		return Cookie{}, fmt.Errorf("name: empty")
	}
	domain := strings.ToLower(strings.TrimSpace(e.Domain))
	if strings.Trim(domain, ".") == "" {
		return Cookie{}, fmt.Errorf("domain: empty")
	}
	c := Cookie{Name: e.Name, Value: e.Value, Domain: strings.TrimPrefix(domain, "."), Path: e.Path,
		Secure: e.Secure, HttpOnly: e.HttpOnly, Partitioned: e.Partitioned}
	// Without hostOnly, a leading dot is what marks a domain cookie.
	c.HostOnly = !strings.HasPrefix(domain, ".")
	if e.HostOnly != nil {
		c.HostOnly = *e.HostOnly
	}
	if c.Path == "" {
		c.Path = "/"
	}
	if e.SameSite != nil {
		s, ok := sameSiteFromEditor[strings.ToLower(*e.SameSite)]
		if !ok {
			return Cookie{}, fmt.Errorf("sameSite: %q is none of no_restriction, lax, strict, unspecified", *e.SameSite)
		}
		c.SameSite = s
	}
	if e.ExpirationDate != nil && !e.Session {
		d := *e.ExpirationDate
		if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 || d > 1e11 {
			return Cookie{}, fmt.Errorf("expirationDate: %v is not a time in seconds since 1970", d)
		}
		sec, frac := math.Modf(d)
		c.Expires = time.Unix(int64(sec), int64(frac*1e9)).UTC().Truncate(time.Second)
	}
	return c, nil
}

// FormatJSON writes cookies as the JSON array Cookie-Editor imports. A
// cookie whose attributes are partly unknown lists them in "unknown".
func FormatJSON(cookies []Cookie) string {
	out := make([]editorCookie, 0, len(cookies))
	for _, c := range cookies {
		e := editorCookie{Domain: c.Domain, HostOnly: c.HostOnly, HttpOnly: c.HttpOnly, Name: c.Name, Path: c.Path,
			SameSite: sameSiteToEditor(c.SameSite), Secure: c.Secure, Session: c.Expires.IsZero(),
			Partitioned: c.Partitioned, Value: c.Value, Unknown: c.Unknown}
		if !c.HostOnly {
			e.Domain = "." + c.Domain
		}
		if !c.Expires.IsZero() {
			d := float64(c.Expires.Unix())
			e.ExpirationDate = &d
		}
		out = append(out, e)
	}
	b, _ := json.MarshalIndent(out, "", "  ") // plain strings and numbers cannot fail
	return string(b) + "\n"
}

func sameSiteToEditor(s string) string {
	switch s {
	case "None":
		return "no_restriction"
	case "Lax":
		return "lax"
	case "Strict":
		return "strict"
	}
	return "unspecified"
}

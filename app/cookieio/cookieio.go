// Package cookieio reads and writes cookies in the text formats other cookie
// tools use: Netscape cookies.txt (curl, wget, yt-dlp), the JSON array
// Cookie-Editor and EditThisCookie export, and a Cookie header. It is pure
// Go for the wasm UI: whether a browser would keep a cookie is the rules
// engine's question (app/cookierules), not this package's.
package cookieio

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Cookie is one cookie as a file describes it. Unknown lists the attributes
// its source could not tell (a Cookie header carries none), by the names of
// the Attr constants.
type Cookie struct {
	Name, Value string
	Domain      string // lower case, no leading dot
	HostOnly    bool   // false: sent to subdomains too (Netscape's include-subdomains column)
	Path        string
	Expires     time.Time // zero for a session cookie
	Secure      bool
	HttpOnly    bool
	SameSite    string // "Strict", "Lax", "None" or "" (not set)
	Partitioned bool
	Unknown     []string
}

// Attribute names used in Cookie.Unknown.
const (
	AttrDomain      = "domain"
	AttrPath        = "path"
	AttrExpires     = "expires"
	AttrSecure      = "secure"
	AttrHttpOnly    = "http_only"
	AttrSameSite    = "same_site"
	AttrPartitioned = "partitioned"
)

// IsUnknown reports whether the cookie's source could not tell attr.
func (c Cookie) IsUnknown(attr string) bool {
	for _, a := range c.Unknown {
		if a == attr {
			return true
		}
	}
	return false
}

// Entry is a cookie read from a file, with where it was read: a line number
// for text formats, an array position (from 1) for JSON.
type Entry struct {
	Line   int
	Cookie Cookie
}

// Refusal is a line of a file (or an element of a JSON array) that gave no
// cookie, and why.
type Refusal struct {
	Line    int
	Text    string // the line, cut to a readable length
	Reason  string
	InArray bool // Line is a position in a JSON array
}

func (r Refusal) String() string {
	where := "line"
	if r.InArray {
		where = "entry"
	}
	if r.Text == "" {
		return fmt.Sprintf("%s %d: %s", where, r.Line, r.Reason)
	}
	return fmt.Sprintf("%s %d (%s): %s", where, r.Line, r.Text, r.Reason)
}

// Format is one of the text formats this package reads and writes.
type Format string

// The formats, named as the jar's import and export choices are.
const (
	Netscape Format = "netscape"
	JSON     Format = "json"
	Header   Format = "header"
)

// MaxInputBytes caps what Parse reads: far more than any browser profile's
// cookies for one site (a few hundred cookies of at most 4096 bytes each),
// and small enough that a paste of something else is refused at once.
const MaxInputBytes = 1 << 20

// Detect guesses the format of text: JSON when it starts with '[' or '{',
// Netscape when a line has tab-separated fields or the file's header or
// curl's #HttpOnly_ marker, else a Cookie header.
func Detect(text string) Format {
	t := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{"):
		return JSON
	case strings.Contains(t, "\t"), strings.Contains(t, "# Netscape HTTP Cookie File"),
		strings.Contains(t, "# HTTP Cookie File"), strings.Contains(t, "#HttpOnly_"):
		return Netscape
	}
	return Header
}

// Parse reads text in format f, or the detected format when f is "". An
// error means the input as a whole is unusable (too large, not text, JSON
// that is not an array); otherwise every line gives a cookie or a refusal.
// host is the page's host: a Cookie header names no domain, so its cookies
// are host-only cookies of host.
func Parse(text string, f Format, host string) (Format, []Entry, []Refusal, error) {
	if f == "" {
		f = Detect(text)
	}
	if err := checkText(text); err != nil {
		return f, nil, nil, err
	}
	switch f {
	case Netscape:
		e, r := ParseNetscape(text)
		return f, e, r, nil
	case JSON:
		e, r, err := ParseJSON(text)
		return f, e, r, err
	case Header:
		e, r := ParseHeader(text, host)
		return f, e, r, nil
	}
	return f, nil, nil, fmt.Errorf("format: %q is not one of netscape, json, header", f)
}

// ErrEmpty is Parse's error for input with nothing in it.
var ErrEmpty = errors.New("input: there is nothing to import")

// checkText refuses input that cannot be a cookie file at all.
func checkText(text string) error {
	if len(text) > MaxInputBytes {
		return fmt.Errorf("input: %d bytes is more than the %d an import takes; import the cookies of one site at a time", len(text), MaxInputBytes)
	}
	if strings.TrimSpace(text) == "" {
		return ErrEmpty
	}
	if !utf8.ValidString(text) {
		i := 0
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return fmt.Errorf("input: not text (byte %d, 0x%02X, is not UTF-8); paste a cookies.txt, a JSON array or a Cookie header", i, text[i])
	}
	for i, r := range text {
		switch {
		case r == 0:
			return fmt.Errorf("input: not text (a NUL byte at %d); paste a cookies.txt, a JSON array or a Cookie header", i)
		case r == utf8.RuneError:
			return fmt.Errorf("input: not text (U+FFFD at byte %d, what binary data becomes when pasted); paste a cookies.txt, a JSON array or a Cookie header", i)
		case (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f:
			return fmt.Errorf("input: not text (control character 0x%02X at byte %d); paste a cookies.txt, a JSON array or a Cookie header", r, i)
		}
	}
	return nil
}

// shorten cuts s to a length that reads well in a list of refusals.
func shorten(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

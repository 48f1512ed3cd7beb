package harexplain

import (
	"strings"
	"time"
)

// setCookieLines returns the Set-Cookie lines of the response: its
// Set-Cookie headers (Chromium joins several with line breaks in one value),
// or else lines rebuilt from response.cookies.
func setCookieLines(s *step, e *Entry) []string {
	var lines []string
	for _, v := range headerValues(e.Response.Headers, "Set-Cookie") {
		for _, l := range strings.Split(v, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) > 0 || len(e.Response.Cookies) == 0 {
		return lines
	}
	for _, c := range e.Response.Cookies {
		lines = append(lines, rebuildLine(c))
	}
	s.note("no Set-Cookie header: the lines are rebuilt from response.cookies, which hold no Max-Age nor Partitioned")
	return lines
}

// rebuildLine writes a response cookie object back as a Set-Cookie line.
func rebuildLine(c Cookie) string {
	var b strings.Builder
	b.WriteString(c.Name + "=" + c.Value)
	if c.Path != "" {
		b.WriteString("; Path=" + c.Path)
	}
	if c.Domain != "" {
		b.WriteString("; Domain=" + c.Domain)
	}
	var exp string
	if len(c.Expires) > 0 && c.Expires[0] == '"' {
		exp = strings.Trim(string(c.Expires), `"`)
	}
	if t, err := time.Parse(time.RFC3339Nano, exp); err == nil {
		b.WriteString("; Expires=" + t.UTC().Format(http1123))
	}
	if c.Secure {
		b.WriteString("; Secure")
	}
	if c.HTTPOnly {
		b.WriteString("; HttpOnly")
	}
	if c.SameSite != "" {
		b.WriteString("; SameSite=" + c.SameSite)
	}
	return b.String()
}

const http1123 = "Mon, 02 Jan 2006 15:04:05 GMT"

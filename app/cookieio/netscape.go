package cookieio

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// httpOnlyPrefix marks an HttpOnly cookie's line in curl's cookies.txt; to
// other readers the line is a comment.
const httpOnlyPrefix = "#HttpOnly_"

// ParseNetscape reads a Netscape cookies.txt: per line domain,
// include-subdomains (TRUE/FALSE), path, secure (TRUE/FALSE), expiry (Unix
// seconds, 0 for a session cookie), name and value, separated by tabs. Lines
// starting with '#' are comments, except curl's "#HttpOnly_" lines.
func ParseNetscape(text string) ([]Entry, []Refusal) {
	var entries []Entry
	var refused []Refusal
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		httpOnly := false
		if strings.HasPrefix(line, httpOnlyPrefix) {
			httpOnly, line = true, strings.TrimPrefix(line, httpOnlyPrefix)
		}
		if strings.TrimSpace(line) == "" || (!httpOnly && strings.HasPrefix(line, "#")) {
			continue
		}
		c, err := parseNetscapeLine(line)
		if err != nil {
			refused = append(refused, Refusal{Line: n, Text: shorten(line), Reason: err.Error()})
			continue
		}
		c.HttpOnly = httpOnly
		entries = append(entries, Entry{Line: n, Cookie: c})
	}
	return entries, refused
}

func parseNetscapeLine(line string) (Cookie, error) {
	f := strings.SplitN(line, "\t", 7)
	if len(f) == 6 { // a cookie with an empty value, its last tab trimmed
		f = append(f, "")
	}
	if len(f) != 7 {
		return Cookie{}, fmt.Errorf("has %d tab-separated fields; a cookies.txt line has 7: domain, include subdomains, path, secure, expiry, name, value", len(f))
	}
	c := Cookie{Path: f[2], Name: f[5], Value: f[6], Unknown: []string{AttrSameSite, AttrPartitioned}}
	domain := strings.ToLower(strings.TrimSpace(f[0]))
	if domain == "" || domain == "." {
		return Cookie{}, fmt.Errorf("domain: empty")
	}
	sub, err := netscapeBool("include subdomains", f[1])
	if err != nil {
		return Cookie{}, err
	}
	// curl writes a leading dot for domain cookies; the column decides.
	c.Domain, c.HostOnly = strings.TrimPrefix(domain, "."), !sub
	if c.Secure, err = netscapeBool("secure", f[3]); err != nil {
		return Cookie{}, err
	}
	exp, err := strconv.ParseInt(strings.TrimSpace(f[4]), 10, 64)
	if err != nil {
		return Cookie{}, fmt.Errorf("expiry: %q is not a number of seconds since 1970 (0 for a session cookie)", f[4])
	}
	if exp != 0 {
		c.Expires = time.Unix(exp, 0).UTC()
	}
	if c.Name == "" {
		return Cookie{}, fmt.Errorf("name: empty")
	}
	if c.Path == "" {
		c.Path = "/"
	}
	return c, nil
}

func netscapeBool(column, v string) (bool, error) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "TRUE":
		return true, nil
	case "FALSE":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is neither TRUE nor FALSE", column, v)
}

// FormatNetscape writes cookies as a Netscape cookies.txt that curl -b
// reads. HttpOnly cookies get curl's "#HttpOnly_" lines; a cookie with
// unknown attributes is preceded by a comment naming them and what was
// written in their place.
func FormatNetscape(cookies []Cookie) string {
	var b strings.Builder
	b.WriteString("# Netscape HTTP Cookie File\n# Exported by Cookie Playground. Columns: domain, include subdomains, path, secure, expiry, name, value.\n\n")
	for _, c := range cookies {
		if len(c.Unknown) > 0 {
			fmt.Fprintf(&b, "# %s: unknown %s; written as %s\n", c.Name, strings.Join(c.Unknown, ", "), assumed(c))
		}
		if c.HttpOnly {
			b.WriteString(httpOnlyPrefix)
		}
		domain, sub := c.Domain, "FALSE"
		if !c.HostOnly {
			domain, sub = "."+c.Domain, "TRUE"
		}
		var exp int64
		if !c.Expires.IsZero() {
			exp = c.Expires.Unix()
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", domain, sub, c.Path, netscapeBoolString(c.Secure), exp, c.Name, c.Value)
	}
	return b.String()
}

func netscapeBoolString(v bool) string {
	if v {
		return "TRUE"
	}
	return "FALSE"
}

// assumed says what an export wrote for a cookie's unknown attributes.
func assumed(c Cookie) string {
	var parts []string
	for _, a := range c.Unknown {
		switch a {
		case AttrDomain:
			if c.HostOnly {
				parts = append(parts, "host-only "+c.Domain)
			} else {
				parts = append(parts, "domain "+c.Domain)
			}
		case AttrPath:
			parts = append(parts, "path "+c.Path)
		case AttrExpires:
			if c.Expires.IsZero() {
				parts = append(parts, "a session cookie")
			} else {
				parts = append(parts, "expiring "+c.Expires.Format(time.RFC3339))
			}
		case AttrSecure:
			parts = append(parts, "secure "+strconv.FormatBool(c.Secure))
		case AttrHttpOnly:
			parts = append(parts, "HttpOnly "+strconv.FormatBool(c.HttpOnly))
		}
	}
	if len(parts) == 0 {
		return "the format's defaults"
	}
	return strings.Join(parts, ", ")
}

package cookierules

import (
	"strconv"
	"strings"
	"time"
)

// CookieDateFormat is the format of the Expires dates a Line writes: the
// sane-cookie-date of RFC 6265bis §4.1.1, always in GMT.
const CookieDateFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// Line is a cookie to write as a Set-Cookie line, or as a string for
// document.cookie. It checks nothing: whoever builds one asks the rules
// (Parse, Jar.SetCookie) what a browser makes of String's result. The zero
// value of each attribute field writes no attribute.
type Line struct {
	Name, Value string
	Path        string
	Domain      string
	Expires     time.Time // written in GMT, to the second
	HasMaxAge   bool
	MaxAge      int64
	HttpOnly    bool
	Secure      bool
	SameSite    string
	Partitioned bool
}

// Attributes returns the attributes l writes, Name and Value only ("" for
// a flag), in the one order every line of the playground has: net/http's
// (Path, Domain, Expires, Max-Age, HttpOnly, Secure, SameSite, Partitioned).
func (l Line) Attributes() []Attribute {
	var as []Attribute
	add := func(on bool, name, value string) {
		if on {
			as = append(as, Attribute{Name: name, Value: value})
		}
	}
	add(l.Path != "", "Path", l.Path)
	add(l.Domain != "", "Domain", l.Domain)
	add(!l.Expires.IsZero(), "Expires", l.Expires.UTC().Format(CookieDateFormat))
	add(l.HasMaxAge, "Max-Age", strconv.FormatInt(l.MaxAge, 10))
	add(l.HttpOnly, "HttpOnly", "")
	add(l.Secure, "Secure", "")
	add(l.SameSite != "", "SameSite", l.SameSite)
	add(l.Partitioned, "Partitioned", "")
	return as
}

// String returns the line: "name=value" and then "; Attr=value" for each
// attribute set.
func (l Line) String() string {
	var b strings.Builder
	b.WriteString(l.Name + "=" + l.Value)
	for _, a := range l.Attributes() {
		b.WriteString("; " + a.Name)
		if a.Value != "" {
			b.WriteString("=" + a.Value)
		}
	}
	return b.String()
}

// AttributeAt returns the name of the attribute ("Path", "Max-Age", ...)
// whose text holds byte i of String's result, or "" when byte i is in the
// name-value pair.
func (l Line) AttributeAt(i int) string {
	n := len(l.Name) + 1 + len(l.Value)
	if i < n {
		return ""
	}
	name := ""
	for _, a := range l.Attributes() {
		n += len("; ") + len(a.Name)
		if a.Value != "" {
			n += 1 + len(a.Value)
		}
		name = a.Name
		if i < n {
			break
		}
	}
	return name
}

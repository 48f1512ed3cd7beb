package harexplain

import (
	"slices"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Filter picks entries of a report: those that differ (or cannot be
// judged), those with a refused Set-Cookie line, those that involve one
// cookie (by name). The zero Filter picks every entry.
type Filter struct {
	OnlyDifferences bool
	OnlyRefused     bool
	Cookie          string
}

// Apply returns the indexes of the entries f picks, in order.
func (f Filter) Apply(entries []api.HAREntry) []int {
	var out []int
	for i := range entries {
		if f.picks(&entries[i]) {
			out = append(out, i)
		}
	}
	return out
}

func (f Filter) picks(e *api.HAREntry) bool {
	if f.OnlyDifferences && e.Status == api.HARAgrees {
		return false
	}
	if f.OnlyRefused && !slices.ContainsFunc(e.SetCookie, Refused) {
		return false
	}
	return f.Cookie == "" || Involves(e, f.Cookie)
}

// Involves reports whether entry e concerns the cookie named name: it was
// predicted, recorded, withheld, set or different there.
func Involves(e *api.HAREntry, name string) bool {
	for _, h := range []string{e.PredictedCookieHeader, e.RecordedCookieHeader} {
		for _, p := range splitCookieHeader(h) {
			if p.name == name {
				return true
			}
		}
	}
	for _, w := range e.Withheld {
		if w.Name == name {
			return true
		}
	}
	for _, r := range e.SetCookie {
		if r.Cookie.Name == name {
			return true
		}
	}
	for _, d := range e.Differences {
		if d.Cookie == name {
			return true
		}
	}
	return false
}

// CookieNames returns the names of every cookie the report mentions, sorted,
// for picking one cookie's story.
func CookieNames(rep api.HARReport) []string {
	seen := map[string]bool{}
	for _, e := range rep.Entries {
		for _, h := range []string{e.PredictedCookieHeader, e.RecordedCookieHeader} {
			for _, p := range splitCookieHeader(h) {
				seen[p.name] = true
			}
		}
		for _, r := range e.SetCookie {
			seen[r.Cookie.Name] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// MaskHeader hides the values of a Cookie header: "id=•••; theme=•••".
func MaskHeader(h string) string {
	ps := splitCookieHeader(h)
	for i := range ps {
		if ps[i].value != "" {
			ps[i].value = maskDots
		}
	}
	return joinPairs(ps)
}

// MaskLine hides the value of a Set-Cookie line, keeping its attributes.
func MaskLine(line string) string {
	nv, attrs, hasAttrs := cutByte(line, ';')
	name, _, ok := cutByte(nv, '=')
	out := maskDots
	if ok {
		out = name + "=" + maskDots
	}
	if hasAttrs {
		out += ";" + attrs
	}
	return out
}

const maskDots = "•••"

func cutByte(s string, b byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

package ui

import (
	"net/url"
	"time"

	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// nearSizeLimit is where a cookie counts as near the 4096-byte limit of
// name plus value: 90% of it.
const nearSizeLimit = cookierules.MaxNameValueSize * 9 / 10

// expiringSoon is how close an expiry counts as a problem.
const expiringSoon = 24 * time.Hour

// rowProblems returns, for each row, what may go wrong with its cookie:
// hidden from scripts, near the size limit, expiring within a day, one
// name under several paths or domains, or a prefix rule the rules engine
// says it breaks. page is the page's URL; now is the current time.
func rowProblems(rows []cookieRow, page *url.URL, now time.Time) [][]string {
	names := map[string]int{}
	for _, r := range rows {
		names[r.Name]++
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		var p []string
		if !r.InScript {
			p = append(p, "hidden from scripts")
		}
		if r.size() >= nearSizeLimit {
			p = append(p, "near the 4096-byte size limit")
		}
		if !r.Expires.IsZero() && r.Expires.Sub(now) < expiringSoon {
			p = append(p, "expires within a day")
		}
		if names[r.Name] > 1 {
			p = append(p, "one name under several paths or domains")
		}
		if r.Attrs {
			line := setCookieLine(rowCookie(r, page.Hostname()), page.Hostname())
			v := cookierules.NewJar().SetCookie(page, line, cookierules.FromHTTP, now)
			if v.Reason == cookierules.ReasonInvalidPrefix {
				p = append(p, "breaks a prefix rule: "+v.Explanation)
			}
		}
		out[i] = p
	}
	return out
}

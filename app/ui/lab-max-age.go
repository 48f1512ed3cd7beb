package ui

import (
	"fmt"
	"net/http"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// labMaxAge shows Max-Age expiring a cookie, deleting one at zero, and
// taking precedence over Expires, with a live countdown.
var labMaxAge = &labExperiment{
	ID:    "max-age",
	Title: "Max-Age: expiry in seconds, zero deletes, and it beats Expires",
	Why: [2]string{
		"Max-Age=3 makes a cookie vanish three seconds after it is set, and Max-Age=0 deletes a cookie at once.",
		"A line with both Max-Age and Expires follows Max-Age, whichever of the two is longer.",
	},
	Stems: []string{"lab-age-"},
	Clean: func(e *labEnv) []string {
		return labDeletionsAt("/", "lab-age-short", "lab-age-zero", "lab-age-wins", "lab-age-loses")
	},
	Run: func(e *labEnv) error {
		past := "Thu, 01 Jan 1970 00:00:00 GMT"
		future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
		if _, err := e.serverSet(
			"lab-age-short=1; Path=/; Max-Age=3",
			"lab-age-zero=1; Path=/",
			"lab-age-wins=1; Path=/; Expires="+past+"; Max-Age=60",
			"lab-age-loses=1; Path=/; Expires="+future+"; Max-Age=0",
		); err != nil {
			return err
		}
		set := time.Now()
		e.checkDoc("set", "document.cookie right after Max-Age=3, a plain cookie, Expires in the past with Max-Age=60, and Expires in an hour with Max-Age=0", "lab-age-short=1; lab-age-wins=1; lab-age-zero=1")
		if _, err := e.serverSet("lab-age-zero=; Path=/; Max-Age=0"); err != nil {
			return err
		}
		e.checkEcho("zero", "Cookie header of GET /lab/echo after lab-age-zero=; Max-Age=0", api.LabEchoPath, "lab-age-short=1; lab-age-wins=1")
		// Chromium's clock started when the answer arrived, a little
		// before set: half a second more is enough for both.
		e.countdown(time.Until(set.Add(3500*time.Millisecond)), func(left time.Duration) string {
			if left > 500*time.Millisecond {
				return fmt.Sprintf("lab-age-short expires in %.1f s…", (left - 500*time.Millisecond).Seconds())
			}
			return "lab-age-short has expired; looking again…"
		})
		e.checkDoc("expired-doc", "document.cookie 3.5 s after it was set", "lab-age-wins=1")
		e.checkEcho("expired-server", "Cookie header of GET /lab/echo 3.5 s after", api.LabEchoPath, "lab-age-wins=1")
		e.say("")
		return nil
	},
}

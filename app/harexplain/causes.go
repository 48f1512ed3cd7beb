package harexplain

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// lineContext is the context in which a Set-Cookie line of s applies: its
// own, except for a fetch to another origin whose credentials mode was taken
// as "same-origin" for want of evidence — a line that "include" would refuse
// too is explained in that context, for a reason that holds whatever the
// mode (the context's rules do not depend on the jar).
func (r *replay) lineContext(s *step, line string) cookierules.RequestContext {
	if !s.crossOriginGuess {
		return s.ctx
	}
	incl := s.ctx
	incl.Credentials = cookierules.CredentialsInclude
	if v := cookierules.NewJar().SetCookieIn(incl, line, cookierules.FromHTTP, s.respAt); !v.Stored && v.Reason != cookierules.ReasonExpired {
		return incl
	}
	return s.ctx
}

// cause explains one mismatch of entry s.
func (r *replay) cause(s *step, m mismatch, v cookierules.RequestVerdict) api.HARDifference {
	d := api.HARDifference{Kind: m.kind}
	switch m.kind {
	case api.HAROrderDiffers:
		d.Cause = "the same cookies in another order: the rules put longer paths first, then older cookies (§5.8.3 step 2); a cookie recreated outside the recording changes its age"
	case api.HARValueDiffers:
		d.Cookie = m.recorded.name
		d.Cause = "the browser sent another value than the recording set (" + r.lastSetText(s, m.recorded.name) + "): a script (document.cookie) or another tab changed it outside the recording"
	case api.HARPredictedNotSent:
		d.Cookie = m.predicted.name
		d.Cause = r.notSentCause(s, m.predicted, v)
	case api.HARSentNotPredicted:
		d.Cookie = m.recorded.name
		d.Reason, d.Cause = r.sentCause(s, m.recorded, v)
	}
	return d
}

func (r *replay) lastSetText(s *step, name string) string {
	rec, ok := r.lastSet[keyOf(s.u.Hostname(), name)]
	if !ok {
		return "no Set-Cookie of the recording"
	}
	return "last by entry " + strconv.Itoa(rec.entry)
}

// notSentCause explains a cookie the rules send that the browser did not.
func (r *replay) notSentCause(s *step, p pair, v cookierules.RequestVerdict) string {
	var c cookierules.Cookie
	for _, x := range v.Sent {
		if x.Name == p.name && x.Value == p.value {
			c = x
		}
	}
	rec, ok := r.lastSet[keyOf(s.u.Hostname(), p.name)]
	switch {
	case ok && rec.stored && s.reqAt.Sub(rec.at) < RaceWindow:
		return fmt.Sprintf("timing: entry %d's response set it %s before this request started, and the browser had read its cookies already", rec.entry, s.reqAt.Sub(rec.at).Round(time.Millisecond))
	case ok && r.steps[rec.entry].credentialsGuessed:
		return fmt.Sprintf("entry %d, a fetch to its own origin that carried no cookie, set it; a HAR does not record a fetch's credentials mode, and with credentials: \"omit\" the browser ignored its Set-Cookie lines — otherwise the cookie was deleted outside the recording, or a setting or an extension held it back", rec.entry)
	case !r.opts.ThirdPartyCookiesBlocked && v.Site.ThirdParty && !c.Partitioned:
		return "the request is third-party (cross-site with the top-level page " + v.Site.PartitionKey.TopLevelSite + ") and the cookie is not Partitioned: the browser looks to block third-party cookies; explain again with third-party cookies blocked"
	}
	return "the rules send it and the browser did not: it was deleted or changed outside the recording (a script, another tab, the user), or a browser setting or an extension held it back"
}

// sentCause explains a cookie the browser sent that the rules do not.
func (r *replay) sentCause(s *step, p pair, v cookierules.RequestVerdict) (reason, cause string) {
	for _, w := range v.Withheld {
		if w.Cookie.Name != p.name || w.Cookie.Value != p.value {
			continue
		}
		cause = "the rules withhold it (" + w.Rule + "): " + strings.TrimSuffix(w.Explanation, ".")
		switch {
		case w.Reason == cookierules.ReasonUserPreferences:
			cause += "; the browser sent it, so it allowed third-party cookies: explain again with third-party cookies allowed"
		case strings.Contains(w.Reason, "SameSite"):
			cause += "; a browser that sent it does not enforce SameSite so (an older browser, or a policy such as LegacySameSiteCookieBehaviorEnabledForDomainList), or the context read from the HAR is wrong (see the notes)"
		default:
			cause += "; the browser sent it anyway (a setting, an extension, a policy), or the context read from the HAR is wrong (see the notes)"
		}
		return w.Reason, cause
	}
	k := keyOf(s.u.Hostname(), p.name)
	if j, ok := r.refused[k][p.value]; ok {
		rec := r.lastSet[k]
		return rec.reason, fmt.Sprintf("entry %d's Set-Cookie of this cookie was refused by the rules (%s), yet the browser sends it: no browser following the rules could have recorded this", j, rec.reason)
	}
	if rec, ok := r.lastSet[k]; ok && !rec.stored && s.reqAt.Sub(rec.at) < RaceWindow {
		return "", fmt.Sprintf("timing: entry %d's response removed it %s before this request started, and the browser had read its cookies already", rec.entry, s.reqAt.Sub(rec.at).Round(time.Millisecond))
	}
	return "", "the rules hold no such cookie here (it expired, was deleted or replaced by " + r.lastSetText(s, p.name) + "): something outside the recording set it again"
}

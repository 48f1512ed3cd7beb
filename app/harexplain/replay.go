package harexplain

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
	"github.com/cookieplayground/cookieplay/app/explainer"
)

// Options are the browser settings the recording was made with, which a HAR
// does not hold.
type Options struct {
	ThirdPartyCookiesBlocked bool
}

// RaceWindow is how close a Set-Cookie's response and a later request's start
// may be for a difference in that cookie to be put down to timing: a HAR
// gives times to the millisecond and the browser reads its cookies a moment
// after the request starts.
const RaceWindow = 25 * time.Millisecond

// cookieKey names a cookie across the session: its registrable domain and
// name. Cookies of one site with one name are the same cookie to the
// comparison, whatever their Domain and Path.
type cookieKey struct {
	site, name string
}

func keyOf(host, name string) cookieKey {
	return cookieKey{site: cookierules.RegistrableDomain(host), name: name}
}

// lineRecord is a Set-Cookie line the replay applied.
type lineRecord struct {
	entry  int
	at     time.Time
	value  string
	stored bool
	reason string
}

// step is an entry on its way through the replay.
type step struct {
	e        *Entry
	u        *url.URL
	ev       Evidence
	ctx      cookierules.RequestContext
	hopOf    int // the entry this one is a redirect of; -1 if none
	reqAt    time.Time
	respAt   time.Time
	recorded string
	// recordedKnown reports whether the entry records which cookies went:
	// a Cookie header, a request.cookies array, or complete request headers.
	recordedKnown bool
	noContext     bool // no top-level page: the rules cannot be asked
	// credentialsGuessed reports whether the fetch's credentials mode was
	// taken as "same-origin" for want of evidence while its response set
	// cookies, which "omit" would have ignored.
	credentialsGuessed bool
	// crossOriginGuess reports whether a CORS fetch to another origin was
	// taken as "same-origin" (sending no cookies) for want of evidence.
	crossOriginGuess bool
	lines            []string
	out              api.HAREntry
}

// replay is the state of one Explain.
type replay struct {
	opts    Options
	pages   map[string]Page
	steps   []*step
	jar     *cookierules.Jar
	stored  map[cookieKey]bool
	refused map[cookieKey]map[string]int // value → entry of the refused line
	lastSet map[cookieKey]lineRecord
	// firstSent is, for "site name=value", the first entry whose recorded
	// Cookie header holds it: evidence that a response's cookie was kept.
	firstSent map[string]int
}

// Explain replays the log's entries through the rules engine and explains
// each: the context recorded with it, the Cookie header the rules predict
// beside the recorded one, the verdict on each Set-Cookie line, and where
// prediction and recording differ, the likely cause. Requests and
// responses apply in the order of their times (startedDateTime and timings),
// so a cookie set while a request was under way is not expected on it.
func Explain(l *Log, opts Options) api.HARReport {
	r := &replay{
		opts: opts, pages: l.Pages, jar: cookierules.NewJar(),
		stored: map[cookieKey]bool{}, refused: map[cookieKey]map[string]int{},
		lastSet: map[cookieKey]lineRecord{}, firstSent: map[string]int{},
	}
	cookieInfo := r.prepare(l)
	for _, ev := range r.events() {
		s := r.steps[ev.idx]
		if s.out.Status != "" && s.out.Status != api.HARNotJudged && !ev.resp {
			continue // decided without the rules (served from the cache)
		}
		if ev.resp {
			r.respond(ev.idx, s)
		} else {
			r.request(ev.idx, s)
		}
	}
	rep := api.HARReport{Entries: make([]api.HAREntry, len(r.steps))}
	sum := &rep.Summary
	sum.Entries, sum.Creator, sum.ThirdPartyCookies = len(r.steps), l.Creator, api.ThirdPartyAllowed
	sum.Notes = []string{}
	if opts.ThirdPartyCookiesBlocked {
		sum.ThirdPartyCookies = api.ThirdPartyBlocked
	}
	if !cookieInfo && len(r.steps) > 0 {
		sum.Notes = append(sum.Notes, noCookieInfo)
	}
	for i, s := range r.steps {
		o := &s.out
		if !cookieInfo {
			o.Status, o.NotJudged, o.Differences = api.HARNotJudged, noCookieInfo, []api.HARDifference{}
		}
		o.Agrees = o.Status == api.HARAgrees
		switch o.Status {
		case api.HARAgrees:
			sum.Agree++
		case api.HARDiffers:
			sum.Differ++
		default:
			sum.NotJudged++
		}
		for _, res := range o.SetCookie {
			sum.SetCookieLines++
			if Refused(res) {
				sum.Refused++
			}
		}
		rep.Entries[i] = *o
	}
	return rep
}

// noCookieInfo says why nothing can be judged in a recording without any
// cookie.
const noCookieInfo = "the recording holds no Cookie nor Set-Cookie header and no cookie at all, so what went cannot be told from nothing going: DevTools' \"Export HAR (sanitized)\" leaves them out; export with sensitive data"

// Refused reports whether the rules refused a Set-Cookie line. A line
// accepted already expired is a deletion, not a refusal.
func Refused(r api.ExplainResult) bool {
	return !r.Stored && r.Reason != cookierules.ReasonExpired
}

// prepare reads every entry in order: its URL, evidence, recorded cookies,
// Set-Cookie lines, times, and its context, which depends on the pages and
// navigations before it. It reports whether the recording holds any cookie
// at all.
func (r *replay) prepare(l *Log) (cookieInfo bool) {
	pageTop := map[string]*url.URL{}  // by page id: the latest navigation of the page
	pageSeen := map[string]bool{}     // page ids with an entry already
	redirects := map[string][]int{}   // redirect target → entries redirecting there
	var lastTop *url.URL              // the latest top-level navigation
	titleURL := map[string]*url.URL{} // pages[].title, where it is a URL
	for id, p := range l.Pages {
		if u, err := url.Parse(p.Title); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			titleURL[id] = u
		}
	}
	for i := range l.Entries {
		e := &l.Entries[i]
		u, _ := url.Parse(e.Request.URL) // Decode checked it
		s := &step{e: e, u: u, ev: evidenceOf(e), hopOf: -1}
		s.out = api.HAREntry{
			Index: i, URL: e.Request.URL, Method: e.Request.Method,
			Differences: []api.HARDifference{}, NotFromRecording: []string{}, Withheld: []api.ScenarioWithheld{},
			SetCookie: []api.ExplainResult{}, Notes: []string{},
		}
		s.reqAt = e.Started
		t := e.Timings
		s.respAt = e.Started.Add(time.Duration((t.Blocked + t.DNS + t.Connect + t.Send + t.Wait) * float64(time.Millisecond)))

		cookies := headerValues(e.Request.Headers, "Cookie")
		s.recorded = strings.Join(cookies, "; ")
		switch {
		case len(cookies) > 0:
			s.recordedKnown = true
		case len(e.Request.Cookies) > 0:
			ps := make([]pair, len(e.Request.Cookies))
			for j, c := range e.Request.Cookies {
				ps[j] = pair{name: c.Name, value: c.Value}
			}
			s.recorded, s.recordedKnown = joinPairs(ps), true
			s.note("no Cookie header: the cookies sent are read from request.cookies")
		default:
			s.recordedKnown = header(e.Request.Headers, "Host") != "" || header(e.Request.Headers, ":authority") != ""
		}
		s.out.RecordedCookieHeader = s.recorded
		s.lines = setCookieLines(s, e)
		if len(cookies) > 0 || len(e.Request.Cookies) > 0 || len(e.Response.Cookies) > 0 || len(s.lines) > 0 {
			cookieInfo = true
		}
		if s.recorded != "" {
			site := cookierules.RegistrableDomain(u.Hostname())
			for _, p := range splitCookieHeader(s.recorded) {
				k := site + " " + p.String()
				if _, ok := r.firstSent[k]; !ok {
					r.firstSent[k] = i
				}
			}
		}

		// The context.
		if hops := redirects[u.String()]; len(hops) > 0 {
			s.hopOf = hops[0]
			redirects[u.String()] = hops[1:]
		}
		page := titleURL[e.Pageref]
		if page == nil {
			page = pageTop[e.Pageref]
		}
		first := !pageSeen[e.Pageref]
		pageSeen[e.Pageref] = true
		s.ctx, s.out.NotJudged = r.contextOf(s, page, lastTop, first)
		if s.ctx.Kind == cookierules.KindNavigation {
			lastTop = s.u
			if e.Pageref != "" {
				pageTop[e.Pageref] = s.u
			}
		}
		if e.Response.RedirectURL != "" {
			if to, err := u.Parse(e.Response.RedirectURL); err == nil {
				redirects[to.String()] = append(redirects[to.String()], i)
			}
		}
		if s.hopOf >= 0 {
			if prev := r.steps[s.hopOf]; s.reqAt.Before(prev.respAt) {
				s.reqAt = prev.respAt
			}
		}
		if s.respAt.Before(s.reqAt) {
			s.respAt = s.reqAt
		}
		r.describeContext(s)
		switch {
		case s.out.NotJudged != "":
			s.out.Status = api.HARNotJudged
		case !s.recordedKnown && e.FromCache != "":
			s.out.Status = api.HARAgrees
			s.note("served from the " + e.FromCache + " cache: no request went out, so no cookie was sent")
		case !s.recordedKnown && e.Error != "":
			s.out.Status = api.HARAgrees
			s.note("it failed before going out (" + e.Error + "), so no cookie was sent")
		case !s.recordedKnown && s.ctx.Kind == cookierules.KindFetch && credentialsAmbiguous(s.ev):
			// Chromium reports no wire headers for a fetch that carries no
			// credentials: none went.
			s.ctx.Credentials = cookierules.CredentialsOmit
			s.note("provisional request headers: Chromium reports the headers sent only for requests that may carry cookies, so this fetch omitted credentials")
		case !s.recordedKnown:
			s.out.Status = api.HARNotJudged
			s.out.NotJudged = "its request headers are provisional (no Host or :authority header): the browser did not report what went on the wire, so which cookies went is unknown"
		}
		r.steps = append(r.steps, s)
	}
	return cookieInfo
}

func (s *step) note(n string) { s.out.Notes = append(s.out.Notes, n) }

// event is a request going out or a response coming in.
type event struct {
	at   time.Time
	resp bool
	idx  int
}

// events orders every request and response by time; at the same instant a
// response comes first (its cookies are in the jar for a request starting
// then), except an entry's own request, which always precedes its response.
func (r *replay) events() []event {
	evs := make([]event, 0, 2*len(r.steps))
	for i, s := range r.steps {
		evs = append(evs, event{at: s.reqAt, idx: i}, event{at: s.respAt, resp: true, idx: i})
	}
	slices.SortStableFunc(evs, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		switch {
		case a.idx == b.idx && a.resp != b.resp:
			if a.resp {
				return 1
			}
			return -1
		case a.resp != b.resp:
			if a.resp {
				return -1
			}
			return 1
		}
		return a.idx - b.idx
	})
	return evs
}

// request answers s's request from the jar and compares with the recording.
func (r *replay) request(i int, s *step) {
	if s.noContext {
		return
	}
	recorded := splitCookieHeader(s.recorded)
	r.resolveCredentials(i, s, len(recorded) > 0)
	v := r.jar.CookiesIn(s.ctx, s.reqAt)
	st := v.Site
	s.out.Context.Credentials = string(s.ctx.Credentials)
	s.out.Context.SameSite = st.Request.String()
	s.out.Context.ThirdParty = st.ThirdParty
	s.out.PredictedCookieHeader = v.CookieHeader
	for _, w := range v.Withheld {
		if !w.Reported && w.Reason == cookierules.ReasonDomainMismatch {
			continue // another site's cookie
		}
		s.out.Withheld = append(s.out.Withheld, api.ScenarioWithheld{
			Name: w.Cookie.Name, Domain: w.Cookie.Domain, Path: w.Cookie.Path,
			Reason: w.Reason, Rule: w.Rule, Explanation: w.Explanation,
		})
	}
	if s.out.Status != "" {
		return // not judged: shown, not compared
	}
	var known []pair
	for _, p := range recorded {
		k := keyOf(s.u.Hostname(), p.name)
		if _, refused := r.refused[k][p.value]; r.stored[k] || refused {
			known = append(known, p)
			continue
		}
		s.out.NotFromRecording = append(s.out.NotFromRecording, p.name)
	}
	if len(s.out.NotFromRecording) > 0 {
		s.note("not compared, as no Set-Cookie of the recording made them (set before it, or by a script): " + strings.Join(s.out.NotFromRecording, ", "))
	}
	ms := comparePairs(pairsOf(v.Sent), known)
	if len(ms) == 0 {
		s.out.Status = api.HARAgrees
		return
	}
	s.out.Status = api.HARDiffers
	for _, m := range ms {
		s.out.Differences = append(s.out.Differences, r.cause(s, m, v))
	}
}

// resolveCredentials settles the credentials mode of a CORS fetch, which a
// HAR does not record, from what it shows: cookies sent mean "include"; so
// does a Set-Cookie of its response whose cookie a later request carries.
// A fetch to its own origin that carried none of the cookies the rules send
// there was "omit". Otherwise it is fetch's default, "same-origin".
func (r *replay) resolveCredentials(i int, s *step, sent bool) {
	if s.ctx.Kind != cookierules.KindFetch || s.ctx.Credentials != cookierules.CredentialsSameOrigin || s.hopOf >= 0 {
		return
	}
	if sent {
		s.ctx.Credentials = cookierules.CredentialsInclude
		s.note("credentials mode not recorded: it carried cookies, so \"include\" (or \"same-origin\" to its own origin)")
		return
	}
	site := cookierules.RegistrableDomain(s.u.Hostname())
	for _, l := range s.lines {
		p, err := cookierules.Parse(l)
		if err != nil {
			continue
		}
		if j, ok := r.firstSent[site+" "+pair{name: p.Name, value: p.Value}.String()]; ok && j > i {
			s.ctx.Credentials = cookierules.CredentialsInclude
			s.note(fmt.Sprintf("credentials mode not recorded: entry %d later carries a cookie its response set, so \"include\"", j))
			return
		}
	}
	if cookierules.SameOrigin(s.ctx.Initiator, s.u) {
		// "same-origin" sends cookies here as "include" does: none at all,
		// where the rules send some, is "omit".
		if would := r.jar.CookiesIn(s.ctx, s.reqAt); len(would.Sent) > 0 {
			s.ctx.Credentials = cookierules.CredentialsOmit
			s.note("credentials mode not recorded: it carried none of the cookies the rules send to its own origin (" + joinNames(would.Sent) + "), so \"omit\"")
			return
		}
		s.credentialsGuessed = len(s.lines) > 0
		return
	}
	s.crossOriginGuess = true
	incl := s.ctx
	incl.Credentials = cookierules.CredentialsInclude
	if would := r.jar.CookiesIn(incl, s.reqAt); len(would.Sent) > 0 {
		s.note("credentials mode not recorded: no cookie went, as with fetch's default \"same-origin\" to another origin; with \"include\" the rules would send " + joinNames(would.Sent))
	}
}

func joinNames(cs []cookierules.Cookie) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// respond applies s's Set-Cookie lines to the jar.
func (r *replay) respond(i int, s *step) {
	if s.noContext || len(s.lines) == 0 {
		return
	}
	for _, l := range s.lines {
		v := r.jar.SetCookieIn(r.lineContext(s, l), l, cookierules.FromHTTP, s.respAt)
		res := explainer.Result(v)
		s.out.SetCookie = append(s.out.SetCookie, res)
		k := keyOf(s.u.Hostname(), v.Cookie.Name)
		rec := lineRecord{entry: i, at: s.respAt, value: v.Cookie.Value, stored: v.Stored, reason: v.Reason}
		r.lastSet[k] = rec
		switch {
		case v.Stored:
			r.stored[k] = true
		case Refused(res):
			if r.refused[k] == nil {
				r.refused[k] = map[string]int{}
			}
			r.refused[k][v.Cookie.Value] = i
		}
	}
}

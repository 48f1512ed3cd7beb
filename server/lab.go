package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// The flags lab's routes (see app/api/lab.go). The lab page runs one
// experiment per cookie behaviour: it has this server set cookies exactly as
// asked, reads what the browser sends back, and for the cross-site
// experiments uses the same server as a second site: by default localhost
// and 127.0.0.1, different sites to a browser, each the other's; in a
// deployment the site -other-site names (sites.go). A page on one can make
// real cross-site requests to the other; a "probe" page on the other
// site makes them, and the hit route records what each request carried.

// handleLabPage handles the "GET /lab" route: the flags lab, pre-rendered
// by go-app like every page, under the app's policy with two additions:
// frame-src admits the lab's other site, whose iframe the Partitioned
// (CHIPS) experiment needs, and connect-src the page's subdomain, which the
// Domain experiment fetches.
func (s *server) handleLabPage() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		other, sub := s.otherSite(r), s.subSite(r)
		if other != "" || sub != "" {
			w.Header().Set("Content-Security-Policy", labPagePolicy(other, sub))
		}
		s.servePage(w, r, nil)
	}
}

// labPagePolicy is the app's policy, with frame-src admitting other and
// connect-src admitting sub, when not "".
func labPagePolicy(other, sub string) string {
	p := contentSecurityPolicy
	if sub != "" {
		p = strings.Replace(p, "connect-src 'self';", "connect-src 'self' "+sub+";", 1)
	}
	if other != "" {
		p += "; frame-src 'self' " + other
	}
	return p
}

// handleLabSet handles the "POST /lab/set" route: its answer carries the
// requested Set-Cookie lines exactly as written (api.AsWrittenLines).
func (s *server) handleLabSet() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req api.LabSetRequest
		if err := decodeJSON(w, r, &req); err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		lines, err := api.NewAsWrittenLines("lines", req.Lines)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		addAsWritten(w, lines)
		writeJSON(w, http.StatusOK, api.LabSetResponse{Sent: len(lines.Lines())})
	}
}

// handleLabEcho handles the "GET /lab/echo" route and every "GET
// /lab/deep/..." path: the lab cookies the request carried, for the Path
// experiments. Other cookies (a session) are left out, so an echo never
// shows a script what HttpOnly hides from it, beyond the lab's own.
func (s *server) handleLabEcho() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.labSameSiteCORS(w, r) // the Domain experiment reads it from sub.<host>
		writeJSON(w, http.StatusOK, api.LabEchoResponse{Path: r.URL.Path, Cookie: api.LabCookies(rawCookieHeader(r))})
	}
}

// handleLabRunStart handles the "POST /lab/xsite/start" route: a new
// cross-site run, whose requests the hit route records.
func (s *server) handleLabRunStart() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, api.LabRunResponse{Run: s.lab.start()})
	}
}

// handleLabResult handles the "GET /lab/xsite/result?run=" route: what the
// run recorded so far, here and at every peer replica, in the order the
// requests arrived. A peer asks with ?scope=local, for its own records.
func (s *server) handleLabResult() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		run := q["run"]
		recs, ok := s.lab.records(run)
		if !ok {
			writeError(w, r, http.StatusNotFound, api.BadField("run", api.RuleFound, "unknown or expired"))
			return
		}
		if q["scope"] != "local" {
			for _, p := range s.cfg.Peers {
				peer, err := s.peerRecords(r, p, run)
				if err != nil {
					// One replica down loses its records, not the run.
					s.logger.Warn("lab run: a peer did not answer", "peer", p, "err", err)
					continue
				}
				recs = append(recs, peer...)
			}
			slices.SortStableFunc(recs, func(a, b api.LabRecord) int { return a.At.Compare(b.At) })
		}
		writeJSON(w, http.StatusOK, api.LabResultResponse{Run: run, Records: recs})
	}
}

// labPeerClient asks peer replicas for their records of a run.
var labPeerClient = &http.Client{Timeout: 3 * time.Second}

// peerRecords asks the replica at base what it recorded of run. The request
// keeps r's Host, which every replica answers for.
func (s *server) peerRecords(r *http.Request, base, run string) ([]api.LabRecord, error) {
	u := base + api.LabResultPath + "?" + url.Values{"run": {run}, "scope": {"local"}}.Encode()
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Host = r.Host
	resp, err := labPeerClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", api.LabResultPath, resp.Status)
	}
	var res api.LabResultResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&res); err != nil {
		return nil, err
	}
	return res.Records, nil
}

//go:embed lab-probe.js
var labProbeTemplate string

// labProbeScript is the probe's script, with the fixed lines of the
// Partitioned, Storage Access and limits experiments filled in.
var labProbeScript = func() string {
	lines := func(ls []string) string {
		b, _ := json.Marshal(ls)
		return string(b)
	}
	return strings.NewReplacer(
		"/*CHIPS_SET*/[]", lines(api.LabChipsSetLines), "/*CHIPS_CLEAR*/[]", lines(api.LabChipsClearLines),
		"/*SA_SET*/[]", lines(api.LabStorageSetLines), "/*SA_CLEAR*/[]", lines(api.LabStorageClearLines),
		"/*LIMIT_SECURE*/[]", lines(api.LabLimitLines(true)), "/*LIMIT_PLAIN*/[]", lines(api.LabLimitLines(false)),
		"/*LIMIT_CLEAR*/[]", lines(api.LabLimitClearLines()),
		"/*SECURE_HTTP*/[]", lines([]string{api.LabSecureHTTPLine}), `"/*SECURE_JS*/"`, strconv.Quote(api.LabSecureHTTPScriptLine),
	).Replace(labProbeTemplate)
}()

// labProbePage is the probe: static markup, so nothing of the request is
// echoed; its script reads the task from the URL.
const labProbePage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Cookie Playground lab probe</title>
<p id="status">This window belongs to the Cookie Playground's flags lab. It makes cross-site requests to the other site, and the lab closes it when it is done.</p>
<script src="` + api.LabProbeScriptPath + `"></script>
</html>
`

// handleLabProbe handles the "GET /lab/xsite/probe" route: the page the
// other site shows, in the lab's window or in an iframe of the lab page.
//
// Its policy differs from the app's: the probe's whole job is to reach the
// lab page's site, so connect-src (the fetch), frame-src (the iframe) and
// form-action (the form POST) admit that one origin, and frame-ancestors
// lets the lab page frame it. Nothing else is allowed.
func (s *server) handleLabProbe() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		other := s.otherSite(r)
		h := w.Header()
		switch {
		case other != "":
			h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self' "+other+
				"; frame-src "+other+"; form-action 'self' "+other+"; base-uri 'none'; object-src 'none'; frame-ancestors "+other)
		case s.isPlainTwin(r):
			// The plain-http half of the Secure experiment reaches only itself.
			h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'")
		default:
			writeText(w, http.StatusNotFound, "The lab's cross-site probe runs only on the lab's two sites.\n")
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(labProbePage))
	}
}

// handleLabProbeScript handles the "GET /lab/xsite/probe.js" route.
func (s *server) handleLabProbeScript() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write([]byte(labProbeScript))
	}
}

// handleLabHit handles the "GET /lab/xsite/hit" and "POST /lab/xsite/hit"
// routes: it records the lab cookies a request of a run carried, with its
// kind (?kind=) and Fetch Metadata, and answers as that kind of request
// needs. It must record on GET: the requests measured are cross-site
// navigations, iframes and fetches, and SameSite=Lax is about GETs. It
// changes nothing but the in-memory log of a run that a POST started, and
// sets no cookie.
func (s *server) handleLabHit() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err)
			return
		}
		run, kind := q["run"], q["kind"]
		if !slices.Contains(api.LabKinds, kind) {
			writeError(w, r, http.StatusBadRequest, api.BadField("kind", api.RuleOneOf, "must be one of %s", strings.Join(api.LabKinds, ", ")))
			return
		}
		if want := labKindMethod(kind); r.Method != want {
			w.Header().Set("Allow", want)
			writeError(w, r, http.StatusMethodNotAllowed, api.BadField("method", api.RuleMethod, "%s takes %s", kind, want))
			return
		}
		other := s.otherSite(r)
		if kind == api.LabKindForm && other == "" {
			writeError(w, r, http.StatusBadRequest, api.BadField("host", api.RuleOneOf, "the cross-site form runs only on the lab's two sites"))
			return
		}
		rec := api.LabRecord{
			Kind:          kind,
			Method:        r.Method,
			Host:          r.Host,
			Cookie:        api.LabCookies(rawCookieHeader(r)),
			Doc:           api.LabCookies(q["doc"]),
			StorageAccess: labStorageAccess(q["access"]),
			AccessRequest: labAccessRequest(q["request"]),
			SecFetchSite:  r.Header.Get("Sec-Fetch-Site"),
			SecFetchMode:  r.Header.Get("Sec-Fetch-Mode"),
			SecFetchDest:  r.Header.Get("Sec-Fetch-Dest"),
		}
		if kind == api.LabKindSecureHTTP {
			rec.Scheme = requestScheme(r)
		}
		if kind == api.LabKindLimitCheck {
			// Only a count, and only where the limits experiment needs it.
			rec.Others = otherCookies(rawCookieHeader(r))
		}
		rec = storedLabRecord(rec) // the answer shows what the log keeps
		if !s.lab.add(run, rec) {
			writeError(w, r, http.StatusNotFound, api.BadField("run", api.RuleFound, "unknown, expired or full"))
			return
		}
		h := w.Header()
		switch kind {
		case api.LabKindForm:
			// Back to the probe, whose last step is the navigation.
			next := other + api.LabProbePath + "?" + url.Values{"run": {run}, "task": {api.LabTaskSameSite}, "step": {api.LabKindNav}, "site": {selfOrigin(r)}}.Encode()
			http.Redirect(w, r, next, http.StatusSeeOther)
		case api.LabKindIframe:
			// The probe on the other site frames this answer.
			if other != "" {
				h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors "+other)
			}
			writeText(w, http.StatusOK, "Recorded: "+kind+".\n")
		case api.LabKindNav:
			h.Set("Content-Security-Policy", "default-src 'none'")
			writeText(w, http.StatusOK, "Recorded: "+kind+". The lab closes this window.\n")
		case api.LabKindFetch:
			// A credentialed cross-origin fetch reads its answer only with
			// the exact origin and Allow-Credentials; this route alone says so.
			if other != "" {
				h.Set("Access-Control-Allow-Origin", other)
				h.Set("Access-Control-Allow-Credentials", "true")
				h.Add("Vary", "Origin")
			}
			writeJSON(w, http.StatusOK, rec)
		default:
			writeJSON(w, http.StatusOK, rec)
		}
	}
}

// otherCookies counts the cookies of a Cookie header that are not the lab's.
func otherCookies(header string) int {
	n := 0
	for _, p := range api.ParseCookieString(header) {
		if !api.IsLabCookie(p.Name) {
			n++
		}
	}
	return n
}

// labStorageAccess keeps a reported document.hasStorageAccess() answer
// if it is one.
func labStorageAccess(s string) string {
	if s == "true" || s == "false" {
		return s
	}
	return ""
}

// labAccessRequest keeps a reported requestStorageAccess() outcome if it
// is one.
func labAccessRequest(s string) string {
	if s == "granted" || s == "rejected" {
		return s
	}
	return ""
}

// labKindMethod returns the method a kind of hit is made with.
func labKindMethod(kind string) string {
	if kind == api.LabKindForm {
		return http.MethodPost
	}
	return http.MethodGet
}

// labCrossOriginBypass lets through http.CrossOriginProtection the one
// cross-site POST the lab makes on purpose: the SameSite experiment's form,
// whose point is which cookies a cross-site form POST carries. That route
// only adds the lab cookies it received to a run's in-memory log; it sets
// no cookie and reads no session.
func labCrossOriginBypass(cop *http.CrossOriginProtection) {
	cop.AddInsecureBypassPattern("POST " + api.LabHitPath)
}

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/harexplain"
)

// exitError ends the program with a status of its own and, unless it is
// empty, a message on stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Exit statuses of "cookieplay har".
const (
	harExitAgrees  = 0 // every entry agrees and no Set-Cookie was refused
	harExitDiffers = 1 // an entry differs or cannot be judged, or a Set-Cookie was refused
	harExitBadFile = 2 // not a HAR (or not readable), or bad flags
)

// runHAR is "cookieplay har [-json] [-third-party-cookies allowed|blocked]
// FILE.har": the recorded session explained entry by entry, as a table
// (cookie names only: values stay out of CI logs) or as JSON
// (api.HARReport).
func runHAR(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cookieplay har", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cookieplay har [-json] [-third-party-cookies allowed|blocked] FILE.har")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the report as JSON")
	thirdParty := fs.String("third-party-cookies", api.ThirdPartyAllowed, "whether the recording browser allowed or blocked third-party cookies: allowed or blocked")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: harExitBadFile}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: harExitBadFile, msg: "har: name one HAR file"}
	}
	var opts harexplain.Options
	switch *thirdParty {
	case api.ThirdPartyAllowed:
	case api.ThirdPartyBlocked:
		opts.ThirdPartyCookiesBlocked = true
	default:
		return &exitError{code: harExitBadFile, msg: fmt.Sprintf("har: -third-party-cookies must be %q or %q, not %q", api.ThirdPartyAllowed, api.ThirdPartyBlocked, *thirdParty)}
	}
	name := fs.Arg(0)
	data, err := readHAR(name)
	if err != nil {
		return &exitError{code: harExitBadFile, msg: "har: " + err.Error()}
	}
	l, err := harexplain.Decode(data)
	if err != nil {
		return &exitError{code: harExitBadFile, msg: "har: " + name + ": " + err.Error()}
	}
	rep := harexplain.Explain(l, opts)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := writeHARTable(stdout, rep); err != nil {
		return err
	}
	s := rep.Summary
	if s.Differ > 0 || s.NotJudged > 0 || s.Refused > 0 {
		return &exitError{code: harExitDiffers, msg: fmt.Sprintf("har: %s: %d of %d entries differ, %d cannot be judged, %d Set-Cookie lines refused", name, s.Differ, s.Entries, s.NotJudged, s.Refused)}
	}
	return nil
}

// readHAR reads the file, refusing one over api.MaxHARBytes before reading it.
func readHAR(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > api.MaxHARBytes {
		return nil, fmt.Errorf("%s: not a HAR file: the file is %s; the limit is %s", name, harexplain.Size(st.Size()), harexplain.Size(api.MaxHARBytes))
	}
	return io.ReadAll(io.LimitReader(f, api.MaxHARBytes+1))
}

// writeHARTable prints one row per entry (cookie names, never values), then
// under each entry that differs, cannot be judged or had a Set-Cookie
// refused, why; then the summary.
func writeHARTable(w io.Writer, rep api.HARReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tKIND\tMETHOD\tURL\tPREDICTED\tRECORDED\tVERDICT")
	for _, e := range rep.Entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Index, orDash(e.Context.Kind), e.Method, shorten(e.URL, 64),
			names(e.PredictedCookieHeader, nil), names(e.RecordedCookieHeader, e.NotFromRecording), verdict(e))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range rep.Entries {
		var why []string
		if e.NotJudged != "" {
			why = append(why, "not judged: "+e.NotJudged)
		}
		for _, d := range e.Differences {
			why = append(why, d.Kind+" "+d.Cookie+": "+d.Cause)
		}
		for _, r := range e.SetCookie {
			if harexplain.Refused(r) {
				why = append(why, "Set-Cookie "+r.Cookie.Name+" refused ("+r.Reason+", "+r.Rule+"): "+r.Explanation)
			}
		}
		if len(why) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%d %s %s\n", e.Index, e.Method, e.URL)
		for _, s := range why {
			fmt.Fprintln(w, "  - "+s)
		}
	}
	s := rep.Summary
	fmt.Fprintf(w, "\n%d entries: %d agree, %d differ, %d cannot be judged; %d Set-Cookie lines, %d refused (third-party cookies %s)\n",
		s.Entries, s.Agree, s.Differ, s.NotJudged, s.SetCookieLines, s.Refused, s.ThirdPartyCookies)
	for _, n := range s.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	fmt.Fprintln(w, "(cookie names only; -json prints values; * marks a cookie no Set-Cookie of the recording made, not compared)")
	return nil
}

func verdict(e api.HAREntry) string {
	v := e.Status
	for _, r := range e.SetCookie {
		if harexplain.Refused(r) {
			return v + ", Set-Cookie refused"
		}
	}
	return v
}

// names lists the cookie names of a Cookie header, those in unrecorded
// starred.
func names(header string, unrecorded []string) string {
	if header == "" {
		return "-"
	}
	var out []string
	for _, p := range strings.Split(header, ";") {
		n, _, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			n = "(nameless)"
		}
		for _, u := range unrecorded {
			if u == n {
				n += "*"
				break
			}
		}
		out = append(out, n)
	}
	return strings.Join(out, ",")
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

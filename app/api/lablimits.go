package api

import "strconv"

// The limits experiment: the lab's window on the other site, where only
// the lab's cookies live, writes one cookie more than Chromium keeps for a
// registrable domain (cookierules.DomainMaxCookies), and reports which ones
// the browser still sends.

// Kinds of request of the limits experiment: the other site's window
// reports to itself, after expiring any cookie of the experiment left from
// before (LabKindLimitCheck: LabRecord.Others says whether other cookies
// live there), after writing LabLimitLines (LabKindLimitFill), and after
// expiring them again (LabKindLimitClear).
const (
	LabKindLimitCheck = "limit-check"
	LabKindLimitFill  = "limit-fill"
	LabKindLimitClear = "limit-clear"
)

// Tasks of the probe page for the limits experiment.
const (
	LabTaskLimitCheck = "limit-check"
	LabTaskLimitFill  = "limit-fill"
	LabTaskLimitClear = "limit-clear"
)

// The groups of cookies the limits experiment writes, in this order: the
// oldest are Secure (where the site is secure), then ordinary ones, then
// the newest, with Priority=Low; one more than the limit in all.
const (
	LabLimitSecure   = 10
	LabLimitOrdinary = 131
	LabLimitLow      = 40
)

// LabLimitName returns the name of the i-th cookie of a group of the
// limits experiment: "s" (Secure), "n" (ordinary) or "l" (low priority).
func LabLimitName(group string, i int) string {
	return "lab-lim-" + group + strconv.Itoa(i)
}

// LabLimitLines returns the lines the limits experiment writes with
// document.cookie in the other site's window, oldest first. On a site that
// is not a secure context the first group is not Secure, which the browser
// would refuse there.
func LabLimitLines(secure bool) []string {
	var lines []string
	add := func(group string, n int, attrs string) {
		for i := range n {
			lines = append(lines, LabLimitName(group, i)+"=1; Path=/"+attrs)
		}
	}
	if secure {
		add("s", LabLimitSecure, "; Secure")
	} else {
		add("s", LabLimitSecure, "")
	}
	add("n", LabLimitOrdinary, "")
	add("l", LabLimitLow, "; Priority=Low")
	return lines
}

// LabLimitClearLines expire every cookie LabLimitLines writes, on a secure
// site or not (expiring a Secure cookie needs no Secure attribute there).
func LabLimitClearLines() []string {
	var lines []string
	for _, g := range []struct {
		group string
		n     int
	}{{"s", LabLimitSecure}, {"n", LabLimitOrdinary}, {"l", LabLimitLow}} {
		for i := range g.n {
			lines = append(lines, LabLimitName(g.group, i)+"=; Path=/; Max-Age=0")
		}
	}
	return lines
}

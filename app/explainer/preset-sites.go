package explainer

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// The presets' sites: a.test is the page's own site, b.test the second
// one (c.test a third, where a preset needs one). On a deployment whose lab
// has a second site (-other-site, answered by GET /lab/sites), the presets
// speak of the deployment's two sites instead.

// Placeholder host names of the presets' first and second sites.
const (
	PresetFirstSite  = "a.test"
	PresetSecondSite = "b.test"
)

// OnSites returns p with its first and second sites (a.test, b.test and
// their subdomains) renamed to the host names of the origins page and
// other, the lab's second site. Only names change: schemes stay as the
// question needs them (https). It returns p as it is when either origin
// is missing or has no registrable domain (an IP address, localhost: the
// loopback pair has no subdomains, which a preset may need), when they are
// the same site, or when either is the preset's third site.
func (p Preset) OnSites(page, other string) Preset {
	pageHost, otherHost, ok := presetHosts(page, other)
	if !ok {
		return p
	}
	rename := func(raw string) string {
		if raw == "" {
			return raw
		}
		u, err := url.Parse(raw)
		if err != nil {
			return raw
		}
		h := u.Hostname()
		for _, r := range []struct{ from, to string }{{PresetFirstSite, pageHost}, {PresetSecondSite, otherHost}} {
			if h == r.from || strings.HasSuffix(h, "."+r.from) {
				u.Host = strings.TrimSuffix(h, r.from) + r.to
				if port := u.Port(); port != "" {
					u.Host += ":" + port
				}
				return u.String()
			}
		}
		return raw
	}
	steps := make([]api.ScenarioStep, len(p.Scenario.Steps))
	for i, st := range p.Scenario.Steps {
		st.URL, st.TopLevelURL, st.Initiator = rename(st.URL), rename(st.TopLevelURL), rename(st.Initiator)
		steps[i] = st
	}
	p.Scenario.Steps = steps
	return p
}

// presetHosts returns the host names of the origins page and other, when
// the presets may use them (OnSites).
func presetHosts(page, other string) (pageHost, otherHost string, ok bool) {
	host := func(origin string) (name, site string) {
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return "", ""
		}
		h := strings.ToLower(u.Hostname())
		if net.ParseIP(h) != nil || cookierules.IsLocalhost(h) {
			return "", ""
		}
		d, err := publicsuffix.EffectiveTLDPlusOne(h)
		if err != nil {
			return "", "" // a public suffix itself
		}
		return h, d
	}
	pageHost, ps := host(page)
	otherHost, oSite := host(other)
	if pageHost == "" || otherHost == "" || ps == oSite || ps == presetThirdSite || oSite == presetThirdSite {
		return "", "", false
	}
	return pageHost, otherHost, true
}

// presetThirdSite is the presets' third site, which OnSites leaves alone.
const presetThirdSite = "c.test"

// PresetByIDOn returns the preset with the given ID on the sites page and
// other (OnSites).
func PresetByIDOn(id, page, other string) (Preset, bool) {
	p, ok := PresetByID(id)
	return p.OnSites(page, other), ok
}

package cookierules

import (
	"net"
	"slices"

	"golang.org/x/net/publicsuffix"
)

// The per-domain limit (§6.1 leaves the numbers to the user agent):
// Chromium's CookieMonster keeps at most DomainMaxCookies cookies for one
// registrable domain (net/cookies/cookie_monster.cc: kDomainMaxCookies = 180)
// and, above it, evicts DomainPurgeCookies more (kDomainPurgeCookies = 30),
// down to 150. Partitioned cookies count per partition, also up to 180
// (kPerPartitionDomainMaxCookies); Chromium's 10 KiB per partition and
// domain (kPerPartitionDomainMaxCookieBytes) is not modelled.
const (
	DomainMaxCookies   = 180
	DomainPurgeCookies = 30
)

// domainKey is the key Chromium counts a cookie under for the per-domain
// limit: its registrable domain (eTLD+1; an unknown top-level domain counts
// as a public suffix), or its host where it has none (an IP address,
// localhost), and its partition.
func domainKey(c *Cookie) string {
	d := c.Domain
	if net.ParseIP(d) == nil {
		if e, err := publicsuffix.EffectiveTLDPlusOne(d); err == nil {
			d = e
		}
	}
	return d + " " + c.PartitionKey.String()
}

// purgeDomain enforces the per-domain limit after c was added: above
// DomainMaxCookies cookies under c's key, it evicts down to
// DomainMaxCookies-DomainPurgeCookies, non-Secure cookies before Secure
// ones and, within each, the oldest first. Chromium evicts the least
// recently accessed first (and weighs the Priority attribute, which the
// engine does not know); the engine keeps no access times, so it takes
// creation order, which is the same for cookies not read since.
func (j *Jar) purgeDomain(c *Cookie) {
	if len(j.cookies) <= DomainMaxCookies {
		return
	}
	key := domainKey(c)
	n := 0
	for i := range j.cookies {
		if domainKey(&j.cookies[i]) == key {
			n++
		}
	}
	if n <= DomainMaxCookies {
		return
	}
	evict := n - (DomainMaxCookies - DomainPurgeCookies)
	for _, secure := range []bool{false, true} {
		j.cookies = slices.DeleteFunc(j.cookies, func(o Cookie) bool {
			if evict > 0 && o.Secure == secure && domainKey(&o) == key {
				evict--
				return true
			}
			return false
		})
	}
}

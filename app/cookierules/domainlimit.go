package cookierules

import (
	"net"

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

// Chromium's per-priority quotas (kDomainCookiesQuotaLow, …Medium, …High):
// a round of the purge leaves at least this many cookies of its priority.
var purgeQuota = map[string]int{
	PriorityLow:    30,
	PriorityMedium: 50,
	PriorityHigh:   DomainMaxCookies - DomainPurgeCookies - 30 - 50,
}

// purgeRounds are Chromium's rounds of the purge, in order: low priority
// before medium before high, and within a priority non-Secure cookies
// before Secure ones (protect: Secure cookies of the priority are spared
// in that round), with medium and high non-Secure cookies going before
// medium Secure ones.
var purgeRounds = []struct {
	priority string
	protect  bool
}{
	{PriorityLow, true}, {PriorityLow, false},
	{PriorityMedium, true}, {PriorityHigh, true},
	{PriorityMedium, false}, {PriorityHigh, false},
}

// priorityOf returns c's priority, PriorityMedium when unset.
func priorityOf(c *Cookie) string {
	if c.Priority == "" {
		return PriorityMedium
	}
	return c.Priority
}

// purgeDomain enforces the per-domain limit after c was added: above
// DomainMaxCookies cookies under c's key, it evicts DomainPurgeCookies
// more, down to DomainMaxCookies-DomainPurgeCookies, as Chromium's
// CookieMonster::GarbageCollect does: in purgeRounds, each round evicting
// the least recently used cookies of its priority (not Secure ones, in a
// protecting round) while more than the priority's quota remain (more than
// the Secure ones, if that is larger, in a protecting round).
//
// Chromium orders by last access, and updates a cookie's access time when
// it is read at most once a minute (kDefaultAccessUpdateThresholdSeconds);
// the engine keeps no access times and takes the jar's order (creation,
// or replacement with a changed value), the same for cookies not read a
// minute or more after they were set.
func (j *Jar) purgeDomain(c *Cookie) {
	if len(j.cookies) <= DomainMaxCookies {
		return
	}
	key := domainKey(c)
	var idx []int // the cookies under key, least recently used first
	for i := range j.cookies {
		if domainKey(&j.cookies[i]) == key {
			idx = append(idx, i)
		}
	}
	if len(idx) <= DomainMaxCookies {
		return
	}
	goal := len(idx) - (DomainMaxCookies - DomainPurgeCookies)
	evicted := map[int]bool{}
	for _, r := range purgeRounds {
		if goal == 0 {
			break
		}
		n, secure := 0, 0
		for _, i := range idx {
			if o := &j.cookies[i]; !evicted[i] && priorityOf(o) == r.priority {
				n++
				if o.Secure {
					secure++
				}
			}
		}
		quota := purgeQuota[r.priority]
		if n <= quota {
			continue
		}
		may := n - quota
		if r.protect {
			may = n - max(secure, quota)
		}
		for _, i := range idx {
			if goal == 0 || may <= 0 {
				break
			}
			if o := &j.cookies[i]; !evicted[i] && priorityOf(o) == r.priority && !(r.protect && o.Secure) {
				evicted[i] = true
				goal--
				may--
			}
		}
	}
	kept := j.cookies[:0]
	for i, o := range j.cookies {
		if !evicted[i] {
			kept = append(kept, o)
		}
	}
	clear(j.cookies[len(kept):])
	j.cookies = kept
}

package cookierules

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/publicsuffix"
)

// Jar is an in-memory cookie store (§5.7) that keeps cookies in creation
// order. The zero value is ready to use; it is safe for concurrent use.
type Jar struct {
	mu      sync.Mutex
	cookies []Cookie // creation order; a replacing cookie takes its predecessor's place
}

// NewJar returns an empty cookie store (§5.7).
func NewJar() *Jar { return new(Jar) }

// Cookies returns a copy of the cookie store (§5.7) in creation order; expired
// cookies stay until the next SetCookie evicts them.
func (j *Jar) Cookies() []Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.cookies)
}

func (c *Cookie) expired(now time.Time) bool {
	return c.Persistent && !now.Before(c.Expires)
}

func (j *Jar) evict(now time.Time) {
	j.cookies = slices.DeleteFunc(j.cookies, func(c Cookie) bool { return c.expired(now) })
}

// prefixRule reports whether a cookie named name (or, when the name is empty,
// with the value value) meets the rules of the cookie name prefixes, and if
// not the reason, rule and explanation. The prefixes are matched
// case-insensitively: __Secure- needs Secure (§5.7 step 20); __Host- also needs
// a host-only cookie and a last Path attribute of exactly "/" (§5.7 step 21;
// Chromium compares the attribute as written); __Http- and __Host-Http- (the
// layered-cookies draft) also need HttpOnly, set over HTTP. A nameless cookie
// whose value starts with __Secure- or __Host- is rejected (§5.7 step 22).
// secure is the request's secure flag; pathAttr the last Path attribute as
// written and hasPath whether there is one. attr names the attribute at
// fault ("" for a nameless cookie's value).
func prefixRule(name, value string, secure, cookieSecure, hostOnly, httpOnly bool, src Source, hasPath bool, pathAttr string) (ok bool, attr, rule, explanation string) {
	hasPrefix := func(s, prefix string) bool {
		return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
	}
	if name == "" {
		for _, pre := range []string{"__Secure-", "__Host-", "__Http-"} {
			if hasPrefix(value, pre) {
				return false, "", "§5.7 step 22", "A nameless cookie's value may not start with " + pre + ", or it would be sent as if it had that prefix."
			}
		}
		return true, "", "", ""
	}
	isHost := hasPrefix(name, "__Host-")
	isHttp := hasPrefix(name, "__Http-") || hasPrefix(name, "__Host-Http-")
	if (isHost || isHttp || hasPrefix(name, "__Secure-")) && !(cookieSecure && secure) {
		rule := "§5.7 step 20"
		if isHost {
			rule = "§5.7 step 21"
		}
		if isHttp && !isHost {
			rule = "layered-cookies draft (__Http- prefix)"
		}
		return false, "Secure", rule, "A cookie whose name starts with " + name[:strings.IndexByte(name[2:], '-')+3] + " must have the Secure attribute and come from a secure origin."
	}
	if isHost {
		if !hostOnly {
			return false, "Domain", "§5.7 step 21", "A __Host- cookie may not have a Domain attribute: it must be host-only."
		}
		if !hasPath || pathAttr != "/" {
			return false, "Path", "§5.7 step 21", "A __Host- cookie must have a Path attribute of exactly \"/\"."
		}
	}
	if isHttp && (!httpOnly || src != FromHTTP) {
		return false, "HttpOnly", "layered-cookies draft (__Http- prefix)", "A cookie whose name starts with __Http- or __Host-Http- must be HttpOnly and so can only be set over HTTP."
	}
	return true, "", "", ""
}

// Expiry returns when a cookie parsed as p and received at now expires, and
// whether it outlives the session at all (§5.7 step 6): Max-Age wins over
// Expires, a Max-Age <= 0 means EarliestTime (§5.6.2), and both are capped
// at MaxAge from now (§5.5), which capped reports.
func Expiry(p Parsed, now time.Time) (expires time.Time, persistent, capped bool) {
	limit := now.Add(MaxAge)
	switch {
	case p.HasMaxAge:
		switch {
		case p.MaxAge <= 0:
			return EarliestTime, true, false
		case p.MaxAge > int64(MaxAge/time.Second):
			return limit, true, true
		case p.MaxAge == int64(MaxAge/time.Second):
			return limit, true, false
		}
		return now.Add(time.Duration(p.MaxAge) * time.Second), true, false
	case p.HasExpires:
		if p.Expires.After(limit) {
			return limit, true, true
		}
		return p.Expires, true, false
	}
	return time.Time{}, false, false
}

// SetCookie applies one Set-Cookie line (or document.cookie string when src is
// FromScript) received from u at now, as a browser would (§5.6, §5.7), for a
// same-site top-level context, and returns the verdict.
func (j *Jar) SetCookie(u *url.URL, line string, src Source, now time.Time) Verdict {
	return j.setCookie(u, line, src, now, nil)
}

// setCookie is SetCookie, with the checks of a request context (SetCookieIn)
// after the context-free ones when in is not nil.
func (j *Jar) setCookie(u *url.URL, line string, src Source, now time.Time, in *setContext) Verdict {
	v := Verdict{Line: line}
	p, err := Parse(line)
	v.Attributes = p.Attributes
	c := &v.Cookie
	c.Name, c.Value = p.Name, p.Value
	// A response whose request omitted credentials sets nothing: Chromium
	// ignores its Set-Cookie lines before looking at them.
	if in != nil && in.src == FromHTTP && in.site.CredentialsOmitted {
		v.Reason, v.Rule, v.Explanation = in.credentialsOmitted()
		return v
	}
	if err != nil {
		pe := err.(*ParseError)
		v.Reason, v.Rule, v.Explanation, v.RFC = pe.Reason, pe.Rule, pe.Explanation, pe.RFC
		return v
	}
	// reject returns the verdict that attr (an attribute name, or "" for
	// the pair or the whole line) made the line be ignored.
	reject := func(attr, reason, rule, expl string) Verdict {
		v.Attribute, v.Reason, v.Rule, v.Explanation = attr, reason, rule, expl
		return v
	}
	req, reason, expl := newRequest(u)
	if reason != "" {
		return reject("", reason, "§5.7 step 1", expl)
	}
	c.Created = now
	c.Secure, c.HttpOnly, c.Partitioned, c.SameSite, c.Priority = p.Secure, p.HttpOnly, p.Partitioned, p.SameSite, p.Priority

	// Step 6: Max-Age wins over Expires; both are capped at 400 days (§5.5).
	c.Expires, c.Persistent, _ = Expiry(p, now)

	// Steps 7-10: the domain.
	setAttr := func(i int, status, reason, rule string) {
		if i >= 0 {
			a := &v.Attributes[i]
			a.Status, a.Reason, a.Rule = status, reason, rule
		}
	}
	c.HostOnly, c.Domain = true, req.host
	if p.HasDomain && p.DomainAttr != "" {
		d := p.Domain
		switch {
		case d == "":
			setAttr(p.domainIdx, StatusIgnored, "nothing is left after the leading '.'", "§5.7 step 10")
			return reject("Domain", ReasonInvalidDomain, "§5.7 step 10", "The Domain attribute "+quote(p.DomainAttr)+" names no domain.")
		case !isASCII(d):
			setAttr(p.domainIdx, StatusIgnored, "contains non-ASCII characters", "§5.7 step 8")
			return reject("Domain", ReasonInvalidDomain, "§5.7 step 8", "The Domain attribute "+quote(p.DomainAttr)+" contains characters outside US-ASCII.")
		case req.ip:
			if strings.Trim(d, "[]") != req.host {
				setAttr(p.domainIdx, StatusIgnored, "the host is an IP address", "§5.7 step 10")
				return reject("Domain", ReasonInvalidDomain, "§5.7 step 10", "The host "+req.host+" is an IP address, so the only Domain it can set is itself, not "+quote(p.DomainAttr)+".")
			}
			setAttr(p.domainIdx, StatusUsed, "equals the IP address host: the cookie is host-only (as in Chromium)", "§5.7 step 10")
		case isPublicSuffix(d):
			if d != req.host {
				setAttr(p.domainIdx, StatusIgnored, "is a public suffix", "§5.7 step 9")
				return reject("Domain", ReasonInvalidDomain, "§5.7 step 9", quote(d)+" is a public suffix, and only the host "+d+" itself may set a cookie for it.")
			}
			setAttr(p.domainIdx, StatusUsed, "a public suffix equal to the host: the cookie is host-only", "§5.7 step 9")
		case !DomainMatch(req.host, d):
			setAttr(p.domainIdx, StatusIgnored, "the host does not domain-match it", "§5.7 step 10")
			return reject("Domain", ReasonInvalidDomain, "§5.7 step 10", "The host "+req.host+" does not domain-match the Domain attribute "+quote(p.DomainAttr)+", so it may not set a cookie for it.")
		default:
			c.HostOnly, c.Domain = false, d
		}
	}

	// Step 11: the path.
	if p.HasPath && p.Path != "" && p.Path[0] == '/' {
		c.Path = p.Path
	} else {
		c.Path = DefaultPath(req.path)
	}

	// Steps 20-22: name prefixes, checked before steps 13-19 as Chromium
	// does: a prefixed cookie that also breaks step 13 (Secure from an
	// insecure origin) or step 19 (SameSite=None without Secure) is refused
	// with InvalidPrefix alone. Chromium is stricter than the host-only test
	// of step 21: any non-empty Domain attribute fails __Host-, even one that
	// leaves the cookie host-only (Domain=localhost from localhost), unless
	// it is an IP address naming itself.
	hostOnly := c.HostOnly
	if p.HasDomain && p.Domain != "" && !(isIP(req.host) && p.Domain == req.host) {
		hostOnly = false
	}
	if ok, attr, rule, expl := prefixRule(c.Name, c.Value, req.secure, c.Secure, hostOnly, c.HttpOnly, src, p.HasPath, p.Path); !ok {
		v = reject(attr, ReasonInvalidPrefix, rule, expl)
		switch {
		case c.Secure && !req.secure:
			v.RFC = "RFC 6265bis checks §5.7 step 13 before the prefixes, so by the RFC the reason is SecureOnly: a Secure cookie from an insecure origin."
		case c.SameSite == SameSiteNone && !c.Secure:
			v.RFC = "RFC 6265bis checks §5.7 step 19 before the prefixes, so by the RFC the reason is SameSiteNoneInsecure: SameSite=None without Secure."
		}
		return v
	}

	// CHIPS: Partitioned needs Secure, from a secure origin. Chromium checks
	// it before Secure (step 13) and reports no DevTools reason for it.
	if c.Partitioned && (!c.Secure || !req.secure) {
		what := "A Partitioned cookie must also have the Secure attribute."
		if c.Secure {
			what = "A Partitioned cookie can only be set from a secure origin (https, or http on localhost), not from " + u.Scheme + "://" + req.host + "."
		}
		return reject("Partitioned", ReasonInvalidPartitioned, "CHIPS (Partitioned requires Secure)", what)
	}
	// Step 13: Secure only from secure origins.
	if c.Secure && !req.secure {
		return reject("Secure", ReasonSecureOnly, "§5.7 step 13", "A cookie with the Secure attribute can only be set from a secure origin (https, or http on localhost), not from "+u.Scheme+"://"+req.host+".")
	}
	// Step 15: HttpOnly not from script.
	if c.HttpOnly && src == FromScript {
		return reject("HttpOnly", ReasonHttpOnly, "§5.7 step 15", "Script (document.cookie) cannot set an HttpOnly cookie.")
	}

	if in != nil {
		if reason, rule, expl := in.thirdParty(c); reason != "" {
			return reject("", reason, rule, expl)
		}
	}

	j.mu.Lock()
	defer j.mu.Unlock()
	j.evict(now)

	// Step 16: an insecure origin may not shadow a Secure cookie. The new
	// cookie is unpartitioned here (a Partitioned one needs a secure origin),
	// and Chromium looks only in its partition: a Partitioned Secure cookie
	// does not count.
	if !c.Secure && !req.secure {
		for i := range j.cookies {
			o := &j.cookies[i]
			if !o.Partitioned && o.Secure && o.Name == c.Name && (DomainMatch(o.Domain, c.Domain) || DomainMatch(c.Domain, o.Domain)) && PathMatch(c.Path, o.Path) {
				return reject("Secure", ReasonOverwriteSecure, "§5.7 step 16", "An insecure origin cannot set a cookie that would overwrite or shadow the Secure cookie "+quote(o.Name)+" for "+o.Domain+o.Path+".")
			}
		}
	}
	// Step 19: SameSite=None needs Secure.
	if c.SameSite == SameSiteNone && !c.Secure {
		return reject("SameSite", ReasonSameSiteNoneInsecure, "§5.7 step 19", "A SameSite=None cookie must also have the Secure attribute.")
	}
	if in != nil {
		if reason, rule, expl := in.check(c); reason != "" {
			return reject("", reason, rule, expl)
		}
	}
	// Step 23: replace the cookie with the same identity.
	idx := -1
	for i := range j.cookies {
		o := &j.cookies[i]
		if o.Name == c.Name && o.Domain == c.Domain && o.HostOnly == c.HostOnly && o.Path == c.Path && o.Partitioned == c.Partitioned && o.PartitionKey == c.PartitionKey {
			idx = i
			break
		}
	}
	keepPlace := false
	if idx >= 0 {
		o := &j.cookies[idx]
		if src == FromScript && o.HttpOnly {
			return reject("HttpOnly", ReasonOverwriteHttpOnly, "§5.7 step 23", "Script (document.cookie) cannot overwrite the HttpOnly cookie "+quote(o.Name)+".")
		}
		// §5.7 step 23 gives the new cookie the old one's creation-time;
		// Chromium does so only when the value is unchanged, and otherwise
		// the new cookie is the newest (it goes last among equal paths).
		keepPlace = o.Value == c.Value
		if keepPlace {
			c.Created = o.Created
		}
		v.Replaced = true
	}
	if c.expired(now) {
		expiry := "Expires"
		if p.HasMaxAge {
			expiry = "Max-Age"
		}
		if idx >= 0 {
			j.cookies = slices.Delete(j.cookies, idx, idx+1)
			v.Deleted = true
			return reject(expiry, ReasonExpired, ruleExpired, "The cookie had already expired, so it deleted the existing cookie "+quote(c.Name)+" and was not kept.")
		}
		return reject(expiry, ReasonExpired, ruleExpired, "The cookie had already expired, so it was not kept.")
	}
	if idx >= 0 && !keepPlace {
		v.RFC = "RFC 6265bis §5.7 step 23 keeps the replaced cookie's creation-time, so it would keep its place in the Cookie header; Chromium keeps it only for an unchanged value, so this cookie counts as new."
	}
	switch {
	case idx >= 0 && keepPlace:
		j.cookies[idx] = *c
	case idx >= 0:
		j.cookies = append(slices.Delete(j.cookies, idx, idx+1), *c)
	default:
		j.cookies = append(j.cookies, *c)
		j.purgeDomain(c)
	}
	v.Stored, v.Rule = true, "§5.7 step 24"
	v.Explanation = describe(c, v.Replaced)
	return v
}

const ruleExpired = "§5.7 (expired cookies are evicted)"

func describe(c *Cookie, replaced bool) string {
	var b strings.Builder
	if replaced {
		b.WriteString("Replaced ")
	} else {
		b.WriteString("Stored ")
	}
	if c.Name == "" {
		b.WriteString("the nameless cookie")
	} else {
		b.WriteString(quote(c.Name))
	}
	if c.Persistent {
		fmt.Fprintf(&b, " until %s", c.Expires.UTC().Format(time.RFC1123))
	} else {
		b.WriteString(" for the session")
	}
	if c.HostOnly {
		b.WriteString(", sent only to " + c.Domain)
	} else {
		b.WriteString(", sent to " + c.Domain + " and its subdomains")
	}
	b.WriteString(" under " + c.Path)
	var flags []string
	if c.Secure {
		flags = append(flags, "Secure")
	}
	if c.HttpOnly {
		flags = append(flags, "HttpOnly")
	}
	if c.SameSite != "" {
		flags = append(flags, "SameSite="+c.SameSite)
	}
	if c.Partitioned {
		flags = append(flags, "Partitioned")
	}
	if len(flags) > 0 {
		b.WriteString(" (" + strings.Join(flags, ", ") + ")")
	}
	b.WriteString(".")
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isPublicSuffix reports whether d is a public suffix per the Public Suffix
// List, private domains included (as Chromium's INCLUDE_PRIVATE_REGISTRIES);
// an unlisted top-level label counts as one (the list's "*" rule).
func isPublicSuffix(d string) bool {
	d = strings.TrimSuffix(d, ".")
	if d == "" {
		return true
	}
	ps, _ := publicsuffix.PublicSuffix(d)
	return ps == d
}

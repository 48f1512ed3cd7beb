// Package cookierules is a cookie rules engine after RFC 6265bis
// (draft-ietf-httpbis-rfc6265bis) and Chromium: it parses Set-Cookie lines
// (§5.6), applies the storage model (§5.7) to an in-memory jar and computes the
// Cookie header (§5.8.3), and says for every line which rule decided its fate.
//
// It is written for the playground's wasm UI, so it uses only the standard
// library and golang.org/x/net/publicsuffix.
//
// Where the RFC leaves room or where Chromium differs, Chromium decides:
//   - the 4096-byte limit counts name and value only, not the '=' (Chromium's
//     ParsedCookie::IsValidCookieNameValuePair; WPT size/name-and-value);
//   - an empty last Domain attribute makes the cookie host-only, but "Domain=."
//     is rejected as an invalid domain;
//   - a __Host- cookie needs its last Path attribute to be exactly "/";
//   - SameSite=None and Partitioned both need Secure;
//   - http://localhost, *.localhost, 127.0.0.0/8 and [::1] are secure origins;
//   - %-escapes in the request path are left as written (Chromium no longer
//     decodes "/f%6Fo" to "/foo");
//   - the __Http- and __Host-Http- prefixes of the layered-cookies draft are
//     enforced (they need HttpOnly, so only HTTP can set them).
//
// Where Chromium departs from the RFC's reading of a line, the verdict follows
// Chromium and keeps the RFC's reading in Verdict.RFC:
//   - a HTAB inside a name, value, attribute name or attribute value refuses
//     the line (DisallowedCharacter); §5.6 step 1 exempts HTAB;
//   - a nameless cookie whose value holds '=' is refused
//     (NamelessValueWithEquals, our name: DevTools has none);
//   - the name prefixes are checked before §5.7 steps 13-19, so a prefixed
//     cookie that also breaks Secure or SameSite=None is InvalidPrefix.
package cookierules

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source says who sets the cookie: an HTTP response (Set-Cookie) or a
// "non-HTTP" API such as document.cookie (§5.7).
type Source int

const (
	// FromHTTP is a Set-Cookie header field of an HTTP response.
	FromHTTP Source = iota
	// FromScript is a non-HTTP API such as document.cookie (§5.8.2): it cannot
	// set or overwrite HttpOnly cookies.
	FromScript
)

// String returns "HTTP" or "script".
func (s Source) String() string {
	if s == FromScript {
		return "script"
	}
	return "HTTP"
}

// SameSite values of Cookie.SameSite (§5.6.7).
const (
	SameSiteStrict  = "Strict"
	SameSiteLax     = "Lax"
	SameSiteNone    = "None"
	SameSiteDefault = "" // no or unrecognised SameSite attribute: "Default" enforcement (Lax in Chromium)
)

// Values of Cookie.Priority: Chromium's Priority attribute (a proposal
// never adopted by the IETF, draft-west-cookie-priority) weighs which
// cookies go first when a registrable domain has too many (purgeDomain).
// A missing or unrecognised value is PriorityMedium.
const (
	PriorityLow    = "Low"
	PriorityMedium = "Medium"
	PriorityHigh   = "High"
)

// rulePriority is the Rule of the Priority attribute.
const rulePriority = "Chromium (Priority; draft-west-cookie-priority)"

// Values of Attribute.Status (§5.6: a later attribute of the same name
// overrides an earlier one; an invalid or unknown one is ignored).
const (
	StatusUsed       = "used"
	StatusIgnored    = "ignored"
	StatusOverridden = "overridden"
)

// Reasons a line is not stored. Where one exists the name is Chromium's
// DevTools SetCookieBlockedReason (the CDP Network domain); the others are
// Chromium CookieInclusionStatus exclusion reasons without a CDP name, written
// the same way.
const (
	ReasonDisallowedCharacter         = "DisallowedCharacter"         // CDP; a CTL other than HTAB in the line
	ReasonNoCookieContent             = "NoCookieContent"             // CDP; empty name and value
	ReasonNameValuePairExceedsMaxSize = "NameValuePairExceedsMaxSize" // CDP; name+value > 4096 bytes
	ReasonInvalidDomain               = "InvalidDomain"               // CDP; bad or foreign Domain attribute
	ReasonSecureOnly                  = "SecureOnly"                  // CDP; Secure cookie from an insecure origin
	ReasonOverwriteSecure             = "OverwriteSecure"             // CDP; insecure origin shadowing a Secure cookie
	ReasonSameSiteNoneInsecure        = "SameSiteNoneInsecure"        // CDP; SameSite=None without Secure
	ReasonInvalidPrefix               = "InvalidPrefix"               // CDP; __Secure-/__Host-/__Http- rules broken
	ReasonSchemeNotSupported          = "SchemeNotSupported"          // CDP; URL scheme that cannot carry cookies
	ReasonHttpOnly                    = "HttpOnly"                    // EXCLUDE_HTTP_ONLY; script setting HttpOnly
	ReasonOverwriteHttpOnly           = "OverwriteHttpOnly"           // EXCLUDE_OVERWRITE_HTTP_ONLY; script replacing an HttpOnly cookie
	ReasonInvalidPartitioned          = "InvalidPartitioned"          // EXCLUDE_INVALID_PARTITIONED; Partitioned without Secure
	// ReasonNamelessValueWithEquals is our name for Chromium's refusal of a
	// nameless cookie whose value holds '=' ("=a=b" would be sent as "a=b",
	// another, named cookie). DevTools reports no blocked reason for it.
	ReasonNamelessValueWithEquals = "NamelessValueWithEquals"
	// ReasonExpired is not a Chromium exclusion (Chromium reports such a
	// cookie as included): the cookie was accepted but its expiry time had
	// already passed, so it was evicted at once (§5.7), deleting any cookie it
	// replaced.
	ReasonExpired = "Expired"
)

// Limits of §5.5 and §5.6.
const (
	MaxNameValueSize      = 4096                 // §5.6 step 5: bytes of name plus value ('=' not counted)
	MaxAttributeValueSize = 1024                 // §5.6: longer cookie-av values are ignored
	MaxAge                = 400 * 24 * time.Hour // §5.5: cap of Expires and Max-Age
)

// EarliestTime stands for "the earliest representable date and time" that
// §5.6.2 gives a cookie with Max-Age <= 0.
var EarliestTime = time.Unix(0, 0).UTC()

// Cookie is a cookie as the storage model keeps it (§5.7).
type Cookie struct {
	Name, Value string
	Domain      string // canonicalized host (host-only) or cookie-domain, lower case, no leading dot
	Path        string
	HostOnly    bool
	Secure      bool
	HttpOnly    bool
	Partitioned bool
	Persistent  bool
	SameSite    string    // SameSiteStrict, SameSiteLax, SameSiteNone or SameSiteDefault ("")
	Priority    string    // PriorityLow, PriorityMedium or PriorityHigh (Chromium's Priority attribute)
	Expires     time.Time // zero for session cookies
	Created     time.Time

	// PartitionKey is the jar of a Partitioned cookie set in a request
	// context (SetCookieIn); zero otherwise.
	PartitionKey PartitionKey
}

// String serialises c as in a Cookie header (§5.8.3 step 4): "name=value",
// or just the value for a nameless cookie.
func (c Cookie) String() string {
	if c.Name == "" {
		return c.Value
	}
	return c.Name + "=" + c.Value
}

// Attribute describes what happened to one cookie-av of a Set-Cookie line
// (§5.6): it was used, ignored (Reason says why) or overridden by a later
// attribute of the same name.
type Attribute struct {
	Name, Value string // as written, whitespace trimmed
	Status      string // StatusUsed, StatusIgnored or StatusOverridden
	Reason      string // why it was ignored or overridden, or a note on how it was used
	Rule        string // the section that decided, e.g. "§5.6.2"
}

// Verdict is what SetCookie made of one line: whether the cookie was stored
// and which rule of §5.6 or §5.7 decided.
type Verdict struct {
	Line        string
	Stored      bool
	Reason      string // one of the Reason constants; empty when stored
	Rule        string // the RFC 6265bis section that decided, e.g. "§5.7 step 13"
	Explanation string // one plain-English sentence
	Attributes  []Attribute
	// RFC is set where Chromium, which the verdict follows, departs from
	// RFC 6265bis: what the RFC's reading of the line would be.
	RFC    string
	Cookie Cookie // the stored cookie, or as much of it as was built
	// Attribute names the attribute that decided a rejection ("Secure",
	// "Domain", "Path", "HttpOnly", "SameSite", "Partitioned", or "Expires"
	// or "Max-Age" for an expired cookie); "" when the name-value pair or the
	// whole line decided.
	Attribute string
	Replaced  bool // it replaced a cookie with the same name, domain, host-only flag and path (§5.7 step 23)
	Deleted   bool // it was already expired and removed the cookie it replaced
}

// ParseError is the error of Parse: the line is ignored entirely.
type ParseError struct {
	Reason      string // ReasonDisallowedCharacter, ReasonNoCookieContent or ReasonNameValuePairExceedsMaxSize
	Rule        string
	Explanation string
	RFC         string // where Chromium departs from RFC 6265bis, the RFC's reading
	Index       int    // for ReasonDisallowedCharacter, the byte offset of the character in the line
}

func (e *ParseError) Error() string { return e.Reason + " (" + e.Rule + "): " + e.Explanation }

// Parsed is a Set-Cookie line parsed per §5.6, before the storage model: the
// name and value, every attribute with its status, and the effective value
// of each recognised attribute (the last valid occurrence).
type Parsed struct {
	Name, Value string
	Attributes  []Attribute

	HasExpires bool
	Expires    time.Time // §5.6.1, not yet capped (§5.5 needs the current time)
	HasMaxAge  bool
	MaxAge     int64 // §5.6.2 delta-seconds, saturated; <= 0 means expired

	HasDomain  bool
	DomainAttr string // the last Domain attribute as written (trimmed)
	Domain     string // its cookie-domain (§5.6.3): one leading '.' removed, lower case

	HasPath bool
	Path    string // the last Path attribute as written; "" or not starting with '/' means default-path (§5.6.4)

	Secure      bool
	HttpOnly    bool
	Partitioned bool
	SameSite    string // §5.6.7: the last SameSite attribute; SameSiteDefault if unrecognised
	Priority    string // Chromium's Priority attribute: PriorityMedium unless Low or High

	domainIdx, pathIdx int // indexes into Attributes, -1 if none
}

const (
	kUnknown = iota
	kExpires
	kMaxAge
	kDomain
	kPath
	kSecure
	kHttpOnly
	kSameSite
	kPartitioned
	kPriority
	numKinds
)

var kindRule = [numKinds]string{"§5.6", "§5.6.1", "§5.6.2", "§5.6.3", "§5.6.4", "§5.6.5", "§5.6.6", "§5.6.7", "CHIPS (Partitioned)", rulePriority}

func attrKind(name string) int {
	for k := kExpires; k < numKinds; k++ {
		if strings.EqualFold(name, kindName[k]) {
			return k
		}
	}
	return kUnknown
}

// trimWSP removes leading and trailing SP and HTAB (WSP).
func trimWSP(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return s[i:j]
}

// isCTL reports whether c is a control character that makes a line invalid:
// %x00-08 / %x0A-1F / %x7F (HTAB is allowed).
func isCTL(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }

func ctlIndex(s string) int {
	for i := 0; i < len(s); i++ {
		if isCTL(s[i]) {
			return i
		}
	}
	return -1
}

// ruleChromium is the Rule of a decision Chromium makes where RFC 6265bis
// has none.
const ruleChromium = "Chromium (not in RFC 6265bis)"

// htabInside returns the error for a HTAB inside part (a name, value,
// attribute name or attribute value, already trimmed), or nil. Chromium
// refuses such a line (ParsedCookie allows no CTL inside a token); §5.6 step 1
// exempts HTAB from the control characters that void a line.
// Its Index is the tab's offset in line, where part first occurs.
func htabInside(line, what, part string) *ParseError {
	i := strings.IndexByte(part, '\t')
	if i < 0 {
		return nil
	}
	return &ParseError{Reason: ReasonDisallowedCharacter, Rule: ruleChromium,
		Explanation: "The " + what + " " + quote(part) + " holds a tab (HTAB) inside it: Chromium refuses a line with a control character inside a name, value or attribute, the tab included.",
		RFC:         "RFC 6265bis §5.6 step 1 exempts HTAB from the control characters that make a line be ignored, and would go on with the line.",
		Index:       strings.Index(line, part) + i}
}

// Parse parses a Set-Cookie line (or a document.cookie string) per §5.6
// without storing it. The error, a *ParseError, says why the whole line is
// ignored: a control character (§5.6 step 1), a name and value longer than
// 4096 bytes together (§5.6 step 5), an empty name and value (§5.7 step 2),
// or, as in Chromium, a HTAB inside a name, value or attribute, or a nameless
// cookie whose value holds '='.
func Parse(line string) (Parsed, error) {
	p := Parsed{domainIdx: -1, pathIdx: -1, Priority: PriorityMedium}
	if i := ctlIndex(line); i >= 0 {
		return p, &ParseError{Reason: ReasonDisallowedCharacter, Rule: "§5.6 step 1",
			Explanation: fmt.Sprintf("The line contains the control character 0x%02X at byte %d, and any CTL other than HTAB makes the whole line be ignored.", line[i], i), Index: i}
	}
	nv, rest, hasAttrs := strings.Cut(line, ";")
	name, value, hasEq := strings.Cut(nv, "=")
	if !hasEq {
		name, value = "", nv
	}
	p.Name, p.Value = trimWSP(name), trimWSP(value)
	if n := len(p.Name) + len(p.Value); n > MaxNameValueSize {
		return p, &ParseError{Reason: ReasonNameValuePairExceedsMaxSize, Rule: "§5.6 step 5",
			Explanation: fmt.Sprintf("The name and value are %d bytes together (the '=' not counted), more than the limit of %d.", n, MaxNameValueSize)}
	}
	if p.Name == "" && p.Value == "" {
		return p, &ParseError{Reason: ReasonNoCookieContent, Rule: "§5.7 step 2", Explanation: "The cookie has neither a name nor a value, so it is ignored."}
	}
	if err := htabInside(line, "cookie name", p.Name); err != nil {
		return p, err
	}
	if err := htabInside(line, "cookie value", p.Value); err != nil {
		return p, err
	}
	if p.Name == "" && strings.IndexByte(p.Value, '=') >= 0 {
		return p, &ParseError{Reason: ReasonNamelessValueWithEquals, Rule: ruleChromium,
			Explanation: "The cookie has no name and its value " + quote(p.Value) + " holds '=': Chromium refuses it, since it would be sent as " + quote(p.Value) + ", which reads as another cookie named " + quote(p.Value[:strings.IndexByte(p.Value, '=')]) + ".",
			RFC:         "RFC 6265bis §5.6 reads it as a cookie with an empty name and the value " + quote(p.Value) + ", and would store it."}
	}
	if !hasAttrs {
		return p, nil
	}
	var last [numKinds]int // 1 + index into p.Attributes of the last valid attribute of each kind
	for rest != "" {
		var av string
		av, rest, _ = strings.Cut(rest, ";")
		an, aval, _ := strings.Cut(av, "=")
		an, aval = trimWSP(an), trimWSP(aval)
		if an == "" && aval == "" {
			continue
		}
		if err := htabInside(line, "attribute name", an); err != nil {
			return p, err
		}
		if err := htabInside(line, "attribute value", aval); err != nil {
			return p, err
		}
		k := attrKind(an)
		a := Attribute{Name: an, Value: aval, Status: StatusUsed, Rule: kindRule[k]}
		switch {
		case k == kUnknown:
			a.Status, a.Reason = StatusIgnored, "not a cookie attribute this user agent knows, so it is ignored"
		case len(aval) > MaxAttributeValueSize:
			a.Status, a.Reason, a.Rule = StatusIgnored, fmt.Sprintf("its value is %d bytes, more than %d", len(aval), MaxAttributeValueSize), "§5.6"
		default:
			if !p.apply(k, &a) {
				a.Status = StatusIgnored
				break
			}
			if i := last[k]; i > 0 {
				o := &p.Attributes[i-1]
				o.Status, o.Reason = StatusOverridden, "a later "+kindName[k]+" attribute overrides it"
			}
			last[k] = len(p.Attributes) + 1
			switch k {
			case kDomain:
				p.domainIdx = len(p.Attributes)
			case kPath:
				p.pathIdx = len(p.Attributes)
			}
		}
		p.Attributes = append(p.Attributes, a)
	}
	if p.HasMaxAge && last[kExpires] > 0 {
		o := &p.Attributes[last[kExpires]-1]
		o.Status, o.Reason, o.Rule = StatusOverridden, "Max-Age takes precedence over Expires", "§5.7 step 6"
	}
	return p, nil
}

var kindName = [numKinds]string{"", "Expires", "Max-Age", "Domain", "Path", "Secure", "HttpOnly", "SameSite", "Partitioned", "Priority"}

// apply records the attribute of kind k in p. It returns false (with
// a.Reason set) when the value is invalid and the cookie-av is ignored.
func (p *Parsed) apply(k int, a *Attribute) bool {
	v := a.Value
	switch k {
	case kExpires:
		t, ok := ParseCookieDate(v)
		if !ok {
			a.Reason, a.Rule = "not a date the cookie-date algorithm can parse", "§5.1.1"
			return false
		}
		p.HasExpires, p.Expires = true, t
		a.Reason = "expires " + t.Format(time.RFC1123)
	case kMaxAge:
		n, ok := ParseMaxAge(v)
		if !ok {
			a.Reason = "Max-Age must be digits, optionally after a '-'"
			return false
		}
		p.HasMaxAge, p.MaxAge = true, n
		if n <= 0 {
			a.Reason = "zero or negative: the cookie expires at once"
		}
	case kDomain:
		p.HasDomain, p.DomainAttr = true, v
		// §5.6.3: one leading "." is dropped.
		p.Domain = asciiLower(strings.TrimPrefix(v, "."))
		if v == "" {
			a.Reason = "empty: the cookie will be host-only"
		}
	case kPath:
		p.HasPath, p.Path = true, v
		if v == "" || v[0] != '/' {
			a.Reason = "empty or not starting with \"/\": the default-path is used"
		}
	case kSecure:
		p.Secure = true
	case kHttpOnly:
		p.HttpOnly = true
	case kPartitioned:
		p.Partitioned = true
	case kPriority:
		switch {
		case strings.EqualFold(v, PriorityLow):
			p.Priority = PriorityLow
		case strings.EqualFold(v, PriorityHigh):
			p.Priority = PriorityHigh
		default:
			p.Priority = PriorityMedium
			if !strings.EqualFold(v, PriorityMedium) {
				a.Reason = "not Low, Medium or High: Medium, the default, applies"
			}
		}
	case kSameSite:
		switch {
		case strings.EqualFold(v, "strict"):
			p.SameSite = SameSiteStrict
		case strings.EqualFold(v, "lax"):
			p.SameSite = SameSiteLax
		case strings.EqualFold(v, "none"):
			p.SameSite = SameSiteNone
		default:
			p.SameSite = SameSiteDefault
			a.Reason = "not Strict, Lax or None: the default enforcement (Lax in Chromium) applies"
		}
	}
	return true
}

// ParseMaxAge parses a Max-Age value per §5.6.2: a DIGIT, or '-' and a
// DIGIT, then only DIGITs. Values out of range saturate.
func ParseMaxAge(v string) (int64, bool) {
	s := v
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil { // only out of range is possible here
		n = 1<<63 - 1
	}
	if neg {
		n = -n
	}
	return n, true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

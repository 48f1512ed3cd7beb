package api

import "strings"

// Limits of the lines sent as written, by POST /lab/set and POST
// /api/explain/try.
const (
	MaxAsWrittenLines     = 50      // lines of one request
	MaxAsWrittenLineBytes = 8 << 10 // bytes of one line
)

// AsWrittenLines are Set-Cookie lines to send exactly as written: the lab's
// experiments and the explainer's "try it in this browser" break cookie
// rules on purpose, so no cookie rule is checked. Only what would end or
// corrupt the header is refused: a CR, LF or NUL. NewAsWrittenLines alone
// makes them.
type AsWrittenLines struct{ lines []string }

// NewAsWrittenLines checks lines, the value of the JSON field field: 1 to
// MaxAsWrittenLines lines of at most MaxAsWrittenLineBytes bytes, none
// holding a CR, LF or NUL. Its error is a *FieldError.
func NewAsWrittenLines(field string, lines []string) (AsWrittenLines, error) {
	if n := len(lines); n == 0 || n > MaxAsWrittenLines {
		return AsWrittenLines{}, BadField(field, RuleLimit, "must hold 1 to %d lines, not %d", MaxAsWrittenLines, n)
	}
	for i, l := range lines {
		if j := strings.IndexAny(l, "\r\n\x00"); j >= 0 {
			return AsWrittenLines{}, BadField(field, RuleHeaderSafe, "line %d holds the byte 0x%02X at %d: a CR, LF or NUL cannot be sent in a header", i+1, l[j], j)
		}
		if len(l) > MaxAsWrittenLineBytes {
			return AsWrittenLines{}, BadField(field, RuleLimit, "line %d is %d bytes, more than %d", i+1, len(l), MaxAsWrittenLineBytes)
		}
	}
	return AsWrittenLines{lines: lines}, nil
}

// Lines returns the lines, in order.
func (l AsWrittenLines) Lines() []string { return l.lines }

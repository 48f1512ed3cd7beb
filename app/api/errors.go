package api

import "fmt"

// ErrorResponse is the body of every 4xx answer of the API, and of a 500
// (field "server", rule RuleInternal): Error reads
// "<field>: <what is wrong>", Field is the JSON name of the field at fault
// ("body" for the request as a whole) and Rule names the rule it broke.
type ErrorResponse struct {
	Error string `json:"error"`
	Field string `json:"field"`
	Rule  string `json:"rule"`
}

// Rules of the API's own, named by ErrorResponse.Rule. A rule that a
// browser applies to a cookie is named instead as the rules engine
// (app/cookierules) names it: its RFC 6265bis section, such as
// "§5.7 step 13", or the draft that states it.
const (
	RuleJSON       = "json"        // the body is one JSON object, each name once, valid Unicode (RFC 8259 §8), whose fields have the right types
	RuleKnownField = "known-field" // the endpoint knows the field
	RuleLimit      = "limit"       // a size or count within the endpoint's cap
	RuleRequired   = "required"    // the field is not empty
	RuleOneOf      = "one-of"      // one of a fixed set of values
	RuleURL        = "url"         // an absolute http or https URL with a host
	RuleRFC3339    = "rfc3339"     // a time written as in RFC 3339
	RuleToken      = "token"       // a cookie name is a token (RFC 9110 §5.6.2, RFC 6265bis §4.1.1)
	RuleWhiteSpace = "white-space" // a cookie value has no white space around it, and no tab
	RuleHeaderSafe = "header-safe" // no CR, LF or NUL, which cannot travel in a header
	RuleFound      = "found"       // what the request names exists (404)
	RuleMethod     = "method"      // the method the route takes (405)
	RuleInternal   = "internal"    // none broken: the server failed (500), and logged why
	RuleReceived   = "received"    // the body arrives whole and in time
	RuleQuery      = "query"       // a query or form is well formed: valid %-escapes, no raw ";", each name once
	RuleLoginOnly  = "login-only"  // only POST /login and POST /logout change a login cookie
	RuleSameOrigin = "same-origin" // a state change comes from the site's own pages (CSRF protection, 403)
)

// FieldError is bad input: the field at fault (its JSON name), the rule it
// broke and what is wrong, in words. The server answers it as an
// ErrorResponse; the wasm shows it next to its field.
type FieldError struct {
	Field, Rule, Message string
}

// BadField returns a *FieldError whose message is formatted as by
// fmt.Sprintf.
func BadField(field, rule, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Error returns "<field>: <message>", as ErrorResponse.Error reads.
func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Response returns the answer that carries e.
func (e *FieldError) Response() ErrorResponse {
	return ErrorResponse{Error: e.Error(), Field: e.Field, Rule: e.Rule}
}

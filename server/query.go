package server

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cookieplayground/cookieplay/app/api"
)

// parseQuery decodes a query string or an application/x-www-form-urlencoded
// body strictly, where url.ParseQuery skips what it cannot decode: a
// malformed percent-encoding, a ";" (once a separator, now ambiguous) or a
// name given twice is an error naming the parameter. Every name maps to its
// one value; which text a value may hold is the rule of its field.
func parseQuery(raw string) (map[string]string, error) {
	params := map[string]string{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, api.BadField("query", api.RuleQuery, "the parameter name %q is not valid percent-encoding", quotedParam(rawName))
		}
		if strings.Contains(pair, ";") {
			return nil, api.BadField(paramField(name), api.RuleQuery, "holds a \";\", which is no separator here: write it as %%3B")
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, api.BadField(paramField(name), api.RuleQuery, "the value %q is not valid percent-encoding", quotedParam(rawValue))
		}
		if _, dup := params[name]; dup {
			return nil, api.BadField(paramField(name), api.RuleQuery, "is given twice; give each parameter once")
		}
		params[name] = value
	}
	return params, nil
}

// paramField names a parameter in an error: a parameter without a name is
// "query".
func paramField(name string) string {
	if name == "" {
		return "query"
	}
	return quotedParam(name)
}

// quotedParam cuts what a client sent to a length an error may repeat.
func quotedParam(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return s[:max] + "…"
}

package server

import (
	"maps"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

var parseQueryTests = []struct {
	name, in  string
	want      map[string]string // nil for an error
	wantField string
}{
	{"pairs decode", "a=1&b=x%20y+z", map[string]string{"a": "1", "b": "x y z"}, ""},
	{"a name without = has an empty value", "a&b=", map[string]string{"a": "", "b": ""}, ""},
	{"empty pieces are skipped", "&a=1&&", map[string]string{"a": "1"}, ""},
	{"an empty query has no parameters", "", map[string]string{}, ""},
	{"= may appear in a value", "a=b=c", map[string]string{"a": "b=c"}, ""},
	{"%3B is a ; in a value", "a=x%3By", map[string]string{"a": "x;y"}, ""},
	{"a malformed escape in a value names its parameter", "a=1&b=%zz", nil, "b"},
	{"a truncated escape in a value", "a=%2", nil, "a"},
	{"a malformed escape in a name names the query", "a%zz=1", nil, "query"},
	{"a raw ; is no separator", "a=1;b=2", nil, "a"},
	{"a name given twice", "a=1&a=2", nil, "a"},
	{"a name given twice, once encoded", "a=1&%61=2", nil, "a"},
	{"a nameless parameter given twice", "=1&=2", nil, "query"},
}

func TestParseQuery(t *testing.T) {
	for _, tt := range parseQueryTests {
		got, err := parseQuery(tt.in)
		if tt.want != nil {
			if err != nil || !maps.Equal(got, tt.want) {
				t.Errorf("%s: parseQuery(%q) = %v, %v; want %v", tt.name, tt.in, got, err, tt.want)
			}
			continue
		}
		fe, ok := err.(*api.FieldError)
		if !ok || fe.Field != tt.wantField || fe.Rule != api.RuleQuery {
			t.Errorf("%s: parseQuery(%q) = %v, %v; want an error naming %q", tt.name, tt.in, got, err, tt.wantField)
		}
	}
}

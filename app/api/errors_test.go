package api

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestFieldErrorResponse(t *testing.T) {
	var err error = BadField("secure", "§5.7 step 13", "a Secure cookie from %s is ignored", "http://a.test")
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("BadField = %T; want a *FieldError", err)
	}
	if got, want := err.Error(), "secure: a Secure cookie from http://a.test is ignored"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	b, _ := json.Marshal(fe.Response())
	if got, want := string(b), `{"error":"secure: a Secure cookie from http://a.test is ignored","field":"secure","rule":"§5.7 step 13"}`; got != want {
		t.Errorf("Response() = %s; want %s", got, want)
	}
}

var asWrittenLinesTests = []struct {
	name     string
	lines    []string
	wantRule string // "" when the lines are taken
}{
	{"control characters other than CR, LF and NUL are sent, breaking cookies on purpose", []string{"a=1", "b=\x01; Secure"}, ""},
	{"a line of MaxAsWrittenLineBytes bytes is within the cap", []string{strings.Repeat("v", MaxAsWrittenLineBytes)}, ""},
	{"MaxAsWrittenLines lines are within the cap", make([]string, MaxAsWrittenLines), ""},
	{"no line at all is refused", nil, RuleLimit},
	{"a CR would end the header", []string{"a=1\r"}, RuleHeaderSafe},
	{"a LF would end the header", []string{"a\n=1"}, RuleHeaderSafe},
	{"a NUL would corrupt the header", []string{"\x00"}, RuleHeaderSafe},
	{"a line over MaxAsWrittenLineBytes bytes is refused", []string{strings.Repeat("v", MaxAsWrittenLineBytes+1)}, RuleLimit},
	{"more than MaxAsWrittenLines lines are refused", make([]string, MaxAsWrittenLines+1), RuleLimit},
}

func TestNewAsWrittenLines(t *testing.T) {
	for _, tt := range asWrittenLinesTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewAsWrittenLines("lines", tt.lines)
			if tt.wantRule == "" {
				if err != nil || len(got.Lines()) != len(tt.lines) {
					t.Errorf("NewAsWrittenLines(%.40q) = %d lines, %v; want all %d", tt.lines, len(got.Lines()), err, len(tt.lines))
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "lines" || fe.Rule != tt.wantRule {
				t.Errorf("NewAsWrittenLines(%.40q) = %v; want a lines error under the rule %q", tt.lines, err, tt.wantRule)
			}
		})
	}
}

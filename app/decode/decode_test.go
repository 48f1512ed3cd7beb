package decode

import (
	"reflect"
	"testing"
)

// A JWT of {"alg":"HS256","typ":"JWT"} and {"sub":"1234567890","name":"John Doe","iat":1516239022}.
const sampleJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

var valueTests = []struct {
	name  string
	value string
	want  []Decoding
}{
	{"plain text has no other reading", "dark", nil},
	{"percent escapes are URL-decoded", "a%20b%3Bc", []Decoding{{Kind: "URL", Text: "a b;c"}}},
	{"base64 of text is decoded", "aGVsbG8gd29ybGQ=", []Decoding{{Kind: "base64", Text: "hello world"}}},
	{"base64 with its padding URL-encoded is decoded", "aGVsbG8gd29ybGQ%3D", []Decoding{{Kind: "URL", Text: "aGVsbG8gd29ybGQ="}, {Kind: "base64", Text: "hello world"}}},
	{"unpadded URL-alphabet base64 is decoded", "aGk_Pz8", []Decoding{{Kind: "base64", Text: "hi???"}}},
	{"base64 of binary is not shown", "AAECAwQF", nil},
	{"a JWT shows header and payload, signature not verified", sampleJWT, []Decoding{
		{Kind: "JWT header", Text: "{\n  \"alg\": \"HS256\",\n  \"typ\": \"JWT\"\n}", Note: JWTNote},
		{Kind: "JWT payload", Text: "{\n  \"sub\": \"1234567890\",\n  \"name\": \"John Doe\",\n  \"iat\": 1516239022\n}", Note: JWTNote},
	}},
	{"three dotted parts that are not JSON are no JWT", "a.b.c", nil},
	{"a malformed escape is left alone", "100%", nil},
}

func TestValue(t *testing.T) {
	for _, tt := range valueTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Value(tt.value); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Value(%q) = %q; want %q", tt.value, got, tt.want)
			}
		})
	}
}

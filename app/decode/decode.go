// Package decode shows what a cookie value may hold: URL-encoded text,
// base64, or a JSON Web Token. It only reads; nothing is verified.
package decode

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Decoding is one reading of a value.
type Decoding struct {
	Kind string // "URL", "base64", "JWT header", "JWT payload"
	Text string
	Note string
}

// JWTNote labels every JWT reading: the signature is not checked.
const JWTNote = "signature not verified"

// Value returns every reading of v that differs from v itself and is
// readable text: URL-decoded, base64 (standard or URL alphabet, padded or
// not), and a JWT's header and payload as indented JSON.
func Value(v string) []Decoding {
	var out []Decoding
	if h, p, ok := JWT(v); ok {
		return []Decoding{{"JWT header", h, JWTNote}, {"JWT payload", p, JWTNote}}
	}
	if u, err := url.PathUnescape(v); err == nil && u != v && readable(u) {
		out = append(out, Decoding{Kind: "URL", Text: u})
	}
	if b, ok := Base64(v); ok {
		out = append(out, Decoding{Kind: "base64", Text: b})
	}
	return out
}

// Base64 decodes v when it is base64 of readable text.
func Base64(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 4 {
		return "", false
	}
	if u, err := url.PathUnescape(v); err == nil {
		v = u // "%3D" padding, as cookie values often carry it
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(v)
		if err == nil && len(b) > 0 && readable(string(b)) {
			return string(b), true
		}
	}
	return "", false
}

// JWT returns a JSON Web Token's header and payload (RFC 7519), indented.
func JWT(v string) (header, payload string, ok bool) {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return "", "", false
	}
	var h, p string
	for i, dst := range []*string{&h, &p} {
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[i], "="))
		if err != nil {
			return "", "", false
		}
		var buf bytes.Buffer
		if json.Indent(&buf, b, "", "  ") != nil || !bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
			return "", "", false
		}
		*dst = buf.String()
	}
	var hdr struct {
		Alg *string `json:"alg"`
	}
	if json.Unmarshal([]byte(h), &hdr) != nil || hdr.Alg == nil {
		return "", "", false
	}
	return h, p, true
}

// readable reports whether s is valid UTF-8 of printable characters and
// common white space: decoding that yields binary is not shown.
func readable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

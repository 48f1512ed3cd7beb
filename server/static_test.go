package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

var acceptsEncodingTests = []struct {
	header, coding string
	want           bool
}{
	{"", "br", false},
	{"br", "br", true},
	{"gzip, deflate, br, zstd", "br", true},
	{"gzip, deflate, br, zstd", "gzip", true},
	{"GZIP", "gzip", true},
	{"br;q=0", "br", false},
	{"br; q=0.0, gzip", "br", false},
	{"br;q=0.5", "br", true},
	{"gzip;q=1.0", "gzip", true},
	{"identity", "gzip", false},
	{"*", "br", false}, // a wildcard alone is not worth the risk
	{"brotli", "br", false},
}

func TestAcceptsEncoding(t *testing.T) {
	for _, tt := range acceptsEncodingTests {
		if got := acceptsEncoding(tt.header, tt.coding); got != tt.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v; want %v", tt.header, tt.coding, got, tt.want)
		}
	}
}

// staticTestCSS is the app.css of newStaticServer's folder.
var staticTestCSS = bytes.Repeat([]byte("body { color: brown; }\n"), 200)

// newStaticServer serves a web folder holding app.css with fresh
// precompressed copies and app.js with a stale one.
func newStaticServer(t *testing.T) (*httptest.Server, *staticFiles) {
	t.Helper()
	dir := t.TempDir()
	css := staticTestCSS
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.css", css)
	write("app.css.gz", gzipBytes(t, css))
	write("app.css.br", brotliBytes(t, css))
	write("app.js", []byte("console.log('new');"))
	write("app.js.br", brotliBytes(t, []byte("console.log('old');")))
	write(".precompress.json", []byte(`{"app.css": "`+sha256Hex(css)+`", "app.js": "stale"}`))
	static := loadStaticFiles(os.DirFS(dir))
	s := &server{cfg: Config{WebDir: dir}, static: static}
	ts := httptest.NewServer(s.handleStatic())
	t.Cleanup(ts.Close)
	return ts, static
}

func TestStaticServesBestEncoding(t *testing.T) {
	ts, static := newStaticServer(t)
	css := staticTestCSS
	tests := []struct {
		name, target, acceptEncoding string
		wantEncoding, wantCache      string
	}{
		{"brotli when the client takes it", "/web/app.css", "gzip, deflate, br", "br", "no-cache"},
		{"gzip when brotli is refused", "/web/app.css", "gzip, br;q=0", "gzip", "no-cache"},
		{"identity when nothing is accepted", "/web/app.css", "", "", "no-cache"},
		{"a versioned URL may be kept a year", "/web/app.css?v=" + static.version, "br", "br", "public, max-age=31536000, immutable"},
		{"an old version's URL is revalidated", "/web/app.css?v=0000", "br", "br", "no-cache"},
		{"a stale precompressed copy is never sent", "/web/app.js", "br", "", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+tt.target, nil)
			req.Header.Set("Accept-Encoding", tt.acceptEncoding)
			resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if got := resp.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q; want %q", got, tt.wantEncoding)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control = %q; want %q", got, tt.wantCache)
			}
			if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q; want Accept-Encoding", got)
			}
			if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(body)); got != want {
				t.Errorf("Content-Length = %q; want %q, the bytes sent", got, want)
			}
			if strings.HasSuffix(tt.target, "app.js") {
				if string(body) != "console.log('new');" {
					t.Errorf("body = %q; want the current file", body)
				}
				return
			}
			if got := decode(t, tt.wantEncoding, body); !bytes.Equal(got, css) {
				t.Errorf("decoded body differs from app.css (%d bytes, want %d)", len(got), len(css))
			}
		})
	}
}

func TestStaticRevalidatesByETag(t *testing.T) {
	ts, _ := newStaticServer(t)
	for _, enc := range []string{"br", "gzip", ""} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/web/app.css", nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		req.Header.Set("If-None-Match", etag)
		resp, err = http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("encoding %q: If-None-Match %s gave %d; want 304", enc, etag, resp.StatusCode)
		}
	}
}

func TestStaticHasNoListingsOrUnknownFiles(t *testing.T) {
	ts, _ := newStaticServer(t)
	for _, p := range []string{"/web/", "/web/nope.css", "/web/.precompress.json", "/web/app.css.br"} {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", p, resp.StatusCode)
		}
	}
}

func decode(t *testing.T, encoding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch encoding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func brotliBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriter(&buf)
	bw.Write(b)
	bw.Close()
	return buf.Bytes()
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

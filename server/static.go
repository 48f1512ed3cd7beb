package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// An encoded is one representation of a file: identity, gzip or brotli.
type encoded struct {
	encoding string // "" for identity
	etag     string
	size     int64
	fsys     fs.FS  // holds path; nil when body holds the bytes
	path     string // slash-separated, in fsys
	body     []byte
}

// asset is a file the server can send in several encodings, best first.
type asset struct {
	contentType string
	encodings   []encoded
	rawSize     int64
}

// pick returns the best representation the Accept-Encoding header allows.
func (a *asset) pick(acceptEncoding string) encoded {
	for _, e := range a.encodings {
		if e.encoding == "" || acceptsEncoding(acceptEncoding, e.encoding) {
			return e
		}
	}
	return a.encodings[len(a.encodings)-1]
}

// acceptsEncoding reports whether an Accept-Encoding header allows coding
// with a non-zero weight (RFC 9110 §12.5.3).
func acceptsEncoding(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		w, err := strconv.ParseFloat(q, 64)
		return err == nil && w > 0
	}
	return false
}

// serve writes the representation of a that r accepts. Versioned URLs
// (?v=<current version>) never change, so browsers may keep them a year.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	e := a.pick(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", e.etag)
	h.Set("Cache-Control", cacheControl)
	if e.encoding == "" {
		// Identity: ServeContent adds ranges and conditional requests.
		content, closeFn, err := e.open()
		if err != nil {
			writeError(w, r, http.StatusInternalServerError, err)
			return
		}
		defer closeFn()
		http.ServeContent(w, r, "", time.Time{}, content)
		return
	}
	// ServeContent leaves out Content-Length whenever Content-Encoding is
	// set, but go-app's loading bar and every cache want it.
	h.Set("Content-Encoding", e.encoding)
	if inm := r.Header.Get("If-None-Match"); inm != "" && (inm == "*" || strings.Contains(inm, e.etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.FormatInt(e.size, 10))
	if r.Method == http.MethodHead {
		return
	}
	content, closeFn, err := e.open()
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, err)
		return
	}
	defer closeFn()
	_, _ = io.Copy(w, content)
}

// open returns the representation's bytes.
func (e encoded) open() (io.ReadSeeker, func(), error) {
	if e.fsys == nil {
		return bytes.NewReader(e.body), func() {}, nil
	}
	f, err := e.fsys.Open(e.path)
	if err != nil {
		return nil, nil, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		// Both os.DirFS and embed.FS files seek; any other fs.FS must too.
		f.Close()
		return nil, nil, fmt.Errorf("static file %s cannot seek", e.path)
	}
	return rs, func() { f.Close() }, nil
}

// staticFiles is the web folder, indexed once at start: the content hash
// of every file gives ETags and the app version, and the precompressed
// copies ./build.sh makes are used only while they match their source. The
// folder is an fs.FS: the copy embedded in the binary, or a folder on disk
// (-web).
type staticFiles struct {
	version string
	assets  map[string]*asset // by path below the folder, slash-separated
}

func loadStaticFiles(fsys fs.FS) *staticFiles {
	s := &staticFiles{assets: map[string]*asset{}}
	stamps := map[string]string{}
	if b, err := fs.ReadFile(fsys, ".precompress.json"); err == nil {
		_ = json.Unmarshal(b, &stamps)
	}
	all := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := path.Ext(p)
		// .go: the web package's embed.go, which is not a web file.
		if ext == ".gz" || ext == ".br" || ext == ".go" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		hash, size, err := hashFile(fsys, p)
		if err != nil {
			return err
		}
		all.Write([]byte(p + ":" + hash + "\n"))

		a := &asset{contentType: contentType(p), rawSize: size}
		if stamps[p] == hash {
			for _, c := range []struct{ enc, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if fi, err := fs.Stat(fsys, p+c.ext); err == nil {
					a.encodings = append(a.encodings, encoded{encoding: c.enc, etag: `"` + hash[:20] + "-" + c.enc + `"`, size: fi.Size(), fsys: fsys, path: p + c.ext})
				}
			}
		}
		a.encodings = append(a.encodings, encoded{etag: `"` + hash[:20] + `"`, size: size, fsys: fsys, path: p})
		s.assets[p] = a
		return nil
	})
	if err != nil {
		slog.Warn("indexing the web folder failed", "err", err)
	}
	if _, ok := s.assets["app.wasm"]; !ok {
		slog.Warn("app.wasm not found: pages will not start; run ./build.sh")
	}
	s.version = hex.EncodeToString(all.Sum(nil))[:16]
	return s
}

// hashFile returns the SHA-256 of a file and its size, streaming it: the
// wasm is 14 MB, and reading it whole left that much in the heap for good.
func hashFile(fsys fs.FS, p string) (string, int64, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// wasmSize returns the uncompressed size of app.wasm, which go-app's
// loading bar needs when the file travels compressed.
func (s *staticFiles) wasmSize() int64 {
	if a, ok := s.assets["app.wasm"]; ok {
		return a.rawSize
	}
	return 0
}

// versioned returns the URL of a file below /web/ that changes with every
// build, so it can be cached for good.
func (s *staticFiles) versioned(urlPath string) string {
	return urlPath + "?v=" + s.version
}

func (s *staticFiles) cacheControl(r *http.Request) string {
	if r.URL.Query().Get("v") == s.version {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// handleStatic handles the "GET /web/" route: the files of the web folder,
// precompressed where the client accepts it.
func (s *server) handleStatic() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.static.assets[strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")]
		if !ok {
			// Only what was there at start is served: no folder listings,
			// no stale ETags for files changed since.
			http.NotFound(w, r)
			return
		}
		a.serve(w, r, s.static.cacheControl(r))
	})
}

// goAppAssets are the files go-app generates in memory. They are captured
// once at start and compressed there, since go-app sends them raw.
var goAppAssets = []string{"/app.js", "/wasm_exec.js", "/app.css", "/app-worker.js"}

// compressGoAppAssets renders go-app's generated files once and keeps
// them in every encoding.
func compressGoAppAssets(pages http.Handler) map[string]*asset {
	assets := map[string]*asset{}
	for _, p := range goAppAssets {
		rec := httptest.NewRecorder()
		pages.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			slog.Warn("go-app asset missing", "path", p, "status", rec.Code)
			continue
		}
		body := rec.Body.Bytes()
		if p == "/app.js" {
			streaming, err := withStreamingWasm(body)
			if err != nil {
				slog.Warn("app.js kept as go-app wrote it", "err", err)
			} else {
				body = streaming
			}
		}
		assets[p] = newMemoryAsset(rec.Header().Get("Content-Type"), body)
	}
	return assets
}

// newMemoryAsset keeps raw in memory in every encoding.
func newMemoryAsset(contentType string, raw []byte) *asset {
	sum := sha256.Sum256(raw)
	tag := hex.EncodeToString(sum[:])[:20]
	var br, gz bytes.Buffer
	// These files are tens of kilobytes: a 256 KiB window loses nothing,
	// and brotli's default 4 MiB one left ~70 MB of start-up garbage.
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 18})
	bw.Write(raw)
	bw.Close()
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	return &asset{contentType: contentType, rawSize: int64(len(raw)), encodings: []encoded{
		{encoding: "br", etag: `"` + tag + `-br"`, body: br.Bytes(), size: int64(br.Len())},
		{encoding: "gzip", etag: `"` + tag + `-gzip"`, body: gz.Bytes(), size: int64(gz.Len())},
		{etag: `"` + tag + `"`, body: raw, size: int64(len(raw))},
	}}
}

// handleGoAppAsset handles the routes of go-app's generated files. The
// service worker must always be revalidated, or updates would stall.
func (s *server) handleGoAppAsset(urlPath string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.goApp[urlPath]
		if !ok {
			s.pages.ServeHTTP(w, r)
			return
		}
		a.serve(w, r, "no-cache")
	}
}

// contentType returns the media type of a file by its extension.
func contentType(p string) string {
	switch ext := path.Ext(p); ext {
	case ".wasm":
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

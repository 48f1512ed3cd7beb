// Command precompress writes gzip and brotli copies of the static files in a
// folder (FILE.gz, FILE.br) so the server can send them without compressing
// on every request. A copy is rewritten only when its source changed, which
// it tells from a content hash kept beside the copies.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth compressing; PNGs already are.
var compressible = []string{".wasm", ".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".html"}

const stampFile = ".precompress.json"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	dir := fs.String("dir", "web", "folder of static files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stampPath := filepath.Join(*dir, stampFile)
	stamps := map[string]string{}
	if b, err := os.ReadFile(stampPath); err == nil {
		_ = json.Unmarshal(b, &stamps)
	}
	err := filepath.WalkDir(*dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || !slices.Contains(compressible, filepath.Ext(path)) {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])
		rel, _ := filepath.Rel(*dir, path)
		if stamps[rel] == hash && exists(path+".gz") && exists(path+".br") {
			return nil
		}
		gz, br, err := compress(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path+".gz", gz, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(path+".br", br, 0o644); err != nil {
			return err
		}
		stamps[rel] = hash
		fmt.Fprintf(stdout, "%s: %d bytes raw, %d gzip, %d brotli\n", strings.TrimPrefix(path, "./"), len(raw), len(gz), len(br))
		return nil
	})
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(stamps, "", "  ")
	return os.WriteFile(stampPath, b, 0o644)
}

// compress returns raw as gzip at its best level and brotli at level 11.
func compress(raw []byte) (gz, br []byte, err error) {
	var g bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&g, gzip.BestCompression)
	if _, err := zw.Write(raw); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := bw.Write(raw); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return g.Bytes(), b.Bytes(), nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

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
	compressed, unchanged := 0, 0
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
			unchanged++
			return nil
		}
		name := strings.TrimPrefix(path, "./")
		fmt.Fprintf(stdout, "%s (%s)\n", name, kib(len(raw)))
		gz, br, err := compress(raw, progress(stdout, name, len(raw)))
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
		compressed++
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d file(s) compressed, %d unchanged\n", compressed, unchanged)
	b, _ := json.MarshalIndent(stamps, "", "  ")
	return os.WriteFile(stampPath, b, 0o644)
}

// progressStep is how much of a file brotli takes at a time; a file larger
// than progressFrom reports its progress, as brotli 11 takes about 40 s
// for the wasm.
const (
	progressStep = 256 << 10
	progressFrom = 1 << 20
)

// progress returns the function compress calls as brotli goes through
// name: a line at every fifth of a large file, nothing for a small one.
func progress(stdout io.Writer, name string, size int) func(done int) {
	if size < progressFrom {
		return func(int) {}
	}
	next := 20
	return func(done int) {
		for pct := done * 100 / size; pct >= next && next <= 100; next += 20 {
			fmt.Fprintf(stdout, "  brotli %s: %d%%\n", name, next)
		}
	}
}

// kib writes a size in KiB, or MiB from 10 MiB.
func kib(n int) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// compress returns raw as gzip at its best level and brotli at level 11,
// telling progress how many bytes brotli has taken.
func compress(raw []byte, progress func(done int)) (gz, br []byte, err error) {
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
	for done := 0; done < len(raw); {
		n := min(progressStep, len(raw)-done)
		if _, err := bw.Write(raw[done : done+n]); err != nil {
			return nil, nil, err
		}
		done += n
		if done < len(raw) {
			progress(done)
		}
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	progress(len(raw))
	return g.Bytes(), b.Bytes(), nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

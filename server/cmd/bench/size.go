package main

import (
	"compress/gzip"
	"io"
	"os"
	"sync"

	"github.com/andybalholm/brotli"
)

// wasmSizes are the bytes of one app.wasm, raw and compressed.
type wasmSizes struct {
	Raw    int64 `json:"raw"`
	Gzip   int64 `json:"gzip9"`
	Brotli int64 `json:"brotli11"`
	// ServedBrotli is the size of app.wasm.br beside app.wasm, the file a
	// server may send as is; nil when there is none.
	ServedBrotli *int64 `json:"served_brotli,omitempty"`
}

// sizeReport compares the playground's wasm with hello's.
type sizeReport struct {
	Playground wasmSizes `json:"playground"`
	Hello      wasmSizes `json:"hello"`
}

// brotliOptions is brotli's best: quality 11 with the largest window
// (2^24 bytes), which is what `brotli -q 11 --lgwin=24` (or `brotli -Z`)
// writes.
var brotliOptions = brotli.WriterOptions{Quality: 11, LGWin: 24}

// measureSizes compresses both files, the four compressions in parallel.
func measureSizes(playground, hello string) (sizeReport, error) {
	var r sizeReport
	files := []struct {
		path string
		out  *wasmSizes
	}{{playground, &r.Playground}, {hello, &r.Hello}}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return r, err
		}
		f.out.Raw = int64(len(data))
		if st, err := os.Stat(f.path + ".br"); err == nil {
			n := st.Size()
			f.out.ServedBrotli = &n
		}
		wg.Go(func() {
			n, err := compressedSize(data, func(w io.Writer) (io.WriteCloser, error) {
				return gzip.NewWriterLevel(w, gzip.BestCompression)
			})
			if err != nil {
				fail(err)
			}
			f.out.Gzip = n
		})
		wg.Go(func() {
			n, err := compressedSize(data, func(w io.Writer) (io.WriteCloser, error) {
				return brotli.NewWriterOptions(w, brotliOptions), nil
			})
			if err != nil {
				fail(err)
			}
			f.out.Brotli = n
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return r, errs[0]
	}
	return r, nil
}

func compressedSize(data []byte, newWriter func(io.Writer) (io.WriteCloser, error)) (int64, error) {
	var c countWriter
	w, err := newWriter(&c)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(data); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return int64(c), nil
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

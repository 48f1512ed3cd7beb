package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// helloPkg is go-app's hello world, built as the reference point.
const helloPkg = "github.com/cookieplayground/cookieplay/server/cmd/hello"

// helloBuild is where hello was built: dir/hello serves dir/web, which holds
// app.wasm and icon.png.
type helloBuild struct {
	dir  string
	bin  string
	wasm string
}

// buildHello builds hello twice from the same file, as build.sh builds the
// playground's wasm: -trimpath -ldflags="-s -w". The server gets the same
// flags (build.sh builds cookieplay without -ldflags; the server's size is
// not measured). It copies the playground's icons beside hello's wasm, so
// that hello fetches nothing from outside.
func buildHello(ctx context.Context, tmp, playgroundWeb string, timeout time.Duration) (helloBuild, error) {
	h := helloBuild{dir: filepath.Join(tmp, "hello")}
	h.bin = filepath.Join(h.dir, "hello")
	h.wasm = filepath.Join(h.dir, "web", "app.wasm")
	if err := os.MkdirAll(filepath.Dir(h.wasm), 0o755); err != nil {
		return h, err
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return h, fmt.Errorf("the go command is needed to build hello: %w", err)
	}
	// Build timeouts are generous: a cold build cache compiles go-app twice.
	ctx, cancel := context.WithTimeout(ctx, 10*timeout)
	defer cancel()
	for _, b := range []struct {
		out string
		env []string
	}{
		{h.wasm, []string{"GOOS=js", "GOARCH=wasm"}},
		{h.bin, nil},
	} {
		cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", b.out, helloPkg)
		cmd.Env = append(os.Environ(), b.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return h, fmt.Errorf("building hello (%v go build %s; run bench from the module): %v\n%s", b.env, helloPkg, err, out)
		}
	}
	icon, err := os.ReadFile(filepath.Join(playgroundWeb, "icon-192.png"))
	if err != nil {
		if icon, err = tinyPNG(); err != nil {
			return h, err
		}
	}
	svg, err := os.ReadFile(filepath.Join(playgroundWeb, "icon.svg"))
	if err != nil {
		svg = []byte(tinySVG)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "web", "icon.png"), icon, 0o644); err != nil {
		return h, err
	}
	if err := os.WriteFile(filepath.Join(h.dir, "web", "icon.svg"), svg, 0o644); err != nil {
		return h, err
	}
	return h, nil
}

// tinySVG is the SVG icon when the playground's is missing.
const tinySVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#7a4a1e"/></svg>`

// tinyPNG is the PNG icon when the playground's is missing.
func tinyPNG() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{0x7a, 0x4a, 0x1e, 0xff})
		}
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// Package web holds the playground's static files, embedded in the binary
// so that bin/cookieplay, copied anywhere, serves everything.
package web

import "embed"

// Files are the static files as they were at build time: app.wasm and its
// precompressed copies (./build.sh makes them before building the binary),
// the stylesheets, icons and screenshots, and .precompress.json, which says
// which copies are fresh. The pattern "*" also matches names starting with
// a dot, and this file, which the server leaves out.
//
//go:embed *
var Files embed.FS

// Package corpora finds the public cookie test corpora (the http-state
// suite and the WPT tables) that the engine's tests and the Chromium
// replay read. It is for tests only.
package corpora

import (
	"os"
	"path/filepath"
)

// Dir returns $COOKIERULES_CORPORA, or the first shared/corpora folder in
// the working directory's ancestors (the repository's sibling in the
// playground's layout), or "" when there is none.
func Dir() string {
	if d := os.Getenv("COOKIERULES_CORPORA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "corpora")
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return c
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

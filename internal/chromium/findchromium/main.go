// Command findchromium prints the path of the Chromium that the browser
// tests and the bench would use (chromium.Path), or nothing: build.sh asks
// it rather than look for one in a way of its own.
package main

import (
	"fmt"

	"github.com/cookieplayground/cookieplay/internal/chromium"
)

func main() {
	if p := chromium.Path(); p != "" {
		fmt.Println(p)
	}
}

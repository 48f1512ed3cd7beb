package ui

import (
	"slices"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// labSize shows the 4096-byte limit of name and value and the 1024-byte
// limit of an attribute.
var labSize = &labExperiment{
	ID:    "size",
	Title: "Size limits: 4096 bytes of name and value, 1024 per attribute",
	Why: [2]string{
		"A cookie's name and value may hold 4096 bytes together, the '=' between them not counted; one byte more and the whole line is ignored.",
		"An attribute value over 1024 bytes is ignored on its own: a 1025-byte Path gives way to the default path, here /lab.",
	},
	Stems: []string{"lab-size-"},
	Clean: func(e *labEnv) []string {
		return slices.Concat(labDeletionsAt("/", "lab-size-4096", "lab-size-4097", "lab-size-path"), labDeletionsAt("/lab", "lab-size-path"), labDeletionsAt(labLongPath1024, "lab-size-p1024"))
	},
	Run: func(e *labEnv) error {
		if _, err := e.serverSet(labSize4096+"; Path=/", labSize4097+"; Path=/",
			"lab-size-path=1; Path="+labLongPath1025, "lab-size-p1024=1; Path="+labLongPath1024); err != nil {
			return err
		}
		e.checkEcho("lab", "Cookie header of GET /lab/echo: the 4096-byte cookie, not the 4097-byte one, and the one whose 1025-byte Path was ignored", api.LabEchoPath, labSize4096+"; lab-size-path=1")
		e.checkEcho("outside", "Cookie header of GET /api/cookies, outside /lab: the default path was /lab, not /", api.CookiesPath, labSize4096)
		e.checkEcho("long-path", "Cookie header of GET "+labLongPath1024[:20]+"…, the 1024-byte Path, which was kept (/lab covers it too)", labLongPath1024, labSize4096+"; lab-size-p1024=1; lab-size-path=1")
		return nil
	},
}

// Lines the size experiment sends.
var (
	labSize4096     = "lab-size-4096=" + strings.Repeat("a", 4096-len("lab-size-4096"))
	labSize4097     = "lab-size-4097=" + strings.Repeat("b", 4097-len("lab-size-4097"))
	labLongPath1025 = "/lab/" + strings.Repeat("p", 1025-len("/lab/"))
	labLongPath1024 = api.LabDeepPrefix + strings.Repeat("p", 1024-len(api.LabDeepPrefix))
)

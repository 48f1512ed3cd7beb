package ui

import (
	"github.com/cookieplayground/cookieplay/app/api"
)

// labPath shows that a cookie goes only to the paths under its Path.
var labPath = &labExperiment{
	ID:    "path",
	Title: "Path limits where a cookie is sent",
	Why: [2]string{
		"A cookie with Path=/lab/deep goes only with requests for /lab/deep and the paths under it, not with one for /lab/echo.",
		"This page, /lab, is outside that path too, so its document.cookie does not show the cookie.",
	},
	Stems: []string{"lab-path-"},
	Clean: func(e *labEnv) []string { return labDeletionsAt("/lab/deep", "lab-path-deep") },
	Run: func(e *labEnv) error {
		if _, err := e.serverSet("lab-path-deep=1; Path=/lab/deep"); err != nil {
			return err
		}
		e.checkEcho("inside", "Cookie header of GET /lab/deep/echo", api.LabDeepEchoPath, "lab-path-deep=1")
		e.checkEcho("outside", "Cookie header of GET /lab/echo", api.LabEchoPath, "")
		e.checkDoc("doc", "document.cookie on /lab", "")
		return nil
	},
}

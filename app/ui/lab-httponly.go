package ui

import (
	"github.com/cookieplayground/cookieplay/app/api"
)

// labHttpOnly shows that a server's HttpOnly cookie is hidden from
// document.cookie and still sent to the server.
var labHttpOnly = &labExperiment{
	ID:    "httponly",
	Title: "HttpOnly hides a cookie from scripts",
	Why: [2]string{
		"A cookie the server sets with HttpOnly is left out of document.cookie, so no script can read it.",
		"The browser still sends it with every request, so the server receives it.",
	},
	Stems: []string{"lab-ho-"},
	Clean: func(e *labEnv) []string { return labDeletionsAt("/", "lab-ho-hidden", "lab-ho-shown") },
	Run: func(e *labEnv) error {
		if _, err := e.serverSet("lab-ho-hidden=1; Path=/; HttpOnly", "lab-ho-shown=1; Path=/"); err != nil {
			return err
		}
		e.checkDoc("doc", "document.cookie on this page", "lab-ho-shown=1")
		e.checkEcho("server", "Cookie header of GET /lab/echo", api.LabEchoPath, "lab-ho-hidden=1; lab-ho-shown=1")
		return nil
	},
}

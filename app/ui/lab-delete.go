package ui

import (
	"slices"

	"github.com/cookieplayground/cookieplay/app/api"
)

// labDelete shows that only a deletion with the same name, path and
// domain deletes a cookie.
var labDelete = &labExperiment{
	ID:    "delete",
	Title: "Deleting needs the same name, path and domain",
	Why: [2]string{
		"A cookie is deleted by setting it again already expired, with the same name, path and domain.",
		"Expired with another path nothing happens: document.cookie on /lab writes Path=/ by default, so it cannot delete a Path=/lab cookie.",
	},
	Stems: []string{"lab-del"},
	Clean: func(e *labEnv) []string {
		return slices.Concat(labDeletionsAt("/lab", "lab-del"), labDeletionsAt("/", "lab-del"))
	},
	Run: func(e *labEnv) error {
		if _, err := e.serverSet("lab-del=1; Path=/lab"); err != nil {
			return err
		}
		e.checkDoc("set", "document.cookie after the server set lab-del=1; Path=/lab", "lab-del=1")
		v := e.scriptSet("lab-del=; Max-Age=0")
		e.checkDoc("script-wrong-path", `document.cookie after document.cookie = "lab-del=; Max-Age=0" (default path /)`, "lab-del=1", verdictNote(v))
		if _, err := e.serverSet("lab-del=; Path=/; Max-Age=0"); err != nil {
			return err
		}
		e.checkEcho("server-wrong-path", "Cookie header of GET /lab/echo after Set-Cookie: lab-del=; Path=/; Max-Age=0", api.LabEchoPath, "lab-del=1")
		if _, err := e.serverSet("lab-del=; Path=/lab; Max-Age=0"); err != nil {
			return err
		}
		e.checkEcho("right-path", "Cookie header of GET /lab/echo after Set-Cookie: lab-del=; Path=/lab; Max-Age=0", api.LabEchoPath, "")
		e.checkDoc("right-path-doc", "document.cookie then", "")
		return nil
	},
}

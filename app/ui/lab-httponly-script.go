package ui

import (
	"github.com/cookieplayground/cookieplay/app/api"
)

// labHttpOnlyScript shows that document.cookie can neither create an
// HttpOnly cookie nor overwrite one the server set.
var labHttpOnlyScript = &labExperiment{
	ID:    "httponly-script",
	Title: "Script cannot create or overwrite an HttpOnly cookie",
	Why: [2]string{
		"document.cookie ignores a line with the HttpOnly attribute: a script cannot create an HttpOnly cookie.",
		"Nor can it overwrite one the server set: the server keeps receiving the server's value.",
	},
	Stems: []string{"lab-hs-"},
	Clean: func(e *labEnv) []string { return labDeletionsAt("/", "lab-hs-made", "lab-hs-owned") },
	Run: func(e *labEnv) error {
		v := e.scriptSet("lab-hs-made=script; Path=/; HttpOnly")
		e.checkDoc("create-doc", `document.cookie after document.cookie = "lab-hs-made=script; Path=/; HttpOnly"`, "")
		e.checkEcho("create-server", "Cookie header of GET /lab/echo after that write", api.LabEchoPath, "", verdictNote(v))
		if _, err := e.serverSet("lab-hs-owned=server; Path=/; HttpOnly"); err != nil {
			return err
		}
		v = e.scriptSet("lab-hs-owned=script; Path=/")
		e.checkEcho("overwrite-server", `Cookie header of GET /lab/echo after the server set lab-hs-owned=server (HttpOnly) and a script wrote "lab-hs-owned=script; Path=/"`, api.LabEchoPath, "lab-hs-owned=server", verdictNote(v))
		e.checkDoc("overwrite-doc", "document.cookie then", "")
		return nil
	},
}

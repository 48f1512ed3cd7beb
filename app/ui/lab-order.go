package ui

import (
	"slices"

	"github.com/cookieplayground/cookieplay/app/api"
)

// labOrder shows the order of the Cookie header: longer paths first, then
// older cookies.
var labOrder = &labExperiment{
	ID:      "order",
	Title:   "Order in the Cookie header: longer paths first",
	Ordered: true,
	Why: [2]string{
		"When several cookies match a request, the browser lists those with longer paths first in the Cookie header.",
		"Among equal paths the older cookie comes first: the order is neither the order of the lines nor alphabetical.",
	},
	Stems: []string{"lab-ord"},
	Clean: func(e *labEnv) []string {
		return slices.Concat(labDeletionsAt("/", "lab-ord", "lab-ord-a", "lab-ord-b"), labDeletionsAt("/lab", "lab-ord"), labDeletionsAt("/lab/deep", "lab-ord"))
	},
	Run: func(e *labEnv) error {
		if _, err := e.serverSet("lab-ord=root; Path=/", "lab-ord=lab; Path=/lab", "lab-ord=deep; Path=/lab/deep"); err != nil {
			return err
		}
		if _, err := e.serverSet("lab-ord-b=1; Path=/"); err != nil {
			return err
		}
		if _, err := e.serverSet("lab-ord-a=1; Path=/"); err != nil {
			return err
		}
		e.checkEcho("deep", "Cookie header of GET /lab/deep/echo (lab-ord set with Path=/, /lab and /lab/deep, then lab-ord-b, then lab-ord-a)", api.LabDeepEchoPath,
			"lab-ord=deep; lab-ord=lab; lab-ord=root; lab-ord-b=1; lab-ord-a=1")
		e.checkDoc("doc", "document.cookie on /lab", "lab-ord=lab; lab-ord=root; lab-ord-b=1; lab-ord-a=1")
		return nil
	},
}

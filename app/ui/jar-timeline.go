package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Kinds of cookieChange.
const (
	changeAdded   = "added"
	changeChanged = "changed"
	changeDeleted = "deleted"
)

// cookieChange is one line of the jar's timeline.
type cookieChange struct {
	At   time.Time
	Kind string
	Name string
	Path string // "" when unknown
	By   string
}

// timelineLength is how many changes the timeline keeps.
const timelineLength = 20

// rowKeys returns each row's key; cookies only the server received are
// told apart by their place among those of their name.
func rowKeys(rows []cookieRow) []string {
	seen := map[string]int{}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.key(seen[r.Name])
		if !r.Attrs {
			seen[r.Name]++
		}
	}
	return keys
}

// diffRows returns the cookies added, changed (another value) and deleted
// between two readings of the jar, in the order of the new reading, the
// deleted ones last.
func diffRows(before, after []cookieRow) []cookieChange {
	old := map[string]cookieRow{}
	for i, k := range rowKeys(before) {
		old[k] = before[i]
	}
	var out []cookieChange
	kept := map[string]bool{}
	for i, k := range rowKeys(after) {
		r := after[i]
		kept[k] = true
		switch o, ok := old[k]; {
		case !ok:
			out = append(out, cookieChange{Kind: changeAdded, Name: r.Name, Path: r.Path})
		case o.value() != r.value():
			out = append(out, cookieChange{Kind: changeChanged, Name: r.Name, Path: r.Path})
		}
	}
	for i, k := range rowKeys(before) {
		if !kept[k] {
			out = append(out, cookieChange{Kind: changeDeleted, Name: before[i].Name, Path: before[i].Path})
		}
	}
	return out
}

// renderTimeline shows the latest changes, newest first.
func renderTimeline(changes []cookieChange) app.UI {
	return app.Details().ID("timeline").Class("timeline").Body(
		app.Summary().Textf("Changes (%d)", len(changes)),
		app.If(len(changes) == 0, func() app.UI {
			return app.P().Class("hint").Text("None yet. Changes from this page, another tab or any response appear here as they happen.")
		}).Else(func() app.UI {
			return app.Ol().Body(app.Range(changes).Slice(func(i int) app.UI {
				c := changes[i]
				where := ""
				if c.Path != "" {
					where = " (path " + c.Path + ")"
				}
				return app.Li().DataSet("kind", c.Kind).DataSet("cookie", c.Name).Body(
					app.Time().DateTime(c.At.UTC().Format(time.RFC3339)).Text(c.At.Format("15:04:05")),
					app.Text(" "+c.Kind+" "),
					app.Code().Text(c.Name),
					app.Text(where+" — "+c.By),
				)
			}))
		}),
	)
}

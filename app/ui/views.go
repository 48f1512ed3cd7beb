package ui

import (
	"slices"
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
)

// cookieRow is one cookie as the two views know it.
type cookieRow struct {
	Name        string
	ScriptValue string
	ServerValue string
	InScript    bool
	InServer    bool
}

// mergeViews pairs what scripts see with what the server received. Two
// cookies may share a name (different paths or domains), so the i-th cookie
// of a name in one view pairs with the i-th of that name in the other; both
// views list them in the browser's order. Rows are sorted by name.
func mergeViews(script, server []api.Pair) []cookieRow {
	var rows []cookieRow
	index := map[string][]int{} // name -> row indexes, in order
	for _, p := range script {
		index[p.Name] = append(index[p.Name], len(rows))
		rows = append(rows, cookieRow{Name: p.Name, ScriptValue: p.Value, InScript: true})
	}
	used := map[string]int{}
	for _, p := range server {
		if i := used[p.Name]; i < len(index[p.Name]) {
			r := &rows[index[p.Name][i]]
			r.ServerValue, r.InServer = p.Value, true
			used[p.Name]++
			continue
		}
		rows = append(rows, cookieRow{Name: p.Name, ServerValue: p.Value, InServer: true})
	}
	slices.SortStableFunc(rows, func(a, b cookieRow) int { return strings.Compare(a.Name, b.Name) })
	return rows
}

// explain says why the two views agree or differ on a row.
func (r cookieRow) explain() string {
	switch {
	case r.InScript && r.InServer && r.ScriptValue == r.ServerValue:
		return "Both see it."
	case r.InScript && r.InServer:
		return "Both see a cookie of this name, with different values: the views were read a moment apart, or two cookies share the name."
	case r.InServer:
		return "Only the server received it. It is most likely HttpOnly, which hides a cookie from scripts; or its Path covers /api/cookies but not this page."
	default:
		return "Only scripts see it: the browser did not send it with the request to /api/cookies. Its Path does not cover /api/cookies, or it changed after that request."
	}
}

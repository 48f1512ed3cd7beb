package ui

import (
	"errors"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// formError is an error shown next to the field it names, with the rule
// broken (data-rule).
type formError struct {
	field, rule, msg string
}

// formErrorOf returns how a form shows err: next to its field when the
// API's answer or the wasm's own check (a *api.FieldError) names one, else
// apart, as about the "request".
func formErrorOf(err error) formError {
	if ae, ok := errors.AsType[*apiError](err); ok {
		return formError{field: ae.resp.Field, rule: ae.resp.Rule, msg: ae.resp.Error}
	}
	if fe, ok := errors.AsType[*api.FieldError](err); ok {
		return formError{field: fe.Field, rule: fe.Rule, msg: fe.Error()}
	}
	return formError{field: "request", msg: err.Error()}
}

// about returns the message if it is about field, or "".
func (e formError) about(field string) string {
	if e.field == field {
		return e.msg
	}
	return ""
}

// render renders the message, with the id given and the rule broken.
func (e formError) render(id string) app.UI {
	return app.P().ID(id).Class("field-error").Attr("role", "alert").DataSet("rule", e.rule).Text(e.msg)
}

// elsewhere renders the error when it is about none of the given fields,
// which the form shows next to themselves.
func (e formError) elsewhere(prefix string, fields ...string) app.UI {
	if e.msg == "" || slices.Contains(fields, e.field) {
		return nil
	}
	return e.render(prefix + "-error")
}

// textField renders a labelled text input bound to *v, with the error about
// it, if any. ids are prefix-field, so each form's are distinct.
func textField(c *app.Compo, prefix, field, label, placeholder string, v *string, err formError) app.UI {
	id := prefix + "-" + field
	input := app.Input().Type("text").ID(id).Value(*v).Placeholder(placeholder).
		AutoComplete(false).OnInput(c.ValueTo(v))
	msg := err.about(field)
	if msg != "" {
		input = input.Aria("invalid", "true").Aria("describedby", id+"-error")
	}
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		input,
		app.If(msg != "", func() app.UI { return err.render(id + "-error") }),
	)
}

// checkField renders a labelled checkbox bound to *v. A non-empty disabled
// reason disables it and says why.
func checkField(prefix, field, label string, v *bool, disabled string, err formError) app.UI {
	id := prefix + "-" + field
	input := app.Input().Type("checkbox").ID(id).Checked(*v).OnChange(func(ctx app.Context, e app.Event) {
		*v = ctx.JSSrc().Get("checked").Bool()
	})
	if disabled != "" {
		input = input.Disabled(true).Aria("describedby", id+"-why")
	}
	msg := err.about(field)
	return app.Div().Class("field check").Body(
		input,
		app.Label().For(id).Text(label),
		app.If(disabled != "", func() app.UI {
			return app.Span().ID(id + "-why").Class("hint").Text(disabled)
		}),
		app.If(msg != "", func() app.UI { return err.render(id + "-error") }),
	)
}

// sameSiteField renders the SameSite choice bound to *v.
func sameSiteField(c *app.Compo, prefix string, v *string, err formError) app.UI {
	id := prefix + "-same_site"
	option := func(value, text string) app.UI {
		return app.Option().Value(value).Text(text).Selected(*v == value)
	}
	msg := err.about("same_site")
	return app.Div().Class("field").Body(
		app.Label().For(id).Text("SameSite"),
		app.Select().ID(id).OnChange(c.ValueTo(v)).Body(
			option("", "(not set)"),
			option("Strict", "Strict"),
			option("Lax", "Lax"),
			option("None", "None"),
		),
		app.If(msg != "", func() app.UI { return err.render(id + "-error") }),
	)
}

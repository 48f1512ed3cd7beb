package ui

import (
	"errors"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/harexplain"
)

// harSession is the Recorded session part of /explain: a HAR file, picked
// or dropped, is read and explained here in the wasm (app/harexplain) and
// never leaves the browser.
type harSession struct {
	app.Compo

	status     string // harIdle, harReading, harExplaining, harDone, harFailed
	picks      int    // files picked or dropped so far (data-picks)
	err        string
	fileName   string
	loaded     int64
	total      int64
	data       []byte // the file, kept to explain again with another setting
	thirdParty string
	report     *api.HARReport
	took       time.Duration
	cookies    []string // every cookie name of the report, for one cookie's story

	filter     harexplain.Filter
	showValues bool
	shown      int // how many of the picked entries are rendered
}

// Where the part stands (data-status of #har-session).
const (
	harIdle       = "idle"
	harReading    = "reading"
	harExplaining = "explaining"
	harDone       = "done"
	harFailed     = "failed"
)

// harPageSize is how many entries render at first, and with each "show
// more": a 1,000-entry session stays quick to draw.
const harPageSize = 100

func newHARSession() *harSession {
	return &harSession{status: harIdle, thirdParty: api.ThirdPartyAllowed}
}

func (h *harSession) Render() app.UI {
	busy := h.status == harReading || h.status == harExplaining
	return app.Section().ID("har-session").Class("card", "har-session").DataSet("status", h.status).DataSet("picks", strconv.Itoa(h.picks)).Body(
		app.Link().Rel("stylesheet").Href("/web/har.css"),
		app.H2().Text("Recorded session"),
		app.P().Text("Explain a whole session: export it from your browser's DevTools (Network panel, Export HAR — with sensitive data, or the cookies are left out) and pick or drop the .har file here. Every request is replayed through the rules in its own context: the Cookie header they predict beside the one recorded, the verdict on each Set-Cookie, and where they differ."),
		app.P().ID("har-private").Class("hint").Text("The file is read and explained in this page, by the WebAssembly engine: it is never uploaded. HAR files hold cookies, tokens and sometimes passwords, so keep them to yourself. Cookie values stay hidden until you ask."),
		app.Div().ID("har-drop").Class("har-drop").
			OnDragOver(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
			OnDrop(h.onDrop).
			Body(
				app.Label().For("har-file").Text("A .har file, up to "+harexplain.Size(api.MaxHARBytes)+": "),
				app.Input().Type("file").ID("har-file").Accept(".har,application/json").Disabled(busy).OnChange(h.onPick),
				app.P().Class("hint").Text("…or drop it here."),
			),
		app.Div().Class("field").Body(
			app.Label().For("har-third-party").Text("The recording browser's third-party cookies"),
			app.Select().ID("har-third-party").Disabled(busy).OnChange(h.onThirdParty).Body(
				app.Option().Value(api.ThirdPartyAllowed).Text("allowed").Selected(h.thirdParty == api.ThirdPartyAllowed),
				app.Option().Value(api.ThirdPartyBlocked).Text("blocked").Selected(h.thirdParty == api.ThirdPartyBlocked),
			),
		),
		h.renderStatus(),
		h.renderReport(),
	)
}

func (h *harSession) renderStatus() app.UI {
	switch h.status {
	case harReading:
		return app.Div().ID("har-progress-box").Attr("role", "status").Body(
			app.Progress().ID("har-progress").Max(h.total).Value(h.loaded),
			app.Text(" Reading "+h.fileName+": "+harexplain.Size(h.loaded)+" of "+harexplain.Size(h.total)),
		)
	case harExplaining:
		return app.P().ID("har-progress-box").Attr("role", "status").Text("Explaining " + h.fileName + "…")
	case harFailed:
		return app.P().ID("har-error").Class("error").Attr("role", "alert").Text(h.err)
	}
	return app.P().ID("har-progress-box").Class("hint")
}

func (h *harSession) onPick(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() > 0 {
		h.read(ctx, files.Index(0))
	}
}

func (h *harSession) onDrop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	files := e.Get("dataTransfer").Get("files")
	if files.Length() > 0 {
		h.read(ctx, files.Index(0))
	}
}

func (h *harSession) onThirdParty(ctx app.Context, e app.Event) {
	h.thirdParty = ctx.JSSrc().Get("value").String()
	if h.data != nil {
		h.explain(ctx)
	}
}

// read reads the file with a FileReader, showing its progress, then
// explains it. A file over api.MaxHARBytes is refused before reading.
func (h *harSession) read(ctx app.Context, file app.Value) {
	h.picks++
	h.fileName, h.total, h.loaded = file.Get("name").String(), int64(file.Get("size").Int()), 0
	h.report, h.data, h.err = nil, nil, ""
	if h.total > api.MaxHARBytes {
		h.status = harFailed
		h.err = h.fileName + " is " + harexplain.Size(h.total) + ": this page explains files up to " + harexplain.Size(api.MaxHARBytes) + ". Record a shorter session, or leave the response bodies out of the export (they are most of a HAR's size and the cookies need none of them)."
		return
	}
	h.status = harReading
	reader := app.Window().Get("FileReader").New()
	var onProgress, onLoad, onError app.Func
	release := func() {
		onProgress.Release()
		onLoad.Release()
		onError.Release()
	}
	onProgress = app.FuncOf(func(this app.Value, args []app.Value) any {
		loaded := int64(args[0].Get("loaded").Int())
		ctx.Dispatch(func(ctx app.Context) { h.loaded = loaded })
		return nil
	})
	onLoad = app.FuncOf(func(this app.Value, args []app.Value) any {
		arr := app.Window().Get("Uint8Array").New(reader.Get("result"))
		data := make([]byte, arr.Length())
		app.CopyBytesToGo(data, arr)
		release()
		ctx.Dispatch(func(ctx app.Context) {
			h.data, h.loaded = data, int64(len(data))
			h.explain(ctx)
		})
		return nil
	})
	onError = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		ctx.Dispatch(func(ctx app.Context) {
			h.status, h.err = harFailed, "Could not read "+h.fileName+"."
		})
		return nil
	})
	reader.Set("onprogress", onProgress)
	reader.Set("onload", onLoad)
	reader.Set("onerror", onError)
	reader.Call("readAsArrayBuffer", file)
}

// explain decodes and explains the file read. The work runs after a pause,
// so that the page shows "Explaining…" first (the wasm has one thread).
func (h *harSession) explain(ctx app.Context) {
	h.status, h.report, h.err = harExplaining, nil, ""
	data, opts := h.data, harexplain.Options{ThirdPartyCookiesBlocked: h.thirdParty == api.ThirdPartyBlocked}
	name := h.fileName
	ctx.Async(func() {
		time.Sleep(30 * time.Millisecond)
		start := time.Now()
		l, err := harexplain.Decode(data)
		var rep api.HARReport
		if err == nil {
			rep = harexplain.Explain(l, opts)
		}
		took := time.Since(start)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				var fe *harexplain.FormatError
				msg := err.Error()
				if errors.As(err, &fe) {
					msg = name + " is " + msg
				}
				h.status, h.err = harFailed, msg
				return
			}
			h.status, h.report, h.took = harDone, &rep, took
			h.cookies = harexplain.CookieNames(rep)
			h.shown = harPageSize
		})
	})
}

func (h *harSession) renderReport() app.UI {
	if h.status != harDone || h.report == nil {
		return app.Div().ID("har-report")
	}
	s := h.report.Summary
	picked := h.filter.Apply(h.report.Entries)
	rendered := picked
	if len(rendered) > h.shown {
		rendered = rendered[:h.shown]
	}
	return app.Div().ID("har-report").DataSet("entries", strconv.Itoa(s.Entries)).DataSet("picked", strconv.Itoa(len(picked))).Body(
		app.P().ID("har-summary").Attr("role", "status").
			DataSet("agree", strconv.Itoa(s.Agree)).DataSet("differ", strconv.Itoa(s.Differ)).
			DataSet("not-judged", strconv.Itoa(s.NotJudged)).DataSet("refused", strconv.Itoa(s.Refused)).
			DataSet("ms", strconv.FormatInt(h.took.Milliseconds(), 10)).
			Text(h.fileName+": "+strconv.Itoa(s.Entries)+" requests — "+strconv.Itoa(s.Agree)+" as the rules predict, "+
				strconv.Itoa(s.Differ)+" different, "+strconv.Itoa(s.NotJudged)+" that cannot be judged; "+
				strconv.Itoa(s.SetCookieLines)+" Set-Cookie lines, "+strconv.Itoa(s.Refused)+" refused. Explained in "+
				strconv.FormatInt(h.took.Milliseconds(), 10)+" ms."),
		app.Range(s.Notes).Slice(func(i int) app.UI { return app.P().Class("hint", "har-note").Text(s.Notes[i]) }),
		h.renderFilters(),
		app.Div().ID("har-entries").Body(
			app.Range(rendered).Slice(func(i int) app.UI {
				return renderHAREntry(h.report.Entries[rendered[i]], h.showValues, h.filter.Cookie)
			}),
		),
		app.If(len(picked) == 0, func() app.UI {
			return app.P().ID("har-none").Class("empty").Text("No entry matches these filters.")
		}),
		app.If(len(picked) > len(rendered), func() app.UI {
			return app.Button().Type("button").ID("har-more").Class("secondary").
				Text("Show " + strconv.Itoa(min(harPageSize, len(picked)-len(rendered))) + " more of " + strconv.Itoa(len(picked)-len(rendered))).
				OnClick(func(ctx app.Context, e app.Event) { h.shown += harPageSize })
		}),
	)
}

func (h *harSession) renderFilters() app.UI {
	check := func(id, text string, v *bool) app.UI {
		return app.Label().Class("har-filter").Body(
			app.Input().Type("checkbox").ID(id).Checked(*v).OnChange(func(ctx app.Context, e app.Event) {
				*v = ctx.JSSrc().Get("checked").Bool()
				h.shown = harPageSize
			}),
			app.Text(" "+text),
		)
	}
	return app.Div().Class("toolbar", "har-filters").Body(
		check("har-only-differences", "Only differences", &h.filter.OnlyDifferences),
		check("har-only-refused", "Only refused Set-Cookies", &h.filter.OnlyRefused),
		app.Label().Class("har-filter").For("har-cookie").Text("One cookie's story:"),
		app.Select().ID("har-cookie").OnChange(func(ctx app.Context, e app.Event) {
			h.filter.Cookie = ctx.JSSrc().Get("value").String()
			h.shown = harPageSize
		}).Body(
			app.Option().Value("").Text("every cookie").Selected(h.filter.Cookie == ""),
			app.Range(h.cookies).Slice(func(i int) app.UI {
				return app.Option().Value(h.cookies[i]).Text(h.cookies[i]).Selected(h.filter.Cookie == h.cookies[i])
			}),
		),
		app.Button().Type("button").ID("har-values").Class("secondary").
			Text(map[bool]string{false: "Show values", true: "Hide values"}[h.showValues]).
			OnClick(func(ctx app.Context, e app.Event) { h.showValues = !h.showValues }),
	)
}

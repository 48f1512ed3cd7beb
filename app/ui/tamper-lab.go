package ui

import (
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/cookieplayground/cookieplay/app/api"
)

// tamperLab is the jar's labelled experiment: forge the tutorial's login
// cookie from script, or corrupt the signed session, and see whom the
// server then greets.
type tamperLab struct {
	app.Compo

	user, mode string
	result     string
	forged     bool // the last experiment changed who the server greets
}

func newTamperLab() *tamperLab { return &tamperLab{} }

func (l *tamperLab) OnNav(ctx app.Context) {
	if app.IsClient {
		l.whoami(ctx, nil)
	}
}

// whoami asks the server who is logged in, then calls then, if any.
func (l *tamperLab) whoami(ctx app.Context, then func(before string)) {
	before := l.user
	ctx.Async(func() {
		name, mode, err := fetchMe(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				l.result = err.Error()
				return
			}
			l.user, l.mode = name, mode
			if then != nil {
				then(before)
			}
		})
	})
}

func (l *tamperLab) Render() app.UI {
	who := "Nobody is logged in: log in first, in either mode."
	if l.user != "" {
		who = "The server greets " + l.user + " (" + l.mode + " login)."
	}
	return app.Section().ID("tamper-lab").Class("card experiment").DataSet("user", l.user).DataSet("mode", l.mode).Body(
		app.H2().Text("Experiment: tamper with the login"),
		app.P().Class("hint").Text("Insecure on purpose. The tutorial's login trusts a cookie that any script can write; a signed session does not."),
		app.P().ID("tamper-whoami").Text(who),
		app.Div().Class("buttons").Body(
			app.Button().ID("tamper-forge").Text("Forge username=Mallory from script").OnClick(l.onForge),
			app.Button().ID("tamper-corrupt").Class("secondary").Text("Corrupt the signed session").OnClick(l.onCorrupt),
		),
		app.If(l.result != "", func() app.UI {
			return app.P().ID("tamper-result").DataSet("forged", l.forged).Class("result").Attr("role", "status").Text(l.result)
		}),
	)
}

// onForge writes the tutorial's cookie as any script could, then asks the
// server whom it greets now.
func (l *tamperLab) onForge(ctx app.Context, e app.Event) {
	writeDocumentCookie("username=Mallory; path=/")
	l.whoami(ctx, func(before string) {
		l.forged = l.user == "Mallory" && before != "Mallory"
		switch {
		case l.forged:
			l.result = "document.cookie = username=Mallory — and the server now greets Mallory. The tutorial's cookie proves nothing: any script, or any user, can forge it."
		case l.mode == api.ModeSecure:
			l.result = "document.cookie = username=Mallory — yet the server still greets " + l.user + ": the signed session wins, and a forged plain cookie changes nothing."
		default:
			l.result = "document.cookie = username=Mallory — the server greets " + l.user + "."
		}
		ctx.NewAction(actionRefresh)
	})
}

// onCorrupt overwrites the session cookie with a value no key signed, as a
// thief guessing a session would, through the server (it is HttpOnly).
func (l *tamperLab) onCorrupt(ctx app.Context, e app.Event) {
	secure := app.Window().Get("isSecureContext").Bool()
	req := api.SetCookieRequest{Name: "session", Value: "forged-by-hand", HttpOnly: true, SameSite: "Lax"}
	if secure {
		req.Name, req.Secure = "__Host-session", true
	}
	ctx.Async(func() {
		var resp api.SetCookieResponse
		err := callAPI(ctx, http.MethodPost, api.CookiesPath, nil, req, &resp)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				l.result = err.Error()
				return
			}
			l.whoami(ctx, func(before string) {
				l.forged = l.user != "" && l.user != before
				switch {
				case l.user == "":
					l.result = "Set-Cookie: " + resp.SetCookie + " — the signature no longer matches, so the server logged you out and cleared the cookie."
				case l.forged:
					l.result = "Set-Cookie: " + resp.SetCookie + " — the session was rejected, and the server now greets " + l.user + " from the plain username cookie left behind: a server should trust one kind of login only."
				default:
					l.result = "Set-Cookie: " + resp.SetCookie + " — the server still greets " + l.user + " (" + l.mode + " login): that login never relied on the session."
				}
				ctx.NewAction(actionRefresh)
			})
		})
	})
}

module github.com/cookieplayground/cookieplay

go 1.26.8

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/chromedp/cdproto v0.159.3
	github.com/chromedp/chromedp v0.23.0
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875
	github.com/gorilla/securecookie v1.1.2
	github.com/maxence-charriere/go-app/v10 v10.1.11
	golang.org/x/net v0.35.0
)

require github.com/google/uuid v1.6.0 // indirect

// Package hartest writes HAR files for tests and measurements: a long
// session of a shop and its widgets across three sites, whose recorded Cookie
// headers are what a browser following the rules sends.
package hartest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cookieplayground/cookieplay/app/harexplain"
)

type nv struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type entry struct {
	Pageref         string         `json:"pageref"`
	StartedDateTime string         `json:"startedDateTime"`
	Time            float64        `json:"time"`
	Request         map[string]any `json:"request"`
	Response        map[string]any `json:"response"`
	Timings         map[string]any `json:"timings"`
	ResourceType    string         `json:"_resourceType"`
	Initiator       map[string]any `json:"_initiator"`
}

// Session returns a HAR of n entries: every 10th a top-level navigation to
// one of three sites (setting a first-party cookie), then images, scripts,
// same-origin fetches (one setting a cookie), a cross-site iframe setting a
// Partitioned cookie, and a cross-site image. The recorded Cookie headers
// are the rules' own prediction after a cookie from before the recording, so
// every entry agrees.
func Session(n int, start time.Time) []byte {
	sites := []string{"https://shop.a.test", "https://news.b.test", "https://c.test"}
	var pages []map[string]any
	var es []entry
	var top string
	page := ""
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * 40 * time.Millisecond)
		var u, site, mode, dest, rtype string
		var set []string
		switch k := i % 10; {
		case k == 0:
			top = sites[(i/10)%len(sites)]
			page = fmt.Sprintf("page_%d", i/10+1)
			pages = append(pages, map[string]any{"id": page, "title": top + "/", "startedDateTime": at.Format(time.RFC3339Nano), "pageTimings": map[string]any{}})
			u, site, mode, dest, rtype = top+"/", "none", "navigate", "document", "document"
			set = []string{fmt.Sprintf("visit=%d; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600", i), "theme=dark; Path=/; Secure"}
		case k < 5:
			u, site, mode, dest, rtype = fmt.Sprintf("%s/static/%d.png", top, i), "same-origin", "no-cors", "image", "image"
		case k == 5:
			u, site, mode, dest, rtype = top+"/api/cart", "same-origin", "cors", "empty", "fetch"
			set = []string{fmt.Sprintf("cart=%d; Path=/api; Secure; SameSite=Strict", i)}
		case k == 6:
			u, site, mode, dest, rtype = "https://widgets.d.test/embed", "cross-site", "navigate", "iframe", "document"
			set = []string{fmt.Sprintf("w=%d; Path=/; Secure; SameSite=None; Partitioned", i)}
		case k == 7:
			u, site, mode, dest, rtype = "https://widgets.d.test/pixel.gif", "cross-site", "no-cors", "image", "image"
		default:
			u, site, mode, dest, rtype = fmt.Sprintf("%s/app.js?v=%d", top, i), "same-origin", "no-cors", "script", "script"
		}
		var sh []nv
		for _, l := range set {
			sh = append(sh, nv{"Set-Cookie", l})
		}
		host := u[len("https://"):]
		if j := indexByte(host, '/'); j >= 0 {
			host = host[:j]
		}
		es = append(es, entry{
			Pageref: page, StartedDateTime: at.Format(time.RFC3339Nano), Time: 12,
			Request: map[string]any{"method": "GET", "url": u, "httpVersion": "HTTP/1.1", "cookies": []any{}, "queryString": []any{}, "headersSize": -1, "bodySize": 0,
				"headers": []nv{{"Host", host}, {"Sec-Fetch-Site", site}, {"Sec-Fetch-Mode", mode}, {"Sec-Fetch-Dest", dest}, {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0"}}},
			Response: map[string]any{"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": []any{}, "redirectURL": "", "headersSize": -1, "bodySize": 120,
				"headers": append(sh, nv{"Content-Type", "text/html"}), "content": map[string]any{"size": 120, "mimeType": "text/html"}},
			Timings:      map[string]any{"blocked": 1.5, "dns": -1, "connect": -1, "ssl": -1, "send": 0.2, "wait": 8, "receive": 2},
			ResourceType: rtype,
			Initiator:    map[string]any{"type": "parser", "url": top + "/"},
		})
	}
	marshal := func() []byte {
		b, err := json.Marshal(map[string]any{"log": map[string]any{
			"version": "1.2", "creator": map[string]any{"name": "hartest", "version": "1"}, "pages": pages, "entries": es,
		}})
		if err != nil {
			panic(err)
		}
		return b
	}
	// Every request carries a cookie from before the recording (as real
	// sessions do; it is not compared), then what the rules send, as a
	// browser following them would.
	headers := make([][]nv, len(es))
	for i := range es {
		headers[i] = es[i].Request["headers"].([]nv)
		es[i].Request["headers"] = append(headers[i], nv{"Cookie", "pre=1"})
	}
	l, err := harexplain.Decode(marshal())
	if err != nil {
		panic(err)
	}
	rep := harexplain.Explain(l, harexplain.Options{})
	for i, e := range rep.Entries {
		h := "pre=1"
		if e.PredictedCookieHeader != "" {
			h += "; " + e.PredictedCookieHeader
		}
		es[i].Request["headers"] = append(headers[i], nv{"Cookie", h})
	}
	return marshal()
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/ui"
	cookieserver "github.com/cookieplayground/cookieplay/server"
)

// loadTarget is the server process a scenario's requests go to.
type loadTarget int

const (
	targetPlayground loadTarget = iota // bin/cookieplay, as shipped
	targetBare                         // bareHandler (serveBareArg)
	targetGoApp                        // go-app's own page handler (serveGoAppArg)
)

// scenario is one kind of request of the load generator.
type scenario struct {
	Name   string
	target loadTarget
	method string
	path   string
	header [][2]string
	body   string
	// vsGoApp marks the playground's page row that the go-app row renders
	// the same page for: the report sets the two side by side.
	vsGoApp bool
}

// scenarios are the load rows: the playground's busiest small answers, its
// pre-rendered home page, and two servers to compare with: a bare handler,
// and go-app's own page handler rendering that home page.
var scenarios = []scenario{
	{Name: "bare net/http handler", target: targetBare, method: "GET", path: "/"},
	{
		Name: "GET /api/cookies (5 cookies)", method: "GET", path: "/api/cookies",
		header: [][2]string{{"Cookie", "user=Aditya; username=Ada; theme=dark; lang=en-GB; session=s3cr3t"}},
	},
	{
		Name: "GET /getcookie", method: "GET", path: "/getcookie",
		header: [][2]string{{"Cookie", "user=Aditya"}},
	},
	{
		// The API refuses cross-origin writes (http.CrossOriginProtection):
		// a browser's same-origin fetch says so in Sec-Fetch-Site.
		Name: "POST /api/cookies", method: "POST", path: "/api/cookies",
		header: [][2]string{{"Sec-Fetch-Site", "same-origin"}, {"Content-Type", "application/json"}},
		body:   `{"name":"a","value":"b"}`,
	},
	{
		Name: "GET / (pre-rendered, logged in)", method: "GET", path: "/",
		header:  [][2]string{{"Cookie", "username=Ada"}},
		vsGoApp: true,
	},
	{
		// The same page as the row above, as go-app renders it on every
		// request: the playground hands go-app the login in the query.
		Name: "go-app's handler, same / (rendered per request)", target: targetGoApp, method: "GET",
		path: "/?" + url.Values{
			ui.PrerenderUserParam: {"Ada"},
			ui.PrerenderModeParam: {api.ModeTutorial},
		}.Encode(),
		header: [][2]string{{"Cookie", "username=Ada"}},
	},
}

// bareBody is all the bare handler writes.
var bareBody = []byte("ok\n")

// loadRow is the result of one scenario at one connection count.
type loadRow struct {
	Scenario string  `json:"scenario"`
	Conns    int     `json:"conns"`
	Requests int64   `json:"requests"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"req_per_s"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	// VsBare is RPS over the bare handler's at the same connection count.
	VsBare float64 `json:"vs_bare"`
	// VsGoApp, on the playground's pre-rendered page row, is its RPS over
	// that of go-app's own handler rendering the same page, at the same
	// connection count.
	VsGoApp float64 `json:"vs_go_app,omitempty"`
	// ServerCPUPerReq is the server process's CPU time (user + system) per
	// request, in microseconds (the playground's or the bare handler's, each
	// a process of its own). It does not depend on how the cores were shared.
	ServerCPUPerReq float64 `json:"server_cpu_us_per_req,omitempty"`
	// ClientCPUPerReq is the load generator's own CPU time per request, in
	// microseconds: with the server's, what one request costs the shared
	// cores, so what the rows' req/s ratios follow.
	ClientCPUPerReq float64 `json:"client_cpu_us_per_req,omitempty"`
	FirstError      string  `json:"first_error,omitempty"`
}

// loadReport is part 3 of the report.
type loadReport struct {
	Duration string    `json:"duration"`
	Rows     []loadRow `json:"rows"`
	// RSS of the playground's server, in KiB: after start, and its peak
	// (VmHWM) read after every row ran.
	IdleRSSKiB int64  `json:"idle_rss_kib"`
	PeakRSSKiB int64  `json:"peak_rss_kib"`
	ServerLogs string `json:"server_stderr,omitempty"`
}

// serveBareArg makes the bench command serve the bare handler on the
// address that follows it, until interrupted: benchLoad starts it so.
const serveBareArg = "-serve-bare"

// serveGoAppArg makes the bench command serve go-app's own handler, as the
// playground configures it (cookieserver.GoAppHandler), on the address that
// follows it, with the web folder after that, until interrupted.
const serveGoAppArg = "-serve-goapp"

// serveOnly returns the server to run when args ask for one of the bench's
// own servers (serveBareArg, serveGoAppArg), each a process of its own, like
// the playground's, so that no server shares a process with the load
// generator.
func serveOnly(args []string) (func(context.Context) error, bool) {
	switch {
	case len(args) == 2 && args[0] == serveBareArg:
		return func(ctx context.Context) error {
			return serve(ctx, args[1], http.HandlerFunc(bareHandler))
		}, true
	case len(args) == 3 && args[0] == serveGoAppArg:
		return func(ctx context.Context) error {
			return serve(ctx, args[1], cookieserver.GoAppHandler(cookieserver.Config{WebDir: args[2]}))
		}, true
	}
	return nil, false
}

// serve serves h on addr until ctx ends.
func serve(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// bareHandler writes a fixed answer: the least a net/http handler can do.
func bareHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(bareBody)
}

// benchLoad starts a fresh playground server (so that its peak RSS is the
// load's) and the bare handler, each in a process of its own, then runs
// every scenario at every connection count.
func benchLoad(ctx context.Context, o options, logf func(string, ...any)) (*loadReport, error) {
	webDir := filepath.Dir(o.playgroundWasm)
	pg, err := startServer(ctx, "playground", o.playgroundBin, filepath.Dir(webDir),
		[]string{"-addr", "{addr}", "-web", webDir}, "/robots.txt", o.timeout)
	if err != nil {
		return nil, err
	}
	defer pg.stop()
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	bareSrv, err := startServer(ctx, "bare handler", self, "", []string{serveBareArg, "{addr}"}, "/", o.timeout)
	if err != nil {
		return nil, err
	}
	defer bareSrv.stop()
	goAppSrv, err := startServer(ctx, "go-app's handler", self, "", []string{serveGoAppArg, "{addr}", webDir}, "/web/app.css", o.timeout)
	if err != nil {
		return nil, err
	}
	defer goAppSrv.stop()
	servers := map[loadTarget]*server{targetPlayground: pg, targetBare: bareSrv, targetGoApp: goAppSrv}

	rep := &loadReport{Duration: o.loadDuration.String()}
	if rep.IdleRSSKiB, err = procStatusKB(pg.cmd.Process.Pid, "VmRSS"); err != nil {
		return nil, err
	}

	// Each request is sent once first, so that a wrong answer stops the
	// bench with the answer rather than a column of errors.
	for _, sc := range scenarios {
		if err := preflight(servers[sc.target].addr, sc); err != nil {
			return nil, fmt.Errorf("%s: %w", sc.Name, err)
		}
	}

	bareRPS, goAppRPS := map[int]float64{}, map[int]float64{}
	var vsGoAppRows []int // rows of the scenario go-app's row renders the page of
	for _, conns := range o.loadConns {
		for _, sc := range scenarios {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			addr, pid := servers[sc.target].addr, servers[sc.target].cmd.Process.Pid
			req := rawRequest(addr, sc)
			// A short untimed warm-up: connections, the server's goroutines
			// and heap settle before the measured part.
			warm := min(o.loadDuration/10, 500*time.Millisecond)
			generate(ctx, addr, req, conns, warm, o.loadMaxRequests)

			cpu0, _ := procCPU(pid)
			own0, _ := procCPU(os.Getpid())
			logf("  %s, %d connection(s)", sc.Name, conns)
			row := generate(ctx, addr, req, conns, o.loadDuration, o.loadMaxRequests)
			cpu1, _ := procCPU(pid)
			own1, _ := procCPU(os.Getpid())
			row.Scenario = sc.Name
			switch sc.target {
			case targetBare:
				bareRPS[conns] = row.RPS
			case targetGoApp:
				goAppRPS[conns] = row.RPS
			}
			if row.Requests > 0 {
				row.ServerCPUPerReq = float64((cpu1 - cpu0).Microseconds()) / float64(row.Requests)
				row.ClientCPUPerReq = float64((own1 - own0).Microseconds()) / float64(row.Requests)
			}
			if b := bareRPS[conns]; b > 0 {
				row.VsBare = row.RPS / b
			}
			if sc.vsGoApp {
				vsGoAppRows = append(vsGoAppRows, len(rep.Rows))
			}
			rep.Rows = append(rep.Rows, row)
		}
	}
	// The go-app row may run after the page row it is compared with.
	for _, i := range vsGoAppRows {
		if g := goAppRPS[rep.Rows[i].Conns]; g > 0 {
			rep.Rows[i].VsGoApp = rep.Rows[i].RPS / g
		}
	}
	if rep.PeakRSSKiB, err = procStatusKB(pg.cmd.Process.Pid, "VmHWM"); err != nil {
		return nil, err
	}
	rep.ServerLogs = strings.TrimSpace(pg.out.String())
	return rep, nil
}

// rawRequest is the bytes of one HTTP/1.1 keep-alive request.
func rawRequest(addr string, sc scenario) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: cookieplay-bench\r\n", sc.method, sc.path, addr)
	for _, h := range sc.header {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if sc.body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(sc.body))
	}
	b.WriteString("\r\n")
	b.WriteString(sc.body)
	return b.Bytes()
}

// preflight sends sc once and wants a 200.
func preflight(addr string, sc scenario) error {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(rawRequest(addr, sc)); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s answered %s: %s", sc.method, sc.path, resp.Status, body)
	}
	return nil
}

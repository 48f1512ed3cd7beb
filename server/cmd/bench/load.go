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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
			rep.Rows = append(rep.Rows, row)
		}
	}
	// The go-app row runs after the page row it is compared with.
	for i, row := range rep.Rows {
		if sc := scenarioNamed(row.Scenario); sc.vsGoApp && goAppRPS[row.Conns] > 0 {
			rep.Rows[i].VsGoApp = row.RPS / goAppRPS[row.Conns]
		}
	}
	if rep.PeakRSSKiB, err = procStatusKB(pg.cmd.Process.Pid, "VmHWM"); err != nil {
		return nil, err
	}
	rep.ServerLogs = strings.TrimSpace(pg.out.String())
	return rep, nil
}

// scenarioNamed returns the scenario of that name.
func scenarioNamed(name string) scenario {
	for _, sc := range scenarios {
		if sc.Name == name {
			return sc
		}
	}
	return scenario{}
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

// generate runs conns connections, each a loop of one request, then its
// whole answer (no pipelining), for d or until maxReq requests were sent,
// whichever comes first. A connection that fails or that the server closes
// is dialed again. Latency is from writing the request to reading the last
// byte of the answer; a non-200 answer counts as an error.
func generate(ctx context.Context, addr string, req []byte, conns int, d time.Duration, maxReq int64) loadRow {
	var (
		sent     atomic.Int64
		errCount atomic.Int64
		mu       sync.Mutex
		all      []time.Duration
		firstErr string
		wg       sync.WaitGroup
	)
	noteErr := func(err error) {
		errCount.Add(1)
		mu.Lock()
		if firstErr == "" {
			firstErr = err.Error()
		}
		mu.Unlock()
	}
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			var (
				conn net.Conn
				br   *bufio.Reader
			)
			defer func() {
				if conn != nil {
					conn.Close()
				}
				mu.Lock()
				all = append(all, lat...)
				mu.Unlock()
			}()
			for ctx.Err() == nil && time.Now().Before(deadline) && sent.Add(1) <= maxReq {
				if conn == nil {
					c, err := net.DialTimeout("tcp", addr, 5*time.Second)
					if err != nil {
						noteErr(err)
						time.Sleep(10 * time.Millisecond)
						continue
					}
					conn, br = c, bufio.NewReaderSize(c, 32<<10)
				}
				t0 := time.Now()
				_ = conn.SetDeadline(t0.Add(10 * time.Second))
				status, closeConn, err := roundTrip(conn, br, req)
				if err != nil {
					noteErr(err)
					conn.Close()
					conn = nil
					continue
				}
				lat = append(lat, time.Since(t0))
				if status != http.StatusOK {
					noteErr(fmt.Errorf("status %d", status))
				}
				if closeConn {
					conn.Close()
					conn = nil
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	row := loadRow{
		Conns:      conns,
		Requests:   int64(len(all)),
		Errors:     errCount.Load(),
		Seconds:    elapsed.Seconds(),
		RPS:        float64(len(all)) / elapsed.Seconds(),
		P50ms:      quantileMS(all, 0.50),
		P99ms:      quantileMS(all, 0.99),
		FirstError: firstErr,
	}
	return row
}

// roundTrip writes req and reads the whole answer (readAnswer).
func roundTrip(conn net.Conn, br *bufio.Reader, req []byte) (status int, closeConn bool, err error) {
	if _, err := conn.Write(req); err != nil {
		return 0, false, err
	}
	if status, closeConn, err = readAnswer(br); err != nil {
		return 0, false, err
	}
	if br.Buffered() > 0 {
		return 0, false, errors.New("the server sent more than one answer")
	}
	return status, closeConn, nil
}

// readAnswer reads one HTTP/1.x answer from br, body included, and returns
// its status and whether the server closes the connection after it. It
// looks at no header but Content-Length, Transfer-Encoding and Connection,
// and allocates nothing per header, as wrk does: net/http's ReadResponse
// would spend a few microseconds per answer on headers nobody reads here,
// the more the more headers a server sends, and the generator shares the
// cores with the server it measures. preflight reads each scenario's answer
// with ReadResponse once.
func readAnswer(br *bufio.Reader) (status int, closeConn bool, err error) {
	line, err := readLine(br)
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' ||
		(len(line) > 12 && line[12] != ' ') {
		return 0, false, fmt.Errorf("malformed status line %q", line)
	}
	for _, c := range line[9:12] {
		if c < '0' || c > '9' {
			return 0, false, fmt.Errorf("malformed status line %q", line)
		}
		status = 10*status + int(c-'0')
	}
	closeConn = line[7] == '0' // HTTP/1.0 closes unless told otherwise; no server here says so
	length, chunked := int64(-1), false
	for {
		if line, err = readLine(br); err != nil {
			return 0, false, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, fmt.Errorf("malformed header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, ok = parseUint(value, 10); !ok {
				return 0, false, fmt.Errorf("malformed Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closeConn = closeConn || bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case status < 200 || status == http.StatusNoContent || status == http.StatusNotModified:
		// No body (RFC 9112 §6.3); a 1xx is not expected here.
	case chunked:
		err = discardChunked(br)
	case length >= 0:
		_, err = br.Discard(int(length))
	default: // delimited by the end of the connection
		_, err = io.Copy(io.Discard, br)
		closeConn = true
	}
	return status, closeConn, err
}

// discardChunked reads a chunked body and its trailer section.
func discardChunked(br *bufio.Reader) error {
	for {
		line, err := readLine(br)
		if err != nil {
			return err
		}
		sizeField, _, _ := bytes.Cut(line, []byte(";")) // chunk extensions
		size, ok := parseUint(bytes.TrimSpace(sizeField), 16)
		if !ok {
			return fmt.Errorf("malformed chunk size %q", line)
		}
		if size == 0 {
			for { // trailer fields, up to an empty line
				if line, err = readLine(br); err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if _, err := br.Discard(int(size)); err != nil {
			return err
		}
		if line, err = readLine(br); err != nil {
			return err
		}
		if len(line) != 0 {
			return errors.New("a chunk longer than its size")
		}
	}
}

// readLine returns the next line from br without its CRLF (or LF), valid
// until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			err = errors.New("a header line longer than the read buffer")
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// parseUint parses b, digits of base 10 or 16 only, up to 2^40.
func parseUint(b []byte, base int64) (int64, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return 0, false
		}
		n = n*base + d
	}
	return n, n < 1<<40
}

// quantileMS is the q-quantile of sorted durations (nearest rank), in ms.
func quantileMS(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i]) / float64(time.Millisecond)
}

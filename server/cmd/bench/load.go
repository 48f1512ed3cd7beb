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
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is one kind of request of the load generator.
type scenario struct {
	Name   string
	bare   bool // against the bare handler, not the playground
	method string
	path   string
	header [][2]string
	body   string
}

// scenarios are the load rows: the playground's busiest small answers, its
// per-request pre-rendered home page, and a bare handler to compare with.
var scenarios = []scenario{
	{Name: "bare net/http handler", bare: true, method: "GET", path: "/"},
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

// serveBare serves bareHandler on addr until ctx ends.
func serveBare(ctx context.Context, addr string) error {
	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(bareHandler), ReadHeaderTimeout: 5 * time.Second}
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
	bare, err := startServer(ctx, "bare handler", self, "", []string{serveBareArg, "{addr}"}, "/", o.timeout)
	if err != nil {
		return nil, err
	}
	defer bare.stop()

	rep := &loadReport{Duration: o.loadDuration.String()}
	if rep.IdleRSSKiB, err = procStatusKB(pg.cmd.Process.Pid, "VmRSS"); err != nil {
		return nil, err
	}

	// Each request is sent once first, so that a wrong answer stops the
	// bench with the answer rather than a column of errors.
	for _, sc := range scenarios {
		addr := pg.addr
		if sc.bare {
			addr = bare.addr
		}
		if err := preflight(addr, sc); err != nil {
			return nil, fmt.Errorf("%s: %w", sc.Name, err)
		}
	}

	bareRPS := map[int]float64{}
	for _, conns := range o.loadConns {
		for _, sc := range scenarios {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			addr, pid := pg.addr, pg.cmd.Process.Pid
			if sc.bare {
				addr, pid = bare.addr, bare.cmd.Process.Pid
			}
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
			if sc.bare {
				bareRPS[conns] = row.RPS
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

func roundTrip(conn net.Conn, br *bufio.Reader, req []byte) (status int, closeConn bool, err error) {
	if _, err := conn.Write(req); err != nil {
		return 0, false, err
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, false, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, false, err
	}
	if br.Buffered() > 0 {
		return 0, false, errors.New("the server sent more than one answer")
	}
	return resp.StatusCode, resp.Close, nil
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

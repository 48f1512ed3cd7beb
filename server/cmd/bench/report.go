package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything the bench measured.
type report struct {
	Started   string `json:"started"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
	CPUs      int    `json:"cpus"`
	// OtherCPU is how busy the CPUs were (0..1, /proc/stat over one second)
	// just before the bench started and just after it stopped everything it
	// ran: other work on the machine skews every number here.
	OtherCPU [2]float64     `json:"cpu_busy_before_after"`
	Options  reportOptions  `json:"options"`
	Sizes    sizeReport     `json:"wasm_sizes"`
	Browser  *browserReport `json:"browser,omitempty"`
	Load     *loadReport    `json:"load,omitempty"`
}

type reportOptions struct {
	Runs            int    `json:"runs"`
	LoadDuration    string `json:"load_duration"`
	LoadConns       []int  `json:"load_conns"`
	LoadMaxRequests int64  `json:"load_max_requests"`
	PlaygroundBin   string `json:"playground_bin"`
	PlaygroundWasm  string `json:"playground_wasm"`
	SkipBrowser     bool   `json:"skip_browser"`
	SkipLoad        bool   `json:"skip_load"`
	Trace           string `json:"trace,omitempty"`
}

func (r *report) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func (r *report) writeText(w io.Writer) {
	fmt.Fprintf(w, "Cookie Playground vs go-app hello world — %s, %s %s, %d CPUs\n",
		r.Started, r.GoVersion, r.Platform, r.CPUs)
	fmt.Fprintf(w, "CPUs busy with other work: %.0f%% just before, %.0f%% just after the bench\n", 100*r.OtherCPU[0], 100*r.OtherCPU[1])
	if max(r.OtherCPU[0], r.OtherCPU[1]) > 0.15 {
		fmt.Fprintln(w, "WARNING: other work shared the CPUs: the times below are likely inflated")
	}

	fmt.Fprintf(w, "\n1. Wasm size, bytes (both built with -trimpath -ldflags=\"-s -w\")\n\n")
	tw := newTable(w)
	fmt.Fprintln(tw, "\tplayground\thello\tplayground/hello\t")
	sizeRow := func(name string, p, h int64) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, thousands(p), thousands(h), ratio(float64(p), float64(h)))
	}
	s := r.Sizes
	sizeRow("raw", s.Playground.Raw, s.Hello.Raw)
	sizeRow("gzip -9", s.Playground.Gzip, s.Hello.Gzip)
	sizeRow("brotli q11 (lgwin 24)", s.Playground.Brotli, s.Hello.Brotli)
	if s.Playground.ServedBrotli != nil {
		fmt.Fprintf(tw, "served brotli (app.wasm.br)\t%s\t-\t\t\n", thousands(*s.Playground.ServedBrotli))
	}
	tw.Flush()
	if s.Playground.ServedBrotli == nil {
		fmt.Fprintln(w, "  (no app.wasm.br beside the playground's wasm: no served-brotli size)")
	}

	if b := r.Browser; b != nil {
		r.writeBrowser(w, b)
	} else {
		fmt.Fprintln(w, "\n2. Load in headless Chromium: skipped (-skip-browser)")
	}
	if l := r.Load; l != nil {
		r.writeLoad(w, l)
	} else {
		fmt.Fprintln(w, "\n3. Server throughput: skipped (-skip-load)")
	}
}

func (r *report) writeLoad(w io.Writer, l *loadReport) {
	fmt.Fprintf(w, "\n3. Server throughput, loopback, keep-alive HTTP/1.1, %s per row, no pipelining\n\n", l.Duration)
	tw := newTable(w)
	fmt.Fprintln(tw, "request\tconns\trequests\terrors\treq/s\tp50 ms\tp99 ms\tvs bare\tserver CPU µs/req\tload generator CPU µs/req\t")
	micros := func(us float64) string {
		if us <= 0 {
			return "-"
		}
		return strconv.FormatFloat(us, 'f', 0, 64)
	}
	for _, row := range l.Rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t%.3f\t%.3f\t%.2f\t%s\t%s\t\n", row.Scenario, row.Conns,
			thousands(row.Requests), row.Errors, thousands(int64(row.RPS+0.5)), row.P50ms, row.P99ms, row.VsBare,
			micros(row.ServerCPUPerReq), micros(row.ClientCPUPerReq))
	}
	tw.Flush()
	for _, row := range l.Rows {
		if row.VsGoApp > 0 {
			fmt.Fprintf(w, "\n  %s, %d connection(s): %.2fx the req/s of go-app's own handler rendering the same page.",
				row.Scenario, row.Conns, row.VsGoApp)
		}
	}
	fmt.Fprintf(w, "\n  Playground server RSS: %s KiB after start, peak (VmHWM) %s KiB after all rows.\n",
		thousands(l.IdleRSSKiB), thousands(l.PeakRSSKiB))
	fmt.Fprintf(w, `  The load generator runs on the same %d CPUs as the server it measures, so
  absolute req/s are pessimistic; compare rows. The playground is bin/cookieplay
  as shipped (it logs one line per request, to /dev/null here), the bare
  handler is this command in -serve-bare mode, and go-app's handler is this
  command in -serve-goapp mode (go-app's app.Handler configured as the
  playground configures it, with no middleware, rendering the page on every
  request, as go-app does): each is a process of its own.
  server CPU µs/req is that process's user+system time per request (10 ms
  ticks), which the sharing of cores changes little; the load generator's is
  this command's own. At 64 connections both are busy, so a row's req/s
  follows the two together: vs bare ≈ (bare's server + generator CPU) /
  (the row's server + generator CPU).
`, r.CPUs)
	for _, row := range l.Rows {
		if row.FirstError != "" {
			fmt.Fprintf(w, "  %s at %d conns: first error: %s\n", row.Scenario, row.Conns, oneLine(row.FirstError, 200))
		}
	}
}

// cpuBusy returns the fraction of CPU time, all CPUs together, that was not
// idle during d, from /proc/stat; 0 where there is none.
func cpuBusy(d time.Duration) float64 {
	read := func() (busy, total int64) {
		b, err := os.ReadFile("/proc/stat")
		if err != nil {
			return 0, 0
		}
		line, _, _ := strings.Cut(string(b), "\n")
		f := strings.Fields(line)
		if len(f) < 6 || f[0] != "cpu" {
			return 0, 0
		}
		// user nice system idle iowait irq softirq steal; guest time is
		// counted in user already.
		for i, v := range f[1:min(len(f), 9)] {
			n, _ := strconv.ParseInt(v, 10, 64)
			total += n
			if i != 3 && i != 4 { // idle, iowait
				busy += n
			}
		}
		return busy, total
	}
	b0, t0 := read()
	time.Sleep(d)
	b1, t1 := read()
	if t1 <= t0 {
		return 0
	}
	return float64(b1-b0) / float64(t1-t0)
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

func medMax(s stat) string {
	return fmt.Sprintf("%.0f / %.0f", s.Median, s.Max)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func kib(bytes float64) string {
	if bytes == 0 {
		return "0"
	}
	return thousands(int64(bytes/1024+0.5)) + " KiB"
}

// thousands writes n with comma separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

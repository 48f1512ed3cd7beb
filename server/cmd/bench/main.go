// Command bench measures how fast the Cookie Playground is to load and to
// serve, side by side with go-app's hello world (server/cmd/hello) and a bare
// net/http handler. It is a benchmark, not a test: it asserts no time.
//
//	./build.sh && go run ./server/cmd/bench            # everything, 10 runs, 5s per load row
//	go run ./server/cmd/bench -runs 3 -load-duration 2s -json bench.json
//	go run ./server/cmd/bench -runs 2 -skip-load -network 20mbit -trace cold.json
//
// It prints one report with three parts:
//
//  1. Wasm size: raw, gzip -9 and brotli q11 bytes of the playground's wasm
//     and of hello's, which it builds itself with the same flags as build.sh.
//  2. Load in headless Chromium: first contentful paint, "interactive" and
//     "app ready" for both apps, cold (a fresh browser context per run) and
//     warm (the same browser context after one prior visit: service worker
//     and HTTP cache), on loopback and on slower lines (-network: emulated
//     by Chromium, or 20mbit-tc, shaped by the kernel), each against its
//     floor (bytes on the wire ÷ bandwidth + round trips × latency), with
//     the playground's start-up split into phases; -trace writes a Chrome
//     trace of one load (-trace-app, -trace-warm).
//  3. Server throughput: a load generator of its own against the playground's
//     real program, a bare handler and go-app's own page handler (rendering
//     the playground's / per request), at 1 and 64 connections.
//
// Progress goes to stderr, the report to stdout. Run it from the module (it
// builds hello with the go command).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cookieplayground/cookieplay/internal/chromium"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	runs            int
	loadDuration    time.Duration
	loadConns       []int
	loadMaxRequests int64
	playgroundBin   string
	playgroundWasm  string
	skipBrowser     bool
	skipLoad        bool
	networks        []netProfile
	trace           string
	traceApp        string
	traceWarm       bool
	jsonOut         string
	timeout         time.Duration
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.runs, "runs", 10, "measured page loads per app and per cold/warm")
	fs.DurationVar(&o.loadDuration, "load-duration", 5*time.Second, "duration of each load-generator row")
	conns := fs.String("load-conns", "1,64", "comma-separated connection counts of the load rows")
	fs.Int64Var(&o.loadMaxRequests, "load-max-requests", 2_000_000, "at most this many requests per load row")
	fs.StringVar(&o.playgroundBin, "playground-bin", "bin/cookieplay", "the playground's server binary (./build.sh builds it)")
	fs.StringVar(&o.playgroundWasm, "playground-wasm", "web/app.wasm", "the playground's wasm; its folder is the server's -web folder")
	fs.BoolVar(&o.skipBrowser, "skip-browser", false, "skip the page loads in Chromium")
	fs.BoolVar(&o.skipLoad, "skip-load", false, "skip the server throughput rows")
	network := fs.String("network", defaultNetworks(), "comma-separated network profiles of the page loads: "+netProfileNames())
	fs.StringVar(&o.trace, "trace", "", "also write a Chrome trace (JSON) of one cold load of the playground, on the first -network profile, to this file")
	fs.StringVar(&o.traceApp, "trace-app", "playground", "the app -trace loads: playground or hello")
	fs.BoolVar(&o.traceWarm, "trace-warm", false, "-trace records a warm load (after a priming load in the same tab) instead of a cold one")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "limit of every wait: one page load, a server start, a build step")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if o.runs < 1 {
		return o, errors.New("-runs must be at least 1")
	}
	if o.loadDuration <= 0 || o.timeout <= 0 || o.loadMaxRequests < 1 {
		return o, errors.New("-load-duration, -timeout and -load-max-requests must be positive")
	}
	var err error
	if o.networks, err = parseNetProfiles(*network); err != nil {
		return o, err
	}
	for _, p := range o.networks {
		if !p.KernelShaped {
			continue
		}
		if problem := kernelShapingProblem(); problem != "" {
			return o, fmt.Errorf("-network %s: %s", p.Name, problem)
		}
	}
	if o.traceApp != "playground" && o.traceApp != "hello" {
		return o, fmt.Errorf("-trace-app: %q is neither playground nor hello", o.traceApp)
	}
	if o.trace != "" && o.skipBrowser {
		return o, errors.New("-trace records a page load: it cannot go with -skip-browser")
	}
	for f := range strings.SplitSeq(*conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 4096 {
			return o, fmt.Errorf("-load-conns: %q is not a connection count (1..4096)", f)
		}
		o.loadConns = append(o.loadConns, n)
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if serve, ok := serveOnly(args); ok {
		return serve(ctx)
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) }

	if o.playgroundWasm, err = filepath.Abs(o.playgroundWasm); err != nil {
		return err
	}
	if o.playgroundBin, err = filepath.Abs(o.playgroundBin); err != nil {
		return err
	}
	if _, err := os.Stat(o.playgroundWasm); err != nil {
		return fmt.Errorf("the playground's wasm is missing (run ./build.sh, or pass -playground-wasm): %w", err)
	}
	needServer := !o.skipBrowser || !o.skipLoad
	if _, err := os.Stat(o.playgroundBin); needServer && err != nil {
		return fmt.Errorf("the playground's server is missing (run ./build.sh, or pass -playground-bin): %w", err)
	}
	chromiumPath := ""
	if !o.skipBrowser {
		if chromiumPath = chromium.Path(); chromiumPath == "" {
			return errors.New("no Chromium found: install it (Debian: apt-get install chromium), " +
				"set CHROME_PATH to a Chromium or Chrome binary, or pass -skip-browser")
		}
	}

	rep := &report{
		Started:   time.Now().UTC().Format(time.RFC3339),
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		CPUs:      runtime.NumCPU(),
		OtherCPU:  [2]float64{cpuBusy(time.Second)},
		Options: reportOptions{
			Runs: o.runs, LoadDuration: o.loadDuration.String(), LoadConns: o.loadConns,
			LoadMaxRequests: o.loadMaxRequests, PlaygroundBin: o.playgroundBin, PlaygroundWasm: o.playgroundWasm,
			SkipBrowser: o.skipBrowser, SkipLoad: o.skipLoad, Trace: o.trace,
		},
	}

	tmp, err := os.MkdirTemp("", "cookieplay-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	logf("building go-app's hello world (wasm and server) into %s", tmp)
	hello, err := buildHello(ctx, tmp, filepath.Dir(o.playgroundWasm), o.timeout)
	if err != nil {
		return err
	}

	logf("compressing both wasm files (gzip -9, brotli q11)")
	if rep.Sizes, err = measureSizes(o.playgroundWasm, hello.wasm); err != nil {
		return err
	}

	var failures []string
	if !o.skipBrowser {
		logf("page loads in %s", chromiumPath)
		b, err := benchBrowser(ctx, o, chromiumPath, hello, logf)
		if err != nil {
			return err
		}
		rep.Browser = b
		failures = append(failures, b.Failures...)
	}
	if !o.skipLoad {
		logf("server throughput, %s per row", o.loadDuration)
		l, err := benchLoad(ctx, o, logf)
		if err != nil {
			return err
		}
		rep.Load = l
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	rep.OtherCPU[1] = cpuBusy(time.Second)
	rep.writeText(stdout)
	if o.jsonOut != "" {
		if err := rep.writeJSON(o.jsonOut); err != nil {
			return err
		}
		logf("wrote %s", o.jsonOut)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d page loads failed (see the report)", len(failures))
	}
	return nil
}

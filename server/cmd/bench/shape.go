package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// shapedMTU is the loopback MTU while a line is shaped: an Ethernet's, so
// TCP sends segments of the size a real line carries and the token
// bucket's burst (shapeBurstBytes) holds ten of them.
const (
	shapedMTU       = 1500
	shapeBurstBytes = 15000
	loopbackMTUFile = "/sys/class/net/lo/mtu"
)

// kernelShapingProblem says why this machine cannot shape its loopback
// interface, or "" when it can (root, and tc and ip on PATH).
func kernelShapingProblem() string {
	if os.Geteuid() != 0 {
		return "shaping the loopback interface (tc) needs root"
	}
	for _, tool := range []string{"tc", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "shaping the loopback interface needs " + tool + " (Debian: iproute2)"
		}
	}
	return ""
}

// shapeLoopback limits every packet on the loopback interface to p's rate
// with a token bucket (tc tbf) and sets the interface's MTU to shapedMTU,
// for one load; undo puts both back. Everything on loopback shares the
// rate while it is on (both directions: a request's bytes too), so the
// bench shapes only around a page load, never around the throughput rows.
// parseFlags has checked that the machine can (kernelShapingProblem).
func shapeLoopback(ctx context.Context, p netProfile) (undo func() error, err error) {
	old, err := os.ReadFile(loopbackMTUFile)
	if err != nil {
		return nil, fmt.Errorf("reading the loopback MTU: %w", err)
	}
	oldMTU := strings.TrimSpace(string(old))
	if _, err := strconv.Atoi(oldMTU); err != nil {
		return nil, fmt.Errorf("the loopback MTU %q is not a number", oldMTU)
	}
	rate := strconv.FormatInt(int64(p.DownBps*8), 10) + "bit"
	undo = func() error {
		// Use a fresh context: undoing must happen even when ctx is done.
		return errors.Join(
			runTool(context.Background(), "tc", "qdisc", "del", "dev", "lo", "root"),
			runTool(context.Background(), "ip", "link", "set", "lo", "mtu", oldMTU),
		)
	}
	if err := runTool(ctx, "ip", "link", "set", "lo", "mtu", strconv.Itoa(shapedMTU)); err != nil {
		return nil, err
	}
	if err := runTool(ctx, "tc", "qdisc", "replace", "dev", "lo", "root", "tbf",
		"rate", rate, "burst", strconv.Itoa(shapeBurstBytes), "latency", "400ms"); err != nil {
		return nil, errors.Join(err, undo())
	}
	return undo, nil
}

// runTool runs a command and returns its output in the error if it fails.
func runTool(ctx context.Context, name string, args ...string) error {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// netProfile is a network the page loads go over: loopback as it is, or a
// line that Chromium emulates (CDP Network.emulateNetworkConditionsByRule,
// one global rule: every request of the tab waits Latency between being
// sent and its response headers, and the tab's downloads share DownBps).
type netProfile struct {
	Name string `json:"name"`
	// DownBps and UpBps are bytes per second; 0 means not throttled.
	DownBps float64 `json:"download_bytes_per_s,omitempty"`
	UpBps   float64 `json:"upload_bytes_per_s,omitempty"`
	// LatencyMs is the emulated round trip, request sent to first byte.
	LatencyMs float64 `json:"latency_ms,omitempty"`
	// KernelShaped: DownBps is enforced by the kernel, a token bucket on
	// the loopback interface for the time of each load (shapeLoopback),
	// not by Chromium, which emulates only the latency. Chromium's own
	// throttling leaves the service worker's requests out and, measured
	// here, brings our wasm in at about 12 of 20 Mbit/s; the kernel's
	// bucket is a line every request shares, with TCP's own buffering.
	KernelShaped bool   `json:"kernel_shaped,omitempty"`
	Label        string `json:"label"`
}

// emulated says whether this profile's loads are slowed (by Chromium or
// by the kernel).
func (p netProfile) emulated() bool { return p.DownBps > 0 || p.LatencyMs > 0 }

// netProfiles are the profiles -network can name.
var netProfiles = []netProfile{
	{Name: "loopback", Label: "loopback, no emulation"},
	{Name: "20mbit", DownBps: 20e6 / 8, UpBps: 5e6 / 8, LatencyMs: 40,
		Label: "20 Mbit/s down, 5 Mbit/s up, 40 ms latency (emulated)"},
	{Name: "20mbit-tc", DownBps: 20e6 / 8, LatencyMs: 40, KernelShaped: true,
		Label: "20 Mbit/s both ways shaped by the kernel (tc tbf on lo; root), 40 ms latency (emulated)"},
	{Name: "1.6mbit", DownBps: 1.6e6 / 8, UpBps: 750e3 / 8, LatencyMs: 150,
		Label: "1.6 Mbit/s down, 750 kbit/s up, 150 ms latency (emulated; DevTools' \"Slow 4G\" rate)"},
}

// parseNetProfiles reads -network: profile names, comma-separated, each at
// most once.
func parseNetProfiles(s string) ([]netProfile, error) {
	var out []netProfile
	for f := range strings.SplitSeq(s, ",") {
		name := strings.TrimSpace(f)
		i := slices.IndexFunc(netProfiles, func(p netProfile) bool { return p.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("-network: %q is not a profile (%s)", name, netProfileNames())
		}
		if slices.ContainsFunc(out, func(p netProfile) bool { return p.Name == name }) {
			return nil, fmt.Errorf("-network: %q is named twice", name)
		}
		out = append(out, netProfiles[i])
	}
	return out, nil
}

// defaultNetworks is -network's default: loopback and the 20 Mbit/s line
// as Chromium emulates it, and as the kernel shapes it where the bench can
// shape (root, tc).
func defaultNetworks() string {
	if kernelShapingProblem() == "" {
		return "loopback,20mbit,20mbit-tc"
	}
	return "loopback,20mbit"
}

func netProfileNames() string {
	names := make([]string, len(netProfiles))
	for i, p := range netProfiles {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// emulateNetwork makes Chromium throttle every request of the tab of ctx as
// p says. Chromium 156 has only the by-rule form of the command (the older
// Network.emulateNetworkConditions is deprecated); a rule with an empty URL
// pattern matches every request. The throttling lives in the network
// service and needs the Network domain enabled.
func emulateNetwork(ctx context.Context, p netProfile) error {
	if !p.emulated() {
		return nil
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return fmt.Errorf("enabling the Network domain: %w", err)
	}
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{
			Latency:            p.LatencyMs,
			DownloadThroughput: p.chromiumBps(p.DownBps),
			UploadThroughput:   p.chromiumBps(p.UpBps),
		}},
	})
	if err != nil {
		return fmt.Errorf("emulating %s: %w", p.Name, err)
	}
	return nil
}

// chromiumBps is the rate Chromium is to emulate: none where the kernel
// shapes the line.
func (p netProfile) chromiumBps(bps float64) float64 {
	if p.KernelShaped {
		return 0
	}
	return bps
}

// floor is the least time a load of these bytes over these round trips can
// take on the line of p: every byte at the full download rate, plus one
// latency per round trip, with nothing else (no server time, no parsing, no
// compiling, no running Go). It is 0 for a profile that is not emulated.
func floorMs(p netProfile, wireBytes int64, roundTrips int) float64 {
	if !p.emulated() || p.DownBps <= 0 {
		return 0
	}
	return float64(wireBytes)/p.DownBps*1000 + float64(roundTrips)*p.LatencyMs
}

package main

import (
	"math"
	"strings"
	"testing"
)

func TestFloor(t *testing.T) {
	line, _ := parseNetProfiles("20mbit")
	// 2.5 MB at 20 Mbit/s is one second; five round trips of 40 ms.
	if got := floorMs(line[0], 2_500_000, 5); math.Abs(got-1200) > 1e-9 {
		t.Errorf("floor on 20 Mbit/s = %v ms, want 1200", got)
	}
	if got := floorMs(netProfiles[0], 2_500_000, 5); got != 0 {
		t.Errorf("loopback has a floor of %v ms, want none (0)", got)
	}
}

// A kernel-shaped line has the emulated line's floor, but Chromium is to
// emulate only its latency: the kernel holds the rate.
func TestKernelShapedLineLeavesTheRateToTheKernel(t *testing.T) {
	lines, err := parseNetProfiles("20mbit,20mbit-tc")
	if err != nil {
		t.Fatal(err)
	}
	emulated, shaped := lines[0], lines[1]
	if !shaped.KernelShaped || emulated.KernelShaped {
		t.Fatalf("KernelShaped: 20mbit %v, 20mbit-tc %v; want false, true", emulated.KernelShaped, shaped.KernelShaped)
	}
	if got := shaped.chromiumBps(shaped.DownBps); got != 0 {
		t.Errorf("Chromium would throttle the shaped line to %v B/s, want 0 (not at all)", got)
	}
	if got := emulated.chromiumBps(emulated.DownBps); got != 20e6/8 {
		t.Errorf("Chromium would throttle the emulated line to %v B/s, want %v", got, 20e6/8)
	}
	if !shaped.emulated() || shaped.LatencyMs != 40 {
		t.Errorf("the shaped line: emulated %v, latency %v ms; want true, 40", shaped.emulated(), shaped.LatencyMs)
	}
	if a, b := floorMs(emulated, 2_500_000, 5), floorMs(shaped, 2_500_000, 5); a != b {
		t.Errorf("floors differ: emulated %v ms, shaped %v ms", a, b)
	}
}

var netProfileCases = []struct {
	flag    string
	want    []string
	wantErr string
}{
	{"loopback,20mbit", []string{"loopback", "20mbit"}, ""},
	{" 20mbit , 1.6mbit", []string{"20mbit", "1.6mbit"}, ""},
	{"20mbit,20mbit-tc", []string{"20mbit", "20mbit-tc"}, ""},
	{"loopback,56k", nil, `"56k" is not a profile`},
	{"20mbit,20mbit", nil, "named twice"},
	{"", nil, `"" is not a profile`},
}

func TestParseNetProfiles(t *testing.T) {
	for _, tc := range netProfileCases {
		got, err := parseNetProfiles(tc.flag)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("-network %q: error %v, want one saying %q", tc.flag, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("-network %q: %v", tc.flag, err)
			continue
		}
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
		}
		if strings.Join(names, ",") != strings.Join(tc.want, ",") {
			t.Errorf("-network %q = %v, want %v", tc.flag, names, tc.want)
		}
	}
}

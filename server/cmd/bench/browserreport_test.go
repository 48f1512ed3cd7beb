package main

import (
	"math"
	"testing"
)

func TestTargets(t *testing.T) {
	nets, _ := parseNetProfiles("loopback,20mbit,20mbit-tc")
	series := func(app, network, mode string, ready, floor float64) *loadSeries {
		ls := &loadSeries{App: app, Network: network, Mode: mode, Stats: map[string]stat{"ready_ms": {Median: ready, N: 1}}}
		if floor > 0 {
			ls.Stats["floor_ms"] = stat{Median: floor, N: 1}
		}
		return ls
	}
	b := &browserReport{Networks: nets, Series: []*loadSeries{
		series("playground", "loopback", "cold", 1100, 0), series("hello", "loopback", "cold", 1000, 0),
		series("playground", "loopback", "warm", 1200, 0), series("hello", "loopback", "warm", 1000, 0),
		series("playground", "20mbit", "cold", 2000, 1500), series("hello", "20mbit", "cold", 8000, 5600),
		series("playground", "20mbit-tc", "cold", 1800, 1500), series("hello", "20mbit-tc", "cold", 5000, 5600),
	}}
	want := []struct {
		measure string
		ratio   float64
		met     string
	}{
		{"loopback, cold: playground / hello", 1.1, "yes"},
		{"loopback, warm: playground / hello", 1.2, "no"},
		{"20mbit, cold: playground / hello", 0.25, "yes"},
		{"20mbit, cold: playground / its floor", 2000.0 / 1500, "yes"},
		{"20mbit, cold: hello / its floor", 8000.0 / 5600, "none"},
		{"20mbit-tc, cold: playground / hello", 0.36, "no"},
		{"20mbit-tc, cold: playground / its floor", 1.2, "yes"},
		{"20mbit-tc, cold: hello / its floor", 5000.0 / 5600, "none"},
	}
	got := b.targets()
	if len(got) != len(want) {
		t.Fatalf("%d targets, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		met := "none"
		if got[i].Met != nil {
			met = map[bool]string{true: "yes", false: "no"}[*got[i].Met]
		}
		if got[i].Measure != w.measure || math.Abs(got[i].Ratio-w.ratio) > 1e-9 || met != w.met {
			t.Errorf("target %d = %s %.3f met %s, want %s %.3f met %s", i, got[i].Measure, got[i].Ratio, met, w.measure, w.ratio, w.met)
		}
	}
}

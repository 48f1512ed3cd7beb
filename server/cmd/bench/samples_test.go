package main

import "testing"

func TestStatOfSkipsMissing(t *testing.T) {
	samples := []pageSample{{GoMain: 10}, {GoMain: 0}, {GoMain: 30}, {GoMain: 20}}
	got := statOf(samples, at(goMain))
	if got != (stat{Median: 20, Max: 30, N: 3}) {
		t.Errorf("statOf = %+v, want median 20, max 30 of 3", got)
	}
}

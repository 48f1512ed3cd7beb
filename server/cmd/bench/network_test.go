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

var netProfileCases = []struct {
	flag    string
	want    []string
	wantErr string
}{
	{"loopback,20mbit", []string{"loopback", "20mbit"}, ""},
	{" 20mbit , 1.6mbit", []string{"20mbit", "1.6mbit"}, ""},
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

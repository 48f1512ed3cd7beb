package harexplain

import (
	"slices"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

var filterEntries = []api.HAREntry{
	{Status: api.HARAgrees, PredictedCookieHeader: "a=1", RecordedCookieHeader: "a=1"},
	{Status: api.HARDiffers, RecordedCookieHeader: "b=2", Differences: []api.HARDifference{{Kind: api.HARSentNotPredicted, Cookie: "b"}}},
	{Status: api.HARAgrees, SetCookie: []api.ExplainResult{{Stored: false, Reason: "SecureOnly", Cookie: api.ExplainCookie{Name: "c"}}}},
	{Status: api.HARAgrees, SetCookie: []api.ExplainResult{{Stored: false, Reason: "Expired", Cookie: api.ExplainCookie{Name: "a"}}}},
	{Status: api.HARNotJudged},
}

var filterTests = []struct {
	name   string
	filter Filter
	want   []int
}{
	{"no filter picks every entry", Filter{}, []int{0, 1, 2, 3, 4}},
	{"only differences picks those that differ or cannot be judged", Filter{OnlyDifferences: true}, []int{1, 4}},
	{"only refused skips a deletion (an expired line)", Filter{OnlyRefused: true}, []int{2}},
	{"one cookie's story: where it is sent, recorded, set or deleted", Filter{Cookie: "a"}, []int{0, 3}},
	{"filters combine", Filter{OnlyDifferences: true, Cookie: "b"}, []int{1}},
}

func TestFilter(t *testing.T) {
	for _, tt := range filterTests {
		if got := tt.filter.Apply(filterEntries); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Apply = %v; want %v", tt.name, got, tt.want)
		}
	}
}

var maskTests = []struct{ in, header, line string }{
	{"id=s3cr3t; theme=dark", "id=•••; theme=•••", "id=•••; theme=dark"},
	{"nameless", "•••", "•••"},
	{"id=; Path=/", "id=; Path=•••", "id=•••; Path=/"},
}

func TestMask(t *testing.T) {
	for _, tt := range maskTests {
		if got := MaskHeader(tt.in); got != tt.header {
			t.Errorf("MaskHeader(%q) = %q; want %q", tt.in, got, tt.header)
		}
		if got := MaskLine(tt.in); got != tt.line {
			t.Errorf("MaskLine(%q) = %q; want %q", tt.in, got, tt.line)
		}
	}
}

func TestCookieNames(t *testing.T) {
	got := CookieNames(api.HARReport{Entries: filterEntries})
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("CookieNames = %v; want %v", got, want)
	}
}

package hartest

import (
	"os"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/harexplain"
)

func TestSessionAgreesThroughout(t *testing.T) {
	l, err := harexplain.Decode(Session(1000, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	s := harexplain.Explain(l, harexplain.Options{}).Summary
	if s.Entries != 1000 || s.Agree != 1000 || s.Refused != 0 {
		t.Errorf("summary of the synthetic session = %+v; want 1000 entries, all agreeing, none refused", s)
	}
}

// BenchmarkExplain1000 decodes and explains a 1,000-entry session, as
// `cookieplay har` does.
func BenchmarkExplain1000(b *testing.B) {
	data := Session(1000, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		l, err := harexplain.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		harexplain.Explain(l, harexplain.Options{})
	}
}

// TestWriteSession writes the 1,000-entry session to COOKIEPLAY_HAR_OUT, for
// timing `cookieplay har` on it.
func TestWriteSession(t *testing.T) {
	out := os.Getenv("COOKIEPLAY_HAR_OUT")
	if out == "" {
		t.Skip("COOKIEPLAY_HAR_OUT not set")
	}
	if err := os.WriteFile(out, Session(1000, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)), 0o644); err != nil {
		t.Fatal(err)
	}
}

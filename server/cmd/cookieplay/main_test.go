package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunServesAndShutsDown runs the real program on a free port, asks it a
// tutorial question, then stops it as SIGTERM would.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-web", "../../../web"}, func(string) string { return "" }, w)
		w.Close()
	}()

	urlRE := regexp.MustCompile(`url=(http://\S+)`)
	lines := bufio.NewScanner(out)
	var base string
	for base == "" && lines.Scan() {
		if m := urlRE.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("the server never said where it listens")
	}
	go io.Copy(io.Discard, out) // keep the log flowing

	resp, err := http.Get(base + "/getcookie")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "No user cookie found!" {
		t.Errorf("GET /getcookie = %q; want %q", body, "No user cookie found!")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown; want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}

func TestRunRejectsUnknownFlag(t *testing.T) {
	err := run(context.Background(), []string{"-bogus"}, func(string) string { return "" }, io.Discard)
	if err == nil {
		t.Error("run accepted an unknown flag")
	}
}

func TestRunRejectsShortSecret(t *testing.T) {
	getenv := func(k string) string {
		if k == "COOKIEPLAY_SECRET" {
			return "abcd"
		}
		return ""
	}
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, getenv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "session keys") {
		t.Errorf("run with a 2-byte secret = %v; want a session keys error", err)
	}
}

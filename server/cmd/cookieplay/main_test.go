package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
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

// noEnv is an environment without any COOKIEPLAY_ variable.
func noEnv(string) string { return "" }

// TestRunRefusesBadSettings: each setting the server would start with in a
// way nobody meant is refused before it listens, with a message naming it
// and exit status 2.
func TestRunRefusesBadSettings(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	emptyFile, blankFile := file("empty", ""), file("blank", " \n\n\t,\n")
	noWasm := t.TempDir()
	web := "../../../web"
	env := func(key, value string) func(string) string {
		return func(k string) string {
			if k == key {
				return value
			}
			return ""
		}
	}
	tests := []struct {
		name   string
		args   []string
		getenv func(string) string
		want   string // in the message
	}{
		{"an empty -secret-file does not fall back to a random key", []string{"-web", web, "-secret-file", emptyFile}, noEnv, "holds no key"},
		{"a blank -secret-file does not fall back to a random key", []string{"-web", web, "-secret-file", blankFile}, noEnv, "holds no key"},
		{"a missing -secret-file", []string{"-web", web, "-secret-file", filepath.Join(dir, "none")}, noEnv, "-secret-file"},
		{"a blank COOKIEPLAY_SECRET", []string{"-web", web}, env("COOKIEPLAY_SECRET", " , "), "COOKIEPLAY_SECRET holds no key"},
		{"a 2-byte COOKIEPLAY_SECRET", []string{"-web", web}, env("COOKIEPLAY_SECRET", "abcd"), "session keys"},
		{"an empty -addr would listen on every interface", []string{"-web", web, "-addr", ""}, noEnv, "-addr is empty"},
		{"an -addr without a port", []string{"-web", web, "-addr", "127.0.0.1"}, noEnv, "not host:port"},
		{"a -web folder without app.wasm", []string{"-web", noWasm, "-addr", "127.0.0.1:0"}, noEnv, "no app.wasm"},
		{"an argument that is not a flag", []string{"-web", web, "serve"}, noEnv, `unexpected argument "serve"`},
		{"a negative -shutdown-timeout", []string{"-web", web, "-shutdown-timeout", "-1s"}, noEnv, "negative"},
		{"an unknown flag", []string{"-bogus"}, noEnv, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, tt.getenv, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run(%q) = %v; want an error saying %q", tt.args, err, tt.want)
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("run(%q) = %v: exit status %d; want 2", tt.args, err, code)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want int
	}{
		{"no error", nil, 0},
		{"-h", flag.ErrHelp, 0},
		{"a bad setting", badSetting("x"), 2},
		{"anything else, such as a port in use", errors.New("listen tcp 127.0.0.1:8000: bind: address already in use"), 1},
	} {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d; want %d", tt.name, tt.err, got, tt.want)
		}
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

// TestRunCutsTooSlowClientsAndExitsZero stops the server while a client
// that reads nothing is downloading app.wasm: after the grace period the
// response is cut, the cut is logged, and run returns nil, since a client
// too slow to finish is no failure of the server.
func TestRunCutsTooSlowClientsAndExitsZero(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-web", "../../../web", "-shutdown-timeout", "100ms"}, noEnv, w)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	addrRE := regexp.MustCompile(`url=http://(\S+)`)
	var addr string
	for addr == "" && lines.Scan() {
		if m := addrRE.FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatal("the server never said where it listens")
	}
	logged := make(chan string, 1)
	go func() {
		var rest strings.Builder
		for lines.Scan() {
			rest.WriteString(lines.Text() + "\n")
		}
		logged <- rest.String()
	}()

	// A client that asks for the 14 MB wasm, reads the status line, then
	// nothing more: the server's writes block once the socket buffers fill.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a bound, not an assertion
	if _, err := io.WriteString(conn, "GET /web/app.wasm HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	status, err := bufio.NewReaderSize(conn, 16).ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		t.Fatalf("GET /web/app.wasm: %q, %v", status, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after cutting a slow client; want nil (exit status 0)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return after its grace period")
	}
	if log := <-logged; !strings.Contains(log, "cut responses still running after the grace period") || !strings.Contains(log, "connections=1") {
		t.Errorf("the cut was not logged with its count; log:\n%s", log)
	}
	// The client's download ends short of the file.
	got, err := io.Copy(io.Discard, conn)
	if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("the cut download ended with %v; want EOF or a reset", err)
	}
	if wasm, err := os.Stat("../../../web/app.wasm"); err != nil || got >= wasm.Size() {
		t.Errorf("the cut download received %d more bytes; want fewer than app.wasm's (%v)", got, err)
	}
}

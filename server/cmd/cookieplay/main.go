// Command cookieplay serves the Cookie Playground.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cookieplayground/cookieplay/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if code := exitCode(err); code != 0 {
		fmt.Fprintln(os.Stderr, "cookieplay:", err)
		os.Exit(code)
	}
}

// usageError is a bad flag, argument or setting: the server does not start,
// and the exit status is 2, as for any command used wrongly.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func badSetting(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitCode returns the exit status for run's error: 0 for none (or -h), 2
// for a usageError, 1 for anything else.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// run parses the flags, serves until ctx ends, then shuts down gracefully,
// letting in-flight requests finish for the grace period.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cookieplay", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", envOr(getenv, "COOKIEPLAY_ADDR", "127.0.0.1:8000"), "address to listen on, host:port (env COOKIEPLAY_ADDR)")
	webDir := fs.String("web", envOr(getenv, "COOKIEPLAY_WEB", "web"), "folder of static files and app.wasm (env COOKIEPLAY_WEB)")
	secretFile := fs.String("secret-file", "", "file of session signing keys, hex or base64, 32 bytes or more each, one per line; the first signs (or env COOKIEPLAY_SECRET)")
	grace := fs.Duration("shutdown-timeout", 10*time.Second, "on SIGTERM or SIGINT, how long responses still running may take to finish before they are cut")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err}
	}
	if err := checkSettings(fs, *addr, *webDir, *grace); err != nil {
		return err
	}
	keys, err := sessionKeys(*secretFile, getenv)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*webDir, "app.wasm")); err != nil {
		return badSetting("-web %s: no app.wasm there; build it with ./build.sh, or point -web at the folder that holds it", *webDir)
	}

	logger := slog.New(slog.NewTextHandler(stdout, nil))
	slog.SetDefault(logger)
	var open atomic.Int64 // connections open, so a cut can be counted
	srv := &http.Server{
		Handler:           server.NewServer(server.Config{WebDir: *webDir, Logger: logger, SessionKeys: keys}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		ConnState: func(_ net.Conn, state http.ConnState) {
			switch state {
			case http.StateNew:
				open.Add(1)
			case http.StateClosed, http.StateHijacked:
				open.Add(-1)
			}
		},
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Info("serving Cookie Playground", "url", "http://"+ln.Addr().String())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", *grace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		// What is left after the grace period are responses to clients too
		// slow to take them in time: cut them. That is no failure of the
		// server, so the exit status stays 0.
		logger.Warn("cut responses still running after the grace period", "grace", *grace, "connections", open.Load())
		err = srv.Close()
	}
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkSettings refuses settings the server would otherwise start with in a
// way nobody meant: arguments that are not flags, an empty or malformed
// address (an empty one listens on every interface), a negative grace.
func checkSettings(fs *flag.FlagSet, addr, webDir string, grace time.Duration) error {
	if fs.NArg() > 0 {
		return badSetting("unexpected argument %q: every setting is a flag (see -h)", fs.Arg(0))
	}
	if strings.TrimSpace(addr) == "" {
		return badSetting("-addr is empty: give host:port, such as 127.0.0.1:8000 (an empty address would listen on every interface)")
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return badSetting("-addr %q is not host:port: %v", addr, err)
	}
	if webDir == "" {
		return badSetting("-web is empty: give the folder of static files and app.wasm")
	}
	if grace < 0 {
		return badSetting("-shutdown-timeout %v is negative", grace)
	}
	return nil
}

// sessionKeys reads the signing keys from the -secret-file, else from
// COOKIEPLAY_SECRET. Neither given means none (the server makes a random
// key and warns); one given that holds no key is refused, like a short key.
func sessionKeys(secretFile string, getenv func(string) string) ([][]byte, error) {
	source, secret := "COOKIEPLAY_SECRET", getenv("COOKIEPLAY_SECRET")
	if secretFile != "" {
		b, err := os.ReadFile(secretFile)
		if err != nil {
			return nil, badSetting("-secret-file: %v", err)
		}
		source, secret = "-secret-file "+secretFile, string(b)
	}
	keys, err := server.ParseSessionKeys(secret)
	switch {
	case err != nil:
		return nil, badSetting("session keys from %s: %v", source, err)
	case len(keys) == 0 && (secretFile != "" || secret != ""):
		return nil, badSetting("session keys: %s holds no key; give at least one of %d bytes or more, hex or base64", source, 32)
	}
	return keys, nil
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

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
	"syscall"
	"time"

	"github.com/cookieplayground/cookieplay/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		var exit *exitError
		if !errors.As(err, &exit) {
			exit = &exitError{code: 1, msg: err.Error()}
		}
		if exit.msg != "" {
			fmt.Fprintln(os.Stderr, "cookieplay:", exit.msg)
		}
		os.Exit(exit.code)
	}
}

// run parses the flags, serves until ctx ends, then shuts down gracefully,
// letting in-flight requests finish. "cookieplay har …" explains a HAR file
// instead (runHAR).
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "har" {
		return runHAR(args[1:], stdout)
	}
	fs := flag.NewFlagSet("cookieplay", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", envOr(getenv, "COOKIEPLAY_ADDR", "127.0.0.1:8000"), "address to listen on (env COOKIEPLAY_ADDR)")
	webDir := fs.String("web", envOr(getenv, "COOKIEPLAY_WEB", "web"), "folder of static files and app.wasm (env COOKIEPLAY_WEB)")
	secretFile := fs.String("secret-file", "", "file of session signing keys, hex or base64, 32 bytes or more each, one per line; the first signs (or env COOKIEPLAY_SECRET)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stdout, nil))
	slog.SetDefault(logger)

	secret := getenv("COOKIEPLAY_SECRET")
	if *secretFile != "" {
		b, err := os.ReadFile(*secretFile)
		if err != nil {
			return err
		}
		secret = string(b)
	}
	keys, err := server.ParseSessionKeys(secret)
	if err != nil {
		return fmt.Errorf("session keys: %w", err)
	}

	srv := &http.Server{
		Handler:           server.NewServer(server.Config{WebDir: *webDir, Logger: logger, SessionKeys: keys}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
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
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// Command cookieplay serves the Cookie Playground.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cookieplayground/cookieplay/server"
	"github.com/cookieplayground/cookieplay/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if code := exitCode(err); code != 0 {
		var exit *exitError
		switch {
		case !errors.As(err, &exit):
			fmt.Fprintln(os.Stderr, "cookieplay:", err)
		case exit.msg != "":
			fmt.Fprintln(os.Stderr, "cookieplay:", exit.msg)
		}
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
// for a usageError, an exitError's own status, 1 for anything else.
func exitCode(err error) int {
	var (
		ue   *usageError
		exit *exitError
	)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		return 2
	case errors.As(err, &exit):
		return exit.code
	}
	return 1
}

// options are the parsed flags.
type options struct {
	addr, web, secretFile   string
	tlsCert, tlsKey         string
	httpRedirect, otherSite string
	hosts, peers            string
	trustProxy              bool
	grace                   time.Duration
}

// run parses the flags, serves until ctx ends, then shuts down gracefully,
// letting in-flight requests finish for the grace period. "cookieplay har
// …" explains a HAR file instead (runHAR).
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "har" {
		return runHAR(args[1:], stdout)
	}
	fset := flag.NewFlagSet("cookieplay", flag.ContinueOnError)
	fset.SetOutput(stdout)
	var o options
	fset.StringVar(&o.addr, "addr", envOr(getenv, "COOKIEPLAY_ADDR", "127.0.0.1:8000"), "address to listen on, host:port (env COOKIEPLAY_ADDR)")
	fset.StringVar(&o.web, "web", getenv("COOKIEPLAY_WEB"), "serve the static files and app.wasm from this folder instead of the copy built into the binary (env COOKIEPLAY_WEB)")
	fset.StringVar(&o.secretFile, "secret-file", "", "file of session signing keys, hex or base64, 32 bytes or more each, one per line; the first signs (or env COOKIEPLAY_SECRET)")
	fset.DurationVar(&o.grace, "shutdown-timeout", 10*time.Second, "on SIGTERM or SIGINT, how long responses still running may take to finish before they are cut")
	fset.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this PEM certificate (chain); needs -tls-key")
	fset.StringVar(&o.tlsKey, "tls-key", "", "the PEM private key of -tls-cert")
	fset.StringVar(&o.httpRedirect, "http-redirect", "", "also listen on this address for plain http, redirecting to https but for the lab's plain-http probe (needs -tls-cert)")
	fset.BoolVar(&o.trustProxy, "trust-proxy", false, "take the scheme and host from X-Forwarded-Proto and X-Forwarded-Host (behind a TLS-terminating proxy only)")
	fset.StringVar(&o.otherSite, "other-site", "", "origin of the lab's second site, e.g. https://b.example (default: localhost and 127.0.0.1, each the other's)")
	fset.StringVar(&o.hosts, "hosts", "", "comma-separated host names to answer besides those of -addr, -tls-cert and -other-site; *.example.com for one label below")
	fset.StringVar(&o.peers, "peers", "", "comma-separated base URLs of the other replicas (same -secret-file), which share the lab's cross-site runs")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err}
	}
	if err := checkSettings(fset, o.addr, o.grace); err != nil {
		return err
	}
	keys, err := sessionKeys(o.secretFile, getenv)
	if err != nil {
		return err
	}
	logOut := newLogBuffer(stdout, logFlushAfter)
	defer logOut.Flush()
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	slog.SetDefault(logger)
	cfg := server.Config{Logger: logger, SessionKeys: keys, TrustProxy: o.trustProxy}
	if o.web != "" {
		if _, err := os.Stat(filepath.Join(o.web, "app.wasm")); err != nil {
			return badSetting("-web %s: no app.wasm there; build it with ./build.sh, or point -web at the folder that holds it", o.web)
		}
		cfg.WebDir = o.web
	} else {
		if _, err := fs.Stat(web.Files, "app.wasm"); err != nil {
			return badSetting("this binary was built without web/app.wasm: build it with ./build.sh, or give -web")
		}
		cfg.Web = web.Files
	}
	if o.otherSite != "" {
		if cfg.OtherSite, err = server.ParseOrigin(o.otherSite); err != nil {
			return badSetting("-other-site: %v", strings.TrimPrefix(err.Error(), "origin: "))
		}
	}
	for p := range strings.SplitSeq(o.peers, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		peer, err := server.ParseOrigin(p)
		if err != nil {
			return badSetting("-peers: %v", strings.TrimPrefix(err.Error(), "origin: "))
		}
		cfg.Peers = append(cfg.Peers, peer)
	}
	var tlsConfig *tls.Config
	var certNames []string
	if o.tlsCert != "" || o.tlsKey != "" {
		if tlsConfig, certNames, err = loadTLS(o.tlsCert, o.tlsKey); err != nil {
			return err
		}
	} else if o.httpRedirect != "" {
		return badSetting("-http-redirect needs -tls-cert and -tls-key: there is no https to redirect to")
	}
	if cfg.Hosts, err = allowedHosts(o, certNames, cfg.OtherSite); err != nil {
		return err
	}

	// The plain-http listener first: the server names its port to the lab.
	var rln net.Listener
	if o.httpRedirect != "" {
		if rln, err = net.Listen("tcp", o.httpRedirect); err != nil {
			return err
		}
		_, cfg.PlainHTTPPort, _ = net.SplitHostPort(rln.Addr().String())
	}
	var open atomic.Int64 // connections open, so a cut can be counted
	handler := server.NewServer(cfg)
	srv := newHTTPServer(handler, logger, &open)
	srv.TLSConfig = tlsConfig
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		if rln != nil {
			rln.Close()
		}
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
		ln = tls.NewListener(ln, tlsConfig)
	}
	logger.Info("serving Cookie Playground", "url", scheme+"://"+ln.Addr().String(), "hosts", strings.Join(cfg.Hosts, ","))

	servers := []*http.Server{srv}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if rln != nil {
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		redirect := newHTTPServer(server.NewRedirectHandler(cfg.Hosts, port, handler), logger, &open)
		logger.Info("redirecting plain http to https", "url", "http://"+rln.Addr().String())
		servers = append(servers, redirect)
		go func() { errc <- redirect.Serve(rln) }()
	}
	select {
	case err := <-errc:
		for _, s := range servers {
			s.Close()
		}
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", o.grace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), o.grace)
	defer cancel()
	for _, s := range servers {
		err := s.Shutdown(shutdownCtx)
		if errors.Is(err, context.DeadlineExceeded) {
			// What is left after the grace period are responses to clients
			// too slow to take them in time: cut them. That is no failure
			// of the server, so the exit status stays 0.
			logger.Warn("cut responses still running after the grace period", "grace", o.grace, "connections", open.Load())
			err = s.Close()
		}
		if err != nil {
			return err
		}
	}
	for range servers {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	return nil
}

// newHTTPServer returns a server with the playground's timeouts and limits,
// counting its open connections in open.
func newHTTPServer(h http.Handler, logger *slog.Logger, open *atomic.Int64) *http.Server {
	return &http.Server{
		Handler:           h,
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
}

// checkSettings refuses settings the server would otherwise start with in a
// way nobody meant: arguments that are not flags, an empty or malformed
// address (an empty one listens on every interface), a negative grace.
func checkSettings(fs *flag.FlagSet, addr string, grace time.Duration) error {
	if fs.NArg() > 0 {
		return badSetting("unexpected argument %q: every setting is a flag (see -h)", fs.Arg(0))
	}
	if strings.TrimSpace(addr) == "" {
		return badSetting("-addr is empty: give host:port, such as 127.0.0.1:8000 (an empty address would listen on every interface)")
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return badSetting("-addr %q is not host:port: %v", addr, err)
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

// loadTLS reads the certificate and key and returns the TLS configuration
// (TLS 1.2 or later, HTTP/2 first) with the names the certificate holds.
func loadTLS(certFile, keyFile string) (*tls.Config, []string, error) {
	if certFile == "" || keyFile == "" {
		return nil, nil, badSetting("-tls-cert and -tls-key go together: give both")
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, nil, badSetting("-tls-cert: %v", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, nil, badSetting("-tls-key: %v", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, nil, badSetting("-tls-cert %s with -tls-key %s: %v", certFile, keyFile, err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		return nil, nil, badSetting("-tls-cert: %v", err)
	}
	names := slices.Clone(leaf.DNSNames)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2", "http/1.1"},
	}, names, nil
}

// allowedHosts returns the host names the server answers for: those of
// -hosts, of the certificate, of -other-site and of -addr, where a loopback
// address brings both localhost and 127.0.0.1 (the lab's default two sites).
// An -addr on every interface names no host; then something else must.
func allowedHosts(o options, certNames []string, otherSite string) ([]string, error) {
	var hosts []string
	add := func(h string) {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	for h := range strings.SplitSeq(o.hosts, ",") {
		if h = strings.TrimSpace(h); h != "" && strings.ContainsAny(h, ":/ ") && net.ParseIP(strings.Trim(h, "[]")) == nil {
			return nil, badSetting("-hosts: %q is not a host name (no scheme or port)", h)
		}
		add(strings.Trim(h, "[]"))
	}
	for _, h := range certNames {
		add(h)
	}
	if otherSite != "" {
		add(hostOnly(strings.SplitN(otherSite, "://", 2)[1]))
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return nil, badSetting("-addr %q: %v", o.addr, err)
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() || host == "localhost" {
		add("localhost")
		add("127.0.0.1")
		add("::1")
	} else if ip == nil || !ip.IsUnspecified() {
		if host != "" {
			add(host)
		}
	}
	if len(hosts) == 0 {
		return nil, badSetting("-addr %q listens on every interface: name the host names to answer with -hosts (or give -tls-cert)", o.addr)
	}
	return hosts, nil
}

// hostOnly returns the name of host[:port].
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return strings.Trim(h, "[]")
	}
	return hostport
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/server/internal/testcert"
)

// startRun runs the program with args until the test ends, and returns the
// URL it serves and, with -http-redirect, the plain-http one.
func startRun(t *testing.T, args ...string) (base, redirect string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, w)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v after shutdown; want nil", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not return after its context ended")
		}
	})
	serving := regexp.MustCompile(`msg="serving Cookie Playground" url=(https?://\S+)`)
	redirecting := regexp.MustCompile(`msg="redirecting plain http to https" url=(http://\S+)`)
	wantRedirect := strings.Contains(strings.Join(args, " "), "-http-redirect")
	lines := bufio.NewScanner(out)
	for (base == "" || wantRedirect && redirect == "") && lines.Scan() {
		if m := serving.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
		if m := redirecting.FindStringSubmatch(lines.Text()); m != nil {
			redirect = m[1]
		}
	}
	if base == "" {
		t.Fatal("the server never said where it listens")
	}
	go io.Copy(io.Discard, out) // keep the log flowing
	return base, redirect
}

// httpsClient trusts cert, reaches every name at addr (as the lab's
// host-resolver rule does for the browser), and follows no redirect.
func httpsClient(cert *testcert.Cert, addr string) *http.Client {
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: cert.Pool},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestRunServesHTTPSWithHTTP2(t *testing.T) {
	cert := testcert.New(t, "a.test", "*.a.test")
	certFile, keyFile := cert.Files(t)
	base, redirect := startRun(t, "-addr", "127.0.0.1:0", "-web", "../../../web",
		"-tls-cert", certFile, "-tls-key", keyFile, "-http-redirect", "127.0.0.1:0")
	u, _ := url.Parse(base)
	client := httpsClient(cert, u.Host)
	port := u.Port()

	resp, err := client.Get("https://a.test:" + port + "/getcookie")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.ProtoMajor != 2 || string(body) != "No user cookie found!" {
		t.Errorf("GET https://a.test/getcookie = %s %q; want HTTP/2 and the tutorial's answer", resp.Proto, body)
	}
	if v := resp.TLS.Version; v < tls.VersionTLS12 {
		t.Errorf("TLS version %x; want 1.2 or later", v)
	}

	// TLS 1.1 and older are refused.
	old := &tls.Config{RootCAs: cert.Pool, ServerName: "a.test", MaxVersion: tls.VersionTLS11}
	if conn, err := tls.Dial("tcp", u.Host, old); err == nil {
		conn.Close()
		t.Error("a TLS 1.1 handshake succeeded")
	}

	// A login over HTTPS gets the __Host- session, Secure.
	resp, err = client.PostForm("https://a.test:"+port+"/login", url.Values{"username": {"Ada"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if sc := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(sc, "__Host-session=") || !strings.Contains(sc, "; Secure") {
		t.Errorf("login over HTTPS set %q; want a Secure __Host-session", sc)
	}

	// A wildcard name of the certificate is answered; a stranger is not.
	for host, want := range map[string]int{"sub.a.test": http.StatusOK, "evil.test": http.StatusMisdirectedRequest} {
		req, _ := http.NewRequest(http.MethodGet, "https://a.test:"+port+"/api/me", nil)
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || want != http.StatusOK && !strings.HasPrefix(string(b), `{"error":"host: `) {
			t.Errorf("Host %s: %d %q; want %d", host, resp.StatusCode, b, want)
		}
	}

	// Plain http is redirected to the same URL over https.
	r, _ := url.Parse(redirect)
	plain := httpsClient(cert, r.Host)
	resp, err = plain.Get("http://a.test:" + r.Port() + "/jar?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "https://a.test:" + port + "/jar?x=1"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Errorf("plain http: %d to %q; want 308 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	// But for the lab's probe: the https lab page's Secure experiment
	// shows there what plain http does, and /lab/sites names it.
	resp, err = plain.Get("http://a.test:" + r.Port() + "/lab/xsite/probe?task=secure-http")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "connect-src 'self';") {
		t.Errorf("plain http /lab/xsite/probe: %d, CSP %q; want the probe, reaching only itself", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	resp, err = client.Get("https://a.test:" + port + "/lab/sites")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `"plain":"http://a.test:` + r.Port() + `"`; !strings.Contains(string(body), want) {
		t.Errorf("GET /lab/sites over https = %s; want %s", body, want)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://a.test:"+r.Port()+"/", nil)
	req.Host = "evil.test"
	if resp, err = plain.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("plain http for evil.test: %d; want 421, no redirect", resp.StatusCode)
	}
}

func TestRunRefusesBadInputBeforeListening(t *testing.T) {
	a := testcert.New(t, "a.test")
	b := testcert.New(t, "b.test")
	aCert, aKey := a.Files(t)
	_, bKey := b.Files(t)
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "unreadable.pem")
	os.WriteFile(unreadable, a.KeyPEM, 0o000)
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate"), 0o600)

	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"a missing certificate", []string{"-tls-cert", filepath.Join(dir, "none.pem"), "-tls-key", aKey}, "-tls-cert"},
		{"a certificate that is not one", []string{"-tls-cert", garbage, "-tls-key", aKey}, "-tls-cert"},
		{"a missing key", []string{"-tls-cert", aCert, "-tls-key", filepath.Join(dir, "none.pem")}, "-tls-key"},
		{"a key that does not match its certificate", []string{"-tls-cert", aCert, "-tls-key", bKey}, "private key does not match"},
		{"a certificate without its key", []string{"-tls-cert", aCert}, "go together"},
		{"a redirect without https", []string{"-http-redirect", "127.0.0.1:0"}, "needs -tls-cert"},
		{"an other site that is not http(s)", []string{"-other-site", "ftp://b.test"}, "-other-site"},
		{"an other site with a path", []string{"-other-site", "https://b.test/lab"}, "more than an origin"},
		{"an other site with no host", []string{"-other-site", "https://"}, "no host"},
		{"every interface and no host name", []string{"-addr", ":0"}, "-hosts"},
		{"a host name with a port", []string{"-hosts", "a.test:443"}, "-hosts"},
		{"a peer that is not a URL", []string{"-peers", "replica-2"}, "-peers"},
		{"an argument left over", []string{"serve"}, "unexpected"},
	}
	if os.Getuid() != 0 { // root reads any file
		tests = append(tests, struct {
			name string
			args []string
			want string
		}{"an unreadable key", []string{"-tls-cert", aCert, "-tls-key", unreadable}, "-tls-key"})
	}
	for _, tt := range tests {
		args := append([]string{"-web", "../../../web"}, tt.args...)
		if !strings.Contains(strings.Join(args, " "), "-addr") {
			args = append(args, "-addr", "127.0.0.1:0")
		}
		err := run(context.Background(), args, func(string) string { return "" }, io.Discard)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: run = %v; want a usage error (exit 2) saying %q", tt.name, err, tt.want)
		}
	}
}

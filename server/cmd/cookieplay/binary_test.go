package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// The real binary, built once for the tests below with web/ embedded as it
// is now, then copied to empty folders and started there.
var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
	binaryDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// cookieplayBinary builds the binary, or skips when web/app.wasm has not
// been built (./build.sh builds it before the tests).
func cookieplayBinary(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("../../../web/app.wasm"); err != nil {
		t.Skip("web/app.wasm not built: run ./build.sh first")
	}
	binaryOnce.Do(func() {
		if binaryDir, binaryErr = os.MkdirTemp("", "cookieplay-bin-"); binaryErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "cookieplay")
		out, err := exec.Command("go", "build", "-trimpath", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// startBinary copies the binary to an empty folder and starts it there
// with args; it returns the URL it serves, and stops it when the test ends.
func startBinary(t *testing.T, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "cookieplay")
	b, err := os.ReadFile(cookieplayBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no COOKIEPLAY_* from the caller
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("cookieplay exited with %v after SIGINT; stderr %s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Error("cookieplay did not stop within 15s of SIGINT")
		}
	})
	urlRE := regexp.MustCompile(`url=(https?://\S+)`)
	lines := bufio.NewScanner(out)
	base := ""
	for base == "" && lines.Scan() {
		if m := urlRE.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("cookieplay never said where it listens; stderr %s", stderr.String())
	}
	go io.Copy(io.Discard, out)
	return base
}

func TestBinaryServesEverythingFromAnEmptyFolder(t *testing.T) {
	base := startBinary(t, "-addr", "127.0.0.1:0")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/login" {
		t.Errorf("GET / = %d to %q; want a redirect to /login", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte(`src="/app.js"`)) {
		t.Errorf("GET /login = %d; want the pre-rendered page loading /app.js", resp.StatusCode)
	}

	wantBr, err := os.ReadFile("../../../web/app.wasm.br")
	if err != nil || !precompressedFresh(t, "app.wasm") {
		t.Skip("web/app.wasm.br missing or older than web/app.wasm: run ./build.sh first")
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/web/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err = http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "br" || !bytes.Equal(body, wantBr) ||
		resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("GET /web/app.wasm (br) = %d, %q, %q, %d bytes; want 200, br, application/wasm, the %d bytes of web/app.wasm.br",
			resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"), len(body), len(wantBr))
	}
	resp, err = client.Get(base + "/web/embed.go")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /web/embed.go = %d; want 404: the package's source is not a web file", resp.StatusCode)
	}
}

// precompressedFresh reports whether ./build.sh's copies of web/name match
// it (its stamp in web/.precompress.json), as the server checks.
func precompressedFresh(t *testing.T, name string) bool {
	t.Helper()
	var stamps map[string]string
	b, err := os.ReadFile("../../../web/.precompress.json")
	if err != nil || json.Unmarshal(b, &stamps) != nil {
		return false
	}
	raw, err := os.ReadFile("../../../web/" + name)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(raw)
	return stamps[name] == hex.EncodeToString(sum[:])
}

func TestBinaryExitsWithStatus2OnBadInput(t *testing.T) {
	bin := cookieplayBinary(t)
	for _, args := range [][]string{
		{"-other-site", "ftp://b.test"},
		{"-tls-cert", "/nonexistent/cert.pem", "-tls-key", "/nonexistent/key.pem"},
		{"-bogus"},
	} {
		cmd := exec.Command(bin, append(args, "-addr", "127.0.0.1:0")...)
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "cookieplay:") {
			t.Errorf("cookieplay %s: %v, %q; want exit status 2 with a message", strings.Join(args, " "), err, out)
		}
	}
}

// TestBinaryTwoReplicasShareALabRun runs two replicas with one key, each
// naming the other as a peer, and sends the requests of one lab run to
// them in turn, as a load balancer would.
func TestBinaryTwoReplicasShareALabRun(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
	ports := freePorts(t, 2)
	urls := []string{"http://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1]}
	for i := range urls {
		startBinary(t, "-addr", "127.0.0.1:"+ports[i], "-secret-file", secret, "-peers", urls[1-i])
	}
	replica := func(i int) string { return urls[i%2] }

	var start api.LabRunResponse
	labJSON(t, http.MethodPost, replica(0)+api.LabRunPath, nil, &start)
	for i, kind := range []string{api.LabKindFetch, api.LabKindIframe, api.LabKindNav} {
		labJSON(t, http.MethodGet, replica(i+1)+api.LabHitPath+"?run="+start.Run+"&kind="+kind, []string{"Cookie", "lab-r" + fmt.Sprint(i) + "=1"}, nil)
	}
	for i := range 2 {
		var res api.LabResultResponse
		labJSON(t, http.MethodGet, replica(i)+api.LabResultPath+"?run="+start.Run, nil, &res)
		var got []string
		for _, r := range res.Records {
			got = append(got, r.Kind+":"+r.Cookie)
		}
		if want := "fetch:lab-r0=1 iframe:lab-r1=1 nav:lab-r2=1"; strings.Join(got, " ") != want {
			t.Errorf("result from replica %d: %q; want %q", i, strings.Join(got, " "), want)
		}
	}
	// A run no replica's key signed is refused everywhere.
	forged := start.Run[:len(start.Run)-2] + "xx"
	resp, err := http.Get(replica(1) + api.LabResultPath + "?run=" + forged)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a forged run's result: %d; want 404", resp.StatusCode)
	}
}

// labJSON makes a lab request with header pairs, and decodes its JSON
// answer into out, if not nil.
func labJSON(t *testing.T, method, u string, header []string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	if method == http.MethodPost {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: %d %s", method, u, resp.StatusCode, b)
	}
	if out == nil {
		return
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// freePorts returns n ports free on 127.0.0.1 a moment ago: the replicas
// must know each other's address before either starts.
func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var ports []string
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		_, p, _ := net.SplitHostPort(ln.Addr().String())
		ports = append(ports, p)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

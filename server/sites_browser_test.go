package server_test

// Real sites on one machine, for the tests that need several sites over
// HTTPS (the scenario replay): a certificate made here for a.test, *.a.test,
// b.test, *.b.test, c.test and *.c.test; one TLS server and one plain-HTTP
// server that answer as every one of those names; and Chromiums that resolve
// *.test to 127.0.0.1 and accept the certificate. URLs keep the servers'
// ports (https://a.test:PORT/): sites ignore ports, and a port other than
// 443 or 80 keeps Chromium's HTTPS upgrades away from the http URLs.
//
// Third-party cookies: this Chromium (156) blocks them by default, and
// Network.setCookieControls does not lift that. A site browser is therefore
// started per setting, with Default/Preferences written in its fresh
// user-data dir before launch: "cookie_controls_mode" 0 allows third-party
// cookies, 1 blocks them; both hold in new browser contexts. Site isolation
// is off in these browsers, so that a cross-site iframe stays in its page's
// process and its network events reach the page's target, where the test
// reads them.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// siteNames are the names the site certificate holds.
var siteNames = []string{"a.test", "*.a.test", "b.test", "*.b.test", "c.test", "*.c.test"}

// newSiteCertificate makes a self-signed certificate for siteNames, valid
// for a day around now.
func newSiteCertificate(now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "a.test", Organization: []string{"Cookie Playground tests"}},
		DNSNames:              siteNames,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// testSites serves one handler as every site name, over HTTPS and HTTP.
type testSites struct {
	tls, plain          *httptest.Server
	httpsPort, httpPort string
}

// startTestSites serves h over HTTPS (with a certificate for siteNames) and
// plain HTTP on loopback ports, until the test ends.
func startTestSites(t *testing.T, h http.Handler) *testSites {
	t.Helper()
	cert, err := newSiteCertificate(time.Now())
	if err != nil {
		t.Fatalf("making the site certificate: %v", err)
	}
	s := &testSites{}
	s.tls = httptest.NewUnstartedServer(h)
	s.tls.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	// Chromium closes a connection or two while it decides on the
	// certificate; the log would only say so.
	s.tls.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.tls.StartTLS()
	t.Cleanup(s.tls.Close)
	s.plain = httptest.NewServer(h)
	t.Cleanup(s.plain.Close)
	s.httpsPort = strconv.Itoa(s.tls.Listener.Addr().(*net.TCPAddr).Port)
	s.httpPort = strconv.Itoa(s.plain.Listener.Addr().(*net.TCPAddr).Port)
	return s
}

// origin returns the origin of host ("a.test", "sub.b.test") over https, or
// http when secure is false.
func (s *testSites) origin(host string, secure bool) string {
	if secure {
		return "https://" + host + ":" + s.httpsPort
	}
	return "http://" + host + ":" + s.httpPort
}

// Settings of the site browsers.
const (
	thirdPartyAllowed = "allowed"
	thirdPartyBlocked = "blocked"
)

// siteBrowserPreferences are the Default/Preferences of a site browser per
// third-party cookie setting.
var siteBrowserPreferences = map[string]string{
	thirdPartyAllowed: `{"profile":{"cookie_controls_mode":0}}`,
	thirdPartyBlocked: `{"profile":{"cookie_controls_mode":1}}`,
}

type siteBrowser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

var siteBrowsers = map[string]*siteBrowser{thirdPartyAllowed: {}, thirdPartyBlocked: {}}

// siteBrowserContext returns the site browser for the third-party cookie
// setting, started on first use and ended by TestMain. Without a browser
// the test is skipped, unless CI is set.
func siteBrowserContext(t *testing.T, thirdParty string) context.Context {
	t.Helper()
	b := siteBrowsers[thirdParty]
	b.once.Do(func() {
		b.ctx, b.cancel, b.err = launchChromium(siteBrowserPreferences[thirdParty],
			chromedp.Flag("ignore-certificate-errors", true),
			chromedp.Flag("disable-site-isolation-trials", true),
			// chromedp's own list, then site isolation, and HTTPS upgrades:
			// an http URL of the sites must stay http.
			chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,IsolateOrigins,site-per-process,HttpsUpgrades"),
		)
	})
	if b.err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests need Chromium under CI: %v", b.err)
		}
		t.Skipf("skipping browser test: %v", b.err)
	}
	return b.ctx
}

func stopSiteBrowsers() {
	for _, b := range siteBrowsers {
		if b.cancel != nil {
			b.cancel()
		}
	}
}

// TestBrowserTestSites checks what the scenario replay relies on: an https
// test site is a secure context where a service worker registers, a
// Partitioned cookie set by a cross-site iframe gets the top-level site as
// its partition key, and the two site browsers allow and block third-party
// cookies as their preferences say.
func TestBrowserTestSites(t *testing.T) {
	site := newScenarioSite()
	sites := startTestSites(t, site)
	a, b := sites.origin("a.test", true), sites.origin("b.test", true)
	for _, setting := range []string{thirdPartyAllowed, thirdPartyBlocked} {
		tab := openScenarioTab(t, setting, time.Now().Add(90*time.Second))
		ctx := tab.ctx
		run(t, ctx, chromedp.Navigate(a+"/top"))
		if !eval[bool](t, ctx, `window.isSecureContext`) {
			t.Fatalf("%s/top is not a secure context", a)
		}
		if got := eval[string](t, ctx, `navigator.serviceWorker.register("/sw.js").then(() => "registered", (e) => String(e))`, chromedp.EvalAwaitPromise); got != "registered" {
			t.Errorf("registering a service worker on %s: %s", a, got)
		}
		tok := site.expect(stepAnswer{page: true, setCookie: []string{
			"chips=1; Secure; SameSite=None; Partitioned; Path=/",
			"shared=1; Secure; SameSite=None; Path=/",
		}})
		if got, err := tab.agent(ctx, map[string]string{"op": "iframe", "url": b + "/s?sc=" + tok}); err != nil || !strings.HasPrefix(got, "loaded ") {
			t.Fatalf("embedding %s in %s: %q, %v", b, a, got, err)
		}
		cs, err := tab.cookies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		kept := map[string]string{}
		for _, c := range cs {
			kept[c.Name] = "unpartitioned"
			if c.PartitionKey != nil {
				kept[c.Name] = partitionName(c.PartitionKey.TopLevelSite, c.PartitionKey.HasCrossSiteAncestor)
			}
		}
		want := map[string]string{"chips": "https://a.test cross-site", "shared": "unpartitioned"}
		if setting == thirdPartyBlocked {
			delete(want, "shared")
		}
		if fmt.Sprint(kept) != fmt.Sprint(want) {
			t.Errorf("third-party cookies %s: the iframe's cookies kept as %v; want %v", setting, kept, want)
		}
	}
}

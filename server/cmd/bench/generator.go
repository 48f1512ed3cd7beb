package main

// The load generator: keep-alive connections sending one request after
// another and reading each answer as wrk does.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// generate runs conns connections, each a loop of one request, then its
// whole answer (no pipelining), for d or until maxReq requests were sent,
// whichever comes first. A connection that fails or that the server closes
// is dialed again. Latency is from writing the request to reading the last
// byte of the answer; a non-200 answer counts as an error.
func generate(ctx context.Context, addr string, req []byte, conns int, d time.Duration, maxReq int64) loadRow {
	var (
		sent     atomic.Int64
		errCount atomic.Int64
		mu       sync.Mutex
		all      []time.Duration
		firstErr string
		wg       sync.WaitGroup
	)
	noteErr := func(err error) {
		errCount.Add(1)
		mu.Lock()
		if firstErr == "" {
			firstErr = err.Error()
		}
		mu.Unlock()
	}
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			var (
				conn net.Conn
				br   *bufio.Reader
			)
			defer func() {
				if conn != nil {
					conn.Close()
				}
				mu.Lock()
				all = append(all, lat...)
				mu.Unlock()
			}()
			for ctx.Err() == nil && time.Now().Before(deadline) && sent.Add(1) <= maxReq {
				if conn == nil {
					c, err := net.DialTimeout("tcp", addr, 5*time.Second)
					if err != nil {
						noteErr(err)
						time.Sleep(10 * time.Millisecond)
						continue
					}
					conn, br = c, bufio.NewReaderSize(c, 32<<10)
				}
				t0 := time.Now()
				_ = conn.SetDeadline(t0.Add(10 * time.Second))
				status, closeConn, err := roundTrip(conn, br, req)
				if err != nil {
					noteErr(err)
					conn.Close()
					conn = nil
					continue
				}
				lat = append(lat, time.Since(t0))
				if status != http.StatusOK {
					noteErr(fmt.Errorf("status %d", status))
				}
				if closeConn {
					conn.Close()
					conn = nil
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	row := loadRow{
		Conns:      conns,
		Requests:   int64(len(all)),
		Errors:     errCount.Load(),
		Seconds:    elapsed.Seconds(),
		RPS:        float64(len(all)) / elapsed.Seconds(),
		P50ms:      quantileMS(all, 0.50),
		P99ms:      quantileMS(all, 0.99),
		FirstError: firstErr,
	}
	return row
}

// roundTrip writes req and reads the whole answer (readAnswer).
func roundTrip(conn net.Conn, br *bufio.Reader, req []byte) (status int, closeConn bool, err error) {
	if _, err := conn.Write(req); err != nil {
		return 0, false, err
	}
	if status, closeConn, err = readAnswer(br); err != nil {
		return 0, false, err
	}
	if br.Buffered() > 0 {
		return 0, false, errors.New("the server sent more than one answer")
	}
	return status, closeConn, nil
}

// readAnswer reads one HTTP/1.x answer from br, body included, and returns
// its status and whether the server closes the connection after it. It
// looks at no header but Content-Length, Transfer-Encoding and Connection,
// and allocates nothing per header, as wrk does: net/http's ReadResponse
// would spend a few microseconds per answer on headers nobody reads here,
// the more the more headers a server sends, and the generator shares the
// cores with the server it measures. preflight reads each scenario's answer
// with ReadResponse once.
func readAnswer(br *bufio.Reader) (status int, closeConn bool, err error) {
	line, err := readLine(br)
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' ||
		(len(line) > 12 && line[12] != ' ') {
		return 0, false, fmt.Errorf("malformed status line %q", line)
	}
	for _, c := range line[9:12] {
		if c < '0' || c > '9' {
			return 0, false, fmt.Errorf("malformed status line %q", line)
		}
		status = 10*status + int(c-'0')
	}
	closeConn = line[7] == '0' // HTTP/1.0 closes unless told otherwise; no server here says so
	length, chunked := int64(-1), false
	for {
		if line, err = readLine(br); err != nil {
			return 0, false, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, fmt.Errorf("malformed header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, ok = parseUint(value, 10); !ok {
				return 0, false, fmt.Errorf("malformed Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closeConn = closeConn || bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case status < 200 || status == http.StatusNoContent || status == http.StatusNotModified:
		// No body (RFC 9112 §6.3); a 1xx is not expected here.
	case chunked:
		err = discardChunked(br)
	case length >= 0:
		_, err = br.Discard(int(length))
	default: // delimited by the end of the connection
		_, err = io.Copy(io.Discard, br)
		closeConn = true
	}
	return status, closeConn, err
}

// discardChunked reads a chunked body and its trailer section.
func discardChunked(br *bufio.Reader) error {
	for {
		line, err := readLine(br)
		if err != nil {
			return err
		}
		sizeField, _, _ := bytes.Cut(line, []byte(";")) // chunk extensions
		size, ok := parseUint(bytes.TrimSpace(sizeField), 16)
		if !ok {
			return fmt.Errorf("malformed chunk size %q", line)
		}
		if size == 0 {
			for { // trailer fields, up to an empty line
				if line, err = readLine(br); err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if _, err := br.Discard(int(size)); err != nil {
			return err
		}
		if line, err = readLine(br); err != nil {
			return err
		}
		if len(line) != 0 {
			return errors.New("a chunk longer than its size")
		}
	}
}

// readLine returns the next line from br without its CRLF (or LF), valid
// until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			err = errors.New("a header line longer than the read buffer")
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// parseUint parses b, digits of base 10 or 16 only, up to 2^40.
func parseUint(b []byte, base int64) (int64, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return 0, false
		}
		n = n*base + d
	}
	return n, n < 1<<40
}

// quantileMS is the q-quantile of sorted durations (nearest rank), in ms.
func quantileMS(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i]) / float64(time.Millisecond)
}

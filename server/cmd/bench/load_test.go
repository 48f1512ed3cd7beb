package main

import (
	"bufio"
	"strings"
	"testing"
)

// readAnswerTests are answers as servers write them, each followed by the
// start of another ("NEXT"), which readAnswer must leave unread.
var readAnswerTests = []struct {
	name       string
	answer     string
	wantStatus int
	wantClose  bool
	wantErr    bool
}{
	{"a body of Content-Length bytes", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", 200, false, false},
	{"header names in any case, values with spaces", "HTTP/1.1 200 OK\r\ncontent-length:  2 \r\n\r\nok", 200, false, false},
	{"a chunked body with an extension and a trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nok\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\n", 200, false, false},
	{"Connection: close is reported", "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 404, true, false},
	{"HTTP/1.0 closes", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 200, true, false},
	{"a 304 has no body whatever its Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 304, false, false},
	{"a status line without a reason", "HTTP/1.1 204\r\n\r\n", 204, false, false},
	{"bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 200, false, false},
	{"a malformed status line is an error", "HTTP/1.1 2x0 OK\r\n\r\n", 0, false, true},
	{"a header line without a colon is an error", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", 0, false, true},
	{"a malformed Content-Length is an error", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, false, true},
	{"a chunk longer than its size is an error", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nok\r\n0\r\n\r\n", 0, false, true},
}

func TestReadAnswer(t *testing.T) {
	for _, tt := range readAnswerTests {
		t.Run(tt.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(tt.answer + "NEXT"))
			status, closeConn, err := readAnswer(br)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("readAnswer = %d, %v, nil; want an error", status, closeConn)
				}
				return
			}
			if err != nil || status != tt.wantStatus || closeConn != tt.wantClose {
				t.Fatalf("readAnswer = %d, %v, %v; want %d, %v, nil", status, closeConn, err, tt.wantStatus, tt.wantClose)
			}
			if rest, _ := br.Peek(4); string(rest) != "NEXT" {
				t.Errorf("left %q unread; want the next answer's start", rest)
			}
		})
	}
}

// An answer that ends with the connection is read to the end.
func TestReadAnswerWithoutLengthReadsToTheEnd(t *testing.T) {
	br := bufio.NewReader(strings.NewReader("HTTP/1.1 200 OK\r\n\r\nall of this"))
	status, closeConn, err := readAnswer(br)
	if err != nil || status != 200 || !closeConn || br.Buffered() != 0 {
		t.Errorf("readAnswer = %d, %v, %v, %d bytes left; want 200, true, nil, 0", status, closeConn, err, br.Buffered())
	}
}

package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the flush timer's goroutine may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogBufferHoldsLinesUntilFlush(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out, time.Hour)
	b.Write([]byte("one\n"))
	b.Write([]byte("two\n"))
	if got := out.String(); got != "" {
		t.Fatalf("before Flush, out = %q; want nothing yet", got)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "one\ntwo\n" {
		t.Errorf("after Flush, out = %q; want both lines in order", got)
	}
}

func TestLogBufferWritesAFullBufferAtOnce(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out, time.Hour)
	line := strings.Repeat("x", 99) + "\n"
	for range maxBufferedLog / len(line) {
		b.Write([]byte(line))
	}
	if out.String() != "" {
		t.Fatal("written before the buffer was full")
	}
	b.Write([]byte(line))
	if got := len(out.String()); got != (maxBufferedLog/len(line)+1)*len(line) {
		t.Errorf("a full buffer wrote %d bytes; want every line", got)
	}
}

func TestLogBufferWritesWithoutFlushAfterAWhile(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out, time.Millisecond)
	b.Write([]byte("late\n"))
	for deadline := time.Now().Add(10 * time.Second); out.String() == ""; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a line was never written without Flush") // a bound, not a timing assertion
		}
	}
	b.Write([]byte("later\n")) // the timer is set again after a flush
	for deadline := time.Now().Add(10 * time.Second); out.String() != "late\nlater\n"; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("out = %q; want both lines", out.String())
		}
	}
}

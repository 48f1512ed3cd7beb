package main

import (
	"io"
	"sync"
	"time"
)

// logBuffer holds log lines briefly and writes them out together. Under
// load the request log would otherwise cost a write system call per
// request, each made while the log handler holds its lock, which the
// other requests then queue for. A line waits at most flushAfter, or
// until maxBufferedLog bytes wait; Flush writes at once (run calls it
// before it returns, so the last lines are never lost on shutdown).
type logBuffer struct {
	out        io.Writer
	flushAfter time.Duration

	mu        sync.Mutex
	buf       []byte
	timer     *time.Timer
	scheduled bool // timer will flush
}

// maxBufferedLog is how much of the log may wait to be written: about
// three hundred request lines.
const maxBufferedLog = 32 << 10

// logFlushAfter is how long a log line may wait: short enough that a
// person watching the log does not notice.
const logFlushAfter = 100 * time.Millisecond

func newLogBuffer(out io.Writer, flushAfter time.Duration) *logBuffer {
	b := &logBuffer{out: out, flushAfter: flushAfter}
	b.timer = time.AfterFunc(time.Hour, func() { _ = b.Flush() })
	b.timer.Stop()
	return b
}

// Write keeps p to be written within flushAfter. It never fails: an error
// writing the log out is Flush's.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= maxBufferedLog {
		_ = b.flushLocked()
	} else if !b.scheduled {
		b.scheduled = true
		b.timer.Reset(b.flushAfter)
	}
	return len(p), nil
}

// Flush writes out every line that waits.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	if b.scheduled {
		b.timer.Stop()
		b.scheduled = false
	}
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.out.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

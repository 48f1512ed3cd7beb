package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cookieplayground/cookieplay/app/api"
)

// Bounds of the runs' log: it lives in memory, so it is small and forgets.
const (
	labMaxRuns    = 128 // a Run all starts four
	labMaxRecords = 16  // a run records five requests at most
	labRunTTL     = 10 * time.Minute
	labMaxField   = 4 << 10 // bytes kept of a recorded cookie list (the limits experiment's 150 fit)
	labMaxHeader  = 64      // bytes kept of a Fetch Metadata header
	labMaxHost    = 256     // bytes kept of the Host header
	// labMaxBytes bounds the text of every run's records together; a full
	// log forgets its oldest runs first. Ordinary records are a few hundred
	// bytes, so only a flood of large headers ever reaches it.
	labMaxBytes = 1 << 20
)

// labRuns is the log of cross-site runs: what each of their requests
// carried, by run, for labRunTTL at most. A run's id is a token signed with
// the session key, so that any replica sharing the key takes the requests
// of a run another one started; each keeps those it received, and the
// result route gathers them from Config.Peers.
type labRuns struct {
	mu    sync.Mutex
	now   func() time.Time
	keys  [][]byte // the first signs, all verify
	runs  map[string]*labRun
	bytes int // text held by every run's records
}

type labRun struct {
	started time.Time
	records []api.LabRecord
	bytes   int
}

func newLabRuns(now func() time.Time, keys [][]byte) *labRuns {
	return &labRuns{now: now, keys: keys, runs: map[string]*labRun{}}
}

// labRunMAC returns the signature of a run's id and start time.
func labRunMAC(key []byte, id string, started int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("cookieplay lab run\x00" + id + "." + strconv.FormatInt(started, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// token returns a new run's id: random, with its start time and their
// signature, "ID.UNIX.MAC".
func (l *labRuns) token(started time.Time) string {
	id, unix := rand.Text(), started.Unix()
	return id + "." + strconv.FormatInt(unix, 10) + "." + labRunMAC(l.keys[0], id, unix)
}

// verify returns when the run whose token this is started, and false if
// no key signed it.
func (l *labRuns) verify(token string) (time.Time, bool) {
	id, rest, _ := strings.Cut(token, ".")
	unix, mac, _ := strings.Cut(rest, ".")
	started, err := strconv.ParseInt(unix, 10, 64)
	if id == "" || err != nil || len(token) > 128 {
		return time.Time{}, false
	}
	for _, k := range l.keys {
		if hmac.Equal([]byte(mac), []byte(labRunMAC(k, id, started))) {
			return time.Unix(started, 0), true
		}
	}
	return time.Time{}, false
}

// live reports whether the token is a run's, signed and not expired.
func (l *labRuns) live(token string) (time.Time, bool) {
	started, ok := l.verify(token)
	if !ok || l.now().Sub(started) > labRunTTL {
		return time.Time{}, false
	}
	return started, true
}

// start begins a run and returns its token.
func (l *labRuns) start() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	id := l.token(now)
	l.keep(id, now)
	return id
}

// keep makes room for a run and holds it, forgetting expired runs and,
// when full, the oldest. l.mu is held.
func (l *labRuns) keep(id string, started time.Time) *labRun {
	now := l.now()
	for k, r := range l.runs {
		if now.Sub(r.started) > labRunTTL {
			l.forget(k)
		}
	}
	if len(l.runs) >= labMaxRuns {
		l.forget(l.oldest(""))
	}
	r := &labRun{started: started}
	l.runs[id] = r
	return r
}

// oldest returns the id of the oldest run other than except, or "".
func (l *labRuns) oldest(except string) string {
	var oldest string
	for k, r := range l.runs {
		if k != except && (oldest == "" || r.started.Before(l.runs[oldest].started)) {
			oldest = k
		}
	}
	return oldest
}

// forget drops the run id and the bytes it held.
func (l *labRuns) forget(id string) {
	if r := l.runs[id]; r != nil {
		l.bytes -= r.bytes
		delete(l.runs, id)
	}
}

// add records rec under the run; false if there is no such live run or it
// is full. A run another replica started is kept from its first record. It
// keeps copies of rec's strings, cut to the log's bounds: a substring would
// keep alive the whole request header it came from.
func (l *labRuns) add(token string, rec api.LabRecord) bool {
	started, ok := l.live(token)
	if !ok {
		return false
	}
	rec = storedLabRecord(rec)
	rec.At = l.now().UTC()
	size := labRecordBytes(rec)
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.runs[token]
	if r == nil {
		r = l.keep(token, started)
	}
	if len(r.records) >= labMaxRecords {
		return false
	}
	for l.bytes+size > labMaxBytes {
		oldest := l.oldest(token)
		if oldest == "" {
			return false
		}
		l.forget(oldest)
	}
	r.records = append(r.records, rec)
	r.bytes += size
	l.bytes += size
	return true
}

// records returns a copy of what the run recorded here, false if there is
// no such live run.
func (l *labRuns) records(token string) ([]api.LabRecord, bool) {
	if _, ok := l.live(token); !ok {
		return nil, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []api.LabRecord{}
	if r := l.runs[token]; r != nil {
		out = append(out, r.records...)
	}
	return out, true
}

// storedLabRecord returns rec with fresh copies of its strings, each within
// the log's bounds.
func storedLabRecord(rec api.LabRecord) api.LabRecord {
	return api.LabRecord{
		Kind:          strings.Clone(truncate(rec.Kind, labMaxHeader)),
		Case:          strings.Clone(truncate(rec.Case, labMaxHeader)),
		Method:        strings.Clone(truncate(rec.Method, labMaxHeader)),
		Host:          strings.Clone(truncate(rec.Host, labMaxHost)),
		Cookie:        strings.Clone(capPairs(rec.Cookie, labMaxField)),
		Others:        rec.Others,
		Scheme:        strings.Clone(truncate(rec.Scheme, labMaxHeader)),
		Doc:           strings.Clone(capPairs(rec.Doc, labMaxField)),
		StorageAccess: strings.Clone(truncate(rec.StorageAccess, labMaxHeader)),
		AccessRequest: strings.Clone(truncate(rec.AccessRequest, labMaxHeader)),
		SecFetchSite:  strings.Clone(truncate(rec.SecFetchSite, labMaxHeader)),
		SecFetchMode:  strings.Clone(truncate(rec.SecFetchMode, labMaxHeader)),
		SecFetchDest:  strings.Clone(truncate(rec.SecFetchDest, labMaxHeader)),
	}
}

// labRecordBytes returns the text a record holds.
func labRecordBytes(rec api.LabRecord) int {
	return len(rec.Kind) + len(rec.Case) + len(rec.Method) + len(rec.Host) + len(rec.Scheme) + len(rec.Cookie) + len(rec.Doc) +
		len(rec.StorageAccess) + len(rec.AccessRequest) + len(rec.SecFetchSite) + len(rec.SecFetchMode) + len(rec.SecFetchDest)
}

// capPairs keeps the pairs of a cookie list ("a=1; b=2") that fit in n
// bytes, in order, leaving out any that would not fit: one large cookie (the
// size experiment's, kept) must not push out the small ones after it.
func capPairs(list string, n int) string {
	if len(list) <= n {
		return list
	}
	var b strings.Builder
	for p := range strings.SplitSeq(list, "; ") {
		sep := 0
		if b.Len() > 0 {
			sep = 2
		}
		if b.Len()+sep+len(p) > n {
			continue
		}
		if sep > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

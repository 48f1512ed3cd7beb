package server

import (
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/cookieplayground/cookieplay/app/api"
)

// retainedHeap returns the bytes of live heap objects after a full
// collection: what the process keeps, unlike RSS, which the runtime returns
// to the system only lazily.
func retainedHeap() (alloc, inuse uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, m.HeapInuse
}

// labFloodHeader is the size of the hostile Sec-Fetch-Site header of
// TestLabRunLogRetainsOnlyWhatItStores: each record shows 64 bytes of it.
const labFloodHeader = 60 << 10

// TestLabRunLogRetainsOnlyWhatItStores fills every run of the cross-site log
// with requests carrying a 60 KB Fetch Metadata header, over real HTTP, and
// measures the heap still live afterwards. A stored record that is a
// substring of its request's header would keep the whole header alive.
func TestLabRunLogRetainsOnlyWhatItStores(t *testing.T) {
	if testing.Short() {
		t.Skip("sends about 125 MB over loopback")
	}
	ts := newHandlerServer(t)
	client := ts.Client()
	big := strings.Repeat("x", labFloodHeader)
	startRun := func() string {
		resp, err := client.Post(ts.URL+api.LabRunPath, jsonType, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var run api.LabRunResponse
		if err := json.NewDecoder(resp.Body).Decode(&run); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d, %v", api.LabRunPath, resp.StatusCode, err)
		}
		return run.Run
	}

	allocBefore, inuseBefore := retainedHeap()
	hits := 0
	for range labMaxRuns {
		run := startRun()
		for range labMaxRecords {
			req, err := http.NewRequest(http.MethodGet, ts.URL+api.LabHitPath+"?kind="+api.LabKindFetch+"&run="+run, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Sec-Fetch-Site", big)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("hit %d: status %d", hits, resp.StatusCode)
			}
			hits++
		}
	}
	client.CloseIdleConnections()
	allocAfter, inuseAfter := retainedHeap()
	grew := int64(allocAfter) - int64(allocBefore)
	t.Logf("%d hits with a %d-byte Sec-Fetch-Site: HeapAlloc %d -> %d (%+d bytes), HeapInuse %d -> %d (%+d bytes)",
		hits, labFloodHeader, allocBefore, allocAfter, grew, inuseBefore, inuseAfter, int64(inuseAfter)-int64(inuseBefore))
	if limit := int64(4 << 20); grew > limit {
		t.Errorf("the lab's log keeps %d bytes alive after %d hits; want at most %d", grew, hits, limit)
	}
}

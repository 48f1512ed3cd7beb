package corpora

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// HTTPStateCase is one case of http-state/cases.normalized.json: the lines
// a response from RequestURI sets, and the Cookie header expected on a later
// request to ResultURI.
type HTTPStateCase struct {
	Name           string   `json:"name"`
	RequestURI     string   `json:"request_uri"`
	SetCookie      []string `json:"set_cookie"`
	ResultURI      string   `json:"result_uri"`
	ExpectedCookie *string  `json:"expected_cookie"`
	StaleExpires   string   `json:"stale_expires"`
}

// HTTPStateCases reads the http-state parser cases under dir.
func HTTPStateCases(dir string) ([]HTTPStateCase, error) {
	var corpus struct{ Cases []HTTPStateCase }
	err := ReadJSON(filepath.Join(dir, "http-state", "cases.normalized.json"), &corpus)
	return corpus.Cases, err
}

// The hosts the WPT tables are written for.
const (
	WPTHost      = "web-platform.test"
	WPTCrossHost = "not-web-platform.test"
)

// WPTPages is the test page of each WPT table, where defaultPath:false cases
// and DOM cases read document.cookie.
var WPTPages = map[string]string{
	"attributes__expires":           "/cookies/attributes/expires.html",
	"attributes__invalid":           "/cookies/attributes/invalid.html",
	"attributes__max-age":           "/cookies/attributes/max-age.html",
	"attributes__path":              "/cookies/attributes/path.html",
	"attributes__secure-non-secure": "/cookies/attributes/resources/secure-non-secure-child.html",
	"name__name":                    "/cookies/name/name.html",
	"size__attributes":              "/cookies/size/attributes.www.sub.html",
	"size__name-and-value":          "/cookies/size/name-and-value.html",
	"value__value":                  "/cookies/value/value.html",
}

// WPTCase is one case of a WPT cookies/ table.
type WPTCase struct {
	// Cookie is the case's line or list of lines as written (absent in the
	// prefix table); Lines holds them decoded.
	Cookie            json.RawMessage `json:"cookie"`
	Lines             []string        `json:"-"`
	Expected          string          `json:"expected"`
	Name              string          `json:"name"`
	DefaultPath       *bool           `json:"defaultPath"`
	SetFrom           string          `json:"setFrom"`
	Location          string          `json:"location"`
	Table             string          `json:"table"`
	Via               string          `json:"via"`
	Code              int             `json:"code"`
	AllowFetchFailure bool            `json:"allowFetchFailure"`
	Prefix            string          `json:"prefix"`
	Origin            string          `json:"origin"`
	Params            string          `json:"params"`
	Stored            *bool           `json:"stored"`
}

// WPTTable is one wpt/*.json file: Stem is its name without ".json".
type WPTTable struct {
	Stem  string
	Cases []WPTCase
}

// WPTTables reads every WPT table under dir, in file-name order.
func WPTTables(dir string) ([]WPTTable, error) {
	files, err := filepath.Glob(filepath.Join(dir, "wpt", "*.json"))
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no tables in %s", filepath.Join(dir, "wpt"))
	}
	if err != nil {
		return nil, err
	}
	tables := make([]WPTTable, 0, len(files))
	for _, f := range files {
		t := WPTTable{Stem: strings.TrimSuffix(filepath.Base(f), ".json")}
		var table struct{ Cases []WPTCase }
		if err := ReadJSON(f, &table); err != nil {
			return nil, err
		}
		for i := range table.Cases {
			c := &table.Cases[i]
			if len(c.Cookie) == 0 {
				continue // the prefix table builds its lines from Prefix and Params
			}
			var one string
			if err := json.Unmarshal(c.Cookie, &one); err == nil {
				c.Lines = []string{one}
			} else if err := json.Unmarshal(c.Cookie, &c.Lines); err != nil {
				return nil, fmt.Errorf("%s#%d: cookie %s: %v", t.Stem, i, c.Cookie, err)
			}
		}
		t.Cases = table.Cases
		tables = append(tables, t)
	}
	return tables, nil
}

// ReadJSON decodes the corpus file at path into v. Lines starting with "//"
// are left out: dates/bsd-examples.json opens with such comments.
func ReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var keep [][]byte
	for l := range bytes.SplitSeq(b, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("//")) {
			keep = append(keep, l)
		}
	}
	if err := json.Unmarshal(bytes.Join(keep, []byte("\n")), v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

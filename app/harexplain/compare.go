package harexplain

import (
	"strings"

	"github.com/cookieplayground/cookieplay/app/api"
	"github.com/cookieplayground/cookieplay/app/cookierules"
)

// pair is one cookie of a Cookie header: "name=value", or a bare value for
// a nameless cookie (§5.8.3 step 4).
type pair struct {
	name, value string
}

func (p pair) String() string {
	if p.name == "" {
		return p.value
	}
	return p.name + "=" + p.value
}

// splitCookieHeader splits a Cookie header into its pairs (§5.4: "; "
// between them; browsers and HAR writers vary in the spaces).
func splitCookieHeader(h string) []pair {
	var out []pair
	for _, s := range strings.Split(h, ";") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		name, value, ok := strings.Cut(s, "=")
		if !ok {
			name, value = "", s
		}
		out = append(out, pair{name: name, value: value})
	}
	return out
}

func pairsOf(cs []cookierules.Cookie) []pair {
	out := make([]pair, len(cs))
	for i, c := range cs {
		out[i] = pair{name: c.Name, value: c.Value}
	}
	return out
}

func joinPairs(ps []pair) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, "; ")
}

// mismatch is one difference between the predicted and the recorded
// cookies, before its cause is known.
type mismatch struct {
	kind      string // api.HARSentNotPredicted, …
	predicted pair   // for HARPredictedNotSent and HARValueDiffers
	recorded  pair   // for HARSentNotPredicted and HARValueDiffers
}

// comparePairs compares the predicted cookies with the recorded ones the
// recording made (the others left out before): each predicted cookie is
// matched with a recorded one of the same name and value; what is left is a
// value that differs (same name), a cookie sent but not predicted, or one
// predicted but not sent. When everything matches but the order, the order
// differs (§5.8.3 step 2).
func comparePairs(predicted, recorded []pair) []mismatch {
	if equalPairs(predicted, recorded) {
		return nil
	}
	used := make([]bool, len(recorded))
	var missing []pair
	for _, p := range predicted {
		found := false
		for j, r := range recorded {
			if !used[j] && r == p {
				used[j], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, p)
		}
	}
	var out []mismatch
	for _, p := range missing {
		k := -1
		for j, r := range recorded {
			if !used[j] && r.name == p.name {
				k = j
				break
			}
		}
		if k < 0 {
			out = append(out, mismatch{kind: api.HARPredictedNotSent, predicted: p})
			continue
		}
		used[k] = true
		out = append(out, mismatch{kind: api.HARValueDiffers, predicted: p, recorded: recorded[k]})
	}
	for j, r := range recorded {
		if !used[j] {
			out = append(out, mismatch{kind: api.HARSentNotPredicted, recorded: r})
		}
	}
	if len(out) == 0 {
		out = append(out, mismatch{kind: api.HAROrderDiffers})
	}
	return out
}

func equalPairs(a, b []pair) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

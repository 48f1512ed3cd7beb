package cookierules

import (
	"strings"
	"time"
)

// isDateDelimiter reports whether c is a delimiter of the cookie-date grammar
// (§5.1.1): %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
func isDateDelimiter(c byte) bool {
	return c == 0x09 || (0x20 <= c && c <= 0x2f) || (0x3b <= c && c <= 0x40) ||
		(0x5b <= c && c <= 0x60) || (0x7b <= c && c <= 0x7e)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// leadingDigits returns the value of the run of digits at the start of s and
// its length, if that length is within [lo, hi] and the run ends s or is
// followed by a non-digit (true by construction).
func leadingDigits(s string, lo, hi int) (val, n int, ok bool) {
	for n < len(s) && isDigit(s[n]) {
		if n == hi {
			return 0, 0, false
		}
		val = val*10 + int(s[n]-'0')
		n++
	}
	return val, n, n >= lo
}

// matchTime matches the time production: hms-time [ non-digit *OCTET ],
// hms-time = time-field ":" time-field ":" time-field, time-field = 1*2DIGIT.
func matchTime(tok string) (h, m, s int, ok bool) {
	var f [3]int
	for i := range f {
		v, n, good := leadingDigits(tok, 1, 2)
		if !good {
			return 0, 0, 0, false
		}
		f[i], tok = v, tok[n:]
		if i < 2 {
			if tok == "" || tok[0] != ':' {
				return 0, 0, 0, false
			}
			tok = tok[1:]
		}
	}
	return f[0], f[1], f[2], true
}

var months = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// matchMonth matches the month production: a month's first three letters
// (case-insensitive) then *OCTET. It returns 1-12, or 0.
func matchMonth(tok string) int {
	if len(tok) < 3 {
		return 0
	}
	for i, m := range months {
		if strings.EqualFold(tok[:3], m) {
			return i + 1
		}
	}
	return 0
}

// ParseCookieDate parses s with the cookie-date algorithm of §5.1.1: split
// into date-tokens at delimiters; the first token matching time, then
// day-of-month (1*2DIGIT), month and year (2*4DIGIT) in that order of
// preference sets each field once; two-digit years 70-99 become 19xx and
// 0-69 20xx; a missing field, day outside 1-31, year before 1601, hour > 23,
// minute or second > 59, or a date that does not exist fails. The result is
// in UTC.
func ParseCookieDate(s string) (time.Time, bool) {
	var foundTime, foundDay, foundMonth, foundYear bool
	var hour, minute, second, day, month, year int
	for i := 0; i < len(s); {
		for i < len(s) && isDateDelimiter(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isDateDelimiter(s[j]) {
			j++
		}
		tok := s[i:j]
		i = j
		if tok == "" {
			break
		}
		if !foundTime {
			if h, m, sec, ok := matchTime(tok); ok {
				foundTime, hour, minute, second = true, h, m, sec
				continue
			}
		}
		if !foundDay {
			if v, _, ok := leadingDigits(tok, 1, 2); ok {
				foundDay, day = true, v
				continue
			}
		}
		if !foundMonth {
			if m := matchMonth(tok); m != 0 {
				foundMonth, month = true, m
				continue
			}
		}
		if !foundYear {
			if v, _, ok := leadingDigits(tok, 2, 4); ok {
				foundYear, year = true, v
				continue
			}
		}
	}
	switch {
	case 70 <= year && year <= 99:
		year += 1900
	case 0 <= year && year <= 69:
		year += 2000
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear ||
		day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	if t.Day() != day { // e.g. 31 Apr or 29 Feb of a common year: no such date
		return time.Time{}, false
	}
	return t, true
}

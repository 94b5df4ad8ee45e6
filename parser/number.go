package parser

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// numRe matches a number as printed in a table cell after Clean: an
// optional sign, digits with optional thousands separators, an optional
// decimal part, and an optional unit written into the cell.
var numRe = regexp.MustCompile(`^([+\-−－]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|条|件|次|篇|个|人|项|家|份|%)?$`)

// gluedDigits is the length from which a run of digits is taken for
// several cells run together rather than one count: the largest counts
// the tables print (page views, 元 amounts) have at most ten digits.
const gluedDigits = 11

// noteRe matches a value followed by a note in brackets that holds
// words: 22（其中修订16件）, 3(含转办1件).
var noteRe = regexp.MustCompile(`^([^()（）]+?)\s*[(（]([^()（）]*\p{Han}[^()（）]*)[)）]$`)

// findNote is noteRe.FindStringSubmatch for the strings that can match:
// those ending with a closing bracket. Most cells do not, and the
// pattern backtracks over all of the others.
func findNote(s string) []string {
	if !strings.HasSuffix(s, ")") && !strings.HasSuffix(s, "）") {
		return nil
	}
	if s[0] == '(' || strings.HasPrefix(s, "（") {
		return nil // noteRe's value before the bracket has no bracket: an enumerated label, （一）…（…）
	}
	return noteRe.FindStringSubmatch(s)
}

// dashes are what tables print for "nothing here".
var dashes = map[string]bool{"-": true, "—": true, "——": true, "--": true, "/": true, "\\": true, "－": true, "―": true, "–": true}

// cellValue is the outcome of reading one value cell.
type cellValue struct {
	num  float64 // the number, when problem is empty (see ptr)
	unit string  // unit printed in the cell, if any
	// problem is empty when the cell held a number; else "blank", "dash",
	// "word" (无, 空) or "unreadable".
	problem string
}

// ptr returns the number as a record holds it, nil when there is none.
// (readNumber is asked of most cells several times, mostly for its
// problem: the number is put on the heap only for a record.)
func (v cellValue) ptr() *float64 {
	if v.problem != "" {
		return nil
	}
	x := v.num
	return &x
}

// readNumber reads a value cell. It never guesses: anything that is not
// plainly a number comes back with a nil value and a problem.
func readNumber(raw string) cellValue {
	if v, ok := plainCount(raw); ok {
		return v // most value cells: digits, which Clean keeps as they are
	}
	return readCell(raw)
}

// readCell is readNumber without the shortcut of plainCount.
func readCell(raw string) cellValue {
	s := Clean(raw) // no white space at either end (TestIsBlankAsTrimSpace)
	if s == "" {
		return cellValue{problem: "blank"}
	}
	if allDigits(s) && len(s) >= gluedDigits {
		// no table prints a count this long: columns run together by
		// the conversion (pdftotext -layout), not a number
		return cellValue{problem: "unreadable"}
	}
	if allDigits(s) && (s == "0" || s[0] != '0') {
		v, _ := strconv.ParseFloat(s, 64) // the common case: a plain count
		return cellValue{num: v}
	}
	if m := findNote(s); m != nil {
		// a note in the cell: 22（其中修订16件）is 22, the note stays in raw
		if v := readNumber(m[1]); v.problem == "" {
			return v
		}
	}
	if isDash(s) {
		return cellValue{problem: "dash"}
	}
	switch s {
	case "无", "空", "暂无", "没有":
		return cellValue{problem: "word"}
	}
	if !mayBeNumber(s) {
		return cellValue{problem: "unreadable"} // what numRe would say, without running it (most labels)
	}
	m := numRe.FindStringSubmatch(s)
	if m == nil {
		return cellValue{problem: "unreadable"}
	}
	digits := strings.ReplaceAll(m[2], ",", "") + m[3]
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return cellValue{problem: "unreadable"}
	}
	if m[1] != "" && m[1] != "+" {
		v = -v
	}
	return cellValue{num: v, unit: m[4]}
}

// convertUnit converts v printed in unit from into unit to, for the money
// units only (元 and 万元). ok is false when the units differ otherwise.
func convertUnit(v float64, from, to string) (float64, bool) {
	switch {
	case from == "" || to == "" || from == to:
		return v, true
	case from == "元" && to == "万元":
		return v / 10000, true
	case from == "万元" && to == "元":
		return v * 10000, true
	}
	return v, false
}

// units are the measure words of the pre-2019 tables' unit column.
var units = map[string]bool{
	"条": true, "件": true, "次": true, "篇": true, "个": true, "人": true, "万元": true,
	"元": true, "项": true, "家": true, "份": true, "人次": true, "期": true, "场": true, "%": true,
}

// unitRunes are the ideographs of units (TestUnitRunes).
const unitRunes = "条件次篇个人万元项家份期场"

// unitRuneSet holds unitRunes; valueWordRunes the ideographs a number
// cell may carry: units, and the words for nothing (无, 空, 暂无, 没有).
var (
	unitRuneSet    = newRuneSet(unitRunes)
	valueWordRunes = newRuneSet("万元条件次篇个人项家份无空暂没有")
)

// isUnitCell reports whether a cell is a unit-column cell (a unit or the
// "——" of a section row).
func isUnitCell(s string) bool {
	s = Clean(s)
	if len(s) > 11 {
		// the longest unit or dash is 6 bytes, with at most 5 single
		// spaces between its characters: a label, not a unit
		return false
	}
	s = strings.ReplaceAll(s, " ", "")
	return isUnitWord(s)
}

// isDash is dashes[s], as a switch (TestIsUnitWord).
func isDash(s string) bool {
	switch s {
	case "-", "—", "——", "--", "/", "\\", "－", "―", "–":
		return true
	}
	return false
}

// isUnitWord is units[s] || dashes[s], as a switch (TestIsUnitWord): it
// is asked of most cells of a pre-2019 table, several times each.
func isUnitWord(s string) bool {
	switch s {
	case "条", "件", "次", "篇", "个", "人", "万元", "元", "项", "家", "份", "人次", "期", "场", "%",
		"-", "—", "——", "--", "/", "\\", "－", "―", "–":
		return true
	}
	return false
}

// hasCloseBracket is strings.ContainsAny(s, ")）") without decoding s
// rune by rune (ContainsAny does, for a set with a non-ASCII rune).
func hasCloseBracket(s string) bool {
	return strings.IndexByte(s, ')') >= 0 || strings.Contains(s, "）")
}

// isLabelCell reports whether a cell can begin a row: text with at least
// one ideograph that is neither a unit nor a word standing for a value.
func isLabelCell(s string) bool {
	if isASCII(s) {
		return false // no ideograph (most value cells): what the test below finds
	}
	// a note needs a closing bracket: most value cells have none, and
	// are not cleaned and matched for nothing (findNote then asks for
	// it at the end)
	if s != "" && s[0] >= '0' && s[0] <= '9' && hasCloseBracket(s) && findNote(Clean(s)) != nil && readNumber(s).problem == "" {
		return false // a value with a note: 22（其中修订16件）
	}
	// other: an ideograph no number cell carries; notUnit: one no unit
	// holds (Clean keeps ideographs, so the cell is no unit either)
	han, other, notUnit := false, false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++ // no ideograph
			continue
		}
		// as ranging over s decodes it; a character of three bytes (most
		// of a label) read from its bytes here (runeAt is not inlined)
		var r rune
		if t := s[i:min(i+3, len(s))]; len(t) == 3 && c >= 0xE1 && c <= 0xEF && c != 0xED && t[1]&0xC0 == 0x80 && t[2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(t[1]&0x3F)<<6 | rune(t[2]&0x3F)
			i += 3
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		if isHan(r) {
			han = true
			other = other || !valueWordRunes.has(r)
			notUnit = notUnit || !unitRuneSet.has(r)
			if other && notUnit {
				break
			}
		}
	}
	if !han || !notUnit && isUnitCell(s) {
		return false
	}
	return other || readNumber(s).problem == "unreadable"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isGluedRun reports whether a text cell is a run of digits too long to
// be one count: the cells of a row run together by the conversion. The
// template reader splits it by the table's arithmetic where that leaves
// one way, and reports it otherwise.
func isGluedRun(s string) bool {
	if len(s) < gluedDigits || keepsNonDigit(s) {
		return false // Clean makes no string longer, nor drops what it keeps
	}
	s = strings.ReplaceAll(Clean(s), " ", "")
	return len(s) >= gluedDigits && allDigits(s)
}

// keepsNonDigit reports whether s holds a character that Clean keeps as
// it is and that is not an ASCII digit: printable ASCII, an ASCII
// control other than white space, or a three-byte character plainAt
// keeps (ideographs, CJK punctuation). Clean(s) less its spaces is then
// not all digits. It is false when it cannot tell from the bytes (other
// characters, which Clean may fold to a digit or drop).
func keepsNonDigit(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isDigit(c) && asciiSpace[c] == 0 {
				return true
			}
			i++
			continue
		}
		if plainAt(s, i) == 3 {
			return true
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

// plainCount is readNumber of a cell of ASCII digits without a leading
// zero (or "0") shorter than gluedDigits, ok false for any other cell:
// Clean keeps such a cell as it is, and its value, below 10^10, is the
// integer strconv.ParseFloat reads exactly (TestPlainCountAsReadNumber).
func plainCount(s string) (cellValue, bool) {
	if s == "" || len(s) >= gluedDigits || s[0] == '0' && len(s) > 1 {
		return cellValue{}, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return cellValue{}, false
		}
		v = v*10 + int(c-'0')
	}
	return cellValue{num: float64(v)}, true
}

// mayBeNumber reports whether s, cleaned (no white space at its ends),
// starts and ends as every match of numRe does: with a sign or a digit,
// and with a digit, % or a unit's last character. A label (most text
// cells read for a number) does not, and is not run through the pattern
// (TestMayBeNumberAsNumRe).
func mayBeNumber(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; !isDigit(c) && c != '+' && c != '-' && !strings.HasPrefix(s, "−") && !strings.HasPrefix(s, "－") {
		return false
	}
	if c := s[len(s)-1]; isDigit(c) || c == '%' {
		return true
	}
	for _, u := range []string{"元", "条", "件", "次", "篇", "个", "人", "项", "家", "份"} {
		if strings.HasSuffix(s, u) {
			return true
		}
	}
	return false
}

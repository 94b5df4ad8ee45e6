package parser

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao"
)

// pdftotext -layout prints a table a text line per line of the page: the
// values of a row on one line, separated by spaces; a label too long for
// its column wrapped over the lines above and below its values
// (行政规范性文 / 77 132 470 / 件); the merged labels of the left column
// broken into pieces on the same lines (三、 / 本年 / 度办 / 理结 / 果);
// blank cells printed as nothing at all. layoutGrid turns such text into
// a stream of cells for the 2019/2021 reader: each line of values
// becomes its label (pieced together from the lines around it with the
// templates' vocabulary) followed by its values. A line with fewer
// values than the others of its table cannot say which cells were
// blank: its cells are left empty and a short-row finding names the
// values.

// maxLayoutLines bounds the table text read: the three tables take a
// few hundred lines of a page; text beyond this is not theirs.
const maxLayoutLines = 3000

// layoutNumRe matches a value as pdftotext prints it.
var layoutNumRe = regexp.MustCompile(`^[+\-−]?\d[\d,]*(\.\d+)?(元|万元)?$`)

// layoutGapRe separates the columns of a layout line.
var layoutGapRe = regexp.MustCompile(`\s{2,}|\t`)

// A layoutLine is one line of the table text: its text segments (runs
// separated by two spaces or more) and the values after them.
type layoutLine struct {
	n     int // 1-based line number
	texts []string
	vals  []string
	cols  []int // the column (in characters) where each value starts
}

// splitLayout splits a line into text segments and trailing values.
func splitLayout(line string, n int) layoutLine {
	l := layoutLine{n: n}
	pos := 0 // byte offset in line of the search for the next field
	for _, seg := range layoutGapRe.Split(strings.TrimSpace(line), -1) {
		for _, f := range strings.Fields(seg) {
			at := pos
			if k := strings.Index(line[pos:], f); k >= 0 {
				at = pos + k
				pos = at + len(f)
			}
			if layoutNumRe.MatchString(f) || (dashes[f] || f == "无") && len(l.texts) > 0 {
				// a number, or a dash or 无 after a label: a value cell
				l.vals = append(l.vals, f)
				l.cols = append(l.cols, utf8.RuneCountInString(line[:at]))
				continue
			}
			if k := len(l.vals); k > 0 && (f == "元" || f == "万元") {
				l.vals[k-1] += f // 75394432.52 元: the unit of the value
				continue
			}
			if len(l.vals) > 0 {
				// words after numbers: a sentence (2024 年，我区…), not a
				// row of values
				return layoutLine{n: n, texts: []string{strings.Join(strings.Fields(line), "")}}
			}
			l.texts = append(l.texts, f)
		}
	}
	return l
}

// looksLayout reports whether the table text is pdftotext -layout
// output: at least three lines of three values or more separated by
// spaces.
func looksLayout(lines []string) bool {
	n := 0
	for i, l := range lines {
		if i == maxLayoutLines {
			break
		}
		if len(splitLayout(l, 0).vals) >= 3 {
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}

// layoutGrid reads the table text (from the first caption to the heading
// of section 五) of a pdftotext -layout rendering.
func layoutGrid(lines []string, firstLine int) (*Grid, []nianbao.Finding) {
	var ls []layoutLine
	for j, l := range lines {
		if gluedEndRe.MatchString(Clean(l)) || j == maxLayoutLines {
			break
		}
		if isFooter(l) {
			continue
		}
		ls = append(ls, splitLayout(l, firstLine+j))
	}
	mergeSplitRows(ls)
	// First the label of each line of values, so that the pieces it
	// takes from the lines around are not read again.
	labels := make([]string, len(ls))
	used := make([]bool, len(ls))
	for i, l := range ls {
		if len(l.vals) == 0 {
			continue
		}
		var above, below []string
		var aboveIdx, belowIdx []int
		for j := i - 1; j >= 0 && len(ls[j].vals) == 0 && len(ls[j].texts) > 0 && !used[j] && !isHeaderLine(ls[j]); j-- {
			above = append([]string{lastText(ls[j])}, above...)
			aboveIdx = append(aboveIdx, j)
			if enumerated(lastText(ls[j])) {
				break // the start of the label
			}
		}
		for j := i + 1; j < len(ls) && len(ls[j].vals) == 0 && len(ls[j].texts) > 0 && !enumerated(lastText(ls[j])) && !isHeaderLine(ls[j]); j++ {
			below = append(below, lastText(ls[j]))
			belowIdx = append(belowIdx, j)
		}
		label, as, bs := pieceLabel(above, l.texts, below)
		labels[i] = label
		for _, k := range as {
			used[aboveIdx[len(above)-1-(k+len(above)-min(len(above), 3))]] = true
		}
		for _, k := range bs {
			used[belowIdx[k]] = true
		}
	}
	g := &Grid{Stream: true, Form: "layout", Line: firstLine}
	var cells []Cell
	var findings []nianbao.Finding
	widths := partWidths(ls) // values of a full row in each part of the table
	var head []Cell          // the column headers of a sub-table of table 二
	inHead := false
	for i, l := range ls {
		if len(l.vals) == 0 {
			if used[i] {
				continue
			}
			for _, t := range l.texts {
				if k := key(t); strings.Contains(k, "第二十条") {
					cells = append(cells, head...)
					head, inHead = nil, true
				} else if inHead {
					head = append(head, Cell{Text: t, Line: l.n})
					continue
				}
				cells = append(cells, Cell{Text: t, Line: l.n})
			}
			continue
		}
		if inHead {
			// A header pdftotext broke into pieces (本 年 新 / 制作数量)
			// names no column: the sub-table's columns are the template's,
			// as when a rendering starts below its header.
			if headerWords(head) {
				cells = append(cells, head...)
			}
			head, inHead = nil, false
		}
		width := widths[i]
		label := labels[i]
		// words on the line that are not in the label (pieces of merged
		// group labels) go first, so that they never take the values
		for _, t := range l.texts {
			if !strings.Contains(label, t) {
				cells = append(cells, Cell{Text: t, Line: l.n})
			}
		}
		if label != "" {
			cells = append(cells, Cell{Text: label, Line: l.n})
		}
		if width > 1 && len(l.vals) < width && label != "" {
			findings = append(findings, nianbao.Finding{Rule: "short-row", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("row %s (line %d) prints %d value(s) where its table has %d: %s not placed, every value of the row left empty",
					Label(label), l.n, len(l.vals), width, quoteAll(l.vals))})
			for k := 0; k < width; k++ {
				cells = append(cells, Cell{Line: l.n, Unplaced: true})
			}
			continue
		}
		for _, v := range l.vals {
			cells = append(cells, Cell{Text: v, Line: l.n, Glued: isGluedRun(v)})
		}
	}
	g.Rows = [][]Cell{cells}
	return g, findings
}

// mergeSplitRows joins the values of a row pdftotext printed on two
// lines (a cell set higher than the others: "0" on the line above
// "规章 0 0"): a line of values alone, next to a labelled line of values,
// when together they print as many values as the table's full rows and
// in distinct columns. The values are put in the order of their columns.
func mergeSplitRows(ls []layoutLine) {
	widths := partWidths(ls)
	for i := range ls {
		if len(ls[i].vals) == 0 || len(ls[i].texts) > 0 {
			continue
		}
		for _, j := range []int{i + 1, i - 1} {
			if j < 0 || j >= len(ls) || len(ls[j].vals) == 0 || len(ls[j].texts) == 0 {
				continue
			}
			w := widths[i]
			if len(ls[i].vals)+len(ls[j].vals) != w || len(ls[j].vals) >= w {
				continue
			}
			vals := append(append([]string{}, ls[j].vals...), ls[i].vals...)
			cols := append(append([]int{}, ls[j].cols...), ls[i].cols...)
			seen := map[int]bool{}
			distinct := true
			for _, c := range cols {
				distinct = distinct && !seen[c]
				seen[c] = true
			}
			if !distinct {
				continue
			}
			idx := make([]int, len(vals))
			for k := range idx {
				idx[k] = k
			}
			sort.Slice(idx, func(a, b int) bool { return cols[idx[a]] < cols[idx[b]] })
			var sv []string
			var sc []int
			for _, k := range idx {
				sv = append(sv, vals[k])
				sc = append(sc, cols[k])
			}
			ls[j].vals, ls[j].cols = sv, sc
			ls[i].vals, ls[i].cols = nil, nil
			break
		}
	}
}

// headerWords reports whether every header cell of a sub-table of table
// 二 is a word of the templates (信息内容, 本年制发件数, …).
func headerWords(head []Cell) bool {
	for _, c := range head {
		if knownLabel(c.Text) != 2 {
			return false
		}
	}
	return true
}

// partWidths returns, for each line, the most values a line of its part
// of the table prints (a part runs between header lines).
func partWidths(ls []layoutLine) []int {
	w := make([]int, len(ls))
	start := 0
	for i := 0; i <= len(ls); i++ {
		if i < len(ls) && !(len(ls[i].vals) == 0 && isHeaderLine(ls[i])) {
			continue
		}
		m := 0
		for _, l := range ls[start:i] {
			m = max(m, len(l.vals))
		}
		for j := start; j < i; j++ {
			w[j] = m
		}
		start = i + 1
	}
	return w
}

// isHeaderLine reports whether a line without values holds a caption or
// column headers: a 第二十条 caption, 信息内容, or a header word of
// tables 三 and 四.
func isHeaderLine(l layoutLine) bool {
	for _, t := range l.texts {
		k := key(t)
		if strings.Contains(k, "第二十条") || k == "信息内容" || strings.Contains(k, "申请人情况") || k == "行政复议" || k == "行政诉讼" {
			return true
		}
	}
	return false
}

// enumerated reports whether a piece of text starts a label: (二), 三、, 2.
func enumerated(s string) bool {
	c := Clean(s)
	return enumRe.MatchString(c) || layoutEnumRe.MatchString(c)
}

var layoutEnumRe = regexp.MustCompile(`^\d{1,2}\.\D`)

func lastText(l layoutLine) string {
	return l.texts[len(l.texts)-1]
}

func quoteAll(vs []string) string {
	var q []string
	for _, v := range vs {
		q = append(q, fmt.Sprintf("%q", v))
	}
	return strings.Join(q, ", ")
}

// pieceLabel builds a row's label from the text on its line of values
// and the pieces on the lines above and below it: a run of pieces (the
// last pieces above, the line's own text unless it is a piece of a merged
// group label, the first pieces below) that makes a label of the
// templates, a whole label before one with words after it, the longest
// first; pieces in between may be left out (pieces of a merged group
// label). It returns the label and the indices of the pieces above and
// below it took. When no run makes a known label, the line's own text is the
// label.
func pieceLabel(above, own, below []string) (string, []int, []int) {
	ownText := ""
	if len(own) > 0 {
		ownText = own[len(own)-1]
	}
	above = above[max(0, len(above)-3):]
	below = below[:min(len(below), 3)]
	best, bestScore := "", 0
	var bestA, bestB []int
	for _, withOwn := range []bool{true, false} {
		if !withOwn && (ownText == "" || enumerated(ownText)) {
			continue
		}
		for am := 0; am < 1<<len(above); am++ {
			for bm := 0; bm < 1<<len(below); bm++ {
				var parts []string
				var as, bs []int
				for k := range above {
					if am&(1<<k) != 0 {
						parts = append(parts, above[k])
						as = append(as, k)
					}
				}
				if withOwn {
					parts = append(parts, ownText)
				}
				for k := range below {
					if bm&(1<<k) != 0 {
						parts = append(parts, below[k])
						bs = append(bs, k)
					}
				}
				s := strings.Join(parts, "")
				score := utf8.RuneCountInString(s)
				switch knownLabel(s) {
				case 2:
					score += 1000
				case 1:
				default:
					continue
				}
				if score > bestScore {
					best, bestA, bestB, bestScore = s, as, bs, score
				}
			}
		}
	}
	if best != "" {
		return best, bestA, bestB
	}
	return ownText, nil, nil
}

// knownLabel says whether s is a row label of the 2019/2021 templates,
// less its enumerator: 2 for a whole label, 1 for a label with words
// after it (a note, or a piece of the next cell), 0 otherwise.
func knownLabel(s string) int {
	k := key(stripEnum(Clean(s)))
	if k == "" {
		return 0
	}
	found := 0
	for _, wk := range vocabKeys() {
		if wk == k {
			return 2
		}
		if strings.HasPrefix(k, wk) && utf8.RuneCountInString(wk) >= 4 { // the count only for a prefix
			found = 1
		}
	}
	return found
}

var (
	vocabKeysOnce sync.Once
	vocabKeyList  []string
)

// vocabKeys returns the match keys of the templates' words.
func vocabKeys() []string {
	vocabKeysOnce.Do(func() {
		for _, w := range gluedVocab() {
			vocabKeyList = append(vocabKeyList, key(stripEnum(w)))
		}
	})
	return vocabKeyList
}

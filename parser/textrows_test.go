package parser

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao"
)

// renderedPage parses a fixture page and renders it in the text forms of
// renderForms.
func renderedPage(t *testing.T, name string) (*nianbao.Report, map[string]string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return want, renderForms(want.Title, pageBlocks(t, src))
}

// edgeRows turns the rows form into rows that each end with " |".
func edgeRows(rows string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(rows, "\n"), "\n") {
		if strings.Contains(l, "|") {
			l += " |"
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// replaceLine replaces the first line of text that starts with prefix.
func replaceLine(t *testing.T, text, prefix, with string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = with
			return strings.Join(lines, "\n")
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return ""
}

func findingWith(fs []nianbao.Finding, rule string, parts ...string) bool {
	for _, f := range fs {
		if f.Rule != rule || f.Kind != nianbao.KindReading {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(f.Message, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// sameExcept checks that got holds want's records, with the records of
// the codes in except null.
func sameExcept(t *testing.T, got, want []nianbao.Stat, except ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	skip := map[string]bool{}
	for _, c := range except {
		skip[c] = true
	}
	for i := range want {
		g, w := got[i], want[i]
		if statKeyOf(g) != statKeyOf(w) {
			t.Fatalf("record %d is %s, want %s", i, statKeyOf(g), statKeyOf(w))
		}
		if skip[w.Code] {
			if g.Value != nil {
				t.Errorf("%s: value %v, want null (its row is short)", statKeyOf(g), *g.Value)
			}
			continue
		}
		if valueText(g.Value) != valueText(w.Value) {
			t.Errorf("%s: value %s, want %s", statKeyOf(g), valueText(g.Value), valueText(w.Value))
		}
	}
}

// A row that lost a cell in the conversion cannot say which: its values
// are left null with a finding naming them, in every form with rows,
// never moved under another column.
func TestShortRowsUnplaced(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	// 2023: 予以公开 is 22 / 0 / 0 / 0 / 0 / 0 / 22; the conversion lost a cell
	bare := replaceLine(t, forms["rows"], "三、本年度办理结果 | （一）予以公开", "三、本年度办理结果 | （一）予以公开 | 22 | 0 | 0 | 0 | 0 | 22")
	md := replaceLine(t, forms["markdown"], "| 三、本年度办理结果 | （一）予以公开", "| 三、本年度办理结果 | （一）予以公开 |  | 22 | 0 | 0 | 0 | 0 | 22 |")
	// table 二: 行政规范性文件 prints two of its three values
	t2 := replaceLine(t, forms["rows"], "行政规范性文件 |", "行政规范性文件 | 77 | 470")
	for _, tc := range []struct {
		name, text, code, raw string
	}{
		{"rows", bare, "requests.disclosed", `"22", "0", "0", "0", "0", "22"`},
		{"edge rows", edgeRows(bare), "requests.disclosed", `"22", "0", "0", "0", "0", "22"`},
		{"markdown", md, "requests.disclosed", `"22", "0", "0", "0", "0", "22"`},
		{"table 二", t2, "proactive.normative_docs", `"77", "470"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameExcept(t, got.Stats, want.Stats, tc.code)
			if !findingWith(got.Findings, "short-row", tc.raw, "not placed") {
				t.Errorf("no short-row finding naming %s: %+v", tc.raw, got.Findings)
			}
			for _, f := range got.Findings {
				if f.Rule == "blank-cells" && slices.Contains(f.Codes, tc.code) {
					t.Errorf("the short row's cells said printed blank: %s", f.Message)
				}
			}
		})
	}
}

// Page footers of a converted PDF inside a table are not cells or rows.
func TestFootersInTablesDropped(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2024.html")
	for _, footer := range []string{"— 4 —", "- 4 -", "第 4 页 共 9 页", "共9页 第4页", "4 / 9"} {
		for form, text := range forms {
			// a page break in the middle of table 三, with the blank lines
			// and form feed pdftotext puts around it
			line := "（二）部分公开"
			if form == "markdown" {
				line = "|  | （二）部分公开"
			}
			i := strings.Index(text, "\n"+line)
			if i < 0 {
				t.Fatalf("%s: no %q", form, line)
			}
			broken := text[:i+1] + "\n       " + footer + "\n\f\n" + text[i+1:]
			t.Run(form+"/"+footer, func(t *testing.T) {
				got, err := Parse([]byte(broken), Options{})
				if err != nil {
					t.Fatal(err)
				}
				sameExcept(t, got.Stats, want.Stats)
			})
		}
	}
	for _, s := range []string{"2024", "— 共 —", "第四条", "4", "1/2/3", "第 4 页 本机关"} {
		if isFooter(s) {
			t.Errorf("isFooter(%q) = true", s)
		}
	}
}

// A value with a note in its cell is the value; the note stays in raw.
func TestCellNotes(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	for form, text := range map[string]string{
		"rows":       strings.Replace(forms["rows"], "（一）予以公开 | 22 |", "（一）予以公开 | 22（其中部分答复3件） |", 1),
		"blanklines": strings.Replace(forms["blanklines"], "（一）予以公开\n22\n", "（一）予以公开\n22(其中部分答复3件)\n", 1),
	} {
		t.Run(form, func(t *testing.T) {
			got, err := Parse([]byte(text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameExcept(t, got.Stats, want.Stats)
			for _, s := range got.Stats {
				if s.Code == "requests.disclosed" && s.Dim == "natural_person" && !strings.Contains(s.Raw, "部分答复3件") {
					t.Errorf("raw %q lost the note", s.Raw)
				}
			}
		})
	}
	for _, tc := range []struct {
		in   string
		want string
	}{{"22（其中修订16件）", "22"}, {"3(含转办1件)", "3"}, {"22(16)", "null"}, {"(一)予以公开", "null"}, {"300153006143119", "null"}, {"1234567890", "1234567890"}} {
		if got := valueText(readNumber(tc.in).ptr()); got != tc.want {
			t.Errorf("readNumber(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// Columns pdftotext -layout ran together are never read as one huge
// number: split where the table's arithmetic leaves one way, else null
// with a finding naming the run.
func TestGluedColumnsNotOneNumber(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	// 一、本年新收 is 80 / 1 / 0 / 0 / 0 / 0 / 81: "8010000" + "81" has
	// one split whose total is the sum of the rest
	one := replaceLine(t, forms["rows"], "一、本年新收政府信息公开申请数量 |", "一、本年新收政府信息公开申请数量 | 801000081")
	got, err := Parse([]byte(one), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameExcept(t, got.Stats, want.Stats)

	// two runs in one row: which digits go where cannot be told
	two := replaceLine(t, forms["rows"], "一、本年新收政府信息公开申请数量 |", "一、本年新收政府信息公开申请数量 | 8010 | 00081")
	if got, err = Parse([]byte(two), Options{}); err != nil {
		t.Fatal(err)
	}
	sameExcept(t, got.Stats, want.Stats, "requests.received")
	if !findingWith(got.Findings, "short-row", `"8010", "00081"`) {
		t.Errorf("no short-row finding naming the runs: %+v", got.Findings)
	}

	// a run longer than any count, among other cells
	long := replaceLine(t, forms["rows"], "一、本年新收政府信息公开申请数量 |", "一、本年新收政府信息公开申请数量 | 300153006143119 | 0 | 0 | 0 | 0 | 0 | 81")
	if got, err = Parse([]byte(long), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range got.Stats {
		if s.Value != nil && *s.Value > 1e10 {
			t.Errorf("%s read as %v", statKeyOf(s), *s.Value)
		}
	}
	if !findingWith(got.Findings, "unreadable-cell", "300153006143119") {
		t.Errorf("no finding naming the run: %+v", got.Findings)
	}
}

// PDF conversions print the header words of table 四 run together, the 15
// values on one row after them; the words are cut apart with the
// templates' vocabulary and the values read.
func TestGluedHeaderWords(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	// 2023 table 四: 1 1 0 0 2 / 4 0 0 1 5 / 1 0 1 0 2
	values := "1 | 1 | 0 | 0 | 2 | 4 | 0 | 0 | 1 | 5 | 1 | 0 | 1 | 0 | 2"
	rows := forms["rows"]
	i := strings.Index(rows, "行政复议 | 行政诉讼")
	j := strings.Index(rows[i:], "表格完")
	if i < 0 || j < 0 {
		t.Fatal("no table 四 in the rendering")
	}
	glued := rows[:i] + "行政复议行政诉讼\n结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计 | " + values + "\n" + rows[i+j:]
	got, err := Parse([]byte(glued), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameExcept(t, got.Stats, want.Stats)
	if ws := vocabWords("规章"); ws != nil {
		t.Errorf("vocabWords(规章) = %q", ws)
	}
	if ws := vocabWords(Clean("三、本年度办理结果（一）予以公开")); len(ws) != 2 { // (a cell's text is cleaned)
		t.Errorf("vocabWords cut the group and its row as %q", ws)
	}
}

// Labels a PDF conversion broke over rows, with pieces of the merged
// group labels beside them, are joined back.
func TestWrappedLabelsJoined(t *testing.T) {
	want, md := wrappedLabels(t)
	got, err := Parse([]byte(md), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameExcept(t, got.Stats, want.Stats)
}

// wrappedLabels is the Markdown rendering of the 2023 page with three
// labels broken over rows, and the page's report.
func wrappedLabels(t *testing.T) (*nianbao.Report, string) {
	t.Helper()
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	md := forms["markdown"]
	for _, r := range []struct{ old, new string }{
		{"|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 19 |",
			"| 度办 | （二）部分公开（区分处理的， |  |  |  |  |  |  |  |  |\n| 理结 |  |  | 19 |"},
		{"|  |  | 2.其他法律行政法规禁止公开 | 0 |",
			"|  | （三） | 2.其他法律行政法规禁 |  |  |  |  |  |  |  |\n|  | 不予公 |  | 0 |"},
		{"|  |  | 2.没有现成信息需要另行制作 | 0 |",
			"|  |  | 2.没有现成信息需要另 |  |  |  |  |  |  |  |\n|  | 无法提 |  | 0 |"},
	} {
		if !strings.Contains(md, r.old) {
			t.Fatalf("no %q in the rendering", r.old)
		}
		md = strings.Replace(md, r.old, r.new, 1)
	}
	// the rest of each label on the row below its values
	md = strings.Replace(md, "| 理结 |  |  | 19 | 1 | 0 | 0 | 0 | 0 | 20 |", "| 理结 |  |  | 19 | 1 | 0 | 0 | 0 | 0 | 20 |\n| 果 | 只计这一情形，不计其他情形） |  |  |  |  |  |  |  |  |", 1)
	md = strings.Replace(md, "|  | 不予公 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "|  | 不予公 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|  | 开 | 止公开 |  |  |  |  |  |  |  |", 1)
	md = strings.Replace(md, "|  | 无法提 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "|  | 无法提 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|  | 供 | 行制作 |  |  |  |  |  |  |  |", 1)
	return want, md
}

// In the forms whose rows are not marked, a row that lost a cell is left
// null too, the other rows read as before.
func TestShortRunsUnplaced(t *testing.T) {
	want, forms := renderedPage(t, "html/pingtan_2023.html")
	cells := strings.Replace(forms["blanklines"], "（一）予以公开\n22\n0\n", "（一）予以公开\n22\n", 1)
	// pipe: the cells of the tables each end with " |", the prose not
	var pipe strings.Builder
	lines := strings.Split(cells, "\n")
	first, last := -1, -1
	for i, l := range lines {
		if first < 0 && strings.HasPrefix(l, "第二十条") {
			first = i
		}
		if l == "表格完" {
			last = i
		}
	}
	for i, l := range lines {
		if i >= first && i < last {
			l += " |"
		}
		pipe.WriteString(l + "\n")
	}
	for form, text := range map[string]string{"cells": cells, "pipe": pipe.String()} {
		t.Run(form, func(t *testing.T) {
			got, err := Parse([]byte(text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameExcept(t, got.Stats, want.Stats, "requests.disclosed")
			if !findingWith(got.Findings, "short-row", `"22", "0", "0", "0", "0", "22"`, "not placed") {
				t.Errorf("no short-row finding naming the values: %+v", got.Findings)
			}
			if findingWith(got.Findings, "short-row", "left to right") {
				t.Errorf("values read left to right: %+v", got.Findings)
			}
		})
	}
}

// TestTextGridCellsClean: the cells of the grids readText splits into
// words (splitGluedWords: all but the layout and glued grids) are
// Clean's output, which vocabWords and splitGluedWords rest on (they no
// longer clean a cell again); vocabWords of a cell is what it was when
// it cleaned the cell itself.
func TestTextGridCellsClean(t *testing.T) {
	texts := fixtureTexts(t)
	for _, s := range fixtureTexts(t) {
		// variants of the renderings' white space
		texts = append(texts, strings.ReplaceAll(s, "\n", "\r\n"), strings.ReplaceAll(s, " ", "\u3000"),
			strings.ReplaceAll(s, " | ", "\t|\u00a0"), strings.ReplaceAll(s, "，", " ， "))
	}
	old := func(s string) []string {
		if len(s) < minGlueMarker || glueFirst.index(s) < 0 {
			return nil
		}
		return vocabWords(strings.ReplaceAll(Clean(s), " ", ""))
	}
	cells := 0
	for _, s := range texts {
		for _, g := range readText(s).tables {
			if g.Form == "layout" || g.Form == "glued" {
				continue // not split into words (splitGluedWords)
			}
			for _, r := range g.Rows {
				for _, c := range r {
					cells++
					if Clean(c.Text) != c.Text {
						t.Fatalf("a %s grid holds the cell %q, not clean", g.Form, c.Text)
					}
					if got, want := vocabWords(c.Text), old(c.Text); !slices.Equal(got, want) {
						t.Fatalf("vocabWords(%q) = %q, want %q", c.Text, got, want)
					}
				}
			}
		}
	}
	if cells < 1000 {
		t.Fatalf("only %d cells read", cells)
	}
}

// TestRowSpansKept: the spans a Markdown grid's rows keep (rowSpan)
// through splitGluedWords and joinWrappedLabels are those of their
// cells, and a span copy is an empty cell (which rowSpan rests on).
func TestRowSpansKept(t *testing.T) {
	blocks, forgotten := 0, 0
	_, wrapped := wrappedLabels(t)
	glued := "| 信息内容 | 数据 |\n|---|---|\n| 结果维持结果纠正 | 1 |\n| 1.本机关不掌握 | 2 |\n" // a label split, one not
	for _, s := range append(fixtureTexts(t), wrapped, glued) {
		var block []string
		for _, l := range append(strings.Split(s, "\n"), "") {
			if strings.Contains(l, "|") {
				block = append(block, l)
				continue
			}
			if len(block) == 0 {
				continue
			}
			g, spans := pipeGrid(block, 1, blockStyle{}, nil)
			block = nil
			if spans == nil {
				continue
			}
			blocks++
			splitGluedWords(g, spans)
			joinWrappedLabels(g, spans)
			markGlued(g)
			for ri, r := range g.Rows {
				if spans[2*ri] < 0 {
					forgotten++
					continue
				}
				first, last := firstNumberLastLabel(r)
				if spans[2*ri] != first || spans[2*ri+1] != last {
					t.Fatalf("row %v kept span %d, %d; its cells' %d, %d", r, spans[2*ri], spans[2*ri+1], first, last)
				}
				for _, c := range r {
					if c.Spanned && c.Text != "" {
						t.Fatalf("row %v: a span copy %q", r, c.Text)
					}
				}
			}
		}
	}
	if blocks < 10 || forgotten == 0 {
		t.Fatalf("%d Markdown blocks, %d rows changed", blocks, forgotten)
	}
}

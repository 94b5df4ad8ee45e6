package parser

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"nianbao"
	"nianbao/internal/testutil"
)

// Tables 三 and 四 of the fixture pages, rewritten the way agencies edit
// the template (columns in another order, a column left out, a header
// the template does not have), must read every value under its own
// header: the same code and dim as the page as printed, the same value.

// A placedCell is one <td> of a table and the grid columns it covers.
type placedCell struct {
	sel         *goquery.Selection
	start, span int
}

// tableCells returns the cells of each row of t with their grid columns,
// rowspans and colspans counted as the HTML reader counts them.
func tableCells(t *goquery.Selection) [][]placedCell {
	var out [][]placedCell
	taken := map[[2]int]bool{}
	t.Find("tr").Each(func(r int, tr *goquery.Selection) {
		var row []placedCell
		col := 0
		tr.ChildrenFiltered("td,th").Each(func(_ int, td *goquery.Selection) {
			for taken[[2]int{r, col}] {
				col++
			}
			cs, _ := strconv.Atoi(td.AttrOr("colspan", "1"))
			rs, _ := strconv.Atoi(td.AttrOr("rowspan", "1"))
			cs, rs = max(cs, 1), max(rs, 1)
			for i := range rs {
				for j := range cs {
					taken[[2]int{r + i, col + j}] = true
				}
			}
			row = append(row, placedCell{sel: td, start: col, span: cs})
			col += cs
		})
		out = append(out, row)
	})
	return out
}

func cellAt(row []placedCell, start, span int) *goquery.Selection {
	for _, c := range row {
		if c.start == start && c.span == span {
			return c.sel
		}
	}
	return nil
}

// swapNodes exchanges two sibling-level nodes in the tree.
func swapNodes(a, b *html.Node) {
	ph := &html.Node{Type: html.CommentNode}
	a.Parent.InsertBefore(ph, a)
	a.Parent.RemoveChild(a)
	b.Parent.InsertBefore(a, b)
	b.Parent.RemoveChild(b)
	ph.Parent.InsertBefore(b, ph)
	ph.Parent.RemoveChild(ph)
}

// swapColumns exchanges the w grid columns at a and at b in every row:
// a cell covering the whole block when there is one, else column by
// column; a cell spanning both blocks stays.
func swapColumns(t *goquery.Selection, a, b, w int) {
	for _, row := range tableCells(t) {
		if x, y := cellAt(row, a, w), cellAt(row, b, w); x != nil && y != nil {
			swapNodes(x.Get(0), y.Get(0))
			continue
		}
		for i := range w {
			if x, y := cellAt(row, a+i, 1), cellAt(row, b+i, 1); x != nil && y != nil {
				swapNodes(x.Get(0), y.Get(0))
			}
		}
	}
}

// removeColumn removes grid column c: its own cells go, the cells
// spanning it lose one column.
func removeColumn(t *goquery.Selection, c int) {
	for _, row := range tableCells(t) {
		for _, pc := range row {
			switch {
			case pc.start == c && pc.span == 1:
				pc.sel.Remove()
			case pc.start <= c && c < pc.start+pc.span:
				pc.sel.SetAttr("colspan", strconv.Itoa(pc.span-1))
			}
		}
	}
}

// moveColumn puts grid column from before grid column to, in every row
// that has its own cell at both.
func moveColumn(t *goquery.Selection, from, to int) {
	for _, row := range tableCells(t) {
		x, y := cellAt(row, from, 1), cellAt(row, to, 1)
		if x == nil || y == nil {
			continue
		}
		n := x.Get(0)
		n.Parent.RemoveChild(n)
		y.Get(0).Parent.InsertBefore(n, y.Get(0))
	}
}

// headerColumn returns the grid column of the header cell whose text is
// label (spaces left out) in table t.
func headerColumn(tb testing.TB, t *goquery.Selection, label string) int {
	tb.Helper()
	for _, row := range tableCells(t) {
		for _, pc := range row {
			if key(pc.sel.Text()) == label {
				return pc.start
			}
		}
	}
	tb.Fatalf("no header %s", label)
	return -1
}

// statsTable finds the innermost table holding text.
func statsTable(tb testing.TB, doc *goquery.Document, text string) *goquery.Selection {
	tb.Helper()
	var found *goquery.Selection
	doc.Find("table").Each(func(_ int, t *goquery.Selection) {
		if t.Find("table").Length() == 0 && strings.Contains(t.Text(), text) {
			found = t
		}
	})
	if found == nil {
		tb.Fatalf("no table with %s", text)
	}
	return found
}

// A colVariant rewrites the tables of a page.
type colVariant struct {
	name    string
	rewrite func(testing.TB, *goquery.Document)
	// gone is the table and header (a key) of the column no longer
	// printed; table 二's is in its sub-table 第二十条第（一）项.
	gone    [2]string
	unknown string // a header the template does not know, named in unknown-column
}

// firstSubTable returns the table of 第二十条 and the rows of its first
// sub-table, 第二十条第（一）项.
func firstSubTable(tb testing.TB, d *goquery.Document) (*goquery.Selection, [][]placedCell) {
	t := statsTable(tb, d, "第二十条")
	var rows [][]placedCell
	in := false
	for _, row := range tableCells(t) {
		k := ""
		if len(row) > 0 {
			k = key(row[0].sel.Text())
		}
		if strings.Contains(k, "第二十条") {
			in = strings.Contains(k, "第二十条第一项")
			continue
		}
		if in {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		tb.Fatal("no 第二十条第（一）项")
	}
	return t, rows
}

var colVariants = []colVariant{
	{name: "swap business and legal services", rewrite: func(tb testing.TB, d *goquery.Document) {
		t := statsTable(tb, d, "申请人情况")
		swapColumns(t, headerColumn(tb, t, "商业企业"), headerColumn(tb, t, "法律服务机构"), 1)
	}},
	{name: "research left out", rewrite: func(tb testing.TB, d *goquery.Document) {
		t := statsTable(tb, d, "申请人情况")
		removeColumn(t, headerColumn(tb, t, "科研机构"))
	}, gone: [2]string{table3, "科研机构"}},
	{name: "total first", rewrite: func(tb testing.TB, d *goquery.Document) {
		t := statsTable(tb, d, "申请人情况")
		moveColumn(t, headerColumn(tb, t, "总计"), headerColumn(tb, t, "自然人"))
	}},
	{name: "nonprofit renamed", rewrite: func(tb testing.TB, d *goquery.Document) {
		t := statsTable(tb, d, "申请人情况")
		c := headerColumn(tb, t, "社会公益组织")
		for _, row := range tableCells(t) {
			if x := cellAt(row, c, 1); x != nil && key(x.Text()) == "社会公益组织" {
				x.SetText("个体工商户")
			}
		}
	}, gone: [2]string{table3, "社会公益组织"}, unknown: "个体工商户"},
	{name: "litigation groups swapped", rewrite: func(tb testing.TB, d *goquery.Document) {
		t := statsTable(tb, d, "复议后起诉")
		swapColumns(t, headerColumn(tb, t, "未经复议直接起诉"), headerColumn(tb, t, "复议后起诉"), 5)
	}},
	{name: "table 二 first and third columns swapped", rewrite: func(tb testing.TB, d *goquery.Document) {
		_, rows := firstSubTable(tb, d)
		for _, row := range rows {
			swapNodes(cellAt(row, 1, 1).Get(0), cellAt(row, 3, 1).Get(0))
		}
	}},
	{name: "table 二 second column left out", rewrite: func(tb testing.TB, d *goquery.Document) {
		_, rows := firstSubTable(tb, d)
		for _, row := range rows {
			cellAt(row, 2, 1).Remove()
		}
	}, gone: [2]string{table2, "本年新公开数量 本年废止件数"}}, // 2019, 2021
	{name: "table 二 column of notes", rewrite: func(tb testing.TB, d *goquery.Document) {
		_, rows := firstSubTable(tb, d)
		for i, row := range rows {
			x := cellAt(row, 1, 1)
			if i == 0 {
				x.BeforeHtml("<td>备注</td>")
			} else {
				x.BeforeHtml("<td>7</td>")
			}
		}
	}, unknown: "备注"},
}

var colFixtures = []string{"html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html"}

type cellKey struct{ table, code, dim string }

// printedCells indexes the printed (not derived) stats of tables 二, 三 and 四.
func printedCells(r *nianbao.Report) map[cellKey]nianbao.Stat {
	out := map[cellKey]nianbao.Stat{}
	for _, s := range r.Stats {
		if !s.Derived && (s.Table == table2 || s.Table == table3 || s.Table == table4) {
			out[cellKey{s.Table, s.Code, s.Dim}] = s
		}
	}
	return out
}

func sameValue(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func rewritePage(tb testing.TB, src []byte, v colVariant) []byte {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(src))
	if err != nil {
		tb.Fatal(err)
	}
	v.rewrite(tb, doc)
	out, err := doc.Html()
	if err != nil {
		tb.Fatal(err)
	}
	return []byte(out)
}

// isGone reports whether s is in the column the variant leaves out.
func (v colVariant) isGone(s nianbao.Stat) bool {
	if v.gone[0] != s.Table || s.Table == table2 && !strings.Contains(key(s.Section), "第二十条第一项") {
		return false
	}
	return slices.Contains(strings.Fields(v.gone[1]), key(s.Column))
}

// goneLabel is the label of the column the variant leaves out, as the
// page printed it.
func (v colVariant) goneLabel(want map[cellKey]nianbao.Stat) string {
	for _, w := range want {
		if v.isGone(w) {
			return w.Column
		}
	}
	return ""
}

// compareCells counts the cells of want the variant reads right: the same
// value under the same code and dim, none for a column no longer printed.
func compareCells(want, got map[cellKey]nianbao.Stat, v colVariant) (right, total int, wrong []string) {
	for k, w := range want {
		total++
		g, ok := got[k]
		if v.isGone(w) {
			if ok {
				wrong = append(wrong, fmt.Sprintf("%s/%s: read %s for a column not printed", k.code, k.dim, g.Raw))
			} else {
				right++
			}
			continue
		}
		if !ok {
			wrong = append(wrong, fmt.Sprintf("%s/%s: not read (want %s)", k.code, k.dim, w.Raw))
			continue
		}
		if !sameValue(w.Value, g.Value) {
			wrong = append(wrong, fmt.Sprintf("%s/%s: %s, want %s", k.code, k.dim, g.Raw, w.Raw))
			continue
		}
		right++
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			wrong = append(wrong, fmt.Sprintf("%s/%s: %s read for a cell the page does not have", k.code, k.dim, g.Raw))
		}
	}
	return right, total, wrong
}

func TestColumnsByHeader(t *testing.T) {
	for _, name := range colFixtures {
		src := testutil.ReadFixture(t, name)
		orig, err := Parse(src, Options{Source: name})
		if err != nil {
			t.Fatal(err)
		}
		want := printedCells(orig)
		for _, v := range colVariants {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				r, err := Parse(rewritePage(t, src, v), Options{Source: name})
				if err != nil {
					t.Fatal(err)
				}
				if r.Template != orig.Template {
					t.Errorf("template %s, want %s", r.Template, orig.Template)
				}
				right, total, wrong := compareCells(want, printedCells(r), v)
				for _, w := range wrong {
					t.Error(w)
				}
				t.Logf("%d of %d cells right", right, total)
				rules := map[string][]string{}
				for _, f := range r.Findings {
					rules[f.Rule] = append(rules[f.Rule], f.Message)
				}
				missing := strings.Join(rules["missing-column"], "\n")
				switch label := v.goneLabel(want); {
				case v.gone[0] == "" && missing != "":
					t.Errorf("missing-column for a page that prints every column: %s", missing)
				case v.gone[0] != "" && len(rules["missing-column"]) != 1:
					t.Errorf("missing-column: %q, want one finding", rules["missing-column"])
				case v.gone[0] != "" && (label == "" || !strings.Contains(missing, label)):
					t.Errorf("missing-column %q does not name %q", missing, label)
				}
				unknown := strings.Join(rules["unknown-column"], "\n")
				if v.unknown == "" && unknown != "" {
					t.Errorf("unknown-column for known headers: %s", unknown)
				}
				if v.unknown != "" && !strings.Contains(unknown, v.unknown) {
					t.Errorf("unknown-column %q does not name the header %s", unknown, v.unknown)
				}
				// no arithmetic finding the page as printed does not have
				before := map[string]bool{}
				for _, f := range orig.Findings {
					before[f.Rule] = true
				}
				for _, f := range r.Findings {
					if KindOf(f.Rule) == nianbao.KindSource && !before[f.Rule] {
						t.Errorf("new finding %s: %s", f.Rule, f.Message)
					}
				}
			})
		}
	}
}

// renderText renders the statistics tables of a page as " | " rows and as
// pipe text (one cell a line, blank cells kept), as TestRealTablesRerendered
// does, after the page's title and prose.
func renderText(tb testing.TB, title string, page []byte) map[string]string {
	tb.Helper()
	d, err := readHTML(page)
	if err != nil {
		tb.Fatal(err)
	}
	var pipe, rows, md strings.Builder
	for _, b := range []*strings.Builder{&pipe, &rows, &md} {
		b.WriteString(title + "\n" + d.text + "\n")
	}
	for _, g := range d.tables {
		if !hasModernTable(g) {
			continue
		}
		md.WriteString("\n")
		for i, r := range g.Rows {
			var shown, grid []string
			for _, c := range r {
				if !c.Spanned {
					shown = append(shown, c.Text)
					grid = append(grid, c.Text)
				} else {
					grid = append(grid, "") // Markdown leaves a span's other positions empty
				}
			}
			rows.WriteString(strings.Join(shown, " | ") + " |\n")
			for _, c := range shown {
				pipe.WriteString(c + " |\n")
			}
			md.WriteString("| " + strings.Join(grid, " | ") + " |\n")
			if i == 0 {
				md.WriteString(strings.Repeat("|---", len(grid)) + "|\n")
			}
		}
		pipe.WriteString("表格完\n")
		rows.WriteString("表格完\n")
		md.WriteString("\n")
	}
	return map[string]string{"rows": rows.String(), "pipe": pipe.String(), "markdown": md.String()}
}

// TestColumnsByHeaderWords reads the rewritten tables rendered as text,
// where a header cell spanning columns is one cell: the order of the
// header words places the values.
func TestColumnsByHeaderWords(t *testing.T) {
	for _, name := range colFixtures {
		src := testutil.ReadFixture(t, name)
		orig, err := Parse(src, Options{Source: name})
		if err != nil {
			t.Fatal(err)
		}
		want := printedCells(orig)
		for _, v := range colVariants {
			if v.unknown != "" {
				continue // a header word the template does not know is prose to a text reader
			}
			for form, text := range renderText(t, orig.Title, rewritePage(t, src, v)) {
				t.Run(name+"/"+v.name+"/"+form, func(t *testing.T) {
					r, err := Parse([]byte(text), Options{Source: name})
					if err != nil {
						t.Fatal(err)
					}
					if r.Form != form {
						t.Fatalf("read as %s", r.Form)
					}
					right, total, wrong := compareCells(want, printedCells(r), v)
					for _, w := range wrong {
						t.Error(w)
					}
					t.Logf("%d of %d cells right", right, total)
					n := 0
					for _, f := range r.Findings {
						if f.Rule == "missing-column" {
							n++
						}
						if f.Rule == "unplaced-row" || f.Rule == "unknown-column" {
							t.Errorf("%s: %s", f.Rule, f.Message)
						}
					}
					if want := v.gone[0] != ""; (n == 1) != want || n > 1 {
						t.Errorf("%d missing-column findings, want one: %v", n, want)
					}
				})
			}
		}
	}
}

// A row with a cell beyond the columns of a reordered header is not read:
// its cells cannot be placed with certainty. The rows that fit are.
func TestColumnsOutsideHeader(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>2020年政府信息公开工作年度报告</title></head><body><div id="zoom">
<p>某区人民政府2020年政府信息公开工作年度报告</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>法律服务机构</td><td>科研机构</td><td>社会公益组织</td><td>商业企业</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>6</td><td>9</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
</tbody></table>
</div></body></html>`
	r, err := Parse([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := statMap(r)
	if v := got[statKey{"requests.carried_over", "legal_services"}].Value; v == nil || *v != 1 {
		t.Errorf("requests.carried_over/legal_services = %v, want 1", v)
	}
	if v := got[statKey{"requests.carried_over", "business"}].Value; v == nil || *v != 0 {
		t.Errorf("requests.carried_over/business = %v, want 0", v)
	}
	for k := range got {
		if k.code == "requests.received" {
			t.Errorf("%v read from a row with a cell outside the header", k)
		}
	}
	f := findingRules(r)["unplaced-row"]
	if !strings.Contains(f.Message, `"9"`) {
		t.Errorf("unplaced-row %q, want the row's cells named", f.Message)
	}
}

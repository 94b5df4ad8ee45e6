package parser

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"nianbao"
)

// cutTables closes each table of page after its at(n)-th row, n being
// its rows (0: not cut), and opens a new one there, as a page break in
// a Word document becomes two tables in its HTML.
func cutTables(page string, at func(rows int) int) string {
	trEnd := regexp.MustCompile(`(?i)</tr>`)
	var b strings.Builder
	for {
		start := strings.Index(page, "<table")
		if start < 0 {
			break
		}
		end := start + strings.Index(page[start:], "</table>")
		ends := trEnd.FindAllStringIndex(page[start:end], -1)
		if k := at(len(ends)); k > 0 && k < len(ends) {
			cut := start + ends[k-1][1]
			b.WriteString(page[:cut] + "</tbody></table>\n<p>　</p>\n<table border=\"1\"><tbody>")
			page = page[cut:]
			continue
		}
		b.WriteString(page[:end])
		page = page[end:]
	}
	return b.String() + page
}

func statValues(r *nianbao.Report) []string {
	var out []string
	for _, s := range r.Stats {
		v := "nil"
		if s.Value != nil {
			v = fmt.Sprint(*s.Value)
		}
		out = append(out, s.Code+"|"+s.Dim+"="+v)
	}
	return out
}

// A row table (the provincial and 2014 templates) cut in two tables by a
// page break is read whole, as it is uncut; a table after it that is
// not its continuation is not read into it.
func TestRowTableAcrossTables(t *testing.T) {
	page := string(readFixture(t, "html/pingtan_2015.html"))
	whole, err := Parse([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := statValues(whole)
	if whole.Template == "" || len(want) < 20 {
		t.Fatalf("the uncut page: template %q, %d values", whole.Template, len(want))
	}
	for _, after := range []int{3, 9, 15} {
		cut, err := Parse([]byte(cutTables(page, func(int) int { return after })), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := statValues(cut); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("cut after row %d: %d values, want %d:\n%v\nwant\n%v", after, len(got), len(want), got, want)
		}
		if len(cut.Findings) != len(whole.Findings) {
			t.Errorf("cut after row %d: findings %v, want %v", after, cut.Findings, whole.Findings)
		}
	}
	// A table of the page after the statistics, with a label and a
	// number a row: not a piece of them.
	i := strings.LastIndex(page, "</table>") + len("</table>")
	other := page[:i] + `<table><tr><td>联系电话</td><td>条</td><td>23158138</td><td>1</td></tr><tr><td>邮政编码</td><td>条</td><td>350400</td><td>2</td></tr></table>` + page[i:]
	r, err := Parse([]byte(other), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := statValues(r); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("with a contact table after it: %v, want %v", got, want)
	}
}

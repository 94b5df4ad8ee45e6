package parser

import (
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/testutil"
)

// TestBlankT4Row rewrites table 四 of a real page: a data row printed with
// its 15 cells blank and no label (the blank form) gives 15 null records
// said in blank-cells; a filled row after it is read as usual; a table
// with no data row, or a blank row that is not 15 cells, gives no record.
func TestBlankT4Row(t *testing.T) {
	src := string(testutil.ReadFixture(t, "html/pingtan_2024.html"))
	at := strings.Index(src, "结果维持")
	start := strings.LastIndex(src[:at], "<table")
	end := at + strings.Index(src[at:], "</table>") + len("</table>")
	if start < 0 || end < at {
		t.Fatal("table 四 not found in the fixture")
	}
	outcomes := "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
	head := `<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>` +
		`<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td>` +
		`<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>` +
		"<tr>" + outcomes + outcomes + "</tr>"
	blank := func(n int) string { return "<tr>" + strings.Repeat("<td></td>", n) + "</tr>" }
	filled := "<tr><td>2</td><td>1</td><td>3</td><td>1</td><td>7</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>" +
		"<td>13</td><td>2</td><td>4</td><td>0</td><td>19</td></tr>"
	for _, c := range []struct {
		name  string
		rows  string
		stats bool    // table 四 has records
		want  float64 // review.upheld, when filled
	}{
		{"blank row", blank(15), true, -1},
		{"blank row then filled", blank(15) + filled, true, 2},
		{"no data row", "", false, 0},
		{"blank row of 14 cells", blank(14), false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := src[:start] + "<table>" + head + c.rows + "</table>" + src[end:]
			r, err := Parse([]byte(page), Options{Source: "pingtan_2024.html"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Template != nianbao.TemplateNational2021 {
				t.Fatalf("template %s", r.Template)
			}
			n := 0
			var upheld *nianbao.Stat
			for i, s := range r.Stats {
				if s.Table == table4 && !s.Derived {
					n++
					if s.Code == "review.upheld" {
						upheld = &r.Stats[i]
					}
				}
			}
			missing, blanks := false, false
			for _, f := range r.Findings {
				has := strings.Contains(strings.Join(f.Codes, " "), "review.upheld")
				switch f.Rule {
				case "missing-rows":
					missing = missing || has
				case "blank-cells":
					blanks = blanks || has
				case "extra-cells", "missing-cell", "truncated":
					t.Errorf("%s: %s", f.Rule, f.Message)
				}
			}
			switch {
			case !c.stats:
				if n != 0 || !missing {
					t.Errorf("%d records of table 四, missing-rows %v; want none, and review.upheld missing", n, missing)
				}
			case c.want < 0:
				if n != 15 || upheld == nil || upheld.Value != nil || upheld.Raw != "" || !blanks || missing {
					t.Errorf("%d records, review.upheld %+v, in blank-cells %v, missing-rows %v", n, upheld, blanks, missing)
				}
			default:
				if n != 15 || upheld == nil || upheld.Value == nil || *upheld.Value != c.want || blanks || missing {
					t.Errorf("%d records, review.upheld %+v, in blank-cells %v, missing-rows %v", n, upheld, blanks, missing)
				}
			}
		})
	}
}

package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"nianbao"
)

// hostilePage repeats row inside one table up to about size bytes.
func hostilePage(row string, size int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body><table>\n")
	for b.Len() < size {
		b.WriteString(row)
	}
	b.WriteString("</table></body></html>\n")
	return b.Bytes()
}

// allocated returns the bytes f allocates: an upper bound of the heap it
// adds at its peak.
func allocated(f func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	f()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

// TestGridBudget parses pages whose spans would expand a small page to
// millions of cells (the 1.3 MB colspan page took 1.4 GB): each costs at
// most 200 MB, its grids stay within the page's budget, and the table cut
// is named in a grid-too-large finding with the rows dropped.
func TestGridBudget(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
	}{
		{"colspan", hostilePage("<tr><td colspan=100>1</td></tr>\n", 1300000)},
		{"rowspan", hostilePage("<tr><td rowspan=100>1</td><td colspan=100>2</td></tr>\n", 1300000)},
		// each row reaches 100 columns further right: rows of 10,000 cells
		{"rowspan and colspan", hostilePage("<tr><td rowspan=100 colspan=100>1</td></tr>\n", 40000)},
		{"one row", hostilePage("<tr>"+strings.Repeat("<td colspan=100>1</td>", 60000)+"</tr>", 1300000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *nianbao.Report
			var err error
			n := allocated(func() { r, err = Parse(tc.src, Options{Source: tc.name}) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes: %d MB allocated", len(tc.src), n>>20)
			if n > 200<<20 {
				t.Errorf("%d MB allocated for a page of %d bytes, want at most 200 MB", n>>20, len(tc.src))
			}
			var cut *nianbao.Finding
			for i, f := range r.Findings {
				if f.Rule == "grid-too-large" {
					cut = &r.Findings[i]
				}
			}
			if cut == nil || !strings.Contains(cut.Message, "table 1 of the page") || !strings.Contains(cut.Message, "dropped") || cut.Severity != nianbao.SeverityWarning {
				t.Fatalf("no grid-too-large finding naming table 1 and the rows dropped: findings by rule %v", ruleCounts(r))
			}
			t.Log(cut.Message)
			d, err := readHTML(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			cells := 0
			for _, g := range d.tables {
				for _, row := range g.Rows {
					cells += len(row)
				}
			}
			if limit := gridFloor + len(tc.src)/gridBytesPerCell; cells > limit {
				t.Errorf("%d cells read, the page's limit is %d", cells, limit)
			}
		})
	}
}

// TestGridBudgetKeepsReport appends a hostile table to a real report page:
// the report's own table, before it, is read whole (220 values) and only
// the hostile one is cut.
func TestGridBudgetKeepsReport(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "fixtures", "html", "pingtan_2019.html"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.LastIndex(src, []byte("</body>"))
	hostile := hostilePage("<tr><td colspan=100>1</td></tr>\n", 1300000)
	page := append(append(append([]byte{}, src[:end]...), hostile...), src[end:]...)
	r, err := Parse(page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stats) != 220 || len(r.Stats) != len(want.Stats) {
		t.Fatalf("%d values read, want the page's %d", len(r.Stats), len(want.Stats))
	}
	for i := range r.Stats {
		if a, b := r.Stats[i], want.Stats[i]; a.Code != b.Code || a.Dim != b.Dim || (a.Value == nil) != (b.Value == nil) || a.Value != nil && *a.Value != *b.Value {
			t.Errorf("value %d: %+v, want %+v", i, a, b)
		}
	}
	if rules := ruleCounts(r); rules["grid-too-large"] != 1 {
		t.Errorf("findings by rule %v, want one grid-too-large", rules)
	}
}

// ruleCounts counts a report's findings by rule.
func ruleCounts(r *nianbao.Report) map[string]int {
	n := map[string]int{}
	for _, f := range r.Findings {
		n[f.Rule]++
	}
	return n
}

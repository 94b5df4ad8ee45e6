package parser

import (
	"errors"
	"strings"
	"testing"
)

// hostileText repeats unit up to size bytes: the shapes whose cells cost
// the text readers most for their bytes.
func hostileText(unit string, size int) []byte {
	return []byte(strings.Repeat(unit, size/len(unit)))
}

// TestTextRenderingBounded parses text renderings of the costliest
// shapes (a cell a pipe, a cell a line of the pre-2019 table, pipe rows,
// a glued 2019 table, one line of digits) at MaxTextSize and at four
// times it: at the limit each is read and allocates at most 128 MB in
// all; beyond it each is refused, naming the size and the limit, before
// its grids are made (a 16 MB rendering took 0.4–0.9 GB of RSS before).
func TestTextRenderingBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("parses several MB of text")
	}
	shapes := map[string]string{
		"pipe cells":    "12 |\n",
		"cells":         "统计指标\n单位\n12\n件\n",
		"pipe rows":     "| 收到申请数 | 件 | 12 | 3 |\n",
		"pipe one line": "收到申请数 | 12 | 3 | ",
		"glued 2019":    "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件111",
		"digits":        "1234567890",
	}
	const limit = 128 << 20
	for name, unit := range shapes {
		for _, size := range []int{MaxTextSize, 4 * MaxTextSize} {
			src := hostileText(unit, size)
			var err error
			n := allocated(func() { _, err = Parse(src, Options{Source: name}) })
			if n > limit {
				t.Errorf("%s, %d bytes: Parse allocated %d MB, more than %d MB", name, len(src), n>>20, limit>>20)
			}
			switch {
			case len(src) <= MaxTextSize && err != nil:
				t.Errorf("%s, %d bytes: %v", name, len(src), err)
			case len(src) > MaxTextSize && (!errors.Is(err, ErrNotReport) || !strings.Contains(fmtErr(err), "text rendering")):
				t.Errorf("%s, %d bytes: error %v, want a text rendering refused as not a report", name, len(src), err)
			}
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

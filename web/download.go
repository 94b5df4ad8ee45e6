package web

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"nianbao/export"
)

// Table is what a page's download buttons write: a header and rows of
// text or numbers (float64, int; nil for no value).
type Table struct {
	Header []string
	Rows   [][]any
}

// write sends t as CSV (UTF-8 with a byte-order mark, as export writes
// it) or as an XLSX workbook with numbers as numbers, named after page.
func (t *Table) write(w http.ResponseWriter, format, page string) error {
	switch format {
	case export.CSV:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="nianbao-`+page+`.csv"`)
		bw := bufio.NewWriter(w)
		bw.WriteString(export.BOM)
		cw := csv.NewWriter(bw)
		cw.Write(t.Header)
		rec := make([]string, len(t.Header))
		for _, row := range t.Rows {
			for i := range rec {
				rec[i] = ""
				if i < len(row) {
					rec[i] = cellText(row[i])
				}
			}
			cw.Write(rec)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
		return bw.Flush()
	case export.XLSX:
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="nianbao-`+page+`.xlsx"`)
		return export.WriteTable(w, "Sheet1", t.Header, t.Rows)
	}
	return errBadRequest{fmt.Sprintf("download %q: csv or xlsx", format)}
}

// cellText is a cell as CSV text.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

package export

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"nianbao/store"
)

// dictionaryHeader names the columns of the data dictionary that
// travels with an export; wide_header is the column's header in the wide
// layout's short header.
var dictionaryHeader = []string{"code", "dim", "label_zh", "label_en", "unit", "templates", "description", "wide_header"}

// Dictionary writes to w, as CSV, the data dictionary's entries of the
// codes and dims of the values opt's filter selects, in the wide
// layout's column order, and returns how many it wrote. A code the
// dictionary does not know has its row with the labels empty.
func Dictionary(ctx context.Context, db *store.DB, w io.Writer, opt Options) (int, error) {
	bw := bufio.NewWriter(w)
	if !opt.NoBOM {
		bw.WriteString(BOM)
	}
	enc := newEncoder(bw, CSV)
	cols, err := wideColumns(ctx, db, opt.Filter)
	if err != nil {
		return 0, fmt.Errorf("export: dictionary: %w", err)
	}
	n, err := dictionary(enc, cols)
	if err != nil {
		return n, err
	}
	if err := enc.flush(); err != nil {
		return n, fmt.Errorf("export: dictionary: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: dictionary: %w", err)
	}
	return n, nil
}

// dictionary writes the entries of cols (wideColumns).
func dictionary(enc *encoder, cols []*column) (int, error) {
	if err := enc.writeHeader(dictionaryHeader); err != nil {
		return 0, fmt.Errorf("export: dictionary: %w", err)
	}
	for _, c := range cols {
		in := c.ind
		fields := []field{text("code", c.code), text("dim", c.dim), text("label_zh", in.LabelZH), text("label_en", in.LabelEN),
			text("unit", in.Unit), text("templates", in.Templates), text("description", in.Description), text("wide_header", c.title())}
		if err := enc.write(fields, nil); err != nil {
			return 0, fmt.Errorf("export: dictionary: %w", err)
		}
	}
	return len(cols), nil
}

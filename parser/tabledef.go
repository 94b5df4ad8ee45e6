package parser

import (
	"sync"

	"nianbao"
)

// A tableDef describes one pre-2019 statistics table: a label column, a
// unit column and one or more value columns, one indicator a row.
type tableDef struct {
	id   nianbao.Template // template id
	name string           // table name as printed above it
	// header holds label keys, one of which must appear in the header row.
	header []string
	// columns are the value columns after the label and unit columns.
	columns []colDef
	rows    []rowDef
	// rules hold in every value column.
	rules []sumRule
	// allRows is set when every document of the template prints every
	// row: the rows missing from one are said (missing-rows).
	allRows bool

	indexOnce sync.Once
	rowIndex  *rowIndex // see index
}

// A rowKey is the match key of a row label, and whether it is long
// enough (4 runes) to match as a prefix.
type rowKey struct {
	k    string
	long bool
}

type colDef struct {
	label string // column label; "" takes it from the header (the year column)
	dim   string
}

// A rowDef is one row of a template. A row without a code is a section
// row: it carries no value and becomes the section of the rows below it.
type rowDef struct {
	code    string
	label   string
	unit    string
	aliases []string
	en      string // English name, for a code the data dictionary does not name yet
}

// A sumRule is arithmetic the table implies: total (or the sum of lhs)
// equals the sum of parts, or with le is at most that sum (the same item
// published on several channels counts once in the total).
type sumRule struct {
	rule  string
	total string
	lhs   []string // used when total is empty
	parts []string
	le    bool
	what  string   // what the parts are, for the message
	dims  []string // the dims it holds in; a row table's rules hold in all its columns
}

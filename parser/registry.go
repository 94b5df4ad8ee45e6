package parser

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"nianbao"
)

// A template is one revision of the statistics tables a report prints.
// Everything the parser knows of a revision is here or in the value it
// points to: the readers take their rows and labels from the registry,
// format voting counts the labels only some revisions print, and the data
// dictionary (Indicators) and the missing-rows checks are made from the
// rows.
type template struct {
	id     nianbao.Template
	name   string // as the data dictionary names it: "2014 table", "2021"
	from   int    // the first report year it applies to
	series string // revisions that replace one another: a later one of the series applies from its year on
	// table is a single table read row by row (2014, Fujian annex);
	// modern the tables 二, 三 and 四 of the 2019 layout. One is set.
	table  *tableDef
	modern *modernDef
	// extras read figures printed outside the tables.
	extras []extraReader
}

// An extraReader reads one figure from the report's sections.
type extraReader struct {
	code, zh, column, unit string // as the data dictionary gives it
	read                   func([]nianbao.Section) (nianbao.Stat, *nianbao.Finding, bool)
}

// registry lists the revisions, one line each. Row tables are tried in
// this order; among revisions of the 2019 layout a tie of evidence goes to
// the latest one the report year allows, then to the first listed.
var registry = []*template{
	template2014,
	templateFujian,
	template2019,
	template2021,
}

// forms is the registry compiled for the readers: the rows and columns of
// the 2019-layout revisions merged, each knowing which revisions print it.
type forms struct {
	templates []*template
	rowTables []*template // with a table, in registry order
	modern    []*template // of the 2019 layout, in registry order

	t2Columns   []colSpec
	t2Rows      []modernRow
	t3Rows      []modernRow
	groups      []t3Group         // the sums under table 三's headings, by code
	afterGroups map[string]bool   // headings some row must be read under (its after)
	codeUnder   map[string]string // the heading a code's row is numbered under

	vocabOnce sync.Once
	vocab     []string          // see gluedVocab
	vocabAt   map[rune][]string // vocab by first rune, in vocab's order (cutWords)
	// vocabFirst marks the runes below U+10000 some word starts with:
	// cutWords looks up vocabAt only for those (most runes are not).
	vocabFirst [0x10000 / 64]uint64
	// vocabCut is vocabWords of each word of vocab, its spaces cut (the
	// cells of a pipe or Markdown table are most often the templates'
	// labels), worked out once (see vocabCutOf)
	vocabCutOnce sync.Once
	vocabCut     map[string][]string
}

// A t3Group is a heading of table 三 whose rows add up to a derived code.
type t3Group struct {
	code, label string
	leaves      []string
}

var (
	registryMu sync.Mutex
	current    atomic.Pointer[forms]
)

func init() {
	f, err := compile(registry)
	if err != nil {
		panic(err)
	}
	current.Store(f)
}

// loaded returns the registry as compiled now.
func loaded() *forms { return current.Load() }

// lookup returns the revision with the id, or nil.
func (f *forms) lookup(id nianbao.Template) *template {
	for _, t := range f.templates {
		if t.id == id {
			return t
		}
	}
	return nil
}

// register adds t after the listed revisions: a revision defined outside
// the list (a test's made-up variant). unregister restores the registry
// as it was.
func register(t *template) (unregister func(), err error) {
	registryMu.Lock()
	defer registryMu.Unlock()
	prev := current.Load()
	f, err := compile(append(slices.Clone(prev.templates), t))
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", t.id, err)
	}
	current.Store(f)
	return func() {
		registryMu.Lock()
		defer registryMu.Unlock()
		current.Store(prev)
	}, nil
}

// compile checks the revisions and merges the rows of the 2019-layout ones.
func compile(list []*template) (*forms, error) {
	f := &forms{templates: list, afterGroups: map[string]bool{}, codeUnder: map[string]string{}}
	ids := map[nianbao.Template]bool{}
	for _, t := range list {
		switch {
		case t.id == "" || t.id == nianbao.TemplateNone:
			return nil, errors.New("a template without an id")
		case ids[t.id]:
			return nil, fmt.Errorf("template %s listed twice", t.id)
		case (t.table == nil) == (t.modern == nil):
			return nil, fmt.Errorf("template %s: needs one of table and modern", t.id)
		case t.table != nil && t.table.id != t.id:
			return nil, fmt.Errorf("template %s: its table says %s", t.id, t.table.id)
		}
		ids[t.id] = true
		if t.table != nil {
			f.rowTables = append(f.rowTables, t)
			continue
		}
		f.modern = append(f.modern, t)
	}
	groups := map[string]*t3Group{}
	for _, t := range f.modern {
		for _, c := range t.modern.t2Columns {
			f.addColumn(c, t.id)
		}
		for _, r := range t.modern.t2Rows {
			if err := addRow(&f.t2Rows, r, t.id); err != nil {
				return nil, fmt.Errorf("template %s: %w", t.id, err)
			}
		}
		for _, r := range t.modern.t3Rows {
			if err := addRow(&f.t3Rows, r, t.id); err != nil {
				return nil, fmt.Errorf("template %s: %w", t.id, err)
			}
			if r.sum == "" {
				continue
			}
			g := groups[r.sum]
			if g == nil {
				g = &t3Group{code: r.sum, label: r.label}
				groups[r.sum] = g
			}
			for _, leaf := range t.modern.t3Rows {
				if leaf.under == r.key && leaf.code != "" {
					g.leaves = appendNew(g.leaves, leaf.code)
				}
			}
		}
	}
	for _, g := range groups {
		f.groups = append(f.groups, *g)
	}
	sort.Slice(f.groups, func(i, j int) bool { return f.groups[i].code < f.groups[j].code })
	for _, rows := range [][]modernRow{f.t2Rows, f.t3Rows} {
		for i := range rows {
			r := &rows[i]
			r.long = atLeastRunes(r.key, 3)
			if r.after != "" {
				f.afterGroups[r.after] = true
			}
			if r.under != "" && r.code != "" {
				f.codeUnder[r.code] = r.under
			}
		}
	}
	return f, nil
}

// addColumn merges a column of table 二 into f.t2Columns. A column whose
// key holds another's goes before it (本年处理决定数量 before 处理决定数量):
// a header cell takes the first column it contains.
func (f *forms) addColumn(c colSpec, id nianbao.Template) {
	for i := range f.t2Columns {
		if f.t2Columns[i].key == c.key {
			f.t2Columns[i].prints = appendNew(f.t2Columns[i].prints, id)
			return
		}
	}
	c.prints = []nianbao.Template{id}
	for i, e := range f.t2Columns {
		if strings.Contains(c.key, e.key) {
			f.t2Columns = slices.Insert(f.t2Columns, i, c)
			return
		}
	}
	f.t2Columns = append(f.t2Columns, c)
}

// addRow merges a revision's row into rows. Rows are one when their key
// (and after) are: a value row of one revision that is a heading in
// another becomes groupable. The row's old wordings merge as rows the
// revision tolerates.
func addRow(rows *[]modernRow, r modernRow, id nianbao.Template) error {
	r.prints, r.tolerated, r.groupable = nil, nil, false
	if err := mergeRow(rows, r, id, false); err != nil {
		return err
	}
	for _, o := range r.old {
		old := modernRow{key: key(stripEnum(o)), code: r.code, label: o}
		if err := mergeRow(rows, old, id, true); err != nil {
			return err
		}
	}
	return nil
}

func mergeRow(rows *[]modernRow, r modernRow, id nianbao.Template, tolerated bool) error {
	value := !r.group
	i := slices.IndexFunc(*rows, func(e modernRow) bool { return e.key == r.key && e.after == r.after })
	if i < 0 {
		switch {
		case tolerated:
			r.tolerated = []nianbao.Template{id}
		case value:
			r.prints = []nianbao.Template{id}
		}
		*rows = append(*rows, r)
		return nil
	}
	e := &(*rows)[i]
	switch {
	case !value:
		if !e.group {
			e.groupable = true
		}
		if e.sum == "" {
			e.sum = r.sum
		}
		return nil
	case e.group:
		e.group, e.groupable, e.code, e.label = false, true, r.code, r.label
	case e.code != r.code:
		return fmt.Errorf("row %s read as %s and as %s", r.key, e.code, r.code)
	}
	if tolerated {
		e.tolerated = appendNew(e.tolerated, id)
	} else {
		e.prints = appendNew(e.prints, id)
	}
	return nil
}

// ownLabel returns the label t gives code in tables 二 and 三.
func (t *template) ownLabel(code string) string {
	for _, rows := range [][]modernRow{t.modern.t2Rows, t.modern.t3Rows} {
		for _, r := range rows {
			if r.code == code {
				return r.label
			}
		}
	}
	return ""
}

// revisionNames returns the data dictionary's names of the revisions, joined.
func revisionNames(f *forms, ids []nianbao.Template) string {
	var out []string
	for _, id := range ids {
		if t := f.lookup(id); t != nil {
			out = append(out, t.name)
		}
	}
	return strings.Join(out, "/")
}

// distinctive returns the labels and column headers that count as
// evidence for revision id: those it prints and some other revision of the
// 2019 layout does not.
func (f *forms) distinctive(id nianbao.Template) []string {
	var out []string
	tells := func(prints []nianbao.Template) bool {
		return slices.Contains(prints, id) && len(prints) < len(f.modern)
	}
	for _, c := range f.t2Columns {
		if tells(c.prints) {
			out = append(out, c.label)
		}
	}
	for _, rows := range [][]modernRow{f.t2Rows, f.t3Rows} {
		for _, r := range rows {
			if len(r.tolerated) == 0 && tells(r.prints) {
				out = append(out, r.label)
			}
		}
	}
	return out
}

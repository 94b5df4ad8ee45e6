// Package benchdb builds the synthetic databases the benchmarks of the
// exports and of compare measure: copies of real fixture reports, each
// under an agency of its own, stored through the store as an import
// would store them.
package benchdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"nianbao"
	"nianbao/parser"
	"nianbao/store"
)

// Mix names the fixture documents (under fixtures/) whose readings
// Build stores in turn: the 2019 and 2021 national forms, the
// provincial tables and the 2014 form, 164 values a report on average,
// so 10,000 reports hold 1.64 million values.
var Mix = []string{
	"html/pingtan_2019.html",           // 220 values
	"html/pingtan_2024.html",           // 230
	"text/013_pingtan-zhqsyq_2021.txt", // 230
	"html/pingtan_2015.html",           // 32
	"text/003_pingtan-zhqsyq_2019.txt", // 220
	"seed/000_d451e8e22817c643.txt",    // 58
	"text/012_pingtan-zhqsyq_2020.txt", // 220
	"text/001_pingtan-zhqsyq_2011.txt", // 34
	"text/015_pingtan-zhqsyq_2023.txt", // 230
}

// Build opens the database at path, storing n synthetic reports first
// when the file does not exist: report i is the reading of
// Mix[i%len(Mix)] under agency "<agency><i>", so every report is a
// current one. root is the repository's root (for the fixtures).
func Build(ctx context.Context, root, path string, n int) (*store.DB, error) {
	_, statErr := os.Stat(path)
	var fx []*nianbao.Report
	var bodies [][]byte
	for _, name := range Mix {
		body, err := os.ReadFile(filepath.Join(root, "fixtures", filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("benchdb: %w", err)
		}
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			return nil, fmt.Errorf("benchdb: %s: %w", name, err)
		}
		fx, bodies = append(fx, r), append(bodies, body)
	}
	parse := func(d store.Document) (*nianbao.Report, error) {
		i, err := strconv.Atoi(filepath.Base(d.Source))
		if err != nil {
			return nil, fmt.Errorf("benchdb: source %q: %w", d.Source, err)
		}
		r := *fx[i%len(fx)]
		r.Agency = fmt.Sprintf("%s%d", r.Agency, i)
		return &r, nil
	}
	db, err := store.Open(ctx, path, store.Options{Parse: parse, ParserVersion: parser.Version, Indicators: parser.Indicators()})
	if err != nil {
		return nil, fmt.Errorf("benchdb: %w", err)
	}
	if statErr == nil {
		return db, nil
	}
	docs := func(yield func(store.Document) bool) {
		for i := range n {
			body := fmt.Appendf(append([]byte(nil), bodies[i%len(bodies)]...), "\n<!-- copy %d -->\n", i)
			if !yield(store.Document{Source: fmt.Sprintf("large/%d", i), Body: body}) {
				return
			}
		}
	}
	if err := db.SaveAll(ctx, docs, func(d store.Document, _ store.SaveResult, err error) error { return err }); err != nil {
		db.Close()
		return nil, fmt.Errorf("benchdb: %w", err)
	}
	return db, nil
}

package parser

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/charset"
)

// TestRealTablesRerendered renders each real 2019/2021 HTML page's tables
// the way text extractors do (pipe text, " | " rows, one cell a line), with
// the page's prose before them, and checks every form gives the records
// the HTML gives.
func TestRealTablesRerendered(t *testing.T) {
	for _, name := range []string{"html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html"} {
		src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		text, _, _ := charset.Decode(src, "")
		d, err := readHTML(text)
		if err != nil {
			t.Fatal(err)
		}
		var pipe, rows, cells strings.Builder
		for _, b := range []*strings.Builder{&pipe, &rows, &cells} {
			// a rendering starts with the title, which the page
			// holds in <title>, not in its text
			b.WriteString(want.Title + "\n" + d.text + "\n")
		}
		for _, g := range d.tables {
			if !hasModernTable(g) {
				continue
			}
			for _, r := range g.Rows {
				var shown []string
				for _, c := range r {
					if !c.Spanned {
						shown = append(shown, c.Text)
					}
				}
				rows.WriteString(strings.Join(shown, " | ") + " |\n")
				for _, c := range shown {
					if c == "" {
						pipe.WriteString("|\n")
					} else {
						pipe.WriteString(c + " |\n")
						cells.WriteString(c + "\n")
					}
				}
			}
			// prose between tables, as renderings keep it
			pipe.WriteString("表格完\n")
			rows.WriteString("表格完\n")
		}
		for form, rendering := range map[string]string{"pipe": pipe.String(), "rows": rows.String(), "cells": cells.String()} {
			t.Run(filepath.Base(name)+"/"+form, func(t *testing.T) {
				got, err := Parse([]byte(rendering), Options{})
				if err != nil {
					t.Fatal(err)
				}
				if got.Form != form || got.Template != want.Template {
					t.Errorf("form %q template %q, want %q %q", got.Form, got.Template, form, want.Template)
				}
				if len(got.Stats) != len(want.Stats) {
					t.Fatalf("%d stats, want %d", len(got.Stats), len(want.Stats))
				}
				for i := range want.Stats {
					if !reflect.DeepEqual(got.Stats[i], want.Stats[i]) {
						t.Fatalf("stat %d:\n got  %+v\n want %+v", i, got.Stats[i], want.Stats[i])
					}
				}
				if g, w := rules(got.Findings), rules(want.Findings); !reflect.DeepEqual(g, w) {
					t.Errorf("finding rules %v, want %v", g, w)
				}
			})
		}
	}
}

func rules(fs []nianbao.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	sort.Strings(out)
	return out
}

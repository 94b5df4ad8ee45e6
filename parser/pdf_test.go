package parser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/pdftext"
	"nianbao/internal/testutil"
)

// pdfOfHTML pairs each fixture PDF with the document it was made from
// (fixtures/README.md says how each was made).
var pdfOfHTML = []struct{ pdf, from string }{
	{"pdf/pingtan_2015.pdf", "html/pingtan_2015.html"},
	{"pdf/pingtan_2023.pdf", "html/pingtan_2023.html"},
	{"pdf/pingtan_2024.pdf", "html/pingtan_2024.html"},
	{"pdf/pingtan_2024_identityh.pdf", "html/pingtan_2024.html"},
	{"pdf/pingtan_2019_identityh.pdf", "html/pingtan_2019.html"},
	{"pdf/seed_identityh.pdf", "seed/000_d451e8e22817c643.txt"},
}

// warmPDF builds the PDF engine outside the measured part of a test
// (the first build in a process compiles PDFium: seconds).
func warmPDF(t testing.TB) {
	t.Helper()
	if d, err := pdftext.Warm(); err != nil {
		t.Fatal(err)
	} else if d > 2e9 {
		t.Logf("pdf engine built in %v (compiled; the cache makes later runs fast)", d)
	}
}

// recordKey names a record the way the store does: table, code, dim, and
// the row and column for rows without a code.
func recordKey(s nianbao.Stat) string {
	if s.Code != "" {
		return s.Code + "/" + s.Dim
	}
	return s.Table + "/" + s.Row + "/" + s.Column
}

func statValue(s nianbao.Stat) string {
	if s.Value == nil {
		return "null"
	}
	return fmt.Sprint(*s.Value)
}

// pdfDiff lists every record whose value differs between two reports,
// and every record only one of them has.
func pdfDiff(want, got *nianbao.Report) []string {
	w, g := map[string]string{}, map[string]string{}
	for _, s := range want.Stats {
		w[recordKey(s)] = statValue(s)
	}
	for _, s := range got.Stats {
		g[recordKey(s)] = statValue(s)
	}
	var out []string
	for k, v := range w {
		if gv, ok := g[k]; !ok {
			out = append(out, fmt.Sprintf("%s: html %s, pdf has no record", k, v))
		} else if gv != v {
			out = append(out, fmt.Sprintf("%s: html %s, pdf %s", k, v, gv))
		}
	}
	for k, v := range g {
		if _, ok := w[k]; !ok {
			out = append(out, fmt.Sprintf("%s: pdf %s, html has no record", k, v))
		}
	}
	sort.Strings(out)
	return out
}

// TestPDFSameAsHTML: a PDF printed from a fixture page gives the records
// the page gives, cell for cell, with the same template, year and agency.
func TestPDFSameAsHTML(t *testing.T) {
	warmPDF(t)
	for _, c := range pdfOfHTML {
		t.Run(c.pdf, func(t *testing.T) {
			want, got := parseFixture(t, c.from), parseFixture(t, c.pdf)
			comparePDF(t, want, got)
		})
	}
}

func comparePDF(t *testing.T, want, got *nianbao.Report) {
	t.Helper()
	if got.Template != want.Template || got.Year != want.Year || got.Agency != want.Agency {
		t.Errorf("pdf read as template %s, year %d, agency %q; html as %s, %d, %q",
			got.Template, got.Year, got.Agency, want.Template, want.Year, want.Agency)
	}
	if len(want.Stats) == 0 {
		t.Fatal("the html gives no records")
	}
	if d := pdfDiff(want, got); len(d) > 0 {
		t.Errorf("%d of %d records differ:\n%s", len(d), len(want.Stats), strings.Join(d, "\n"))
	}
}

// TestPDFImageOnly: a PDF of pictures is a report with no template, no
// records and an image-only reading finding, not an error.
func TestPDFImageOnly(t *testing.T) {
	r := parseFixture(t, "pdf/image-only.pdf")
	if r.Template != nianbao.TemplateNone || len(r.Stats) != 0 {
		t.Errorf("template %s with %d records, want none and 0", r.Template, len(r.Stats))
	}
	found := false
	for _, f := range r.Findings {
		if f.Rule == "image-only" {
			found = true
			if f.Kind != nianbao.KindReading {
				t.Errorf("image-only finding of kind %s", f.Kind)
			}
		}
	}
	if !found {
		t.Errorf("no image-only finding: %+v", r.Findings)
	}
}

// TestPDFErrors: a PDF that cannot be read is an ErrNotReport error that
// says why; never a panic or a report with guessed numbers.
func TestPDFErrors(t *testing.T) {
	encrypted, err := os.ReadFile(filepath.Join("testdata", "encrypted.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	full := testutil.ReadFixture(t, "pdf/pingtan_2024.pdf")
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"encrypted", encrypted, "encrypted"},
		{"truncated", full[:len(full)/3], ""},
		{"garbage", []byte("%PDF-1.7\n" + strings.Repeat("garbage ", 100)), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.src, Options{Source: c.name + ".pdf"})
			if err == nil {
				if len(r.Stats) > 0 {
					t.Fatalf("read %d records from a damaged PDF", len(r.Stats))
				}
				return
			}
			if !errors.Is(err, ErrNotReport) || !strings.Contains(err.Error(), c.name+".pdf") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q", err)
			}
		})
	}
}

// TestPDFUnruledTable: a table drawn without ruling lines, in a font that
// is not embedded (GBK-EUC-H, no ToUnicode), is read from the positions of
// its cells. Its one row of table 三 prints a single value under no
// header: which applicant column 71 belongs to is not said, so it is not
// read (unplaced-row naming it), as for any text form (colorder.go).
func TestPDFUnruledTable(t *testing.T) {
	r := parseFixture(t, "pdf/cmap-GBK-EUC-H.pdf")
	if r.Template != nianbao.TemplateNational2019 || r.Year != 2019 || r.Agency != "平潭综合实验区" {
		t.Fatalf("template %s, year %d, agency %q", r.Template, r.Year, r.Agency)
	}
	want := map[string]string{
		"proactive.regulations/made": "0", "proactive.regulations/published": "0", "proactive.regulations/public_total": "0",
		"proactive.normative_docs/made": "8", "proactive.normative_docs/published": "9", "proactive.normative_docs/public_total": "89",
		"proactive.licensing/made": "396", "proactive.licensing/published": "0", "proactive.licensing/public_total": "181",
	}
	got := map[string]string{}
	for _, s := range r.Stats {
		got[recordKey(s)] = statValue(s)
		if s.Code == "requests.disclosed" && s.Value != nil {
			t.Errorf("%s = %s read from a row with no header", recordKey(s), statValue(s))
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %s", k, got[k], v)
		}
	}
	unplaced := false
	for _, f := range r.Findings {
		unplaced = unplaced || f.Rule == "unplaced-row" && strings.Contains(f.Message, `"71"`)
	}
	if !unplaced {
		t.Errorf("no unplaced-row finding naming 71: %+v", r.Findings)
	}
}

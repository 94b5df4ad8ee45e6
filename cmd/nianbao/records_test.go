package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/export"
	"nianbao/store"
)

// jsonLines decodes out as JSON Lines: one object per line, nothing else.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("JSON Lines not ending with a newline: %q", out)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not a JSON object: %v: %s", i+1, err, line)
		}
		recs = append(recs, m)
	}
	return recs
}

// csvRecords decodes out as CSV with the byte-order mark (unless noBOM).
func csvRecords(t *testing.T, out string, noBOM bool) [][]string {
	t.Helper()
	if hasBOM := strings.HasPrefix(out, export.BOM); hasBOM == noBOM {
		t.Fatalf("byte-order mark %v, want %v: %q", hasBOM, !noBOM, out[:min(len(out), 40)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, export.BOM))).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	return recs
}

// runsDB returns a database holding two finished crawl runs.
func runsDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "runs.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path, storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, site := range []string{"pingtan", "yanting"} {
		id, err := db.StartRun(ctx, []string{site})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 12, 1+i, 3, 0, 0, 0, time.UTC)
		if err := db.FinishRun(ctx, store.Run{ID: id, StartedAt: start, EndedAt: start.Add(time.Minute), Sites: []string{site},
			Status: "ok", Pages: 10 + i, Reports: 4, New: 10 + i}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// Every listing command prints JSON Lines with -json and the same
// records as CSV with -csv: the JSON keys are the CSV header, a BOM
// first unless -no-bom.
func TestStructuredOutput(t *testing.T) {
	db := importedDB(t)
	rdb := runsDB(t)
	sites := demoSites(t)
	for _, tc := range []struct {
		name string
		args []string
		keys []string
		n    int // records, -1: at least one
	}{
		{"compare", []string{"compare", "-db", db, "-code", "proactive.total", "-year", "2011-2017"},
			[]string{"agency", "region", "region_code", "year", "code", "dim", "unit", "value", "report_id", "findings"}, 7},
		{"runs", []string{"runs", "-db", rdb},
			[]string{"run", "started_at", "ended_at", "status", "error", "pages", "requests", "bytes", "reports", "new", "changed", "unchanged", "gone", "blocked", "skipped", "errors", "sites", "worker"}, 2},
		{"query", []string{"query", "-db", db, "SELECT agency, year, value FROM compare_values WHERE code = 'proactive.total' AND dim = '' AND year <= 2017 ORDER BY year"},
			[]string{"agency", "year", "value"}, 4},
		{"indicators", []string{"indicators"}, []string{"code", "zh", "en", "unit", "templates", "dims", "description"}, -1},
		{"sites", []string{"sites", "-sites", sites, "-db", filepath.Join(t.TempDir(), "none.db")},
			[]string{"name", "family", "agency", "region", "listings", "report_pages", "last_fetch", "reports_found"}, 2},
	} {
		// with is the command line with flags added (before the SQL of query).
		with := func(flags ...string) []string {
			args := append([]string{}, tc.args...)
			if tc.name == "query" {
				return append(append(args[:len(args)-1:len(args)-1], flags...), args[len(args)-1])
			}
			return append(args, flags...)
		}
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, with("-json")...)
			if code != 0 {
				t.Fatalf("-json: exit %d: %s", code, stderr)
			}
			recs := jsonLines(t, out)
			if tc.n >= 0 && len(recs) != tc.n || len(recs) == 0 {
				t.Fatalf("-json: %d records, want %d:\n%s", len(recs), tc.n, out)
			}
			if tc.name != "indicators" { // its JSON carries dim_columns and dim_units too
				first := strings.SplitN(out, "\n", 2)[0]
				for i, k := range tc.keys {
					if _, ok := recs[0][k]; !ok {
						t.Errorf("-json: no key %q in %s", k, first)
					}
					if i > 0 && strings.Index(first, `"`+tc.keys[i-1]+`":`) > strings.Index(first, `"`+k+`":`) {
						t.Errorf("-json: key %q before %q in %s", k, tc.keys[i-1], first)
					}
				}
			}
			for _, noBOM := range []bool{false, true} {
				flags := []string{"-csv"}
				if noBOM {
					flags = append(flags, "-no-bom")
				}
				code, out, stderr = run(t, with(flags...)...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", flags, code, stderr)
				}
				rows := csvRecords(t, out, noBOM)
				if strings.Join(rows[0], ",") != strings.Join(tc.keys, ",") {
					t.Errorf("-csv header %v, want %v", rows[0], tc.keys)
				}
				if len(rows)-1 != len(recs) {
					t.Errorf("-csv: %d rows, -json %d records", len(rows)-1, len(recs))
				}
			}
			if code, _, stderr := run(t, with("-json", "-csv")...); code != 2 || !strings.Contains(stderr, "not both") {
				t.Errorf("-json -csv: exit %d: %s", code, stderr)
			}
		})
	}
}

// compare -json carries each value with its report and the findings that
// name it; a value the comparison shows as — is not a record.
func TestCompareJSON(t *testing.T) {
	db := importedDB(t)
	code, out, stderr := run(t, "compare", "-db", db, "-code", "proactive.total", "-year", "2017", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := jsonLines(t, out)
	if len(recs) != 1 {
		t.Fatalf("%d records:\n%s", len(recs), out)
	}
	r := recs[0]
	fs, _ := r["findings"].([]any)
	if r["agency"] != "赣州市商务局" || r["year"] != 2017.0 || r["value"] != 806.0 || r["unit"] != "条" || r["dim"] != "" ||
		r["region_code"] != "360700" || r["report_id"] == nil || len(fs) != 1 ||
		!strings.Contains(fs[0].(string), "warning source proactive-channels: publication channels: 0+662+0+142+0 = 804") {
		t.Errorf("record %v", r)
	}
}

// runs on a database no crawl has run on exits 0, saying so on stderr;
// -json prints nothing, -csv the header only.
func TestRunsEmpty(t *testing.T) {
	db := importedDB(t)
	code, out, stderr := run(t, "runs", "-db", db)
	if code != 0 || out != "" || !strings.Contains(stderr, "no runs yet") {
		t.Errorf("runs: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, out, _ := run(t, "runs", "-db", db, "-json"); code != 0 || out != "" {
		t.Errorf("runs -json: exit %d, %q", code, out)
	}
	if code, out, _ := run(t, "runs", "-db", db, "-csv", "-no-bom"); code != 0 || !strings.HasPrefix(out, "run,started_at,") || strings.Count(out, "\n") != 1 {
		t.Errorf("runs -csv: exit %d, %q", code, out)
	}
	code, out, stderr = run(t, "runs", "-db", db, "-site", "pingtan")
	if code != 0 || out != "" || !strings.Contains(stderr, `no run of site "pingtan"`) {
		t.Errorf("runs -site: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, _, stderr = run(t, "runs", "-db", db, "-site", "pingtan", "-skipped")
	if code != 0 || !strings.Contains(stderr, `no run of site "pingtan"`) {
		t.Errorf("runs -site -skipped: exit %d, stderr %q", code, stderr)
	}
	// A database that is not there is still an error.
	if code, _, _ := run(t, "runs", "-db", filepath.Join(t.TempDir(), "missing.db")); code != 1 {
		t.Errorf("runs on a missing database: exit %d, want 1", code)
	}
}

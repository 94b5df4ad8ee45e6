package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

// Every command that takes -db works on a PostgreSQL URL: a crawl of the
// demo portal, an import, reparse, export, compare, runs, sites, compact
// and query (as a role that can only read; refused as a superuser).
func TestEveryCommandOnPostgres(t *testing.T) {
	dsn := testutil.Postgres(t)
	_, _, sites := portal(t)
	steps := []struct {
		args []string
		want string // in stdout and stderr
	}{
		{[]string{"crawl", "-db", dsn, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off"}, "(9 new, 0 changed, 0 unchanged, 0 gone)"},
		{[]string{"import", "-db", dsn, seed}, "1 new, 0 revised, 0 unchanged"},
		{[]string{"reparse", "-db", dsn}, "0 changed"},
		{[]string{"compare", "-db", dsn, "-code", "requests.received"}, "平潭综合实验区"},
		{[]string{"runs", "-db", dsn}, "ok"},
		{[]string{"runs", "-db", dsn, "-site", "pingtan"}, "pingtan"},
		{[]string{"sites", "-db", dsn, "-sites", sites}, "pingtan"},
		{[]string{"compact", "-db", dsn}, "recompressed"},
		{[]string{"query", "-db", testutil.PostgresReader(t, dsn), "SELECT count(*) AS n FROM latest_reports WHERE agency = '赣州市商务局'"}, "1"},
	}
	out := filepath.Join(t.TempDir(), "values.csv")
	steps = append(steps, struct {
		args []string
		want string
	}{[]string{"export", "-db", dsn, "-o", out}, "values to"})
	for _, s := range steps {
		code, stdout, stderr := run(t, s.args...)
		if code != 0 || !strings.Contains(stdout+stderr, s.want) {
			t.Errorf("nianbao %s: exit %d, want %q in\n%s\n%s", s.args[0], code, s.want, stdout, stderr)
		}
		if strings.Contains(stdout+stderr, "password") {
			t.Errorf("nianbao %s printed a password", s.args[0])
		}
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "requests.received") {
		t.Errorf("export wrote no values (%v)", err)
	}
	code, _, stderr := run(t, "query", "-db", dsn, "SELECT 1")
	if code == 0 || !strings.Contains(stderr, "superuser") {
		t.Errorf("query as a superuser: exit %d, %s; want a refusal", code, stderr)
	}
}

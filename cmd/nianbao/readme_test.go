package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nianbao/export"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// readmeExample is one command line of a ```sh block of README.md: the
// line as written, and the output shown under it (lines after a "$ "
// prompt, up to the next prompt or the block's end).
type readmeExample struct {
	line   string
	output []string
	at     int // line number in README.md
}

// readmeExamples returns the nianbao command lines of README.md's sh
// blocks, in order: lines starting with "nianbao ", "$ nianbao " or
// "go run ./cmd/nianbao ".
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	f, err := os.Open(filepath.Join(testutil.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var exs []readmeExample
	inSh, prompt := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case !inSh && line == "```sh":
			inSh, prompt = true, false
		case inSh && line == "```":
			inSh = false
		case !inSh:
		case strings.HasPrefix(line, "$ "):
			prompt = true
			exs = append(exs, readmeExample{line: strings.TrimPrefix(line, "$ "), at: n})
		case strings.HasPrefix(line, "nianbao ") || strings.HasPrefix(line, "go run ./cmd/nianbao "):
			prompt = false
			exs = append(exs, readmeExample{line: line, at: n})
		case prompt:
			exs[len(exs)-1].output = append(exs[len(exs)-1].output, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return exs
}

// readmeCase says how the test runs one README command line.
type readmeCase struct {
	// flagsOnly: the command reaches real portals; only its flags are
	// parsed (-h after them: exit 0 when every flag before it parsed).
	flagsOnly bool
	// check, when set, checks what the command printed: the part of the
	// line after a pipe, or the file it was redirected to.
	check func(t *testing.T, out string)
}

// readmeCases holds every nianbao command line of README.md, as written
// there: the test fails on a line of README.md that is not here, and on
// a line here that README.md no longer has.
var readmeCases = map[string]readmeCase{
	"go run ./cmd/nianbao demo":                                         {},
	"go run ./cmd/nianbao parse fixtures/seed/000_d451e8e22817c643.txt": {check: contains("agency:    赣州市商务局", "0+662+0+142+0 = 804")},
	`nianbao compare -db nianbao-demo.db -code requests.received -json | jq -r 'select(.year == 2019) | "\(.agency) \(.value)"'`: {check: func(t *testing.T, out string) {
		n := 0
		for _, r := range jsonLines(t, out) {
			if r["year"] == 2019.0 && r["agency"] != "" && r["value"] != nil {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no 2019 value:\n%s", out)
		}
	}},
	"nianbao runs -db nianbao-demo.db -csv > runs.csv": {check: contains(export.BOM + "run,started_at,ended_at,status,")},
	"nianbao parse fixtures/html/pingtan_2015.html":    {check: contains("平潭综合实验区")},
	"nianbao parse -json fixtures/seed/000_d451e8e22817c643.txt | jq '.stats[0]'": {check: func(t *testing.T, out string) {
		for _, r := range jsonLines(t, out) {
			if st, _ := r["stats"].([]any); len(st) == 0 {
				t.Errorf("no .stats[0] in %v", r)
			}
		}
	}},
	"nianbao indicators":          {check: contains("requests.received")},
	"nianbao indicators -json":    {check: func(t *testing.T, out string) { jsonLines(t, out) }},
	"nianbao import fixtures/*/*": {},
	"nianbao import -db pingtan.db -region 福建省平潭综合实验区 fixtures/text/*pingtan*.txt": {check: func(t *testing.T, out string) {
		if strings.Contains(out, "shuyang") || strings.Contains(out, "沭阳") {
			t.Errorf("the Fujian region tags a Jiangsu report:\n%s", out)
		}
	}},
	"nianbao reparse":         {},
	"nianbao compact -vacuum": {check: contains("recompressed 0 blobs", "vacuumed nianbao.db")},
	"nianbao export -o values.csv                         # long: one row per value":                                                     {},
	"nianbao export -layout wide -year 2011-2017 -o wide.csv":                                                                            {},
	"nianbao export -layout wide -header two -o wide.csv  # a row of codes, then the labels":                                             {},
	"nianbao export -format xlsx -layout wide -o nianbao.xlsx":                                                                           {},
	"nianbao export -format jsonl -code proactive.total,requests.received -agency 平潭":                                                    {check: contains(`"agency":"平潭综合实验区"`)},
	"nianbao export -findings -o findings.csv":                                                                                           {},
	"nianbao compare -code proactive.total -year 2011-2017":                                                                              {},
	`nianbao query "SELECT agency, year, value FROM compare_values WHERE code = 'requests.received' AND dim = '' ORDER BY agency, year"`: {check: contains("平潭综合实验区")},
	`nianbao query -csv "SELECT * FROM latest_reports" > reports.csv`:                                                                    {check: contains(export.BOM + "report_id,")},
	"go run ./cmd/nianbao serve -db nianbao-demo.db   # then open http://127.0.0.1:8080/":                                                {flagsOnly: true}, // serves until stopped; TestServeLoopback runs it
	"nianbao crawl -sites sites.toml -site pingtan":                                                                                      {flagsOnly: true},
	"nianbao compare -db postgres://nianbao@db.example.org/nianbao -code requests.received":                                              {flagsOnly: true}, // a server of the reader's
	"nianbao crawl -log json -progress off      # for scheduled runs":                                                                    {flagsOnly: true},
	`nianbao schedule -cron "0 3 * * 1" -sites sites.toml -log json`:                                                                     {flagsOnly: true},
	"nianbao sites": {check: contains("pingtan")},
	`nianbao sites -json | jq -r 'select(.family == "trs") | .name'`: {check: func(t *testing.T, out string) {
		if !slices.ContainsFunc(jsonLines(t, out), func(r map[string]any) bool { return r["family"] == "trs" && r["name"] != "" }) {
			t.Errorf("no trs site:\n%s", out)
		}
	}},
	"nianbao runs -db nianbao-demo.db":                                                              {check: contains("pingtan-demo")},
	"nianbao runs -site pingtan":                                                                    {},
	"nianbao runs -site pingtan -skipped":                                                           {},
	"nianbao copy -from nianbao.db -to copy.db":                                                     {check: contains("check: ok: 17 tables")},
	`nianbao copy -from nianbao.db -to "postgres://nianbao@db.example.org/nianbao"`:                 {flagsOnly: true}, // TestCopyCommandPostgres runs it on the test server
	`nianbao copy -from "postgres://nianbao@db.example.org/nianbao" -to nianbao-back.db`:            {flagsOnly: true},
	"nianbao crawl -db postgres://crawler@db.example.org/nianbao -sites sites.toml -worker crawl-1": {flagsOnly: true},
	"nianbao crawl -db postgres://crawler@db.example.org/nianbao -sites sites.toml -worker crawl-2": {flagsOnly: true},
}

// contains checks that the output holds each of want.
func contains(want ...string) func(*testing.T, string) {
	return func(t *testing.T, out string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%.2000s", w, out)
			}
		}
	}
}

// shellLine splits a README command line as sh would, for what README
// uses: words, '…' and "…" quoting, a trailing # comment, a pipe (the
// rest is returned, not run) and > FILE, and globs expanded in dir.
func shellLine(line, dir string) (args []string, pipe, redirect string, err error) {
	var word strings.Builder
	inWord, quoted, glob := false, false, false
	var words []string
	var globs []bool
	end := func() {
		if inWord {
			words = append(words, word.String())
			globs = append(globs, glob && !quoted)
		}
		word.Reset()
		inWord, quoted, glob = false, false, false
	}
	rs := []rune(line)
	i := 0
scan:
	for ; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			if j == len(rs) {
				return nil, "", "", fmt.Errorf("unclosed %c", r)
			}
			word.WriteString(string(rs[i+1 : j]))
			inWord, quoted, i = true, true, j
		case r == ' ' || r == '\t':
			end()
		case r == '#' && !inWord:
			break scan
		case r == '|':
			end()
			pipe = strings.TrimSpace(string(rs[i+1:]))
			break scan
		case r == '>':
			end()
			rest := strings.Fields(string(rs[i+1:]))
			if len(rest) != 1 {
				return nil, "", "", fmt.Errorf("> needs one file: %q", string(rs[i:]))
			}
			redirect = rest[0]
			break scan
		default:
			if r == '*' || r == '?' {
				glob = true
			}
			word.WriteRune(r)
			inWord = true
		}
	}
	end()
	for k, w := range words {
		if !globs[k] {
			args = append(args, w)
			continue
		}
		m, err := filepath.Glob(filepath.Join(dir, w))
		if err != nil || len(m) == 0 {
			return nil, "", "", fmt.Errorf("%s matches no file", w)
		}
		for _, p := range m {
			rel, _ := filepath.Rel(dir, p)
			args = append(args, rel)
		}
	}
	return args, pipe, redirect, nil
}

func TestShellLine(t *testing.T) {
	args, pipe, redirect, err := shellLine(`nianbao query -csv "SELECT * FROM t WHERE a = 'x y'" > out.csv`, t.TempDir())
	if err != nil || strings.Join(args, "|") != "nianbao|query|-csv|SELECT * FROM t WHERE a = 'x y'" || pipe != "" || redirect != "out.csv" {
		t.Errorf("%q %q %q %v", args, pipe, redirect, err)
	}
	args, pipe, _, _ = shellLine(`nianbao sites -json | jq -r 'select(.family == "trs") | .name'`, "")
	if strings.Join(args, " ") != "nianbao sites -json" || pipe != `jq -r 'select(.family == "trs") | .name'` {
		t.Errorf("%q %q", args, pipe)
	}
	args, _, _, _ = shellLine(`nianbao export -o v.csv   # long: one row`, "")
	if strings.Join(args, " ") != "nianbao export -o v.csv" {
		t.Errorf("%q", args)
	}
}

// Every nianbao command line of README.md's sh blocks runs, in README
// order, in a directory holding the fixtures and sites.toml, against the
// databases the earlier lines made (import, then demo): it exits 0, and
// where README shows what it prints (after a "$ " prompt), it prints
// that. Commands that would reach real portals only parse their flags.
func TestReadmeExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo and imports every fixture")
	}
	exs := readmeExamples(t)
	seen := map[string]bool{}
	for _, ex := range exs {
		seen[ex.line] = true
		if _, ok := readmeCases[ex.line]; !ok {
			t.Errorf("README.md:%d: %q is not in readmeCases: say there how the test runs it", ex.at, ex.line)
		}
	}
	for line := range readmeCases {
		if !seen[line] {
			t.Errorf("readmeCases has %q, which README.md no longer shows", line)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(testutil.Root(), "fixtures"), filepath.Join(dir, "fixtures")); err != nil {
		t.Fatal(err)
	}
	sites, err := os.ReadFile(filepath.Join(testutil.Root(), "sites.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sites.toml"), sites, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	for _, ex := range exs {
		c := readmeCases[ex.line]
		args, pipe, redirect, err := shellLine(ex.line, dir)
		if err != nil {
			t.Fatalf("README.md:%d: %v", ex.at, err)
		}
		switch {
		case args[0] == "nianbao":
			args = args[1:]
		case slices.Equal(args[:3], []string{"go", "run", "./cmd/nianbao"}):
			args = args[3:]
		default:
			t.Fatalf("README.md:%d: %q", ex.at, ex.line)
		}
		if c.flagsOnly {
			args = append(args, "-h")
		}
		code, out, stderr := run(t, args...)
		if code != 0 {
			t.Errorf("README.md:%d: %s: exit %d\n%s", ex.at, ex.line, code, stderr)
			continue
		}
		if c.flagsOnly && !strings.Contains(stderr, "Usage: nianbao "+args[0]) {
			t.Errorf("README.md:%d: %s -h printed no usage: %s", ex.at, ex.line, stderr)
		}
		if redirect != "" {
			if err := os.WriteFile(redirect, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if ex.output != nil {
			if got, want := strings.TrimRight(out, "\n"), strings.Join(ex.output, "\n"); got != want {
				t.Errorf("README.md:%d: %s printed\n%s\nREADME shows\n%s\nfirst difference: %s", ex.at, ex.line, got, want, testutil.FirstDiff(want, got))
			}
		}
		switch {
		case c.check != nil:
			t.Run(fmt.Sprintf("line %d", ex.at), func(t *testing.T) { c.check(t, out) })
		case pipe != "" || redirect != "":
			t.Errorf("README.md:%d: %s: readmeCases needs a check of what goes to the pipe or file", ex.at, ex.line)
		}
	}
}

// The examples README.md gives in its text: the wide export's headers,
// and import's line for a report kept as an alternative, are what the
// tool prints.
func TestReadmeProse(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(testutil.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	db := importedDB(t)
	header := func(args ...string) [][]string {
		code, out, stderr := run(t, append([]string{"export", "-db", db, "-layout", "wide", "-no-dictionary", "-no-bom"}, args...)...)
		if code != 0 {
			t.Fatalf("export: exit %d: %s", code, stderr)
		}
		lines := strings.SplitN(out, "\n", 3)
		return [][]string{strings.Split(lines[0], ","), strings.Split(lines[1], ",")}
	}
	short, two := header(), header("-header", "two")
	for _, ex := range []struct {
		text string
		row  []string // the header row the text's columns are in
	}{
		{"`收到申请数 (件/条),收到申请数（历年累计） (条),收到申请数（自然人） (件)`", short[0]},
		{"`其他情形数 [review.other] (件)`", short[0]},
		{"`report_id,…,requests.received,requests.received/cumulative`", two[0]},
		{"`报告编号,机关,地区,年度,模板,来源,收到申请数 (件/条),…`", two[1]},
	} {
		if !strings.Contains(string(readme), ex.text) {
			t.Errorf("README.md no longer has %s: update this test", ex.text)
			continue
		}
		for _, col := range strings.Split(strings.Trim(ex.text, "`"), ",") {
			if col != "…" && !slices.Contains(ex.row, col) {
				t.Errorf("README.md shows the column %q (in %s); the export has no such header", col, ex.text)
			}
		}
	}

	// The version block: the lines nianbao version prints, with the
	// parser's version of today.
	vb := regexp.MustCompile("(?s)```\n(nianbao v[^`]*)```").FindSubmatch(readme)
	if vb == nil {
		t.Fatal("README.md no longer shows what nianbao version prints: update this test")
	}
	shown := strings.Split(strings.TrimSuffix(string(vb[1]), "\n"), "\n")
	printed := strings.Split(strings.TrimSuffix(versionText("v0.0.0", nil), "\n"), "\n")
	if len(shown) != len(printed) {
		t.Errorf("README.md shows %d version lines, nianbao version prints %d:\n%s", len(shown), len(printed), vb[1])
	}
	for i := range min(len(shown), len(printed)) {
		if a, b := strings.Fields(shown[i])[0], strings.Fields(printed[i])[0]; a != b {
			t.Errorf("version line %d: README.md %q, printed %q", i+1, shown[i], printed[i])
		}
	}
	if !slices.Contains(shown, "parser  "+parser.Version) {
		t.Errorf("README.md's version block does not show parser %s:\n%s", parser.Version, vb[1])
	}

	// The line import prints for the Pingtan 2019 text rendering
	// imported after the portal's page.
	m := regexp.MustCompile("(?m)^new +平潭综合实验区 2019 .*kept as alternative.*$").Find(readme)
	if m == nil {
		t.Fatal("README.md no longer shows import's alternative line: update this test")
	}
	text := testutil.Fixture("text/003_pingtan-zhqsyq_2019.txt")
	code, out, stderr := run(t, "import", "-db", filepath.Join(t.TempDir(), "alt.db"), testutil.Fixture("html/pingtan_2019.html"), text)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	abs, _ := filepath.Abs(text)
	want := strings.Replace(string(m), "…/", filepath.Dir(abs)+"/", 1)
	if !slices.Contains(strings.Split(out, "\n"), want) {
		t.Errorf("import printed\n%s\nREADME.md shows\n%s", out, want)
	}
}

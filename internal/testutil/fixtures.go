package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fixture is the path of the fixture document name, given as under
// fixtures/ with slashes: "seed/000_d451e8e22817c643.txt".
func Fixture(name string) string {
	return filepath.Join(Root(), "fixtures", filepath.FromSlash(name))
}

// ReadFixture returns the bytes of the fixture document name.
func ReadFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(Fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Fixtures are the paths of every fixture document the repository
// ships (fixtures/*/*, without the READMEs), sorted.
func Fixtures(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(Root(), "fixtures", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if !strings.HasSuffix(n, "README.md") {
			out = append(out, n)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d fixtures under %s", len(out), filepath.Join(Root(), "fixtures"))
	}
	return out
}

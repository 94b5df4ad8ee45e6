package nianbao_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportEdges keeps the imports pointing one way: the vocabulary at
// the root imports nothing of the project, the crawler and the store
// never the parser (they get decoding from internal/charset and their
// reader at store.Open).
func TestImportEdges(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool:", err)
	}
	for _, tc := range []struct {
		pkg       string
		forbidden func(dep string) bool
	}{
		{"nianbao", func(dep string) bool { return strings.HasPrefix(dep, "nianbao/") }},
		{"nianbao/crawler", func(dep string) bool { return dep == "nianbao/parser" }},
		{"nianbao/store", func(dep string) bool { return dep == "nianbao/parser" }},
	} {
		out, err := exec.Command("go", "list", "-deps", tc.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tc.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if tc.forbidden(dep) {
				t.Errorf("%s depends on %s", tc.pkg, dep)
			}
		}
	}
}

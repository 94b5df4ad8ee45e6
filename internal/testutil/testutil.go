// Package testutil holds what the tests of several packages share: the
// paths of the fixture documents (found from any package's directory),
// golden files rewritten with the one -update flag, and a logger that
// writes to the test's log. Only tests import it.
package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// root finds the repository's root once: the nearest directory, from
// the working directory up, that holds go.mod. go test runs each
// package's tests in the package's directory.
var root = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("testutil: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testutil: no go.mod above the working directory")
		}
		dir = parent
	}
})

// Root is the repository's root directory. It panics when the tests run
// outside the module, where no fixture can be found either.
func Root() string {
	dir, err := root()
	if err != nil {
		panic(err)
	}
	return dir
}

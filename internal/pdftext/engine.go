// Package pdftext reads the text of PDF documents with its position on the
// page. It runs PDFium compiled to WebAssembly
// (github.com/klippa-app/go-pdfium/webassembly) inside wazero: pure Go, no
// cgo, the module embedded in the binary. The guest sees no host files.
//
// The module is compiled once per process, on the first document, and the
// machine code is kept in a compilation cache under the user's cache
// directory (DefaultCacheDir), so later processes start in a fraction of a
// second. Documents are read one at a time. A module instance reads at most
// RecycleAfter documents and is then replaced (WebAssembly memory never
// shrinks, so a new instance keeps the memory of a long run bounded); one
// that failed, timed out or panicked is replaced at once.
package pdftext

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// DefaultCacheDir is where compiled machine code is kept between runs:
// <user cache dir>/nianbao/wazero, or "" when the system names no cache
// directory (then every process compiles the module again, 3–11 s).
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "nianbao", "wazero")
}

// RecycleAfter is how many documents one PDFium instance reads before it
// is replaced. A new instance costs about 25 ms.
const RecycleAfter = 16

// engine is the process's one PDFium pool, built on first use, and the
// instance in use.
var engine struct {
	sync.Mutex
	pool pdfium.Pool
	inst pdfium.Pdfium
	docs int // read by inst
	err  error
	// built is how long building it took (compiling or loading the cache).
	built time.Duration
}

// Warm builds the engine now rather than on the first document, and
// reports how long that took. Tests and benchmarks call it to keep the
// compile out of their measurements.
func Warm() (time.Duration, error) {
	engine.Lock()
	defer engine.Unlock()
	err := build()
	return engine.built, err
}

// build makes the pool; the caller holds engine's lock.
func build() error {
	if engine.pool != nil || engine.err != nil {
		return engine.err
	}
	start := time.Now()
	// NewRuntimeConfig picks wazero's compiler where it supports the
	// platform and its interpreter elsewhere (NewRuntimeConfigCompiler
	// would panic there).
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true) // Kill stops a call in flight
	if dir := DefaultCacheDir(); dir != "" {
		if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(c)
		}
	}
	ctx := experimental.WithCompilationWorkers(context.Background(), runtime.NumCPU())
	pool, err := webassembly.Init(webassembly.Config{
		Context: ctx, MinIdle: 0, MaxIdle: 1, MaxTotal: 1,
		FSConfig:      wazero.NewFSConfig(), // mount nothing
		RuntimeConfig: rc,
	})
	if err != nil {
		engine.err = fmt.Errorf("start pdfium: %w", err)
		return engine.err
	}
	engine.pool, engine.built = pool, time.Since(start)
	return nil
}

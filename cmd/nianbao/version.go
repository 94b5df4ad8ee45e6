package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"nianbao/parser"
)

// version is the program's version: the one set at build time with
// -ldflags "-X main.version=…", else the main module's version from the
// build info (a tag for go install nianbao@v1.2.0, a pseudo-version from
// the git commit for go build in a checkout), else "dev".
var version = "dev"

func init() {
	if bi, ok := debug.ReadBuildInfo(); ok && version == "dev" {
		version = moduleVersion(bi)
	}
}

// VersionCommand prints the version, the commit the binary was built
// from, and the parser's version.
type VersionCommand struct {
	Stdout, Stderr io.Writer
}

// Run prints the version lines.
func (c *VersionCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("version", "", c.Stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	bi, _ := debug.ReadBuildInfo()
	_, err := io.WriteString(c.Stdout, versionText(version, bi))
	return err
}

// moduleVersion is the main module's version in bi, or "dev" when the
// build has none ("(devel)": go run, go test, a build outside git).
func moduleVersion(bi *debug.BuildInfo) string {
	if bi == nil || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "dev"
	}
	return bi.Main.Version
}

// versionText is what nianbao version prints: the version v, then the
// commit, its time and whether the tree had uncommitted changes (from the
// vcs settings of bi, nil when there is no build info), the parser's
// version and the Go toolchain.
func versionText(v string, bi *debug.BuildInfo) string {
	settings := map[string]string{}
	goVersion := runtime.Version()
	if bi != nil {
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
	}
	commit := settings["vcs.revision"]
	switch {
	case commit == "":
		commit = "unknown (built without version control information)"
	case settings["vcs.modified"] == "true":
		commit += " (with uncommitted changes)"
	}
	date := settings["vcs.time"]
	if date == "" {
		date = "unknown"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "nianbao %s\n", v)
	fmt.Fprintf(&b, "commit  %s\n", commit)
	fmt.Fprintf(&b, "date    %s\n", date)
	fmt.Fprintf(&b, "parser  %s\n", parser.Version)
	fmt.Fprintf(&b, "go      %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

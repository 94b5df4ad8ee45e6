package main

import (
	"runtime/debug"
	"strings"
	"testing"

	"nianbao/parser"
)

// version, -version and --version print the same lines, with the
// parser's version; --version is not an unknown command.
func TestVersionCommand(t *testing.T) {
	var first string
	for _, arg := range []string{"version", "-version", "--version"} {
		code, out, stderr := run(t, arg)
		if code != 0 {
			t.Fatalf("nianbao %s: exit %d: %s", arg, code, stderr)
		}
		if !strings.HasPrefix(out, "nianbao ") || !strings.Contains(out, "\nparser  "+parser.Version+"\n") || !strings.Contains(out, "\ncommit  ") {
			t.Errorf("nianbao %s printed\n%s", arg, out)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("nianbao %s printed\n%s\nversion printed\n%s", arg, out, first)
		}
	}
	if code, _, _ := run(t, "version", "extra"); code != 2 {
		t.Errorf("version with an argument: exit %d, want 2", code)
	}
}

// The version lines come from the build info: the module's version, the
// commit, its time and whether the tree was modified.
func TestVersionText(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "nianbao", Version: "v0.0.0-20261206123730-d34ef9d5c15e"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "d34ef9d5c15ebaf13e25b0cbda9b8092d7f76642"},
			{Key: "vcs.time", Value: "2026-12-06T12:37:30Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want []string
	}{
		{"stamped", stamped, []string{
			"nianbao v0.0.0-20261206123730-d34ef9d5c15e\n",
			"commit  d34ef9d5c15ebaf13e25b0cbda9b8092d7f76642 (with uncommitted changes)\n",
			"date    2026-12-06T12:37:30Z\n",
			"parser  " + parser.Version + "\n",
			"go      go1.26.0 ",
		}},
		{"go run", &debug.BuildInfo{Main: debug.Module{Path: "nianbao", Version: "(devel)"}}, []string{
			"nianbao dev\n", "commit  unknown (built without version control information)\n", "date    unknown\n", "parser  " + parser.Version + "\n",
		}},
		{"no build info", nil, []string{"nianbao dev\n", "parser  " + parser.Version + "\n"}},
	} {
		got := versionText(moduleVersion(tc.bi), tc.bi)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", tc.name, w, got)
			}
		}
	}
	clean := *stamped
	clean.Settings = append(clean.Settings[:3:3], debug.BuildSetting{Key: "vcs.modified", Value: "false"})
	if got := versionText("v1.2.0", &clean); !strings.HasPrefix(got, "nianbao v1.2.0\ncommit  d34ef9d5c15ebaf13e25b0cbda9b8092d7f76642\n") {
		t.Errorf("clean tree, -ldflags version:\n%s", got)
	}
}

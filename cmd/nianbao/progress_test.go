package main

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"nianbao/crawler"
	"nianbao/crawler/demosite"
)

// screen replays what was written to a terminal: a carriage return goes
// back to the start of the line, a newline ends it, other characters
// overwrite. It returns the lines as they end up, trailing spaces cut.
func screen(s string) []string {
	var lines []string
	var cur []rune
	col := 0
	for _, r := range s {
		switch r {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, strings.TrimRight(string(cur), " "))
			cur, col = nil, 0
		default:
			if col < len(cur) {
				cur[col] = r
			} else {
				cur = append(cur, r)
			}
			col++
		}
	}
	if len(cur) > 0 {
		lines = append(lines, strings.TrimRight(string(cur), " "))
	}
	return lines
}

// A log line printed while the bar is shown gets a line of its own, and
// the bar is drawn again below it, its counts labelled.
func TestProgressLogLines(t *testing.T) {
	var out bytes.Buffer
	bar := newProgressLine(&out)
	lg := newLogger(bar, "text", slog.LevelWarn)
	bar.Update(crawler.Progress{RunStats: crawler.RunStats{Pages: 7, New: 4, Reports: 4, Errors: 0}, Queued: 3})
	lg.Warn("fetch failed", "url", "http://127.0.0.1/a.htm")
	bar.Update(crawler.Progress{RunStats: crawler.RunStats{Pages: 8, New: 5, Reports: 4, Errors: 1}, Queued: 2})
	bar.Finish()
	lg.Warn("after the bar")

	lines := screen(out.String())
	var warn, after int = -1, -1
	for i, l := range lines {
		if strings.Contains(l, "level=WARN") {
			if strings.Contains(l, "pages") && !strings.Contains(l, "msg=") {
				t.Errorf("line %d: log line shares the bar's line: %q", i, l)
			}
			if strings.Contains(l, "fetch failed") {
				warn = i
			}
			if strings.Contains(l, "after the bar") {
				after = i
			}
			if !strings.HasPrefix(l, "time=") {
				t.Errorf("line %d: log line does not start the line: %q", i, l)
			}
		}
	}
	if warn < 0 || after < 0 {
		t.Fatalf("log lines missing:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(out.String(), "pages 7 fetched (new 4, changed 0, gone 0), 3 queued, reports 4, errors 0") {
		t.Errorf("the first counts were not drawn:\n%q", out.String())
	}
	if warn+1 >= len(lines) || !strings.Contains(lines[warn+1], "pages 8 fetched (new 5, changed 0, gone 0), 2 queued, reports 4, errors 1") {
		t.Errorf("the bar is not drawn again under the log line:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[warn+1], " pages/") {
		t.Errorf("the bar has no rate: %q", lines[warn+1])
	}
	if strings.Contains(out.String(), "/-") {
		t.Errorf("unexplained count (7/-) in the bar:\n%s", out.String())
	}
}

// Log lines and updates from several goroutines never interleave: every
// line on the screen is a whole log line or the bar.
func TestProgressConcurrent(t *testing.T) {
	var out bytes.Buffer
	bar := newProgressLine(&out)
	lg := newLogger(bar, "text", slog.LevelWarn)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				bar.Update(crawler.Progress{RunStats: crawler.RunStats{Pages: i}})
				lg.Warn("retry", "worker", g, "n", i)
			}
		})
	}
	wg.Wait()
	bar.Finish()
	whole := regexp.MustCompile(`^time=\S+ level=WARN msg=retry worker=\d n=\d+$`)
	n := 0
	for _, l := range screen(out.String()) {
		switch {
		case l == "":
		case whole.MatchString(l):
			n++
		case strings.Contains(l, " pages ") && !strings.Contains(l, "level="):
		default:
			t.Errorf("mixed line %q", l)
		}
	}
	if n != 200 {
		t.Errorf("%d whole log lines, want 200", n)
	}
}

// A crawl with -progress on and a failing page: its warnings are lines
// of their own, and the bar's last state labels its counts.
func TestCrawlProgressOn(t *testing.T) {
	p, err := demosite.New(demosite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	broken := demosite.Entries("")[0].Path
	srv := httptest.NewServer(failing(p, func(path string) bool { return path == broken }))
	t.Cleanup(srv.Close)
	code, _, stderr := run(t, "crawl", "-db", filepath.Join(t.TempDir(), "bar.db"), "-sites", sitesFor(t, srv.URL+demosite.ListingPath),
		"-allow-private", "-delay", "0", "-progress", "on")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	lines := screen(stderr)
	warned, bar := false, ""
	for _, l := range lines {
		switch {
		case strings.Contains(l, "level="):
			warned = warned || strings.Contains(l, "level=WARN")
			if !strings.HasPrefix(l, "time=") || strings.Contains(l, " fetched (new ") {
				t.Errorf("log line shares a line with the bar: %q", l)
			}
		case strings.Contains(l, " fetched (new "):
			bar = l
		}
	}
	if !warned {
		t.Errorf("no warning logged for the failing page:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(bar, "pages 9 fetched (new 8, changed 0, gone 0), 0 queued, reports ") || !strings.Contains(bar, "errors 1 (") {
		t.Errorf("last bar %q", bar)
	}
}

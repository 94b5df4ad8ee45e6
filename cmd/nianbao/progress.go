package main

import (
	"fmt"
	"io"
	"sync"

	"github.com/schollz/progressbar/v3"

	"nianbao/crawler"
)

// progressLine is a crawl's progress bar on a terminal, and the writer
// the crawl's log lines go through while it is shown: a log line clears
// the bar, is printed on a line of its own, and the bar is drawn again
// under it, so that the two never share a line. One lock orders the
// bar's updates and the log lines of every goroutine.
type progressLine struct {
	mu   sync.Mutex
	w    io.Writer
	bar  *progressbar.ProgressBar
	done bool
}

// newProgressLine returns a progress line drawn on w.
func newProgressLine(w io.Writer) *progressLine {
	return &progressLine{w: w, bar: progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("crawling"),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetItsString("pages"),
		progressbar.OptionShowIts(),
	)}
}

// progressText labels the counts of p, e.g. "pages 7 fetched (new 4,
// changed 0, gone 0), 3 queued, reports 4, errors 0"; the bar adds the
// rate, "(2 pages/s)".
func progressText(p crawler.Progress) string {
	return fmt.Sprintf("pages %d fetched (new %d, changed %d, gone %d), %d queued, reports %d, errors %d",
		p.Pages, p.New, p.Changed, p.Gone, p.Queued, p.Reports, p.Errors)
}

// Update draws the counts of p.
func (l *progressLine) Update(p crawler.Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return
	}
	l.bar.Describe(progressText(p))
	l.bar.Set(p.Pages)
}

// Write prints one log line (or several) above the bar: it clears the
// bar, writes b and draws the bar again.
func (l *progressLine) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return l.w.Write(b)
	}
	l.bar.Clear()
	n, err := l.w.Write(b)
	l.bar.RenderBlank()
	return n, err
}

// Finish draws the bar a last time and ends its line.
func (l *progressLine) Finish() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return
	}
	l.done = true
	l.bar.Finish()
	fmt.Fprintln(l.w)
}

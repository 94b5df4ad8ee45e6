package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// chromePath finds a Chromium or Chrome binary: $NIANBAO_CHROME, else
// the usual names on PATH; "" when there is none.
func chromePath() string {
	if p := os.Getenv("NIANBAO_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser tests save their screenshots:
// $NIANBAO_SCREENSHOTS, else the test's temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("NIANBAO_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// browserLog keeps what the page did that a test refuses: console
// errors, exceptions, error log entries (a CSP violation, a failed
// load) and requests to any host but the test server's.
type browserLog struct {
	mu       sync.Mutex
	host     string
	errors   []string
	requests []string
	foreign  []string
}

func (b *browserLog) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value))
			}
			b.errors = append(b.errors, "console: "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		b.errors = append(b.errors, "exception: "+ev.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			b.errors = append(b.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		b.requests = append(b.requests, ev.Request.URL)
		if err != nil || u.Host != b.host {
			b.foreign = append(b.foreign, ev.Request.URL)
		}
	}
}

// take returns and clears what was kept.
func (b *browserLog) take() (errs, foreign []string, requests int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	errs, foreign, requests = b.errors, b.foreign, len(b.requests)
	b.errors, b.foreign, b.requests = nil, nil, nil
	return
}

// TestBrowser drives headless Chromium through every view of a small
// archive: each loads with no console error and no request to another
// host, the chart has one series per agency in the table, the table's
// values are the archive's, the search finds a fixture's phrase, and the
// XLSX download opens in excelize. Screenshots of each view are saved.
func TestBrowser(t *testing.T) {
	exe := chromePath()
	if exe == "" {
		t.Skip("no Chromium binary found (chromium, chromium-browser, google-chrome on PATH, or $NIANBAO_CHROME): browser tests skipped; .ci/run installs chromium with apt")
	}
	srv, db, _ := testServer(t)
	u, _ := url.Parse(srv.URL)
	shots := screenshotDir(t)
	downloads := t.TempDir()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900), chromedp.Flag("disable-background-networking", true), chromedp.Flag("no-proxy-server", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelT()

	bl := &browserLog{host: u.Host}
	if err := chromedp.Listen(ctx, bl.listen); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	downloaded := make(chan string, 1)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case downloaded <- e.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	on := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &on}); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}

	views := []struct{ name, path string }{
		{"overview", "/"},
		{"overview-en", "/?lang=en"},
		{"indicator", "/indicator?ind=requests.received&lang=zh"},
		{"report", "/report/3"},
		{"findings", "/findings"},
		{"search", "/search?q=" + url.QueryEscape("政策解读形式")},
	}
	for _, v := range views {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+v.path), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", v.name, err)
		}
		time.Sleep(100 * time.Millisecond) // late console and network events
		errs, foreign, n := bl.take()
		if n == 0 {
			t.Errorf("%s: no request seen: the network listener is not working", v.name)
		}
		for _, e := range errs {
			t.Errorf("%s: %s", v.name, e)
		}
		for _, f := range foreign {
			t.Errorf("%s: request to another host: %s", v.name, f)
		}
		if err := os.WriteFile(filepath.Join(shots, v.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", shots)

	// The chart against the table, the table against the archive.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/indicator?ind=requests.received"), chromedp.WaitReady(chromedp.ID("line-chart"))); err != nil {
		t.Fatal(err)
	}
	series, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#line-chart g.series').length`))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#values tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(testAgencies) || series != rows {
		t.Errorf("chart: %d series for %d agencies in the table (want %d)", series, rows, len(testAgencies))
	}
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](
		`Array.from(document.querySelectorAll('#values td[data-report]')).map(td => [td.dataset.report, td.querySelector('a').textContent])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) == 0 {
		t.Fatal("no value cells")
	}
	for _, c := range cells {
		id, _ := strconv.ParseInt(c[0], 10, 64)
		var v sql.NullFloat64
		one(t, db, `SELECT value FROM stats WHERE report_id = ? AND code = 'requests.received' AND dim = '' ORDER BY seq LIMIT 1`, []any{id}, &v)
		if want := numOrDash(v); c[1] != want {
			t.Errorf("report %d: browser shows %q, archive %q", id, c[1], want)
		}
	}

	// Search typed into the form.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "政策解读形式不够丰富"), chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.CSS("#results li"))); err != nil {
		t.Fatal(err)
	}
	results, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#results li')).map(li => li.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(testAgencies) || !strings.Contains(strings.Join(results, "\n"), "政策解读形式不够丰富") {
		t.Errorf("search results: %q", results)
	}

	// The XLSX button of the indicator view.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/indicator?ind=requests.received"), chromedp.WaitVisible(chromedp.ID("download-xlsx")),
		chromedp.Click(chromedp.ID("download-xlsx"))); err != nil {
		t.Fatal(err)
	}
	var guid string
	select {
	case guid = <-downloaded:
	case <-time.After(30 * time.Second):
		t.Fatal("the download did not complete")
	}
	f, err := excelize.OpenFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatalf("downloaded xlsx: %v", err)
	}
	defer f.Close()
	got, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(testAgencies)+1 {
		t.Errorf("xlsx: %d rows, want a header and %d agencies", len(got), len(testAgencies))
	}
	errs, foreign, _ := bl.take()
	for _, e := range append(errs, foreign...) {
		t.Error(e)
	}
}

func numOrDash(v sql.NullFloat64) string {
	if !v.Valid {
		return "—"
	}
	return fmt.Sprint(num(v.Float64))
}

package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:pw@example.org/nb/?a=1": "http://example.org/nb/?a=1",
		"https://user@example.org:8080/":     "https://example.org:8080/",
		"http://a%40b:p%3Aw@example.org/x":   "http://example.org/x",
		"http://example.org/a@b":             "http://example.org/a@b",
		"http://user:pw@[::1/x":              "http://[::1/x", // does not parse
		"http://u:p@h@example.org/":          "http://example.org/",
		"not a url":                          "not a url",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// A sites file with credentials in a URL is refused, and the error does
// not repeat them.
func TestConfigRefusesCredentials(t *testing.T) {
	for _, conf := range []string{
		"[[site]]\nname = \"a\"\nlistings = [\"http://user:secret@example.org/nb/\"]\n",
		"[[site]]\nname = \"a\"\nreports = [\"https://user@example.org/nb/1.htm\"]\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://user:secret@[::1/nb/\"]\n",
	} {
		_, err := ParseConfig([]byte(conf))
		if err == nil || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "user@") {
			t.Errorf("%q: error %v", conf, err)
		}
	}
	_, err := ParseConfig([]byte("[[site]]\nname = \"a\"\nlistings = [\"http://user:secret@example.org/nb/\"]\n"))
	if !errors.Is(err, ErrCredentials) || err.Error() != "site a: http://example.org/nb/: URL with credentials (user:password@) refused" {
		t.Errorf("error %v", err)
	}
	c := newTestCrawler(t, newMemSink(), nil)
	if _, err := c.Run(context.Background(), []Site{testSite("a", "http://user:secret@127.0.0.1:1/nb/")}); !errors.Is(err, ErrCredentials) || strings.Contains(err.Error(), "secret") {
		t.Errorf("Run error %v", err)
	}
}

// noSecret fails t when the sink or the log hold the secret.
func noSecret(t *testing.T, sink *memSink, log, secret string) {
	t.Helper()
	if strings.Contains(log, secret) {
		t.Errorf("the log holds %q:\n%s", secret, log)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	for _, d := range sink.docs {
		if s := fmt.Sprint(d.URL, d.FinalURL, d.Referrer, d.Title); strings.Contains(s, secret) {
			t.Errorf("a document holds %q: %s", secret, s)
		}
	}
	for _, f := range sink.logs {
		if s := fmt.Sprint(f.URL, f.ErrText()); strings.Contains(s, secret) {
			t.Errorf("the fetch log holds %q: %s", secret, s)
		}
	}
}

// A listing link with credentials is never requested; it is logged as
// skipped without them, once.
func TestListingLinkWithCredentials(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/zfxxgknb/index.htm", func(w http.ResponseWriter, r *http.Request) {
		host := strings.TrimPrefix(base, "http://")
		fmt.Fprint(w, listingHTML(
			[2]string{"http://user:secret@" + host + "/r/1.htm", "测试局2020年度政府信息公开工作年度报告"},
			[2]string{"http://other:secret2@" + host + "/r/1.htm", "测试局2020年度政府信息公开工作年度报告（重发）"},
			[2]string{"/r/2.htm", "测试局2021年度政府信息公开工作年度报告"},
		))
	})
	mux.HandleFunc("/r/", okReport("r"))
	srv, rec := serve(t, mux)
	base = srv.URL
	sink := newMemSink()
	c, lb := limitCrawler(t, sink, nil)
	stats, err := c.Run(context.Background(), []Site{testSite("test", base+"/zfxxgknb/index.htm")})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range rec.all() {
		if h.path == "/r/1.htm" || h.header.Get("Authorization") != "" {
			t.Errorf("requested %s (Authorization %q)", h.path, h.header.Get("Authorization"))
		}
	}
	logs := sink.fetchLogs(base + "/r/1.htm")
	if len(logs) != 1 || logs[0].Result != ResultSkipped || !errors.Is(logs[0].Err, ErrCredentials) {
		t.Errorf("fetch log %+v", logs)
	}
	if len(rec.requests("/r/2.htm")) != 1 || stats.Skipped != 1 || stats.New != 2 {
		t.Errorf("stats %+v", counts(stats))
	}
	noSecret(t, sink, lb.String(), "secret")
}

// A redirect to a URL with credentials is refused: the target is never
// requested, and neither the fetch log nor the log repeat them.
func TestRedirectWithCredentials(t *testing.T) {
	var base string
	handlers := map[string]http.HandlerFunc{
		"/r/1.htm": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://user:secret@"+strings.TrimPrefix(base, "http://")+"/r/3.htm", http.StatusFound)
		},
		"/r/3.htm": okReport("r3"),
	}
	base, rec := column(t, "", []string{"/r/1.htm"}, handlers)
	sink := newMemSink()
	c, lb := limitCrawler(t, sink, nil)
	stats, err := c.Run(context.Background(), []Site{testSite("test", base+"/zfxxgknb/index.htm")})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.requests("/r/3.htm")); n != 0 {
		t.Errorf("redirect target requested %d times", n)
	}
	logs := sink.fetchLogs(base + "/r/1.htm")
	if len(logs) != 1 || logs[0].Result != ResultError || !errors.Is(logs[0].Err, ErrCredentials) {
		t.Errorf("fetch log %+v", logs)
	}
	if stats.Errors != 1 {
		t.Errorf("stats %+v", counts(stats))
	}
	noSecret(t, sink, lb.String(), "secret")
}

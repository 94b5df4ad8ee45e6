package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestContainersAsSelectors checks containers.see against the selectors
// read one by one (.class among the class words, #id, tag) on every
// element of the real pages and of made-up ones: the same first element
// for each selector.
func TestContainersAsSelectors(t *testing.T) {
	matches := func(n *html.Node, sel string) bool {
		switch sel[0] {
		case '.':
			for _, c := range strings.Fields(attr(n, "class")) {
				if c == sel[1:] {
					return true
				}
			}
			return false
		case '#':
			return attr(n, "id") == sel[1:]
		}
		return n.Data == sel
	}
	pages, _ := filepath.Glob(filepath.Join("..", "fixtures", "html", "*.html"))
	if len(pages) == 0 {
		t.Fatal("no fixture pages")
	}
	var srcs [][]byte
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	srcs = append(srcs, []byte(`<div class="x content"><p class=" TRS_Editor\u00a0y" id="zoom">a</p>`+
		`<div id="content" class="content-main wzcon2"><span class="wzcon\u3000article_content">b</span></div>`+
		`<article class="article-content" id="UCAP-CONTENT">c</article><div class="TRS_UEDITOR" id="zoom">d</div></div>`))
	for i, src := range srcs {
		root, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		var got, want containers
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				got.see(n)
				for j, sel := range bodySelectors {
					if want[j] == nil && matches(n, sel) {
						want[j] = n
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
		if got != want {
			for j := range got {
				if got[j] != want[j] {
					t.Errorf("page %d, %s: see found %v, the selector %v", i, bodySelectors[j], got[j], want[j])
				}
			}
		}
	}
}

package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// checkRegionTree checks, for a page read by its region, that the tree
// buildRegion builds is the one html.Parse builds of the region (less the
// comments' text and the attributes readHTML does not read); built is
// whether buildRegion built it.
func checkRegionTree(t testing.TB, name string, src []byte) (built bool) {
	page, scan, ok := slimHTML(src)
	if !ok {
		return false
	}
	rg, ok := findRegion(page, &scan)
	if !ok {
		return false
	}
	got := buildRegion(page, &rg)
	if got == nil {
		return false
	}
	root, err := html.Parse(bytes.NewReader(rg.doc(page)))
	if err != nil {
		t.Fatal(err)
	}
	want := rg.container(root)
	if want == nil {
		t.Fatalf("%s: buildRegion built a region html.Parse does not give alone", name)
	}
	if d := readTreeDiff(want, got, "/"); d != "" {
		t.Fatalf("%s: buildRegion builds another tree than html.Parse: %s", name, d)
	}
	return true
}

// readAttrs are the attributes readHTML reads of an element.
func readAttrs(n *html.Node) []html.Attribute {
	var keys []string
	switch n.Data {
	case "meta":
		keys = metaAttrs
	case "td", "th":
		keys = spanAttrs
	}
	var out []html.Attribute
	for _, a := range n.Attr {
		for _, k := range keys {
			if a.Key == k {
				out = append(out, html.Attribute{Key: a.Key, Val: a.Val})
			}
		}
	}
	return out
}

// readTreeDiff describes the first difference between two trees as
// readHTML reads them, "" if none.
func readTreeDiff(a, b *html.Node, path string) string {
	same := a.Type == b.Type && a.Data == b.Data && a.DataAtom == b.DataAtom && a.Namespace == b.Namespace
	if a.Type == html.CommentNode && b.Type == html.CommentNode {
		same = true
	}
	if !same || !reflect.DeepEqual(readAttrs(a), readAttrs(b)) {
		return fmt.Sprintf("at %s: %v %q %q %v against %v %q %q %v", path, a.Type, a.Namespace, a.Data, readAttrs(a), b.Type, b.Namespace, b.Data, readAttrs(b))
	}
	ca, cb := a.FirstChild, b.FirstChild
	for i := 0; ca != nil || cb != nil; i++ {
		if ca == nil || cb == nil {
			return fmt.Sprintf("at %s: %d children against more or fewer", path, i)
		}
		if cb.Parent != b {
			return fmt.Sprintf("at %s: child %d has another parent", path, i)
		}
		if d := readTreeDiff(ca, cb, fmt.Sprintf("%s%s[%d]/", path, a.Data, i)); d != "" {
			return d
		}
		ca, cb = ca.NextSibling, cb.NextSibling
	}
	return ""
}

// TestBuildRegionSameTree checks buildRegion on every fixture page,
// slimCases, regionCases and buildCases, and that it builds the real
// pages' regions.
func TestBuildRegionSameTree(t *testing.T) {
	for name, src := range slimSources(t) {
		checkRegionTree(t, name, src)
	}
	for _, name := range []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html"} {
		src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
		if err != nil {
			t.Fatal(err)
		}
		if !checkRegionTree(t, name, src) {
			t.Errorf("%s: region not built", name)
		}
	}
}

// tokenMeta is addMeta through the tokenizer: the reading it replaces.
func tokenMeta(tag []byte) (name, content string) {
	z := html.NewTokenizer(bytes.NewReader(tag))
	z.Next()
	n := html.Node{Attr: z.Token().Attr}
	return attr(&n, "name"), attr(&n, "content")
}

// checkMetaTitle checks that the <meta> tags and <title> elements of a
// page are read as the tokenizer and html.Parse read them.
func checkMetaTitle(t testing.TB, name string, src []byte) {
	page, scan, ok := slimHTML(src)
	if !ok {
		return
	}
	for _, m := range scan.metas {
		tag := page[m[0]:m[1]]
		wn, wc := tokenMeta(tag)
		if gn, gc := startTagAttr(tag, "name"), startTagAttr(tag, "content"); gn != wn || gc != wc {
			t.Fatalf("%s: meta %q read as %q %q, the tokenizer gives %q %q", name, tag, gn, gc, wn, wc)
		}
	}
	for _, x := range scan.titles {
		el := page[x[0]:x[1]]
		if got, want := titleText(el), parsedTitleText(el); got != want {
			t.Fatalf("%s: title %q read as %q, html.Parse gives %q", name, el, got, want)
		}
	}
}

// metaTitleCases are <meta> tags and <title> elements with references,
// line breaks, upper-case and repeated keys, stray slashes.
var metaTitleCases = []string{
	`<meta name="ArticleTitle" content="平潭综合实验区 &amp; 2019年">`,
	`<META NAME=PubDate CONTENT='2020-01-02' name=x content=y>`,
	"<meta name=\"a\r\nb\" content=\"c\rd\">",
	`<meta/name=a/content=b/>`,
	`<meta name content="x">`,
	`<meta content="&#x4e2d;&nbsp;&lt;" name="&quot;n">`,
	`<meta name=a content=b` + "\x00" + `c>`,
	`<title>平潭 &amp; 年度报告</title>`,
	"<title>\r\n a\rb &lt;p&gt;</title>",
	`<title></title>`,
	`<TITLE lang=zh>  </TITLE>`,
	"<title>a\x00b</title>",
}

func TestMetaTitleAsTokenizer(t *testing.T) {
	for i, c := range metaTitleCases {
		checkMetaTitle(t, fmt.Sprintf("case %d", i), []byte("<html><head>"+c+"</head><body>x</body></html>"))
	}
	for name, src := range slimSources(t) {
		checkMetaTitle(t, name, src)
	}
}

// TestKeptKey checks keptKey against keptAttr of the lower-case key.
func TestKeptKey(t *testing.T) {
	for _, k := range []string{"class", "CLASS", "Id", "iD", "name", "NAME", "type", "Type", "content", "colspan", "ROWSPAN", "style", "width", "lang", "href", "ids", "i", "", "colspa", "contents", "clas s", "valign"} {
		if got, want := keptKey([]byte(k)), keptAttr(lowerInto(nil, []byte(k))); got != want {
			t.Errorf("keptKey(%q) = %v, keptAttr gives %v", k, got, want)
		}
	}
}

// checkFindRegion checks findRegion against walkFindRegion.
func checkFindRegion(t testing.TB, name string, src []byte) {
	page, scan, ok := slimHTML(src)
	if !ok {
		return
	}
	want, wok := walkFindRegion(page, &scan)
	got, gok := findRegion(page, &scan)
	if wok != gok || (wok && !reflect.DeepEqual(want, got)) {
		t.Fatalf("%s: findRegion gives %v %+v, the walk of the page %v %+v", name, gok, got, wok, want)
	}
}

// walkFindRegion is findRegion as it was, walking the page's tags again
// with the tree model: the reference for the model run while slimHTML
// reads the page.
func walkFindRegion(page []byte, scan *pageScan) (rg pageRegion, ok bool) {
	if scan.unsafe || scan.htmls > 1 || scan.bodies > 1 {
		return rg, false
	}
	at := -1 // the container's start tag
	for i, p := range scan.first {
		if bodySelectors[i] == "body" { // its text is the page's
			break
		}
		if p >= 0 {
			at = p
			break
		}
	}
	if at < 0 {
		return rg, false
	}
	metas, titles, tables := scan.metas, scan.titles, scan.tables

	// The page before the container, through a model of the tree
	// builder, gives the open elements around it.
	var m treeModel
	r := tagReader{src: page}
	lead, prev, rawPrev := -1, 0, false
	for r.next() {
		if !m.body && !rawPrev && !blank(page[prev:r.start]) {
			return rg, false // text before <body>
		}
		prev, rawPrev = r.end, r.kind == startTag && r.raw != ""
		switch r.kind {
		case startTag:
			if lead < 0 {
				lead = r.start
			}
			if !m.start(string(r.name)) {
				return rg, false
			}
		case endTag:
			if lead < 0 || !m.end(string(r.name)) {
				return rg, false
			}
		}
		if r.start == at {
			break
		}
	}
	if r.start != at || r.kind != startTag || !regionContainer(string(r.name)) || !m.body {
		return rg, false
	}
	rg.name = string(r.name)
	rg.ancestors = m.stack[:len(m.stack)-1]
	if m.form {
		return rg, false
	}
	for _, a := range rg.ancestors {
		if a == "a" || comparedAttrs([]byte(a)) {
			return rg, false // open formatting elements
		}
	}
	// The end tag that closes the container, by count.
	depth, end := 1, -1
	for depth > 0 && r.next() {
		if r.kind == otherTag || string(r.name) != rg.name {
			continue
		}
		switch r.kind {
		case startTag:
			depth++
		case endTag:
			depth--
		}
		end = r.end
	}
	if depth > 0 || r.bad {
		return rg, false
	}
	for _, t := range tables {
		if t < at || t >= end {
			return rg, false
		}
	}
	for _, x := range metas {
		switch {
		case x[1] <= at:
			rg.metaBefore = append(rg.metaBefore, x)
		case x[0] >= end:
			rg.metaAfter = append(rg.metaAfter, x)
		}
	}
	for _, x := range titles {
		switch {
		case x[1] <= at:
			rg.titleBefore = append(rg.titleBefore, x)
		case x[0] >= end:
			rg.titleAfter = append(rg.titleAfter, x)
		}
	}
	rg.at, rg.end = at, end
	rg.lead = lead
	return rg, true
}

// buildCases are made-up article contents for buildRegion, put in a
// plain portal page by regionPage: the tree builder's implied ends in
// tables and lists, formatting elements, raw text, references, line
// breaks, comments, and what buildRegion leaves to html.Parse.
var buildCases = []string{
	`<table><tr><td>1<td>2<tr><th colspan=2 rowspan="3">3</table>`,
	`<table><thead><tr><td>a</td></tr><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>c</tfoot></table>`,
	"<table>\n <tr>\n  <td><p><span>1</span></p></td>\n </tr>\n</table>",
	`<table><tr><td><table><tr><td>in</td></tr></table>out</td></tr></table>`,
	`<table><tr><td><b>x<i>y</td><td><a href=1>z</td></tr></table><p><a>q</a></p>`,
	`<table><tr><td><div><p>x</div></td></tr></table>`,
	`<table><td>1</td></table><table><tbody><td>2</table>`,
	`<table><tr><td>1</td></tr></tbody></table>`,
	`<table><tr><td>1</th></tr></table>`,
	`<table>x<tr><td>1</td></tr></table>`,
	`<table><p>x</p></table>`,
	`<table><caption>c</caption><tr><td>1</td></tr></table>`,
	`<table><colgroup><col width=2></colgroup><tr><td>1</td></tr></table>`,
	`<table><!-- c --><tr><!-- d --><td>1<!-- e --></td></tr></table>`,
	`<table><script>x</script><tr><td>1</td></tr></table>`,
	`<p>a<table><tr><td>1</td></tr></table>`,
	`<ul><li>a<li>b</ul><ol><li><p>c</p></li></ol><dl><dt>d<dd>e<dt>f</dl>`,
	`<ul><li><span>a<li>b</ul>`,
	`<p><b>x</p>y`,
	`<p><b>x</b></p><b><b><b><b>deep</b></b></b></b>`,
	`<font color=red><font color=red><font color=red><font color=red>n</font></font></font></font>`,
	`<a href=1>a<a href=2>b</a>`,
	`<h1>t</h1><h2>u</h3><h4><h5>v</h5></h4>`,
	"<pre>\nx\n</pre><pre>\r\ny</pre><listing>\n\nz</listing><pre></pre>",
	"a\r\nb\rc&amp;d&lt;e&nbsp;f&#20013;&#x6587;&notanentity; &amp",
	`a</>b<!DOCTYPE html>c<!-- x -->d<!x>e<?y?>f</ g>h`,
	`<p>x</p></p>`,
	`<p>x<br>y</br>z</p>`,
	`<p>x<img src=a></img><input type=hidden></input><hr></hr><meta name=k content=v></meta></p>`,
	`<title>T &amp; t</title><meta name="ArticleTitle" content="m &amp; n"><style>p{}</style><script>var a = "</p>";</script><noscript><p>n</p></noscript><xmp><b></xmp><iframe><p></iframe><noembed>e</noembed><noframes>f</noframes>`,
	`<textarea>t</textarea><select><option>o</select><button>b</button>`,
	`<form><p>x</p></form><form>y</form>`,
	`<div><form><p>x</div></form>`,
	`<span>x<p>y</span>`,
	`<o:p></o:p><o:p>x</O:P><custom-el a=b>c</custom-el>`,
	`<div>x</span>y</div>`,
	`<svg><title>x</title></svg><math><mi>1</mi></math>`,
	`<p>x</div><p>y`,
	`<marquee>m</marquee><object>o</object><nobr>n</nobr><ruby>r<rt>t</rt></ruby>`,
	`<center><section><article><main><aside><nav>deep</nav></aside></main></article></section></center>`,
	`<table><tr><td><li>a<li>b</td></tr></table>`,
	`<table><tr><td><p>a<td>b</table>`,
	`<table><tr><td>1</td></tr><tr><td>2</td></tr></table></td>`,
	`<table><tr><td>1</td></tr></table></tr>`,
	`<table><tbody><tr><td>1</td></tr></thead></table>`,
	`<table><tr><td>1</td></tr></table><table><tr><td><table><td>2</table></table>`,
}

// buildPage puts an article's content in a portal page.
func buildPage(content string) []byte {
	return []byte(regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p>`+content+`</div>`, ``))
}

// TestBuildRegionCases checks buildRegion on buildCases: the tree of
// html.Parse when it builds it, the same document as the whole page
// either way.
func TestBuildRegionCases(t *testing.T) {
	built := 0
	for i, c := range buildCases {
		src := buildPage(c)
		if checkRegionTree(t, fmt.Sprintf("build case %d", i), src) {
			built++
		}
		checkSlim(t, fmt.Sprintf("build case %d", i), src)
	}
	if built < len(buildCases)/2 {
		t.Errorf("only %d of %d cases built", built, len(buildCases))
	}
}

// FuzzBuildRegion checks buildRegion on any article content.
func FuzzBuildRegion(f *testing.F) {
	for _, c := range buildCases {
		f.Add(c)
	}
	f.Add(wordHTML[strings.Index(wordHTML, "<div class=WordSection1>"):strings.Index(wordHTML, "</body>")])
	f.Fuzz(func(t *testing.T, content string) {
		checkSlim(t, "fuzz", buildPage(content))
	})
}

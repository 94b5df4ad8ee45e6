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

	"nianbao/internal/charset"
)

// slimCases are made-up pages on which a reader of the bytes that does
// not follow the tokenizer exactly would change the tree: attributes
// inside raw text, RCDATA, comments and script escapes, quoting, stray
// slashes, duplicate and upper-case keys, formatting elements that the
// adoption agency compares by their attributes, a hidden <input> in a
// table, and pages slimHTML must leave alone (SVG, MathML, input ending
// inside a tag).
var slimCases = []string{
	`<html><head><title>a <td style=x> b</title><meta name="ArticleTitle" content="t" lang=zh></head><body><div class="TRS_Editor" style="x">` + strings.Repeat("正文", 120) + `</div></body></html>`,
	`<script>var s = "<td style=x>";</script><p style="a">x</p>`,
	`<script><!-- <script> "</script>" <p style=x> --></script><p style=y class=c>z</p>`,
	`<script><!--<script>--></script><p style=q>r</p>`,
	`<script><!-- </SCRIPT x><p style=1>t</p>`,
	`<style>p[style="a>b"] { x: "<p style=y>" }</style><p style="a>b" class=c>t</p>`,
	`<textarea><p style=x></textarea ><p style=y>`,
	`<xmp><p style=x></xmp><iframe><p style=x></iframe><noembed><b style=z></noembed><noframes><p style=x></noframes><noscript><p style=x></noscript>`,
	`<plaintext><p style=x><table style=y>`,
	`<!-- <p style=x> --><!--> <p style=a><!---> <p style=b><!-- --!> <p style=c><!-- --!- --> <p style=d>`,
	`<!DOCTYPE html><! bogus <p style=x> ><? pi <p style=y> ?><p style=z>`,
	`</p style="x>y"><p style=a>b</p></ foo <p style=c>><p>`,
	`<td/class=x/style=y/><p style = "a" class = 'b' id=c/>x`,
	`<p style=a/>x<br style=b/>y<p style=c>`,
	`<P STYLE=x CLASS=up ID=i Class=dup>t</P><div =x style=y>u</div><div style class=c>v</div><div class style=y>w</div>`,
	`<table style=a><tr style=b><td colspan=2 rowspan="2" style=c width=3>1</td><td style='d' COLSPAN=3 colspan=4>2</td></tr></table>`,
	`<table><input type=hidden style=x><tr><td>1</td></tr></table><table><input type=text style=x><tr><td>2</td></tr></table>`,
	`<p><b style=x>1<b style=x>2<b style=x>3<b style=y>4<b style=x>5</p>6<p>7</p>`,
	`<p><font face=a size=2>x<font face=a size=2>y<font face=a size=2>z<font face=a size=2>w</p>v`,
	`<a href=1 style=x>a<div style=y>b</a>c</div>`,
	`<p><a href=1>1<a href=1>2<a href=1>3<a href=2>4<a href=1>5</p>6<p>7</a>8`,
	`<table><tr><td><a href=1>1<a href=1>2</td><td><a href=1>3<a href=1>4<a href=1>5<p>6</a>7`,
	`<html style=x class=h><body style=y id=b><html lang=zh class=i><body class=j style=z>t`,
	`<p style=x>a<svg><title><p style=y>t</title><font color=red>q</font></svg>`,
	`<math><mi style=x>1</mi></math><p style=y>`,
	`<p style=x>a<p style="unterminated`,
	`<p style=x>a<!-- unterminated`,
	`<p style=x>a<!DOCTYPE`,
	`<p style=x>a</`,
	`<p style=x>a<`,
	`<div class="content" style="x">` + strings.Repeat("<p style=a>x</p>", 50) + `</div><div id="zoom" style=y>` + strings.Repeat("汉字", 150) + `</div>`,
	"<p\tstyle=x\nclass=c\r\nid=d\f>t</p><p style=\x00 class=\x00>u",
	wordHTML,
}

// wordHTML is the shape of a page saved by Word (filtered HTML), as
// pasted into portals' editors: Office namespaces, conditional comments
// and downlevel-revealed ones (<![if …]>), <o:p>, quotes of both kinds.
const wordHTML = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 14 (filtered medium)">
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri","sans-serif";} --></style>
<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>
<body lang=ZH-CN link=blue style='text-justify-trim:punctuation'><div class=WordSection1>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span style='font-family:宋体'>主动公开政府信息</span><span lang=EN-US>12</span><span style='font-family:宋体'>条</span><o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'><tr style='height:14.2pt'><td width=142 valign=top style='width:106.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><span style='font-family:宋体'>收到申请数</span></p></td><td width=142 valign=top style='width:106.5pt'><p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>3<o:p></o:p></span></p></td></tr></table>
</div></body></html>`

// regionPage is a made-up portal page: a head, the chrome before the
// article, the article container with its text, the chrome after it.
func regionPage(head, before, article, after string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>平潭综合实验区2019年政府信息公开工作年度报告</title>` + head +
		`</head><body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>` + before +
		article + after + `<div class="footer">主办单位</div><script>var x = "<div class=TRS_Editor>";</script></body></html>`
}

var regionText = strings.Repeat("一、总体情况。本机关认真贯彻落实《中华人民共和国政府信息公开条例》。", 5)

const regionTable = `<table><tr><td>本年新收政府信息公开申请数量</td><td>12</td></tr><tr><td rowspan=2>办理结果</td><td>3</td></tr></table>`

// regionCases are made-up pages for findRegion: the region read alone
// where the page is plain, the whole page where it is not, the same
// document either way.
var regionCases = []string{
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p>`+regionTable+`</div>`, ``),
	regionPage(`<meta name="ArticleTitle" content="a">`, `<div class="content"><p>`+regionText+`</p></div>`, `<div class="article_content"><div class=TRS_Editor><p>`+regionText+`</p></div></div>`, `<meta name="ArticleTitle" content="b"><meta name="PubDate" content="2020-01-02">`),
	regionPage(``, `<p><b>x</p>`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p></div></div><p>more</p></div>`, ``),
	regionPage(``, ``, `<div class="TRS_Editor"><div><p>`+regionText+`</p></div>`, `<p>chrome text inside the container</p>`),
	regionPage(``, ``, `<div class="TRS_Editor"><p><b>`+regionText+`</p></div>`, `<p>bold chrome</p>`),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, regionTable),
	regionPage(``, regionTable, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, ``, `<div class="TRS_Editor"><title>题</title><meta name="ArticleTitle" content="c"><p>`+regionText+`</p></div>`, `<title>后</title>`),
	regionPage(``, ``, `<div class="TRS_Editor"><p>short</p></div>`, `<div id="content">`+regionText+`</div>`),
	strings.Replace(regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+regionTable+`</p></div>`, ``), "<!DOCTYPE html>", "", 1),
	regionPage(``, `<form action=/s><input name=q><button>搜索</button>`, `<div class="TRS_Editor"><form><p>`+regionText+`</p></form></div>`, `</form>`),
	regionPage(``, `<form action=/s><input name=q><button>搜索</button></form>`, `<div class="TRS_Editor"><form><p>`+regionText+`</p></form></div>`, ``),
	regionPage(``, `<p>`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, `<div id="zoom">`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, `</div>`),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, `<body class="TRS_Editor">`),
	regionPage(``, `<select><option>a<meta name="x" content="y"></select>`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, `<select><option>a<meta name="ArticleTitle" content="y"></select>`),
	regionPage(``, `<font color=red>`, `<div class="TRS_Editor"><p><font color=red>`+regionText+`</font></p></div>`, `</font>`),
	regionPage(``, `<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>x<dd>y</dl><h1>t</h1>`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, `<span>`, `<div class="TRS_Editor"><p>`+regionText+`</span></p></div>`, `</span>`),
	regionPage(``, `<div>`, `<div class="TRS_Editor"><p>`+regionText+`</p></div>`, `</div>`),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p><frameset></frameset></div>`, ``),
	regionPage(``, ``, `<span class="TRS_Editor"><p>`+regionText+`</p></span>`, ``),
	regionPage(``, ``, `<div class="TRS&#95;Editor"><p>`+regionText+`</p></div>`, `<div class="TRS_Editor">`+regionText+`</div>`),
	regionPage(``, `<div class="TRS_Editor">`+regionText+`</div>`, `<div class="TRS&#95;Editor"><p>`+regionText+`</p></div>`, ``),
	regionPage(``, ``, `<article><p>`+regionText+`</p><div class="TRS_Editor">x</div></article>`, ``),
	regionPage(``, ``, `<DIV CLASS="TRS_Editor"><P>`+regionText+`</DIV>`, ``),
	regionPage(``, ``, `<div class="TRS_Editor"><p>`+regionText+`</p><div></div></div></div>`, `<div>trailing</div>`),
	regionPage(``, ``, `<div class="TRS_Editor">`+wordHTML[strings.Index(wordHTML, "<div class=WordSection1>"):strings.Index(wordHTML, "</body>")]+`<p>`+regionText+`</p></div>`, ``),
}

// TestFindRegionTaken checks that the real pages are read by their
// region, and that findRegion refuses pages it cannot tell the tree of.
func TestFindRegionTaken(t *testing.T) {
	for _, name := range []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html"} {
		src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
		if err != nil {
			t.Fatal(err)
		}
		slim, scan, _ := slimHTML(src)
		rg, ok := findRegion(slim, &scan)
		if !ok || readRegion(src, slim, &rg) == nil || len(rg.doc(slim))*3 > len(src) {
			t.Errorf("%s: not read by its region (found %v, %d of %d bytes)", name, ok, len(rg.doc(slim)), len(src))
		}
	}
	for i, c := range []int{2, 4, 5, 6, 7, 9, 11, 15, 16, 17, 18, 22} {
		page, scan, _ := slimHTML([]byte(regionCases[c]))
		rg, ok := findRegion(page, &scan)
		if ok && readRegion(page, page, &rg) != nil {
			t.Errorf("case %d (%d): read by its region", c, i)
		}
	}
	for _, c := range []int{0, 1, 3, 8, 10, 12, 13, 14, 19, 20, 23, 24, 25, 27, 29} {
		page, scan, _ := slimHTML([]byte(regionCases[c]))
		rg, ok := findRegion(page, &scan)
		if !ok || readRegion(page, page, &rg) == nil {
			t.Errorf("case %d: not read by its region", c)
		}
	}
}

// slimSources are the fixture pages, slimCases and regionCases.
func slimSources(t testing.TB) map[string][]byte {
	srcs := map[string][]byte{}
	pages, _ := filepath.Glob(filepath.Join("..", "fixtures", "*", "*.htm*"))
	if len(pages) == 0 {
		t.Fatal("no fixture pages")
	}
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[p] = src
	}
	for i, c := range slimCases {
		srcs[fmt.Sprintf("case %d", i)] = []byte(c)
	}
	for i, c := range regionCases {
		srcs[fmt.Sprintf("region case %d", i)] = []byte(c)
	}
	return srcs
}

// checkSlim checks the tree of slimHTML(src) against the tree of src less
// the attributes slimHTML drops, and readHTML's document against the one
// the whole page gives.
func checkSlim(t *testing.T, name string, src []byte) {
	slim, _, ok := slimHTML(src)
	if !ok {
		slim = src
	}
	want, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	got, err := html.Parse(bytes.NewReader(slim))
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		dropAttrs(want)
	}
	if diff := treeDiff(want, got, "/"); diff != "" {
		t.Fatalf("%s: the slimmed page gives another tree: %s", name, diff)
	}
	full, err := readHTMLTree(src, src)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := readHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(full, fast) {
		t.Fatalf("%s: readHTML gives another document than the whole page:\n%+v\n%+v", name, full, fast)
	}
	checkRegionTree(t, name, src)
	checkMetaTitle(t, name, src)
	checkFindRegion(t, name, src)
}

// dropAttrs removes from the tree the attributes slimHTML drops.
func dropAttrs(n *html.Node) {
	if n.Type == html.ElementNode && (n.Namespace != "" || !comparedAttrs([]byte(n.Data))) {
		kept := n.Attr[:0]
		for _, a := range n.Attr {
			if keptAttr([]byte(a.Key)) {
				kept = append(kept, a)
			}
		}
		n.Attr = kept
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		dropAttrs(c)
	}
}

// treeDiff describes the first difference between two trees, "" if none.
func treeDiff(a, b *html.Node, path string) string {
	if a.Type != b.Type || a.Data != b.Data || a.Namespace != b.Namespace || !reflect.DeepEqual(normAttr(a.Attr), normAttr(b.Attr)) {
		return fmt.Sprintf("at %s: %v %q %q %v against %v %q %q %v", path, a.Type, a.Namespace, a.Data, a.Attr, b.Type, b.Namespace, b.Data, b.Attr)
	}
	ca, cb := a.FirstChild, b.FirstChild
	for i := 0; ca != nil || cb != nil; i++ {
		if ca == nil || cb == nil {
			return fmt.Sprintf("at %s: %d children against more or fewer", path, i)
		}
		if d := treeDiff(ca, cb, fmt.Sprintf("%s%s[%d]/", path, a.Data, i)); d != "" {
			return d
		}
		ca, cb = ca.NextSibling, cb.NextSibling
	}
	return ""
}

func normAttr(a []html.Attribute) []html.Attribute {
	if len(a) == 0 {
		return nil
	}
	return a
}

// TestSlimHTMLSameTree checks slimHTML on every fixture page and on
// slimCases: the same tree, less the dropped attributes, and the same
// document from readHTML.
func TestSlimHTMLSameTree(t *testing.T) {
	for name, src := range slimSources(t) {
		checkSlim(t, name, src)
	}
}

// TestSlimHTMLSlims checks that slimHTML does slim the real pages (a
// third or less of their bytes are left) and leaves alone the pages it
// cannot read as the tokenizer does.
func TestSlimHTMLSlims(t *testing.T) {
	for _, name := range []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2024.html"} {
		src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
		if err != nil {
			t.Fatal(err)
		}
		slim, _, ok := slimHTML(src)
		if !ok || len(slim)*3/2 > len(src) {
			t.Errorf("%s: slimHTML left %d of %d bytes (ok %v)", name, len(slim), len(src), ok)
		}
	}
	for _, src := range []string{`<p style=x><svg></svg>`, `<MATH>`, `<p style=x`, `<p><!-- x`, `x<!doctype`, `</p`} {
		if _, _, ok := slimHTML([]byte(src)); ok {
			t.Errorf("slimHTML(%q) slimmed a page it cannot read as the tokenizer does", src)
		}
	}
}

// TestReadHTMLSameReport parses every HTML page of the fixtures with the
// whole page and with the slimmed one: the same report (metadata,
// records, findings).
func TestReadHTMLSameReport(t *testing.T) {
	n := 0
	for name, src := range slimSources(t) {
		d, err := charset.Read(src, "")
		if err != nil || !charset.LooksHTML(d.Text) {
			continue
		}
		n++
		full, err := readHTMLTree(d.Text, d.Text)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := readHTML(d.Text)
		if err != nil {
			t.Fatal(err)
		}
		want, got := readDocument(full, d.Charset, Options{Source: name}), readDocument(fast, d.Charset, Options{Source: name})
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: another report from the slimmed page:\n%+v\n%+v", name, want, got)
		}
	}
	if n < 5 {
		t.Fatalf("only %d HTML pages", n)
	}
}

// FuzzSlimHTML checks slimHTML on any input: the tree and document of
// the whole page.
func FuzzSlimHTML(f *testing.F) {
	for _, src := range slimSources(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSlim(t, "fuzz", src)
	})
}

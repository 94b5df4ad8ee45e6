package demosite

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"nianbao/internal/charset"
)

func get(t *testing.T, s *httptest.Server, path string, hdr http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestPortal(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(p)
	defer s.Close()

	// Each listing page carries its entries and the TRS pager.
	for i, path := range []string{ColumnPath, ColumnPath + "index_1.htm", ColumnPath + "index_2.htm"} {
		resp, b := get(t, s, path, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s", path, resp.Status)
		}
		page := string(b)
		for _, e := range Entries("") {
			if has := strings.Contains(page, `href="`+e.Href+`"`); has != (e.Page == i) {
				t.Errorf("%s: link to %s present %v, want %v", path, e.Href, has, e.Page == i)
			}
		}
		if pager := `createPageHTML(3, ` + string(rune('0'+i)) + `, "index", "htm")`; !strings.Contains(page, pager) {
			t.Errorf("%s: no %s", path, pager)
		}
		if !strings.Contains(page, `<meta name="ColumnName" content="政府信息公开年报"/>`) {
			t.Errorf("%s: not built from the real listing page", path)
		}
	}

	// Report pages are the fixtures' bytes, resolving each entry's href.
	for _, e := range Entries("") {
		if e.Path == "" {
			continue
		}
		resp, _ := get(t, s, e.Path, nil)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %s", e.Path, resp.Status)
		}
	}
	_, b := get(t, s, ColumnPath+"202001/t20200120_80576.htm", nil)
	if want, _ := os.ReadFile("../../fixtures/html/pingtan_2019.html"); !bytes.Equal(b, want) {
		t.Error("2019 report is not the fixture's bytes")
	}

	// The legacy page: GBK labelled gb2312, no charset in the header,
	// the same text as the fixture once decoded, plus the attachment.
	resp, b := get(t, s, ColumnPath+"201601/t20160112_80445.htm", nil)
	if ct := resp.Header.Get("Content-Type"); ct != "text/html" {
		t.Errorf("legacy page Content-Type %q", ct)
	}
	if bytes.Contains(b, []byte("平潭")) {
		t.Error("legacy page is UTF-8")
	}
	text, cs, err := charset.Decode(b, resp.Header.Get("Content-Type"))
	if err != nil || cs != "gb18030" {
		t.Fatalf("decode legacy page: %s, %v", cs, err)
	}
	fixture, _ := os.ReadFile("../../fixtures/html/pingtan_2015.html")
	want := strings.Replace(string(fixture), `<meta charset="utf-8"`, `<meta charset="gb2312"`, 1)
	want = strings.Replace(want, "\u200b", "&#8203;", -1)
	got := string(text)
	if i := strings.Index(got, "\n"+`                                  <li><a href="./P0201`); i < 0 {
		t.Error("legacy page has no attachment link")
	} else {
		end := strings.Index(got[i+1:], "\n")
		got = got[:i] + got[i+1+end:]
	}
	if got != want {
		t.Error("legacy page does not decode to the fixture")
	}
	if !strings.Contains(string(text), "开") || !strings.Contains(string(text), "開") {
		t.Error("legacy page lost its GBK-only characters")
	}

	// The attachments are the fixtures' report PDF and DOCX; the 2023
	// page is the fixture with the DOCX in its attachment list.
	resp, b = get(t, s, AttachmentPath, nil)
	if want, _ := os.ReadFile("../../fixtures/pdf/pingtan_2015.pdf"); resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Equal(b, want) {
		t.Errorf("PDF attachment: %s, not fixtures/pdf/pingtan_2015.pdf", resp.Header.Get("Content-Type"))
	}
	resp, b = get(t, s, WordAttachmentPath, nil)
	if want, _ := os.ReadFile("../../fixtures/word/pingtan_2023.docx"); !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") || !bytes.Equal(b, want) {
		t.Errorf("DOCX attachment: %s, not fixtures/word/pingtan_2023.docx", resp.Header.Get("Content-Type"))
	}
	_, b = get(t, s, ColumnPath+"202403/t20240308_87885.htm", nil)
	link := "\n" + `                                  <li><a href="./P020240308562870325421.docx" target="_blank">平潭综合实验区2023年度政府信息公开工作年度报告.docx</a></li>`
	if want, _ := os.ReadFile("../../fixtures/html/pingtan_2023.html"); !bytes.Equal(bytes.Replace(b, []byte(link), nil, 1), want) {
		t.Error("2023 report is not the fixture's bytes with the DOCX link")
	}
	resp, b = get(t, s, RobotsPath, nil)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || !strings.Contains(string(b), "Disallow: /fjdzapp/") {
		t.Errorf("robots.txt: %s", b)
	}

	// Conditional GET.
	resp, _ = get(t, s, ListingPath, nil)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("no validators: ETag %q Last-Modified %q", etag, lm)
	}
	if resp, _ = get(t, s, ListingPath, http.Header{"If-None-Match": {etag}}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %s", resp.Status)
	}
	if resp, _ = get(t, s, ListingPath, http.Header{"If-Modified-Since": {lm}}); resp.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %s", resp.Status)
	}

	// Set changes a page and its ETag; Remove makes it 404 and unlists it.
	path := ColumnPath + "202503/t20250310_97791.htm"
	old, ct, _ := p.Get(path)
	resp, _ = get(t, s, path, nil)
	oldTag := resp.Header.Get("ETag")
	p.Set(path, ct, append(bytes.Clone(old), "<!-- edited -->"...))
	if resp, _ = get(t, s, path, http.Header{"If-None-Match": {oldTag}}); resp.StatusCode != 200 {
		t.Errorf("edited page: %s", resp.Status)
	}
	p.Remove(path)
	if resp, _ = get(t, s, path, nil); resp.StatusCode != 404 {
		t.Errorf("removed page: %s", resp.Status)
	}
	if _, b = get(t, s, ColumnPath, nil); strings.Contains(string(b), "t20250310_97791") {
		t.Error("removed page still listed")
	}
}

// With ListAPI, the 2019 report is listed by the Hanweb-style column
// only: its page embeds the 2024 record, dataproxy.jsp answers the rest
// to a POST with the column's form.
func TestPortalListAPI(t *testing.T) {
	p, err := New(Options{ListAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(p)
	defer s.Close()
	e := p.Entries()
	_, idx1 := get(t, s, ColumnPath+"index_1.htm", nil)
	if strings.Contains(string(idx1), e[4].Href) {
		t.Error("the 2019 report is still on the TRS listing")
	}
	_, col := get(t, s, APIColumnPath, nil)
	for _, want := range []string{`<record><![CDATA[<li><a href="` + e[0].Path + `"`, "columnid:1813", "unitid:5201", "totalRecord: 2", DataproxyPath} {
		if !strings.Contains(string(col), want) {
			t.Errorf("column page lacks %q", want)
		}
	}
	if strings.Contains(string(col), e[4].Path) {
		t.Error("the column page embeds the 2019 record")
	}
	post := func(query, form string) (int, string) {
		resp, err := s.Client().Post(s.URL+DataproxyPath+"?"+query, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := post("startrecord=2&endrecord=2&perpage=1", "col=1&appid=1&webid=1&path=/&columnid=1813&unitid=5201")
	if code != 200 || !strings.Contains(body, "<totalrecord>2</totalrecord>") || !strings.Contains(body, e[4].Path) || !strings.Contains(body, e[0].Path) {
		t.Errorf("dataproxy: %d\n%s", code, body)
	}
	if _, body := post("startrecord=1&endrecord=2&perpage=1", "columnid=9&unitid=5201"); !strings.Contains(body, "<totalrecord>0</totalrecord>") || strings.Contains(body, "<record>") {
		t.Errorf("another column's records:\n%s", body)
	}
	if resp, _ := get(t, s, DataproxyPath+"?startrecord=2&endrecord=2", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET dataproxy: %s", resp.Status)
	}
	// Without ListAPI there is no such column.
	plain, _ := New(Options{})
	if _, _, ok := plain.Get(APIColumnPath); ok {
		t.Error("list-interface column without ListAPI")
	}
}

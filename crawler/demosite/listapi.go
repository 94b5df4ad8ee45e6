package demosite

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The list-interface column (Options.ListAPI) is shaped like a Hanweb
// jcms column: the page embeds its first record and declares the form
// and the total; dataproxy.jsp answers the rest.

// Form values of the column, as its page declares them.
const (
	apiColumnID = "1813"
	apiUnitID   = "5201"
)

// apiRecords are the entries the column lists, in order.
func apiRecords(entries []Entry) []Entry {
	var out []Entry
	for _, e := range entries {
		if e.InAPI {
			out = append(out, e)
		}
	}
	return out
}

// record is one datastore record: an <li> linking to the entry.
func record(e Entry) string {
	return fmt.Sprintf(`<record><![CDATA[<li><a href="%s" target="_blank" title="%s">%s</a><span class="bt-data-time">%s</span></li>]]></record>`, e.Path, e.Title, e.Title, e.Date)
}

// apiColumnPage is the column page: the first record embedded, one
// record a page, one page a group.
func apiColumnPage(entries []Entry) []byte {
	recs := apiRecords(entries)
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_平潭综合实验区党工委管委会</title>
<meta name="ColumnName" content="政府信息公开年报"/>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script></head><body>
<div class="main"><h2>政府信息公开年报</h2>
<div id="` + apiUnitID + `"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="` + DataproxyPath + `?page=1&webid=1&columnid=` + apiColumnID + `&unitid=` + apiUnitID + `"></a>]]></nextgroup>
<recordset>
`)
	if len(recs) > 0 {
		b.WriteString(record(recs[0]) + "\n")
	}
	fmt.Fprintf(&b, `</recordset></datastore></script></div>
<script>var param_%s = {col:1,appid:1,webid:1,path:'/',columnid:%s,sourceContentType:1,unitid:%s,webname:'平潭综合实验区',permissiontype:0};</script>
<script>$('#%s').jpage({dataStore: dataStore, perPage: 1, totalRecord: %d, groupSize: 1, proxyUrl: '%s', ajaxParam: param_%s});</script>
</div></body></html>`, apiUnitID, apiColumnID, apiUnitID, apiUnitID, len(recs), DataproxyPath, apiUnitID)
	return []byte(b.String())
}

// dataproxy answers a POST for records startrecord … endrecord of the
// column named by the form, starting with the record before them (the
// look-ahead row real jcms servers send), in datastore XML.
func (p *Portal) dataproxy(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var recs []Entry
	if r.PostForm.Get("columnid") == apiColumnID && r.PostForm.Get("unitid") == apiUnitID {
		recs = apiRecords(p.Entries())
	}
	start, err1 := strconv.Atoi(r.URL.Query().Get("startrecord"))
	end, err2 := strconv.Atoi(r.URL.Query().Get("endrecord"))
	if err1 != nil || err2 != nil || start < 1 || end < start {
		http.Error(w, "startrecord and endrecord required", http.StatusBadRequest)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>%d</totalrecord>\n<recordset>\n", len(recs))
	for i := max(start-1, 1); i <= min(end, len(recs)); i++ {
		b.WriteString(record(recs[i-1]) + "\n")
	}
	b.WriteString("</recordset>\n</datastore>\n")
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	fmt.Fprint(w, b.String())
}

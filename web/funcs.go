package web

import (
	"html/template"
	"strconv"
	"strings"
)

var funcs = template.FuncMap{
	"num":     num,
	"numPtr":  numPtr,
	"yearStr": yearStr,
	"snippet": snippetHTML,
	"add":     func(a, b float64) float64 { return a + b },
	"sub":     func(a, b float64) float64 { return a - b },
}

// num prints a value as the report printed it: no trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numPtr(v *float64) string {
	if v == nil {
		return "—"
	}
	return num(*v)
}

func yearStr(y int) string {
	if y == 0 {
		return "?"
	}
	return strconv.Itoa(y)
}

// Marks around the matched text in a snippet: control characters no
// report holds, turned into <mark> after the text is escaped.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

// snippetHTML escapes s and turns the match marks into <mark>.
func snippetHTML(s string) template.HTML {
	e := template.HTMLEscapeString(s)
	e = strings.ReplaceAll(e, markOpen, "<mark>")
	e = strings.ReplaceAll(e, markClose, "</mark>")
	return template.HTML(e)
}

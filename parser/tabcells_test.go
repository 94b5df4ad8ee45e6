package parser

import (
	"strings"
	"testing"
)

// Tabbed lines become pipe rows, a tab a cell's end; indented lines and
// "field：\tvalue" lines of the prose stay as they are.
func TestTabCells(t *testing.T) {
	lines := []string{
		"\t\t一、总体情况",
		"联系电话：\t0715-5123456",
		"规章\t0\t0\t0",
		"1.属于国家秘密\t\t\t",
		"\t\t23\t45",
		"行政许可\t2629",
	}
	tabCells(lines)
	want := []string{
		"\t\t一、总体情况",
		"联系电话：\t0715-5123456",
		"规章 | 0 | 0 | 0",
		"1.属于国家秘密 |  |  | ",
		" |  | 23 | 45",
		"行政许可 | 2629",
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], want[i])
		}
	}
}

// A tabbed report's contact lines are read as the same lines untabbed.
func TestTabbedContact(t *testing.T) {
	rows := "规章\t0\t0\t0\n规范性文件\t33\t8\t8\n"
	for _, phone := range []string{"联系电话：\t0715-5123456", "联系电话：0715-5123456"} {
		text := "赤壁市蒲纺工业园区2020年政府信息公开工作年度报告\n一、总体情况\n" + phone + "\n" + rows
		r, err := Parse([]byte(text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Contact == nil || !strings.Contains(r.Contact.Phone, "0715-5123456") {
			t.Errorf("%q: contact %+v, want the phone", phone, r.Contact)
		}
	}
}

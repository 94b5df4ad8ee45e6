package parser

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// htmlVariants rewrite a report page the ways portals print the same
// table: the values read from each must be those of the page as it is.
var htmlVariants = func() map[string]func(string) string {
	// a cell holding only a count, perhaps inside <p> and <span>
	cellNum := regexp.MustCompile(`(<td[^>]*>(?:\s*<[^>]+>)*\s*)(\d+)(\s*(?:<[^>]+>\s*)*</td>)`)
	eachNum := func(f func(string) string) func(string) string {
		return func(page string) string {
			return cellNum.ReplaceAllStringFunc(page, func(m string) string {
				sm := cellNum.FindStringSubmatch(m)
				return sm[1] + f(sm[2]) + sm[3]
			})
		}
	}
	fullWidth := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９")
	return map[string]func(string) string{
		"tags in capitals": strings.NewReplacer("<td", "<TD", "</td>", "</TD>", "<tr", "<TR", "</tr>", "</TR>").Replace,
		"header cells":     strings.NewReplacer("<td", "<th", "</td>", "</th>").Replace,
		"no white space between tags": func(page string) string {
			return regexp.MustCompile(`>\s+<`).ReplaceAllString(page, "><")
		},
		"no-break spaces around counts": eachNum(func(n string) string { return "&nbsp;" + n + "&nbsp;" }),
		"counts in styled paragraphs": eachNum(func(n string) string {
			return `<p style="text-align:center"><span style="font-family:宋体">` + n + `</span></p>`
		}),
		"full-width digits":       eachNum(fullWidth.Replace),
		"zero-width spaces":       eachNum(func(n string) string { return "\u200b" + n + "\u200b" }),
		"line breaks in cells":    eachNum(func(n string) string { return "\n\t\t" + n + "\n\t" }),
		"a unit after each count": eachNum(func(n string) string { return n + "件" }),
		"thousands separated": eachNum(func(n string) string {
			if len(n) > 3 {
				return n[:len(n)-3] + "," + n[len(n)-3:]
			}
			return n
		}),
		"half-width brackets": strings.NewReplacer("（", "(", "）", ")").Replace,
		"labels spaced out": func(page string) string {
			return regexp.MustCompile(`>(收到申请数|申请人|本年新收政府信息公开申请数量|主动公开文件数)<`).ReplaceAllStringFunc(page, func(m string) string {
				return ">" + strings.Join(strings.Split(m[1:len(m)-1], ""), " ") + "<"
			})
		},
		"labels broken by <br>": func(page string) string {
			return regexp.MustCompile(`本年新收政府信息公开申请数量|上年结转政府信息公开申请数量`).ReplaceAllStringFunc(page, func(m string) string {
				r := []rune(m)
				return string(r[:4]) + "<br/>" + string(r[4:])
			})
		},
		"tables cut in two": func(page string) string {
			return cutTables(page, func(n int) int {
				if n > 12 {
					return n / 2
				}
				return 0
			})
		},
		"an empty column at the right edge": func(page string) string {
			return regexp.MustCompile(`(?i)</tr>`).ReplaceAllString(page, "<td></td></tr>")
		},
		"Word's row of empty cells under each table": func(page string) string {
			return regexp.MustCompile(`(?i)</tbody>\s*</table>`).ReplaceAllString(page,
				`<tr height="0">`+strings.Repeat(`<td width="96" style="border:none"></td>`, 9)+`</tr></tbody></table>`)
		},
		"GBK": func(page string) string {
			page = regexp.MustCompile(`(?i)charset=["']?utf-8`).ReplaceAllString(page, "charset=gbk")
			// a character GBK lacks (in the chrome) as a GBK page has it: '?'
			b, err := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder()).String(page)
			if err != nil {
				panic(err)
			}
			return b
		},
	}
}()

func TestHTMLVariantsReadTheSame(t *testing.T) {
	for _, name := range []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html"} {
		page := string(readFixture(t, name))
		r, err := Parse([]byte(page), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(statValues(r), " ")
		if len(r.Stats) < 20 {
			t.Fatalf("%s: %d values", name, len(r.Stats))
		}
		for variant, rewrite := range htmlVariants {
			v, err := Parse([]byte(rewrite(page)), Options{})
			if err != nil {
				t.Errorf("%s, %s: %v", name, variant, err)
				continue
			}
			if got := strings.Join(statValues(v), " "); got != want {
				t.Errorf("%s, %s: values\n%s\nwant\n%s", name, variant, got, want)
			}
		}
	}
}

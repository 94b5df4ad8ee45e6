package parser

import "testing"

// agencyTable is a short 2021-format table, so that the documents below
// are reports whose identity the parser must find.
const agencyTable = `二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
行政规范性文件 | 6 | 1 | 32
`

// Titles and signatures as renderings of real reports print them.
func TestAgencyAndYear(t *testing.T) {
	for _, tc := range []struct {
		name, head, tail string
		agency           string
		year             int
		published        string
	}{
		{"title over two lines", "2024 年上海市科委政府信息公开工作\n年度报告\n", "",
			"上海市科委", 2024, ""},
		{"name of the report on the second line", "上海市科学技术委员会 2 0 2 4 年\n政府信息公开工作年度报告\n", "",
			"上海市科学技术委员会", 2024, ""},
		{"agency on the line above the title", "上海市科学技术委员会\n2024年政府信息公开工作年度报告\n", "",
			"上海市科学技术委员会", 2024, ""},
		{"spaced year in the opening", "政府信息公开工作年度报告\n本报告所列数据的统计期限自 2 0 2 4 年 1 月 1 日起。\n", "上海市科学技术委员会\n2 0 2 5 年 1 月 2 0 日\n",
			"上海市科学技术委员会", 2024, "2025-01-20"},
		{"signature with a page footer between", "2024年政府信息公开工作年度报告\n", "上海市科学技术委员会\n— 9 —\n2025年1月20日\n",
			"上海市科学技术委员会", 2024, "2025-01-20"},
		{"signature on one line", "2024年政府信息公开工作年度报告\n", "上海市科学技术委员会 2025年1月20日\n",
			"上海市科学技术委员会", 2024, "2025-01-20"},
		{"date in brackets under the agency", "2024年政府信息公开工作年度报告\n上海市科学技术委员会\n（2025年1月20日）\n", "",
			"上海市科学技术委员会", 2024, "2025-01-20"},
		{"fragment of the title rejected", "政府信息公开\n工作年度报告\n2024年，我区推进政务公开。\n", "2025年1月20日\n",
			"", 2024, "2025-01-20"},
		{"fragment under the date rejected", "2024年政府信息公开工作年度报告\n", "工作\n2025年1月20日\n",
			"", 2024, "2025-01-20"},
		{"contact sentence", "2024年政府信息公开工作年度报告\n", "如对本报告有任何疑问，请与上海市科学技术委员会办公室联系（电话：021-12345678）。\n",
			"上海市科学技术委员会", 2024, ""},
		{"the report's own pronoun is no agency", "2024年政府信息公开工作年度报告\n", "如有疑问，请与本机关联系。\n",
			"", 2024, ""},
		{"nor in the signature", "2024年政府信息公开工作年度报告\n", "本机关\n2025年1月20日\n",
			"", 2024, "2025-01-20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.head + "一、总体情况\n全年主动公开信息。\n" + agencyTable + "六、其他需要报告的事项\n无。\n" + tc.tail
			r, err := Parse([]byte(text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Agency != tc.agency || r.Year != tc.year || r.Published != tc.published {
				t.Errorf("agency %q year %d published %q, want %q %d %q (title %q)", r.Agency, r.Year, r.Published, tc.agency, tc.year, tc.published, r.Title)
			}
		})
	}
}

func TestValidAgency(t *testing.T) {
	for _, s := range []string{"工作", "年度报告", "政府信息公开", "政府信息公开工作", "信息公开年报", "2024年", "我局", "本机关", "关于", "工作年度"} {
		if validAgency(s) != "" {
			t.Errorf("validAgency(%q) accepted", s)
		}
	}
	for _, s := range []string{"上海市科委", "平潭综合实验区", "赣州市商务局", "沐阳县人民政府"} {
		if validAgency(s) != s {
			t.Errorf("validAgency(%q) = %q", s, validAgency(s))
		}
	}
}

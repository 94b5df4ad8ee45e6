package region

import "testing"

func TestInfer(t *testing.T) {
	tests := []struct {
		name                   string
		agency, title, context string
		want                   Place
	}{
		{"county, full name", "沭阳县人民政府", "", "", Place{"321322", County, "江苏省宿迁市沭阳县"}},
		{"prefecture, short after province", "江西赣州市商务局", "", "", Place{"360700", Prefecture, "江西省赣州市"}},
		{"prefecture, short form", "赣州商务局", "", "", Place{"360700", Prefecture, "江西省赣州市"}},
		{"province-level 厅", "江苏省交通运输厅", "", "", Place{"320000", Province, "江苏省"}},
		{"autonomous region", "新疆维吾尔自治区人民政府", "", "", Place{"650000", Province, "新疆维吾尔自治区"}},
		{"autonomous prefecture as 州", "恩施州民政局", "", "", Place{"422800", Prefecture, "湖北省恩施土家族苗族自治州"}},
		{"city name over province short", "吉林市人民政府", "", "", Place{"220200", Prefecture, "吉林省吉林市"}},
		{"ambiguous district: no code, its tier", "朝阳区人民政府", "", "", Place{Level: County}},
		{"ambiguous district, context picks", "朝阳区人民政府", "", "北京市", Place{"110105", County, "北京市朝阳区"}},
		{"ambiguous district, context code picks", "朝阳区人民政府", "", "220000", Place{"220104", County, "吉林省长春市朝阳区"}},
		{"ambiguous within one province: the province's code", "鼓楼区人民政府", "", "江苏省", Place{"320000", County, "江苏省"}},
		{"ambiguous prefecture and county: no tier", "朝阳人民政府", "", "", Place{}},
		{"zone on a county's ground", "平潭综合实验区", "", "福建省", Place{"350128", County, "福建省福州市平潭县"}},
		{"township of a municipality's district", "重庆市长寿区云台镇人民政府", "", "", Place{"500115", Township, "重庆市长寿区"}},
		{"subdistrict of a province's own county", "潜江市周矶街道办事处", "", "", Place{"429005", Township, "湖北省潜江市"}},
		{"no division: context", "住房和城乡建设局", "", "江苏省宿迁市沭阳县", Place{"321322", County, "江苏省宿迁市沭阳县"}},
		{"no division, no context", "高新区社会发展局", "", "", Place{}},
		{"misspelt county not guessed", "沐阳县人民政府", "", "", Place{}},
		{"title when the agency is empty", "", "2017年度赣州市商务局信息公开工作报告", "", Place{"360700", Prefecture, "江西省赣州市"}},
		{"given region wins over the name", "赣州市商务局", "", "江苏省", Place{"320000", "", "江苏省"}},
		{"township with no division known", "云台镇人民政府", "", "", Place{Level: Township}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Infer(tt.agency, tt.title, tt.context); got != tt.want {
				t.Errorf("Infer(%q, %q, %q) = %+v, want %+v", tt.agency, tt.title, tt.context, got, tt.want)
			}
		})
	}
}

func TestAgencyKind(t *testing.T) {
	tests := []struct {
		agency string
		want   Kind
	}{
		{"沭阳县人民政府", Government},
		{"重庆市长寿区云台镇人民政府", Government},
		{"潜江市周矶街道办事处", Government},
		{"平潭综合实验区管理委员会", Government},
		{"平潭综合实验区", Government},
		{"江苏省人民政府办公厅", Office},
		{"沭阳县人民政府办公室", Office},
		{"赣州市商务局", Department},
		{"江苏省交通运输厅", Department},
		{"北京市人民政府国有资产监督管理委员会", Department},
		{"宿迁市发展和改革委", Department},
		{"蒲纺工业园区", Government},
		{"某某公司", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := AgencyKind(tt.agency); got != tt.want {
			t.Errorf("AgencyKind(%q) = %q, want %q", tt.agency, got, tt.want)
		}
	}
}

func TestForms(t *testing.T) {
	tests := []struct {
		d    Division
		want []string
	}{
		{Division{Name: "江西省", Level: Province}, []string{"江西省", "江西"}},
		{Division{Name: "广西壮族自治区", Level: Province}, []string{"广西壮族自治区", "广西"}},
		{Division{Name: "西藏自治区", Level: Province}, []string{"西藏自治区", "西藏"}},
		{Division{Name: "延边朝鲜族自治州", Level: Prefecture}, []string{"延边朝鲜族自治州", "延边州", "延边"}},
		{Division{Name: "城区", Level: County}, []string{"城区"}},
		{Division{Name: "长阳土家族自治县", Level: County}, []string{"长阳土家族自治县", "长阳"}},
	}
	for _, tt := range tests {
		got := forms(&tt.d)
		if len(got) != len(tt.want) {
			t.Errorf("forms(%s) = %q, want %q", tt.d.Name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("forms(%s) = %q, want %q", tt.d.Name, got, tt.want)
			}
		}
	}
}

func TestList(t *testing.T) {
	if n := Count(); n < 3000 {
		t.Errorf("embedded list has %d divisions, want over 3000", n)
	}
	for code, want := range map[string]string{"320000": "江苏省", "321300": "江苏省宿迁市", "110105": "北京市朝阳区", "429005": "湖北省潜江市"} {
		if got := FullName(code); got != want {
			t.Errorf("FullName(%s) = %q, want %q", code, got, want)
		}
	}
	if _, ok := Lookup("130171"); ok {
		t.Error("a statistics-only zone (130171) is in the list")
	}
	for _, bad := range []string{"12345\t某地\n", "110000 北京市\n", "110101\t东城区\n"} {
		if _, err := parseList(bad); err == nil {
			t.Errorf("parseList(%q) did not fail", bad)
		}
	}
}

package region

import (
	"sort"
	"strings"
)

// suffixes are the endings a short form drops, by level, longest first.
// 自治州 also gives the common form ending in 州 (恩施州).
var suffixes = map[Level][]string{
	Province:   {"自治区", "省", "市"},
	Prefecture: {"自治州", "地区", "盟", "市"},
	County:     {"自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"},
}

// ethnic are the names of the 56 nationalities, which the names of
// autonomous divisions carry before 族 (恩施土家族苗族自治州).
var ethnic = func() []string {
	names := strings.Fields(`汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
		高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
		乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺`)
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names
}()

// minShort is the fewest characters a short form has: one character
// (城 of 城区, 和 of 和县) names nothing on its own.
const minShort = 2

// forms are the names d is written with at the start of an agency's
// name: its full name and short forms without the level word
// (江西省 → 江西, 赣州市 → 赣州, 沭阳县 → 沭阳, 延边朝鲜族自治州 → 延边,
// 延边州).
func forms(d *Division) []string {
	out := []string{d.Name}
	for _, suf := range suffixes[d.Level] {
		stem, ok := strings.CutSuffix(d.Name, suf)
		if !ok {
			continue
		}
		if strings.HasPrefix(suf, "自治") {
			stem = stripEthnic(stem)
			if suf == "自治州" && len([]rune(stem)) >= minShort {
				out = append(out, stem+"州")
			}
		}
		if len([]rune(stem)) >= minShort && stem != d.Name {
			out = append(out, stem)
		}
		break
	}
	return out
}

// stripEthnic drops the nationalities at the end of stem:
// 恩施土家族苗族 → 恩施, 广西壮族 → 广西, and a nationality of two or more
// characters written without 族 when two characters remain: 新疆维吾尔 →
// 新疆 (but 西藏 stays).
func stripEthnic(stem string) string {
	for {
		cut := false
		for _, e := range ethnic {
			if s, ok := strings.CutSuffix(stem, e+"族"); ok && s != "" {
				stem, cut = s, true
				break
			}
			if s, ok := strings.CutSuffix(stem, e); ok && len([]rune(e)) >= 2 && len([]rune(s)) >= minShort {
				stem, cut = s, true
				break
			}
		}
		if !cut {
			return stem
		}
	}
}

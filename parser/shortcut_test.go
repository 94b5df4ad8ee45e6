package parser

import (
	"encoding/binary"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The text path answers several questions from bytes where it decoded
// runes or ran patterns. The tests here hold each shortcut to what it
// replaces, over every line and pipe cell of the text fixtures, edge
// cases of UTF-8 and Clean, and random strings made of both.

// shortcutSamples returns the strings the shortcut tests try.
func shortcutSamples(t *testing.T) []string {
	t.Helper()
	out := []string{
		"", " ", "0", "12345678901", "1234567890", "１２３４５６７８９０１", "12345 678901", "123\u200b45678901",
		"\u3000", "\u00a0", "\f", "\x1f", "\x7f", "a", "条", "万元", "无", "暂无", "— 4 —", "- 4 -", "第 4 页 共 9 页",
		"共9页 第4页", "4 / 9", "第4页", "12", "4—", "4–", "4－", "4―", "页", "\xe4\xb8", "\xe4", "\xed\xa0\x80",
		"\xe0\xa4\x80", "\xe0\x80\x80", "\xef\xbc\x91", "\xef\xbf\xbd", "\xf0\x9f\x98\x80", "\xc2\xa0", "\xc2",
		"结果维持结果纠正", "（一）收到申请数", "22（其中修订16件）", "本年度办理结果（一）予以公开",
	}
	for _, text := range fixtureTexts(t) {
		for _, l := range strings.Split(text, "\n") {
			out = append(out, l)
			if strings.Contains(l, "|") {
				out = append(out, strings.Split(l, "|")...)
			}
		}
	}
	// random strings of pieces of the others and of single bytes
	rnd := rand.New(rand.NewSource(1))
	n := len(out)
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for k := rnd.Intn(5); k >= 0; k-- {
			s := out[rnd.Intn(n)]
			if s != "" {
				j := rnd.Intn(len(s) + 1)
				s = s[j:min(len(s), j+rnd.Intn(12))]
			}
			b.WriteString(s)
			if rnd.Intn(3) == 0 {
				b.WriteByte(byte(rnd.Intn(256)))
			}
		}
		out = append(out, b.String())
	}
	return out
}

func TestFirstRunesAsRange(t *testing.T) {
	ranged := func(s string, n int) string {
		i := 0
		for j := range s {
			if i == n {
				return s[:j]
			}
			i++
		}
		return s
	}
	for _, s := range shortcutSamples(t) {
		for _, n := range []int{0, 1, 2, 3, 5, 40, 600} {
			if got, want := firstRunes(s, n), ranged(s, n); got != want {
				t.Fatalf("firstRunes(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func TestRuneSetAsContainsRune(t *testing.T) {
	sets := []string{unitRunes, "万元条件次篇个人项家份无空暂没有", "结行复本不无其申信", "a|\u3000\ufffd"}
	for _, chars := range sets {
		set := newRuneSet(chars)
		for _, s := range shortcutSamples(t) {
			want := false
			for _, r := range s {
				if strings.ContainsRune(chars, r) {
					want = true
				}
				if got := set.has(r); got != strings.ContainsRune(chars, r) {
					t.Fatalf("set %q has(%q) = %v", chars, r, got)
				}
			}
			if got := set.in(s); got != want {
				t.Fatalf("set %q in(%q) = %v, want %v", chars, s, got, want)
			}
		}
	}
}

func TestIsGluedRunAsClean(t *testing.T) {
	for _, s := range shortcutSamples(t) {
		c := strings.ReplaceAll(Clean(s), " ", "")
		want := len(c) >= gluedDigits && allDigits(c)
		if got := isGluedRun(s); got != want {
			t.Fatalf("isGluedRun(%q) = %v, want %v", s, got, want)
		}
		if keepsNonDigit(s) && allDigits(c) && c != "" {
			t.Fatalf("keepsNonDigit(%q), but Clean leaves digits only: %q", s, c)
		}
	}
}

func TestIsFooterAsPatterns(t *testing.T) {
	for _, s := range shortcutSamples(t) {
		l := strings.TrimSpace(strings.Trim(s, "\f \t\u3000"))
		want := false
		if l != "" && len(l) <= 40 {
			for _, re := range footerRes {
				want = want || re.MatchString(l)
			}
		}
		if got := isFooter(s); got != want {
			t.Fatalf("isFooter(%q) = %v, want %v", s, got, want)
		}
	}
	if !utf8.ValidString("— 4 —") || !isFooter("— 4 —") || !isFooter("第 4 页 共 9 页") || isFooter("0 |") {
		t.Fatal("isFooter: known footers")
	}
}

func TestSpaceAtAsIsSpace(t *testing.T) {
	for r := rune(0x80); r <= 0xFFFF; r++ {
		s := string(r) + "x"
		if got, want := spaceAt(s, 0) > 0, unicode.IsSpace(r); got != want {
			t.Fatalf("spaceAt(%U) = %v, want %v", r, got, want)
		}
		if n := spaceAt(s, 0); n > 0 && n != utf8.RuneLen(r) {
			t.Fatalf("spaceAt(%U) = %d bytes", r, n)
		}
	}
	for _, s := range shortcutSamples(t) {
		if got, want := compactPrefix(s, len(s)), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("compactPrefix(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestIndexAnnounceAsRegexp(t *testing.T) {
	samples := append(shortcutSamples(t), "特公布2017年度赣州市商务局信息公开工作报告。", "现发布如下《某某局2020年政府信息公开工作年度报告》",
		"形成了本报告发布《x", "编制公布2019年度政府信息公开报告")
	for _, s := range samples {
		want := announceRe.FindStringSubmatch(s)
		got := submatchFrom(announceRe, s, indexAnnounce(s))
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || (got == nil) != (want == nil) {
			t.Fatalf("announce in %q: %q, want %q", s, got, want)
		}
	}
}

func TestIsBlankAsTrimSpace(t *testing.T) {
	samples := append(shortcutSamples(t), " \u3000\t", "\u00a0\u2028", "\u3000x", " \xe3\x80", "\xc2\x85 ", "x\u3000", "x\u00a0",
		"x\xe2\xc2\xa0", "\x80\x80\u3000", "\u205fx\u205f", "x\xe3\x80\x80\x80", "\u2029\u1680x\u0085")
	for _, s := range samples {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := isBlank(s), strings.TrimSpace(s) == ""; got != want {
			t.Fatalf("isBlank(%q) = %v, want %v", s, got, want)
		}
		if got, want := hasLabelMark(s), strings.IndexAny(s, " ():;,") >= 0; got != want {
			t.Fatalf("hasLabelMark(%q) = %v, want %v", s, got, want)
		}
		// readNumber takes Clean's result as trimmed
		if c := Clean(s); strings.TrimSpace(c) != c {
			t.Fatalf("Clean(%q) = %q, with white space at an end", s, c)
		}
	}
}

// keyByRunes and stripEnumScan are key and stripEnum as they were before
// their byte shortcuts.
func keyByRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r = foldRune(r); keyRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func stripEnumScan(label string) string {
	s := strings.TrimSpace(Clean(label))
	for {
		t := strings.TrimLeft(strings.TrimPrefix(s, "其中"), ":、. ")
		if strings.HasPrefix(t, "(") {
			if i := strings.IndexByte(t, ')'); i > 1 && isEnum(t[1:i]) {
				t = t[i+1:]
			}
		}
		if i := strings.IndexAny(t, "、."); i > 0 && isEnum(t[:i]) {
			t = t[i:]
			t = strings.TrimPrefix(strings.TrimPrefix(t, "、"), ".")
		}
		t = strings.TrimLeft(t, ":、. ")
		if t == s {
			return s
		}
		s = t
	}
}

func TestKeyAndStripEnumAsScans(t *testing.T) {
	samples := append(shortcutSamples(t), "其中：1.政府公报", "（一）收到申请数", "十二、其他", "一二三", "3、", "(三) 予以公开", "Ａｂ１２", "a\u00adb",
		"1.\u4dff一\u9fff\ua000\ua830", "x.\u4dc0", "(\u9fff)\ue000", "a.\xe9\xbf", "a.\xe4\xb8\x80z")
	for _, s := range samples {
		if got, want := key(s), keyByRunes(s); got != want {
			t.Fatalf("key(%q) = %q, want %q", s, got, want)
		}
		if got, want := stripEnum(s), stripEnumScan(s); got != want {
			t.Fatalf("stripEnum(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestControlBytesAsLoop(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	samples := shortcutSamples(t)
	for k := 0; k < 20000; k++ {
		var b []byte
		if k < len(samples) {
			b = []byte(samples[k])
		} else {
			b = make([]byte, rnd.Intn(100)) // the 32- and 8-byte steps and the tail
			near := 2                       // one byte in near is close to the bound
			if k%2 == 0 {
				near = 60 // most words with none below it
			}
			for i := range b {
				b[i] = byte(rnd.Intn(256))
				if rnd.Intn(near) == 0 {
					b[i] = byte(rnd.Intn(0x30)) // near the bound
				}
			}
		}
		if got, want := controlBytes(b), controlBytesSlow(b); got != want {
			t.Fatalf("controlBytes(%q) = %d, want %d", b, got, want)
		}
	}
}

func TestCompactPrefixAsFields(t *testing.T) {
	for _, s := range shortcutSamples(t) {
		for _, n := range []int{0, 1, 3, 7, 40, 2500} {
			if got, want := compactPrefix(s, n), strings.Join(strings.Fields(firstRunes(s, n)), ""); got != want {
				t.Fatalf("compactPrefix(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func TestFeeSentencesAsSplit(t *testing.T) {
	split := regexp.MustCompile(`[。；;\n]`)
	samples := append(shortcutSamples(t), "未收取信息处理费。", "收取信息处理费1.5万元；其中处理费0.5万元;处理费\n处理费", "处理费", "。处理费。", "\xe3处理费\xe3\x80\x82x")
	for _, s := range samples {
		var want []string
		for _, x := range split.Split(s, -1) {
			if strings.Contains(x, "处理费") {
				want = append(want, x)
			}
		}
		if got := feeSentences(s); !slices.Equal(got, want) {
			t.Fatalf("feeSentences(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestIsUnitWord(t *testing.T) {
	samples := shortcutSamples(t)
	for k := range units {
		samples = append(samples, k, k+"x", " "+k)
	}
	for k := range dashes {
		samples = append(samples, k, k+k)
	}
	for _, s := range samples {
		if got, want := isUnitWord(s), units[s] || dashes[s]; got != want {
			t.Fatalf("isUnitWord(%q) = %v, want %v", s, got, want)
		}
		if got, want := isDash(s), dashes[s]; got != want {
			t.Fatalf("isDash(%q) = %v, want %v", s, got, want)
		}
		if got, want := Label(s), labelByRunes(Clean(s)); got != want {
			t.Fatalf("Label(%q) = %q, want %q", s, got, want)
		}
	}
}

// labelByRunes is labelOf as it was, rune by rune.
func labelByRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		case ':':
			r = '：'
		case ';':
			r = '；'
		case ',':
			r = '，'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestBoundedContactAsStartRe(t *testing.T) {
	samples := append(shortcutSamples(t), "地址：福建省平潭综合实验区北港路1号；邮编：350400；传真：0591-86181234，地址:短;地址:长长长长长长",
		"地址:一二;地址:福州市鼓楼区某某路某某号大楼三层", "邮政编码350001邮编：350002", "传真:12;传真:0591-8888888", strings.Repeat("地址：很长的地址", 40),
		"邮编:35000", "邮编：123456789", "地址：\xe4\xb8"+strings.Repeat("一", 70))
	for _, s := range samples {
		s = compactPrefix(s, len(s))
		for _, c := range []struct {
			re      *startRe
			b       boundedRe
			keyword string
		}{{addressRe, addressAt, "地址"}, {postRe, postAt, "邮"}, {faxRe, faxAt, "传真"}} {
			want := submatchFrom(c.re, s, indexText(s, c.keyword))
			if got := c.b.find(s); !slices.Equal(got, want) {
				t.Fatalf("%s in %q: %q, want %q", c.keyword, s, got, want)
			}
		}
	}
}

func TestFindPhoneAsStartRe(t *testing.T) {
	samples := append(shortcutSamples(t), "联系电话：0591-86181234、0591-86181235，传真", "电话:12;联系电话:0591-8888888", "电话电话：13800000000",
		"联系电话", "联系电话：（0591）86181234/86181235,86181236", "电话：123；电话：0591—2345678", "联系联系电话12345", "电话"+strings.Repeat("1", 30))
	for _, s := range samples {
		s = compactPrefix(s, len(s))
		at := indexText(s, "电话")
		if at > 0 && strings.HasSuffix(s[:at], "联系") {
			at -= len("联系")
		}
		want := submatchFrom(phoneRe, s, at)
		if got := findPhone(s); !slices.Equal(got, want) {
			t.Fatalf("findPhone(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestRuneSetIndex(t *testing.T) {
	set := newRuneSet("结行复本不无其申信")
	for _, s := range shortcutSamples(t) {
		want := strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune("结行复本不无其申信", r) })
		if got := set.index(s); got != want {
			t.Fatalf("index(%q) = %d, want %d", s, got, want)
		}
		if at := glueFirst.index(s); at >= 0 && hasGlueMarkerFrom(s, at) != hasGlueMarker(s) {
			t.Fatalf("hasGlueMarkerFrom(%q, %d) differs", s, at)
		}
	}
}

// TestOtherLowAsBytes holds otherLow to its definition, byte by byte: on
// every byte value in each place of a word, beside bytes of every kind.
func TestOtherLowAsBytes(t *testing.T) {
	fill := []byte{0x00, 0x0a, 0x1f, 0x20, 0x7f, 0x80, 0x8a, 0xff}
	for _, f := range fill {
		for c := 0; c < 256; c++ {
			for at := 0; at < 8; at++ {
				var w [8]byte
				for k := range w {
					w[k] = f
				}
				w[at] = byte(c)
				var want uint64
				for k, b := range w {
					if b < 0x20 && b != 0x0a {
						want |= 0x80 << (8 * k)
					}
				}
				if got := otherLow(binary.LittleEndian.Uint64(w[:])); got != want {
					t.Fatalf("otherLow(% x) = %#x, want %#x", w, got, want)
				}
			}
		}
	}
}

// TestPipesAndBlanksAsTrim holds pipesAndBlanks to strings.Trim(l,
// "| \t") == "" on the lines and cells of the fixtures and on random
// strings of pipes, blanks and other bytes.
func TestPipesAndBlanksAsTrim(t *testing.T) {
	samples := append(shortcutSamples(t), pieceTexts(5, []string{"|", " ", "\t", "||", "-", "\u3000", "x", "表"}, 3000, 6)...)
	blank := 0
	for _, s := range samples {
		want := strings.Trim(s, "| \t") == ""
		if got := pipesAndBlanks(s); got != want {
			t.Fatalf("pipesAndBlanks(%q) = %v, want %v", s, got, want)
		}
		if want {
			blank++
		}
	}
	if blank == 0 {
		t.Fatal("no sample of pipes and blanks alone")
	}
}

// TestSpaceEdgeAsIsSpace holds spaceEdge to unicode.IsSpace: every white
// space character outside ASCII starts with a byte marked spaceFirst and
// ends with one marked spaceLast, and trimSpace cuts them from both ends
// of random texts of spaces, ideographs, punctuation and stray bytes.
func TestSpaceEdgeAsIsSpace(t *testing.T) {
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		s := string(r)
		if spaceEdge[s[0]]&spaceFirst == 0 || spaceEdge[s[len(s)-1]]&spaceLast == 0 {
			t.Fatalf("spaceEdge: %U (% x) not marked", r, s)
		}
	}
	pieces := []string{" ", "\t", "\u3000", "\u00a0", "\u0085", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
		"中", "。", "，", "、", "x", "1", "\xe3\x80", "\x80", "\xc2", "\u200b", "\ufeff", "\u2030", "\u00a1"}
	for _, s := range pieceTexts(11, pieces, 20000, 6) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

package parser

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao"
)

// TestProseChecksEndWithACount checks what findNear's ranges rest on:
// every pattern of proseChecks ends with a run of digits, the white
// space \s stands for and one of its ends, which countEndsAt finds.
func TestProseChecksEndWithACount(t *testing.T) {
	for _, pc := range proseChecks {
		var tail string
		switch pc.ends {
		case "件":
			tail = `(\d+)\s*件`
		case "件起宗":
			tail = `(\d+)\s*(?:件|起|宗)`
		default:
			t.Fatalf("%s: ends %q not in countEndChars", pc.code, pc.ends)
		}
		if !strings.HasSuffix(pc.re.String(), tail) {
			t.Errorf("%s: the pattern %s does not end with %s", pc.code, pc.re, tail)
		}
		for k := len("中"); k < len(pc.lit); k += len("中") {
			if strings.HasPrefix(pc.lit, pc.lit[len(pc.lit)-k:]) {
				t.Fatalf("%q begins with its end %q: its places may overlap", pc.lit, pc.lit[len(pc.lit)-k:])
			}
		}
	}
}

// findNearScan is findNear as it was: the window of every place of the
// word, in order, searched with the unanchored pattern.
func findNearScan(text string, pc proseCheck) (string, []int) {
	for off := 0; ; {
		i := strings.Index(text[off:], pc.lit)
		if i < 0 {
			return "", nil
		}
		i += off
		lo, hi := max(0, i-90), min(len(text), i+len(pc.lit)+90)
		for lo > 0 && !utf8.RuneStart(text[lo]) {
			lo--
		}
		for hi < len(text) && !utf8.RuneStart(text[hi]) {
			hi++
		}
		w := text[lo:hi]
		if !(len(pc.near) > 0 && !containsAny(w, pc.near) || !containsRuneOf(text[i+len(pc.lit):hi], pc.ends) || !hasASCIIDigit(w)) {
			if m := pc.re.FindStringSubmatchIndex(w); m != nil {
				return w, m
			}
		}
		off = i + len(pc.lit)
	}
}

// TestFindNearAsScan holds findNear, which looks at the places of a word
// near a count's end only, to the scan of every place: the same window
// and match, on the fixtures' texts, the shortcut samples, and texts
// made of pieces of the prose checks' words, counts, white space and
// broken characters.
func TestFindNearAsScan(t *testing.T) {
	texts := readTexts(t)
	pieces := []string{"收到", "申请", "予以公开", "及", "部分公开", "新收到", "接收", "受理", "新收", "和", "与", "部分公开部分公开", "及部分公开", "不予公开", "无法提供", "不予处理", "行政复议", "行政诉讼",
		"件", "起", "宗", " ", "\n", "\t", "\u3000", "，", "。", "的", "政府信息公开", "12", "3", "0", "\xe4", "\xbb", "\xb6", "\x80\x80",
		strings.Repeat("说明", 20), strings.Repeat("a", 50), strings.Repeat("\x80", 40)}
	texts = append(texts, pieceTexts(7, pieces, 20000, 40)...)
	matched := 0
	for _, text := range texts {
		ends := countEndsAt(text)
		for _, pc := range proseChecks {
			w, m := findNear(text, ends, pc)
			ww, wm := findNearScan(text, pc)
			if m != nil {
				matched++
			}
			if w != ww || !slices.Equal(m, wm) {
				t.Fatalf("%s in %.200q: findNear %q %v, the scan %q %v", pc.lit, text, w, m, ww, wm)
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d windows matched: the texts do not exercise findNear", matched)
	}
	t.Logf("%d windows matched", matched)
}

// TestProseStatsAsIndex: proseStats gives each code proseChecks compare
// the stat an index of every stat of dim "" gives it, on the reports of
// the fixtures' texts and on stats made up with codes repeated in
// several dims.
func TestProseStatsAsIndex(t *testing.T) {
	index := func(stats []nianbao.Stat) map[string]*nianbao.Stat {
		val := map[string]*nianbao.Stat{}
		for i := range stats {
			if s := &stats[i]; s.Dim == "" && val[s.Code] == nil {
				val[s.Code] = s
			}
		}
		return val
	}
	var sets [][]nianbao.Stat
	for _, dir := range []string{"text", "seed", "pdftext"} {
		names, _ := filepath.Glob(filepath.Join("..", "fixtures", dir, "*.txt"))
		for _, name := range names {
			b, _ := os.ReadFile(name)
			r, err := Parse(b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sets = append(sets, r.Stats)
		}
	}
	var made []nianbao.Stat
	for k, c := range []string{"requests.received", "requests.disclosed", "review.total", "requests.received", "other", "requests.carried_over"} {
		for _, dim := range []string{"x", "", "", "y"} {
			v := float64(k)
			made = append(made, nianbao.Stat{Code: c, Dim: dim, Value: &v})
		}
	}
	sets = append(sets, made)
	found := 0
	for _, stats := range sets {
		got, want := proseStats(stats), index(stats)
		for c := range proseCodes {
			if got[c] != want[c] {
				t.Fatalf("%s: proseStats %p, the index %p", c, got[c], want[c])
			}
			if got[c] != nil {
				found++
			}
		}
	}
	if found < 20 {
		t.Errorf("only %d codes found", found)
	}
}

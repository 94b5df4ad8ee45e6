package region

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A Place is where an agency sits, as far as its name and the region
// given with it tell.
type Place struct {
	Code  string // six digits of the deepest division known; "" when none
	Level Level  // the tier of the agency's government; "" when unknown
	Name  string // FullName(Code)
}

// Infer places an agency. context is a region given with the report (a
// name such as 江苏省 or 福建省福州市, or a six-digit code), or "".
//
// The agency's name is read from its start: the longest division name
// or short form there (江西省赣州市, 赣州市, 赣州), then, within it, the
// longest name of a division it holds, and so on. Where a name fits
// several divisions (朝阳区 is in Beijing and in Changchun), only those
// within context count; if still several, the place is their common
// enclosing division, or nothing: it is never guessed. Context is
// authoritative: a name that places the agency outside it is ignored
// (the place is context, the level unknown). When the agency names no
// division, the title is read the same way (after a leading year), and
// then context alone is the place.
//
// Level is the tier of the agency: township when a 乡, 镇, 街道 or 苏木
// government follows the place (重庆市长寿区云台镇人民政府: the code is
// the county's), otherwise the level of the division named (of all the
// divisions a name fits, when they share one: 朝阳区 is a county-level
// district in either city), or of context when the name names none.
func Infer(agency, title, context string) Place {
	l := mustLoad()
	ctx := resolveContext(l, context)
	agency = strings.Join(strings.Fields(agency), "")
	d, rest, off, tier := l.parse(agency, ctx)
	if d == nil && tier == "" && !off {
		d, _, off, tier = l.parse(stripYear(strings.Join(strings.Fields(title), "")), ctx)
	}
	if d == nil {
		d = ctx
		if tier == "" && ctx != nil {
			tier = ctx.Level
		}
	}
	p := Place{Level: tier}
	if d != nil {
		p.Code, p.Name = d.Code, FullName(d.Code)
	}
	switch {
	case off:
		// The name places the agency outside the given region: the
		// region stands, the agency's tier is unknown.
		p.Level = ""
	case township.MatchString(rest):
		p.Level = Township
	}
	return p
}

// township matches an agency name, after its place, that is a township's
// government: 云台镇人民政府, 周矶街道办事处.
var township = regexp.MustCompile(`^\p{Han}{1,6}?(镇|乡|街道|苏木)(人民政府|政府|办事处|街道办事处)?(办公室)?$`)

// leadingYear is a year a title starts with: 2017年度赣州市商务局….
var leadingYear = regexp.MustCompile(`^[0-9０-９]{4}\s*年度?`)

func stripYear(s string) string { return leadingYear.ReplaceAllString(s, "") }

// resolveContext reads a given region: a six-digit code or names.
func resolveContext(l *divisions, context string) *Division {
	context = strings.Join(strings.Fields(context), "")
	if context == "" {
		return nil
	}
	if d := l.byCode[context]; d != nil {
		return d
	}
	d, _, _, _ := l.parse(context, nil)
	return d
}

// parse reads division names from the start of s, each within the one
// before, and returns the deepest division that is certain and the text
// after the names read, and the agency's tier: the level of the
// divisions named last, when they share one. ctx, when not nil, is where
// the division must lie: it picks among divisions that share a name, and
// off tells that the name starts with a division elsewhere.
func (l *divisions) parse(s string, ctx *Division) (got *Division, rest string, off bool, tier Level) {
	for s != "" {
		n, cands, o := l.candidates(s, got, ctx)
		if len(cands) == 0 {
			off = got == nil && o
			break
		}
		if len(cands) > 1 {
			if c := l.common(cands); c != nil && (got == nil || l.within(c, got) && c != got) {
				got = c
			}
			tier = cands[0].Level
			for _, c := range cands[1:] {
				if c.Level != tier {
					tier = ""
				}
			}
			return got, s[n:], off, tier
		}
		got = cands[0]
		s = s[n:]
	}
	if got != nil {
		tier = got.Level
	}
	return got, s, off, tier
}

// candidates returns the divisions named by the longest form at the
// start of s (and its length in bytes): only those within got when got
// is not nil, and only those on ctx's line (within ctx or enclosing it)
// when ctx is not nil. off tells that the name fits divisions off ctx's
// line only.
func (l *divisions) candidates(s string, got, ctx *Division) (n int, ds []*Division, off bool) {
	for n := min(l.longest, utf8.RuneCountInString(s)); n >= minShort; n-- {
		prefix := firstRunes(s, n)
		var onLine []*Division
		for _, d := range l.forms[prefix] {
			if got != nil && (d == got || !l.within(d, got)) {
				continue
			}
			if ctx != nil && !l.within(d, ctx) && !l.within(ctx, d) {
				off = true
				continue
			}
			onLine = append(onLine, d)
		}
		if len(onLine) > 0 {
			return len(prefix), onLine, false
		}
	}
	return 0, nil, off
}

// within tells whether d is outer or inside it.
func (l *divisions) within(d, outer *Division) bool {
	for x := d; x != nil; x = l.byCode[x.Parent] {
		if x == outer {
			return true
		}
		if x.Parent == "" {
			return false
		}
	}
	return false
}

// common returns the deepest division enclosing every one of ds, or nil.
func (l *divisions) common(ds []*Division) *Division {
	chain := func(d *Division) []*Division {
		var c []*Division
		for x := d; x != nil; x = l.byCode[x.Parent] {
			c = append([]*Division{x}, c...)
			if x.Parent == "" {
				break
			}
		}
		return c
	}
	prefix := chain(ds[0])
	for _, d := range ds[1:] {
		c := chain(d)
		i := 0
		for i < len(prefix) && i < len(c) && prefix[i] == c[i] {
			i++
		}
		prefix = prefix[:i]
	}
	if len(prefix) == 0 {
		return nil
	}
	return prefix[len(prefix)-1]
}

// firstRunes is the first n runes of s.
func firstRunes(s string, n int) string {
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

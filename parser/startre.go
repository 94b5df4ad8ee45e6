package parser

import (
	"regexp"
)

// A startRe is a regexp searched for only where a match can start: at
// the runes every match begins with. Go's regexp skips ahead by itself
// only to a literal prefix; a pattern that starts with an alternation or
// an optional word (统计指标|指标名称, (?:联系)?电话) is otherwise run from
// every position of the text, which on a glued rendering (the whole
// report on one line) costs more than the rest of the parse.
//
// The pattern must have no assertions (^, $, \b): each candidate is tried
// with the pattern anchored at it. The leftmost candidate where it
// matches gives the same match as an unanchored search.
type startRe struct {
	starts []string       // the runes a match can start with, each a string
	re     *regexp.Regexp // the pattern, unanchored
	at     *regexp.Regexp // the pattern anchored: ^(?:pattern)
}

func mustStartRe(starts, pattern string) *startRe {
	p := &startRe{re: regexp.MustCompile(pattern), at: regexp.MustCompile(`^(?:` + pattern + `)`)}
	for _, r := range starts {
		p.starts = append(p.starts, string(r))
	}
	return p
}

// String returns the unanchored pattern.
func (p *startRe) String() string { return p.re.String() }

// FindStringSubmatchIndex is regexp's, for the leftmost match. Each
// start rune's next place is found with strings.Index (a vector search;
// strings.IndexAny decodes every rune).
func (p *startRe) FindStringSubmatchIndex(s string) []int {
	next := make([]int, len(p.starts))
	for k, st := range p.starts {
		next[k] = indexText(s, st)
	}
	for {
		i, k := -1, -1
		for j, n := range next {
			if n >= 0 && (i < 0 || n < i) {
				i, k = n, j
			}
		}
		if i < 0 {
			return nil
		}
		if m := p.at.FindStringSubmatchIndex(s[i:]); m != nil {
			for x := range m {
				if m[x] >= 0 {
					m[x] += i
				}
			}
			return m
		}
		from := i + len(p.starts[k])
		if n := indexText(s[from:], p.starts[k]); n >= 0 {
			next[k] = from + n
		} else {
			next[k] = -1
		}
	}
}

// FindStringIndex is regexp's.
func (p *startRe) FindStringIndex(s string) []int {
	if m := p.FindStringSubmatchIndex(s); m != nil {
		return m[:2]
	}
	return nil
}

// MatchString is regexp's.
func (p *startRe) MatchString(s string) bool { return p.FindStringSubmatchIndex(s) != nil }

// FindString is regexp's.
func (p *startRe) FindString(s string) string {
	if m := p.FindStringSubmatchIndex(s); m != nil {
		return s[m[0]:m[1]]
	}
	return ""
}

// FindStringSubmatch is regexp's.
func (p *startRe) FindStringSubmatch(s string) []string {
	m := p.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for k := range out {
		if m[2*k] >= 0 {
			out[k] = s[m[2*k]:m[2*k+1]]
		}
	}
	return out
}

// FindAllString is regexp's with n < 0, for patterns that never match
// the empty string: the matches in order, each searched for after the
// end of the one before.
func (p *startRe) FindAllString(s string) []string {
	var out []string
	for off := 0; off < len(s); {
		m := p.FindStringSubmatchIndex(s[off:])
		if m == nil {
			break
		}
		out = append(out, s[off+m[0]:off+m[1]])
		off += m[1]
	}
	return out
}

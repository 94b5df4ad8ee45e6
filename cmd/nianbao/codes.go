package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"nianbao/parser"
	"nianbao/store"
)

// checkCodes refuses codes that neither the data dictionary (the
// parser's, or the database's indicators table) nor any stored value
// knows: a misspelt -code would otherwise select nothing and say
// nothing. Each unknown code is named with the closest known codes.
func checkCodes(ctx context.Context, db *store.DB, codes []string) error {
	// A code with stored values is known: one probe of the stats_code
	// index each, cheaper than listing the dictionaries, which only the
	// codes without values need.
	var unseen []string
	for _, c := range codes {
		has, err := db.HasCode(ctx, c)
		if err != nil {
			return err
		}
		if !has {
			unseen = append(unseen, c)
		}
	}
	if len(unseen) == 0 {
		return nil
	}
	known := map[string]bool{}
	for _, in := range parser.Indicators() {
		known[in.Code] = true
	}
	stored, err := db.IndicatorCodes(ctx)
	if err != nil {
		return err
	}
	for _, c := range stored {
		known[c] = true
	}
	var errs []error
	for _, c := range unseen {
		if known[c] {
			continue
		}
		msg := fmt.Sprintf("unknown code %q", c)
		if near := closestCodes(c, known); len(near) > 0 {
			msg += "; did you mean " + orList(near) + "?"
		} else {
			msg += "; nianbao indicators lists the codes"
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}

// closestCodes returns up to three codes of dict closest to code: those
// within a few edits (a transposition is one) and at most one edit
// further than the nearest; failing that, the shortest codes that start
// with code.
func closestCodes(code string, dict map[string]bool) []string {
	type cand struct {
		code string
		dist int
	}
	lc := strings.ToLower(code)
	limit := 2 + len(lc)/8
	var near, longer []cand
	for c := range dict {
		if d := editDistance(lc, c); d <= limit {
			near = append(near, cand{c, d})
		} else if len(lc) >= 3 && strings.HasPrefix(c, lc) {
			longer = append(longer, cand{c, d})
		}
	}
	cs := near
	if len(cs) == 0 {
		cs = longer
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(a.dist-b.dist, strings.Compare(a.code, b.code)) })
	var out []string
	for _, c := range cs {
		if len(out) == 3 || c.dist > cs[0].dist+1 && len(near) > 0 {
			break
		}
		out = append(out, c.code)
	}
	return out
}

// editDistance is the optimal string alignment distance between a and
// b: insertions, deletions, substitutions and transpositions of two
// neighbouring characters, each one edit.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}

// orList joins xs as "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

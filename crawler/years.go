package crawler

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// YearPlaceholder in a listing or report URL stands for every year of a
// site's range: a column served one year at a time
// (…&timeFrame={year}&…, …?fbtime={year}) is one site, not one per year.
const YearPlaceholder = "{year}"

// FirstYear is where {year} starts when a site sets no from_year: the
// disclosure regulations (政府信息公开条例) took effect in May 2008 and
// the first annual reports cover 2008.
const FirstYear = 2008

// Families are the CMS families a site's family may name. "other" is a
// family the evidence does not settle, not an exotic one.
var Families = []string{"trs", "hanweb", "gkmlpt", "aspnet", "plain", "other"}

// validFamily reports whether f is empty (not stated) or one of Families.
func validFamily(f string) bool {
	return f == "" || slices.Contains(Families, f)
}

// ExpandYears returns urls with each URL holding {year} replaced by one
// URL per year from from to to, in order; the other URLs are kept as
// they are, in place.
func ExpandYears(urls []string, from, to int) []string {
	var out []string
	for _, u := range urls {
		if !strings.Contains(u, YearPlaceholder) {
			out = append(out, u)
			continue
		}
		for y := from; y <= to; y++ {
			out = append(out, strings.ReplaceAll(u, YearPlaceholder, strconv.Itoa(y)))
		}
	}
	return out
}

// expandYears replaces the {year} URLs of s by their years: from_year
// (FirstYear when unset) to to_year (thisYear when unset). A range
// outside 1980–2099 is refused, so that a typo cannot queue thousands of
// pages.
func (s *Site) expandYears(thisYear int) error {
	has := func(us []string) bool {
		return slices.ContainsFunc(us, func(u string) bool { return strings.Contains(u, YearPlaceholder) })
	}
	if !has(s.Listings) && !has(s.Reports) {
		return nil
	}
	from, to := s.FromYear, s.ToYear
	if from == 0 {
		from = FirstYear
	}
	if to == 0 {
		to = thisYear
	}
	if from < 1980 || to > 2099 || from > to {
		return fmt.Errorf("%s: years %d–%d: want a range within 1980–2099", YearPlaceholder, from, to)
	}
	s.Listings = ExpandYears(s.Listings, from, to)
	s.Reports = ExpandYears(s.Reports, from, to)
	return nil
}

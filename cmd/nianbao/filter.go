package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/store"
)

// filterFlags are the flags that select values: -year, -agency,
// -template and, where the command takes a list, -code.
type filterFlags struct {
	codes    *string
	year     *string
	agency   *string
	template *string
}

func addFilterFlags(fs *flag.FlagSet, codes bool) *filterFlags {
	f := &filterFlags{
		year:     fs.String("year", "", "report `years`: 2019, or 2019-2023"),
		agency:   fs.String("agency", "", "only agencies whose name contains `text`"),
		template: fs.String("template", "", "only reports of this `template` (national-2014, provincial, …)"),
	}
	if codes {
		f.codes = fs.String("code", "", "only these indicator `codes`, comma-separated")
	}
	return f
}

// filter returns the store filter the flags ask for.
func (f *filterFlags) filter() (store.Filter, error) {
	var sf store.Filter
	if f.codes != nil && *f.codes != "" {
		for _, c := range strings.Split(*f.codes, ",") {
			if c = strings.TrimSpace(c); c != "" {
				sf.Codes = append(sf.Codes, c)
			}
		}
	}
	if *f.year != "" {
		from, to, err := parseYears(*f.year)
		if err != nil {
			return sf, err
		}
		sf.YearFrom, sf.YearTo = from, to
	}
	sf.Agency = strings.TrimSpace(*f.agency)
	sf.Template = nianbao.Template(strings.TrimSpace(*f.template))
	return sf, nil
}

// parseYears reads "2019" or "2019-2023".
func parseYears(s string) (from, to int, err error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "-")
	if from, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, fmt.Errorf("%w: -year %q: want 2019 or 2019-2023", errUsage, s)
	}
	to = from
	if isRange {
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
			return 0, 0, fmt.Errorf("%w: -year %q: want 2019 or 2019-2023", errUsage, s)
		}
	}
	if to < from {
		return 0, 0, fmt.Errorf("%w: -year %q: the range ends before it starts", errUsage, s)
	}
	return from, to, nil
}

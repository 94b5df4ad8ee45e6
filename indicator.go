package nianbao

import (
	"fmt"
	"strings"
)

// An Indicator is one entry of the data dictionary: a stable English code
// with one meaning in every template, the Chinese label it has in the
// national tables, its unit, the templates that print it and the dims its
// values come in.
type Indicator struct {
	Code      string   `json:"code"`
	ZH        string   `json:"zh"`
	EN        string   `json:"en"`
	Unit      string   `json:"unit"`
	Templates []string `json:"templates"`
	Dims      []string `json:"dims"`
	// DimUnits holds the units of each dim whose values are not all in
	// Unit: 万元 for the amount of a row counted in 项; 件/条 for a dim
	// printed in 件 by one template and in 条 by another.
	DimUnits map[string]string `json:"dim_units,omitempty"`
	// DimColumns holds, for each dim, the columns it is read from, as
	// printed.
	DimColumns  map[string][]string `json:"dim_columns,omitempty"`
	Description string              `json:"description,omitempty"`
}

// UnitOf returns the unit of the indicator's values of dim.
func (in Indicator) UnitOf(dim string) string {
	if u, ok := in.DimUnits[dim]; ok {
		return u
	}
	return in.Unit
}

// DescribeDim is the indicator's description followed, when it has
// several dims, by the columns dim is read from: the description of one
// row of the data dictionary.
func (in Indicator) DescribeDim(dim string) string {
	cols := in.DimColumns[dim]
	if len(in.Dims) < 2 || len(cols) == 0 {
		return in.Description
	}
	note := fmt.Sprintf("Dim %q: column %s.", dim, strings.Join(cols, "; "))
	if in.Description == "" {
		return note
	}
	return in.Description + " " + note
}

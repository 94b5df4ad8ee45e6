package nianbao

// A Report is one parsed document.
type Report struct {
	Source    string   `json:"source"`
	Title     string   `json:"title"`
	Agency    string   `json:"agency"`
	Year      int      `json:"year,omitempty"`
	Published string   `json:"published,omitempty"` // YYYY-MM-DD as printed in the report
	Template  Template `json:"template"`
	Contact   *Contact `json:"contact,omitempty"`
	// Charset is the charset the document was decoded from; Form is the
	// form its statistics table was read from (html, pipe, rows, cells, space).
	Charset  string    `json:"charset,omitempty"`
	Form     string    `json:"form,omitempty"`
	Stats    []Stat    `json:"stats"`
	Findings []Finding `json:"findings"`
	// Sections holds sections 五 and 六 of a 2019/2021-format report as text.
	Sections []Section `json:"sections,omitempty"`
	// ParserVersion is the version of the parser that read the report;
	// the store keeps it so that a newer parser knows what to read again.
	// It is not part of the report's JSON.
	ParserVersion string `json:"-"`
}

// Contact holds the contact details a report prints in its opening.
type Contact struct {
	Address  string `json:"address,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Fax      string `json:"fax,omitempty"`
	Email    string `json:"email,omitempty"`
	Website  string `json:"website,omitempty"`
}

// A Stat is one value of a statistics table.
type Stat struct {
	Table   string `json:"table"`
	Section string `json:"section"`
	// Code is the stable indicator code (see Indicator); empty for a row
	// the template does not know (an agency's own addition).
	Code string `json:"code"`
	// Dim tells apart the values of one row. "" is the row's value for the
	// report year (the 2014 table's only column, the Fujian annex's year
	// column, table 三's 总计), so that one code lines up across templates;
	// "cumulative" is the annex's 历年累计, and the 2019/2021 tables have
	// their columns and applicants.
	Dim    string `json:"dim"`
	Row    string `json:"row"`
	Column string `json:"column"`
	Unit   string `json:"unit"`
	// Value is nil when the cell is blank or unreadable; a Finding says so.
	Value   *float64 `json:"value"`
	Raw     string   `json:"raw"`
	Derived bool     `json:"derived,omitempty"`
}

// A Section is a part of the report kept as text (五、存在的主要问题及改进情况
// and 六、其他需要报告的事项 of the 2019 and 2021 formats).
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// Status sums up how much of a report could be read: ok (a table and no
// error), partial (a table with errors or missing values), no table. A
// blank cell is a missing value: a report whose only gaps are blank
// cells is partial, its blank-cells findings (info, reading) say which.
func (r *Report) Status() string {
	if r.Template == TemplateNone {
		return "no table"
	}
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			return "partial"
		}
	}
	for _, s := range r.Stats {
		if s.Value == nil {
			return "partial"
		}
	}
	return "ok"
}

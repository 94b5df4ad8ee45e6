package parser

// Template ids, as carried in Report.Template.
const (
	National2014 = "national-2014" // 国办发〔2014〕32号 统计表, reports for 2014–2018
	National2019 = "national-2019" // 国办公开办函〔2019〕60号, reports for 2019–2020
	National2021 = "national-2021" // 国办公开办函〔2021〕30号, reports for 2021 on
	Provincial   = "provincial"    // Fujian annex: 指标名称 / 计量单位 / the year / 历年累计
	None         = "none"          // no statistics table found
)

// Version is the parser's version, stored with every report it produces so
// that a database knows which reports a newer parser should read again.
const Version = "0.5.0"

// A Report is one parsed document.
type Report struct {
	Source    string   `json:"source"`
	Title     string   `json:"title"`
	Agency    string   `json:"agency"`
	Year      int      `json:"year,omitempty"`
	Published string   `json:"published,omitempty"` // YYYY-MM-DD as printed in the report
	Template  string   `json:"template"`
	Contact   *Contact `json:"contact,omitempty"`
	// Charset is the charset the document was decoded from; Form is the
	// form its statistics table was read from (html, pipe, rows, cells, space).
	Charset  string    `json:"charset,omitempty"`
	Form     string    `json:"form,omitempty"`
	Stats    []Stat    `json:"stats"`
	Findings []Finding `json:"findings"`
	// Sections holds sections 五 and 六 of a 2019/2021-format report as text.
	Sections []Section `json:"sections,omitempty"`
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
	// Code is the stable indicator code (see Indicators); empty for a row
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

// A Finding is something the parser could not read, or a check the
// table's own arithmetic failed.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // error, warning or info
	// Kind says whose side the finding is on: source, reading or
	// metadata (see KindOf); Parse sets it from the rule.
	Kind    string   `json:"kind"`
	Message string   `json:"message"`
	Codes   []string `json:"codes,omitempty"`
}

// Severities of findings.
const (
	Error   = "error"
	Warning = "warning"
	Info    = "info"
)

// Status sums up how much of a report could be read: ok (a table and no
// error), partial (a table with errors or missing values), no table. A
// blank cell is a missing value: a report whose only gaps are blank
// cells is partial, its blank-cells findings (info, reading) say which.
func (r *Report) Status() string {
	if r.Template == None {
		return "no table"
	}
	for _, f := range r.Findings {
		if f.Severity == Error {
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

package nianbao

// A Template names the statistics table format a report prints, as
// carried in Report.Template.
type Template string

// Templates.
const (
	TemplateNational2014 Template = "national-2014" // 国办发〔2014〕32号 统计表, reports for 2014–2018
	TemplateNational2019 Template = "national-2019" // 国办公开办函〔2019〕60号, reports for 2019–2020
	TemplateNational2021 Template = "national-2021" // 国办公开办函〔2021〕30号, reports for 2021 on
	TemplateProvincial   Template = "provincial"    // Fujian annex: 指标名称 / 计量单位 / the year / 历年累计
	TemplateNone         Template = "none"          // no statistics table found
)

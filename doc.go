// Package nianbao holds the domain vocabulary of nianbao: a report read
// from a government information-disclosure annual report, its values,
// findings and contact details, the templates a report is printed in,
// the data dictionary's indicators and what the store did with a
// document. It imports nothing of the project; the packages under it are
// named for what they adapt: crawler (portals), parser (documents),
// store (SQLite), export (files).
package nianbao

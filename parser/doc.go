// Package parser turns one published government information-disclosure
// annual report (政府信息公开工作年度报告) into a Report: its metadata, one
// Stat per value of its statistics table, and the Findings raised while
// reading and checking it.
//
// A document reaches the parser as bytes in one of several forms: an HTML
// page as a portal served it (any charset), or a text rendering in which the
// table cells end with " |" (pipe), are joined by " | " one row per line
// (rows), stand one per line (cells), or are separated by spaces (space).
// Every form is first reduced to a grid of rows and cells; the template
// readers (national-2014, provincial) then map rows to indicator codes.
//
// The parser never invents a number: a cell it cannot read becomes a Stat
// with a nil Value, its raw text, and a Finding.
package parser

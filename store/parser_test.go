package store

import (
	"nianbao"
	"nianbao/parser"
)

// testOptions open the test databases with the parser, as cmd/nianbao
// does: the store's tests read real documents.
var testOptions = Options{Parse: parseDocument, ParserVersion: parser.Version, Indicators: parser.Indicators()}

// parseDocument reads a document with the parser.
func parseDocument(doc Document) (*nianbao.Report, error) {
	return parser.Parse(doc.Body, parser.Options{Source: doc.Source, ContentType: doc.ContentType, TitleHint: doc.TitleHint, YearHint: doc.YearHint})
}

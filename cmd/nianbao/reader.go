package main

import (
	"nianbao"
	"nianbao/parser"
	"nianbao/store"
)

// storeOptions give a database opened for writing the parser: the store
// reads documents with it and keeps its data dictionary.
func storeOptions() store.Options {
	return store.Options{
		Parse:         parseDocument,
		ParserVersion: parser.Version,
		Indicators:    parser.Indicators(),
	}
}

// parseDocument reads an archived or fetched document with the parser.
func parseDocument(doc store.Document) (*nianbao.Report, error) {
	return parser.Parse(doc.Body, parser.Options{Source: doc.Source, ContentType: doc.ContentType, TitleHint: doc.TitleHint, YearHint: doc.YearHint})
}

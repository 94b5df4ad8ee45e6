package parser

// Version is the parser's version, stored with every report it produces so
// that a database knows which reports a newer parser should read again.
const Version = "0.6.0"

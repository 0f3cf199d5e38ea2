// Package identity validates the personal numbers that appear in enrolment
// records: the 18-character resident identity number (居民身份证号码,
// GB 11643-1999) and the national student number (全国学籍号).
//
// The parsers are strict: they accept only ASCII digits (plus X in the check
// position and the G/J/L prefix of a student number). Trimming spaces and
// converting full-width characters belong to the import layer; when such a
// character reaches this package the returned *Error names its position so a
// clerk can correct the spreadsheet cell.
package identity

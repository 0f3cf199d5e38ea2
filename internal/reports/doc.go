// Package reports is the bureau's work plans (工作计划) and generated work reports (工作总结): a
// catalog of named metrics computed from the records of every module through their public read
// functions, report templates whose paragraphs mix the bureau's wording with {{…}} placeholders,
// plans whose targets are bound to metrics, and the generated report (DOCX in 公文 format, HTML
// preview, PDF through LibreOffice) whose appendix 数据说明 lists every figure with its source.
//
// The package never reads another module's tables: a metric calls the module's service methods or
// the plain read functions of its figures.go. Pure parts (period and template parsing, rendering,
// target checks, charts, the DOCX writer) have no database and are tested in isolation.
package reports

package supervision

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// FindingHazard is a visit finding handed to the safety module as a 安全隐患 reported by a
// 责任督学 visit.
type FindingHazard struct {
	FindingID   int64
	VisitID     int64
	SchoolID    int64
	VisitDate   string // YYYY-MM-DD
	Category    string // one of HazardCategories
	Severity    string // one of Severities
	Description string
}

// HazardReporter reports a finding as a hazard and returns the hazard's id. The server wires it to
// the safety module's hazards service; it runs outside any transaction of this package.
type HazardReporter interface {
	ReportFinding(ctx context.Context, p *access.Principal, ip string, f FindingHazard) (int64, error)
}

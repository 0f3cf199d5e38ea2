package supervision

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/safety"
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

// SafetyHazards reports findings through the safety module's hazards service (safety.Service.Report
// with source 督学检查 and the visit's id as reference). Service returns the mounted service, or
// nil while the safety module is not mounted.
type SafetyHazards struct {
	Service func() *safety.Service
}

// ReportFinding implements HazardReporter.
func (h SafetyHazards) ReportFinding(ctx context.Context, p *access.Principal, ip string, f FindingHazard) (int64, error) {
	svc := h.Service()
	if svc == nil {
		return 0, errs.E(errs.Conflict, "安全隐患模块尚未启用，问题已保存在督导记录中")
	}
	hz, err := svc.ReportFrom(ctx, p, ip, safety.HazardInput{SchoolID: f.SchoolID, Source: safety.SourceVisit,
		SourceRef: fmt.Sprintf("督导记录 %d", f.VisitID), Category: f.Category, Severity: f.Severity,
		Description: f.Description, FoundOn: f.VisitDate})
	if err != nil {
		return 0, err
	}
	return hz.ID, nil
}

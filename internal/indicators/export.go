package indicators

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/edubureau/edubureau/internal/platform/excel"
)

// Export writes the caller's scorecard of a year as an .xlsx workbook to w: one row per school
// part and indicator (优质均衡 资源配置 and 政府保障程度), with the value, the threshold, whether it is
// met, the gap and the school's verdict; then the 编制 rows of the schools.
func (s *Service) Export(ctx context.Context, a Actor, year int, w io.Writer) (string, error) {
	sc, err := s.Scorecard(ctx, a, year)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "indicators-export-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "export.xlsx")
	x, err := excel.Create(path, "督导评估指标", []excel.Column{
		excel.Col("指标体系", 26), excel.Col("学校", 30), excel.Col("学段", 8), excel.Col("指标", 40), excel.Col("数值", 12),
		excel.Col("标准", 10), excel.Col("单位", 14), excel.Col("是否达标", 10), excel.Col("差距", 28), excel.Col("学校结论", 30),
	})
	if err != nil {
		return "", err
	}
	for _, rep := range []Report{sc.Balance, sc.Guarantee, sc.Preschool} {
		verdict := map[string]string{}
		for _, sr := range rep.Schools {
			v := "达标"
			if !sr.Pass {
				v = "未达标：" + sr.Reason
			}
			verdict[sr.SchoolID+"/"+string(sr.Level)] = v
		}
		for _, ir := range rep.Indicators {
			for _, sv := range ir.Schools {
				gap := ""
				if sv.Gap != nil {
					gap = sv.Gap.Text
				}
				value := any("无法计算")
				if sv.Defined {
					value = math.Round(sv.Value*100) / 100
				}
				if err := x.Row(rep.SetName, sv.SchoolName, ir.Indicator.Level.Name(), ir.Indicator.Name, value, ir.Indicator.Threshold,
					ir.Indicator.Unit, yesNo(sv.Met), gap, verdict[sv.SchoolID+"/"+string(ir.Indicator.Level)]); err != nil {
					return "", err
				}
			}
			if !sc.DistrictHidden {
				cv := ""
				if ir.Indicator.CVLimit > 0 {
					cv = fmt.Sprintf("差异系数 %.3f（上限 %.2f）%s", ir.CV, ir.Indicator.CVLimit, map[bool]string{true: "达标", false: "未达标"}[ir.CVPass])
				}
				if err := x.Row(rep.SetName, "全区", ir.Indicator.Level.Name(), ir.Indicator.Name, math.Round(ir.DistrictValue*100)/100,
					ir.Indicator.Threshold, ir.Indicator.Unit, yesNo(ir.DistrictMet), cv, ""); err != nil {
					return "", err
				}
			}
		}
	}
	for _, st := range sc.Staffing.Schools {
		gap := ""
		switch {
		case st.Diff > 0:
			gap = fmt.Sprintf("超编 %d 人", st.Diff)
		case st.Diff < 0:
			gap = fmt.Sprintf("缺编 %d 人", -st.Diff)
		}
		if err := x.Row("教职工编制", st.SchoolName, "", "在编教职工 / 核定编制", st.Staff, st.Quota, "人", yesNo(st.Diff <= 0), gap, st.Status); err != nil {
			return "", err
		}
	}
	if err := x.Close(); err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("督导评估指标_%d.xlsx", sc.Year), nil
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

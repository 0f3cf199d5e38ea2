package supervision

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/safety"
)

// targetsSpec reads a list of inspection targets from a workbook: 编号 and 名称 (a training
// institution's 统一社会信用代码 and name, for instance); common descriptive columns are skipped.
var targetsSpec = excel.Spec{
	Columns: []excel.ColumnSpec{
		{Key: "target_id", Title: "编号", Aliases: []string{"target_id", "统一社会信用代码", "机构代码", "学校标识码", "对象编号"}, Required: true, Text: true},
		{Key: "name", Title: "名称", Aliases: []string{"name", "机构名称", "单位名称", "学校名称", "对象名称"}, Required: true},
	},
	Ignore: []string{"地址", "类型", "机构类型", "联系人", "联系电话", "备注", "举办者", "法定代表人", "所在街道", "街道"},
}

// MaxTargetsUpload bounds an uploaded target workbook.
const MaxTargetsUpload = 10 << 20

// TargetsImport is a target list read from a workbook, as the targets.csv a draw takes.
type TargetsImport struct {
	CSV   string `json:"csv"`
	Count int    `json:"count"`
}

// TargetsFromExcel reads the targets of a workbook; errors name the cell.
func TargetsFromExcel(path string) (TargetsImport, error) {
	r, err := excel.Open(path, targetsSpec)
	if err != nil {
		return TargetsImport{}, errs.Field("file", err.Error())
	}
	defer r.Close()
	var rows [][]string
	seen := map[string]int{}
	for {
		row, ok := r.Next()
		if !ok {
			break
		}
		id, err := excel.Text(row.Cells["target_id"])
		if err == nil {
			if msg := safety.CheckID(id, false); msg != "" {
				err = errors.New(msg)
			} else if prev, dup := seen[id]; dup {
				err = fmt.Errorf("编号 %s 与第 %d 行重复", id, prev)
			}
		}
		if err != nil {
			return TargetsImport{}, errs.Field("file", fmt.Sprintf("%s：%s", r.CellRef(row.Number, "target_id"), excel.Reason(err)))
		}
		name, err := excel.Text(row.Cells["name"])
		if err != nil {
			return TargetsImport{}, errs.Field("file", fmt.Sprintf("%s：%s", r.CellRef(row.Number, "name"), excel.Reason(err)))
		}
		seen[id] = row.Number
		rows = append(rows, []string{id, oneLine(name)})
	}
	if err := r.Err(); err != nil {
		return TargetsImport{}, errs.Field("file", err.Error())
	}
	if len(rows) == 0 {
		return TargetsImport{}, errs.Field("file", "文件中没有检查对象")
	}
	return TargetsImport{CSV: string(csvBytes(safety.TargetsHeader, rows)), Count: len(rows)}, nil
}

// handleTargetsImport turns an uploaded workbook into targets.csv for a new draw.
func (s *Service) handleTargetsImport(c *httpapi.Ctx) error {
	if err := requireBureau(c.P(), access.SupervisionWrite); err != nil {
		return err
	}
	c.R.Body = http.MaxBytesReader(c.W, c.R.Body, MaxTargetsUpload)
	if err := c.R.ParseMultipartForm(8 << 20); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return errs.E(errs.TooLarge, "文件过大（上限 %d MB）", MaxTargetsUpload>>20)
		}
		return errs.E(errs.Invalid, "请以 multipart/form-data 上传文件（字段名 file）")
	}
	defer c.R.MultipartForm.RemoveAll()
	file, _, err := c.R.FormFile("file")
	if err != nil {
		return errs.Field("file", "请选择要上传的 Excel 文件")
	}
	defer file.Close()
	tmp, err := os.CreateTemp("", "edubureau-targets-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, file); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	out, err := TargetsFromExcel(tmp.Name())
	if err != nil {
		return err
	}
	return c.OK(out)
}

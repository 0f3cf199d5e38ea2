package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// List is the shape of every list response.
type List[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// PageReq is a parsed page request.
type PageReq struct {
	Page, Size int
	// OrderBy is a safe SQL ORDER BY expression chosen from the list's sortable fields.
	OrderBy string
}

// Offset is the number of rows to skip.
func (p PageReq) Offset() int { return (p.Page - 1) * p.Size }

// MaxPageSize caps page_size.
const MaxPageSize = 200

// ParsePage reads page, page_size and sort. sortable maps the public field names to SQL columns;
// def is the default ORDER BY.
func ParsePage(r *http.Request, sortable map[string]string, def string) (PageReq, error) {
	q := r.URL.Query()
	p := PageReq{Page: 1, Size: 20, OrderBy: def}
	var fe errs.Fields
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			fe.Add("page", "页码应为正整数")
		}
		p.Page = n
	}
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			fe.Add("page_size", "每页条数应为 1 至 200 之间的整数")
		}
		p.Size = n
	}
	if s := q.Get("sort"); s != "" {
		desc := strings.HasPrefix(s, "-")
		col, ok := sortable[strings.TrimPrefix(s, "-")]
		if !ok {
			fe.Add("sort", "不支持按“"+strings.TrimPrefix(s, "-")+"”排序")
		} else if desc {
			p.OrderBy = col + " DESC"
		} else {
			p.OrderBy = col
		}
	}
	return p, fe.Err()
}

// NewList builds a list response.
func NewList[T any](items []T, total int, p PageReq) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Total: total, Page: p.Page, PageSize: p.Size}
}

// QueryInt64 reads an optional integer filter.
func QueryInt64(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errs.Field(name, "“"+name+"”应为整数")
	}
	return n, nil
}

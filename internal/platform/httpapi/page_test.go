package httpapi

import (
	"net/http/httptest"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

func TestParsePage(t *testing.T) {
	sortable := map[string]string{"name": "t.name"}
	cases := []struct {
		query   string
		want    PageReq
		errCode string
	}{
		{"", PageReq{Page: 1, Size: 20, OrderBy: "t.id"}, ""},
		{"page=3&page_size=50&sort=-name", PageReq{Page: 3, Size: 50, OrderBy: "t.name DESC"}, ""},
		{"sort=name", PageReq{Page: 1, Size: 20, OrderBy: "t.name"}, ""},
		{"sort=password", PageReq{}, errs.Invalid},
		{"sort=name%3BDROP%20TABLE%20users", PageReq{}, errs.Invalid},
		{"page=0", PageReq{}, errs.Invalid},
		{"page_size=201", PageReq{}, errs.Invalid},
		{"page=abc", PageReq{}, errs.Invalid},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/x?"+c.query, nil)
		got, err := ParsePage(r, sortable, "t.id")
		if c.errCode != "" {
			if errs.Code(err) != c.errCode {
				t.Errorf("%q: err %v, want %s", c.query, err, c.errCode)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %+v, %v; want %+v", c.query, got, err, c.want)
		}
	}
	if (PageReq{Page: 3, Size: 20}).Offset() != 40 {
		t.Error("offset")
	}
}

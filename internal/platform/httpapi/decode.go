package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.E(errs.Invalid, "请求格式应为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, limit)
	}
	if dec.More() {
		return errs.E(errs.Invalid, "请求体中 JSON 之后还有多余内容")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.E(errs.Invalid, "请求体中 JSON 之后还有多余内容")
	}
	return nil
}

func decodeError(err error, limit int64) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		return errs.E(errs.TooLarge, "请求体过大（上限 %d KB）", limit/1024)
	case errors.Is(err, io.EOF):
		return errs.E(errs.Invalid, "请求体为空，应为 JSON 对象")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.E(errs.Invalid, "JSON 格式错误")
	case errors.As(err, &typ):
		return errs.Field(typ.Field, fmt.Sprintf("字段“%s”类型错误，应为%s", typ.Field, jsonTypeName(typ.Type.Kind().String())))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Field(name, fmt.Sprintf("不认识的字段“%s”", name))
	}
	return errs.E(errs.Invalid, "无法解析请求体")
}

func jsonTypeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值"
	case kind == "slice", kind == "array":
		return "数组"
	}
	return "对象"
}

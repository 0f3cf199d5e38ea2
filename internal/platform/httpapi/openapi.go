package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// OpenAPI builds the OpenAPI 3 document of the route table, with request and response schemas
// reflected from the Go types the routes declare.
func (rt *Router) OpenAPI(title, version string) map[string]any {
	paths := map[string]any{}
	for _, r := range rt.Routes() {
		op := map[string]any{"summary": r.Summary, "tags": []string{r.Tag}, "operationId": operationID(r)}
		var params []any
		for _, name := range pathParams(r.Path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true,
				"schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Request), nil)}}}
		}
		ok := map[string]any{"description": "成功"}
		switch {
		case r.Raw:
			ok["content"] = map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		case r.Response != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Response), nil)}}
		}
		responses := map[string]any{"200": ok, "default": map[string]any{"description": "错误", "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}}
		op["responses"] = responses
		if r.Auth != Public {
			op["security"] = []any{map[string]any{"session": []string{}}}
		}
		item, _ := paths[openAPIPath(r.Path)].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[openAPIPath(r.Path)] = item
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": title, "version": version},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "eb_session"}},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error": map[string]any{"type": "object", "properties": map[string]any{
					"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"},
					"fields": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}}}}}}}},
		},
	}
}

var paramRe = regexp.MustCompile(`\{([a-zA-Z_]+)\.{0,3}\}`)

func pathParams(p string) []string {
	var out []string
	for _, m := range paramRe.FindAllStringSubmatch(p, -1) {
		out = append(out, m[1])
	}
	return out
}

// openAPIPath turns a ServeMux pattern path into an OpenAPI path ({name...} → {name}).
func openAPIPath(p string) string { return strings.ReplaceAll(p, "...}", "}") }

func operationID(r Route) string {
	s := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", "-", "_").Replace(r.Path)
	return strings.ToLower(r.Method) + "_" + s
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf reflects t; a type met again inside itself (a tree) is described as a plain object.
func schemaOf(t reflect.Type, seen map[reflect.Type]bool) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), seen)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), seen)}
	case reflect.Struct:
		if seen[t] {
			return map[string]any{"type": "object"}
		}
		inner := map[reflect.Type]bool{t: true}
		for k := range seen {
			inner[k] = true
		}
		props := map[string]any{}
		addFields(t, props, inner)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func addFields(t reflect.Type, props map[string]any, seen map[reflect.Type]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(ft, props, seen)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, seen)
	}
}

// ServeOpenAPI is the handler of /api/v1/openapi.json.
func (rt *Router) ServeOpenAPI(title, version string) Handler {
	return func(c *Ctx) error { return c.JSON(http.StatusOK, rt.OpenAPI(title, version)) }
}
